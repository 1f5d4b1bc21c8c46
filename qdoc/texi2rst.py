"""Convert the texinfo of STEXI blocks (QEMU 2.12 to 4.2) to rST, and to plain text.

QEMU's option documentation lived in texinfo fragments inside the .hx files
until 2020.  The .hx reader keeps every option's description as rST, so those
fragments are converted here: inline markup (``@var``, ``@code``, ``@option``
...), tables (which become definition lists), lists, examples and the
texinfo escapes.  Anything not understood is reported as a diagnostic and its
text kept, never dropped.

This is deliberately the part of texinfo that QEMU's option fragments use; the
texinfo reader for whole manuals (issue 3) builds on the same inline renderer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

#: Inline commands whose argument renders as an rST literal (``text``).
LITERAL_COMMANDS = frozenset(
    {"code", "option", "samp", "command", "env", "file", "kbd", "key", "t", "verb", "indicateurl"}
)
#: Inline commands whose argument renders emphasised (*text*).
EMPHASIS_COMMANDS = frozenset({"var", "emph", "i", "dfn", "cite", "sc", "slanted"})
STRONG_COMMANDS = frozenset({"strong", "b"})
#: Brace commands that stand for a fixed string.
SYMBOLS = {
    "dots": "...",
    "enddots": "...",
    "minus": "-",
    "bullet": "*",
    "copyright": "(C)",
    "registeredsymbol": "(R)",
    "result": "=>",
    "expansion": "==>",
    "equiv": "==",
    "error": "error-->",
    "point": "-!-",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "tie": " ",
    "today": "",
}
#: Commands that take a whole line and carry no text of the description.
LINE_COMMANDS_DROPPED = frozenset(
    {
        "c", "comment", "findex", "cindex", "kindex", "pindex", "vindex", "tindex",
        "noindent", "indent", "sp", "page", "need", "vskip", "refill", "group",
    }
)
VERBATIM_BLOCKS = frozenset({"verbatim"})
EXAMPLE_BLOCKS = frozenset({"example", "smallexample", "lisp", "smalllisp", "display", "smalldisplay", "format", "smallformat"})
CONDITIONAL_KEEP = frozenset({"ifinfo", "ifhtml", "ifnottex", "ifnotinfo", "ifnothtml", "ifplaintext", "ifdocbook", "ifnotdocbook", "ifnotplaintext", "ifxml", "ifnotxml"})
CONDITIONAL_SKIP = frozenset({"iftex", "tex", "ignore", "html", "latex", "docbook", "xml"})

MAX_NESTING = 200

_ESCAPES = {"@@": "\ue000", "@{": "\ue001", "@}": "\ue002"}
_ESCAPE_RE = re.compile(r"@[@{}]")
_TOKEN_RE = re.compile(r"@([a-zA-Z]+)\{|\{|\}|@([a-zA-Z]+)|@([^a-zA-Z\s])|@(\s)")


@dataclass(frozen=True)
class Problem:
    """A texinfo construct that could not be converted faithfully."""

    line_offset: int
    message: str
    code: str = "texinfo-markup"


@dataclass
class _Node:
    command: str | None
    children: list = field(default_factory=list)


class TexinfoInlineError(ValueError):
    """Raised for unbalanced braces; the caller turns it into a diagnostic."""


def _parse_inline(text: str) -> _Node:
    """Parse brace structure into a tree of command nodes and strings."""
    root = _Node(None)
    stack = [root]
    pos = 0
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    for m in _TOKEN_RE.finditer(text):
        if m.start() > pos:
            stack[-1].children.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1):
            node = _Node(m.group(1))
            stack[-1].children.append(node)
            stack.append(node)
            if len(stack) > MAX_NESTING:
                raise TexinfoInlineError("texinfo braces nested too deeply")
        elif m.group(0) == "{":
            node = _Node("")
            stack[-1].children.append(node)
            stack.append(node)
            if len(stack) > MAX_NESTING:
                raise TexinfoInlineError("texinfo braces nested too deeply")
        elif m.group(0) == "}":
            if len(stack) == 1:
                raise TexinfoInlineError("unbalanced '}' in texinfo text")
            stack.pop()
        elif m.group(2):
            # Brace-less command such as @* or @tab inside inline text.
            stack[-1].children.append(_Node("@" + m.group(2)))
        elif m.group(3):
            stack[-1].children.append(_Node("@" + m.group(3)))
        else:
            stack[-1].children.append(" ")
    if pos < len(text):
        stack[-1].children.append(text[pos:])
    if len(stack) != 1:
        raise TexinfoInlineError(f"unclosed '@{stack[-1].command}{{' in texinfo text")
    return root


def _unescape(text: str) -> str:
    return text.replace("\ue000", "@").replace("\ue001", "{").replace("\ue002", "}")


def _quotes(text: str) -> str:
    return text.replace("``", '"').replace("''", '"')


class InlineRenderer:
    """Render inline texinfo as plain text or rST, collecting problems."""

    def __init__(self, values: dict[str, str] | None = None):
        self.values = values or {}
        self.problems: list[str] = []

    def plain(self, text: str) -> str:
        """Markup removed: ``-machine [type=]@var{name}`` -> ``-machine [type=]name``."""
        if "@" not in text and "{" not in text and "}" not in text:
            return _quotes(text)
        try:
            tree = _parse_inline(text)
        except TexinfoInlineError as exc:
            self.problems.append(str(exc))
            return _unescape(_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text))
        return _unescape(self._plain(tree))

    def rst(self, text: str) -> str:
        """Inline rST for a line of texinfo prose."""
        if "@" not in text and "{" not in text and "}" not in text:
            return _rst_escape(_quotes(text))
        try:
            tree = _parse_inline(text)
        except TexinfoInlineError as exc:
            self.problems.append(str(exc))
            return _rst_escape(_unescape(_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)))
        return _unescape(self._rst(tree))

    # -- plain ---------------------------------------------------------------

    def _plain(self, node: _Node) -> str:
        out = []
        for child in node.children:
            if isinstance(child, str):
                out.append(_quotes(child))
            else:
                out.append(self._plain_command(child))
        return "".join(out)

    def _plain_command(self, node: _Node) -> str:
        cmd = node.command or ""
        if cmd.startswith("@"):
            return {"@*": "\n", "@.": ".", "@:": "", "@!": "!", "@?": "?", "@-": "", "@/": ""}.get(cmd, "")
        if cmd in SYMBOLS:
            return SYMBOLS[cmd]
        if cmd == "value":
            name = self._plain(node).strip()
            return self.values.get(name, name)
        if cmd in ("footnote", "anchor", "w") and cmd != "w":
            return ""
        if cmd in ("url", "uref", "email"):
            parts = self._plain(node).split(",")
            return (parts[1] if len(parts) > 1 and parts[1].strip() else parts[0]).strip()
        if cmd in ("ref", "xref", "pxref"):
            return self._plain(node).split(",")[0].strip()
        return self._plain(node)

    # -- rST -----------------------------------------------------------------

    def _rst(self, node: _Node) -> str:
        out = []
        for child in node.children:
            if isinstance(child, str):
                out.append(_rst_escape(_quotes(child)))
            else:
                out.append(self._rst_command(child))
        return "".join(out)

    def _rst_command(self, node: _Node) -> str:
        cmd = node.command or ""
        if cmd.startswith("@") or cmd in SYMBOLS:
            return self._plain_command(node)
        if cmd == "":
            return self._rst(node)
        if cmd in LITERAL_COMMANDS:
            inner = self._plain(node)
            return _literal(inner)
        if cmd in EMPHASIS_COMMANDS:
            inner = self._plain(node).strip()
            return f"*{_rst_escape(inner)}*" if inner else ""
        if cmd in STRONG_COMMANDS:
            inner = self._plain(node).strip()
            return f"**{_rst_escape(inner)}**" if inner else ""
        if cmd == "value":
            name = self._plain(node).strip()
            # QEMU's rST epilog defines these as substitutions (|qemu_system|).
            return self.values.get(name, f"|{name}|")
        if cmd in ("url", "uref"):
            parts = [p.strip() for p in self._plain(node).split(",")]
            target = parts[0]
            label = parts[1] if len(parts) > 1 and parts[1] else (parts[2] if len(parts) > 2 else "")
            return f"`{label} <{target}>`__" if label else f"`<{target}>`__"
        if cmd == "email":
            parts = [p.strip() for p in self._plain(node).split(",")]
            return parts[0]
        if cmd in ("ref", "xref", "pxref"):
            target = self._plain(node).split(",")[0].strip()
            prefix = {"xref": "See ", "pxref": "see "}.get(cmd, "")
            return f'{prefix}"{target}"'
        if cmd == "footnote":
            return f" ({self._rst(node).strip()})"
        if cmd in ("math", "w", "asis", "r", "sansserif", "headitemfont"):
            return self._rst(node)
        if cmd == "anchor":
            return ""
        self.problems.append(f"unknown texinfo command @{cmd}")
        return self._rst(node)


def _literal(text: str) -> str:
    text = text.strip("\n")
    if not text.strip():
        return ""
    if "``" in text:
        return f":literal:`{text}`"
    lead = " " if text[0] == " " else ""
    trail = " " if text[-1] == " " else ""
    return f"{lead}``{text.strip()}``{trail}"


_RST_SPECIAL = re.compile(r"([\\*`])")


def _rst_escape(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class Conversion:
    """Result of converting a block: rST text and problems with line offsets."""

    text: str
    problems: tuple[Problem, ...]


_LINE_CMD_RE = re.compile(r"^@([a-zA-Z]+)(?:\s+(.*))?$")
_INLINE_START_RE = re.compile(r"^@([a-zA-Z]+)\{")


def _is_inline_start(line: str) -> bool:
    """A line that starts with inline markup (``@var{x} is ...``) is prose."""
    m = _INLINE_START_RE.match(line)
    return bool(m) and m.group(1) not in ("anchor",)


def texinfo_block_to_rst(lines: list[str], values: dict[str, str] | None = None) -> Conversion:
    """Convert texinfo block lines (one option's body) to rST text.

    Equal blocks recur across releases and at each nesting level, so results
    are cached (they are immutable: text and line-relative problems).
    """
    if values:
        return _convert_block(tuple(lines), tuple(sorted(values.items())))
    return _convert_block(tuple(lines), ())


@lru_cache(maxsize=4096)
def _convert_block(lines: tuple[str, ...], values: tuple[tuple[str, str], ...]) -> Conversion:
    return _convert(list(lines), dict(values) or None)


def _convert(lines: list[str], values: dict[str, str] | None) -> Conversion:
    """Convert texinfo block lines (one option's body) to rST text.

    Nested ``@table`` become definition lists, ``@itemize``/``@enumerate``
    bullet and numbered lists, ``@example`` and friends literal blocks.
    Problems carry the 0-based offset of the line they concern.
    """
    renderer = InlineRenderer(values)
    out: list[str] = []
    problems: list[Problem] = []
    # Stack of open environments: (kind, indent of their items' bodies).
    envs: list[tuple[str, str]] = []
    indent = ""
    in_literal: str | None = None
    skipping: str | None = None
    skip_depth = 0
    enum_counter: list[int] = []

    paragraph: list[str] = []
    paragraph_indent = ""

    def emit(text: str) -> None:
        out.append(indent + text if text else "")

    def flush() -> None:
        # Inline markup may span lines (@code{... newline ...}): render the
        # paragraph as a whole, then keep its line structure.
        if paragraph:
            rendered = renderer.rst("\n".join(paragraph))
            out.extend(paragraph_indent + ln.strip() if ln.strip() else "" for ln in rendered.split("\n"))
            paragraph.clear()

    for offset, raw in enumerate(lines):
        line = raw.rstrip()
        if in_literal is None and skipping is None and line.strip() and not line.startswith("@"):
            if not paragraph:
                paragraph_indent = indent
            paragraph.append(line.strip())
            continue
        if in_literal is None and skipping is None and ((line.startswith("@") and _LINE_CMD_RE.match(line)) or line.startswith("@anchor{")):
            flush()
        elif in_literal is None and skipping is None and line.startswith("@"):
            if not paragraph:
                paragraph_indent = indent
            paragraph.append(line.strip())
            continue
        else:
            flush()
        if skipping is not None:
            m = _LINE_CMD_RE.match(line.strip())
            if m and m.group(1) == skipping:
                skip_depth += 1
            elif m and m.group(1) == "end" and (m.group(2) or "").strip() == skipping:
                skip_depth -= 1
                if skip_depth == 0:
                    skipping = None
            continue
        if in_literal is not None:
            if line.strip() == f"@end {in_literal}":
                in_literal = None
                indent = indent[:-4]
                out.append("")
                continue
            if in_literal in VERBATIM_BLOCKS:
                out.append(indent + line if line else "")
            else:
                text = renderer.plain(line)
                if "|" in line and "@value{" in line:
                    text = renderer.plain(line)
                out.append(indent + text if text else "")
            continue
        m = _LINE_CMD_RE.match(line)
        if m:
            cmd, arg = m.group(1), (m.group(2) or "").strip()
            if cmd in LINE_COMMANDS_DROPPED:
                continue
            if cmd == "table" or cmd == "vtable" or cmd == "ftable":
                envs.append(("table", indent))
                out.append("")
                continue
            if cmd in ("itemize", "enumerate"):
                envs.append((cmd, indent))
                enum_counter.append(0)
                out.append("")
                continue
            if cmd in ("item", "itemx") and envs:
                kind, base = envs[-1]
                if kind == "table":
                    if cmd == "item":
                        if out and out[-1] != "":
                            out.append("")
                    term = renderer.plain(arg)
                    out.append(base + _literal(term) if term else base + "\\ ")
                    if cmd == "itemx" and len(out) >= 2 and out[-2].startswith(base) and not out[-2].startswith(base + " "):
                        # rST has no multi-term items: QEMU writes an empty
                        # definition ("\ ") between grouped terms.
                        out.insert(len(out) - 1, base + "  \\ ")
                    indent = base + "    "
                else:
                    enum_counter[-1] += 1
                    bullet = "#." if kind == "enumerate" else "-"
                    if out and out[-1] != "":
                        out.append("")
                    rest = renderer.rst(arg)
                    out.append(base + bullet + (" " + rest if rest else ""))
                    indent = base + "  "
                continue
            if cmd == "end":
                if arg in ("table", "vtable", "ftable", "itemize", "enumerate") and envs:
                    kind, base = envs.pop()
                    if kind != "table":
                        enum_counter.pop()
                    indent = base
                    out.append("")
                    continue
                if arg in ("quotation", "cartouche", "indentedblock", "smallquotation"):
                    indent = indent[:-4]
                    out.append("")
                    continue
                if arg in CONDITIONAL_KEEP:
                    continue
                problems.append(Problem(offset, f"@end {arg} without matching start"))
                continue
            if cmd in EXAMPLE_BLOCKS or cmd in VERBATIM_BLOCKS:
                if out and out[-1] != "":
                    out.append("")
                emit("::")
                out.append("")
                indent += "    "
                in_literal = cmd
                continue
            if cmd in ("quotation", "cartouche", "indentedblock", "smallquotation"):
                out.append("")
                indent += "    "
                continue
            if cmd in CONDITIONAL_KEEP:
                continue
            if cmd in CONDITIONAL_SKIP:
                skipping, skip_depth = cmd, 1
                continue
            if cmd == "include":
                problems.append(Problem(offset, f"@include {arg} is not expanded in .hx blocks", "texinfo-include"))
                emit(f".. @include {arg} (not expanded)")
                continue
            if cmd == "anchor" or line.startswith("@anchor{"):
                pass
            if cmd in ("set", "clear"):
                continue
            if cmd == "multitable":
                problems.append(Problem(offset, "@multitable is not converted; rows kept as text"))
                continue
        if line.startswith("@anchor{") and line.endswith("}"):
            name = line[len("@anchor{") : -1]
            out.append(f"{indent}.. _{name}:")
            out.append("")
            continue
        if not line.strip():
            out.append("")
            continue
        text = renderer.rst(line.strip())
        emit(text)
    flush()
    if in_literal is not None:
        problems.append(Problem(len(lines) - 1, f"unclosed @{in_literal}"))
    for kind, _ in envs:
        problems.append(Problem(len(lines) - 1, f"unclosed @{kind}"))
    problems.extend(Problem(0, p) for p in renderer.problems)
    return Conversion(_tidy(out), tuple(problems))


def _tidy(lines: list[str]) -> str:
    """Collapse blank-line runs and strip leading/trailing blanks."""
    result: list[str] = []
    for line in lines:
        if not line.strip():
            if result and result[-1] == "":
                continue
            result.append("")
        else:
            result.append(line.rstrip())
    while result and result[0] == "":
        result.pop(0)
    while result and result[-1] == "":
        result.pop()
    return "\n".join(result)
