"""Reading files from disk into option sets: the I/O side of the readers.

The readers are pure functions of text; this module reads the bytes, decodes
them (:mod:`qdoc.source`: strict UTF-8, but an HTML page, named so or read
``--from html``, by its own encoding), picks the reader, and fills in what the
path tells (the release, from QEMU's ``<release>/`` folder convention).

It also gives each reader what it needs to read the files its input pulls in
(texinfo ``@include``, man ``.so``, rST ``include`` and ``hxtool-doc``), all
confined to one source root (``root``: the run's ``--root``, by default the
named folder, or a file's own folder) and charged to the run's input budget
(:func:`qdoc.source.current_run`).
"""

from __future__ import annotations

import inspect
import os
import re

from . import readers
from .model import OptionSet
from .source import IncludeRefused, InputError, InputRun, SourceRoot, current_run, read_text

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
    *,
    root: SourceRoot | str | None = None,
    **extra,
) -> OptionSet:
    """Read ``path`` into an :class:`OptionSet` (see :func:`load_with_text`)."""
    return load_with_text(path, fmt, release, program, root=root, **extra)[1]


def load_with_text(
    path: str,
    fmt: str | None = None,
    release: str | None = None,
    program: str | None = None,
    *,
    root: SourceRoot | str | None = None,
    **extra,
) -> tuple[str, OptionSet]:
    """Read ``path``: its text and the :class:`OptionSet` its reader makes of it.

    Files the input includes are read from inside ``root`` only (a
    :class:`~qdoc.source.SourceRoot` or a folder; default: ``path``'s
    folder), through the run in progress.

    ``extra`` keyword arguments (``include_dirs`` for texinfo, ``reference``
    for OCR text...) go to readers whose ``read_<fmt>`` accepts them; a reader
    that does not accept one is given none of them, and an unused option is
    an error rather than silently ignored.

    Raises :class:`~qdoc.source.InputError` for unreadable files and
    :class:`~qdoc.readers.UnsupportedFormat` for formats without a reader.
    """
    text = read_text(path, page=fmt == "html" if fmt else None)  # an HTML page in its own encoding
    fmt = fmt or readers.detect_format(path, text)
    options = {"release": release or release_from_path(path)}
    if program:
        options["program"] = program
    extra = {k: v for k, v in extra.items() if v is not None}
    options.update(_include_readers(fmt, path, SourceRoot.given(root, path), current_run(), extra, release or options["release"]))
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


def _include_readers(fmt: str | None, path: str, root: SourceRoot, run: InputRun, extra: dict, release: str | None) -> dict:
    """The reader arguments that read included files: inside ``root``, charged to ``run``."""
    if fmt == "man":
        return {"resolve": _man_redirect_resolver(root, run)}
    if fmt == "rst":
        from .readers.rst.resolve import SourceTree

        return {"tree": SourceTree(root, run)}
    if fmt == "texinfo":
        from .readers.texinfo.includes import FileResolver

        include_dirs = extra.pop("include_dirs", None)
        return {"resolver": FileResolver(path, include_dirs, release=release, root=root, run=run)}
    if fmt == "hx":
        return {"resolver": _StexiIncludes(path, extra.pop("include_dirs", None), release, root, run)}
    return {}


class _StexiIncludes:
    """The texinfo include resolver for an .hx file's STEXI blocks, made on first use.

    Only the .hx files of QEMU <= 4.2 ``@include`` anything (``-trace``'s
    qemu-option-trace.texi); reading any other never loads the texinfo reader.
    """

    def __init__(self, path: str, include_dirs: list[str] | None, release: str | None, root: SourceRoot, run: InputRun):
        self._arguments = (path, include_dirs, release, root, run)
        self._resolver = None

    def resolve(self, name: str, from_path: str) -> tuple[str, str]:
        if self._resolver is None:
            from .readers.texinfo.includes import FileResolver

            path, include_dirs, release, root, run = self._arguments
            self._resolver = FileResolver(path, include_dirs, release=release, root=root, run=run)
        return self._resolver.resolve(name, from_path)


def _man_redirect_resolver(root: SourceRoot, run: InputRun):
    """Follow ``.so man1/qemu-system.1`` (Debian's qemu-system-x86_64.1) to the page it names.

    Only pages inside the source root are read (symbolic links resolved):
    ``.so /etc/passwd`` or ``.so ../../secret`` is an error at the ``.so``
    line, as is a target that is not there; each page read is charged to the
    run's input budget.
    """
    from .readers.man import RedirectError, redirect_candidates

    def resolve(target: str, page: str) -> tuple[str, str]:
        candidates = [os.path.normpath(c) for c in redirect_candidates(page, target)]
        existing = [c for c in candidates if os.path.isfile(c)]
        inside = [c for c in existing if root.contains(c)]
        if not inside:
            if existing:
                raise RedirectError("man-redirect-outside-root", f"{existing[0]} is outside the source root {root}; not read (give --root DIR to read it)")
            raise RedirectError("man-redirect-missing", f"page not found (looked for {', '.join(dict.fromkeys(candidates))})")
        try:
            return inside[0], run.read(inside[0])
        except IncludeRefused as exc:
            raise RedirectError(exc.code, str(exc)) from None
        except InputError as exc:
            raise RedirectError("man-redirect-unreadable", exc.diagnostic.message) from None

    return resolve


__all__ = ["load", "load_with_text", "release_from_path", "InputError"]
