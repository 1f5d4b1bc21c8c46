"""Turning the bytes of an input file into text, or a located error.

Readers work on ``str``; this module decides what counts as readable text.
QEMU's documentation is UTF-8.  A file that is not (Latin-1, binary, NUL
bytes) is reported with the line and column of the first offending byte
instead of being decoded with replacement characters, which could silently
change option names.
"""

from __future__ import annotations

import os
import stat

from .model import Diagnostic, Location


#: Larger files are refused before they are read whole: QEMU's largest documentation
#: file is under 1 MB, while a reader's time and memory grow with its input (a 50 MB
#: .hx would take half a minute and a gigabyte), and ``/dev/zero`` never ends.
MAX_INPUT_BYTES = 8 * 1024 * 1024


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


def read_text(path: str | os.PathLike) -> str:
    """Read a file as text; unreadable files raise :class:`InputError`."""
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
    return decode(data, name)
