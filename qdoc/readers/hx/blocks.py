"""Documentation blocks of .hx files compiled into immutable templates.

Everything a block says that does not depend on the surrounding file (its
items, terms, synopses, descriptions as rST, sub-options, stated defaults
and deprecations) is computed once per distinct block text, with line
numbers relative to the block.  Consecutive QEMU releases repeat most blocks
verbatim (491 distinct blocks among 3,300 in the corpus), so reading many
releases in one process costs little more than reading the distinct text.
The .hx reader then instantiates templates into model objects with absolute
locations; it never shares mutable model objects between files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from functools import lru_cache

from ...model import (
    Deprecation,
    Location,
    SubOption,
    Synopsis,
    SynopsisParameter,
    canonical_option_name,
)
from ...prose import deprecation_sentences, replacement, stated_default
from ...synopsis import parse_parameters, split_option_name

if TYPE_CHECKING:
    from ..texinfo.to_rst_inline import InlineRenderer
from .docitems import DocItem, TexinfoTables, dedent, split_rst_text, split_texinfo
from .tables import TableT, make_tables, own_tables
from ..common.terms import split_term, suboption_kind, suboption_name, item_suboption_names, synopsis_arguments

_RST_TERM_MARKUP_RE = re.compile(r"``|\\ |\*\*|\*|\\(?=[^\\])")
#: Inside a doc block these mean its end marker was forgotten.
INTRUDER_RE = re.compile(r"^(?:DEF\(|DEFHEADING\(|ARCHHEADING\(|SRST\b|STEXI\b|ERST\b|ETEXI\b)", re.M)
_INTRUDER_PREFIXES = ("DEF(", "DEFHEADING(", "ARCHHEADING(", "SRST", "STEXI", "ERST", "ETEXI")


def _find_intruder(block: str) -> re.Match | None:
    # Substring tests first: a regex anchored at every line start is slower.
    wrapped = "\n" + block
    if not any("\n" + prefix in wrapped for prefix in _INTRUDER_PREFIXES):
        return None
    return INTRUDER_RE.search(block)


def _texinfo_to_rst(lines: list[str]):
    """:func:`qdoc.readers.texinfo.to_rst.texinfo_block_to_rst`, imported on first use.

    Only STEXI blocks need the texinfo parser and converter (a seventh of
    the import time of the .hx reader); .hx files have held only rST since
    QEMU 5.2, so reading them (and building QEMU's docs with the Sphinx
    extension) never loads it.
    """
    from ..texinfo.to_rst import texinfo_block_to_rst

    return texinfo_block_to_rst(lines)


def rst_term_text(markup: str) -> str:
    """Plain text of an rST term: ``-hda file`` -> -hda file; ``help`` or ``?`` [*cmd*] -> help or ? [cmd].

    A classifier (:func:`split_rst_classifier`) is not part of the term.
    """
    if markup.startswith(".. option::"):
        return " ".join(markup[len(".. option::"):].split())
    return " ".join(_RST_TERM_MARKUP_RE.sub("", split_rst_classifier(markup)[0]).split())


#: docutils' classifier delimiter: a colon with spaces on both sides, outside inline literals.
_CLASSIFIER_DELIMITER_RE = re.compile(r" +: +")


def split_rst_classifier(markup: str) -> tuple[str, str]:
    """An rST term line as ``(term, classifier)``, as docutils splits it.

    ````show-tabs=on|off`` : Display the tab bar`` is the term
    ````show-tabs=on|off```` with the classifier ``Display the tab bar``
    (Sphinx renders it apart: ``<span class="classifier">``).  QEMU writes a
    classifier as the first words of the description, so the readers put
    it there; it is never part of the synopsis.  A term without one is
    ``(markup, "")``.
    """
    if " :" not in markup:
        return markup, ""
    outside = True
    position = 0
    for piece in markup.split("``"):
        if outside:
            found = _CLASSIFIER_DELIMITER_RE.search(piece)
            if found:
                cut = position + found.start()
                return markup[:cut], " ".join(markup[position + found.end():].split())
        position += len(piece) + 2
        outside = not outside
    return markup, ""


@dataclass(frozen=True)
class SynopsisT:
    text: str
    markup: str
    line: int
    parameters: tuple[SynopsisParameter, ...]
    problems: tuple[str, ...]

    def make(self, path: str, base: int) -> Synopsis:
        return Synopsis(self.text, self.markup, Location(path, base + self.line), list(self.parameters), list(self.problems))


@dataclass(frozen=True)
class DeprecationT:
    text: str
    line: int
    replacement: str | None

    def make(self, path: str, base: int) -> Deprecation:
        return Deprecation(self.text, Location(path, base + self.line), "description", replacement=self.replacement)


@dataclass(frozen=True)
class SubOptionT:
    name: str
    kind: str
    synopses: tuple[SynopsisT, ...]
    description: str
    line: int
    children: tuple["SubOptionT", ...]
    default: str | None
    deprecations: tuple[DeprecationT, ...]
    tables: tuple[TableT, ...] = ()

    def make(self, path: str, base: int, kind: str | None = None) -> SubOption:
        return SubOption(
            name=self.name,
            kind=kind or self.kind,
            synopses=[s.make(path, base) for s in self.synopses],
            description=self.description,
            location=Location(path, base + self.line),
            suboptions=[c.make(path, base) for c in self.children],
            default=self.default,
            deprecations=[d.make(path, base) for d in self.deprecations],
            tables=make_tables(self.tables, path, base),
        )


@dataclass(frozen=True)
class TermT:
    """A term with its plain text and the entry name it mentions."""

    plain: str
    name: str
    synopsis: SynopsisT


@dataclass(frozen=True)
class ItemT:
    """One documentation item: as an option's documentation, or as a sub-option."""

    terms: tuple[TermT, ...]
    line: int
    body_line: int
    description: str
    children: tuple[SubOptionT, ...]
    own_deprecations: tuple[DeprecationT, ...]
    as_suboption: SubOptionT
    own_tables: tuple[TableT, ...] = ()


