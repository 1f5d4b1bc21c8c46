"""Readers: one package per input format, all returning an :class:`~qdoc.model.OptionSet`.

Each format has a package here (``hx/``, ``texinfo/``, ``html/``, ``man/``,
``rst/``, ``ocr/``; ``binary/`` holds the two formats a QEMU binary prints,
``help`` and ``qmp``) whose module for the format has a function
``read_<format>(text, path, *, release=None, program=None) -> OptionSet``;
helpers live inside the package, and pieces several readers share in
``common/``.  How sure each format is of a text (content sniffing) is in
:mod:`.sniff`, apart from the readers, so that telling a file's format
imports only the reader that reads it.  This package finds the readers
lazily, so a format without a module yet is a clear error rather than an
import failure, and adding a reader touches no other file (but
:mod:`.sniff`, when its format is to be told by content).

Readers are pure: text in, model and diagnostics out.  Reading files and
turning errors into exit codes is the caller's job (:mod:`qdoc.loader`,
:mod:`qdoc.cli`).
"""

from __future__ import annotations

import importlib
import os
import re
from typing import Callable

from ..model import OptionSet
from .sniff import SNIFFERS

#: Every format name the CLI accepts with ``--from``.
FORMATS = ("hx", "texinfo", "html", "man", "rst", "help", "qmp", "ocr")

#: File-name rules, tried before content sniffing.
_NAME_RULES = (
    (re.compile(r"\.hx$"), "hx"),
    (re.compile(r"\.(texi|texinfo|txi)$"), "texinfo"),
    (re.compile(r"\.(html?|xhtml)$"), "html"),
    (re.compile(r"\.[1-9][a-z]*$"), "man"),
    (re.compile(r"\.rst(\.inc)?$"), "rst"),
)


class UnsupportedFormat(ValueError):
    """The format is known but has no reader yet, or could not be detected."""


#: Formats whose module is not ``readers.<format>``.
_MODULES = {"help": "binary.help", "qmp": "binary.qmp"}


def _module(fmt: str):
    name = f"{__name__}.{_MODULES.get(fmt, fmt)}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


def reader_for(fmt: str) -> Callable[..., OptionSet] | None:
    """The ``read_<fmt>`` function, or None when this version has no such reader."""
    module = _module(fmt)
    return getattr(module, f"read_{fmt}", None) if module else None


def available() -> list[str]:
    """Formats that have a reader in this version."""
    return [fmt for fmt in FORMATS if reader_for(fmt) is not None]


def detect_format(path: str, text: str) -> str | None:
    """The format of ``text`` read from ``path``, or None when unknown.

    The file name decides when it is conclusive; otherwise every format
    votes (:mod:`.sniff`, which imports no reader) and the most confident
    wins, the first in :data:`FORMATS` on a tie.
    """
    name = os.path.basename(path).lower()
    for pattern, fmt in _NAME_RULES:
        if pattern.search(name):
            return fmt
    best, best_score = None, 0
    for fmt in FORMATS:
        sniff = SNIFFERS.get(fmt)
        if sniff is None:
            continue
        score = sniff(path, text)
        if score > best_score:
            best, best_score = fmt, score
    return best


def read(text: str, path: str, fmt: str | None = None, **options) -> OptionSet:
    """Read ``text`` with the reader for ``fmt`` (detected when None)."""
    fmt = fmt or detect_format(path, text)
    if fmt is None:
        raise UnsupportedFormat(f"cannot tell the format of {path}; use --from ({', '.join(FORMATS)})")
    reader = reader_for(fmt)
    if reader is None:
        raise UnsupportedFormat(f"{path}: the {fmt} reader is not available in this version of qdoc")
    return reader(text, path, **options)
