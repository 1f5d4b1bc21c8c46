"""QEMU's deprecation and removal lists (``deprecated.rst``, ``removed-features.rst``) as records.

The lists have a fixed shape, visible in every release since 5.0::

    Deprecated features            <- a list (a second one, "Recently removed
    ===================               features", closes 5.x's deprecated.rst)
    System emulator command line arguments      <- an area
    --------------------------------------
    ``-display sdl,alt_grab=on`` (since 4.2)    <- an entry
    ''''''''''''''''''''''''''''''''''''''''

Some areas ("Device options") hold sub-areas whose sections are the entries.
The structure comes from docutils' sections, not from adornment characters,
so it holds whatever characters a release uses.  An entry is a section with
no sections inside it; one standing at area level (9.2's ``-runas``) is
still an entry, reported.  Each entry becomes one :class:`~qdoc.model.Record`
with its body kept as rST.
"""

from __future__ import annotations

from bisect import bisect_right

from docutils import nodes

from ...model import Diagnostic, Location, Record, Section
from ...prose import stated_replacement, version_substitution
from .parsing import heading_line, source_lines
from .headings import read_heading

_COMMAND_AREA_WORDS = ("qmp", "hmp", "machine protocol", "monitor protocol", "monitor commands")
#: Areas about programs other than qemu-system, whose options keep their spelling.
_OTHER_PROGRAM_AREA_WORDS = ("guest agent", "tools", "related binaries", "user-mode", "user mode", "linux-user")


class RecordsReader:
    """One pass over the doctree of one list page; use :func:`read_records`."""

    def __init__(self, document: nodes.document, text: str, path: str, default_kind: str):
        self.document = document
        self.lines = source_lines(text)
        self.path = path
        self.default_kind = default_kind
        self.deprecations: list[Record] = []
        self.removals: list[Record] = []
        self.sections: list[Section] = []
        self.diagnostics: list[Diagnostic] = []
        self.starts = self._section_starts()

    # -- positions -------------------------------------------------------------

    def _section_starts(self) -> list[int]:
        """First source line (overline or title) of every section, in order."""
        starts = []
        for section in self.document.findall(nodes.section):
            if section.source not in (None, self.path) and section[0].source not in (None, self.path):
                continue
            line = heading_line(section[0])
            if line >= 2 and _is_adornment(self.lines[line - 2]):
                line -= 1
            starts.append(line)
        return sorted(starts)

    def body(self, section: nodes.section) -> tuple[str, int]:
        """The rST source between a section's heading and the next heading, and its first line."""
        title_line = heading_line(section[0])
        start = title_line + 1  # the underline; the body follows it
        # The next heading by binary search, blank lines trimmed by index: a
        # list with thousands of sections is not rescanned for each one.
        following = bisect_right(self.starts, title_line)
        end = self.starts[following] if following < len(self.starts) else len(self.lines) + 1
        stop = end - 1
        while start < stop and not self.lines[start].strip():
            start += 1
        while stop > start and not self.lines[stop - 1].strip():
            stop -= 1
        return "\n".join(self.lines[start:stop]), start + 1

    def loc(self, line: int) -> Location:
        return Location(self.path, line)

    def report(self, severity: str, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.loc(line)))

    # -- structure -------------------------------------------------------------

    def read(self) -> None:
        top = _subsections(self.document)
        lists = [s for s in top if _list_kind(s) is not None]
        if not lists:
            # No "Deprecated features" title: the page itself is the list.
            self._list(self.document, self.default_kind, top)
            return
        for section in top:
            kind = _list_kind(section)
            if kind is None:
                self._keep_section(section, "a section outside the deprecation and removal lists")
                continue
            self._keep_section(section)
            self._list(section, kind, _subsections(section))

    def _list(self, container: nodes.Element, kind: str, areas: list[nodes.section]) -> None:
        previous_area = ""
        for area in areas:
            title = _title_text(area)
            if _subsections(area):
                self._keep_section(area)
                self._area(area, kind, title)
                previous_area = title
                continue
            heading = read_heading(area[0], kind, *_area_rules(previous_area))
            line = heading_line(area[0])
            if heading.since or heading.removed_in:
                self.report(
                    "warning", "rst-entry-level",
                    f"entry {heading.feature!r} has an area's heading level; read as an entry of {previous_area or 'no area'!r}",
                    line,
                )
                self._entry(area, kind, previous_area)
            else:
                self._keep_section(area)
                self.report("info", "rst-area-without-entries", f"area {title!r} has no entries", line)

    def _area(self, area: nodes.section, kind: str, name: str) -> None:
        for child in _subsections(area):
            if _subsections(child):
                self._keep_section(child)
                self._area(child, kind, f"{name} / {_title_text(child)}")
            else:
                self._entry(child, kind, name)

    def _keep_section(self, section: nodes.section, why: str | None = None) -> None:
        text, _ = self.body(section)
        line = heading_line(section[0])
        self.sections.append(Section(title=_title_text(section), location=self.loc(line), description=text))
        if why:
            self.report("info", "rst-other-section", f"{_title_text(section)!r}: {why}; kept as a section", line)

    def _entry(self, section: nodes.section, kind: str, area: str) -> None:
        line = heading_line(section[0])
        heading = read_heading(section[0], kind, *_area_rules(area))
        text, _ = self.body(section)
        rolling = None if heading.since or heading.removed_in else version_substitution(text)
        for problem in heading.problems:
            if rolling:  # QEMU's convention: the version moves with each release (see QD501)
                self.report("info", "rst-heading-convention", f"heading {heading.feature!r} {problem}: a rolling entry, its version is {rolling}", line)
            else:
                self.report("warning", "rst-heading-convention", f"heading {heading.feature!r} {problem}", line)
        record = Record(
            feature=heading.feature,
            area=area,
            text=text,
            location=self.loc(line),
            heading=self.lines[line - 1].strip() if line <= len(self.lines) else "",
            targets=heading.targets,
            since=heading.since,
            removed_in=heading.removed_in,
            replacement=stated_replacement(text),
        )
        (self.removals if kind == "removal" else self.deprecations).append(record)


def read_records(document: nodes.document, text: str, path: str, default_kind: str) -> RecordsReader:
    """Read the lists of a parsed page; ``default_kind`` applies when the page has no list title."""
    reader = RecordsReader(document, text, path, default_kind)
    reader.read()
    if not reader.deprecations and not reader.removals:
        reader.report("warning", "rst-no-entries", "no deprecation or removal entries found", 1)
    return reader


def _subsections(node: nodes.Element) -> list[nodes.section]:
    return [c for c in node.children if isinstance(c, nodes.section)]


def _title_text(section: nodes.section) -> str:
    return " ".join(section[0].astext().split())


def _list_kind(section: nodes.section) -> str | None:
    title = _title_text(section).lower()
    if "removed" in title:
        return "removal"
    if "deprecat" in title:
        return "deprecation"
    return None


def _area_rules(area: str) -> tuple[bool, bool]:
    """Whether literals in the area's headings name monitor commands, and whether options are qemu-system's."""
    lowered = area.lower()
    commands = any(word in lowered for word in _COMMAND_AREA_WORDS)
    other_program = any(word in lowered for word in _OTHER_PROGRAM_AREA_WORDS)
    return commands, not other_program


def _is_adornment(line: str) -> bool:
    stripped = line.rstrip()
    return len(stripped) >= 3 and len(set(stripped)) == 1 and not stripped[0].isalnum()
