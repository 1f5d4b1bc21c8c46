"""Texinfo to rST: the one converter, for option descriptions and for whole manuals.

Texinfo reaches rST by three roads: the STEXI blocks of .hx files (QEMU 2.12
to 4.2; every option and sub-option description the .hx reader keeps), the
texinfo reader (option tables and deprecation records of the manuals), and
``qdoc convert`` (a manual as a Sphinx project).  All of them parse with the
texinfo reader's parser (:mod:`qdoc.readers.texinfo.parser`) and render its
tree with :class:`RstRenderer`, inline markup with
:class:`~qdoc.readers.texinfo.to_rst_inline.InlineRenderer`; so escaping, lists and tables
come out the same whichever road the texinfo took, and a fix reaches them all.

:class:`RstRenderer` renders what a piece of a manual says: paragraphs,
tables as definition lists, lists, examples as literal blocks, quotations,
multitables.  What belongs to a manual as a whole (chapters, labels of nodes,
index entries, option directives, the man page) is the project writer's
(:mod:`qdoc.writers.rst_project`), which extends this renderer.
:func:`texinfo_block_to_rst` converts a fragment (one option's body) and
reports what the parser found in it, with line offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from .includes import IncludeError
from .parser import parse_document
from .tree import HEADING_LEVELS, LIST_BLOCKS, LITERAL_BLOCKS, TABLE_BLOCKS, Element
from .to_rst_inline import InlineRenderer, escape_text, literal, rst_escape

_UNDERLINES = {0: "=", 1: "=", 2: "-", 3: "~", 4: "^"}
#: Blocks shown indented (a block quote in rST).
INDENTED_BLOCKS = frozenset(
    {"quotation", "smallquotation", "cartouche", "indentedblock", "smallindentedblock", "display", "smalldisplay", "format", "smallformat"}
)
#: Blocks whose content reads as if they were not there (layout hints, definitions).
TRANSPARENT_BLOCKS = frozenset({"group", "flushleft", "flushright", "raggedright", "float", "deffn", "defvr", "deftypefn", "defun"})
#: Line commands whose argument is a line of text of its own.
TEXT_LINES = frozenset({"center", "exdent"})
#: Table formats whose terms are literals, emphasised, strong; others render their markup.
LITERAL_TERMS = frozenset({"@code", "@option", "@samp", "@env", "@command", "@file", "@kbd", "@key", "@t"})
EMPHASIS_TERMS = frozenset({"@var", "@emph", "@i"})
STRONG_TERMS = frozenset({"@strong", "@b"})
_LIST_START_RE = re.compile(r"^(?:[-*+|>]\s|\d+[.)]\s|#\.|\.\.\s|:\w|[=~^`]{3,})")
_TAB_RE = re.compile(r"(?:^|\n)@tab\s*|\s@tab\s+")


class RstRenderer:
    """Render elements of a texinfo tree (:mod:`qdoc.readers.texinfo.tree`) as rST.

    Elements that only make sense in a whole manual (nodes, anchors, index
    entries, ``@c man`` markers, settings) render as nothing here; the
    project writer overrides :meth:`block` for them.
    """

    def __init__(self, values: dict[str, str] | None = None, labels: set[str] | None = None,
                 titles: dict[str, str] | None = None):
        self.inline = InlineRenderer(values, labels, titles)
        #: The rST of every table entry's body rendered so far: the readers
        #: describe each item and each nested item (sub-options), and need not
        #: parse or render their text again for that.
        self.entry_bodies: dict[Element, str] = {}

    def render(self, elements: list[Element], indent: str = "") -> str:
        """The rST of ``elements``, blank-line runs collapsed, without leading or trailing blanks."""
        out: list[str] = []
        for element in elements:
            self.block(element, out, indent)
        return tidy(out)

    def block(self, element: Element, out: list[str], indent: str) -> None:
        """Append the rST lines of one element to ``out``."""
        name = element.name
        if name == "paragraph":
            out.append("")
            out += paragraph_lines(self.inline.rst(element.text), indent)
            out.append("")
        elif name in LITERAL_BLOCKS:
            self.literal(element, out, indent)
        elif name in TABLE_BLOCKS:
            self.table(element, out, indent)
        elif name in LIST_BLOCKS:
            self.list(element, out, indent)
        elif name == "multitable":
            self.multitable(element, out, indent)
        elif name in INDENTED_BLOCKS:
            inner = self.render(element.children)
            out.append("")
            out += indented(inner, indent + "    ")
            out.append("")
        elif name in TRANSPARENT_BLOCKS:
            for child in element.children:
                self.block(child, out, indent)
        elif name in HEADING_LEVELS:
            self.heading(element, HEADING_LEVELS[name], out)
        elif name in TEXT_LINES:
            out += ["", f"{indent}{self.inline.rst(element.arg).strip()}", ""]
        elif name == "sp":
            out.append("")
        elif name == "include" and not element.lines:
            # Not read (a fragment has no files to include): say where it was.
            out += ["", f"{indent}.. @include {element.arg} (not expanded)", ""]
        # Anything else is no text of its own: nodes, anchors, index entries,
        # settings, menus, man markers, read @includes (their text follows).

    def heading(self, element: Element, level: int, out: list[str]) -> None:
        title = escape_text(self.inline.plain(element.arg).strip()) or "(untitled)"
        out += ["", title, _UNDERLINES[level] * max(len(title), 3), ""]

    def literal(self, element: Element, out: list[str], indent: str) -> None:
        """``@example`` and friends: a literal block of the lines as written, markup removed."""
        if element.name == "verbatim":
            lines = element.lines
        else:
            lines = [self.inline.plain(line) for line in element.lines]
        if not any(line.strip() for line in lines):
            return
        out += ["", f"{indent}::", ""]
        out += [f"{indent}    {line}".rstrip() for line in lines]
        out.append("")

    def table(self, element: Element, out: list[str], indent: str) -> None:
        """A definition list."""
        for entry in element.children:
            if entry.name == "entry":
                self.definition(entry, element.table_format, out, indent)
            else:
                self.block(entry, out, indent)

    def definition(self, entry: Element, table_format: str, out: list[str], indent: str) -> None:
        """One table entry; grouped terms (``@itemx``) in QEMU's rST style, an empty definition between them."""
        terms = [self.term(t.arg, table_format) or "\\ " for t in entry.terms]
        body = self.render(entry.children)
        self.entry_bodies[entry] = body
        out.append("")
        for term in terms[:-1]:
            out += [indent + term, indent + "  \\ "]
        out.append(indent + terms[-1])
        out += indented(body or "\\ ", indent + "    ")
        out.append("")

    def term(self, markup: str, table_format: str) -> str:
        """A definition-list term, formatted as the table's ``@table @code``... says."""
        if table_format in LITERAL_TERMS:
            return literal(" ".join(self.inline.plain(markup).split()))
        if table_format in EMPHASIS_TERMS or table_format in STRONG_TERMS:
            text = " ".join(self.inline.plain(markup).split())
            mark = "*" if table_format in EMPHASIS_TERMS else "**"
            return f"{mark}{rst_escape(text)}{mark}" if text else ""
        return " ".join(self.inline.rst(markup).split())

    def list(self, element: Element, out: list[str], indent: str) -> None:
        bullet = "#." if element.name == "enumerate" else "-"
        pad = " " * (len(bullet) + 1)
        for item in element.children:
            if item.name != "listitem":
                self.block(item, out, indent)
                continue
            body = self.render(item.children).split("\n")
            out.append("")
            out.append(f"{indent}{bullet} {body[0]}" if body[0] else f"{indent}{bullet}")
            out += indented("\n".join(body[1:]), indent + pad)
        out.append("")

    def multitable(self, element: Element, out: list[str], indent: str) -> None:
        rows = []
        for row in (r for r in element.children if r.name == "row"):
            cells = _TAB_RE.split(row.text)
            rows.append([" ".join(self.inline.rst(c).split()) or "\\ " for c in cells])
        if not rows:
            return
        width = max(len(r) for r in rows)
        out += ["", f"{indent}.. list-table::", ""]
        for row in rows:
            row = row + ["\\ "] * (width - len(row))
            out.append(f"{indent}   * - {row[0]}")
            out += [f"{indent}     - {cell}" for cell in row[1:]]
        out.append("")


