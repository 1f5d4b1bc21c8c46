"""Finding the files an rST page pulls in, without leaving the source tree.

``.. include:: keys.rst.inc`` is relative to the including file;
``.. hxtool-doc:: qemu-options.hx`` is relative to QEMU's source root (QEMU's
``conf.py`` sets ``hxtool_srctree`` to ``docs/..``).  A :class:`SourceTree`
answers both, and refuses any path that leaves its root (``../../etc/passwd``,
an absolute path, a symbolic link pointing outside): the reader reports that
as a diagnostic, it never reads the file.
"""

from __future__ import annotations

import os

from ..source import InputError, read_text


class ResolveError(Exception):
    """A file that may not or cannot be read; ``code`` is the diagnostic code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class SourceTree:
    """Files under ``root``, read as text; paths are reported joined to ``root`` as given."""

    def __init__(self, root: str):
        self.root = root
        self._real_root = os.path.realpath(root)

    @classmethod
    def for_page(cls, path: str) -> "SourceTree":
        """The QEMU source tree a page belongs to: the parent of its ``docs/`` folder.

        A page outside any ``docs/`` folder is its own tree: its directory.
        """
        directory = os.path.dirname(path) or "."
        parts = os.path.normpath(directory).split(os.sep)
        if "docs" in parts:
            index = len(parts) - 1 - parts[::-1].index("docs")
            root = os.sep.join(parts[:index]) or (os.sep if directory.startswith(os.sep) else ".")
            return cls(root)
        return cls(directory)

    def locate(self, target: str, relative_to: str | None = None) -> str:
        """The path of ``target`` (relative to ``relative_to``'s directory, else the root)."""
        if os.path.isabs(target):
            raise ResolveError("rst-path-escape", f"{target!r} is an absolute path; only files inside {self.root} are read")
        base = os.path.dirname(relative_to) if relative_to else self.root
        path = os.path.normpath(os.path.join(base, target))
        real = os.path.realpath(path)
        if real != self._real_root and not real.startswith(self._real_root.rstrip(os.sep) + os.sep):
            raise ResolveError("rst-path-escape", f"{target!r} leaves the source tree {self.root}; not read")
        return path

    def read(self, target: str, relative_to: str | None = None) -> tuple[str, str]:
        """``(path, text)`` of ``target``; raises :class:`ResolveError`."""
        path = self.locate(target, relative_to)
        if not os.path.isfile(path) and not os.path.islink(path):
            raise ResolveError("rst-missing-file", f"{target!r} not found (looked for {path})")
        # A dangling link or a link loop is read, so that it is reported as what it is.
        try:
            return path, read_text(path)
        except InputError as exc:
            raise ResolveError("rst-unreadable-file", exc.diagnostic.message) from exc
