"""The bits of C that .hx files contain: ``DEF(...)`` argument lists and struct initialisers.

``DEF("machine", HAS_ARG, QEMU_OPTION_machine, "..." "...", QEMU_ARCH_ALL)``
spans lines, concatenates string literals with escapes and may contain
preprocessor lines between the strings.  HMP commands are struct
initialisers (``.name = "help|?", .help = "..."``).  This module turns both
into Python values, or a located error for input that is not well-formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..common.forward_find import ForwardFind

#: Possessive runs (``++``, ``*+``): a C string's characters are matched in runs, not one
#: backtracking point per character, so a 600,000-character help string is one quick scan.
_STRING_RE = re.compile(r'"((?:[^"\\\n]++|\\.)*+)"')
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\", "?": "?", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\n": ""}


def _unescape(match: re.Match) -> str:
    """One C escape's character; an escape C would reject (``\\x`` without hex digits) stands for its letter."""
    code = match.group(1)
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8))
    return _SIMPLE_ESCAPES.get(code, code)


def c_string_value(body: str) -> str:
    """The value of a C string literal's body (between the quotes)."""
    if "\\" not in body:
        return body
    return _ESCAPE_RE.sub(_unescape, body)


_OTHER_ESCAPE_RE = re.compile(r"\\[^n]")


def concatenated_strings(text: str) -> str:
    """Value of adjacent C string literals (``"a\\n" "b"`` -> ``"a\\nb"``)."""
    pieces = _STRING_RE.findall(text)
    joined = "".join(pieces)
    if "\\" not in joined:
        return joined
    if not _OTHER_ESCAPE_RE.search(joined):
        return joined.replace("\\n", "\n")
    # Escapes never span literals, except a hex escape followed by a hex
    # digit in the next literal: decode each piece on its own.
    return "".join(c_string_value(piece) for piece in pieces)


# A well-formed DEF in one match: the fast path for the common case.
DEF_FAST_RE = re.compile(
    r'DEF\([ \t]*"([^"\\\n]*)"[ \t]*,\s*(\w+)\s*,\s*(\w+)\s*,'
    r'((?:\s|\\\n|"(?:[^"\\\n]++|\\.)*+")*+)'  # possessive: no backtracking
    r",\s*([A-Za-z0-9_| \t\n]+)\)"
)

_C_TOKEN_RE = re.compile(
    r'(?P<ws>(?:[ \t\r\n]|\\\n)+)'
    r'|"(?P<str>(?:[^"\\\n]++|\\.)*+)"'
    r"|(?P<word>[A-Za-z_]\w*|\d+)"
    r"|(?P<punct>[,()|~&])"
    r"|(?P<comment>/\*.*?\*/|//[^\n]*)"
    r"|(?P<other>.)",
    re.S,
)
#: Lines that start a new .hx construct: a DEF argument list never contains them.
_DIRECTIVE_STARTS = ("DEF(", "DEFHEADING(", "ARCHHEADING(", "SRST", "ERST", "STEXI", "ETEXI", "HXCOMM")


def _end_of_logical_line(text: str, pos: int) -> int:
    """End of the line at ``pos``, following backslash-newline continuations."""
    while True:
        eol = text.find("\n", pos)
        if eol < 0:
            return len(text)
        if eol > 0 and text[eol - 1] == "\\":
            pos = eol + 1
            continue
        return eol


