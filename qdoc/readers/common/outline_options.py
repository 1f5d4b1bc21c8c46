"""From a page outline (:mod:`qdoc.readers.common.outline`) to the option model.

Shared by the HTML and man readers so that a rendered page gives the same
model as the .hx file it was built from, with the .hx reader's conventions:

- one option per documented name; grouped terms sharing one body
  (``-hda``..``-hdd``) give each option that body; several synopses of one
  name in one item (the six ``-numa`` forms) are all the option's synopses;
- an option documented by several items (``-netdev user,...``, ``-netdev
  tap,...``) keeps each item as a sub-option of kind ``form`` and has no
  description of its own; an option with one item has that item's body as
  description and its nested list items as direct sub-options (named and
  kinded by the rules of :mod:`qdoc.readers.common.terms`);
- sections are the headings under which options are documented, in
  document order; the prose directly under such a heading is the section's
  description; headings that document no option are reported (info);
- deprecation sentences in descriptions become deprecation facts;
- a program's commands (``is_command``: qemu-img's ``amend ...``, see
  :mod:`qdoc.readers.common.qemu_img`) are listed without a body and
  described again in a section of their own: one option each, with every
  synopsis given and no forms.

An item whose term names no option inside a list of options (QEMU 7.2's
``sgx-epc.0.memdev=...`` after ``-machine``) is kept as section text and
reported: the page does not say which option it belongs to.  A nested item
whose term is empty (QEMU 8.0+'s stray ``\\`` under ``-chardev parallel``)
is reported too, and its body is read as the enclosing item's own.
"""

from __future__ import annotations

import re
from typing import Callable

from ...model import (
    Deprecation,
    Diagnostic,
    Location,
    Option,
    OptionSet,
    Section,
    Source,
    SubOption,
    Synopsis,
    canonical_option_name,
)
from ...prose import deprecation_sentences, replacement, stated_default
from ...synopsis import parse_parameters, split_option_name
from .outline import DefList, Heading, Item, Literal, Term, is_empty, is_unnamed, render_rst
from .tables import tables_of
from .terms import is_option_term, suboption_kind, suboption_name, item_suboption_names, synopsis_arguments

_ARCH_HEADING_RE = re.compile(r"^(\w+) target only$")
_SYNTAX_RE = re.compile(r"^\s*(-[\w-]+)\s+([\w.-]+)")


class _Entry:
    """An option being built, and what its first item gave it.

    ``first_synopses`` and ``first_children`` count the synopses and
    sub-options of the first item: when a second item names the option,
    exactly those move into the first form (the synopses of the second item
    are added to the option before it is turned into a form).
    """

    __slots__ = ("option", "items", "first_synopses", "first_children")

    def __init__(self, option: Option):
        self.option = option
        self.items = 0
        self.first_synopses = 0
        self.first_children = 0


