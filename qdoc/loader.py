"""Reading files from disk into option sets: the I/O side of the readers.

The readers are pure functions of text; this module reads the bytes, decodes
them strictly (:mod:`qdoc.source`), picks the reader, and fills in what the
path tells (the release, from QEMU's ``<release>/`` folder convention).
"""

from __future__ import annotations

import inspect
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


def load(
    path: str,
    fmt: str | None = None,
    release: str | None = None,
    program: str | None = None,
    **extra,
) -> OptionSet:
    """Read ``path`` into an :class:`OptionSet` (see :func:`load_with_text`)."""
    return load_with_text(path, fmt, release, program, **extra)[1]


def load_with_text(
    path: str,
    fmt: str | None = None,
    release: str | None = None,
    program: str | None = None,
    **extra,
) -> tuple[str, OptionSet]:
    """Read ``path``: its text and the :class:`OptionSet` its reader makes of it.

    ``extra`` keyword arguments (``include_dirs`` for texinfo, ``reference``
    for OCR text...) go to readers whose ``read_<fmt>`` accepts them; a reader
    that does not accept one is given none of them, and an unused option is
    an error rather than silently ignored.

    Raises :class:`~qdoc.source.InputError` for unreadable files and
    :class:`~qdoc.readers.UnsupportedFormat` for formats without a reader.
    """
    text = read_text(path)
    fmt = fmt or readers.detect_format(path, text)
    options = {"release": release or release_from_path(path)}
    if program:
        options["program"] = program
    if fmt == "man":
        options["resolve"] = _man_redirect_resolver(path)
    extra = {k: v for k, v in extra.items() if v is not None}
    if extra:
        reader = readers.reader_for(fmt) if fmt else None
        if reader is not None:
            accepted = inspect.signature(reader).parameters
            refused = [k for k in extra if k not in accepted]
            if refused:
                raise readers.UnsupportedFormat(
                    f"{path}: the {fmt} reader takes no {', '.join('--' + k.replace('_', '-') for k in refused)}"
                )
        options.update(extra)
    return text, readers.read(text, path, fmt, **options)


def _man_redirect_resolver(path: str):
    """Follow ``.so man1/qemu-system.1`` (Debian's qemu-system-x86_64.1) to the page it names.

    Only pages under the man root (the parent of ``man1/``) are read: ``.so
    /etc/passwd`` or ``.so ../../secret`` is not followed.
    """
    from .readers.man import redirect_candidates

    root = os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(path))))

    def inside(candidate: str) -> bool:
        real = os.path.realpath(candidate)
        return real.startswith(root.rstrip(os.sep) + os.sep)

    def resolve(target: str):
        for candidate in redirect_candidates(path, target):
            if os.path.isfile(candidate) and inside(candidate):
                return candidate, read_text(candidate)
        return None

    return resolve


__all__ = ["load", "load_with_text", "release_from_path", "InputError"]
