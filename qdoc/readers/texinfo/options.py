"""Options from a texinfo document: ``@table @option`` items become :class:`Option`.

The texinfo era documented options exactly as the STEXI blocks of
``qemu-options.hx`` do, so each option table is compiled by the .hx reader's
own block compiler (:func:`qdoc.readers.hx.blocks.compile_block`) and joined
with the same conventions: names with one dash, synopses parsed, nested
tables as sub-options, an option documented by several items keeps each item
as a ``form`` sub-option.  The descriptions are rendered from the document
tree (``@include`` read, ``@set`` flags applied) by the renderer that converts
the .hx reader's STEXI bodies (:class:`qdoc.readers.texinfo.to_rst.RstRenderer`).  What
texinfo adds and the .hx reader never sees:

- ``@itemx`` terms: a term naming another option is that option (``-fda`` /
  ``-fdb`` share one text), unless the item's ``@findex`` entries name only
  the first, in which case the other spelling is an alias;
- the program: a manual documents several (the user-mode ``qemu-i386``
  table of ``qemu-doc.texi``); a table belongs to the program its node's
  synopsis example names (``@command{qemu-i386} [@option{-h}]...``), else to
  the program of the file it is in (``qemu-img.texi``), else to
  ``qemu-system``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ...model import Diagnostic, Location, Option, Section, SubOption, canonical_option_name
from .included_tables import included_tables
from .to_rst import RstRenderer
from .to_rst_inline import InlineRenderer
from ..hx.blocks import ItemT, compile_block
from .tree import HEADING_LEVELS, INDEX_COMMANDS, TABLE_BLOCKS, Document, Element

DEFAULT_PROGRAM = "qemu-system"
#: Files that document one program of their own (QEMU's texinfo tree).
FILE_PROGRAMS = {
    "qemu-img": "qemu-img", "qemu-img-cmds": "qemu-img", "qemu-nbd": "qemu-nbd", "qemu-ga": "qemu-ga",
    "virtfs-proxy-helper": "virtfs-proxy-helper", "qemu-trace-stap": "qemu-trace-stap",
}
_COMMAND_SYNOPSIS_RE = re.compile(r"^\s*@command\{([\w.+-]+)\}")
OPTION_TABLE_FORMATS = frozenset({"@option", "@code", "@samp", "@asis", "@env", "@var", "@t"})


@dataclass
class OptionTable:
    """An option table with where it sits: its heading, node and program."""

    table: Element
    section: Section | None
    program: str


@dataclass
class _Entry:
    option: Option
    items: int = 0
    #: The first item naming the option: (item, base line, ids of its sub-options, those of its included tables).
    first: tuple[ItemT, int, set[int], list[SubOption]] | None = None


@dataclass
class Extraction:
    """Options of the selected program, sections, and what else was found."""

    options: list[Option] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    programs: dict[str, int] = field(default_factory=dict)  # program -> option tables


def program_name(command: str) -> str:
    """``qemu-system-x86_64`` (the @value the manual was built with) -> ``qemu-system``."""
    return DEFAULT_PROGRAM if command.startswith("qemu-system") else command


def file_program(path: str) -> str | None:
    return FILE_PROGRAMS.get(os.path.splitext(os.path.basename(path))[0])


def find_option_tables(document: Document, renderer: InlineRenderer) -> tuple[list[OptionTable], list[Section]]:
    """Every top-level option table in document order, and every heading as a :class:`Section`."""
    tables: list[OptionTable] = []
    sections: list[Section] = []
    section: Section | None = None
    node_program: str | None = None

    def walk(children: list[Element]) -> None:
        nonlocal section, node_program
        for child in children:
            name = child.name
            if name == "node":
                node_program = None
            elif name in HEADING_LEVELS:
                section = Section(
                    renderer.plain(child.arg).strip(), Location(child.path, child.line), level=HEADING_LEVELS[name]
                )
                sections.append(section)
            elif name in ("example", "smallexample"):
                m = _COMMAND_SYNOPSIS_RE.match(child.lines[0]) if child.lines else None
                if m:
                    node_program = program_name(m.group(1))
            elif name in ("table", "vtable", "ftable") and is_option_table(child, renderer):
                program = node_program or file_program(child.path) or DEFAULT_PROGRAM
                tables.append(OptionTable(child, section, program))
            elif child.children:
                walk(child.children)

    walk(document.root.children)
    return tables, sections


def is_option_table(table: Element, renderer: InlineRenderer) -> bool:
    """A table whose first term is an option (``@item -machine ...``)."""
    if table.table_format not in OPTION_TABLE_FORMATS:
        return False
    first = next((e for e in table.children if e.name == "entry"), None)
    return first is not None and renderer.plain(first.terms[0].arg).lstrip().startswith("-")


class OptionJoiner:
    """Join the items of option tables into options, as the .hx reader does."""

    def __init__(self, document: Document):
        self.document = document
        self.renderer = RstRenderer(document.values)
        self.entries: dict[str, _Entry] = {}
        self.order: list[_Entry] = []
        self.diagnostics: list[Diagnostic] = []

    def add_table(self, found: OptionTable) -> None:
        table = found.table
        block = "\n".join(self.document.source_lines(table)) + "\n"
        base = table.line
        path = table.path
        compiled = compile_block("texinfo", block, (0, 1, True), False, self._descriptions(table))
        for offset, code, message in compiled.problems:
            self.diagnostics.append(Diagnostic("warning", code, message, Location(path, base + offset)))
        tree_entries = {e.terms[0].line: e for e in table.children if e.name == "entry"}
        previous: _Entry | None = None
        for item in compiled.items:
            tree_entry = tree_entries.get(base + item.line)
            findex = {
                canonical_option_name(c.arg.split()[0])
                for c in (tree_entry.children if tree_entry else [])
                if c.name == "findex" and c.arg.split()
            }
            first_name = canonical_option_name(item.terms[0].name) if item.terms[0].name else ""
            if not first_name.startswith("-"):
                if previous is None:
                    self.diagnostics.append(Diagnostic("warning", "texinfo-orphan-item", f"item {item.terms[0].plain!r} names no option and follows none", Location(path, base + item.line)))
                    continue
                sub = item.as_suboption.make(path, base, kind="property")
                sub.suboptions.extend(self._included_suboptions(tree_entry, previous.option.name))
                previous.option.suboptions.append(sub)
                continue
            groups: dict[str, list] = {}
            for term in item.terms:
                name = canonical_option_name(term.name) if term.name.startswith("-") else first_name
                if name != first_name and findex and name not in findex:
                    name = first_name  # an alias spelling: the @findex entries name only the first
                groups.setdefault(name, []).append(term)
            for name, terms in groups.items():
                entry = self._entry(name, found, path, base + item.line)
                self._document(entry, item, terms, path, base, self._included_suboptions(tree_entry, name))
                previous = entry

    def _descriptions(self, table: Element) -> tuple[tuple[tuple[int, int], str], ...]:
        """The rST of every entry of ``table`` (nested ones too), rendered from the document tree.

        The tree has the manual's ``@include``s read and its ``@set`` flags
        applied, which the table's source text has not; entries that come
        from an included file are no item of that text.
        """
        self.renderer.entry_bodies.clear()
        self.renderer.table(table, [], "")
        return tuple(
            ((entry.line - table.line, len(entry.terms)), body)
            for entry, body in self.renderer.entry_bodies.items()
            if entry.path == table.path
        )

    def _included_suboptions(self, tree_entry: Element | None, option_name: str) -> list[SubOption]:
        """Sub-options from the tables an entry ``@include``s (``-trace``'s qemu-option-trace.texi).

        The included table is in the entry's body in the tree, but not in
        the source text the items are compiled from: it is compiled on its
        own, as a nested table of the option, with its own file's lines.
        Its entries' descriptions are those the tree rendered; problems in
        its text were reported when it was parsed.
        """
        if tree_entry is None:
            return []
        found: list[SubOption] = []
        for child in tree_entry.children:
            if child.name in TABLE_BLOCKS and child.path != tree_entry.path:
                bodies = self.renderer.entry_bodies.items()
                descriptions = {(e.line, len(e.terms)): body for e, body in bodies if e.path == child.path}
                lines = self.document.source_lines(child)
                found.extend(included_tables(option_name, lines, child.path, child.line, descriptions).suboptions)
        return found

    def _entry(self, name: str, found: OptionTable, path: str, line: int) -> _Entry:
        entry = self.entries.get(name)
        if entry is None:
            option = Option(name=name)
            if found.section is not None:
                option.section = found.section.title
                option.locations["section"] = found.section.location
            entry = _Entry(option)
            self.entries[name] = entry
            self.order.append(entry)
        return entry

    def _document(self, entry: _Entry, item: ItemT, terms: list, path: str, base: int, included: list[SubOption]) -> None:
        """Add an item naming the option; ``included`` are the sub-options of the tables it includes."""
        option = entry.option
        for term in terms:
            spelling = term.name
            if spelling and spelling != option.name and spelling not in option.aliases:
                option.aliases.append(spelling)
        synopses = [t.synopsis.make(path, base) for t in terms]
        option.synopses.extend(synopses)
        if entry.items == 0:
            option.description = item.description
            children = [c.make(path, base) for c in item.children] + included
            option.suboptions.extend(children)
            option.locations["documentation"] = Location(path, base + item.line)
            option.deprecations.extend(d.make(path, base) for d in item.own_deprecations)
            firsts = {id(s) for s in children}
            entry.first = (item, base, firsts, included)
        else:
            if entry.items == 1:
                self._first_item_to_form(entry, path)
            form = item.as_suboption.make(path, base, kind="form")
            form.synopses = synopses
            form.suboptions.extend(included)
            option.suboptions.append(form)
        entry.items += 1

    def _first_item_to_form(self, entry: _Entry, path: str) -> None:
        """Several items name the option: the first becomes a ``form`` too (see the .hx reader)."""
        assert entry.first is not None
        item, base, first_children, included = entry.first
        option = entry.option
        form: SubOption = item.as_suboption.make(path, base, kind="form")
        form.suboptions.extend(included)
        form.synopses = option.synopses[: len(item.terms)]
        option.suboptions = [form] + [s for s in option.suboptions if id(s) not in first_children]
        option.deprecations = [d for d in option.deprecations if d.source != "description"]
        option.description = ""


def extract_options(document: Document, program: str | None) -> tuple[str, Extraction]:
    """The options of ``program`` (default: ``qemu-system`` when documented, else the first found)."""
    renderer = InlineRenderer(document.values)
    tables, sections = find_option_tables(document, renderer)
    result = Extraction(sections=sections)
    for table in tables:
        result.programs[table.program] = result.programs.get(table.program, 0) + 1
    if program is None:
        if DEFAULT_PROGRAM in result.programs or not result.programs:
            program = DEFAULT_PROGRAM
        else:
            program = next(iter(result.programs))
    joiner = OptionJoiner(document)
    for table in tables:
        if table.program == program:
            joiner.add_table(table)
            continue
        items = sum(len(e.terms) for e in table.table.children if e.name == "entry")
        result.diagnostics.append(
            Diagnostic(
                "info", "texinfo-other-program",
                f"option table of {table.program} ({items} items) is not part of the {program} model; "
                f"read it with --program {table.program}",
                Location(table.table.path, table.table.line),
            )
        )
    result.options = [e.option for e in joiner.order]
    result.diagnostics.extend(joiner.diagnostics)
    return program, result


def index_entries_of(entry: Element) -> list[str]:
    """The ``@findex``... arguments inside a table entry (for writers)."""
    return [c.arg for c in entry.children if c.name in INDEX_COMMANDS]