class OutlineBuilder:
    """Turns one page outline into an :class:`OptionSet`; use :func:`build_option_set`."""

    def __init__(self, path: str, fmt: str, program: str, release: str | None, diagnostics: list[Diagnostic],
                 is_entry: Callable[[str], bool] = is_option_term, entry_name: Callable[[str], str] | None = None,
                 is_command: Callable[[str], bool] | None = None):
        self.path = path
        self.fmt = fmt
        self.program = program
        self.release = release
        self.diagnostics = diagnostics
        self.is_entry = is_entry
        #: Terms that name a program's command (qemu-img's ``amend ...``): see :meth:`_document_command`.
        self.is_command = is_command
        self.entry_name = entry_name or (lambda plain: canonical_option_name(split_option_name(plain)[0]))
        self.sections: list[Section] = []
        self.entries: dict[str, _Entry] = {}
        self._rendered: dict[int, str] = {}
        #: Locations are immutable: one per line, shared by the facts on it.
        self._locations: dict[int, Location] = {}

    def render(self, blocks: list) -> str:
        return render_rst(blocks, "", self._rendered)

    def loc(self, line: int) -> Location:
        location = self._locations.get(line)
        if location is None:
            location = self._locations[line] = Location(self.path, line)
        return location

    def report(self, severity: str, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.loc(line)))

    # -- sections ----------------------------------------------------------------

    def build(self, blocks: list) -> OptionSet:
        heading: Heading | None = None
        bucket: list = []
        for block in blocks:
            if type(block) is Heading:
                self._section(heading, bucket)
                heading, bucket = block, []
            else:
                bucket.append(block)
        self._section(heading, bucket)
        if self.is_command is not None:
            self._report_undescribed_commands()
        return OptionSet(
            program=self.program,
            source=Source(self.fmt, self.path),
            release=self.release,
            sections=self.sections,
            options=[e.option for e in self.entries.values()],
            diagnostics=self.diagnostics,
        )

    def _section(self, heading: Heading | None, blocks: list) -> None:
        option_lists = [b for b in blocks if type(b) is DefList and any(self.is_entry(t.plain) for i in b.items for t in i.terms)]
        syntax = None if option_lists else self._syntax_list(blocks)
        if not option_lists and syntax is None:
            if heading is not None and blocks:
                self.report("info", f"{self.fmt}-no-options", f"section {heading.title!r} documents no option; its text is not part of the model", heading.line)
            return
        title = heading.title.strip().rstrip(":").strip() if heading else ""
        line = heading.line if heading else (blocks[0].line if blocks else 1)
        arch = _ARCH_HEADING_RE.match(title)
        section = Section(
            title=title,
            location=self.loc(line),
            kind="preamble" if heading is None else ("archheading" if arch else "heading"),
            arch=[arch.group(1)] if arch else [],
        )
        self.sections.append(section)
        loose: list = []
        listed = {id(b) for b in option_lists}  # by identity: comparing blocks by value is quadratic
        for block in blocks:
            if id(block) in listed:
                self._option_list(block, section, loose)
            elif syntax is not None and block is syntax[1]:
                self._syntax_option(syntax[0], block, section)
            else:
                loose.append(block)
        section.description = self.render(loose)

    # -- options -----------------------------------------------------------------

    def _option_list(self, deflist: DefList, section: Section, loose: list) -> None:
        for item in merge_grouped(deflist.items, self.report, self.fmt, self.is_command):
            names = [(t, self.entry_name(t.plain)) for t in item.terms if self.is_entry(t.plain)]
            if not names:
                self.report("warning", f"{self.fmt}-orphan-item", f"item {item.terms[0].plain!r} names no option; kept as section text", item.line)
                loose.append(DefList([item], item.line))
                continue
            if len(names) < len(item.terms):
                for term in item.terms:
                    if not self.is_entry(term.plain):
                        self.report("warning", f"{self.fmt}-orphan-term", f"term {term.plain!r} names no option", term.line)
            grouped: dict[str, list[Term]] = {}
            for term, name in names:
                grouped.setdefault(name, []).append(term)
            for name, terms in grouped.items():
                self._document(name, terms, item, section)

    def _entry(self, name: str, section: Section) -> _Entry:
        entry = self.entries.get(name)
        if entry is None:
            option = Option(name=name, section=section.title or None)
            option.locations["section"] = section.location
            entry = self.entries[name] = _Entry(option)
        return entry

    def _document(self, name: str, terms: list[Term], item: Item, section: Section) -> None:
        entry = self._entry(name, section)
        if entry.items and self.is_command is not None and self.is_command(terms[0].plain):
            self._document_command(entry, terms, item)
            return
        option = entry.option
        for term in terms:
            spelling = split_option_name(term.plain)[0]
            if spelling != name and spelling not in option.aliases:
                option.aliases.append(spelling)
        synopses = [self.synopsis(t) for t in terms]
        option.synopses.extend(synopses)
        if entry.items == 0:
            option.description = self.render(item.body)
            children = self.suboptions(item.body, name)
            option.suboptions.extend(children)
            entry.first_children = len(children)
            entry.first_synopses = len(synopses)
            option.locations["documentation"] = self.loc(item.line)
            option.deprecations.extend(self.deprecations(own_blocks(item.body), item.body_line or item.line))
            option.tables.extend(tables_of(own_blocks(item.body), self.loc))
        else:
            if entry.items == 1:
                self._first_item_to_form(entry)
            form = self.item_as_form(item, name)
            form.synopses = synopses
            option.suboptions.append(form)
        entry.items += 1

    def _report_undescribed_commands(self) -> None:
        """A command the page lists but no item describes: the page lost its section (or never had one)."""
        for entry in self.entries.values():
            option = entry.option
            if not option.description and option.synopses and self.is_command(option.synopses[0].text):
                self.report("warning", f"{self.fmt}-undescribed-command", f"command {option.name!r} is listed but described nowhere on this page", option.synopses[0].location.line)

    def _document_command(self, entry: _Entry, terms: list[Term], item: Item) -> None:
        """A command documented again (qemu-img's list of commands, then its section) is one command.

        A command has no forms: its first word names it and the rest are its
        arguments.  A synopsis not given yet is added (2.12's sections give
        older synopses than its list, ``amend [-p] ...``); the first item
        with a body gives the description, a later body is added to it.
        """
        option = entry.option
        known = {synopsis.text for synopsis in option.synopses}
        option.synopses.extend(self.synopsis(t) for t in terms if t.plain not in known)
        entry.items += 1
        if is_empty(item.body):
            return
        text = self.render(item.body)
        if option.description:
            option.description += "\n\n" + text
        else:
            option.description = text
            option.locations["documentation"] = self.loc(item.line)
        option.suboptions.extend(self.suboptions(item.body, option.name))
        option.deprecations.extend(self.deprecations(own_blocks(item.body), item.body_line or item.line))
        option.tables.extend(tables_of(own_blocks(item.body), self.loc))

    def _first_item_to_form(self, entry: _Entry) -> None:
        """As :meth:`qdoc.readers.hx.HxReader._first_item_to_form`: the first item becomes a form too."""
        option = entry.option
        first_synopses = option.synopses[: entry.first_synopses]
        children = option.suboptions[: entry.first_children]
        form = SubOption(
            name=suboption_name(first_synopses[0].text, option.name) if first_synopses else option.name,
            kind="form",
            synopses=first_synopses,
            description=option.description,
            location=option.locations.get("documentation", option.locations["section"]),
            suboptions=children,
            default=stated_default(option.description) if option.description else None,
            deprecations=[d for d in option.deprecations if d.source == "description"],
            tables=option.tables,
        )
        option.suboptions = [form] + option.suboptions[entry.first_children :]
        option.deprecations = [d for d in option.deprecations if d.source != "description"]
        option.description = ""
        option.tables = []

    def item_as_form(self, item: Item, option_name: str) -> SubOption:
        description = self.render(item.body)
        return SubOption(
            name=suboption_name(item.terms[0].plain, option_name),
            kind="form",
            synopses=[self.synopsis(t) for t in item.terms],
            description=description,
            location=self.loc(item.line),
            suboptions=self.suboptions(item.body, option_name),
            default=stated_default(description) if description else None,
            deprecations=self.deprecations(own_blocks(item.body), item.body_line or item.line),
            tables=tables_of(own_blocks(item.body), self.loc),
        )

    def synopsis(self, term: Term, option_level: bool = True) -> Synopsis:
        parameters, problems = parse_parameters(synopsis_arguments(term.plain, option_level))
        return Synopsis(term.plain, term.markup, self.loc(term.line), parameters, problems)

    def deprecations(self, blocks: list, line: int) -> list[Deprecation]:
        text = self.render(blocks)
        if "eprecat" not in text:
            return []
        return [Deprecation(s, self.loc(line), "description", replacement=replacement(s)) for s in deprecation_sentences(text)]

    # -- sub-options -------------------------------------------------------------

    def suboptions(self, body: list, option_name: str) -> list[SubOption]:
        result = []
        for block in body:
            if type(block) is DefList:
                for item in merge_grouped(block.items, self.report, self.fmt):
                    result.extend(self.suboption(item, option_name))
        return result

    def suboption(self, item: Item, option_name: str) -> list[SubOption]:
        if is_unnamed(item):
            return self._unnamed_item(item, option_name)
        first = item.terms[0].plain
        kind = suboption_kind(first)
        description = self.render(item.body)
        children = self.suboptions(item.body, option_name)
        text_blocks = own_blocks(item.body) if children else item.body
        synopses = [self.synopsis(term, option_level=False) for term in item.terms]
        return [
            SubOption(
                name=name,
                kind=kind,
                synopses=synopses,
                description=description,
                location=self.loc(item.line),
                suboptions=children,
                default=stated_default(description) if description else None,
                deprecations=self.deprecations(text_blocks, item.body_line or item.line),
                tables=tables_of(text_blocks, self.loc),
            )
            for name in item_suboption_names([term.plain for term in item.terms], option_name, kind)
        ]

    def _unnamed_item(self, item: Item, option_name: str) -> list[SubOption]:
        """An item with an empty term is reported, not modelled: its body is the enclosing item's.

        Its text stays in the enclosing description (:func:`render_rst`
        renders such an item as its body) and the lists inside it give the
        enclosing item's sub-options.
        """
        self.report(
            "warning",
            f"{self.fmt}-empty-term",
            "definition with an empty term (a stray '\\' in the source?); its text is kept as the enclosing item's",
            item.line,
        )
        return self.suboptions(item.body, option_name)

    # -- pages that document one option's properties (guest-loader.html) ---------------

    def _syntax_list(self, blocks: list):
        """A literal ``-device guest-loader,addr=...`` followed by a list of properties."""
        syntax = None
        for block in blocks:
            if type(block) is Literal:
                m = _SYNTAX_RE.match(block.text)
                if m:
                    syntax = block
            elif type(block) is DefList and syntax is not None:
                if all(not self.is_entry(t.plain) for i in block.items for t in i.terms):
                    return syntax, block
        return None

    def _syntax_option(self, syntax: Literal, deflist: DefList, section: Section) -> None:
        text = " ".join(syntax.text.split())
        name = canonical_option_name(split_option_name(text)[0])
        entry = self._entry(name, section)
        option = entry.option
        synopsis = self.synopsis(Term(text, syntax.text, syntax.line))
        option.synopses.append(synopsis)
        option.description = self.render([deflist])
        option.locations.setdefault("documentation", self.loc(syntax.line))
        for item in merge_grouped(deflist.items, self.report, self.fmt):
            option.suboptions.extend(self.suboption(item, name))
        if entry.items == 0:
            entry.first_synopses = len(option.synopses)
            entry.first_children = len(option.suboptions)
        entry.items += 1


