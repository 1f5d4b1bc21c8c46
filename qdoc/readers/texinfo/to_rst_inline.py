"""Texinfo brace markup (``@var{x}``, ``@code{...}``, ``@@``) as plain text or inline rST.

One renderer for every piece of texinfo text the project turns into rST or
plain text: terms and synopses of the .hx and texinfo readers, and the
paragraphs that :mod:`qdoc.readers.texinfo.to_rst` renders for option descriptions and for
``qdoc convert``.  Anything not understood is reported in ``problems`` and its
text kept, never dropped.

rST only recognises inline markup between whitespace or punctuation, and
texinfo writes markup against words (``5700+@var{display}``,
``@code{fd}=@var{h}``, ``@var{display}s``): the rST renderer puts an escaped
space (``\\ ``, which renders as nothing) where a start or end of markup would
not be recognised, and escapes what rST would otherwise read as markup in
plain text (``*``, `````, ``\\``, a word ending in ``_``).  The texinfo
parser (:mod:`qdoc.readers.texinfo.tokens`) checks the braces and commands
with line numbers; this module only renders.
"""

from __future__ import annotations

import re

#: Inline commands whose argument renders as an rST literal (``text``).
LITERAL_COMMANDS = frozenset(
    {"code", "option", "samp", "command", "env", "file", "kbd", "key", "t", "verb", "indicateurl"}
)
#: Inline commands whose argument renders emphasised (*text*).
EMPHASIS_COMMANDS = frozenset({"var", "emph", "i", "dfn", "cite", "sc", "slanted"})
STRONG_COMMANDS = frozenset({"strong", "b"})
#: Commands whose argument is rendered as it is (no rST equivalent needed).
TRANSPARENT_COMMANDS = frozenset({"math", "w", "asis", "r", "sansserif", "headitemfont", "acronym", "abbr", "titlefont", "sub", "sup"})
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
_NON_ALPHA = {"@*": "\n", "@.": ".", "@:": "", "@!": "!", "@?": "?", "@-": "", "@/": ""}

MAX_NESTING = 200

_ESCAPES = {"@@": "\ue000", "@{": "\ue001", "@}": "\ue002"}
_ESCAPE_RE = re.compile(r"@[@{}]")
#: A command with its opening brace, a brace, a command without one, ``@`` and a symbol or a blank.
_TOKEN_RE = re.compile(r"@([a-zA-Z]+)\{|\{|\}|@([a-zA-Z]+)|@([^a-zA-Z\s])|@(\s)")


class _Node:
    """A brace command (``command`` its name, ``""`` for a bare brace group) and what it holds."""

    __slots__ = ("command", "children")

    def __init__(self, command: str | None):
        self.command = command
        self.children: list = []


class TexinfoInlineError(ValueError):
    """Raised for unbalanced braces; the caller turns it into a diagnostic."""


def _parse_inline(text: str) -> _Node:
    """Parse brace structure into a tree of command nodes and strings."""
    root = _Node(None)
    stack = [root]
    top = root.children
    pos = 0
    text = _hide_escapes(text)
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        if start > pos:
            top.append(text[pos:start])
        pos = end
        command, name, symbol, space = m.groups()
        if command is not None or (name is None and symbol is None and space is None and text[start] == "{"):
            node = _Node(command or "")
            top.append(node)
            stack.append(node)
            top = node.children
            if len(stack) > MAX_NESTING:
                raise TexinfoInlineError("texinfo braces nested too deeply")
        elif name is not None or symbol is not None:
            # Brace-less command: @tab, @*, @., @:...
            top.append(_Node("@" + (name or symbol)))
        elif space is not None:
            top.append(" ")
        else:  # "}"
            if len(stack) == 1:
                raise TexinfoInlineError("unbalanced '}' in texinfo text")
            stack.pop()
            top = stack[-1].children
    if pos < len(text):
        top.append(text[pos:])
    if len(stack) != 1:
        raise TexinfoInlineError(f"unclosed '@{stack[-1].command}{{' in texinfo text")
    return root


