"""The files fixers read: each source's raw text as on disk, split into lines with their offsets."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+$")
_BOM = "\ufeff"

#: The files fixes edit: the real sources, never rendered output (HTML, man, -help).
SOURCE_SUFFIXES = (".hx", ".rst", ".rst.inc")


@dataclass
class RawFile:
    """One source file's text with its line endings (CRLF stays CRLF) and a byte-order mark, if it had one."""

    path: str
    text: str
    bom: bool = False

    @cached_property
    def starts(self) -> list[int]:
        """The offset of each line's first character (``starts[0]`` is line 1's)."""
        return [m.start() for m in _LINE_RE.finditer(self.text)] or [0]

    @cached_property
    def lines(self) -> list[str]:
        """Every line without its line ending, as :meth:`line` gives them (``lines[0]`` is line 1)."""
        lines = self.text.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the text ends with a line ending: no line after it
        return [line.rstrip("\r") for line in lines]

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its line ending; ``""`` past the end."""
        if not 1 <= number <= len(self.starts):
            return ""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, number: int, column: int = 1) -> int:
        """The offset of 1-based ``column`` on line ``number``."""
        return self.starts[number - 1] + column - 1

    def line_end(self, number: int) -> int:
        """The offset just after line ``number``'s last character, before its line ending."""
        return self.starts[number - 1] + len(self.line(number))

    def newline(self, number: int) -> str:
        """The line ending line ``number`` uses (that of the file's first line when it has none)."""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        ending = self.text[start:end][len(self.line(number)) :]
        if ending:
            return ending
        first = self.text[: self.starts[1]] if len(self.starts) > 1 else ""
        return "\r\n" if first.endswith("\r\n") else "\n"

    @property
    def count(self) -> int:
        return len(self.starts)

    def encoded(self, text: str) -> bytes:
        return ((_BOM if self.bom else "") + text).encode("utf-8")


class Sources:
    """The source files fixers may edit, read once each, and the project the findings came from."""

    def __init__(self, project=None):
        self.project = project
        self._files: dict[str, RawFile | None] = {}
        self._hx_parts: dict[str, list[str | None]] = {}

    def file(self, path: str) -> RawFile | None:
        """``path``'s raw text, or None when it is not a source fixes edit or cannot be read as UTF-8."""
        if path not in self._files:
            self._files[path] = _read(path) if path.endswith(SOURCE_SUFFIXES) else None
        return self._files[path]

    def hx_part(self, path: str, number: int) -> str | None:
        """What line ``number`` of an .hx file is: ``"rst"`` (an SRST block), ``"texinfo"``, ``"def"`` or ``"comment"``."""
        if path not in self._hx_parts:
            raw = self.file(path)
            parts: list[str | None] = []
            part = "def"
            for line in raw.lines if raw else ():
                if line.startswith(("SRST", "STEXI")):
                    part = "rst" if line.startswith("SRST") else "texinfo"
                    parts.append("marker")
                    continue
                if line.startswith(("ERST", "ETEXI")):
                    part = "def"
                    parts.append("marker")
                    continue
                parts.append("comment" if line.startswith("HXCOMM") else part)
            self._hx_parts[path] = parts
        parts = self._hx_parts[path]
        return parts[number - 1] if 1 <= number <= len(parts) else None

    def release_of(self, path: str):
        """The release of the project that holds the file ``path``."""
        for release in getattr(self.project, "releases", ()):
            if any(f.path == path for f in release.files):
                return release
        return None


def _read(path: str) -> RawFile | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    bom = text.startswith(_BOM)
    return RawFile(path, text[1:] if bom else text, bom)
