"""Tables an option's item ``@include``s: its sub-options, as if written in place.

QEMU 2.12 to 4.2 document the sub-options of ``-trace`` (``enable=``,
``events=``, ``file=``) in ``qemu-option-trace.texi``, a ``@table`` that the
``-trace`` item of ``qemu-options.hx`` includes (qemu-img and qemu-nbd's
manuals include it too).  Texinfo splices an included file in where the
``@include`` stands, and so do the tools that built QEMU's manuals
(texi2pod for the man page, texi2any for HTML): the table is a nested table
of the item, whose items are sub-options like those of any other nested
table.  The texinfo and .hx readers give it that reading here, with the
locations of the included file.

The texinfo reader has the included table in its document tree already
(:class:`qdoc.readers.texinfo.options.OptionJoiner`).  The .hx reader compiles
each STEXI block on its own, without reading files; given a resolver,
:func:`expand_stexi_includes` reads what its STEXI blocks include, after the
read, into the item that includes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Diagnostic, Location, OptionSet, SubOption
from ..hx.blocks import compile_block
from .includes import IncludeError

#: Lines the table is wrapped in (an option table, an item naming the option) before its own.
_WRAPPER_LINES = 2


@dataclass(frozen=True)
class IncludedTables:
    """What an included text adds to the item that includes it."""

    suboptions: list[SubOption]
    #: The included text as rST (what the item's description has in its place).
    description: str
    #: (1-based line in the included file, code, message) of problems in its text.
    problems: list[tuple[int, str, str]]


def included_tables(
    option_name: str,
    lines: list[str],
    path: str,
    first_line: int = 1,
    descriptions: dict[tuple[int, int], str] | None = None,
) -> IncludedTables:
    """The sub-options the tables in ``lines`` give the item of ``option_name`` that includes them.

    ``lines`` are texinfo read from ``path``, ``lines[0]`` being its line
    ``first_line``: a whole included file, or one table of it.  They are
    compiled as the body of an item naming the option (by the .hx reader's
    block compiler, as every texinfo item is), so each table is a nested
    table of that item.  ``descriptions`` are entries' bodies the caller has
    rendered already, by (line of the first term in ``path``, number of
    terms).
    """
    block = "\n".join(["@table @option", f"@item {option_name}", *lines, "@end table"]) + "\n"
    base = first_line - _WRAPPER_LINES
    known = tuple(((line - base, terms), text) for (line, terms), text in (descriptions or {}).items())
    compiled = compile_block("texinfo", block, (0, 1, True), False, known)
    if not compiled.items:  # the wrapper always gives one item; an intruder (ETEXI...) in the text gives none
        return IncludedTables([], "", [(first_line, "texinfo-include", "included text not read: it holds .hx markers")])
    item = compiled.items[0]
    suboptions = [child.make(path, base) for child in item.children]
    problems = [(base + offset, code, message) for offset, code, message in compiled.problems]
    return IncludedTables(suboptions, item.description, problems)


_TABLES = frozenset({"table", "vtable", "ftable"})
_COMMAND_RE = re.compile(r"@(item|table|vtable|ftable|end)\b[ \t]*(\S*)")


@dataclass(frozen=True)
class StexiInclude:
    """An ``@include`` in an STEXI block, and the line of the item whose body it is in."""

    name: str
    line: int
    item_line: int


def stexi_includes(text: str) -> list[StexiInclude]:
    """The ``@include`` lines of an .hx file's STEXI blocks, each with the item it is in.

    The item is the last ``@item`` before the include in the same block
    that is not inside a nested table closed before it (hxtool strips
    leading blanks, so do we); an include in no item is not listed.  Only
    the text between an include and its item is looked at: .hx files
    include at most one file.
    """
    found: list[StexiInclude] = []
    position = text.find("@include")
    while position >= 0:
        line_start = text.rfind("\n", 0, position) + 1
        block = text.rfind("\nSTEXI", 0, position)
        if not text[line_start:position].strip() and block > text.rfind("\nETEXI", 0, position):
            line_end = text.find("\n", position)
            words = text[position + len("@include"):line_end if line_end >= 0 else len(text)].split()
            item_offset = _owning_item(text[block + 1:line_start].split("\n"))
            if words and item_offset is not None:
                block_line = text.count("\n", 0, block + 1) + 1
                line = block_line + text.count("\n", block + 1, position)
                found.append(StexiInclude(words[0], line, block_line + item_offset))
        position = text.find("@include", position + 1)
    return found


def _owning_item(lines: list[str]) -> int | None:
    """The index in ``lines`` (a block up to an include) of the item the include is in."""
    closed = 0  # nested tables closed between the include and the line being looked at
    for index in range(len(lines) - 1, -1, -1):
        m = _COMMAND_RE.match(lines[index].lstrip())
        if not m:
            continue
        command, argument = m.groups()
        if command == "end":
            closed += argument in _TABLES
        elif command != "item":
            if not closed:
                return None  # in a table before its first item
            closed -= 1
        elif not closed:
            return index
    return None


def expand_stexi_includes(option_set: OptionSet, text: str, path: str, resolver) -> None:
    """Read the files the STEXI items of an .hx file include into its model, in place.

    The .hx reader leaves each ``@include`` as a placeholder in the item's
    description, with an ``info`` diagnostic (``texinfo-include``).  Each
    one whose item is in the model (an option, form or sub-option whose
    location is that item's line) is read through ``resolver`` (a
    :class:`~qdoc.readers.texinfo.includes.FileResolver`: inside the source
    root, charged to the run's budget): its tables become sub-options of the
    item, its text replaces the placeholder, and the diagnostic goes.  An
    include that cannot be read keeps its diagnostic, which then says why.
    """
    includes = stexi_includes(text)
    if not includes:
        return
    owners = _documented_items(option_set, path, {include.item_line for include in includes})
    for include in includes:
        chain = owners.get(include.item_line)
        if chain is None:
            continue  # the item is not the documentation (the STEXI of the 4.2.50 transition)
        notice = _diagnostic_at(option_set, path, include.line)
        try:
            found, included = resolver.resolve(include.name, path)
        except IncludeError as exc:
            if notice is not None:
                notice.message = f"{exc}; not expanded"
            continue
        tables = included_tables(chain[0].name, included.split("\n"), found)
        chain[-1].suboptions.extend(tables.suboptions)
        placeholder = f".. @include {include.name} (not expanded)"
        for record in chain:
            record.description = _replace_line(record.description, placeholder, tables.description)
        if notice is not None:
            option_set.diagnostics.remove(notice)
        option_set.diagnostics.extend(
            Diagnostic("warning", code, message, Location(found, line)) for line, code, message in tables.problems
        )


def _documented_items(option_set: OptionSet, path: str, lines: set[int]) -> dict[int, list]:
    """The records documented in ``path`` at ``lines``, each as [option, sub-option, ...] down to it.

    The deepest record of a line wins: an option documented by several
    items keeps the first as a ``form`` at the option's own line.  Options
    are looked at first (QEMU includes in an option's item); the
    sub-options of all of them only for lines still not found.
    """
    found: dict[int, list] = {}
    for option in option_set.options:
        documentation = option.locations.get("documentation")
        if documentation is not None and documentation.line in lines and documentation.path == path:
            found[documentation.line] = [option]

    def walk(subs: list[SubOption], chain: list) -> None:
        for sub in subs:
            here = [*chain, sub]
            if sub.location is not None and sub.location.line in lines and sub.location.path == path:
                found[sub.location.line] = here
            walk(sub.suboptions, here)

    searched = option_set.options if len(found) < len(lines) else [chain[0] for chain in found.values()]
    for option in searched:
        walk(option.suboptions, [option])
    return found


def _diagnostic_at(option_set: OptionSet, path: str, line: int) -> Diagnostic | None:
    for diagnostic in option_set.diagnostics:
        where = diagnostic.location
        if diagnostic.code == "texinfo-include" and where is not None and where.path == path and where.line == line:
            return diagnostic
    return None


def _replace_line(description: str, placeholder: str, rendered: str) -> str:
    """``description`` with each line that is ``placeholder`` replaced by ``rendered``, at its indentation."""
    if placeholder not in description:
        return description
    out: list[str] = []
    for line in description.split("\n"):
        if line.strip() != placeholder:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out.extend(indent + text if text else "" for text in rendered.split("\n"))
    return "\n".join(out)
