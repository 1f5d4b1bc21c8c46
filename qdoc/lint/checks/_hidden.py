"""Options QEMU hides on purpose: one reason, and one information finding, for every check that meets one.

QEMU keeps some DEFs out of ``-help`` or out of the manual deliberately
(the reader records why on :attr:`~qdoc.model.Option.hidden`: an empty help
text, ``HXCOMM Internal use``, ``HXCOMM Deprecated by ...``, a DEF whose
documentation block is empty: :mod:`qdoc.readers.hx.hidden`).

Checks that would report such an option as a gap (QD101 undocumented,
QD104 not in -help, QD107 gone unannounced, QD205 kept after removal) ask
:func:`hidden_on_purpose` first: it gives the information finding that says
why, in the same words for all of them, or None for an ordinary option.
"""

from __future__ import annotations

from ... import keys
from ...model import Location, Option
from ..findings import Finding


def hidden_on_purpose(check_rule, option: Option, fact: str, location: Location | None, so: str = "") -> Finding | None:
    """``fact`` about a hidden option as information saying why (``..., on purpose: QEMU hides it (why)``), or None.

    ``so`` adds what follows from it (``users were never shown it``).
    """
    reason = option.hidden
    if reason is None:
        return None
    message = f"{fact}, on purpose: QEMU hides it ({reason})" + (f", so {so}" if so else "")
    return check_rule.finding(message, location, severity="info", subject=keys.option_key(option.name))
