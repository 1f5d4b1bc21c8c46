"""What each side of a diff can show, so that an absence is read for what it is.

A source tree's .hx defines every option (DEF lines) and documents most;
a rendered manual (HTML, man, texinfo) shows only the documented ones;
``-help`` shows every option QEMU does not hide on purpose, without
sub-options; a QMP ``query-command-line-options`` reply lists only the
options that take property lists, with those properties flat.  Comparing
a tree with a manual as they are would turn every undocumented DEF into a
"removal", and comparing anything with QMP would remove most options.

So the two sides are compared on what both can show (defined with
defined, documented with documented), and something missing from one side
counts as added or removed only when that side could have shown it
(:func:`compare`).  The notes say what was left out and why.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field

from .. import keys
from ..arch import applies_to
from ..model import Location, Option, OptionSet

#: How much of the command line a source format shows.
CATEGORIES = {"hx": "definitions", "help": "help", "qmp": "qmp"}
DOCUMENTS = "documents"

#: (side, other): whether ``side`` would show everything ``other`` does, so
#: that something of ``other`` missing from ``side`` is really gone.  A .hx
#: compared with documents is restricted to its documented options (and with
#: -help to those it does not hide), which is what makes those pairs true.
_COVERS = {
    ("definitions", "definitions"), ("definitions", "help"), ("definitions", "qmp"), ("definitions", DOCUMENTS),
    ("help", "definitions"), ("help", "help"), ("help", "qmp"), ("help", DOCUMENTS),
    ("qmp", "qmp"),
    (DOCUMENTS, DOCUMENTS), (DOCUMENTS, "definitions"),
}
_WHAT = {
    "definitions": "the .hx DEF lines",
    "help": "-help",
    "qmp": "the QMP reply (options with property lists only)",
    DOCUMENTS: "the documentation",
}

#: Reader diagnostics that say an included file (an option's table of
#: sub-options, for one) was not read.
UNREAD_INCLUDE_CODES = frozenset({
    "texinfo-include", "texinfo-include-missing", "texinfo-include-unreadable", "texinfo-include-outside-root",
    "texinfo-include-recursive", "texinfo-include-depth", "texinfo-include-count",
    "rst-include-standard", "rst-include-loop",
})


def category(option_set: OptionSet) -> str:
    return CATEGORIES.get(option_set.source.format, DOCUMENTS)


@dataclass
class Side:
    """One side's keys, in the sources' order, restricted to what both sides can show.

    ``nodes`` maps each key to the model nodes that document it (two items
    of one form give one key, two nodes); ``deep`` is whether sub-options are
    compared at all; ``unread`` maps an option's key to why its sub-options
    could not be read (an ``@include`` that was not found).
    """

    option_set: OptionSet
    category: str
    options: list[Option]
    deep: bool
    nodes: dict[str, list] = field(default_factory=dict)
    option_of: dict[str, Option] = field(default_factory=dict)
    unread: dict[str, tuple[str, Location | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for option in self.options:
            walked = keys.walk_option(option) if self.deep and option.documented else [(keys.option_key(option.name), option)]
            for key_, node in walked:
                self.nodes.setdefault(key_, []).append(node)
                self.option_of.setdefault(key_, option)
        if self.deep:
            self.unread = unread_suboptions(self.option_set, self.options)

    def still_defined(self, key_: str) -> bool:
        """Whether an option left out of the comparison (undocumented in an .hx held against documents) is defined here."""
        return (
            self.category == "definitions" and keys.parent(key_) is None and key_ not in self.nodes
            and any(keys.option_key(o.name) == key_ for o in self.option_set.options)
        )

    def unread_reason(self, key_: str) -> tuple[str, Location | None] | None:
        """Why the sub-option ``key_`` may be missing here without being gone, or None."""
        if "/" not in key_:
            return None
        return self.unread.get(key_.partition("/")[0])


def unread_suboptions(option_set: OptionSet, options: list[Option]) -> dict[str, tuple[str, Location | None]]:
    """Options whose documentation includes a file that could not be read: their sub-options are unknown.

    QEMU 3.0-4.1's ``-trace`` documents its sub-options in
    ``qemu-option-trace.texi``, ``@include``d from the .hx's STEXI block;
    a tree without it says nothing about them.  The reader reports the
    include at its line; the option documented last before that line is the
    one whose table is missing.  From 5.0 the SRST block's ``.. include::``
    stays in the option's text, unread (:func:`_unexpanded_include`).
    """
    found: dict[str, tuple[str, Location | None]] = {}
    for option in options:
        directive = _unexpanded_include(option)
        if directive:
            found[keys.option_key(option.name)] = (f"{directive} was not read", option.locations.get("documentation"))
    diagnostics = [d for d in option_set.diagnostics if d.code in UNREAD_INCLUDE_CODES and d.location is not None]
    if not diagnostics:
        return found
    by_path: dict[str, list[tuple[int, Option]]] = {}
    for option in options:
        where = option.locations.get("documentation")
        if where is not None:
            by_path.setdefault(os.path.normpath(where.path), []).append((where.line, option))
    for diagnostic in diagnostics:
        starts = sorted(by_path.get(os.path.normpath(diagnostic.location.path), []), key=lambda pair: pair[0])
        index = bisect.bisect_right([line for line, _ in starts], diagnostic.location.line) - 1
        if index >= 0:
            option = starts[index][1]
            found.setdefault(keys.option_key(option.name), (diagnostic.message, diagnostic.location))
    return found


def _unexpanded_include(option: Option) -> str | None:
    """The ``.. include::`` an option's rST text keeps as written (5.0's ``-trace``), or None.

    The .hx reader keeps an SRST block's include directive in the text
    rather than reading the file: what that file documents (``-trace``'s
    sub-options, in ``qemu-option-trace.rst.inc``) is not in the model.
    """
    texts = [option.description] + [s.description for s in option.suboptions if s.kind == "form"]
    for text in texts:
        if ".. include::" in text:
            for line in text.splitlines():
                if line.lstrip().startswith(".. include::"):
                    return line.strip()
    return None


@dataclass
class Comparison:
    """The two sides as compared, and what absences on each side mean."""

    old: Side
    new: Side
    compared: str
    report_added: bool
    report_removed: bool
    notes: list[str]


def _restricted(option_set: OptionSet, mine: str, other_set: OptionSet, other: str) -> list[Option]:
    options = option_set.options
    if mine == "definitions" and other == DOCUMENTS:
        return [o for o in options if o.documented]
    if mine == "definitions" and other == "help":
        return _printed_by_help(options, other_set.target)
    return options


def _printed_by_help(options: list[Option], target: str | None) -> list[Option]:
    """The options of an .hx that ``-help`` of a ``target`` binary prints.

    ``-help`` prints the DEF help texts of the binary's target: an option
    named at the head of one of them (``-fda/-fdb file`` names both, ``-h or
    -help`` is ``-help``; ``-M``,
    whose DEF prints nothing, is not) and whose arch mask includes the
    target (``-g`` is not in ``qemu-system-x86_64 -help``).
    """
    printed = set()
    for option in options:
        for line in option.help_synopses:
            printed.update(keys.option_key(name) for name in line.split()[0].split("/") if name.startswith("-"))
    return [o for o in options if keys.option_key(o.name) in printed and applies_to(o.arch, target)]


def compare(old: OptionSet, new: OptionSet) -> Comparison:
    """The sides of ``old`` and ``new`` restricted to what both can show."""
    old_category, new_category = category(old), category(new)
    deep = {old_category, new_category} <= {"definitions", DOCUMENTS} or old_category == new_category == "qmp"
    notes = []
    documented = DOCUMENTS in (old_category, new_category) and {old_category, new_category} <= {"definitions", DOCUMENTS}
    compared = "documented" if documented else "defined"
    if documented and "definitions" in (old_category, new_category):
        notes.append("a source tree compared with rendered documentation: only documented options are compared")
    if "definitions" in (old_category, new_category) and "help" in (old_category, new_category):
        notes.append("only the options -help prints (those of its target, not hidden) are compared")
    if not deep:
        notes.append(f"sub-options are not compared: {_WHAT[old_category]} and {_WHAT[new_category]} do not show them alike")
    report_added = (old_category, new_category) in _COVERS
    report_removed = (new_category, old_category) in _COVERS
    if not report_added:
        notes.append(f"nothing is listed as added: {_WHAT[old_category]} (OLD) cannot show all that {_WHAT[new_category]} (NEW) can")
    if not report_removed:
        notes.append(f"nothing is listed as removed: {_WHAT[new_category]} (NEW) cannot show all that {_WHAT[old_category]} (OLD) can")
    return Comparison(
        Side(old, old_category, _restricted(old, old_category, new, new_category), deep),
        Side(new, new_category, _restricted(new, new_category, old, old_category), deep),
        compared, report_added, report_removed, notes,
    )
