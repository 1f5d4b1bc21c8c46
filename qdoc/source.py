"""Turning the bytes of an input file into text, or a located error.

Readers work on ``str``; this module decides what counts as readable text.
QEMU's documentation is UTF-8.  A file that is not (Latin-1, binary, NUL
bytes) is reported with the line and column of the first offending byte
instead of being decoded with replacement characters, which could silently
change option names.  HTML pages are the exception (:func:`decode_page`):
pages saved by browsers and web views come in many encodings, and say which
in a byte-order mark or a ``<meta charset>``, as the HTML standard has them.

It also decides what one run may read besides the files named on its
command line: only files inside its source root (:class:`SourceRoot`,
``--root``), and no more bytes through includes than its input budget
(:class:`InputRun`), counted here for every include mechanism of every format.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import os
import re
import stat
from typing import Iterable, Iterator

from .model import Diagnostic, Location


#: Larger files are refused before they are read whole: QEMU's largest documentation
#: file is under 1 MB, while a reader's time and memory grow with its input (a 50 MB
#: .hx would take half a minute and a gigabyte), and ``/dev/zero`` never ends.
#: ``benchmarks/bench_hostile.py`` parses real content repeated to just under the
#: limit, ``qdoc parse`` in a child process on a loaded 2-core machine; at 4 MB:
#: hx 0.8 s 85 MB, texinfo 1.7 s 131 MB, html 1.0 s 105 MB, man 1.7 s 99 MB,
#: help 0.6 s 54 MB, qmp 1.4 s 70 MB, ocr 0.8 s 44 MB; at 8 MB up to 2.6 s and
#: 180 MB, too close to the 3 s / 250 MB target.  rST pages have a lower limit
#: of their own (:data:`qdoc.readers.rst.parsing.MAX_RST_CHARS`): docutils
#: took 29 s and 515 MB for 8 MB.
MAX_INPUT_BYTES = 4 * 1024 * 1024

#: The input budget of one run is this many times :data:`MAX_INPUT_BYTES`: the
#: bytes a run may bring in through includes (texinfo ``@include``, man ``.so``,
#: rST ``include`` and ``literalinclude``, ``hxtool-doc``...), on top of the files
#: named on its command line.  ``qdoc build`` of a whole QEMU tree includes under
#: 1 MB (10.2.0: 0.64 MB; the whole corpus 1.4 MB); four limits bound what a
#: hostile tree can make of 256 ``@include``s of an 8 MB file (2 GB) or a
#: thousand ``hxtool-doc``s of a large .hx.
INPUT_BUDGET_FACTOR = 4


class ToolError(Exception):
    """A program qdoc runs (a QEMU binary it probes) failed; the message says how.

    Not an input file's fault, so it carries no location; the CLI prints the
    message and exits with status 2, as for unreadable input.
    """


class InputError(Exception):
    """Input that cannot be read at all; carries a located diagnostic.

    The CLI prints ``path:line: message`` and exits with status 2.
    """

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    @classmethod
    def at(cls, path: str, line: int, message: str, code: str, column: int = 0) -> "InputError":
        return cls(Diagnostic("error", code, message, Location(path, line, column)))


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode(data: bytes, path: str) -> str:
    """Decode ``data`` as UTF-8 text or raise :class:`InputError` with its location.

    A leading BOM is accepted; NUL bytes mean binary input.  Line endings are
    normalised to ``\\n`` (CRLF files keep their line numbers).
    """
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _line_and_column(data, nul)
        raise InputError.at(path, line, "binary data (NUL byte): not a text file", "input-binary", column)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        bad = data[exc.start : exc.start + 4]
        hint = ""
        try:
            bad.decode("latin-1")
            hint = " (the file looks Latin-1 encoded; convert it to UTF-8)"
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes all bytes
            pass
        raise InputError.at(
            path, line, f"invalid UTF-8 byte 0x{data[exc.start]:02x}{hint}", "input-encoding", column
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


#: File names of HTML pages, decoded by :func:`decode_page` (as ``readers.detect_format`` names them).
_PAGE_NAME_RE = re.compile(r"\.(?:html?|xhtml)$", re.IGNORECASE)
#: Byte-order marks of encodings whose text has NUL bytes in it (UTF-16 and UTF-32).
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def is_page_name(path: str | os.PathLike) -> bool:
    """Whether ``path`` is named as an HTML page (``.html``, ``.htm``, ``.xhtml``)."""
    return bool(_PAGE_NAME_RE.search(os.fspath(path)))


def decode_page(data: bytes, path: str) -> str:
    """Decode an HTML page: UTF-8 when its bytes are, else by its own byte-order mark or declaration.

    The order is the HTML standard's (a BOM, then ``<meta charset>`` or
    ``http-equiv``, then the Western default, windows-1252), with one step
    ahead of the declaration: bytes that are valid UTF-8 are UTF-8 (a page
    re-saved as UTF-8 often keeps its old ``<meta charset>``, while Latin
    text is valid UTF-8 only by accident), which also keeps Sphinx's pages on
    the fast path.  Finding the BOM and the declaration and decoding by them
    is bs4's ``UnicodeDammit`` (imported only for pages that are not UTF-8:
    it costs a tenth of a second); its last resort, a statistical guess by
    whichever of chardet or charset_normalizer is installed, is not taken:
    the guess differs between machines (``cp775`` for a page it could not
    place), and a page read differently on two machines would give two
    models.  A page that its stated encoding does not decode, or that is
    neither UTF-8 nor windows-1252 without saying, is an error at the first
    offending byte, never decoded with replacement characters; NUL bytes are
    binary input, as in any file.
    """
    if not data.startswith(_WIDE_BOMS):
        try:
            return decode(data, path)
        except InputError as exc:
            if exc.diagnostic.code != "input-encoding":
                raise
            not_utf8 = exc
    else:
        not_utf8 = None
    from bs4.dammit import EncodingDetector, UnicodeDammit

    _, bom = EncodingDetector.strip_byte_order_mark(data)
    stated = bom or EncodingDetector.find_declared_encoding(data, is_html=True)
    why = f"the page's byte-order mark says {bom}" if bom else f"the page states charset={stated}" if stated else None
    if not_utf8 is not None and _codec(stated) == "utf-8":
        where = not_utf8.diagnostic.location
        message = not_utf8.diagnostic.message.split(" (")[0]
        raise InputError.at(where.path, where.line, f"{message} ({why})", "input-encoding", where.column)
    encoding = _whatwg_encoding(stated) if stated else "windows-1252"
    page = UnicodeDammit(data, known_definite_encodings=[encoding], is_html=True)
    if page.unicode_markup is None or page.contains_replacement_characters or _codec(page.original_encoding) != _codec(encoding):
        raise _undecodable(data, path, encoding, why)
    text = page.unicode_markup
    nul = text.find("\0")
    if nul >= 0:
        line, column = _text_line_and_column(text, nul)
        raise InputError.at(path, line, "binary data (NUL character): not a text file", "input-binary", column)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _codec(name: str | None) -> str | None:
    """Python's name of the codec ``name`` labels (None for a label Python does not know)."""
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _whatwg_encoding(label: str) -> str:
    """The encoding a page's label means: the HTML standard reads ISO-8859-1 and ASCII as windows-1252.

    Pages labelled Latin-1 use windows-1252's curly quotes and dashes
    (0x80-0x9F), which Latin-1 has as invisible control characters.
    """
    return "windows-1252" if _codec(label) in ("latin-1", "iso8859-1", "ascii") else label


