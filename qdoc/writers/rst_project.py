"""A texinfo manual as a Sphinx project: ``conf.py``, ``index.rst``, one file per chapter.

The conversion QEMU's 2020 migration should have made (it went texinfo ->
DocBook -> pandoc and lost the option index and some ``@var{}``):

- each ``@chapter``/``@appendix`` (with its sections) becomes one .rst file,
  listed in the index's toctree; what precedes the first chapter is the index.
  A chapter longer than :data:`PAGE_LIMIT` is split: a page per ``@section``
  (and per ``@subsection`` of a section still too long), listed in a toctree
  of the page above, so no page is a wall of text;
- ``@node`` names and ``@anchor``s become labels, ``@xref``/``@pxref``/``@ref``
  ``:ref:`` roles (plain text when the node does not exist: no broken links)
  showing the title of the section they name, never the node's identifier;
- ``@printindex`` links to Sphinx's general index, which lists the ``index``
  entries below;
- option tables (``@table @option`` whose items are options) become the
  standard ``option`` directive under a ``program`` directive, so Sphinx
  indexes and cross-references them; other tables become definition lists;
- ``@findex``/``@cindex``... become ``index`` directives;
- ``@example`` and friends become literal blocks with their indentation;
- the ``@c man begin SECTION`` .. ``@c man end`` ranges become a man page
  (``man_pages`` in ``conf.py``), like texi2pod did for QEMU; it repeats the
  chapters' text, so only the man builder reads it (``conf.py`` excludes it
  from the others).

The writer returns the files as a dict (path -> text); writing them is the
caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..readers.texinfo.options import DEFAULT_PROGRAM, is_option_table, program_name
from ..readers.texinfo.tree import HEADING_LEVELS, INDEX_COMMANDS, Document, Element
from ..readers.texinfo.to_rst import RstRenderer
from ..readers.texinfo.to_rst_inline import label_of, rst_escape

_MAN_TITLES = {"SEEALSO": "SEE ALSO"}
#: A page's rST above this many characters is split at its next heading level (its HTML stays
#: well under 150 KB; QEMU 4.2's chapter 2 was one 335 KB page).
PAGE_LIMIT = 48_000
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
        super().__init__(document.values, labels, section_titles(document))
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
            out.update(self.pages(chapter.name, chapter.elements, 1))
        out.update(self.man_files())
        return out

    def pages(self, name: str, elements: list[Element], level: int) -> dict[str, str]:
        """``name.rst`` holding ``elements`` (one heading of ``level`` and what follows), split if too long.

        A long page keeps its text up to its first heading of the next
        level and a toctree of one page per such heading (with the
        ``@node`` before it, whose label goes along), each split in turn.
        """
        program = self.program  # option tables name their program by the examples before them
        text = self.render(elements)
        parts = _split_at(elements, level + 1) if len(text) > PAGE_LIMIT else []
        if not parts:
            return {f"{name}.rst": text}
        self.program = program
        head, *children = parts
        names = [f"{name}-{index + 1:02d}-{_slug(self.inline.plain(_heading(part).arg))}" for index, part in enumerate(children)]
        body = self.render(head)
        toctree = "\n".join([".. toctree::", "   :maxdepth: 2", ""] + [f"   {child}" for child in names])
        out = {f"{name}.rst": f"{body}\n\n{toctree}" if body else toctree}
        for child_name, part in zip(names, children):
            out.update(self.pages(child_name, part, level + 1))
        return out

    def conf(self) -> str:
        man = bool(self.man_sections())
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
            lines += [
                "",
                "",
                "def _man_page_for_man_only(app):",
                "    # The man page repeats the chapters' text: only the man builder reads it.",
                "    if app.builder.name != 'man':",
                f"        app.config.exclude_patterns.append({self.man_name + '.rst'!r})",
                "",
                "",
                "def setup(app):",
                "    app.connect('builder-inited', _man_page_for_man_only)",
            ]
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
        elif name == "printindex":
            if not self.man:
                out += ["", f"{indent}See the :ref:`genindex`.", ""]
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

    def man_sections(self) -> list[tuple[str, list[Element]]]:
        """The ``@c man begin`` ranges of the top level, by section, in texi2pod's order."""
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
        # texi2pod's order: the usual man page sections first, then the others.
        usual = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS"]
        sections.sort(key=lambda s: usual.index(s[0]) if s[0] in usual else len(usual))
        return sections

    def man_files(self) -> dict[str, str]:
        """The man page: ``NAME.rst`` including its text in parts of at most :data:`PAGE_LIMIT` characters.

        The parts (``NAME-man/NN.rst.inc``, not pages of their own) are cut
        between top-level elements, so each is whole rST.
        """
        sections = self.man_sections()
        if not sections:
            return {}
        name = self.man_name
        pieces: list[str] = []
        saved = self.program
        self.man = True
        try:
            for title, elements in sections:
                pieces.append(f"{title}\n{'=' * len(title)}")
                pieces += [text for text in (self.render([element]) for element in elements) if text]
        finally:
            self.man = False
            self.program = saved
        parts: list[list[str]] = [[]]
        for piece in pieces:
            if parts[-1] and sum(len(p) for p in parts[-1]) + len(piece) > PAGE_LIMIT:
                parts.append([])
            parts[-1].append(piece)
        files = {f"{name}-man/{index + 1:02d}.rst.inc": "\n\n".join(part) + "\n" for index, part in enumerate(parts)}
        head = [":orphan:", "", "=" * len(name), name, "=" * len(name), ""]
        head += [f".. include:: {path}\n" for path in files]
        return {f"{name}.rst": "\n".join(head), **files}


def section_titles(document: Document) -> dict[str, str]:
    """label -> title of the section each ``@node`` and ``@anchor`` names.

    A node names the heading that follows it; an anchor the section it
    stands in (the heading before it), else the next one.
    """
    inline = RstRenderer(document.values).inline
    titles: dict[str, str] = {}
    waiting: list[str] = []
    current = None
    for element in document.root.walk():
        if element.name in ("node", "anchor"):
            label = label_of(element.arg)
            if element.name == "anchor" and current:
                titles[label] = current
            else:
                waiting.append(label)
        elif element.name in HEADING_LEVELS:
            current = " ".join(inline.plain(element.arg).split())
            if current:
                for label in waiting:
                    titles.setdefault(label, current)
                waiting = []
    return titles


def _heading(elements: list[Element]) -> Element:
    return next(e for e in elements if e.name in HEADING_LEVELS)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "section"


def _split_at(elements: list[Element], level: int) -> list[list[Element]]:
    """``elements`` cut before each heading of ``level`` (and the ``@node``s right before it): head, then parts.

    Empty when there is no such heading: the page cannot be split there.
    """
    starts = []
    for index, element in enumerate(elements):
        if HEADING_LEVELS.get(element.name) == level:
            start = index
            while start > 0 and elements[start - 1].name in ("node", "anchor"):
                start -= 1
            starts.append(start)
    if not starts:
        return []
    bounds = [0, *starts, len(elements)]
    return [elements[a:b] for a, b in zip(bounds, bounds[1:])]
