"""Align an OCR'd option list with a reference option list.

The printed manual documents the options in the order of ``qemu-options.hx``,
and a nearby release's ``.hx`` documents nearly the same options in nearly
the same order.  Where the OCR lost an option's name line, its description
usually survives ("Display version information and exit"); where it kept a
damaged name (``.nidfile``), the neighbours tell which option it was.  So the
evidence for each reference option (a term line naming it, exactly or
nearly; a sentence that reads like the start of its description) is scored,
and the heaviest chain of evidence that is in order both in the text and in
the reference is kept: the classic alignment of a noisy copy with its model.
Evidence out of order is rejected, which is what keeps a vague sentence from
being taken for an option it merely resembles.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ...model import OptionSet
from .text import OcrLine, words

#: How many opening words of a reference description are compared.
DESCRIPTION_WORDS = 20
#: Opening words read exactly that identify a description on their own.
OPENING_RUN = 8
#: Lowest description similarity taken as evidence at all.
MIN_DESCRIPTION_SCORE = 0.6
#: Evidence weights: an exact name line outweighs any description match.
EXACT_TERM_WEIGHT = 3.0
FUZZY_TERM_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 2.0

_SENTENCE_START_RE = re.compile(r"(?<=[.!?:])\s+(?=[A-Z])")
# In a paragraph merged from many items, a description may start after a
# term or value that lost its line break: any capitalised word may begin one.
_WORD_START_RE = re.compile(r"\s+(?=[A-Z][a-z])")
#: Lines longer than this (in words) are taken as merged paragraphs.
MERGED_LINE_WORDS = 40
_MARKUP_RE = re.compile(r"[*`]")

Position = tuple[int, int]  # (line, column): document order


@dataclass(slots=True)
class ReferenceItem:
    """Options the reference documents with one text (``-hda``..``-hdd``)."""

    names: list[str]
    words: list[str]


@dataclass(slots=True)
class Segment:
    """A place in the text where a description may start: a line or a sentence."""

    position: Position
    text: str
    words: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    """Something in the text that stands for a reference item."""

    position: Position
    item: int
    weight: float
    kind: str  # "term" or "description"
    score: float  # similarity of the spelling or of the description (0..1)
    read: str  # the text as read
    term_index: int = -1


def reference_items(reference: OptionSet) -> list[ReferenceItem]:
    """The reference's options in documentation order, grouped by shared text."""

    def doc_line(option) -> int:
        where = option.locations.get("documentation") or option.locations.get("definition")
        return where.line if where else 0

    items: list[ReferenceItem] = []
    previous_text = None
    for option in sorted(reference.options, key=doc_line):
        # An option documented only by its forms (-nic, -tpmdev) is known by
        # the text of its first form.
        forms = [s.description for s in option.suboptions if s.kind == "form" and s.description]
        text = _MARKUP_RE.sub("", option.description or (forms[0] if forms else ""))
        opening = words(text)[:DESCRIPTION_WORDS]
        if items and opening and text == previous_text:
            items[-1].names.append(option.name)
            continue
        items.append(ReferenceItem([option.name], opening))
        previous_text = text
    return items


def segments(lines: list[OcrLine]) -> list[Segment]:
    """Every line start and sentence start of ``lines``."""
    out: list[Segment] = []
    for line in lines:
        pattern = _WORD_START_RE if len(line.words) > MERGED_LINE_WORDS else _SENTENCE_START_RE
        starts = [0] + [m.end() for m in pattern.finditer(line.text)]
        for start in starts:
            text = line.text[start:]
            out.append(Segment((line.number, start + 1 if start else 0), text, words(text[:600])))
    return out


def description_score(reference: list[str], text: list[str]) -> float:
    """How well ``text`` reads as the opening of a description (0..1)."""
    if not reference or not text:
        return 0.0
    window = text[: len(reference) + 2]
    matcher = difflib.SequenceMatcher(None, reference, window, autojunk=False)
    blocks = matcher.get_matching_blocks()
    matched = sum(block.size for block in blocks)
    ratio = 2.0 * matched / (len(reference) + len(window))
    # A long run of opening words read exactly is strong evidence even when
    # the paragraph then runs into another (merged) one.
    opening = blocks[0].size if blocks and blocks[0].a == 0 and blocks[0].b == 0 else 0
    return max(ratio, 0.9 * min(1.0, opening / OPENING_RUN))


def description_evidence(items: list[ReferenceItem], places: list[Segment]) -> list[Evidence]:
    """Sentences that read like the opening of a reference item's description."""
    found: list[Evidence] = []
    item_sets = [set(item.words) for item in items]
    for segment in places:
        if not segment.words:
            continue
        head = set(segment.words[: DESCRIPTION_WORDS + 10])
        for index, item in enumerate(items):
            wanted = item_sets[index]
            if not wanted or len(head & wanted) < max(1, len(wanted) // 2):
                continue
            score = description_score(item.words, segment.words)
            if score >= MIN_DESCRIPTION_SCORE:
                found.append(
                    Evidence(segment.position, index, DESCRIPTION_WEIGHT * score, "description", score, segment.text[:120])
                )
    return found


class _MaxTree:
    """Fenwick tree of (weight, evidence index) maxima over prefixes of item indexes."""

    def __init__(self, size: int):
        self.tree = [(0.0, -1)] * (size + 1)

    def update(self, index: int, value: tuple[float, int]) -> None:
        index += 1
        while index < len(self.tree):
            if value[0] > self.tree[index][0]:
                self.tree[index] = value
            index += index & -index

    def best_before(self, index: int) -> tuple[float, int]:
        """Best value over item indexes < ``index``."""
        best = (0.0, -1)
        while index > 0:
            if self.tree[index][0] > best[0]:
                best = self.tree[index]
            index -= index & -index
        return best


def heaviest_chain(evidence: list[Evidence], item_count: int) -> list[Evidence]:
    """The heaviest subset strictly increasing in text position and in item order."""
    order = sorted(range(len(evidence)), key=lambda i: evidence[i].position)
    tree = _MaxTree(item_count)
    total = [0.0] * len(evidence)
    back = [-1] * len(evidence)
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and evidence[order[end]].position == evidence[order[start]].position:
            end += 1
        batch = order[start:end]
        for i in batch:
            best, previous = tree.best_before(evidence[i].item)
            total[i] = best + evidence[i].weight
            back[i] = previous
        for i in batch:
            tree.update(evidence[i].item, (total[i], i))
        start = end
    if not evidence:
        return []
    last = max(range(len(evidence)), key=lambda i: total[i])
    chain = []
    while last >= 0:
        chain.append(evidence[last])
        last = back[last]
    return chain[::-1]
