"""Reader for QEMU's texinfo manuals (``qemu-doc.texi``, ``qemu-deprecated.texi``...).

QEMU documented everything in texinfo up to 4.2.  This reader parses texinfo
itself, in Python, with line numbers (no ``makeinfo`` at run time), into a
document tree (:mod:`qdoc.readers.texinfo.parser`, :mod:`qdoc.readers.texinfo.tree`) and extracts
the model from it:

- options from ``@table @option`` items (:mod:`qdoc.readers.texinfo.options`), with the
  .hx reader's conventions, for one program at a time (``qemu-system`` by
  default; ``--program qemu-i386`` for the user-mode table);
- deprecation and removal records from the manual's appendices
  (:mod:`qdoc.readers.texinfo.records`);
- every heading as a :class:`~qdoc.model.Section`.

``@include`` is resolved through a resolver (:mod:`qdoc.readers.texinfo.includes`): by
default files on disk relative to the file's directory, then ``include_dirs``
(``qdoc parse -I DIR``), never outside those directories.  Given an .hx file,
the reader reads the texinfo of its STEXI blocks (:mod:`qdoc.readers.texinfo.hx`), with
the .hx line numbers.

The tree itself (for the rST converter) comes from :func:`parse_texinfo`.
"""

from __future__ import annotations

import re

from ..._gc import collector_paused
from ...model import Diagnostic, OptionSet, Source
from .hx import looks_like_hx, stexi_texinfo
from .includes import FileResolver
from .options import extract_options
from .parser import Resolver, parse_document
from .records import extract_records
from .tree import Document

FORMAT = "texinfo"



# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import texinfo as sniff  # noqa: E402,F401


def parse_texinfo(
    text: str,
    path: str,
    *,
    include_dirs: list[str] | None = None,
    resolver: Resolver | None = None,
    values: dict[str, str] | None = None,
    release: str | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """The document tree of ``text`` (read from ``path``) and the problems found.

    ``resolver`` overrides the default file-system resolver (tests, or a
    caller that allows includes outside the source root).
    """
    if resolver is None:
        resolver = FileResolver(path, include_dirs, release=release)
    if path.endswith(".hx") or (looks_like_hx(text) and not text.startswith("\\input")):
        text = stexi_texinfo(text)
    return parse_document(text, path, resolver, values)


def _order(diagnostics: list[Diagnostic], files: list[str]) -> list[Diagnostic]:
    rank = {path: i for i, path in reversed(list(enumerate(files)))}
    return sorted(
        diagnostics,
        key=lambda d: (rank.get(d.location.path, len(files)), d.location.line) if d.location else (-1, 0),
    )


@collector_paused
def read_texinfo(
    text: str,
    path: str,
    *,
    release: str | None = None,
    program: str | None = None,
    include_dirs: list[str] | None = None,
    resolver: Resolver | None = None,
) -> OptionSet:
    """Read a texinfo manual (and what it includes) into an :class:`OptionSet`."""
    document, diagnostics = parse_texinfo(text, path, include_dirs=include_dirs, resolver=resolver, release=release)
    if release is None and "VERSION" in document.values:
        release = document.values["VERSION"] or None
    program, extraction = extract_options(document, program)
    deprecations, removals = extract_records(document)
    return OptionSet(
        program=program,
        source=Source(FORMAT, path),
        release=release,
        sections=extraction.sections,
        options=extraction.options,
        deprecations=deprecations,
        removals=removals,
        diagnostics=_order(diagnostics + extraction.diagnostics, document.files),
    )


__all__ = ["read_texinfo", "parse_texinfo", "sniff", "FORMAT"]
