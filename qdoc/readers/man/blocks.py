"""troff man pages to a page outline (:mod:`qdoc.readers.common.outline`).

Not a troff formatter: a reader of the man-macro structure that Sphinx's
man builder (docutils' man writer) and pod2man produce.

- ``.SH``/``.SS`` are headings; pod2man's subsection headings are an
  italic paragraph followed by ``.IX Subsection "..."``.
- Definition lists: ``.TP`` with the term on the next line (docutils), or
  ``.IP "term" 4`` (pod2man).  A bullet ``.IP`` (``\\(bu``, ``*``, ``1.``)
  starts a bullet list item instead.  Item bodies run to the next item, or
  to the end of the indentation level they were opened in.
- ``.INDENT``/``.UNINDENT`` (docutils' own macros) and ``.RS``/``.RE``
  nest lists inside item bodies.
- Literal text: ``.nf``/``.fi``, ``.EX``/``.EE`` (docutils >= 0.22) and
  pod2man's ``.Vb``/``.Ve``; tables (``.TS``/``.TE``) are tables
  (:mod:`qdoc.readers.man.tables`).  ``.sp``/``.Sp``/``.PP``/``.LP``/``.P``
  break paragraphs.
- Conditionals are read as troff reads them where the condition is ``t``
  or ``n`` (pod2man's ``.ie n .IP`` / ``.el .IP`` code-formatted terms);
  others, and brace blocks, are skipped.
- Macro definitions (``.de`` .. ``..``), registers, strings and formatting
  requests are skipped; unknown macros are reported once each
  (``man-unknown-macro``) and their text arguments kept.
"""

from __future__ import annotations

import re

from ..common.outline import Bullets, DefList, Heading, Item, Literal, Para, Term
from .tables import read_tbl
from .troff import plain, request_arguments, rst_inline, segments

#: Requests that only affect layout (or define things): nothing to read.
IGNORED = frozenset(
    "ad na hy nh ne ft fam ps vs ll in ti ce ul cu it tr rr nr ds as so bp pl po ev ta tc lc ss cs "
    "mk rt sv os ns rs ig em am ch wh dt ie el if do ec eo cc c2 lf pc pm fl ab tm rm rn di da "
    "IX PD UC TA HP DT ds1 de1 hw hc nm nn mso pso open close write warn char fchar fspecial ftr "
    "PU UN UE ME MT UR LINKSTYLE Sh UNINDENT_FOR_PREVIOUS_LIST OP ti fi ie".split()
)
_FONT_MACROS = {"B": "B", "I": "I", "SM": "R", "SB": "B"}
_ALTERNATING = {"BI": "BI", "BR": "BR", "IB": "IB", "IR": "IR", "RB": "RB", "RI": "RI"}
_BULLET_RE = re.compile(r"^(?:\\\(bu|\\\[bu\]|\*|\u2022|\\\(em|-|\\-|\(?\d+[.)]|\(?[a-z][.)])$")
_COMMENT_RE = re.compile(r'^[.\']\s*\\"')
#: The conditions troff evaluates without a formatter's state: this reader reads as troff.
_TROFF_CONDITIONS = {"t": True, "n": False, "!t": False, "!n": True}


#: Deepest nesting of indentations and items kept (QEMU's pages nest about four deep).
MAX_NESTING = 100


class _Frame:
    """A container being filled: the page, an indentation level, or an item body."""

    __slots__ = ("kind", "blocks", "para", "para_line", "list", "items_level")

    def __init__(self, kind: str):
        self.kind = kind  # "root", "indent" or "item"
        self.blocks: list = []
        self.para: list[tuple[str, str]] = []
        self.para_line = 0
        self.list: DefList | Bullets | None = None

    def flush(self) -> None:
        if self.para:
            text = " ".join(rst_inline(self.para).split())
            if text:
                self.blocks.append(Para(text, self.para_line))
            self.para = []


