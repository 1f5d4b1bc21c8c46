"""Which rendered definition-list item documents which synopsis of the model: matched by the term's text.

``hxtool-doc`` and ``qemu:options`` render rST whose items the model
already knows (each synopsis with its source line).  Matching an item to
the model by the line docutils gives it does not work across docutils
releases: before 0.21 a definition-list item carries the line where its
definition *ends* (``-b y`` of a three-line item gets the line of the
nested ``k=v`` under it), so lines collide and options went missing with
no warning (37 of QEMU 10.2's 542 option ids on docutils 0.18).  The term's
text is what both docutils and the reader parsed; it names the synopsis
exactly.  When several synopses read the same (``-serial`` documents two
``telnet`` forms), the k-th such item is the k-th such synopsis in source
order, as both follow the file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TypeVar

from docutils import nodes

T = TypeVar("T")


def term_text(text: str) -> str:
    """A term or synopsis as compared: whitespace runs as one space."""
    return " ".join(text.split())


def match_terms(
    items: Iterable[nodes.definition_list_item],
    described: dict[int, list[T]],
    source: str,
    synopsis_text,
) -> Iterator[tuple[nodes.definition_list_item, nodes.term, int, list[T]]]:
    """``(item, term, line, matches)`` for each item of ``source`` whose term names a synopsis of ``described``.

    ``described`` maps a synopsis's source line to what is documented there;
    ``synopsis_text(entry)`` gives an entry's synopsis text.  ``line`` is
    the synopsis's line (the term's true line on any docutils).  Each line
    is matched once, in source order.
    """
    lines_by_text: dict[str, deque[int]] = {}
    for line in sorted(described):
        for text in dict.fromkeys(term_text(synopsis_text(entry)) for entry in described[line]):
            lines_by_text.setdefault(text, deque()).append(line)
    taken: set[int] = set()
    for item in items:
        if item.source != source:
            continue
        term = item.next_node(nodes.term)
        if term is None:
            continue
        lines = lines_by_text.get(term_text(term.astext()))
        while lines and lines[0] in taken:
            lines.popleft()  # matched already under another of its texts
        if not lines:
            continue
        line = lines.popleft()
        taken.add(line)
        yield item, term, line, described[line]
