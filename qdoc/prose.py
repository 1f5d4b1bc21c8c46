"""Facts stated in prose: "This option is deprecated", "use X instead", defaults.

Option descriptions in every format say things the structure does not: that
an option or property is deprecated, what replaces it, what its default is.
These helpers pull such statements out of text (rST or plain) with the exact
sentence they came from, so a finding can quote its evidence.
"""

from __future__ import annotations

import re

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])|\n\s*\n")
_REPLACEMENT_RE = re.compile(
    r"\b(?:[Pp]lease\s+)?[Uu]se\s+(.+?)\s+instead\b|\b[Rr]eplaced\s+by\s+(.+?)(?:[.;,]|$)"
    r"|\b[Ss]ynonym\s+for\s+(.+?)(?:[.;,]|$)|\bin\s+favou?r\s+of\s+(.+?)(?:[.;,]|$)",
    re.S,
)
# Anchored at the "efault" of each occurrence (found with str.find): an
# unanchored alternation would be tried at every character of long texts.
_DEFAULT_FORMS = (
    (2, re.compile(r"\([Dd]efault[:=]\s*([^)]+?)\s*\)")),
    (5, re.compile(r"[Tt]he\s+default\s+(?:value\s+)?is\s+([^\s,;]+?)[.,;]?(?:\s|$)")),
    (1, re.compile(r"[Dd]efaults?\s+to\s+([^\s.,;]+)")),
)


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph-ish text, whitespace normalised."""
    return [" ".join(s.split()) for s in _SENTENCE_END_RE.split(text) if s and s.strip()]


# "is deprecated", "has been deprecated", "deprecated since 2.10", "now
# deprecated": a statement, not "the (deprecated) variables" or
# "deprecated-input=accept".
_DEPRECATION_STATEMENT_RE = re.compile(
    r"\b(?:is|are|was|were|been|being|now|considered|marked(?:\s+as)?)\s+(?:\w+\s+)?deprecated\b(?!-)"
    r"|\bdeprecated\s+(?:since|in\s+favou?r|and\s+will|and\s+should|and\s+may|as\s+of)\b"
    r"|^\W*deprecated\b(?!-)",
    re.I,
)


def deprecation_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that state that something is deprecated."""
    if "eprecat" not in text:
        return []
    return [s for s in sentences(text) if _DEPRECATION_STATEMENT_RE.search(s)]


def replacement(sentence: str) -> str | None:
    """What a deprecation sentence says to use instead, if it says."""
    m = _REPLACEMENT_RE.search(sentence)
    if not m:
        return None
    found = next(g for g in m.groups() if g)
    return found.strip().rstrip(".")


def stated_default(text: str) -> str | None:
    """The default value a description states ("The default is on", "(default: tcg)")."""
    index = text.find("efault")
    while index >= 0:
        for back, pattern in _DEFAULT_FORMS:
            if index >= back:
                m = pattern.match(text, index - back)
                if m:
                    return m.group(1).strip().strip("`\"'*").strip()
        index = text.find("efault", index + 6)
    return None
