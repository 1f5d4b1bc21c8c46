"""Options QEMU hides on purpose: one reason, and one information finding, for every check that meets one.

QEMU keeps some DEFs out of ``-help`` or out of the manual deliberately
(the reader records why on :attr:`~qdoc.model.Option.hidden`: an empty help
text, ``HXCOMM Internal use``, ``HXCOMM Deprecated by ...``).  One more
convention is seen only in the .hx text itself: a DEF followed by a
documentation block with nothing in it (``-writeconfig`` in QEMU 6.0 to
7.0, deprecated, its SRST block emptied) is kept out of the manual as an
empty help text keeps a DEF out of ``-help``.

Checks that would report such an option as a gap (QD101 undocumented,
QD104 not in -help, QD107 gone unannounced, QD205 kept after removal) ask
:func:`hidden_on_purpose` first: it gives the information finding that says
why, in the same words for all of them, or None for an ordinary option.
"""

from __future__ import annotations

from ... import keys
from ...model import Location, Option
from ..findings import Finding

#: Lines of an .hx file that open a documentation block, and the line that closes each.
_BLOCKS = {"SRST": "ERST", "STEXI": "ETEXI"}
#: Directives after which a DEF has no block of its own any more.
_NEXT_ENTRY = ("DEF(", "DEFHEADING", "ARCHHEADING")


def why_hidden(option: Option, release) -> str | None:
    """Why QEMU keeps ``option`` out of -help or the manual on purpose, or None when it does not."""
    return option.hidden or empty_block(option, release)


def empty_block(option: Option, release) -> str | None:
    """The reason "its documentation block is empty", when the DEF is followed by a block with nothing in it."""
    definition = option.locations.get("definition")
    text = _text_of(release, definition)
    if text is None:
        return None
    lines = text.split("\n")
    for number in range(definition.line, len(lines)):  # the line after the DEF's first (1-based numbers)
        line = lines[number]
        if line.startswith(_NEXT_ENTRY):
            return None
        closing = _BLOCKS.get(line.strip())
        if closing is None:
            continue
        for inside in lines[number + 1 :]:
            if inside.strip() == closing:
                return f"its {line.strip()} block after the DEF is empty: the manual shows nothing for it"
            if inside.strip():
                return None
        return None
    return None


def _text_of(release, location: Location | None) -> str | None:
    if location is None or release is None:
        return None
    for source in release.files:
        if source.path == location.path and source.format == "hx":
            return source.text
    return None


def hidden_on_purpose(check_rule, option: Option, release, fact: str, location: Location | None, so: str = "") -> Finding | None:
    """``fact`` about a hidden option as information saying why (``..., on purpose: QEMU hides it (why)``), or None.

    ``so`` adds what follows from it (``users were never shown it``).
    """
    reason = why_hidden(option, release)
    if reason is None:
        return None
    message = f"{fact}, on purpose: QEMU hides it ({reason})" + (f", so {so}" if so else "")
    return check_rule.finding(message, location, severity="info", subject=keys.option_key(option.name))