def own_blocks(body: list) -> list:
    """The body without its nested definition lists: what an item says of itself.

    The body of an item with an empty term (:func:`is_unnamed`) is the
    item's own text too.
    """
    blocks = []
    for block in body:
        if type(block) is not DefList:
            blocks.append(block)
        else:
            for item in block.items:
                if is_unnamed(item):
                    blocks.extend(own_blocks(item.body))
    return blocks


def merge_grouped(items: list[Item], report, fmt: str, listed: Callable[[str], bool] | None = None) -> list[Item]:
    """Items with an empty body share the next item's body (grouped terms).

    An item whose term ``listed`` accepts (qemu-img's list of commands, each
    described in a section of its own) has no body by design: it stays an
    item of its own, unreported; :meth:`OutlineBuilder.build` reports a
    command that no item describes.
    """
    merged: list[Item] = []
    pending: list[Term] = []
    for item in items:
        if listed is not None and is_empty(item.body) and all(listed(t.plain) for t in item.terms):
            merged.append(item)
            continue
        if is_empty(item.body):
            pending.extend(item.terms)
            continue
        if pending:
            item = Item(pending + item.terms, item.body, item.body_line)
            pending = []
        merged.append(item)
    if pending:
        report("warning", f"{fmt}-grouped-term", f"term {pending[-1].plain!r} has no definition", pending[-1].line)
        merged.append(Item(pending, [], pending[-1].line))
    return merged


