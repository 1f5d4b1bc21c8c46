"""Reading files from disk into option sets: the I/O side of the readers.

The readers are pure functions of text; this module reads the bytes, decodes
them strictly (:mod:`qdoc.source`), picks the reader, and fills in what the
path tells (the release, from QEMU's ``<release>/`` folder convention).
"""

from __future__ import annotations

import os
import re

from . import readers
from .model import OptionSet
from .source import InputError, read_text

_RELEASE_DIR_RE = re.compile(r"^v?(\d+\.\d+(?:\.\d+)?(?:[-.][A-Za-z0-9.]+)?)$")


def release_from_path(path: str) -> str | None:
    """``.../qemu/7.2.0/qemu-options.hx`` -> ``7.2.0``; None when no folder looks like one."""
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    for part in reversed(parts[:-1]):
        m = _RELEASE_DIR_RE.match(part)
        if m:
            return m.group(1)
    return None


def load(path: str, fmt: str | None = None, release: str | None = None, program: str | None = None) -> OptionSet:
    """Read ``path`` into an :class:`OptionSet`.

    Raises :class:`~qdoc.source.InputError` for unreadable files and
    :class:`~qdoc.readers.UnsupportedFormat` for formats without a reader.
    """
    text = read_text(path)
    options = {"release": release or release_from_path(path)}
    if program:
        options["program"] = program
    return readers.read(text, path, fmt, **options)


__all__ = ["load", "release_from_path", "InputError"]
