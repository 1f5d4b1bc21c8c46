"""Finding the files that ``@include`` names: the only file I/O of the texinfo reader.

The reader itself is pure: it asks a resolver for the text of an included
file and turns every refusal into a diagnostic.  :class:`FileResolver` is the
resolver for files on disk, with texinfo's search order (the including
file's directory, the main file's directory, then the ``-I`` directories)
and one safety rule GNU texinfo does not have: an include must stay inside
the source root (the main file's directory and the ``-I`` directories), so a
manual cannot pull in ``../../etc/passwd`` unless the caller allows it.
"""

from __future__ import annotations

import os

from ..source import InputError, read_text


class IncludeError(Exception):
    """An ``@include`` that cannot be honoured; ``code`` is the diagnostic code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class FileResolver:
    """Resolve ``@include NAME`` against directories on disk.

    ``main_path`` is the path of the file being read, as given; returned
    paths keep that style (relative stays relative) so locations read well.
    """

    def __init__(self, main_path: str, include_dirs: list[str] | None = None, *, confine: bool = True):
        self.main_dir = os.path.dirname(main_path) or "."
        self.include_dirs = list(include_dirs or [])
        self.confine = confine
        self.roots = [os.path.realpath(d) for d in [self.main_dir, *self.include_dirs]]

    def _inside_root(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)

    def resolve(self, name: str, from_path: str) -> tuple[str, str]:
        """The path and text of ``name`` included from ``from_path``.

        Raises :class:`IncludeError` (``texinfo-include-missing``,
        ``texinfo-include-outside-root``, ``texinfo-include-unreadable``).
        """
        here = os.path.dirname(from_path) or "."
        candidates = [name] if os.path.isabs(name) else []
        if not candidates:
            for directory in dict.fromkeys([here, self.main_dir, *self.include_dirs]):
                candidates.append(os.path.normpath(os.path.join(directory, name)))
        outside = None
        for candidate in candidates:
            # A dangling link or a link loop is read, so that it is reported as what it is.
            if not os.path.isfile(candidate) and not os.path.islink(candidate):
                continue
            if self.confine and not self._inside_root(candidate):
                outside = outside or candidate
                continue
            try:
                return candidate, read_text(candidate)
            except InputError as exc:
                raise IncludeError("texinfo-include-unreadable", f"@include {name}: {exc.diagnostic.message}") from None
        if outside:
            raise IncludeError(
                "texinfo-include-outside-root",
                f"@include {name}: {outside} is outside the source root "
                f"({', '.join([self.main_dir, *self.include_dirs])})",
            )
        searched = ", ".join(dict.fromkeys([here, self.main_dir, *self.include_dirs]))
        raise IncludeError("texinfo-include-missing", f"@include {name}: file not found (searched {searched}; add -I DIR)")
