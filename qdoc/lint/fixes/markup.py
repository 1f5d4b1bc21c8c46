"""Fixes of markup findings: texinfo left in rST (QD401) and an unclosed -help synopsis bracket (QD402)."""

from __future__ import annotations

import re

from . import Edit, fixer

#: ``@command{text}`` at the finding's column; the text is plain (no nested markup, braces or rST specials).
_TEXINFO_RE = re.compile(r"@([a-z]+)\{([^{}@`*|\\\s](?:[^{}@`*|\\]*[^{}@`*|\\\s])?)\}")
#: What rST writes for each texinfo command: emphasis, strong emphasis or an inline literal.
_RST_MARKUP = {
    "var": "*", "emph": "*", "dfn": "*",
    "strong": "**",
    "code": "``", "option": "``", "samp": "``", "file": "``", "env": "``", "command": "``", "kbd": "``", "key": "``",
}
# rST inline markup must start after whitespace or one of these, and end before whitespace or one of
# those (docutils' "inline markup recognition rules"); elsewhere an escaped space ("\ ") separates it.
_OPENERS = set("-:/'\"<([{") | {"\u2018", "\u201c"}
_CLOSERS = set("-.,:;!?\\/'\")]}>") | {"\u2019", "\u201d"}


@fixer("QD401", "safe")
def texinfo_in_rst(finding, sources):
    """``@var{x}`` is ``*x*`` in rST, ``@code{x}`` is ````x````; inside an inline literal, plain ``x``.

    Only rST text is edited: an .hx file's SRST lines and .rst files (a DEF's
    help text is C, and HTML, man and -help are rendered from the sources).
    Literal blocks and directive contents are left alone.
    """
    location = finding.location
    path = location.path
    raw = sources.file(path)
    if raw is None or not location.line or not location.column:
        return None
    if path.endswith(".hx") and sources.hx_part(path, location.line) != "rst":
        return None
    line = raw.line(location.line)
    m = _TEXINFO_RE.match(line, location.column - 1)
    if m is None or m.group(1) not in _RST_MARKUP:
        return None
    lines_before = _paragraph_before(raw, location.line, sources if path.endswith(".hx") else None)
    if lines_before is None:
        return None  # a literal block or a directive's content: the markup is shown as written on purpose
    inner = m.group(2)
    if (lines_before + line[: m.start()]).count("``") % 2:
        replacement = inner  # inside an inline literal: the placeholder's name as written
    else:
        mark = _RST_MARKUP[m.group(1)]
        replacement = mark + inner + mark
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        if not before.isspace() and before not in _OPENERS:
            replacement = "\\ " + replacement
        if not after.isspace() and after not in _CLOSERS:
            replacement += "\\ "
    start = raw.offset(location.line, m.start() + 1)
    return (Edit(path, start, start + len(m.group(0)), replacement),)


def _paragraph_before(raw, number: int, hx_sources) -> str | None:
    """The text of line ``number``'s paragraph before that line; None inside a literal block or directive.

    The block a line is in is told by the nearest line above indented less:
    a paragraph ending ``::`` makes it a literal block, ``.. name::`` a
    directive's content (or a comment), both shown as written.
    """

    def inside(index: int) -> bool:
        return index >= 1 and (hx_sources is None or hx_sources.hx_part(raw.path, index) == "rst")

    line = raw.line(number)
    indent = len(line) - len(line.lstrip())
    before = []
    index = number - 1
    while inside(index) and raw.line(index).strip():
        before.append(raw.line(index))
        index -= 1
    index = number - 1
    while inside(index) and indent:
        text = raw.line(index)
        if text.strip() and len(text) - len(text.lstrip()) < indent:
            stripped = text.strip()
            if stripped.endswith("::") or stripped.startswith(".. "):
                return None
            break
        index -= 1
    return "".join(text + "\n" for text in reversed(before))


_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


@fixer("QD402", "unsafe")
def close_help_brackets(finding, sources):
    """Close a ``[`` of a DEF's -help synopsis at the end of the C string line that opened it.

    Unsafe: where the optional part ends is a judgement (the line's end is
    where QEMU's synopses usually end one); review the change.
    """
    location = finding.location
    path = location.path
    if not path.endswith(".hx"):
        return None
    raw = sources.file(path)
    # At a DEF's lines: the -help synopsis (a documented synopsis' finding is at an SRST line).
    if raw is None or not location.line or sources.hx_part(path, location.line) != "def":
        return None
    closing: dict[int, int] = {}  # offset where a line's string ends -> how many "]" go there
    opened: list[int] = []  # for each "[" still open, where its line's string ends

    def close_group():
        for at in opened:
            closing[at] = closing.get(at, 0) + 1
        opened.clear()

    for number in _def_lines(raw, location.line, sources):
        for m in _STRING_RE.finditer(raw.line(number)):
            content = m.group(1)
            if content.startswith("-") or not content.startswith(" "):
                close_group()  # a new synopsis (or prose) starts
            body = content[:-2] if content.endswith("\\n") else content
            at = raw.offset(number, m.start(1) + 1) + len(body)
            for char in body:
                if char == "[":
                    opened.append(at)
                elif char == "]" and opened:
                    opened.pop()
    close_group()
    return tuple(Edit(path, at, at, "]" * count) for at, count in sorted(closing.items())) or None


def _def_lines(raw, number: int, sources):
    """The lines of the DEF call that holds line ``number``: from ``DEF(`` to the line its call ends."""
    start = number
    while start > 1 and not raw.line(start).startswith("DEF(") and sources.hx_part(raw.path, start - 1) == "def":
        start -= 1
    if not raw.line(start).startswith("DEF("):
        return []
    end = start
    while end < raw.count and not raw.line(end).rstrip().endswith(")") and sources.hx_part(raw.path, end + 1) == "def":
        end += 1
    return range(start, end + 1)
