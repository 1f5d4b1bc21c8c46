"""Reading deprecation and removal records for what they say about whole options.

A record's targets name every option its heading mentions, but a heading
may be about the option itself (````-tdf`` (removed in 2.12)``) or about
one aspect of it (````-drive`` with bogus interface type (removed in
6.0)``, ``Using ``-audiodev`` to define the default audio backend``).  Only
the first says the option is gone; treating the second as a removal would
report every surviving option as "still present after its removal".

So there are two readings.  :func:`mentioned_options`: every option a
record names (with no sub-option); enough to explain why an option that did
disappear is gone ("Creating sound card devices using ``-soundhw``").
:func:`whole_options`: only options the heading names and nothing else;
needed before claiming that an option *should* be gone.
"""

from __future__ import annotations

import re

from .model import Record

_VERSION_NOTE_RE = re.compile(r"\((?:since|removed in|deprecated in)[^)]*\)", re.I)
_LITERAL_RE = re.compile(r"``(.+?)``")
_CONNECTORS = re.compile(r"\b(?:and|or|the|option|options|argument|arguments|parameter|parameters|flag|flags)\b|[,&/:;]", re.I)


def _spellings(option: str) -> set[str]:
    return {option, "-" + option} if option.startswith("-") else {option}


def names_only(record: Record) -> bool:
    """Whether the heading is nothing but names (``-alt-grab`` and ``-display sdl,alt_grab=on``)."""
    heading = _VERSION_NOTE_RE.sub("", record.heading or record.feature)
    return bool(_LITERAL_RE.search(heading)) and not _CONNECTORS.sub("", _LITERAL_RE.sub("", heading)).strip()


def about_whole_option(record: Record, option: str) -> bool:
    """Whether ``record`` is about ``option`` itself, not an aspect of it."""
    heading = _VERSION_NOTE_RE.sub("", record.heading or record.feature)
    literals = _LITERAL_RE.findall(heading)
    if not any(literal.strip() in _spellings(option) for literal in literals):
        return False
    rest = _LITERAL_RE.sub("", heading)
    return not _CONNECTORS.sub("", rest).strip()


def whole_options(record: Record) -> list[str]:
    """The command-line options a record is about as a whole (``-tdf``, ``-alt-grab``)."""
    return [
        t.option
        for t in record.targets
        if t.option.startswith("-") and t.suboption is None and about_whole_option(record, t.option)
    ]


def mentioned_options(record: Record) -> list[str]:
    """Every command-line option a record names without a sub-option."""
    return [t.option for t in record.targets if t.option.startswith("-") and t.suboption is None]
