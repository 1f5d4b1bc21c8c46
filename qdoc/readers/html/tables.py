"""HTML ``<table>`` elements (docutils' tables) to a :class:`~qdoc.readers.common.tables.TableBlock`.

docutils writes an rST table as ``<table>`` with an optional ``<thead>``
(the rows above the header rule) and a ``<tbody>``; older writers and
hand-made pages put the ``<tr>`` straight under ``<table>``.  Rows are taken
in document order from the table itself and its row groups, not from tables
nested in a cell (whose text is part of that cell).  Cells (``<td>``,
``<th>``) are plain text, whitespace made single spaces.
"""

from __future__ import annotations

from ..common.tables import TableBlock, cell_text

_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})


def read_table(table, text_of) -> TableBlock:
    """The rows of the lxml element ``table``; ``text_of`` gives an element's text (the outliner's, which knows damage)."""
    rows: list[list[str]] = []
    header_rows = 0
    header_open = True  # thead rows count as header rows only before the first body row
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(_cells(child, text_of))
            header_open = False
        elif tag in _ROW_GROUPS:
            for tr in child:
                if tr.tag == "tr":
                    rows.append(_cells(tr, text_of))
                    if tag == "thead" and header_open:
                        header_rows += 1
            if tag != "thead":
                header_open = False
    return TableBlock(rows, header_rows, table.sourceline or 1)


def _cells(tr, text_of) -> list[str]:
    return [cell_text(text_of(cell)) for cell in tr if cell.tag in _CELLS]
