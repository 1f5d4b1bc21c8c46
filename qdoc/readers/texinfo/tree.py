"""The texinfo document tree: what the block parser builds and everyone else reads.

The tree follows the shape of GNU texinfo's own (``texi2any --xml``) where it
matters to qdoc, so that the two can be compared element by element:

- sectioning commands (``@node``, ``@chapter``, ``@section``...) are elements
  in document order, not containers: consumers that need the hierarchy derive
  it from :data:`HEADING_LEVELS`;
- a ``@table`` holds ``entry`` elements, each with ``item``/``itemx`` terms
  (``terms``) and a body (``children``), as texinfo's ``tableentry``;
- ``@itemize``/``@enumerate`` hold ``listitem`` elements, ``@multitable``
  holds ``row`` elements;
- running text is ``paragraph`` elements keeping their source lines verbatim
  (inline markup is rendered later, by whoever needs it, in one pass);
- literal environments (``@example``, ``@verbatim``...) keep their lines.

Every element carries the path and 1-based line it was read from; included
files keep their own paths, so a location always points at a real line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

#: Sectioning commands and their depth (``@top`` 0 ... ``@subsubsection`` 4).
HEADING_LEVELS = {
    "top": 0,
    "chapter": 1, "unnumbered": 1, "appendix": 1, "majorheading": 1, "chapheading": 1,
    "section": 2, "unnumberedsec": 2, "appendixsec": 2, "appendixsection": 2, "heading": 2,
    "subsection": 3, "unnumberedsubsec": 3, "appendixsubsec": 3, "subheading": 3,
    "subsubsection": 4, "unnumberedsubsubsec": 4, "appendixsubsubsec": 4, "subsubheading": 4,
}

#: Block commands whose body is text and nested blocks (closed by ``@end NAME``).
TEXT_BLOCKS = frozenset(
    {
        "quotation", "smallquotation", "cartouche", "indentedblock", "smallindentedblock",
        "flushleft", "flushright", "group", "titlepage", "copying",
        "documentdescription", "float", "raggedright", "display", "smalldisplay",
        "format", "smallformat",
        # The definition commands (all of texinfo's family: QAPI's generated
        # references use @deftp, @deftypefn...).
        "deffn", "defun", "defmac", "defspec", "defvr", "defvar", "defopt",
        "deftypefn", "deftypefun", "deftypevr", "deftypevar", "defcv", "defivar",
        "deftypecv", "deftypeivar", "defop", "defmethod", "deftypeop", "deftypemethod", "deftp",
    }
)
#: Block commands whose lines are kept as they are written (indentation matters).
LITERAL_BLOCKS = frozenset({"example", "smallexample", "lisp", "smalllisp", "verbatim"})
#: Block commands whose content is not texinfo at all (kept raw, never parsed).
RAW_BLOCKS = frozenset({"verbatim", "ignore", "tex", "html", "latex", "docbook", "xml"})
TABLE_BLOCKS = frozenset({"table", "vtable", "ftable"})
LIST_BLOCKS = frozenset({"itemize", "enumerate"})
MENU_BLOCKS = frozenset({"menu", "direntry", "detailmenu"})


@dataclass(slots=True, eq=False)
class Element:
    """One node of the tree.

    ``name`` is the texinfo command (``table``, ``node``...) or a structural
    name (``document``, ``paragraph``, ``entry``, ``listitem``, ``row``);
    ``arg`` the raw argument (the rest of the command line, or ``@item``
    text); ``lines`` the raw source lines of paragraphs and literal blocks;
    ``terms`` the ``item``/``itemx`` elements of a table ``entry``.
    """

    name: str
    arg: str
    path: str
    line: int
    children: list["Element"] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    terms: list["Element"] = field(default_factory=list)
    end_line: int = 0

    def walk(self) -> Iterator["Element"]:
        """This element and every descendant, in document order (terms first)."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            if element.terms or element.children:
                stack.extend(reversed(element.children))
                stack.extend(reversed(element.terms))

    def find(self, *names: str) -> Iterator["Element"]:
        """Descendants (and self) whose name is one of ``names``, in document order."""
        wanted = set(names)
        return (e for e in self.walk() if e.name in wanted)

    @property
    def text(self) -> str:
        """The raw source text of a paragraph or literal block."""
        return "\n".join(self.lines)

    @property
    def table_format(self) -> str:
        """``@option`` of ``@table @option`` (the command that formats the terms)."""
        return self.arg.split()[0] if self.arg.strip() else ""

    def __repr__(self) -> str:  # compact: trees are large
        return f"<{self.name} {self.arg[:30]!r} {self.path}:{self.line} children={len(self.children)}>"


@dataclass(slots=True)
class IndexEntry:
    """An ``@findex``/``@cindex``... entry: its index (``fn``, ``cp``...), text and place."""

    index: str
    text: str
    path: str
    line: int
    #: The table entry (``@item``) the index command sits in, if any.
    entry: Element | None = None


#: Index commands and the index they write to (texinfo's two-letter names).
INDEX_COMMANDS = {"cindex": "cp", "findex": "fn", "kindex": "ky", "pindex": "pg", "vindex": "vr", "tindex": "tp"}


@dataclass(slots=True)
class Document:
    """A parsed texinfo file with everything it included.

    ``values`` are the flags after the whole file was read (``@set``);
    ``index`` every index entry in order; ``files`` every file read, the
    main file first.  ``@c man begin SECTION`` / ``@c man end`` markers are
    ``man`` elements in the tree, where they were written.
    """

    root: Element
    values: dict[str, str]
    index: list[IndexEntry]
    files: list[str]
    #: The lines of every file read, by path (what ``Element.line`` indexes).
    sources: dict[str, list[str]] = field(default_factory=dict)

    def source_lines(self, element: Element) -> list[str]:
        """The raw lines from ``element``'s line to its ``end_line`` (inclusive)."""
        lines = self.sources.get(element.path, [])
        return lines[element.line - 1 : (element.end_line or element.line)]