def _hide_escapes(text: str) -> str:
    """``@@``, ``@{``, ``@}`` as private-use characters, so that braces pair up."""
    return _ESCAPE_RE.sub(_escape_char, text) if "@" in text else text


def _escape_char(m: re.Match) -> str:
    return _ESCAPES[m.group(0)]


def _unescape(text: str) -> str:
    return text.replace("\ue000", "@").replace("\ue001", "{").replace("\ue002", "}")


def _quotes(text: str) -> str:
    """TeX quotes (````x''``) as straight double quotes."""
    if "``" in text or "''" in text:
        return text.replace("``", '"').replace("''", '"')
    return text


_RST_SPECIAL = re.compile(r"([\\*`])")
_REFERENCE_END_RE = re.compile(r"(?<=\w)_(?=\W|$)")
#: A ``|`` where rST would start a substitution reference (``[|SPARCbook]``).
_SUBSTITUTION_START_RE = re.compile(r"(?:(?<=[\s\-:/'\"<(\[{])|^)\|(?=\S)")


def rst_escape(text: str) -> str:
    """Backslash-escape what starts inline markup in rST (``*``, `````, ``\\``)."""
    if "*" in text or "`" in text or "\\" in text:
        return _RST_SPECIAL.sub(r"\\\1", text)
    return text


def escape_text(text: str) -> str:
    """rST-escape plain text, including ``word_`` (a reference in rST: ``QEMU_AUDIO_ variables``)
    and a ``|`` that would start a substitution."""
    text = rst_escape(text)
    if "_" in text:
        text = _REFERENCE_END_RE.sub(r"\\_", text)
    if "|" in text:
        text = _SUBSTITUTION_START_RE.sub(r"\\|", text)
    return text


def literal(text: str) -> str:
    """An inline literal; ``:literal:`` when the text itself holds two backquotes."""
    text = text.strip("\n")
    if not text.strip():
        return ""
    if "``" in text:
        return f":literal:`{text}`"
    lead = " " if text[0] == " " else ""
    trail = " " if text[-1] == " " else ""
    return f"{lead}``{text.strip()}``{trail}"


def label_of(node_name: str) -> str:
    """The rST label of a texinfo node or anchor: lower case, words joined by dashes."""
    return "texinfo-" + (re.sub(r"[^a-z0-9]+", "-", node_name.lower()).strip("-") or "node")


def _reference(argument: str) -> tuple[str, str]:
    """The node an ``@xref{node, name, title...}`` points to, and what it shows: the name, else the title, else the node."""
    parts = [part.strip() for part in argument.split(",")]
    return parts[0], next((part for part in parts[1:3] if part), parts[0])


#: docutils recognises the start of inline markup only after these (or at the start)...
_BEFORE_START = frozenset(" \t\n-:/'\"<([{")
#: ... and its end only before these (or at the end).
_AFTER_END = frozenset(" \t\n-.,:;!?\\/'\")]}>")
#: First and last characters of the inline markup this renderer writes.
_MARKUP_STARTS = frozenset("`*:|")
_MARKUP_ENDS = frozenset("`*|_")


