"""Finding the files that ``@include`` names: the only file I/O of the texinfo reader.

The reader itself is pure: it asks a resolver for the text of an included
file and turns every refusal into a diagnostic.  :class:`FileResolver` is the
resolver for files on disk, with texinfo's search order (the including
file's directory, the main file's directory, then the ``-I`` directories)
and two safety rules GNU texinfo does not have: an include must stay inside
the source root (the run's ``--root``, by default the main file's directory,
and the ``-I`` directories, roots the user named), symbolic links resolved, so
a manual cannot pull in ``../../etc/passwd`` unless the caller allows it; and
what it includes is charged to the run's input budget
(:class:`~qdoc.source.InputRun`), so 256 ``@include``s of an 8 MB file are an
error at the include that goes over, not gigabytes parsed.  A file QEMU's
build would have generated is made from the source tree instead
(:mod:`qdoc.readers.texinfo.generated`).
"""

from __future__ import annotations

import os

from ...source import IncludeRefused, InputError, InputRun, SourceRoot, current_run
from .generated import hx_source, is_qapi_reference, version_texi
from .hx import stexi_texinfo


class IncludeError(Exception):
    """An ``@include`` that cannot be honoured; ``code`` is the diagnostic code."""

    def __init__(self, code: str, message: str, severity: str = "error"):
        super().__init__(message)
        self.code = code
        #: "error" when the manual cannot be read completely; "info" for a
        #: part qdoc knowingly does not read.
        self.severity = severity


class FileResolver:
    """Resolve ``@include NAME`` against directories on disk.

    ``main_path`` is the path of the file being read, as given; returned
    paths keep that style (relative stays relative) so locations read well.
    """

    def __init__(self, main_path: str, include_dirs: list[str] | None = None, *, confine: bool = True,
                 release: str | None = None, root: SourceRoot | str | None = None, run: InputRun | None = None):
        self.main_dir = os.path.dirname(main_path) or "."
        #: For a ``version.texi`` the tree does not have.
        self.release = release
        self.include_dirs = list(include_dirs or [])
        self.confine = confine
        self.root = SourceRoot.given(root, self.main_dir).with_extra(self.include_dirs)
        self.run = run or current_run()

    def _read(self, path: str, name: str) -> str:
        """The text of ``path``, charged to the run's budget; :class:`IncludeError` if refused or unreadable."""
        try:
            return self.run.read(path)
        except IncludeRefused as exc:
            raise IncludeError(exc.code, str(exc)) from None
        except InputError as exc:
            raise IncludeError("texinfo-include-unreadable", f"@include {name}: {exc.diagnostic.message}") from None

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
            if self.confine and not self.root.contains(candidate):
                outside = outside or candidate
                continue
            return candidate, self._read(candidate, name)
        generated = self._generated(name, [here, self.main_dir, *self.include_dirs])
        if generated is not None:
            return generated
        if outside:
            raise IncludeError(
                "texinfo-include-outside-root",
                f"@include {name}: {outside} is outside the source root ({self.root}); "
                "give its folder with -I DIR or --root DIR to read it",
            )
        searched = ", ".join(dict.fromkeys([here, self.main_dir, *self.include_dirs]))
        raise IncludeError("texinfo-include-missing", f"@include {name}: file not found (searched {searched}; add -I DIR)")

    def _generated(self, name: str, directories: list[str]) -> tuple[str, str] | None:
        """What QEMU's build would have generated as ``name``, made from the tree (None if nothing)."""
        hx = hx_source(name, list(dict.fromkeys(directories)))
        if hx is not None and (not self.confine or self.root.contains(hx)):
            return hx, stexi_texinfo(self._read(hx, f"{name} (made from {hx})"))
        if os.path.basename(name) == "version.texi" and self.release:
            return os.path.join(self.main_dir, os.path.dirname(name), "version.texi"), version_texi(self.release)
        if is_qapi_reference(name):
            raise IncludeError(
                "texinfo-include-generated",
                f"@include {name}: generated by QEMU's build from the QAPI schema, which qdoc does not run; "
                "this QMP reference (no command-line options) is not read",
                severity="info",
            )
        return None
