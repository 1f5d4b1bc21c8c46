"""A texinfo manual as a Sphinx project: ``conf.py``, ``index.rst``, one file per chapter.

The conversion QEMU's 2020 migration should have made (it went texinfo ->
DocBook -> pandoc and lost the option index and some ``@var{}``):

- each ``@chapter``/``@appendix`` (with its sections) becomes one .rst file,
  listed in the index's toctree; what precedes the first chapter is the index;
- ``@node`` names and ``@anchor``s become labels, ``@xref``/``@pxref``/``@ref``
  ``:ref:`` roles (plain text when the node does not exist: no broken links);
- option tables (``@table @option`` whose items are options) become the
  standard ``option`` directive under a ``program`` directive, so Sphinx
  indexes and cross-references them; other tables become definition lists;
- ``@findex``/``@cindex``... become ``index`` directives;
- ``@example`` and friends become literal blocks with their indentation;
- the ``@c man begin SECTION`` .. ``@c man end`` ranges become a man page
  (``man_pages`` in ``conf.py``), like texi2pod did for QEMU.

The writer returns the files as a dict (path -> text); writing them is the
caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..readers.texinfo_options import DEFAULT_PROGRAM, is_option_table, program_name
from ..readers.texinfo_tree import HEADING_LEVELS, INDEX_COMMANDS, Document, Element
from ..texi2rst import InlineRenderer, _literal, _rst_escape

_UNDERLINES = {0: "=", 1: "=", 2: "-", 3: "~", 4: "^"}
_LITERALS = frozenset({"example", "smallexample", "lisp", "smalllisp", "display", "smalldisplay", "format", "smallformat"})
_QUOTES = frozenset({"quotation", "smallquotation", "cartouche", "indentedblock", "smallindentedblock", "flushleft", "flushright", "group", "raggedright"})
_SKIPPED = frozenset({"menu", "direntry", "detailmenu", "titlepage", "copying", "documentdescription", "set", "include"})
_MAN_TITLES = {"SEEALSO": "SEE ALSO"}
_LIST_START_RE = re.compile(r"^(?:[-*+|>]\s|\d+[.)]\s|#\.|\.\.\s|:\w|[=~^`]{3,})")
_COMMAND_SYNOPSIS_RE = re.compile(r"^\s*@command\{([\w.+-]+)\}")


def label_of(node_name: str) -> str:
    """An rST label for a node name: lower case, words joined by dashes."""
    return "texinfo-" + (re.sub(r"[^a-z0-9]+", "-", node_name.lower()).strip("-") or "node")


_REFERENCE_END_RE = re.compile(r"(?<=\w)_(?=\W|$)")
_BEFORE_START = set(" \t\n-:/'\"<([{")
_AFTER_END = set(" \t\n-.,:;!?\\/'\")]}>")


def escape_text(text: str) -> str:
    """rST-escape plain text, including ``word_`` (a reference in rST)."""
    return _REFERENCE_END_RE.sub(r"\\_", _rst_escape(text))


class _Renderer(InlineRenderer):
    """texi2rst's inline renderer with cross-references resolved to labels.

    It also keeps inline markup valid where texinfo puts it against other
    characters (``5700+@var{display}``, ``@code{fd}=@var{h}``): docutils only
    recognises markup next to whitespace or punctuation, so an escaped space
    (``\\ ``, which renders as nothing) is put in between.
    """

    def __init__(self, values: dict[str, str], labels: set[str]):
        super().__init__(values)
        self.labels = labels

    def _rst(self, node) -> str:
        pieces: list[tuple[str, bool]] = []
        for child in node.children:
            if isinstance(child, str):
                pieces.append((escape_text(child.replace("``", '"').replace("''", '"')), False))
            else:
                pieces.append((self._rst_command(child), True))
        out = ""
        for index, (text, markup) in enumerate(pieces):
            if not text:
                continue
            if markup and text[0] in "`*:" and out and out[-1] not in _BEFORE_START:
                out += "\\ "
            if out and out[-1] in "`*" and pieces[index - 1][1] and text[0] not in _AFTER_END:
                out += "\\ "
            out += text
        return out

    def _rst_command(self, node) -> str:
        cmd = node.command or ""
        if cmd in ("ref", "xref", "pxref"):
            target = self._plain(node).split(",")[0].strip()
            prefix = {"xref": "See ", "pxref": "see "}.get(cmd, "")
            label = label_of(target)
            if label in self.labels:
                return f"{prefix}:ref:`{_rst_escape(target)} <{label}>`"
            return f'{prefix}"{target}"'
        return super()._rst_command(node)


@dataclass
class _Chapter:
    name: str
    title: str
    elements: list[Element] = field(default_factory=list)


class RstProjectWriter:
    """Render one parsed document into the files of a Sphinx project."""

    def __init__(self, document: Document, title: str | None = None, man_name: str = "qemu"):
        self.document = document
        labels = {label_of(e.arg) for e in document.root.find("node", "anchor")}
        self.renderer = _Renderer(document.values, labels)
        self.title = title or self._settitle() or "Manual"
        self.man_name = man_name
        self.program = DEFAULT_PROGRAM

    def _settitle(self) -> str | None:
        for element in self.document.root.find("settitle"):
            return self.renderer.plain(element.arg).strip()
        return None

    # -- the project -----------------------------------------------------------------

    def files(self) -> dict[str, str]:
        chapters: list[_Chapter] = []
        front: list[Element] = []
        pending: list[Element] = []  # node/anchor elements before the next heading
        for element in self.document.root.children:
            level = HEADING_LEVELS.get(element.name)
            if element.name == "node":
                pending.append(element)
                continue
            if level == 1:
                name = f"{len(chapters) + 1:02d}-" + re.sub(r"[^a-z0-9]+", "-", self.renderer.plain(element.arg).lower()).strip("-")[:40]
                chapters.append(_Chapter(name, self.renderer.plain(element.arg).strip()))
            target = chapters[-1].elements if chapters else front
            target.extend(pending)
            pending = []
            if level == 0:
                continue  # @top: the index has its own title
            target.append(element)
        (chapters[-1].elements if chapters else front).extend(pending)
        out = {"conf.py": self.conf(), "index.rst": self.index(front, chapters)}
        for chapter in chapters:
            out[f"{chapter.name}.rst"] = self.render(chapter.elements)
        man = self.man_page()
        if man:
            out[f"{self.man_name}.rst"] = man
        return out

    def conf(self) -> str:
        man = self.man_page()
        lines = [
            "# Sphinx configuration written by `qdoc convert` from a texinfo manual.",
            f"project = {self.title!r}",
            "root_doc = 'index'",
            "extensions = []",
            "exclude_patterns = ['_build']",
            "language = 'en'",
        ]
        if man:
            lines.append(f"man_pages = [({self.man_name!r}, {self.man_name!r}, {self.title!r}, [], 1)]")
        return "\n".join(lines) + "\n"

    def index(self, front: list[Element], chapters: list[_Chapter]) -> str:
        title = _rst_escape(self.title)
        head = ["#" * len(title), title, "#" * len(title), ""]
        body = self.render(front)
        toctree = [".. toctree::", "   :maxdepth: 2", ""] + [f"   {c.name}" for c in chapters]
        return "\n".join(head) + (body + "\n\n" if body else "") + "\n".join(toctree) + "\n"

    # -- blocks ----------------------------------------------------------------------

    def render(self, elements: list[Element], indent: str = "", man: bool = False) -> str:
        out: list[str] = []
        for element in elements:
            self.block(element, out, indent, man)
        return _tidy(out)

    def block(self, element: Element, out: list[str], indent: str, man: bool) -> None:
        name = element.name
        plain = self.renderer.plain
        if name == "node" or name == "anchor":
            if not man:
                out += ["", f"{indent}.. _{label_of(element.arg)}:", ""]
            return
        if name in HEADING_LEVELS:
            title = escape_text(plain(element.arg).strip()) or "(untitled)"
            level = 2 if man else HEADING_LEVELS[name]
            out += ["", title, _UNDERLINES[level] * max(len(title), 3), ""]
            return
        if name == "paragraph":
            out.append("")
            out += _paragraph(self.renderer.rst(element.text), indent)
            out.append("")
            return
        if name in INDEX_COMMANDS:
            entry = plain(element.arg).strip().replace(";", ",")
            if entry:
                out += ["", f"{indent}.. index:: single: {entry}", ""]
            return
        if name in _LITERALS or name == "verbatim":
            if element.lines and name != "verbatim":
                m = _COMMAND_SYNOPSIS_RE.match(element.lines[0])
                if m:
                    self.program = program_name(m.group(1))
            lines = element.lines if name == "verbatim" else [plain(line) for line in element.lines]
            if not any(line.strip() for line in lines):
                return
            out += ["", f"{indent}::", ""]
            out += [f"{indent}    {line}".rstrip() for line in lines]
            out.append("")
            return
        if name in ("table", "vtable", "ftable"):
            self.table(element, out, indent, man)
            return
        if name in ("itemize", "enumerate"):
            bullet = "#." if name == "enumerate" else "-"
            for item in element.children:
                if item.name != "listitem":
                    self.block(item, out, indent, man)
                    continue
                body = self.render(item.children, "", man).split("\n")
                out.append("")
                pad = " " * (len(bullet) + 1)
                out.append(f"{indent}{bullet} {body[0]}" if body and body[0] else f"{indent}{bullet}")
                out += [f"{indent}{pad}{line}" if line else "" for line in body[1:]]
            out.append("")
            return
        if name == "multitable":
            self.multitable(element, out, indent)
            return
        if name in _QUOTES:
            inner = self.render(element.children, "", man)
            out.append("")
            out += [f"{indent}    {line}" if line else "" for line in inner.split("\n")]
            out.append("")
            return
        if name == "center" or name == "title" or name == "subtitle":
            out += ["", f"{indent}{self.renderer.rst(element.arg)}", ""]
            return
        if name == "sp":
            out.append("")
            return
        # Settings, menus, man markers, @printindex (Sphinx makes its own index).
        return

    def table(self, element: Element, out: list[str], indent: str, man: bool) -> None:
        plain = self.renderer.plain
        option_table = is_option_table(element, self.renderer)
        if option_table:
            out += ["", f"{indent}.. program:: {self.program}", ""]
        for entry in element.children:
            if entry.name != "entry":
                self.block(entry, out, indent, man)
                continue
            body = self.render(entry.children, "", man)
            if option_table and plain(entry.terms[0].arg).lstrip().startswith("-"):
                signatures = [" ".join(plain(t.arg).split()) for t in entry.terms]
                out.append("")
                out.append(f"{indent}.. option:: {signatures[0]}")
                out += [f"{indent}            {s}" for s in signatures[1:]]
                if man:
                    out.append(f"{indent}   :no-index:")
                out.append("")
                pad = indent + "   "
            else:
                term = ", ".join(_term(self.renderer, t.arg, element.table_format) for t in entry.terms)
                out += ["", f"{indent}{term or '(empty)'}"]
                pad = indent + "    "
            lines = [f"{pad}{line}" if line else "" for line in body.split("\n")] if body else []
            if not option_table and not body:
                lines = [f"{pad}\\ "]
            out += lines
            out.append("")

    def multitable(self, element: Element, out: list[str], indent: str) -> None:
        rows = []
        for row in (r for r in element.children if r.name == "row"):
            cells = re.split(r"(?:^|\n)@tab\s*|\s@tab\s+", row.text)
            rows.append([" ".join(self.renderer.rst(c).split()) or "\\ " for c in cells])
        if not rows:
            return
        width = max(len(r) for r in rows)
        out += ["", f"{indent}.. list-table::", ""]
        for row in rows:
            row = row + ["\\ "] * (width - len(row))
            out.append(f"{indent}   * - {row[0]}")
            out += [f"{indent}     - {cell}" for cell in row[1:]]
        out.append("")

    # -- the man page ----------------------------------------------------------------

    def man_page(self) -> str:
        """The ``@c man begin`` ranges of the top level, in order, as one page."""
        sections: list[tuple[str, list[Element]]] = []
        current: list[Element] | None = None
        for element in self.document.root.children:
            if element.name == "man":
                words = element.arg.split()
                if words[0] == "begin" and len(words) > 1:
                    title = _MAN_TITLES.get(words[1], words[1])
                    existing = next((s for s in sections if s[0] == title), None)
                    if existing is None:
                        existing = (title, [])
                        sections.append(existing)
                    current = existing[1]
                else:
                    current = None
                continue
            if current is not None:
                current.append(element)
        if not sections:
            return ""
        # texi2pod's order: the usual man page sections first, then the others.
        usual = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS"]
        sections.sort(key=lambda s: usual.index(s[0]) if s[0] in usual else len(usual))
        name = self.man_name
        out = [":orphan:", "", "=" * len(name), name, "=" * len(name), ""]
        saved = self.program
        for title, elements in sections:
            out += ["", title, "=" * len(title), ""]
            out.append(self.render(elements, man=True))
        self.program = saved
        return _tidy(out) + "\n"


def _term(renderer: InlineRenderer, markup: str, table_format: str) -> str:
    """A definition-list term: formatted as the table's ``@table @code``... says."""
    if table_format in ("@code", "@option", "@samp", "@env", "@command", "@file", "@kbd", "@key", "@t"):
        text = " ".join(renderer.plain(markup).split())
        return _literal(text) or ""
    if table_format in ("@var", "@emph"):
        text = " ".join(renderer.plain(markup).split())
        return f"*{_rst_escape(text)}*" if text else ""
    if table_format in ("@strong", "@b"):
        text = " ".join(renderer.plain(markup).split())
        return f"**{_rst_escape(text)}**" if text else ""
    return " ".join(renderer.rst(markup).split())


def _paragraph(text: str, indent: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and _LIST_START_RE.match(lines[0]):
        lines[0] = "\\" + lines[0]
    # A later line that would end the paragraph or start a block keeps its text.
    return [f"{indent}{line}" for line in lines]


def _tidy(lines: list[str]) -> str:
    result: list[str] = []
    for line in "\n".join(lines).split("\n"):
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