def paragraph_lines(text: str, indent: str) -> list[str]:
    """A paragraph's lines, stripped; a first line rST would read as a list or directive is escaped."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and _LIST_START_RE.match(lines[0]):
        lines[0] = "\\" + lines[0]
    return [f"{indent}{line}" for line in lines]


def indented(text: str, pad: str) -> list[str]:
    """``text``'s lines with ``pad`` before each non-blank one."""
    if not text:
        return []
    return [f"{pad}{line}" if line else "" for line in text.split("\n")]


def tidy(lines: list[str]) -> str:
    """Collapse blank-line runs and strip leading/trailing blanks (and trailing spaces)."""
    result: list[str] = []
    blank = True  # no blank line at the start
    for line in "\n".join(lines).split("\n"):
        line = line.rstrip()
        if line:
            result.append(line)
            blank = False
        elif not blank:
            result.append("")
            blank = True
    if result and not result[-1]:
        result.pop()
    return "\n".join(result)


# -- fragments -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something the parser found in a fragment; ``line_offset`` is 0-based within it."""

    line_offset: int
    message: str
    code: str


@dataclass(frozen=True)
class Conversion:
    """Result of converting a fragment: rST text and problems with line offsets.

    ``entries`` is the rST of the body of every table entry inside, by
    (0-based line offset of its first term, number of terms).
    """

    text: str
    problems: tuple[Problem, ...]
    entries: Mapping[tuple[int, int], str] = field(default_factory=dict, compare=False)


