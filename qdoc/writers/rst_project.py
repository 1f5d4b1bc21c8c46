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

from ..readers.texinfo.options import DEFAULT_PROGRAM, is_option_table, program_name
from ..readers.texinfo.tree import HEADING_LEVELS, INDEX_COMMANDS, Document, Element
from ..readers.texinfo.to_rst import RstRenderer, tidy
from ..readers.texinfo.to_rst_inline import label_of, rst_escape

_MAN_TITLES = {"SEEALSO": "SEE ALSO"}
_COMMAND_SYNOPSIS_RE = re.compile(r"^\s*@command\{([\w.+-]+)\}")


@dataclass
class _Chapter:
    name: str
    title: str
    elements: list[Element] = field(default_factory=list)


class RstProjectWriter(RstRenderer):
    """Render one parsed document into the files of a Sphinx project.

    The text itself is :class:`~qdoc.readers.texinfo.to_rst.RstRenderer`'s, as for option
    descriptions; this class adds what only a whole manual has: node labels
    and references to them, index entries, option tables as ``option``
    directives, chapters, and the man page.
    """

    def __init__(self, document: Document, title: str | None = None, man_name: str = "qemu"):
        labels = {label_of(e.arg) for e in document.root.find("node", "anchor")}
        super().__init__(document.values, labels)
        self.document = document
        self.title = title or self._settitle() or "Manual"
        self.man_name = man_name
        self.program = DEFAULT_PROGRAM
        #: Rendering the man page: no labels (the HTML pages have them), headings one level.
        self.man = False
        #: Inside an option's body: nested option-like tables are its forms, not options.
        self.in_option = False

    def _settitle(self) -> str | None:
        for element in self.document.root.find("settitle"):
            return self.inline.plain(element.arg).strip()
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
                title = self.inline.plain(element.arg)
                name = f"{len(chapters) + 1:02d}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
                chapters.append(_Chapter(name, title.strip()))
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
        title = rst_escape(self.title)
        head = ["#" * len(title), title, "#" * len(title), ""]
        body = self.render(front)
        toctree = [".. toctree::", "   :maxdepth: 2", ""] + [f"   {c.name}" for c in chapters]
        return "\n".join(head) + (body + "\n\n" if body else "") + "\n".join(toctree) + "\n"

    # -- what only a manual has --------------------------------------------------------

    def block(self, element: Element, out: list[str], indent: str) -> None:
        name = element.name
        if name == "node" or name == "anchor":
            if not self.man:
                out += ["", f"{indent}.. _{label_of(element.arg)}:", ""]
        elif name in INDEX_COMMANDS:
            entry = self.inline.plain(element.arg).strip().replace(";", ",")
            if entry:
                out += ["", f"{indent}.. index:: single: {entry}", ""]
        else:
            super().block(element, out, indent)

    def heading(self, element: Element, level: int, out: list[str]) -> None:
        super().heading(element, 2 if self.man else level, out)

    def literal(self, element: Element, out: list[str], indent: str) -> None:
        # A synopsis example names the program of the option tables that follow.
        if element.lines and element.name != "verbatim":
            m = _COMMAND_SYNOPSIS_RE.match(element.lines[0])
            if m:
                self.program = program_name(m.group(1))
        super().literal(element, out, indent)

    def table(self, element: Element, out: list[str], indent: str) -> None:
        """An option table as ``option`` directives (Sphinx indexes them); any other as a definition list.

        A table nested in an option's body lists forms or examples of that
        option (``-bt hci,null``...), as the readers take it: a definition
        list, as in the option's description.
        """
        plain = self.inline.plain
        if self.in_option or not is_option_table(element, self.inline):
            super().table(element, out, indent)
            return
        out += ["", f"{indent}.. program:: {self.program}", ""]
        for entry in element.children:
            if entry.name != "entry":
                self.block(entry, out, indent)
                continue
            if not plain(entry.terms[0].arg).lstrip().startswith("-"):
                self.definition(entry, element.table_format, out, indent)
                continue
            self.in_option = True
            try:
                body = self.render(entry.children)
            finally:
                self.in_option = False
            signatures = [" ".join(plain(t.arg).split()) for t in entry.terms]
            out.append("")
            out.append(f"{indent}.. option:: {signatures[0]}")
            out += [f"{indent}            {s}" for s in signatures[1:]]
            if self.man:
                out.append(f"{indent}   :no-index:")
            out.append("")
            out += [f"{indent}   {line}" if line else "" for line in body.split("\n")] if body else []
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
        self.man = True
        try:
            for title, elements in sections:
                out += ["", title, "=" * len(title), ""]
                out.append(self.render(elements))
        finally:
            self.man = False
            self.program = saved
        return tidy(out) + "\n"
