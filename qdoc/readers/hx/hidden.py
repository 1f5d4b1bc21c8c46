"""Options QEMU hides on purpose, and why: its own conventions in an .hx file.

QEMU keeps some options out of ``-help`` and out of the manual deliberately,
and says so in the file:

- a ``DEF`` whose help string is empty gets no line of its own in
  ``-help`` (``-fdb``, ``-hdb``: named in the lines of ``-fda``/``-hda``;
  ``-qtest``);
- a ``DEF`` under ``HXCOMM Internal use`` (``-qtest``, ``-qtest-log``) or
  ``HXCOMM Deprecated by ...`` (``-no-kvm``, ``-M`` up to 4.2) is kept for
  compatibility or tests, not for users to find.

The reader records the reason on the option (:attr:`~qdoc.model.Option.hidden`)
so that every check can tell a deliberate omission from a forgotten one.
An ``HXCOMM`` comment speaks for the ``DEF`` lines right below it (``-qtest``
and ``-qtest-log`` share one), up to the next blank line or block.
"""

from __future__ import annotations

import re

#: Comments that hide the DEFs below them even when their help is not empty.
_HIDING_COMMENT_RE = re.compile(r"(?:Internal use|Deprecated)\b", re.I)
#: Tool directives are not QEMU's words: ``HXCOMM qdoc: ignore QD101``.
_TOOL_COMMENT_RE = re.compile(r"\w+:\s*ignore\b")

EMPTY_HELP = "its DEF has an empty help text: -help prints no line of its own for it"


def comment_reason(comment: str | None) -> str | None:
    """The comment as a reason (``HXCOMM Internal use``), or None for a tool directive or none."""
    if not comment or _TOOL_COMMENT_RE.match(comment):
        return None
    return f"HXCOMM {comment}"


def hidden_reason(help_text: str, comment: str | None) -> str | None:
    """Why QEMU hides a DEF with this help text under this ``HXCOMM`` comment, or None.

    The comment's own words where it gives them (``HXCOMM Deprecated by
    -machine``), else the empty help text.
    """
    reason = comment_reason(comment)
    if reason and _HIDING_COMMENT_RE.match(comment or ""):
        return reason
    if not help_text.strip():
        return reason or EMPTY_HELP
    return None