@dataclass(frozen=True)
class BlockT:
    items: tuple[ItemT, ...]
    loose_text: str
    loose_line: int
    problems: tuple[tuple[int, str, str], ...]  # (relative line, code, message)
    intruder: tuple[int, str] | None  # (relative line, directive) when the end marker is missing
    tables_after: tuple[int, int, bool]


class _Compiler:
    """Builds the templates of one block; renderer problems are collected."""

    def __init__(self, markup: str, info_prefix: bool):
        self.markup = markup
        self.info_prefix = info_prefix
        self._renderer: InlineRenderer | None = None
        self.problems: list[tuple[int, str, str]] = []
        #: Descriptions of texinfo items known before they are compiled (from
        #: the enclosing item's conversion, or the caller's): (line of the
        #: first term, number of terms) -> rST.
        self.described: dict[tuple[int, int], str] = {}

    @property
    def renderer(self) -> InlineRenderer:
        """The texinfo inline renderer, made on first use.

        Only texinfo (STEXI) blocks need it; importing it loads the texinfo
        package, whose reader in turn compiles its tables with this module.
        """
        if self._renderer is None:
            from ..texinfo.to_rst_inline import InlineRenderer

            self._renderer = InlineRenderer()
        return self._renderer

    @property
    def renderer_problems(self) -> list[str]:
        return self._renderer.problems if self._renderer is not None else []

    def plain(self, markup: str) -> str:
        return rst_term_text(markup) if self.markup == "rst" else self.renderer.plain(markup)

    def entry_name(self, plain: str) -> str:
        name, _ = split_option_name(plain)
        if self.info_prefix and name == "info":
            name, _ = split_option_name(plain[len("info"):])
        return name

    def synopsis(self, markup: str, plain: str, line: int) -> SynopsisT:
        _, arguments = split_term(plain, option_level=True, info_commands=self.info_prefix)
        parameters, problems = parse_parameters(arguments)
        return SynopsisT(plain, markup, line, tuple(parameters), tuple(problems))

    def description(self, item: DocItem) -> str:
        if self.markup == "rst":
            body = "\n".join(item.body).strip("\n")
            classifiers = [c for c in (split_rst_classifier(t.markup)[1] for t in item.terms) if c]
            return "\n".join(classifiers + [body]).strip("\n") if classifiers else body
        known = self.described.get((item.line, len(item.terms)))
        if known is not None:
            return known  # its problems were reported with the text it came from
        conversion = _texinfo_to_rst(item.body)
        for problem in conversion.problems:
            self.problems.append((item.body_line + problem.line_offset, problem.code, problem.message))
        base = item.body_line
        self.described.update({(base + offset, terms): text for (offset, terms), text in conversion.entries.items()})
        return conversion.text

    def deprecations(self, text: str, line: int) -> tuple[DeprecationT, ...]:
        return tuple(DeprecationT(s, line, replacement(s)) for s in deprecation_sentences(text))

    def own_text(self, item: DocItem) -> str:
        own = item.own_text()
        return self.renderer.plain(own) if self.markup == "texinfo" else own

    def suboptions(self, item: DocItem, option_name: str) -> tuple[SubOptionT, ...]:
        """A nested item as sub-options: one, or one per alternative key (``in|out.dev=``)."""
        plains = [self.plain(t.markup) for t in item.terms]
        kind = suboption_kind(plains[0])
        description = self.description(item)
        synopses = []
        for term, plain in zip(item.terms, plains):
            parameters, problems = parse_parameters(synopsis_arguments(plain, option_level=False))
            synopses.append(SynopsisT(plain, term.markup, term.line, tuple(parameters), tuple(problems)))
        text = self.own_text(item) if item.children else description
        children = self.children(item, option_name)
        default = stated_default(description) if description else None
        deprecations = self.deprecations(text, item.body_line)
        tables = own_tables(item)
        return tuple(
            SubOptionT(name, kind, tuple(synopses), description, item.line, children, default, deprecations, tables)
            for name in item_suboption_names(plains, option_name, kind)
        )

    def children(self, item: DocItem, option_name: str) -> tuple[SubOptionT, ...]:
        return tuple(sub for child in item.children for sub in self.suboptions(child, option_name))

    def item(self, item: DocItem) -> ItemT:
        terms = []
        for term in item.terms:
            plain = self.plain(term.markup)
            terms.append(TermT(plain, self.entry_name(plain), self.synopsis(term.markup, plain, term.line)))
        option_name = canonical_option_name(terms[0].name) if terms[0].name else ""
        description = self.description(item)
        children = self.children(item, option_name)
        own = self.deprecations(self.own_text(item), item.body_line)
        tables = own_tables(item)
        if terms[0].name.startswith("-"):
            name = suboption_name(terms[0].plain, option_name)
            kind = "form"
        else:
            name = suboption_name(terms[0].plain, "")
            kind = "property"
        as_sub = SubOptionT(
            name=name,
            kind=kind,
            synopses=tuple(t.synopsis for t in terms),
            description=description,
            line=item.line,
            children=children,
            default=stated_default(description) if description else None,
            deprecations=own,
            tables=tables,
        )
        return ItemT(tuple(terms), item.line, item.body_line, description, children, own, as_sub, tables)


