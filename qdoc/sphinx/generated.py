"""Parsing the rST qdoc generates (``qemu:options``, ``hxtool-doc``) in time linear in its size.

Sphinx parses with docutils' own inliner, whose searches grow with the
square of hostile text: an end-string that is missing (``*a`` repeated),
and addresses in a long unbroken run (a 16,000-character line of ``a-``
in an SRST block took 8 s of ``qdoc man``, 60,000 characters minutes).
:func:`parse_generated` gives the text the same protection qdoc's own
reader gives a page (:mod:`qdoc.readers.rst.inliner`): the linear inliner,
and the page's budget for long runs, a block past it being left out with
an error at the line it came from (the .hx line), which makes ``qdoc man``
exit 2 without writing the page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import switch_source_input
from sphinx.util.nodes import nested_parse_with_titles

from ..readers.rst.inliner import LONG_RUNS_CODE, LONG_RUNS_MESSAGE, charge_long_runs, linear_inline_markup

logger = logging.getLogger(__name__)


def _refuse(source: str, line: int) -> None:
    logger.error(LONG_RUNS_MESSAGE, location=f"{source}:{line}", type="qdoc", subtype=LONG_RUNS_CODE)


def parse_generated(state, lines: StringList, node: nodes.Element) -> None:
    """Parse ``lines`` (titles allowed) into ``node`` as the directive at ``state`` would, linearly."""
    lines = charge_long_runs(state.document, lines, _refuse)
    with switch_source_input(state, lines), linear_inline_markup(state):
        nested_parse_with_titles(state, lines, node)
