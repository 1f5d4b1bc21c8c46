"""What a term of qemu-img's rendered manual names: an option, a command, or neither.

qemu-img's manual (``qemu-img.texi`` up to 4.2, ``docs/tools/qemu-img.rst``
from 5.0) documents three kinds of things in definition lists, and only two
of them are qemu-img's interface:

- options: ``-h, --help``, ``--object OBJECTDEF``, ``-T SRC_CACHE``;
- commands, the ``DEF`` lines of ``qemu-img-cmds.hx``: a lowercase word
  followed by its arguments (``amend [--object OBJECTDEF] ... FILENAME``),
  listed once under "The following commands are supported" and documented
  again under "Command description";
- everything else: command parameters (``filename``, ``fmt``, ``snapshot``,
  ``bs=BLOCK_SIZE``), the image formats (``raw``, ``qcow2``, ``Other``) and
  their creation options (``preallocation``, ``compat``, ``nocow``).  A word
  alone is never a command: every ``DEF`` line of every release has
  arguments.  These stay section text.
"""

from __future__ import annotations

import re

from .terms import is_option_term

#: A command's term: its lowercase name, then at least one argument.
_COMMAND_TERM_RE = re.compile(r"[a-z][a-z0-9_-]*\s+\S")


def is_command_term(plain: str) -> bool:
    """``amend [--object OBJECTDEF] ...`` names the command amend; ``snapshot``, ``raw``, ``qcow2`` do not."""
    return _COMMAND_TERM_RE.match(plain) is not None


def is_entry_term(plain: str) -> bool:
    """A term that names one of qemu-img's options or commands."""
    return is_option_term(plain) or is_command_term(plain)


#: The term rules an :class:`~qdoc.readers.common.outline_options.OutlineBuilder`
#: reading a qemu-img page is given (the HTML and man readers).
QEMU_IMG_TERMS = {"is_entry": is_entry_term, "is_command": is_command_term}
