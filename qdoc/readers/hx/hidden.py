"""Options QEMU hides on purpose, and why: its own conventions in an .hx file.

QEMU keeps some options out of ``-help`` and out of the manual deliberately,
and says so in the file:

- a ``DEF`` whose help string is empty gets no line of its own in
  ``-help`` (``-fdb``, ``-hdb``: named in the lines of ``-fda``/``-hda``;
  ``-qtest``);
- a ``DEF`` under ``HXCOMM Internal use`` (``-qtest``, ``-qtest-log``) or
  ``HXCOMM Deprecated by ...`` (``-no-kvm``, ``-M`` up to 4.2) is kept for
  compatibility or tests, not for users to find;
- a ``DEF`` followed by a documentation block with nothing in it
  (``-writeconfig`` in QEMU 6.0 to 7.0, deprecated, its SRST block emptied)
  is kept out of the manual as an empty help text keeps a DEF out of
  ``-help``.

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


#: Lines of an .hx file that open a documentation block, and the line that closes each.
_BLOCKS = {"SRST": "ERST", "STEXI": "ETEXI"}
#: Directives after which a DEF has no block of its own any more.
_NEXT_ENTRY = ("DEF(", "DEFHEADING", "ARCHHEADING")


def empty_block_reason(text: str, after: int) -> str | None:
    """"Its block is empty" when the first documentation block after offset ``after`` (a DEF's end) has nothing in it.

    None when a block with text comes first, or the next entry does.  Reads
    forward line by line from ``after`` and stops at the first non-blank
    line of a block, so a file's DEFs cost no more together than the file.
    """
    closing = None  # the end marker of the block being looked into
    start = text.find("\n", after)  # the DEF's own last line is not a block's
    while start != -1:
        end = text.find("\n", start + 1)
        line = text[start + 1 : end if end != -1 else len(text)]
        start = end
        if closing is None:
            if line.startswith(_NEXT_ENTRY):
                return None
            closing = _BLOCKS.get(line.strip())
            opening = line.strip()
        elif line.strip() == closing:
            return f"its {opening} block after the DEF is empty: the manual shows nothing for it"
        elif line.strip():
            return None
    return None
