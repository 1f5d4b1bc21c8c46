"""tbl tables (``.TS`` .. ``.TE``) of a man page to a :class:`~qdoc.readers.common.tables.TableBlock`.

Not a tbl formatter: a reader of the table's content as the docutils man
writer (the -drive cache-mode table) and hand-written pages give it.

- An options line ending in ``;`` (``box center;``, ``tab(:);``): ``tab(x)``
  sets the cell separator (a tab by default); the rest only affects layout.
- Format lines up to the one ending in ``.`` (``l|l|l.``), and again after
  ``.T&``: they say how cells are aligned, not what they hold.
- Data lines: cells separated by the tab character; a cell ``T{`` is a
  text block running to the line that starts with ``T}`` (which the next
  cell may follow, after a separator).  Requests inside a text block are
  layout (``.sp``, ``.INDENT``, ``.IP``) except font macros, whose text is
  kept.
- A line ``_`` or ``=`` is a rule; so is a cell holding only ``_``, ``=``,
  ``\\_`` or ``\\=`` (read as an empty cell).  The rows above the first
  ``=`` rule that has rows below it are header rows: that is how hand-written
  pages mark them (docutils marks none).

Cells are plain text (escapes and fonts removed, whitespace made single
spaces), as the model's :class:`~qdoc.model.Table` keeps them.
"""

from __future__ import annotations

import re

from ..common.tables import TableBlock, cell_text
from .troff import plain, request_arguments

_TAB_OPTION_RE = re.compile(r"\btab\s*\((.)\)")
_RULES = frozenset({"_", "=", "\\_", "\\="})
_FONT_MACROS = frozenset({"B", "I", "SM", "SB", "BI", "BR", "IB", "IR", "RB", "RI"})


class TblReader:
    """Reads one table from the line after ``.TS``; :meth:`read` returns the block and the next line's index."""

    def __init__(self, lines: list[str], index: int, line: int):
        self.lines = lines
        self.index = index
        self.line = line
        self.tab = "\t"
        self.rows: list[list[str]] = []
        #: How many rows stood above the first ``=`` rule (None: no such rule yet).
        self.above_double_rule: int | None = None
        #: False when the lines ran out before ``.TE``.
        self.closed = False

    def read(self) -> tuple[TableBlock, int]:
        self._preamble()
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            self.index += 1
            if _is_request(raw, "TE"):
                self.closed = True
                break
            if _is_request(raw, "T&"):
                self._format_lines()
            elif raw.strip() in _RULES:
                self._rule(raw.strip())
            elif raw[:1] in ".'":
                continue  # a request between rows (.sp): layout only
            else:
                self.rows.append(self._row(raw))
        above = self.above_double_rule
        header_rows = above if above is not None and above < len(self.rows) else 0
        return TableBlock(self.rows, header_rows, self.line), self.index

    # -- the table's head: options and format lines ---------------------------------

    def _preamble(self) -> None:
        if self.index < len(self.lines):
            first = self.lines[self.index]
            if first.rstrip().endswith(";"):
                tab = _TAB_OPTION_RE.search(first)
                if tab:
                    self.tab = tab.group(1)
                self.index += 1
        self._format_lines()

    def _format_lines(self) -> None:
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            if _is_request(raw, "TE"):
                return
            self.index += 1
            if raw.rstrip().endswith("."):
                return

    # -- the data --------------------------------------------------------------------

    def _rule(self, rule: str) -> None:
        if rule.endswith("=") and self.rows and self.above_double_rule is None:
            self.above_double_rule = len(self.rows)

    def _row(self, raw: str) -> list[str]:
        """The cells of the data line ``raw``, with the text blocks it opens read to their ``T}``."""
        cells: list[str] = []
        rest = raw
        while True:
            cell, separator, rest = rest.partition(self.tab)
            if cell.rstrip() == "T{":
                text, rest = self._text_block()
                cells.append(text)
                if rest is None:
                    break
                # ``T}`` ends the block; the row goes on after its separator.
                if not rest.startswith(self.tab):
                    break
                rest = rest[len(self.tab):]
                continue
            cells.append("" if cell.strip() in _RULES else cell_text(plain(cell)))
            if not separator:
                break
        return cells

    def _text_block(self) -> tuple[str, str | None]:
        """A ``T{`` block's text, and what follows its ``T}`` on that line (None at ``.TE`` or the end)."""
        parts: list[str] = []
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            if raw.startswith("T}"):
                self.index += 1
                return cell_text(" ".join(parts)), raw[2:]
            if _is_request(raw, "TE"):
                return cell_text(" ".join(parts)), None
            self.index += 1
            if raw[:1] in ".'":
                name, _, rest = raw[1:].lstrip().partition(" ")
                if name in _FONT_MACROS:
                    parts.append(plain(" ".join(request_arguments(rest))))
                continue
            parts.append(plain(raw))
        return cell_text(" ".join(parts)), None


def _is_request(raw: str, name: str) -> bool:
    if raw[:1] not in ".'":
        return False
    word = raw[1:].lstrip().split(" ", 1)[0]
    return word == name


def read_tbl(lines: list[str], index: int, line: int) -> tuple[TableBlock, int, bool]:
    """The table whose ``.TS`` is at ``line`` (data from ``lines[index]``): the block, the next index, whether ``.TE`` closed it."""
    reader = TblReader(lines, index, line)
    block, after = reader.read()
    return block, after, reader.closed
