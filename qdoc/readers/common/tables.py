"""Tables of a rendered page: the outline block, its rST form, its model record.

The HTML reader (``<table>``) and the man reader (tbl's ``.TS``/``.TE``)
each read a table into a :class:`TableBlock` of plain-text cells; the .hx
reader reads the rST table docutils parsed into the same rows.  The outline
builder attaches each table to the option or sub-option whose own text holds
it (:func:`tables_of`), and the description keeps the table as an rST grid
table, which reads as a table and parses back to the same cells.
"""

from __future__ import annotations

import re

from ...model import Table
from .outline import Bullets, Container, escape_rst

#: Cell text that rST would read as the start of a list, a comment or a
#: directive rather than as a paragraph: escaped by a leading backslash.
_BLOCK_START_RE = re.compile(r"^(?:[-*+\u2022\u2023\u2043](?: |$)|\(?(?:\d+|[a-zA-Z]|#)[.)](?: |$)|\.\.(?: |$)|::$|[|>])")


class TableBlock:
    """A table in a page outline: rows of plain-text cells, the header row count, its line.

    Not an :class:`~qdoc.readers.common.outline._Node` subclass only so that
    the outline module need not import this one; it renders itself
    (:meth:`rst`), which is how :func:`~qdoc.readers.common.outline.render_rst`
    writes blocks defined outside the outline module.
    """

    __slots__ = ("rows", "header_rows", "line")

    def __init__(self, rows: list[list[str]], header_rows: int, line: int):
        self.rows, self.header_rows, self.line = rows, header_rows, line

    def __repr__(self) -> str:
        return f"TableBlock(rows={self.rows!r}, header_rows={self.header_rows!r}, line={self.line!r})"

    def rst(self) -> str:
        return grid_table_rst(self.rows, self.header_rows)


def cell_text(text: str) -> str:
    """A cell's text as the model keeps it: runs of whitespace made one space, ends stripped."""
    return " ".join(text.split())


def grid_table_rst(rows: list[list[str]], header_rows: int = 0) -> str:
    """``rows`` of plain text as an rST grid table (empty cells allowed, unlike a simple table's first column)."""
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    cells = [[_cell_rst(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    widths = [max(1, *(len(row[column]) for row in cells)) for column in range(width)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    header_rule = rule.replace("-", "=")
    lines = [rule]
    for number, row in enumerate(cells, 1):
        lines.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
        lines.append(header_rule if number == header_rows and number < len(cells) else rule)
    return "\n".join(lines)


def _cell_rst(text: str) -> str:
    text = escape_rst(text)
    return "\\" + text if _BLOCK_START_RE.match(text) else text


def tables_of(blocks: list, location_of) -> list[Table]:
    """The model tables of ``blocks`` (a body's own blocks), inside notes, quotes and bullet items too.

    ``location_of`` turns a line into the reader's shared :class:`Location`.
    Definition lists are not entered: their items are sub-options, which
    hold their own tables.
    """
    found: list[Table] = []
    for block in blocks:
        kind = type(block)
        if kind is TableBlock:
            found.append(Table(block.rows, location_of(block.line), block.header_rows))
        elif kind is Container:
            found.extend(tables_of(block.blocks, location_of))
        elif kind is Bullets:
            for item in block.items:
                found.extend(tables_of(item, location_of))
    return found
