"""The texinfo block parser: lines in, a :class:`~qdoc.readers.texinfo.tree.Document` out.

A single pass over the lines of the main file and, recursively, of the files
it ``@include``s (each keeping its own path and line numbers).  Texinfo's
block structure is line-based, so the parser looks at each line once: a line
command (``@table``, ``@end``, ``@node``...) changes the structure, anything
else is text that joins the current paragraph or literal block.  Brace
markup inside text is checked per paragraph (:func:`qdoc.readers.texinfo.tokens.scan_inline`)
and rendered later by whoever needs it.

Conditionals are evaluated while reading, as GNU texinfo does: ``@ifset`` /
``@ifclear`` by the flags set so far; the format conditionals as for HTML
output (``@ifhtml``, ``@ifnottex``, ``@ifnotinfo``... are read; ``@iftex``,
``@ifinfo``, ``@ifdocbook``... are skipped, as are ``@ignore`` and raw
``@tex``/``@html`` blocks).

Problems are :class:`~qdoc.model.Diagnostic` values, never exceptions:
unknown commands, ``@end`` without a start, blocks left open at the end of
the file, runaway braces, includes that cannot be read.
"""

from __future__ import annotations

import os
from typing import Protocol

from ...model import Diagnostic, Location
from .includes import IncludeError
from .tokens import expand_values, line_command, scan_inline, strip_comment
from .tree import (
    HEADING_LEVELS,
    INDEX_COMMANDS,
    LIST_BLOCKS,
    LITERAL_BLOCKS,
    MENU_BLOCKS,
    RAW_BLOCKS,
    TABLE_BLOCKS,
    TEXT_BLOCKS,
    Document,
    Element,
    IndexEntry,
)

#: Format conditionals whose content the HTML view of the manual shows.
READ_CONDITIONALS = frozenset(
    {"ifhtml", "ifnottex", "ifnotinfo", "ifnotdocbook", "ifnotlatex", "ifnotplaintext", "ifnotxml"}
)
SKIP_CONDITIONALS = frozenset({"iftex", "ifinfo", "ifdocbook", "iflatex", "ifplaintext", "ifxml", "ifnothtml"})

#: Line commands that set up output or typesetting: kept as ``line`` elements.
SETTING_COMMANDS = frozenset(
    """
    setfilename settitle documentlanguage documentencoding exampleindent paragraphindent
    firstparagraphindent contents shortcontents summarycontents setchapternewpage headings
    finalout smallbook afourpaper afivepaper syncodeindex synindex defindex defcodeindex
    dircategory frenchspacing kbdinputstyle allowcodebreaks codequoteundirected
    codequotebacktick deftypefnnewline noindent indent sp page need vskip refill author
    title subtitle printindex center insertcopying exdent setcontentsaftertitlepage
    setshortcontentsaftertitlepage evenheading oddheading everyheading evenfooting
    oddfooting everyfooting footnotestyle urefbreakstyle xrefautomaticsectiontitle
    clickstyle novalidate hyphenation microtype validatemenus
    """.split()
)
#: Implicit elements: opened by @item/@headitem, closed by the next one or by @end.
_IMPLICIT = frozenset({"entry", "listitem", "row"})
#: Includes nested deeper than this are refused (a guard besides the cycle check).
MAX_INCLUDE_DEPTH = 32
#: More includes than this in one document are refused: files included many times
#: over, each including others, multiply (an "include bomb"); QEMU's manual includes about ten.
MAX_INCLUDES = 256
#: Blocks (and their items) nested deeper than this stop the parse: QEMU's manuals
#: nest about six deep, and everything that walks the tree recurses per level.
MAX_NESTING = 100


class Resolver(Protocol):
    def resolve(self, name: str, from_path: str) -> tuple[str, str]: ...


