"""Split documentation blocks into items: terms, a body, and nested items.

QEMU documents each option as a definition-list item: one or more terms
(``-hda file`` ... ``-hdd file`` share one body; rST has no multi-term items
so QEMU writes an empty ``\\`` definition between grouped terms) and a body
that may itself hold a definition list of sub-options (``accel=...`` under
``-machine``).  In texinfo the same shape is ``@item``/``@itemx`` inside
``@table``, sub-options being a nested ``@table``.

This module knows only that shape, in both markups, with absolute line
numbers; it does not know about DEFs or the model.  It is a line scanner, not
a full rST parser: the .hx reader must parse every release in a fraction of a
second, and the bodies are kept verbatim as rST for docutils to render later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Deeper nesting than this is not split into sub-items (hostile input guard).
MAX_DEPTH = 32


@dataclass
class Term:
    """A term as written (``markup``) and where (absolute 1-based line)."""

    markup: str
    line: int


@dataclass
class DocItem:
    """One definition-list item: grouped terms, their shared body, nested items."""

    terms: list[Term]
    body: list[str]
    body_line: int
    markup: str  # "rst" or "texinfo"
    children: list["DocItem"] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.terms[0].line

    @property
    def end_line(self) -> int:
        """Last line of the body (or of the last term when there is no body)."""
        return self.body_line + len(self.body) - 1 if self.body else self.terms[-1].line

    def own_text(self) -> str:
        """The body without the nested items: what is said of this item itself."""
        if not self.children:
            return "\n".join(self.body)
        covered = set()
        for child in self.children:
            covered.update(range(child.line, child.end_line + 1))
        return "\n".join(ln for i, ln in enumerate(self.body) if self.body_line + i not in covered)


@dataclass
class Split:
    """Items of a block plus the lines that belong to no item (``loose``)."""

    items: list[DocItem]
    loose: list[tuple[int, str]]
    problems: list[tuple[int, str]] = field(default_factory=list)

    def loose_with_breaks(self) -> list[tuple[int, str]]:
        """:attr:`loose` with a blank line wherever its lines are not adjacent.

        ``loose`` keeps only non-blank lines, each with its number; joined
        as they are, a paragraph would run into the list after it and a
        list into the paragraph after it (rST and texinfo both separate
        blocks by blank lines).  One blank line stands for any gap, blank
        lines or items, since only the separation matters.
        """
        lines: list[tuple[int, str]] = []
        previous = None
        for number, text in self.loose:
            if previous is not None and number > previous + 1:
                lines.append((number - 1, ""))
            lines.append((number, text))
            previous = number
        return lines


_COLUMN0_RE = re.compile(r"^[^ \t\n].*$", re.M)


def dedent_text(text: str) -> str:
    """Remove the common indentation of the non-blank lines (tabs count as 8).

    Lines of spaces and tabs become empty; a line counts for the common
    indentation when its first non-blank character is not other white
    space.  Line by line rather than with multi-line regular expressions,
    which try a match at every position of every body: three times faster
    on QEMU's blocks, and this runs for every item of every block.
    """
    if "\t" in text:
        text = text.expandtabs(8)
    lines = text.split("\n")
    cut: int | None = None
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        if not stripped:
            if line:
                lines[index] = ""
        elif not stripped[0].isspace():
            indent = len(line) - len(stripped)
            if cut is None or indent < cut:
                cut = indent
    if cut:
        prefix = " " * cut
        lines = [line[cut:] if line.startswith(prefix) else line for line in lines]
    return "\n".join(lines)


def dedent(lines: list[str]) -> list[str]:
    """List form of :func:`dedent_text`."""
    return dedent_text("\n".join(lines)).split("\n")


def _is_placeholder_body(body: str) -> bool:
    """QEMU's empty definition between grouped terms: a lone ``\\`` or ``\\ ``."""
    content = body.strip()
    return not content or content == "\\"


def split_rst(lines: list[str], first_line: int, depth: int = 0) -> Split:
    """Split rST lines into definition-list items whose terms start with ``````.

    ``first_line`` is the absolute line number of ``lines[0]``.  Nested items
    are split recursively from each body (up to :data:`MAX_DEPTH`).
    """
    return split_rst_text("\n".join(lines), first_line, depth)


