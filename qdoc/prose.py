"""Facts stated in prose: "This option is deprecated", "use X instead", defaults.

Option descriptions in every format say things the structure does not: that
an option or property is deprecated, what replaces it, what its default is.
These helpers pull such statements out of text (rST or plain) with the exact
sentence they came from, so a finding can quote its evidence.
"""

from __future__ import annotations

import re

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])|\n\s*\n")
# What to use instead: the phrase after "use", "replaced by", "synonym for",
# "in favour of", "obsoleted by".  The phrase runs to the end of the clause,
# but a ``literal`` or a parenthesis is taken whole (``-device ide-hd,drive=dr``
# must not be cut at its commas), and a comma before a literal does not end
# it ("use ``A``, ``B`` or ``C`` instead").  Each character of a phrase can be read one
# way only (a literal's text cannot contain two backticks, so it ends at the
# first pair; ``.+?`` there let n literals be split 2**n ways, and a sentence
# with twenty took 20 s to fail), and a phrase, a literal and a parenthesis
# are bounded, so every "use" starts a scan of bounded length: a read stays
# linear in its input whatever the input.
_PHRASE = r"((?:``(?:[^`]|`(?!`)){1,300}``|\([^()]{0,300}\)|,\s+(?=(?:(?:or|and)\s+)?``)|[.,](?!\s|$)|[^.;,`(]){1,300}?)"
_CLAUSE_END = r"(?=[.;:,]?\s*$|[.;:](?:\s|$)|,\s)"
_REPLACEMENT_RE = re.compile(
    r"\b(?:[Pp]lease\s+)?[Uu]se\s+" + _PHRASE + r"\s+instead\b"
    r"|\b(?:[Rr]eplaced|[Oo]bsoleted|[Ss]uperseded)\s+by\s+(?:either\s+)?" + _PHRASE + _CLAUSE_END
    + r"|\bshould\s+(?:now\s+)?be\s+(?:specified|configured|set|done|created)\s+(?:via|with|using|by)\s+" + _PHRASE + _CLAUSE_END
    + r"|\b[Ss]ynonym\s+(?:for|of)\s+" + _PHRASE + _CLAUSE_END
    + r"|\bin\s+favou?r\s+of\s+" + _PHRASE + _CLAUSE_END,
    re.S,
)
_NO_REPLACEMENT_RE = re.compile(r"\b(?:no|without(?:\s+a)?)\s+replacement\b", re.I)
_SINCE_RE = re.compile(r"\b(?:[Ss]ince|[Aa]s\s+of)\s+(?:QEMU\s+|version\s+|release\s+)?v?(\d+\.\d+(?:\.\d+)?)")
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
    r"|\bdeprecated\s+(?:since|in\s+favou?r|and\s+will|and\s+should|and\s+may|as\s+of|synonym|alias)\b"
    r"|^\W*deprecated\b(?!-)"
    # Statements that say the same without the word: a legacy spelling kept
    # as a synonym, an option on its way out.
    r"|\b(?:is|are)\s+now\s+(?:just\s+|only\s+)?(?:an?\s+)?(?:synonym|alias)\s+(?:for|of)\b"
    r"|\b(?:has|have)\s+been\s+obsoleted\s+by\b"
    r"|\bwill\s+be\s+removed\s+(?:in|from)\s+(?:a\s+)?future\b",
    re.I,
)
_DEPRECATION_HINTS = ("eprecat", "synonym", "alias", "obsolete", "will be removed")


def deprecation_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that state that something is deprecated."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _DEPRECATION_HINTS):
        return []
    return [s for s in sentences(text) if _DEPRECATION_STATEMENT_RE.search(s)]


def replacement(sentence: str) -> str | None:
    """What a deprecation sentence says to use instead, if it says."""
    m = _REPLACEMENT_RE.search(sentence)
    if not m:
        return None
    found = next(g for g in m.groups() if g)
    return " ".join(found.split()).rstrip(".")


def stated_replacement(text: str) -> str | None:
    """What a passage (a deprecation entry's body) says replaces the feature.

    The first sentence naming a replacement wins; "there is no replacement"
    gives ``""``; a passage that says neither gives None.
    """
    if not text:
        return None
    lowered = text.lower()
    if any(word in lowered for word in ("instead", " by", "synonym", "favo", "should")):
        for sentence in sentences(text):
            found = replacement(sentence)
            if found:
                return found
    if _NO_REPLACEMENT_RE.search(text):
        return ""
    return None


#: A substitution reference standing for a version: ``|VER_MACHINE_DEPRECATION_VERSION|``.
_VERSION_SUBSTITUTION_RE = re.compile(r"\|(\w*VER\w*)\|")


def version_substitution(text: str) -> str | None:
    """The substitution a text gives its version as (``|VER_MACHINE_DELETION_VERSION|``), or None.

    QEMU's rolling list entries (all machine types of version N or older)
    name their version so, and its ``conf.py`` fills it in at build time.
    """
    m = _VERSION_SUBSTITUTION_RE.search(text)
    return f"|{m.group(1)}|" if m else None


def stated_since(sentence: str) -> str | None:
    """The version a sentence dates something from ("deprecated since QEMU 8.1")."""
    m = _SINCE_RE.search(sentence)
    return m.group(1) if m else None


def _conditional(text: str, position: int) -> bool:
    """Whether the sentence around ``position`` states a default under a condition."""
    start = max(text.rfind(". ", 0, position), text.rfind("\n\n", 0, position)) + 1
    end = text.find(". ", position)
    sentence = text[start : end if end >= 0 else len(text)].lower()
    return "otherwise" in sentence or sentence.lstrip().startswith(("for ", "if ", "when ", "unless "))


def stated_default(text: str) -> str | None:
    """The default value a description states ("The default is on", "(default: tcg)")."""
    index = text.find("efault")
    while index >= 0:
        for back, pattern in _DEFAULT_FORMS:
            if index >= back:
                m = pattern.match(text, index - back)
                if m:
                    if _conditional(text, m.start()):
                        return None  # "For accel=xen the default is off otherwise on"
                    return m.group(1).strip().strip("`\"'*").strip()
        index = text.find("efault", index + 6)
    return None
