"""Finding the files an rST page pulls in, without leaving the source root.

``.. include:: keys.rst.inc`` is relative to the including file;
``.. hxtool-doc:: qemu-options.hx`` is relative to the source root (QEMU's
``conf.py`` sets ``hxtool_srctree`` to ``docs/..``, the tree's top).  A
:class:`SourceTree` answers both, and refuses any path whose real path
leaves its root (``../../etc/passwd``, an absolute path, a symbolic link
pointing outside): the reader reports that as a diagnostic, it never reads
the file.

The root is the run's (``--root DIR``; by default the folder of the page
named): it is never guessed from the page's place, so a page under a folder
named ``docs`` reads nothing above it unless the user says so.  When a page
looks like part of a QEMU tree (:func:`~qdoc.source.likely_root`), a refusal
says which ``--root`` would read it.  What is read is charged to the run's
input budget (:class:`~qdoc.source.InputRun`), and read from disk once.
"""

from __future__ import annotations

import os

from ...source import IncludeRefused, InputError, InputRun, SourceRoot, current_run, likely_root


class ResolveError(Exception):
    """A file that may not or cannot be read; ``code`` is the diagnostic code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class SourceTree:
    """Files under ``root``, read as text through one run; paths are reported joined to ``root`` as given."""

    def __init__(self, root: str | SourceRoot, run: InputRun | None = None):
        self.source_root = root if isinstance(root, SourceRoot) else SourceRoot(root)
        self.root = self.source_root.path
        self.run = run or current_run()

    def locate(self, target: str, relative_to: str | None = None) -> str:
        """The path of ``target`` (relative to ``relative_to``'s directory, else the root)."""
        if os.path.isabs(target):
            raise ResolveError("rst-path-escape", f"{target!r} is an absolute path; only files inside the source root {self.root} are read")
        base = os.path.dirname(relative_to) if relative_to else self.root
        path = os.path.normpath(os.path.join(base, target))
        if not self.source_root.contains(path):
            raise ResolveError("rst-path-escape", f"{target!r} leaves the source root {self.root}; not read{self._hint(relative_to, path)}")
        return path

    def read(self, target: str, relative_to: str | None = None) -> tuple[str, str]:
        """``(path, text)`` of ``target``; raises :class:`ResolveError`."""
        path = self.locate(target, relative_to)
        if not os.path.isfile(path) and not os.path.islink(path):
            raise ResolveError("rst-missing-file", f"{target!r} not found (looked for {path}){self._hint(relative_to, None, target)}")
        # A dangling link or a link loop is read, so that it is reported as what it is.
        try:
            return path, self.run.read(path)
        except IncludeRefused as exc:
            raise ResolveError(exc.code, str(exc)) from None
        except InputError as exc:
            raise ResolveError("rst-unreadable-file", exc.diagnostic.message) from exc

    def _hint(self, page: str | None, path: str | None, target: str | None = None) -> str:
        """``(... run with --root DIR ...)`` when the page sits in a QEMU tree whose top would hold the file.

        ``path`` is a refused path; for a file not found relative to the
        root (``hxtool-doc``), ``target`` is looked for at the likely root.
        """
        likely = likely_root(page or os.path.join(self.root, "page"))
        if likely is None or self.source_root.contains(likely):
            return ""
        if path is None:
            if target is None or page is not None:
                return ""  # relative to the including file: another root would not find it
            path = os.path.normpath(os.path.join(likely, target))
            if not os.path.exists(path):
                return ""
        if not SourceRoot(likely).contains(path):
            return ""
        return f" (the page is in a docs/ folder: run with --root {likely} to read its source tree)"
