"""Documentation in the wrong place: a block before its entry, or text inside another option's item.

In an .hx file each documentation block follows the ``DEF`` (or HMP
command) it documents; hxtool and qdoc's reader attach a block to the
entry above it.  Two slips break that pairing, and each is one defect:

- the block is written *before* its entry (``calc_dirty_rate`` in QEMU
  6.2's hmp-commands.hx): its term names an entry that is not defined yet,
  and the entry below it then has no block.  Read naively that is two
  findings, "documented but undefined" (QD102) and "defined but
  undocumented" (QD101); it is one, and moving the block fixes both.
- the entry's text is appended to a neighbour's item
  (``-xen-domid-restrict``, whose help sentence "restrict set of available
  xen operations to specified domain id" is the last sentence of
  ``-xen-attach``'s item): the entry has no item of its own, and its
  description is under the wrong term.

:func:`misplaced` finds both in one option set; QD101 and QD102 leave the
cases it finds to :func:`doc_misplaced`, so each is reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import keys
from ...model import Location, Option, OptionSet
from ..rules import rule

#: How the .hx reader words a term that names no entry (``hx-undefined-option``).
_UNDEFINED_TERM_RE = re.compile(r"^documented '(?P<name>.+?)' matches no DEF")
_WORD_RE = re.compile(r"[a-z0-9]+")
#: Words of a help sentence that must appear in order in another item to call it a copy:
#: fewer would match common phrases ("enable or disable the").
_MIN_WORDS = 6


@dataclass(frozen=True)
class Misplacement:
    """Where an entry's documentation is, when it is somewhere else than right after the entry."""

    documentation: Location
    #: The option whose item holds the text, when it was appended to another item; None when the block comes first.
    host: Option | None = None


def misplaced(option_set: OptionSet) -> dict[str, Misplacement]:
    """The undocumented entries of an .hx set whose documentation is elsewhere in it, by name.

    The reader reports a term that names no entry above it as
    ``hx-undefined-option``, at the term's line: a block before its entry.
    """
    undocumented = {
        option.name: option for option in option_set.options
        if not option.documented and "definition" in option.locations and not option.hidden
    }
    found: dict[str, Misplacement] = {}
    for diagnostic in option_set.diagnostics:
        if diagnostic.code != "hx-undefined-option":
            continue
        option = _named(undocumented, _UNDEFINED_TERM_RE.match(diagnostic.message).group("name"))
        if option is not None and diagnostic.location.line < option.locations["definition"].line:
            found.setdefault(option.name, Misplacement(diagnostic.location))
    for option in undocumented.values():
        if option.name in found:
            continue
        host = _item_holding_help(option, option_set)
        if host is not None:
            found[option.name] = Misplacement(host.locations["documentation"], host)
    return found


def _named(options: dict[str, Option], term: str) -> Option | None:
    """The option a documentation term names: ``calc_dirty_rate`` or ``-foo`` (``foo`` in the set)."""
    name = term.split()[0] if term.split() else term
    for candidate in (name, "-" + name.lstrip("-")):
        if candidate in options:
            return options[candidate]
    for option in options.values():
        if name in option.aliases:
            return option
    return None


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _help_sentence(option: Option) -> list[str]:
    """The words of an option's -help text after its synopsis column (``-xen-attach     attach to ...``)."""
    if not option.help:
        return []
    synopsis_line, _, following = option.help.partition("\n")
    columns = re.split(r"\s{2,}", synopsis_line.strip())  # the synopsis, then the explanation
    return _words(" ".join(columns[1:] + [following]))


def _item_holding_help(option: Option, option_set: OptionSet) -> Option | None:
    """The documented option whose item contains the first words of ``option``'s help text.

    ``option`` is undocumented: it has no item of its own to find.
    """
    sentence = _help_sentence(option)
    if len(sentence) < _MIN_WORDS:
        return None
    needle = " " + " ".join(sentence[: _MIN_WORDS + 2]) + " "  # a little more than the minimum, when there is more
    for other in option_set.options:
        if "documentation" in other.locations and needle in " " + " ".join(_words(other.description)) + " ":
            return other
    return None


def doc_misplaced(release, project):
    """An entry's documentation is not after the entry: it comes before it, or sits in another item.

    hxtool pairs a documentation block with the entry above it.  A block
    written before its entry (``calc_dirty_rate`` in QEMU 6.2) names an
    entry not yet defined and leaves the entry below without documentation;
    a help sentence appended to a neighbour's item (``-xen-domid-restrict``
    in ``-xen-attach``'s) leaves the entry without an item of its own.  One
    finding each, at the documentation, saying where it should go; QD101
    and QD102 do not report them again.
    """
    for option_set in release.definitions:
        what = "DEF" if option_set.program == "qemu-system" else "command"
        for name, case in misplaced(option_set).items():
            if case.host is None:
                yield doc_misplaced.rule.finding(
                    f"the documentation of {what} {name} comes before its entry: "
                    f"move the block below the entry, where hxtool pairs them",
                    case.documentation,
                    subject=keys.option_key(name),
                )
            else:
                yield doc_misplaced.rule.finding(
                    f"{what} {name} has no item of its own; its help text is in the "
                    f"item of {case.host.name}: give {name} its own item",
                    case.documentation,
                    subject=keys.option_key(name),
                )


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD109", "doc-misplaced")(doc_misplaced)