def _text_line_and_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _undecodable(data: bytes, path: str, encoding: str, why: str | None) -> InputError:
    """The error for a page that ``encoding`` does not decode, at its first offending byte."""
    if _codec(encoding) is None:
        return InputError.at(path, 1, f"unknown encoding {encoding!r} ({why}); not read", "input-encoding")
    from bs4.dammit import EncodingDetector

    body = EncodingDetector.strip_byte_order_mark(data)[0]
    try:
        body.decode(encoding)
        start = 0  # pragma: no cover - UnicodeDammit refused what Python decodes
    except UnicodeDecodeError as exc:
        start = exc.start
    before = body[:start].decode(encoding, "replace")
    line, column = _text_line_and_column(before, len(before))
    why = why or "not UTF-8 either, and the page states no encoding: give it a <meta charset>"
    return InputError.at(path, line, f"invalid {encoding} byte 0x{body[start]:02x} ({why})", "input-encoding", column)


def read_text(path: str | os.PathLike, *, page: bool | None = None) -> str:
    """Read a file as text; unreadable files raise :class:`InputError`.

    ``page``: decode as an HTML page (:func:`decode_page`) rather than as
    strict UTF-8; by default when the file is named as one
    (:func:`is_page_name`).
    """
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            # A FIFO would block the open, a device (``/dev/zero``) never end.
            raise InputError.at(name, 0, "not a regular file (a device, pipe or socket); not read", "input-unreadable")
        with open(name, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError:
        raise InputError.at(name, 0, "is a directory, not a file", "input-unreadable") from None
    except OSError as exc:
        raise InputError.at(name, 0, exc.strerror or str(exc), "input-unreadable") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError.at(
            name, 0, f"larger than {MAX_INPUT_BYTES // 2**20} MB: too large for a documentation file; not read", "input-too-large"
        )
    return decode_page(data, name) if (is_page_name(name) if page is None else page) else decode(data, name)


class IncludeRefused(Exception):
    """An included file a run does not read; ``code`` is the diagnostic code.

    ``outside-root`` for a file outside the source root, ``input-budget``
    when reading it would exceed the run's input budget.  Readers report it
    at the line of the include, in their own words for the mechanism.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class SourceRoot:
    """The folders one run reads included files from: the source root, and extra roots (``-I DIR``).

    A path is inside when its real path (symbolic links resolved) is one of
    the folders or under one: a link inside the tree pointing outside is
    outside.  ``path`` is kept as given, so messages read as the user wrote it.
    """

    def __init__(self, path: str | os.PathLike, extra: Iterable[str | os.PathLike] = ()):
        self.path = os.fspath(path)
        self.extra = [os.fspath(d) for d in extra]
        self._real = [os.path.realpath(d) for d in [self.path, *self.extra]]

    @classmethod
    def of_input(cls, path: str | os.PathLike) -> "SourceRoot":
        """The default root of an input named on the command line: a folder itself, a file its folder."""
        name = os.fspath(path)
        return cls(name if os.path.isdir(name) else (os.path.dirname(name) or "."))

    @classmethod
    def given(cls, root: "SourceRoot | str | os.PathLike | None", path: str | os.PathLike) -> "SourceRoot":
        """``root`` as a :class:`SourceRoot` (a ``--root DIR``), else the default root of ``path``."""
        if isinstance(root, SourceRoot):
            return root
        return cls(root) if root is not None else cls.of_input(path)

    def with_extra(self, folders: Iterable[str | os.PathLike]) -> "SourceRoot":
        """This root and ``folders`` (``-I`` directories: roots the user named explicitly)."""
        return SourceRoot(self.path, [*self.extra, *folders])

    def contains(self, path: str | os.PathLike) -> bool:
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self._real)

    def __str__(self) -> str:
        return ", ".join([self.path, *self.extra])

    def __repr__(self) -> str:
        return f"SourceRoot({self.path!r}, {self.extra!r})"


def likely_root(path: str | os.PathLike) -> str | None:
    """The parent of the nearest ``docs/`` folder holding ``path``: QEMU's source tree, as a hint only.

    Never used as a root: a folder named ``docs`` says nothing certain, and
    guessing would read files the user did not point at.  Error messages
    offer it (``run with --root DIR``).
    """
    directory = os.path.dirname(os.fspath(path)) or "."
    parts = os.path.normpath(directory).split(os.sep)
    if "docs" not in parts:
        return None
    index = len(parts) - 1 - parts[::-1].index("docs")
    return os.sep.join(parts[:index]) or (os.sep if directory.startswith(os.sep) else ".")


class InputRun:
    """What one run (one command, one Sphinx build) reads through includes: one budget, each file read once.

    Every include is charged to the budget, a repeated one again (its text
    is parsed again), so no tree makes a run read or parse more than
    ``budget`` bytes besides its named inputs; the text of a file is read
    from disk once and kept.  ``memo`` keeps what readers derive from an
    included file (the model of an .hx that several ``hxtool-doc``
    directives name), keyed by the reader.
    """

    def __init__(self, budget: int | None = None):
        self.budget = budget if budget is not None else INPUT_BUDGET_FACTOR * MAX_INPUT_BYTES
        self.used = 0
        self._texts: dict[str, tuple[str, int]] = {}
        self.memo: dict = {}

    def charge(self, name: str, size: int) -> None:
        """Count ``size`` bytes read for ``name``; :class:`IncludeRefused` (``input-budget``) past the budget."""
        if self.used + size > self.budget:
            raise IncludeRefused(
                "input-budget",
                f"reading {name} would exceed the input budget of {self.budget / 2**20:g} MB for one run",
            )
        self.used += size

    def read(self, path: str, name: str | None = None) -> str:
        """The text of the included file ``path``, charged to the budget (as ``name`` in messages).

        Raises :class:`IncludeRefused` over the budget and :class:`InputError`
        for a file that cannot be read (see :func:`read_text`).
        """
        key = os.path.realpath(path)
        cached = self._texts.get(key)
        if cached is None:
            try:
                size = os.stat(path).st_size
            except OSError:
                size = 0  # read_text reports it
            self.charge(name or path, size)
            text = read_text(path)
            self._texts[key] = (text, size)
            return text
        text, size = cached
        self.charge(name or path, size)
        return text


_active_run: contextvars.ContextVar[InputRun | None] = contextvars.ContextVar("qdoc_input_run", default=None)


def active_run() -> InputRun | None:
    """The run in progress (see :func:`input_run`), or None."""
    return _active_run.get()


def current_run() -> InputRun:
    """The run in progress, else a new one: a library call outside any run is a run of its own."""
    return _active_run.get() or InputRun()


@contextlib.contextmanager
def input_run(budget: int | None = None) -> Iterator[InputRun]:
    """Make everything read inside the ``with`` one run, with one input budget (the CLI wraps each command)."""
    run = InputRun(budget)
    token = _active_run.set(run)
    try:
        yield run
    finally:
        _active_run.reset(token)