class CSyntaxError(ValueError):
    """Malformed C in a .hx file; ``offset`` is where it was noticed."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class DefArguments:
    """Parsed ``DEF(name, flags, enum, help, arch)``."""

    name: str
    flags: str
    enum: str
    help: str
    arch: str
    end: int  # offset just after the closing parenthesis
    help_offset: int
    preprocessor: tuple[str, ...] = ()


#: How far :func:`parse_def_at` looks for the end of a call (QEMU's longest DEF is
#: about 4 KB); without a bound an unclosed DEF would scan to the end for every DEF.
_LONGEST_DEF = 64 * 1024


def call_ends(text: str) -> ForwardFind:
    """What :func:`parse_def_at` finds call ends with, one per text read in order."""
    return ForwardFind(text, ")\n", _LONGEST_DEF)


def parse_def_at(text: str, start: int, ends: ForwardFind) -> DefArguments:
    """:func:`parse_def`, memoised on the call's text; offsets relative to ``start``.

    Releases repeat most DEF calls verbatim.  The call is guessed to end at
    the first ``)`` that ends a line; the memo is only used when the parse
    of exactly that text ends there, so a wrong guess costs a normal parse.
    ``ends`` (:func:`call_ends` of ``text``) keeps the guesses of a whole
    file linear.
    """
    guess = ends.after(start)
    if guess >= 0:
        call = text[start : guess + 1]
        try:
            args = _parse_call(call)
        except CSyntaxError:
            args = None
        if args is not None and args.end == len(call):
            return args
    args = parse_def(text, start)
    return DefArguments(
        args.name, args.flags, args.enum, args.help, args.arch,
        args.end - start, args.help_offset - start, args.preprocessor,
    )


@lru_cache(maxsize=8192)
def _parse_call(call: str) -> DefArguments:
    return parse_def(call, 0)


def parse_def(text: str, start: int) -> DefArguments:
    """Parse the DEF call whose ``DEF(`` begins at ``start``.

    Raises :class:`CSyntaxError` when the argument list is not closed before
    the next .hx directive or the end of the file, has the wrong number of
    arguments, or contains something that is not C.
    """
    m = DEF_FAST_RE.match(text, start)
    if m:
        return DefArguments(
            name=m.group(1),
            flags=m.group(2),
            enum=m.group(3),
            help=concatenated_strings(m.group(4)),
            arch=" ".join(m.group(5).split()),
            end=m.end(),
            # at the first string literal, as the slow path has it: not the blank or newline before it
            help_offset=m.start(4) + max(m.group(4).find('"'), 0),
        )
    return _parse_def_slow(text, start)


def _parse_def_slow(text: str, start: int) -> DefArguments:
    pos = start + len("DEF(")
    args: list[list[tuple[str, str, int]]] = [[]]
    preprocessor: list[str] = []
    depth = 0
    n = len(text)
    while True:
        if pos >= n:
            raise CSyntaxError("DEF( is not closed: the file ends inside its argument list", start)
        m = _C_TOKEN_RE.match(text, pos)
        assert m is not None  # the pattern matches any character
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "ws":
            pos = m.end()
            if "\n" in value:
                if text.startswith(_DIRECTIVE_STARTS, pos):
                    raise CSyntaxError("DEF( is not closed before the next directive (unbalanced parentheses?)", start)
                if text.startswith("#", pos):
                    eol = _end_of_logical_line(text, pos)
                    preprocessor.append(text[pos:eol].strip())
                    pos = eol
            continue
        if kind == "comment":
            pos = m.end()
            continue
        if kind == "other":
            if value == '"':
                raise CSyntaxError("unterminated string literal in DEF(", pos)
            raise CSyntaxError(f"unexpected character {value!r} in DEF(", pos)
        if kind == "punct":
            if value == "(":
                depth += 1
            elif value == ")":
                if depth == 0:
                    end = m.end()
                    break
                depth -= 1
            elif value == "," and depth == 0:
                args.append([])
                pos = m.end()
                continue
        args[-1].append((kind, value, m.start()))
        pos = m.end()
    if len(args) == 3:
        # qemu-img-cmds.hx: DEF(command, callback, arg_string).
        args = [args[0], [], args[1], args[2], []]
    elif len(args) != 5:
        raise CSyntaxError(f"DEF( has {len(args)} arguments, expected 5 (name, flags, enum, help, arch) or 3 (command, callback, usage)", start)
    name_tokens = [v for k, v, _ in args[0] if k == "str"]
    if len(name_tokens) != 1 or len(args[0]) != 1:
        raise CSyntaxError("the first argument of DEF( must be one string literal", start)
    # Build-time macros (DEFAULT_GDBSTUB_PORT, DEFAULT_NETWORK_SCRIPT) sit
    # between the literals; their values depend on the build, so they are
    # kept by name as "{NAME}".
    help_parts = []
    for kind, value, offset in args[3]:
        if kind == "str":
            help_parts.append(c_string_value(value))
        elif kind == "word" and not value[0].isdigit():
            help_parts.append("{" + value + "}")
        else:
            raise CSyntaxError(f"unexpected {value!r} in the help argument of DEF(", offset)
    help_offset = args[3][0][2] if args[3] else start
    return DefArguments(
        name=name_tokens[0],
        flags=" ".join(v for _, v, _ in args[1]),
        enum=" ".join(v for _, v, _ in args[2]),
        help="".join(help_parts),
        arch=" ".join(v for _, v, _ in args[4]),
        end=end,
        help_offset=help_offset,
        preprocessor=tuple(preprocessor),
    )


_STRUCT_END_RE = re.compile(r"^[ \t]*\},?[ \t]*$", re.M)
_FIELD_RE = re.compile(
    r'\.(\w+)\s*=\s*((?:"(?:[^"\\\n]++|\\.)*+"\s*)+|[^,\n]+?)\s*(?:,|$)', re.M
)


def parse_struct(text: str, start: int, limit: int) -> tuple[dict[str, str], int]:
    """Fields of the ``{ .name = ..., ... },`` initialiser starting at ``start``.

    String fields are concatenated and unescaped; other fields are kept as
    written.  ``limit`` is where the next directive begins: the closing brace
    must come before it.
    """
    m = _STRUCT_END_RE.search(text, start, limit)
    if not m:
        raise CSyntaxError("struct initialiser '{' is not closed by '},'", start)
    body = text[start : m.start()]
    if "#" in body:
        # Preprocessor lines between string pieces (#ifdef CONFIG_PASST):
        # every variant's text is kept.
        body = "\n".join(ln for ln in body.split("\n") if not ln.lstrip().startswith("#"))
    fields: dict[str, str] = {}
    for f in _FIELD_RE.finditer(body):
        value = f.group(2)
        fields[f.group(1)] = concatenated_strings(value) if value.startswith('"') else value.strip()
    return fields, m.end()