class _NoIncludes:
    """A fragment's ``@include`` is not read: the manual it belongs to includes the file."""

    def resolve(self, name: str, from_path: str) -> tuple[str, str]:
        raise IncludeError("texinfo-include", f"@include {name} is not expanded in .hx blocks")


#: In a fragment, flags are @set by the manual around it: QEMU's rST epilog
#: defines them as substitutions (``|qemu_system|``), which is what they become.
_NOT_PROBLEMS_IN_FRAGMENTS = frozenset({"texinfo-undefined-value"})
_FRAGMENT = "<texinfo>"


def texinfo_block_to_rst(lines: list[str], values: dict[str, str] | None = None) -> Conversion:
    """Convert texinfo lines (one option's body, a block's loose text) to rST.

    Equal blocks recur across releases and at each nesting level, so results
    are cached (they are immutable: text and line-relative problems).
    """
    if values:
        return _convert_block(tuple(lines), tuple(sorted(values.items())))
    return _convert_block(tuple(lines), ())


@lru_cache(maxsize=4096)
def _convert_block(lines: tuple[str, ...], values: tuple[tuple[str, str], ...]) -> Conversion:
    document, diagnostics = parse_document("\n".join(lines), _FRAGMENT, _NoIncludes(), dict(values))
    renderer = RstRenderer(document.values)
    text = renderer.render(document.root.children)
    problems = tuple(
        Problem(d.location.line - 1 if d.location else 0, d.message, d.code)
        for d in diagnostics
        if d.code not in _NOT_PROBLEMS_IN_FRAGMENTS
    )
    entries = {(entry.line - 1, len(entry.terms)): body for entry, body in renderer.entry_bodies.items()}
    return Conversion(text, problems, MappingProxyType(entries))
