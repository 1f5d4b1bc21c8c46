"""``str.find`` for a reader that moves forward through a text, without scanning it twice.

A reader looking for the end of each construct (the ``)`` that closes a
DEF call, the ``ERST`` that closes a block) searches from each start.  In
a well-formed file the answer is close by; in a file of unclosed
constructs every search runs to the end (or to its window), and a file of
n constructs costs n scans of the file.  Remembering the last answer keeps
that linear: a later search reuses what an earlier one already scanned.
"""

from __future__ import annotations


class ForwardFind:
    """``text.find(needle, start, start + window)`` for starts that do not go back.

    ``window`` bounds each search (None: to the end of the text).  A start
    before the previous one is answered correctly too, by a fresh search.
    """

    def __init__(self, text: str, needle: str, window: int | None = None):
        self.text = text
        self.needle = needle
        self.window = window
        # In text[self.lo:self.hi] the first needle is at self.found (-1: none).
        self.lo = self.hi = 0
        self.found = -1

    def after(self, start: int) -> int:
        """The first ``needle`` at or after ``start`` that ends within the window; -1 if none."""
        limit = len(self.text) if self.window is None else start + self.window
        if self.lo <= start:
            if self.found >= start:
                return self.found if self.found + len(self.needle) <= limit else -1
            if self.found < 0 and start < self.hi:
                # Nothing in [start, hi): search only past what was seen (a match may straddle hi).
                found = self.text.find(self.needle, max(start, self.hi - len(self.needle) + 1), limit)
                self.lo, self.hi, self.found = start, max(self.hi, limit), found
                return found
        found = self.text.find(self.needle, start, limit)
        self.lo, self.hi, self.found = start, limit, found
        return found
