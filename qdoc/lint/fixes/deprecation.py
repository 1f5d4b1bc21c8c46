"""Fix of an option deprecated.rst lists whose own item does not say so: QEMU's usual sentence (QD202)."""

from __future__ import annotations

import re

from ...keys import option_key
from ...records import resolve
from . import Edit, fixer

_TERM_OPTION_RE = re.compile(r"\s*``(-{1,2}[\w-]+)")
_LITERAL_RE = re.compile(r"``[^`]+``")


@fixer("QD202", "unsafe")
def deprecation_sentence(finding, sources):
    """Add "This option is deprecated, please use ``X`` instead." as the last paragraph of the option's item.

    ``X`` is the replacement the deprecation entry names (its first
    literal); an entry naming none gives "This option is deprecated."
    Unsafe: the wording and place are QEMU's habit, not the only right
    ones; review the change.  Only a whole option's item in an .hx SRST
    block is edited (a form or property shares its item with others).
    """
    location = finding.location
    subject = finding.subject  # a whole option's key; a form's or property's finding carries none
    if not subject or "/" in subject or not location.path.endswith(".hx") or not location.line:
        return None
    raw = sources.file(location.path)
    if raw is None or sources.hx_part(location.path, location.line) != "rst":
        return None
    term = raw.line(location.line)
    named = _TERM_OPTION_RE.match(term)
    if named is None or option_key(named.group(1)) != subject:
        return None
    indent = len(term) - len(term.lstrip())
    last = location.line
    body_indent = None
    number = location.line + 1
    while number <= raw.count and sources.hx_part(location.path, number) == "rst":
        text = raw.line(number)
        if text.strip():
            own = len(text) - len(text.lstrip())
            if own <= indent:
                break
            body_indent = own if body_indent is None else body_indent
            last = number
        number += 1
    if body_indent is None:
        return None  # a term with no text: where its note goes is not clear
    sentence = "This option is deprecated" + _instead(_replacement(sources, location.path, subject)) + "."
    newline = raw.newline(last)
    end = raw.line_end(last)
    return (Edit(location.path, end, end, newline + newline + " " * body_indent + sentence),)


def _replacement(sources, path: str, option: str) -> str | None:
    """The replacement the release's deprecation entry for ``option`` names, as rST."""
    release = sources.release_of(path)
    key = option_key(option)
    for record in getattr(release, "deprecation_records", ()):
        resolution = resolve(record)
        if any(named.key == key for named in resolution.whole("option")):
            return resolution.replacement
    return None


def _instead(replacement: str | None) -> str:
    literal = _LITERAL_RE.search(replacement or "")
    return f", please use {literal.group(0)} instead" if literal else ""