class Parser:
    """One parse; use :func:`parse_document`."""

    def __init__(self, path: str, resolver: Resolver | None, values: dict[str, str] | None = None):
        self.path = path
        self.resolver = resolver
        self.values: dict[str, str] = dict(values or {})
        self.diagnostics: list[Diagnostic] = []
        self.index: list[IndexEntry] = []
        self.files: list[str] = []
        self.sources: dict[str, list[str]] = {}
        self.root = Element("document", "", path, 1)
        self.stack: list[Element] = [self.root]
        self.conditionals: list[tuple[str, str, int]] = []  # (name, path, line)
        self.paragraph: Element | None = None
        self.include_stack: list[str] = []
        self.stopped = False  # @bye
        self.too_deep = False  # stopped at MAX_NESTING: the open blocks were not left open by the author

    # -- helpers -----------------------------------------------------------------

    def report(self, severity: str, code: str, message: str, path: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, Location(path, line)))

    def add(self, element: Element) -> None:
        self.stack[-1].children.append(element)

    def end_paragraph(self) -> None:
        paragraph = self.paragraph
        if paragraph is None:
            return
        self.paragraph = None
        paragraph.end_line = paragraph.line + len(paragraph.lines) - 1
        self.check_inline(paragraph.text, paragraph.path, paragraph.line)

    def check_inline(self, text: str, path: str, line: int) -> None:
        for problem in scan_inline(text):
            self.report(problem.severity, problem.code, problem.message, path, line + problem.offset)

    # -- reading -----------------------------------------------------------------

    def feed(self, text: str, path: str) -> None:
        """Read ``text`` (the main file or an included one) into the tree."""
        self.files.append(path)
        self.include_stack.append(path)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.sources[path] = lines
        n = len(lines)
        index = 0
        if lines and lines[0].startswith("\\input"):
            index = 1
        values = self.values
        while index < n and not self.stopped:
            line = lines[index]
            number = index + 1
            index += 1
            if "@" in line:
                if "@c" in line:
                    stripped = strip_comment(line)
                    if stripped != line:
                        if not stripped.strip():
                            self.comment(line, path, number)
                            continue
                        line = stripped
                if "@value{" in line:
                    missing: list[str] = []
                    line = expand_values(line, values, missing)
                    for name in missing:
                        self.report("warning", "texinfo-undefined-value", f"@value{{{name}}}: no such flag is @set", path, number)
            first = line[:1]
            if first == "@" or (first in (" ", "\t") and line.lstrip()[:1] == "@"):
                command = line_command(line)
                if command is not None:
                    index = self.command(command[0], command[1], lines, index, path, number)
                    continue
            if not line.strip():
                if self.stack[-1].name in LITERAL_BLOCKS:
                    self.stack[-1].lines.append("")  # an example's blank lines are part of it
                else:
                    self.end_paragraph()
                continue
            self.text_line(line, path, number)
        self.end_paragraph()
        self.include_stack.pop()

    def text_line(self, line: str, path: str, number: int) -> None:
        top = self.stack[-1]
        if top.name in LITERAL_BLOCKS or top.name in MENU_BLOCKS:
            top.lines.append(line)
            return
        if top.name == "row":
            top.lines.append(line)
            return
        paragraph = self.paragraph
        if paragraph is None:
            if top.name in TABLE_BLOCKS or top.name == "multitable" or top.name in LIST_BLOCKS:
                self.report("warning", "texinfo-text-before-item", f"text in @{top.name} before its first @item", path, number)
            paragraph = self.paragraph = Element("paragraph", "", path, number)
            self.add(paragraph)
        paragraph.lines.append(line)

    # -- line commands -------------------------------------------------------------

    def command(self, name: str, arg: str, lines: list[str], index: int, path: str, number: int) -> int:
        """Handle line command ``@name arg`` at ``number``; returns the next line index."""
        top = self.stack[-1]
        if top.name in LITERAL_BLOCKS and (name != "end" or arg.strip() != top.name):
            if name == "group" or (name == "end" and arg.strip() == "group"):
                return index  # @group inside @example only keeps lines together
            # Inside @example, line commands other than @end are text (texi2any
            # warns about most of them); keep the line as written.
            top.lines.append(lines[index - 1])
            return index
        if name in ("c", "comment"):
            self.comment(lines[index - 1], path, number)
            return index
        if name in INDEX_COMMANDS:
            entry = next((e for e in reversed(self.stack) if e.name == "entry"), None)
            self.index.append(IndexEntry(INDEX_COMMANDS[name], arg, path, number, entry))
            self.check_inline(arg, path, number)
            self.add(Element(name, arg, path, number))
            return index
        if name == "end":
            self.end_paragraph()
            self.end(arg.strip(), path, number)
            return index
        if name in ("item", "itemx", "headitem", "tab"):
            self.end_paragraph()
            self.item(name, arg, path, number)
            return index
        if name in ("ifset", "ifclear"):
            flag = arg.strip()
            active = (flag in self.values) == (name == "ifset")
            if not flag:
                self.report("warning", "texinfo-syntax", f"@{name} needs a flag name", path, number)
            if active:
                self.conditionals.append((name, path, number))
                return index
            return self.skip(name, lines, index, path, number)
        if name in READ_CONDITIONALS:
            self.conditionals.append((name, path, number))
            return index
        if name in SKIP_CONDITIONALS or (name in RAW_BLOCKS and name != "verbatim"):
            self.end_paragraph()
            return self.skip(name, lines, index, path, number)
        if name == "verbatim":
            self.end_paragraph()
            return self.verbatim(lines, index, path, number)
        if name == "set":
            flag, _, value = arg.partition(" ")
            self.values[flag] = value.strip()
            self.add(Element("set", arg, path, number))
            return index
        if name == "clear":
            self.values.pop(arg.strip(), None)
            return index
        if name == "include":
            self.end_paragraph()
            self.include(arg.strip(), path, number)
            return index
        if name == "bye":
            self.end_paragraph()
            self.stopped = True
            return index
        if name == "node" or name in HEADING_LEVELS:
            self.end_paragraph()
            self.close_for_heading(name, path, number)
            if name == "node":
                arg = arg.split(",")[0].strip()
            self.add(Element(name, arg, path, number))
            self.check_inline(arg, path, number)
            return index
        if name in TABLE_BLOCKS or name in LIST_BLOCKS or name == "multitable" or name in LITERAL_BLOCKS \
                or name in TEXT_BLOCKS or name in MENU_BLOCKS:
            self.end_paragraph()
            if len(self.stack) > MAX_NESTING:
                self.report(
                    "error", "texinfo-too-deep",
                    f"@{name}: blocks nested deeper than {MAX_NESTING} levels; the rest of the input is not read", path, number,
                )
                self.stopped = self.too_deep = True
                return index
            element = Element(name, arg, path, number)
            self.add(element)
            self.stack.append(element)
            if name in TABLE_BLOCKS and not arg.strip():
                self.report("warning", "texinfo-syntax", f"@{name} needs a formatting command (@table @asis)", path, number)
            return index
        if name in SETTING_COMMANDS:
            if name not in ("noindent", "indent", "refill"):
                self.end_paragraph()
            self.add(Element(name, arg, path, number))
            return index
        if name == "anchor":
            self.add(Element("anchor", arg, path, number))
            return index
        self.report("warning", "texinfo-unknown-command", f"unknown command @{name}; the line is kept as text", path, number)
        self.text_line(lines[index - 1], path, number)
        return index

    def comment(self, line: str, path: str, number: int) -> None:
        words = line.split()
        # "@c man begin OPTIONS" / "@c man end": texi2pod's man page markers.
        if len(words) >= 3 and words[1] == "man" and words[2] in ("begin", "end"):
            self.end_paragraph()
            self.add(Element("man", " ".join(words[2:]), path, number))

    def item(self, name: str, arg: str, path: str, number: int) -> None:
        top = self.stack[-1]
        container = self.stack[-2] if top.name in _IMPLICIT else top
        kind = container.name
        if kind in TABLE_BLOCKS:
            self.check_inline(arg, path, number)
            term = Element(name, arg, path, number)
            if name == "itemx":
                if top.name == "entry" and not any(c.name not in INDEX_COMMANDS for c in top.children):
                    top.terms.append(term)
                    return
                self.report("warning", "texinfo-itemx", "@itemx must follow @item", path, number)
            elif name != "item":
                self.report("warning", "texinfo-syntax", f"@{name} in @{kind}", path, number)
            if top.name == "entry":
                self.close_top(number)
            entry = Element("entry", "", path, number, terms=[term])
            self.add(entry)
            self.stack.append(entry)
            return
        if kind in LIST_BLOCKS:
            if name != "item":
                self.report("warning", "texinfo-syntax", f"@{name} in @{kind}", path, number)
            if top.name == "listitem":
                self.close_top(number)
            listitem = Element("listitem", "", path, number)
            self.add(listitem)
            self.stack.append(listitem)
            if arg.strip():
                self.text_line(arg, path, number)
            return
        if kind == "multitable":
            if name in ("item", "headitem"):
                if top.name == "row":
                    self.close_top(number)
                row = Element("row", name, path, number, lines=[arg])
                self.add(row)
                self.stack.append(row)
            elif top.name == "row":
                top.lines.append("@tab " + arg)
            else:
                self.report("warning", "texinfo-syntax", "@tab before the first @item", path, number)
            return
        self.report("warning", "texinfo-item-outside", f"@{name} outside a table or list; kept as text", path, number)
        self.text_line(f"{arg}", path, number)

    def close_top(self, number: int) -> None:
        element = self.stack.pop()
        element.end_line = number - 1 if element.name in _IMPLICIT else number
        if element.name in LITERAL_BLOCKS or element.name == "row":
            self.check_inline(element.text, element.path, element.line + (0 if element.name == "row" else 1))

    def end(self, name: str, path: str, number: int) -> None:
        if not name:
            self.report("error", "texinfo-end", "@end needs the name of the block it closes", path, number)
            return
        if self.conditionals and self.conditionals[-1][0] == name:
            self.conditionals.pop()
            return
        position = next((i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].name == name), None)
        if position is None:
            if any(c[0] == name for c in self.conditionals):
                opened = self.conditionals[-1]
                self.report("error", "texinfo-unclosed", f"@{opened[0]} (line {opened[2]}) is not closed before @end {name}", path, number)
                while self.conditionals and self.conditionals[-1][0] != name:
                    self.conditionals.pop()
                self.conditionals.pop()
                return
            self.report("error", "texinfo-end-without-start", f"@end {name} without a matching @{name}", path, number)
            return
        while len(self.stack) > position + 1:
            inner = self.stack[-1]
            if inner.name not in _IMPLICIT:
                self.report(
                    "error", "texinfo-unclosed",
                    f"@{inner.name} (line {inner.line}) is not closed before @end {name}", path, number,
                )
            self.close_top(number)
        self.close_top(number)

    def close_for_heading(self, name: str, path: str, number: int) -> None:
        """Sectioning commands may not sit inside blocks: close what is open."""
        while len(self.stack) > 1:
            inner = self.stack[-1]
            if inner.name not in _IMPLICIT:
                self.report(
                    "error", "texinfo-unclosed",
                    f"@{inner.name} (line {inner.line}) is not closed before @{name}", path, number,
                )
            self.close_top(number)

    def skip(self, name: str, lines: list[str], index: int, path: str, number: int) -> int:
        """Skip to the ``@end name`` matching the block opened at ``number``."""
        depth = 1
        opener = "@" + name
        closer = "@end " + name
        n = len(lines)
        while index < n:
            line = lines[index].strip()
            index += 1
            if line.startswith("@"):
                if line == closer or (line.startswith(closer) and not line[len(closer):].strip()):
                    depth -= 1
                    if depth == 0:
                        return index
                elif line.split(None, 1)[0] == opener:
                    depth += 1
        self.report("error", "texinfo-unclosed", f"@{name} is not closed (no @end {name} before the end of the file)", path, number)
        return n

    def verbatim(self, lines: list[str], index: int, path: str, number: int) -> int:
        element = Element("verbatim", "", path, number)
        self.add(element)
        n = len(lines)
        while index < n:
            line = lines[index]
            index += 1
            if line.strip() == "@end verbatim":
                element.end_line = index
                return index
            element.lines.append(line)
        self.report("error", "texinfo-unclosed", "@verbatim is not closed (no @end verbatim before the end of the file)", path, number)
        return n

    def include(self, name: str, path: str, number: int) -> None:
        element = Element("include", name, path, number)
        self.add(element)
        if not name:
            self.report("error", "texinfo-include-missing", "@include needs a file name", path, number)
            return
        if self.resolver is None:
            self.report("error", "texinfo-include-missing", f"@include {name}: no include resolver (file not read)", path, number)
            return
        if len(self.include_stack) > MAX_INCLUDE_DEPTH:
            self.report("error", "texinfo-include-depth", f"@include {name}: includes nested deeper than {MAX_INCLUDE_DEPTH}", path, number)
            return
        if len(self.files) > MAX_INCLUDES:
            self.report("error", "texinfo-include-count", f"@include {name}: more than {MAX_INCLUDES} files included; not read", path, number)
            return
        try:
            found, text = self.resolver.resolve(name, path)
        except IncludeError as exc:
            self.report(exc.severity, exc.code, str(exc), path, number)
            return
        if _key(found) in {_key(p) for p in self.include_stack}:
            chain = " -> ".join([*self.include_stack, found])
            self.report("error", "texinfo-include-recursive", f"@include {name}: recursive include ({chain})", path, number)
            return
        element.arg = name
        element.lines = [found]
        self.end_paragraph()
        self.feed(text, found)

    def finish(self) -> Document:
        self.end_paragraph()
        while len(self.stack) > 1:
            inner = self.stack[-1]
            if inner.name not in _IMPLICIT and not self.too_deep:
                self.report(
                    "error", "texinfo-unclosed",
                    f"@{inner.name} is not closed (no @end {inner.name} before the end of the file)", inner.path, inner.line,
                )
            self.close_top(inner.line)
        for name, path, line in self.conditionals:
            self.report("error", "texinfo-unclosed", f"@{name} is not closed (no @end {name} before the end of the file)", path, line)
        return Document(self.root, self.values, self.index, self.files, self.sources)


def _key(path: str) -> str:
    """One spelling per file, for the include-cycle check (no file system access)."""
    return os.path.normpath(os.path.abspath(path))


def parse_document(
    text: str,
    path: str,
    resolver: Resolver | None = None,
    values: dict[str, str] | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """Parse ``text`` (read from ``path``) and everything it includes."""
    parser = Parser(path, resolver, values)
    parser.feed(text, path)
    document = parser.finish()
    return document, parser.diagnostics