class InlineRenderer:
    """Render inline texinfo as plain text or rST, collecting problems.

    ``values`` are the ``@set`` flags (``@value{name}``); ``labels`` the rST
    labels that exist (see :func:`label_of`), so that ``@xref{node}`` becomes
    a ``:ref:``.  Without the label (a description read out of its manual),
    a reference is the name it shows, in quotes: ``see "disk_images"``.
    """

    def __init__(self, values: dict[str, str] | None = None, labels: set[str] | None = None,
                 titles: dict[str, str] | None = None):
        self.values = values or {}
        self.labels = labels or set()
        #: label -> the title of the section it names: what a reference shows when it names no text
        #: of its own (texinfo prints the section title; the node name is an identifier, not prose).
        self.titles = titles or {}
        self.problems: list[str] = []

    def _shown(self, target: str, shown: str) -> str:
        """What a reference to ``target`` shows: its own text, unless that is the node name and the title is known."""
        if shown == target:
            return self.titles.get(label_of(target), shown)
        return shown

    def plain(self, text: str) -> str:
        """Markup removed: ``-machine [type=]@var{name}`` -> ``-machine [type=]name``."""
        if "@" not in text and "{" not in text and "}" not in text:
            return _quotes(text)
        try:
            tree = _parse_inline(text)
        except TexinfoInlineError as exc:
            self.problems.append(str(exc))
            return _unescape(_hide_escapes(text))
        return _unescape(self._plain(tree))

    def rst(self, text: str) -> str:
        """Inline rST for texinfo prose (one line or a paragraph's lines)."""
        if "@" not in text and "{" not in text and "}" not in text:
            return escape_text(_quotes(text))
        try:
            tree = _parse_inline(text)
        except TexinfoInlineError as exc:
            self.problems.append(str(exc))
            return escape_text(_unescape(_hide_escapes(text)))
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
            return _NON_ALPHA.get(cmd, "")
        if cmd in SYMBOLS:
            return SYMBOLS[cmd]
        if cmd == "value":
            name = self._plain(node).strip()
            return self.values.get(name, name)
        if cmd in ("footnote", "anchor"):
            return ""
        if cmd in ("url", "uref", "email"):
            parts = self._plain(node).split(",")
            return (parts[1] if len(parts) > 1 and parts[1].strip() else parts[0]).strip()
        if cmd in ("ref", "xref", "pxref"):
            return self._shown(*_reference(self._plain(node)))
        return self._plain(node)

    # -- rST -----------------------------------------------------------------

    def _rst(self, node: _Node) -> str:
        """The children of ``node`` joined so that every piece of markup is recognised."""
        out = ""
        after_markup = False
        for child in node.children:
            if isinstance(child, str):
                text, markup = escape_text(_quotes(child)), False
            else:
                text, markup = self._rst_command(child), True
            if not text:
                continue
            if out:
                if markup and text[0] in _MARKUP_STARTS and out[-1] not in _BEFORE_START:
                    out += "\\ "
                elif after_markup and out[-1] in _MARKUP_ENDS and text[0] not in _AFTER_END:
                    out += "\\ "
            out += text
            after_markup = markup
        return out

    def _rst_command(self, node: _Node) -> str:
        cmd = node.command or ""
        if cmd.startswith("@") or cmd in SYMBOLS:
            return escape_text(self._plain_command(node))
        if cmd == "":
            return self._rst(node)
        if cmd in LITERAL_COMMANDS:
            return literal(self._plain(node))
        if cmd in EMPHASIS_COMMANDS:
            inner = self._plain(node).strip()
            return f"*{rst_escape(inner)}*" if inner else ""
        if cmd in STRONG_COMMANDS:
            inner = self._plain(node).strip()
            return f"**{rst_escape(inner)}**" if inner else ""
        if cmd == "value":
            name = self._plain(node).strip()
            # QEMU's rST epilog defines these as substitutions (|qemu_system|).
            return escape_text(self.values[name]) if name in self.values else f"|{name}|"
        if cmd in ("url", "uref"):
            parts = [p.strip() for p in self._plain(node).split(",")]
            target = parts[0]
            label = parts[1] if len(parts) > 1 and parts[1] else (parts[2] if len(parts) > 2 else "")
            return f"`{label} <{target}>`__" if label else f"`<{target}>`__"
        if cmd == "email":
            return escape_text(self._plain(node).split(",")[0].strip())
        if cmd in ("ref", "xref", "pxref"):
            target, shown = _reference(self._plain(node))
            shown = self._shown(target, shown)
            prefix = {"xref": "See ", "pxref": "see "}.get(cmd, "")
            label = label_of(target)
            if label in self.labels:
                return f"{prefix}:ref:`{rst_escape(shown)} <{label}>`"
            return f'{prefix}"{escape_text(shown)}"'
        if cmd == "footnote":
            return f" ({self._rst(node).strip()})"
        if cmd == "anchor":
            return ""
        if cmd not in TRANSPARENT_COMMANDS:
            self.problems.append(f"unknown texinfo command @{cmd}")
        return self._rst(node)
