"""Tables of .hx documentation items, as templates (see :mod:`qdoc.readers.hx.blocks`).

An item's tables are those of its own text (the body without its nested
items, which hold their own), read by docutils through
:func:`qdoc.readers.common.rst_tables.rst_tables`; the description keeps the
table as written.  Only rST (SRST) items: texinfo blocks of QEMU <= 4.2 draw
the -drive cache table as box characters in an ``@example``, not as a table.

A template keeps the table's text; docutils reads it when the template is
made into the model, within the file's budget (:func:`table_budget`):
docutils reads tables at about 100 K characters a second, and sets up each
parse in about a millisecond, so an .hx of nothing but tables (hostile, or
broken) would take minutes, while QEMU's files hold one table of under a
thousand characters.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from typing import Iterator

from ...model import Diagnostic, Location, OptionSet, Table
from ..common.rst_tables import may_hold_table, rst_tables, top_borders
from .docitems import DocItem

#: Characters of table text docutils reads per .hx file; tables past it keep only their text.
MAX_TABLE_CHARS = 32 * 1024
#: What each table costs besides its characters: docutils' set-up for one parse
#: takes as long as reading about a thousand characters of table.
TABLE_OVERHEAD_CHARS = 1024


class TableBudget:
    """What is left of a file's :data:`MAX_TABLE_CHARS`, and the lines of the tables it refused."""

    def __init__(self, limit: int = MAX_TABLE_CHARS):
        self.left = limit
        self.refused: list[int] = []

    def charge(self, size: int, line: int) -> bool:
        if size > self.left:
            self.refused.append(line)
            return False
        self.left -= size
        return True


_BUDGET: contextvars.ContextVar[TableBudget | None] = contextvars.ContextVar("qdoc_hx_table_budget", default=None)


@contextlib.contextmanager
def table_budget(limit: int = MAX_TABLE_CHARS) -> Iterator[TableBudget]:
    """The budget of the tables made into the model inside the ``with`` (one file's reading)."""
    budget = TableBudget(limit)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


@dataclass(frozen=True)
class TableT:
    """A table's rST text and the line (relative to the block) of its top border."""

    source: str
    line: int

    def make(self, path: str, base: int) -> list[Table]:
        budget = _BUDGET.get()
        if budget is not None and not budget.charge(len(self.source) + TABLE_OVERHEAD_CHARS, base + self.line):
            return []
        return [Table([list(row) for row in t.rows], Location(path, base + self.line + t.line), t.header_rows)
                for t in rst_tables(self.source)]


def make_tables(templates: tuple[TableT, ...], path: str, base: int) -> list[Table]:
    return [table for template in templates for table in template.make(path, base)]


def own_tables(item: DocItem) -> tuple[TableT, ...]:
    """The tables of ``item``'s own text, each as the text block docutils will read."""
    if item.markup != "rst" or not item.body or not may_hold_table("\n".join(item.body)):
        return ()  # most items: one search in C, no line-by-line scan
    covered: set[int] = set()
    for child in item.children:
        covered.update(range(child.line, child.end_line + 1))
    numbered = [(item.body_line + i, text) for i, text in enumerate(item.body) if item.body_line + i not in covered]
    lines = [text for _, text in numbered]
    return tuple(TableT("\n".join(lines[start:_table_end(lines, start)]), numbered[start][0]) for start in top_borders(lines))


def _table_end(lines: list[str], start: int) -> int:
    """Where the table whose top border is ``lines[start]`` ends, by rST's rules.

    A grid table is a text block (it ends at a blank line); a simple table
    may have blank lines between its rows and ends at a border line followed
    by a blank line or the end of the text.
    """
    end = start + 1
    if lines[start].lstrip().startswith("+"):
        while end < len(lines) and lines[end].strip():
            end += 1
        return end
    border = lines[start].strip()[:1]
    while end < len(lines):
        line = lines[end].strip()
        end += 1
        if line and set(line) <= {border, " "} and (end == len(lines) or not lines[end].strip()):
            return end
    return end


def report_refused_tables(option_set: OptionSet, budget: TableBudget, path: str) -> None:
    """A warning at the first table the file's budget left unread, with how many more (their text stays in the descriptions)."""
    if not budget.refused:
        return
    count = len(budget.refused)
    option_set.diagnostics.append(Diagnostic(
        "warning", "hx-table-budget",
        f"more than {MAX_TABLE_CHARS // 1024} K characters of tables in this file: this table"
        + (f" and the {count - 1} after it are" if count > 1 else " is") + " kept as text only, not as tables",
        Location(path, budget.refused[0]),
    ))
    option_set.diagnostics.sort(key=lambda d: (d.location.line if d.location else 0))
