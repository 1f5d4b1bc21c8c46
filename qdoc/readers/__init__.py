"""Readers: one module per input format, all returning an :class:`~qdoc.model.OptionSet`.

This package maps format names to readers and detects the format of a file
from its name and content (``--from`` overrides).  Readers are pure: text in,
model and diagnostics out.  Reading files and turning errors into exit codes
is the caller's job (:mod:`qdoc.loader`, :mod:`qdoc.cli`).
"""

from __future__ import annotations

import os
import re
from typing import Callable

from ..model import OptionSet
from .hx import read_hx

#: Every format name the CLI accepts with ``--from``, in detection order.
FORMATS = ("hx", "texinfo", "html", "man", "rst", "help", "qmp", "ocr")

#: Formats with a reader in this version.  The others are planned (see the
#: issue tracker); asking for them is a clear error, not a silent no-op.
READERS: dict[str, Callable[..., OptionSet]] = {"hx": read_hx}

_HX_CONTENT_RE = re.compile(r"^(?:DEF\(|DEFHEADING\(|HXCOMM|SRST|STEXI)", re.M)


class UnsupportedFormat(ValueError):
    """The format is known but has no reader yet, or could not be detected."""


def detect_format(path: str, text: str) -> str | None:
    """The format of ``text`` read from ``path``, or None when unknown."""
    name = os.path.basename(path).lower()
    if name.endswith(".hx"):
        return "hx"
    if name.endswith((".texi", ".texinfo", ".txi")):
        return "texinfo"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if re.search(r"\.[1-9][a-z]*$", name) or text.startswith(('.TH', '.\\"', "'\\\"")):
        return "man"
    if name.endswith(".rst"):
        return "rst"
    if name.endswith(".json") and '"return"' in text[:2000]:
        return "qmp"
    if _HX_CONTENT_RE.search(text[:20000]):
        return "hx"
    if text.lstrip().startswith("\\input texinfo") or "\n@node " in text:
        return "texinfo"
    if "<html" in text[:2000].lower():
        return "html"
    return None


def read(text: str, path: str, fmt: str | None = None, **options) -> OptionSet:
    """Read ``text`` with the reader for ``fmt`` (detected when None)."""
    fmt = fmt or detect_format(path, text)
    if fmt is None:
        raise UnsupportedFormat(f"cannot tell the format of {path}; use --from ({', '.join(FORMATS)})")
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormat(f"{path}: the {fmt} reader is not available in this version of qdoc")
    return reader(text, path, **options)