class ManOutliner:
    """One pass over a man page's lines; :meth:`outline` gives the flat outline."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.out: list = []
        self.stack: list[_Frame] = [_Frame("root")]
        self.unknown: dict[str, int] = {}
        self.title: list[str] = []
        self.redirect: tuple[str, int] | None = None
        self.font = "R"
        #: The line of the first ``.RS``/``.INDENT`` beyond :data:`MAX_NESTING`, if any.
        self.too_deep: int | None = None
        #: The ``.TS`` line of the first table with no ``.TE`` (it ran to the end of the page), if any.
        self.unclosed_table: int | None = None
        self.ignored_indents = 0
        #: Whether the ``.el`` of the last ``.ie`` holds (None: unknown, its body is skipped).
        self._else_holds: bool | None = None

    # -- frames --------------------------------------------------------------------

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def _close_frame(self) -> None:
        frame = self.stack.pop()
        frame.flush()
        parent = self.stack[-1]
        if frame.kind == "indent":
            parent.flush()
            parent.blocks.extend(frame.blocks)
            parent.list = None
        # item frames hand their blocks over through the Item object they fill.

    def _close_items(self) -> None:
        while self.top.kind == "item":
            self._close_frame()

    def _to_root(self) -> None:
        while len(self.stack) > 1:
            self._close_frame()
        self.top.flush()
        self.out.extend(self.top.blocks)
        self.top.blocks = []
        self.top.list = None

    def _new_item(self, term: Term | None, line: int) -> None:
        """A definition item (``term``) or a bullet item (None) at the current level."""
        self._close_items()
        frame = self.top
        frame.flush()
        body = _Frame("item")
        if term is not None:
            if not isinstance(frame.list, DefList) or (frame.blocks and frame.blocks[-1] is not frame.list):
                frame.list = DefList([], line)
                frame.blocks.append(frame.list)
            frame.list.items.append(Item([term], body.blocks, line + 1))
        else:
            if not isinstance(frame.list, Bullets) or (frame.blocks and frame.blocks[-1] is not frame.list):
                frame.list = Bullets([], line)
                frame.blocks.append(frame.list)
            frame.list.items.append(body.blocks)
        self.stack.append(body)

    def _text(self, runs, line: int) -> None:
        frame = self.top
        if not frame.para:
            frame.para_line = line
        elif frame.para[-1][1] and not frame.para[-1][1].endswith(" "):
            frame.para.append(("R", " "))
        frame.para.extend(runs)

    # -- the scan ------------------------------------------------------------------

    def outline(self) -> list:
        lines = self.lines
        n = len(lines)
        index = 0
        while index < n:
            raw = lines[index]
            line = index + 1
            index += 1
            while raw.endswith("\\") and not raw.endswith("\\\\") and index < n:
                raw = raw[:-1] + lines[index]
                index += 1
            if not raw:
                self.top.flush()
                continue
            if raw[0] not in ".'":
                runs, self.font = segments(raw, self.font)
                self._text(runs, line)
                continue
            if _COMMENT_RE.match(raw):
                continue
            name, rest = _request_parts(raw)
            if name:
                index = self._request(name, rest, line, index)
        self._to_root()
        return self.out

    def _request(self, name: str, rest: str, line: int, index: int) -> int:
        """Handle one request; returns the index of the next line to read."""
        if name in ("SH", "SS"):
            self._to_root()
            title = plain(" ".join(request_arguments(rest))) if rest else ""
            if not title and index < len(self.lines):
                title = plain(self.lines[index])
                index += 1
            self.out.append(Heading(title.strip(), 1 if name == "SH" else 2, line))
        elif name == "TP" or name == "TQ":
            index = self._tagged_paragraph(line, index)
        elif name == "IP":
            arguments = request_arguments(rest)
            tag = arguments[0] if arguments else ""
            if not tag:
                self.top.flush()
            elif _BULLET_RE.match(tag):
                self._new_item(None, line)
            else:
                self._new_item(Term(" ".join(plain(tag).split()), f".IP {rest}", line), line)
        elif name in ("sp", "Sp", "br", "PP", "LP", "P"):
            if name in ("PP", "LP", "P"):
                self._close_items()
            self.top.flush()
        elif name in ("INDENT", "RS"):
            self.top.flush()
            if len(self.stack) >= MAX_NESTING:
                # Kept flat: the outline (and everything that renders it) recurses per level.
                self.too_deep = self.too_deep or line
                self.ignored_indents += 1
            else:
                self.stack.append(_Frame("indent"))
        elif name in ("UNINDENT", "RE"):
            if self.ignored_indents:
                self.ignored_indents -= 1
                return index
            while len(self.stack) > 1 and self.top.kind != "indent":
                self._close_frame()
            if len(self.stack) > 1:
                self._close_frame()
        elif name in ("nf", "EX", "Vb"):
            index = self._literal(name, line, index)
        elif name == "TS":
            index = self._table(line, index)
        elif name in _FONT_MACROS:
            text = " ".join(request_arguments(rest))
            if not text and index < len(self.lines):
                text = self.lines[index]
                index += 1
            runs, _ = segments(text, _FONT_MACROS[name])
            self._text(runs, line)
        elif name in _ALTERNATING:
            self._text(_alternating(name, rest), line)
        elif name == "TH":
            self.title = request_arguments(rest)
        elif name == "so":
            self.redirect = (rest.strip(), line)
        elif name in ("de", "de1", "am", "ig"):
            end = ".."
            while index < len(self.lines) and self.lines[index].strip() != end:
                index += 1
            index += 1
        elif name in ("ie", "if", "el"):
            index = self._conditional(name, rest, line, index)
        elif name == "IX":
            self._index_entry(rest)
        elif name in IGNORED or name.startswith(("\\\"", ".", "\\}")):
            pass
        else:
            self.unknown.setdefault(name, line)
            if rest:
                runs, _ = segments(" ".join(request_arguments(rest)))
                self._text(runs, line)
        return index

    def _conditional(self, name: str, rest: str, line: int, index: int) -> int:
        """``.if COND BODY``, ``.ie COND BODY`` / ``.el BODY``: read the branch troff would take.

        pod2man writes a code-formatted item term twice: ``.ie n .IP`` with
        the term in quotes for nroff, then ``.el .IP`` with the term in
        ``\\f(CW`` for troff.  The troff branch is read, as its constant-width
        font is what marks the term as code.  Conditions other than ``t``
        and ``n`` (registers, comparisons) cannot be evaluated without a
        formatter; their bodies, and a brace block ``\\{ ... \\}`` (pod2man's
        preamble of string definitions), are skipped.
        """
        if name == "el":
            holds, body = self._else_holds, rest
            self._else_holds = None
        else:
            condition, _, body = rest.partition(" ")
            holds = _TROFF_CONDITIONS.get(condition)
            if name == "ie":
                self._else_holds = None if holds is None else not holds
        body = body.strip()
        if "\\{" in body:
            depth = body.count("\\{") - body.count("\\}")
            while depth > 0 and index < len(self.lines):
                depth += self.lines[index].count("\\{") - self.lines[index].count("\\}")
                index += 1
            return index
        if not holds or not body:
            return index
        if body[0] not in ".'":
            runs, self.font = segments(body, self.font)
            self._text(runs, line)
            return index
        inner, inner_rest = _request_parts(body)
        if not inner or inner in ("ie", "if", "el"):
            return index  # nested conditionals: not in any page QEMU built
        if inner == "IP":
            # pod2man's troff tag writes the POD's double quotes as `` and ''
            # (typeset quotes; its nroff tag keeps ""): the term keeps its ".
            inner_rest = inner_rest.replace("``", '""').replace("''", '""')
        return self._request(inner, inner_rest, line, index)

    def _tagged_paragraph(self, line: int, index: int) -> int:
        """``.TP``: the next line is the term (a text line or a font macro)."""
        lines = self.lines
        # Requests that print nothing (adjustment, hyphenation, fonts) may
        # sit between .TP and its tag; troff still takes the next text line.
        while index < len(lines) and (
            _COMMENT_RE.match(lines[index])
            or lines[index].startswith((".ft", ".nr", ".IX", ".na", ".ad", ".nh", ".hy", ".ne"))
        ):
            index += 1
        if index >= len(lines):
            self._new_item(Term("", "", line), line)
            return index
        source = lines[index]
        term_line = index + 1
        index += 1
        if source[:1] in ".'":
            name, _, rest = source[1:].lstrip().partition(" ")
            if name in _FONT_MACROS:
                runs, _ = segments(" ".join(request_arguments(rest)), _FONT_MACROS[name])
            elif name in _ALTERNATING:
                runs = _alternating(name, rest)
            else:
                runs, _ = segments(" ".join(request_arguments(rest)))
        else:
            runs, _ = segments(source)
        text = " ".join("".join(t for _, t in runs).split())
        self._new_item(Term(text, source, term_line), term_line)
        return index

    def _literal(self, name: str, line: int, index: int) -> int:
        end = {"nf": ("fi",), "EX": ("EE",), "Vb": ("Ve",)}[name]
        lines = self.lines
        collected: list[str] = []
        while index < len(lines):
            raw = lines[index]
            index += 1
            if raw[:1] in ".'":
                request = raw[1:].lstrip().split(" ", 1)[0]
                if request in end or (name == "nf" and request == "EE"):
                    break
                if request in ("sp", "Sp", "br"):
                    collected.append("")
                continue
            collected.append(plain(raw))
        if name == "Vb":
            collected = _dedent(collected)
        self.top.flush()
        self.top.blocks.append(Literal("\n".join(collected).strip("\n"), line + 1))
        return index

    def _table(self, line: int, index: int) -> int:
        """``.TS``: the tbl table up to ``.TE``, read by :mod:`qdoc.readers.man.tables`."""
        table, index, closed = read_tbl(self.lines, index, line)
        if not closed:
            self.unclosed_table = self.unclosed_table or line
        self.top.flush()
        self.top.blocks.append(table)
        return index

    def _index_entry(self, rest: str) -> None:
        """pod2man: ``.IX Subsection "X"`` follows the paragraph that is heading X."""
        arguments = request_arguments(rest)
        if len(arguments) < 2 or arguments[0] not in ("Subsection", "Header"):
            return
        frame = self.top
        if arguments[0] == "Subsection" and frame.para and plain("".join(t for _, t in frame.para)).strip() == arguments[1].strip():
            line = frame.para_line
            frame.para = []
            self._to_root()
            self.out.append(Heading(arguments[1].strip(), 2, line))


def _request_parts(raw: str) -> tuple[str, str]:
    """A request line as (name, arguments); the name is empty for a bare ``.``."""
    name, _, rest = raw[1:].lstrip().partition(" ")
    if "\\" in name[1:]:
        # ``.el\{\`` or ``.br\}``: the name ends where an escape starts.
        cut = name.index("\\", 1)
        name, rest = name[:cut], name[cut:] + " " + rest
    if "\\\"" in rest:
        rest = rest[: rest.index("\\\"")]
    return name, rest.strip()


def _alternating(name: str, rest: str):
    """``.BI -hda file``: arguments alternate between the two fonts, unspaced."""
    fonts = {"B": "B", "I": "I", "R": "R"}
    runs: list[tuple[str, str]] = []
    for position, argument in enumerate(request_arguments(rest)):
        font = fonts[name[position % 2]]
        sub, _ = segments(argument, font)
        runs.extend(sub)
    return runs


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents, default=0)
    return [ln[cut:] for ln in lines]
