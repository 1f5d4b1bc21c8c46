"""Texinfo tokens: what a line is, and what the brace commands inside text are.

Texinfo has two syntaxes that the parser handles differently:

- *line commands* own a whole line (``@node Name``, ``@table @option``,
  ``@end table``, ``@findex -h``); :func:`line_command` recognises them;
- *brace commands* nest inside text (``@option{-m} @var{megs}``, ``@{``);
  :func:`scan_inline` walks them to check the braces balance, that every
  command is known, and that square brackets do not straddle a closing brace
  (``[@option{-h]}``, a real mistake of QEMU's manual).

Rendering the brace commands (to plain text or rST) is
:mod:`qdoc.readers.texinfo.to_rst_inline`'s job; this module only finds the problems, with
the line they are on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_LINE_COMMAND_RE = re.compile(r"[ \t]*@([a-zA-Z][a-zA-Z0-9_-]*)(?=[ \t]|$)[ \t]*(.*)$")
_COMMENT_RE = re.compile(r"@c(?:omment)?(?=[ \t]|$)")
_VALUE_RE = re.compile(r"@value\{([^{}\s]*)\}")
#: A command (with the brace that opens its argument), an escape such as ``@{``, or a brace.
_INLINE_TOKEN_RE = re.compile(r"@([a-zA-Z][a-zA-Z0-9_]*)(\{)?|@[^a-zA-Z\n]|[{}]")
_COMMAND_NAME_RE = re.compile(r"@([a-zA-Z][a-zA-Z0-9_]*)")
_INNERMOST_BRACES_RE = re.compile(r"\{[^{}]*\}")
_NEWLINE_RE = re.compile(r"\n")
#: Brace levels :func:`_obviously_fine` peels off before leaving a text to the
#: token walk (QEMU's manuals nest three deep; each level is one more pass).
_MAX_FAST_BRACE_LEVELS = 8

#: Brace commands QEMU's manuals use, and the rest of texinfo's common ones.
INLINE_COMMANDS = frozenset(
    """
    var code option samp file env command url uref email emph strong kbd key dots enddots
    minus math ref xref pxref anchor footnote value b i r t w sc titlefont asis tie today
    copyright registeredsymbol result expansion equiv error point TeX LaTeX bullet acronym
    abbr dfn cite verb indicateurl sansserif slanted image inforef click U sub sup
    headitemfont ctrl dotless exclamdown questiondown pounds euro ordf ordm ss aa AA ae AE
    oe OE o O l L textdegree geq leq arrow comma atchar lbracechar rbracechar backslashchar
    hashchar quotedblleft quotedblright quoteleft quoteright guillemetleft guillemetright
    deftypefnnewline tab item
    """.split()
)
#: Commands whose argument is a literal: brackets inside must balance.
_BRACKET_CHECKED = frozenset({"option", "code", "samp", "var", "env", "file", "command"})


def line_command(line: str) -> tuple[str, str] | None:
    """``("table", "@option")`` for ``@table @option``; None for text lines.

    A line that starts with a brace command (``@var{x} is ...``) is text.
    """
    m = _LINE_COMMAND_RE.match(line)
    if m is None:
        return None
    return m.group(1), m.group(2).rstrip()


def strip_comment(line: str) -> str:
    """``text @c remark`` -> ``text`` (``@code`` is not a comment)."""
    m = _COMMENT_RE.search(line)
    if m is None:
        return line
    # "@@c" is an escaped at-sign followed by "c".
    start = m.start()
    backslashes = len(line[:start]) - len(line[:start].rstrip("@"))
    if backslashes % 2:
        return line
    return line[:start].rstrip()


def expand_values(line: str, values: dict[str, str], missing: list[str]) -> str:
    """Replace ``@value{name}``; names with no value are appended to ``missing``."""

    def value(m: re.Match) -> str:
        name = m.group(1)
        if name in values:
            return values[name]
        missing.append(name)
        return m.group(0)

    return _VALUE_RE.sub(value, line)


@dataclass(slots=True)
class InlineProblem:
    """A problem in brace markup; ``offset`` is the 0-based line within the text."""

    offset: int
    code: str
    message: str
    severity: str = "warning"


def scan_inline(text: str) -> list[InlineProblem]:
    """Check the brace commands of ``text`` (a paragraph, a term, an example).

    Returns problems: unclosed or stray braces (``error``: the text cannot be
    read as the author meant), unknown commands, and square brackets that do
    not balance inside a literal command's braces.  Every paragraph of a
    manual passes here, so lines are counted only for a problem.
    """
    if "@" not in text and "{" not in text and "}" not in text:
        return []
    if _obviously_fine(text):
        return []
    problems: list[InlineProblem] = []
    line_of = _LineIndex(text)
    # Open braces: (command or "", text offset after the brace).
    stack: list[tuple[str, int]] = []
    for m in _INLINE_TOKEN_RE.finditer(text):
        name = m.group(1)
        if name is not None:
            if name not in INLINE_COMMANDS:
                problems.append(InlineProblem(line_of(m.start()), "texinfo-unknown-command", f"unknown command @{name}"))
            if m.group(2):
                stack.append((name, m.end()))
            continue
        token = m.group(0)
        if token == "{":
            stack.append(("", m.end()))
        elif token == "}":
            if not stack:
                problems.append(InlineProblem(line_of(m.start()), "texinfo-brace", "unmatched '}'", "error"))
                continue
            command, start = stack.pop()
            # Only an innermost argument (no brace inside) is checked, so each
            # character is looked at for one pair of braces: nested arguments
            # thousands deep are not rescanned at every level.
            if command in _BRACKET_CHECKED and text.find("{", start, m.start()) < 0:
                inner = text[start : m.start()]
                if ("[" in inner or "]" in inner) and _bracket_depth(inner) != 0:
                    problems.append(
                        InlineProblem(
                            line_of(m.start()), "texinfo-bracket-in-braces",
                            f"unbalanced bracket inside @{command}{{{inner}}}: the bracket probably belongs outside the braces",
                        )
                    )
    for command, start in stack:
        what = f"@{command}{{" if command else "'{'"
        problems.append(InlineProblem(line_of(start), "texinfo-runaway-brace", f"{what} is not closed (runaway brace)", "error"))
    return problems


class _LineIndex:
    """The 0-based line of an offset in ``text``, by binary search over its newlines.

    Counting the newlines before each problem afresh would make a text with
    a problem on each of its lines (80,000 runaway ``@var{``) quadratic; the
    newlines are found once, and only when there is a problem to place.
    """

    __slots__ = ("_text", "_newlines")

    def __init__(self, text: str):
        self._text = text
        self._newlines: list[int] | None = None

    def __call__(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE_RE.finditer(self._text)]
        return bisect_left(self._newlines, offset)


def _obviously_fine(text: str) -> bool:
    """True when :func:`scan_inline` would find nothing, established with C-speed string methods.

    Most paragraphs hold known commands, balanced braces and no square
    brackets; only the others are walked token by token.
    """
    if "[" in text or "]" in text:
        return False
    if "@" in text:
        text = text.replace("@@", "\0").replace("@{", "\0").replace("@}", "\0")
        if not INLINE_COMMANDS.issuperset(_COMMAND_NAME_RE.findall(text)):
            return False
    # Each pass removes one level of balanced braces; text nested deeper than
    # prose ever is goes to the token walk, which is linear at any depth.
    for _ in range(_MAX_FAST_BRACE_LEVELS):
        if "{" not in text:
            return "}" not in text
        shorter = _INNERMOST_BRACES_RE.sub("", text)
        if len(shorter) == len(text):
            return False
        text = shorter
    return False


def _bracket_depth(text: str) -> int:
    """Non-zero when ``[`` and ``]`` do not pair up (also for ``]`` before ``[``)."""
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                return depth
    return depth
