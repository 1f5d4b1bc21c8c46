"""docutils' inline markup parser without its quadratic search for missing end-strings.

For every inline start-string (``*``, ``**``, ````, `````, ``|``, ``_```)
docutils searches the rest of the text block for the matching end-string.
When there is none, the search runs to the end of the block, and the next
start-string's search does it again: a block of 15,000 characters of ``*a``
took 1.5 s, and a page of such blocks a minute.

:func:`linear_inliner` gives each end-string pattern a memory of the last
text it was *not* found in.  docutils searches the remainder of the block
after each start-string, so the next text is usually a suffix of that one,
and in a suffix of a text without a match the pattern can only match where
the context differs, at the suffix's first two characters (the patterns'
look-behind reaches two characters back); only those are tried.  Results
are the same as docutils' own, match for match; the work left per
start-string is docutils' own copy of the remainder and one comparison of
it, at memory speed.

The other quadratic search, for standalone URIs and e-mail addresses, is
bounded instead (:class:`LongRunBudget`): docutils retries it from every
delimiter inside a run of characters an address may hold (``{``, ``-``,
``/``, ``'``), scanning the run each time, so its time grows with the square
of an unbroken run: one line of 9,000 ``{`` took 2.4 s.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Callable, Iterator

from docutils import nodes
from docutils.parsers.rst import states
from docutils.statemachine import StringList

#: The end-string patterns docutils searches the rest of a block with.
_END_PATTERNS = ("emphasis", "strong", "literal", "target", "substitution_ref", "interpreted_or_phrase_ref")
#: How far back the end-string patterns look (``(?<!(?<!\x00)[\s\x00])``): positions this
#: close to the start of a suffix see other characters than in the text it came from.
_LOOK_BEHIND = 2


class RememberingPattern:
    """A compiled pattern whose :meth:`search` skips what an earlier search already ruled out."""

    __slots__ = ("pattern", "missing_in")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.missing_in: str | None = None  # the last text with no match

    def search(self, text: str) -> re.Match | None:
        missing_in = self.missing_in
        if missing_in is not None and len(text) <= len(missing_in) and missing_in.endswith(text):
            for position in range(min(_LOOK_BEHIND, len(text))):
                found = self.pattern.match(text, position)
                if found is not None:
                    return found
            return None
        found = self.pattern.search(text)
        if found is None:
            self.missing_in = text
        return found

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)


def linear_inliner() -> states.Inliner:
    """docutils' own :class:`~docutils.parsers.rst.states.Inliner`, its end-string searches remembered.

    An instance whose set-up is wrapped, not a subclass: docutils builds its
    patterns from the attributes of the inliner's own class (``vars``), which
    a subclass would not have.
    """
    inliner = states.Inliner()
    set_up = inliner.init_customizations

    def init_customizations(settings) -> None:
        set_up(settings)
        for name in _END_PATTERNS:
            setattr(inliner.patterns, name, RememberingPattern(getattr(inliner.patterns, name)))

    inliner.init_customizations = init_customizations
    return inliner


#: Unbroken runs (no whitespace) longer than this are charged to :data:`LONG_RUN_BUDGET`.
LONG_RUN = 100
#: Sum of the squares of a page's long runs docutils is given, about half a second of
#: its URI search; QEMU's pages spend at most 1.3 M (qemu-options.hx's, 4.2.50).
LONG_RUN_BUDGET = 4_000**2
_LONG_RUN_RE = re.compile(r"\S{%d,}" % (LONG_RUN + 1))
#: What a block past the budget is reported as, wherever its text comes from.
LONG_RUNS_CODE = "rst-long-runs"
LONG_RUNS_MESSAGE = (
    f"text block with runs of more than {LONG_RUN} characters without a space, past the page's budget "
    f"(docutils' search for addresses in them grows with their square): not parsed"
)


class LongRunBudget:
    """What one page may spend on long unbroken runs, its own text and what it includes together.

    :meth:`strip` charges blocks in order; a block that would exceed
    :data:`LONG_RUN_BUDGET` is emptied (line numbers kept) and ``refuse`` is
    called with its first line, and later blocks that fit are still read.
    A page's parse keeps one in ``document.settings.qdoc_long_runs``, for
    directives that insert text (``include``) to charge it there.
    """

    def __init__(self, budget: int = LONG_RUN_BUDGET):
        self.left = budget

    def strip(self, text: str, refuse: Callable[[int], None]) -> str:
        if not _LONG_RUN_RE.search(text):
            return text
        lines = text.split("\n")
        start, cost, emptied = 0, 0, False
        for number, line in enumerate([*lines, ""]):
            if line.strip():
                cost += sum(len(run) ** 2 for run in _LONG_RUN_RE.findall(line))
                continue
            if cost > self.left:
                refuse(start + 1)
                lines[start:number] = [""] * (number - start)
                emptied = True
            else:
                self.left -= cost
            start, cost = number + 1, 0
        return "\n".join(lines) if emptied else text



def page_long_runs(document: nodes.document) -> LongRunBudget:
    """The budget of ``document``'s page, made on first use where the page's parse set none (Sphinx's)."""
    budget = getattr(document.settings, "qdoc_long_runs", None)
    if budget is None:
        budget = document.settings.qdoc_long_runs = LongRunBudget()
    return budget


def charge_long_runs(document: nodes.document, lines: StringList,
                     refuse: Callable[[str, int], None]) -> StringList:
    """``lines`` (rST a directive is about to parse) charged to the page's budget.

    Blocks past the budget are emptied, and ``refuse`` is called with the
    source and 1-based line each came from (a .hx file's, for text generated
    from one), so the error points at the input, not at generated rST.
    """
    text = "\n".join(lines.data)
    refused: list[int] = []
    stripped = page_long_runs(document).strip(text, refused.append)
    if not refused:
        return lines
    for first in refused:
        source, offset = lines.info(first - 1)
        refuse(source or "", (offset or 0) + 1)
    return StringList(stripped.split("\n"), items=list(lines.items))


@contextmanager
def linear_inline_markup(state: states.RSTState) -> Iterator[None]:
    """Nested parses under ``state`` use :func:`linear_inliner`, then the page's own inliner again.

    For directives that insert generated rST into a parse qdoc does not run
    (Sphinx's): docutils' states take the inliner from the shared ``memo``
    each time a nested parse starts.  An inliner other than docutils' own
    (another extension's) is left alone.
    """
    memo = state.memo
    own = memo.inliner
    if type(own) is not states.Inliner:
        yield
        return
    inliner = linear_inliner()
    inliner.init_customizations(memo.document.settings)
    memo.inliner = inliner
    try:
        yield
    finally:
        memo.inliner = own