def split_rst_text(text: str, first_line: int, depth: int = 0) -> Split:
    """:func:`split_rst` on text: the work is per column-0 line, not per line.

    A term is a column-0 line starting with ``````, directly followed by an
    indented non-blank line; its body runs to the next column-0 line.
    ``.. option::`` directives are items too, with or without a body.
    """
    items: list[DocItem] = []
    loose: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    pending: list[Term] = []
    heads = list(_COLUMN0_RE.finditer(text))
    line = first_line
    position = 0
    n = len(text)
    for index, head in enumerate(heads):
        line += text.count("\n", position, head.start())
        position = head.start()
        head_text = head.group(0)
        tail_start = head.end() + 1
        tail_end = heads[index + 1].start() - 1 if index + 1 < len(heads) else n
        tail = text[tail_start:tail_end] if tail_start < tail_end else ""
        directive = head_text.startswith(".. option::")
        is_term = head_text.startswith("``") and tail[:1] in (" ", "\t") and tail.split("\n", 1)[0].strip()
        if is_term or directive:
            body = tail.rstrip()
            if directive or not _is_placeholder_body(body):
                if directive and pending:
                    items.append(DocItem(pending, [], pending[-1].line + 1, "rst"))
                    problems.append((pending[-1].line, "grouped term without a final definition"))
                    pending = []
                terms = [Term(head_text.rstrip(), line)] if directive else pending + [Term(head_text.rstrip(), line)]
                pending = []
                body = dedent_text(body) if body else ""
                item = DocItem(terms, body.split("\n") if body else [], line + 1, "rst")
                if depth < MAX_DEPTH:
                    if "``" in body and ("\n``" in body or body.startswith(("``", ".. option::")) or "\n.. option::" in body):
                        nested = split_rst_text(body, line + 1, depth + 1)
                        item.children = nested.items
                        problems.extend(nested.problems)
                elif "\n``" in "\n" + body:
                    problems.append((line + 1, f"definition lists nested deeper than {MAX_DEPTH} levels are not split"))
                items.append(item)
            else:
                pending.append(Term(head_text.rstrip(), line))
            continue
        if pending:
            items.append(DocItem(pending, [], pending[-1].line + 1, "rst"))
            problems.append((pending[-1].line, "grouped term without a final definition"))
            pending = []
        loose.append((line, head_text))
        if tail.strip():
            offset = line + 1
            for extra in tail.split("\n"):
                if extra.strip():
                    loose.append((offset, extra))
                offset += 1
    if pending:
        items.append(DocItem(pending, [], pending[-1].line + 1, "rst"))
        problems.append((pending[-1].line, "grouped term without a final definition"))
    return Split(items, loose, problems)


_TABLE_STARTS = ("@table", "@vtable", "@ftable")
_LIST_STARTS = ("@itemize", "@enumerate", "@multitable")
_LIST_ENDS = ("itemize", "enumerate", "multitable")


def _texinfo_command(line: str) -> tuple[str, str]:
    stripped = line.strip()
    if not stripped.startswith("@"):
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head, rest.strip()


class TexinfoTables:
    """Table depth that persists across STEXI blocks.

    In the texinfo era the option table is opened (``@table @option``) in the
    block after a ``DEFHEADING`` and closed in the block before the next one,
    so the depth of ``@item`` lines is a property of the whole file.
    """

    def __init__(self) -> None:
        self.depth = 0
        #: Depth of the table whose items are the entries.  1 normally; 2 in
        #: hmp-commands-info.hx of the texinfo era, where the info
        #: subcommands form a table nested in the ``@item info`` item.
        self.item_depth = 1
        self.item_depth_fixed = False


def split_texinfo(lines: list[str], first_line: int, tables: TexinfoTables, depth: int = 0) -> Split:
    """Split texinfo lines into ``@item`` items of the table open at depth 1.

    Lines at deeper table depth belong to the current item's body (nested
    tables become children, split recursively).  ``@item`` outside any table
    is kept as an item and reported.
    """
    items: list[DocItem] = []
    loose: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    current: DocItem | None = None
    open_lists = 0  # @itemize/@enumerate/@multitable: their @item are list items
    for offset, line in enumerate(lines):
        number = first_line + offset
        command, argument = _texinfo_command(line)
        if command in _LIST_STARTS:
            open_lists += 1
        elif command == "@end" and argument in _LIST_ENDS and open_lists:
            open_lists -= 1
        elif command in _TABLE_STARTS:
            tables.depth += 1
            if tables.depth <= tables.item_depth:
                continue  # the table of entries itself
        elif command == "@end" and argument in ("table", "vtable", "ftable"):
            tables.depth -= 1
            if tables.depth < tables.item_depth:
                current = None
                if tables.depth < 0:
                    problems.append((number, "@end table without an open @table"))
                    tables.depth = 0
                continue
        elif command in ("@item", "@itemx") and tables.depth <= tables.item_depth and not open_lists:
            if tables.depth == 0:
                problems.append((number, f"{command} outside any @table"))
            if command == "@itemx" and current is not None and not any(ln.strip() for ln in current.body if not ln.lstrip().startswith(("@findex", "@kindex", "@cindex"))):
                current.terms.append(Term(argument, number))
                current.body_line = number + 1
                continue
            current = DocItem([Term(argument, number)], [], number + 1, "texinfo")
            items.append(current)
            continue
        if current is not None:
            current.body.append(line)
        elif line.strip():
            loose.append((number, line))
    for item in items:
        while item.body and not item.body[-1].strip():
            item.body.pop()
        if depth < MAX_DEPTH:
            nested = split_texinfo(item.body, item.body_line, TexinfoTables(), depth + 1)
            item.children = nested.items
            problems.extend(nested.problems)
    return Split(items, loose, problems)