@lru_cache(maxsize=2048)
def compile_block(
    markup: str,
    block: str,
    tables: tuple[int, int, bool],
    info_prefix: bool,
    descriptions: tuple[tuple[tuple[int, int], str], ...] = (),
) -> BlockT:
    """The template of a block's text (without its SRST/ERST marker lines).

    ``tables`` is the texinfo table state before the block (depth, item
    depth, whether the item depth is settled): texinfo blocks continue tables
    opened by earlier blocks.  Line numbers in the result are 0-based offsets
    from the block's first line.  ``descriptions`` are texinfo items'
    descriptions the caller has rendered already, by (line of the first term,
    number of terms): the texinfo reader's, from its document tree, where
    ``@include`` and ``@set`` are applied.  Other items are converted here.
    """
    intruder = _find_intruder(block)
    if intruder:
        line = block.count("\n", 0, intruder.start())
        return BlockT((), "", 0, (), (line, intruder.group(0).rstrip("(")), tables)
    lines = block.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    state = TexinfoTables()
    state.depth, state.item_depth, state.item_depth_fixed = tables
    if markup == "rst":
        # hmp-commands-info.hx indents whole fragments so that they nest
        # under the "info" item once concatenated: split each fragment at
        # its own indentation.
        if lines and all(not ln or ln[:1] in (" ", "\t") for ln in lines):
            lines = dedent(lines)
        split = split_rst_text("\n".join(lines), 0)
    else:
        split = split_texinfo(lines, 0, state)
    compiler = _Compiler(markup, info_prefix)
    compiler.described.update(descriptions)
    items = tuple(compiler.item(item) for item in split.items)
    problems = [(line, "hx-doc-structure", message) for line, message in split.problems]
    problems += [p for p in compiler.problems if not _table_of_other_blocks(p[1], p[2])]
    problems += [(0, "texinfo-markup", p) for p in compiler.renderer_problems]
    loose_text = ""
    loose_line = 0
    if split.loose:
        loose = split.loose_with_breaks()
        loose_lines = [text for _, text in loose]
        loose_line = loose[0][0]
        if markup == "texinfo":
            conversion = _texinfo_to_rst(loose_lines)
            loose_text = conversion.text
            problems += [
                (loose[min(p.line_offset, len(loose) - 1)][0], p.code, p.message)
                for p in conversion.problems
                if not _table_of_other_blocks(p.code, p.message)
            ]
        else:
            loose_text = "\n".join(loose_lines)
    return BlockT(items, loose_text, loose_line, tuple(problems), None, (state.depth, state.item_depth, state.item_depth_fixed))


def _table_of_other_blocks(code: str, message: str) -> bool:
    """A texinfo block of an .hx file is a fragment: its tables may be opened or closed by other blocks."""
    if code == "texinfo-unclosed":
        return message.startswith(("@table ", "@vtable ", "@ftable "))
    return code == "texinfo-end-without-start" and message.startswith(("@end table ", "@end vtable ", "@end ftable "))


def item_as_section_text(item: ItemT, markup: str) -> str:
    """An item that documents no known entry, kept verbatim as section text."""
    lines = [t.synopsis.markup if markup == "rst" else f"``{t.plain}``" for t in item.terms]
    if item.description:
        lines += ["    " + ln if ln else "" for ln in item.description.split("\n")]
    return "\n".join(lines)
