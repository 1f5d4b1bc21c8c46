"""The tables of an rST text (grid or simple), as docutils parses them.

rST tables are docutils' to read: grid and simple tables, spans, cells that
hold paragraphs or lists.  :func:`rst_tables` parses a text with qdoc's
lenient docutils parse (:mod:`qdoc.readers.rst.parsing`) and returns each
``table`` node's rows as plain-text cells, the way the HTML and man readers
read the same table from the pages built from it.

docutils (and the rST reader) are imported, and the text parsed, only when a
line of the text can be a table border: most texts have no table, the .hx
reader must stay fast, and the rST reader itself imports the .hx reader.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .tables import cell_text

#: A line that can be a table's top border: ``=====  =====`` (simple) or ``+---+---+`` (grid).
_BORDER_RE = re.compile(r"^[ \t]*(?:=+(?:[ \t]+=+)*|\+(?:[-=]+\+)+)[ \t]*$", re.M)


class RstTable(NamedTuple):
    """One table: the 0-based line of its top border in the text, its rows, its header rows."""

    line: int
    rows: tuple[tuple[str, ...], ...]
    header_rows: int


def may_hold_table(text: str) -> bool:
    """False when no line of ``text`` can be a table border (then it holds no table).

    Substring tests first (a border has ``==``, ``= =`` or ``+-``; only a
    one-column simple table one character wide has none of them, and is
    not looked for): the search, anchored at every line start, costs ten
    times more, and it runs on the text of every .hx item.
    """
    if "==" not in text and "+-" not in text and "= =" not in text:
        return False
    return _BORDER_RE.search(text) is not None


def top_borders(lines: list[str]) -> list[int]:
    """Indexes of the lines that can start a table: a border line after a blank line or at the start."""
    return [
        index for index, line in enumerate(lines)
        if (index == 0 or not lines[index - 1].strip()) and _BORDER_RE.fullmatch(line)
    ]


@lru_cache(maxsize=256)
def rst_tables(text: str) -> tuple[RstTable, ...]:
    """Every table of ``text``, in document order (tables nested in a cell's text are part of that cell).

    Memoised: QEMU repeats its tables verbatim from release to release.
    """
    if not may_hold_table(text):
        return ()
    from docutils import nodes

    from ..rst.parsing import parse

    document = parse(text, "<table>").document
    borders = [text.count("\n", 0, m.start()) for m in _BORDER_RE.finditer(text)]
    tables = []
    for table in document.findall(nodes.table):
        if any(isinstance(parent, nodes.table) for parent in _ancestors(table)):
            continue
        rows: list[tuple[str, ...]] = []
        header_rows = 0
        for group in table.children:  # one tgroup: docutils' tables have no column groups
            if not isinstance(group, nodes.tgroup):
                continue
            for part in group.children:
                if isinstance(part, (nodes.thead, nodes.tbody)):
                    for row in part.children:
                        rows.append(tuple(cell_text(_plain(entry)) for entry in row.children if isinstance(entry, nodes.entry)))
                        if isinstance(part, nodes.thead):
                            header_rows += 1
        tables.append(RstTable(_top_border(table, borders), tuple(rows), header_rows))
    return tuple(tables)


def _ancestors(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _plain(node) -> str:
    """The text of a cell: paragraphs joined by spaces, docutils' own messages left out."""
    from docutils import nodes

    if isinstance(node, nodes.system_message):
        return ""  # docutils' note about the cell (a lone "\" looks like a title overline), not its text
    if isinstance(node, nodes.Text):
        return node.astext()
    joiner = "" if isinstance(node, (nodes.TextElement, nodes.Inline)) else " "
    return joiner.join(_plain(child) for child in node.children)


def _top_border(table, borders: list[int]) -> int:
    """The 0-based line of the table's top border: the last border line above its first text."""
    from docutils import nodes

    lines = [p.line for p in table.findall(nodes.paragraph) if p.line]
    if not lines:
        return borders[0] if borders else 0
    first_text = min(lines) - 1  # docutils counts lines from 1
    above = [b for b in borders if b < first_text]
    return above[-1] if above else first_text
