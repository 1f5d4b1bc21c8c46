"""One defect, one finding: a rendered copy repeats the defects of its source.

QEMU's build renders each release's .hx files into the HTML manual, the
man page and the binary's ``-help``.  A leaked ``@var{ms}`` in an SRST
block therefore shows up again in ``qemu-manpage.html``, in ``qemu.1`` and
perhaps in ``-help``: one defect, fixed at one .hx line.  When lint read
that source, the copies' findings are demoted to information that points
at it ("(the same defect as qemu-options.hx:5202)"): a maintainer sees the
place to fix once, and whoever looks at a build output (a packager, with
``--severity info``) still learns where its text comes from.  Nothing is
dropped.  A release linted from its outputs only (no source read) keeps its
copies' findings as they are: they are then the only report of the defect.

Two findings are the same defect when they are the same kind (the code,
and for reader warnings QD001 the reader's own code), concern the same
option (the one whose text holds the line, in each file) and hold the same
offending text once the copy's format is undone (HTML character references,
troff escapes such as ``\\-`` and ``\\fP``).  All of that is the
findings' data (:class:`~qdoc.lint.findings.Finding`: ``reader_code``,
``subject``, ``text``), never read back from their messages.

A few kinds in a copy are the source's defect seen from the other side
(:data:`SAME_DEFECT_AS`): an option in ``-help`` that no document
describes is the DEF without a documentation item, and an HTML or man item
that names no option is the SRST block of a DEF that has no item of its
own; those are matched by the option alone, the copy's item text located
in the source to find it.
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from collections import defaultdict

from .. import keys
from ..project import ReleaseSources, SourceFile
from .findings import Finding

#: Formats QEMU's build makes from a release's sources.
RENDERED_FORMATS = ("html", "man", "help")
#: Formats the rendered copies are made from.
SOURCE_FORMATS = ("hx", "rst")

#: Undocumented at the source: a DEF with no documentation item (QD101), or
#: whose help text sits in another option's item (QD109).
_UNDOCUMENTED = ("QD101", "QD109")
#: Kind of a finding in a copy -> the kinds of source finding that are the same defect.
SAME_DEFECT_AS = {
    "QD103": _UNDOCUMENTED,
    "QD001/html-orphan-item": _UNDOCUMENTED,
    "QD001/man-orphan-item": _UNDOCUMENTED,
}

_TROFF_FONT_RE = re.compile(r"\\+f[BIRP]")
_TROFF_ESCAPE_RE = re.compile(r"\\+(?=[-.'`e])")


def source_codes(codes) -> set[str]:
    """Codes whose source findings a run needs to recognise copies among ``codes``' findings."""
    wanted = set(codes)
    for copy_kind, source_kinds in SAME_DEFECT_AS.items():
        if copy_kind.split("/")[0] in wanted:
            wanted.update(source_kinds)
    return wanted


def kind(finding: Finding) -> str:
    """The code, with the reader's own code for QD001 (a man-orphan-item is not a man-grouped-term)."""
    if finding.code == "QD001" and finding.reader_code:
        return f"QD001/{finding.reader_code}"
    return finding.code


def offending_text(finding: Finding) -> str:
    """The finding's offending text as its source wrote it: HTML references and troff escapes undone."""
    return plain(finding.text) if finding.text else ""


def plain(text: str) -> str:
    """``text`` with the rendering undone: ``\\fP``, ``\\-``, ``&#64;`` (and doubled backslashes)."""
    text = _TROFF_FONT_RE.sub("", text)
    text = _TROFF_ESCAPE_RE.sub("", text)
    return html.unescape(text)


class _Outline:
    """Which option's text holds a line of one file: the key of the last option that starts at or before it."""

    def __init__(self, source: SourceFile):
        starts = []
        for option in source.option_set.options:
            lines = [loc.line for key, loc in option.locations.items() if key != "section" and loc.path == source.path]
            if lines:
                starts.append((min(lines), keys.option_key(option.name)))
        starts.sort()
        self._lines = [line for line, _ in starts]
        self._names = [name for _, name in starts]

    def option_at(self, line: int) -> str | None:
        index = bisect.bisect_right(self._lines, line) - 1
        return self._names[index] if index >= 0 else None


def _line_numbers_holding(text: str, needle: str) -> list[int]:
    """The numbers of the lines of ``text`` (split at ``\\n``) that hold ``needle``, each once.

    Found by searching the whole text, not line by line: the texts are
    whole .hx files and the needle is on a few of their thousands of lines.
    """
    if not needle or "\n" in needle:
        return []  # no line holds a needle that spans lines
    numbers: list[int] = []
    number, counted = 1, 0
    found = text.find(needle)
    while found >= 0:
        number += text.count("\n", counted, found)
        counted = found
        numbers.append(number)
        end = text.find("\n", found)
        if end < 0:
            break
        found = text.find(needle, end + 1)
    return numbers


def point_copies_at_sources(findings: list[Finding], release: ReleaseSources) -> list[Finding]:
    """``findings`` of one release, sorted, each copy of a source's defect demoted to an information pointing at it."""
    findings = sorted(findings, key=Finding.sort_key)
    if not any(source.format in SOURCE_FORMATS for source in release.files):
        return findings
    defects = _SourceDefects(release, findings)
    result = []
    for finding in findings:
        original = defects.original_of(finding)
        if original is None:
            result.append(finding)
        else:
            where = f"{original.location.path}:{original.location.line}"
            result.append(dataclasses.replace(finding, severity="info", message=f"{finding.message} (the same defect as {where})"))
    return result


class _SourceDefects:
    """The findings at a release's sources, by (kind, option, offending text), and the copies' matching of them."""

    def __init__(self, release: ReleaseSources, findings: list[Finding]):
        self._files = {source.path: source for source in release.files}
        self._sources = [source for source in release.files if source.format in SOURCE_FORMATS]
        self._outlines: dict[str, _Outline] = {}
        self._by_key: dict[tuple, list[Finding]] = defaultdict(list)
        self._seen: dict[tuple, int] = defaultdict(int)
        for finding in findings:
            source = self._file_of(finding)
            if source is None or source.format not in SOURCE_FORMATS:
                continue
            own_kind, option = kind(finding), self._option_at(source, finding.location.line)
            self._by_key[(own_kind, option, offending_text(finding))].append(finding)
            # The option a finding is about is the one whose text holds its
            # line, or its subject ("DEF -x has no item; its help text is
            # in the item of -y" stands in -y's item, about -x).
            for name in {option, finding.subject}:
                self._by_key[(own_kind, name, None)].append(finding)

    def _file_of(self, finding: Finding) -> SourceFile | None:
        return self._files.get(finding.location.path) if finding.location else None

    def _option_at(self, source: SourceFile, line: int) -> str | None:
        if source.path not in self._outlines:
            self._outlines[source.path] = _Outline(source)
        return self._outlines[source.path].option_at(line)

    def _options_holding(self, text: str) -> set[str | None]:
        """The options whose source text holds ``text``, in every source of the release."""
        return {self._option_at(s, n) for s in self._sources for n in _line_numbers_holding(s.text, text)}

    def original_of(self, finding: Finding) -> Finding | None:
        """The source finding that ``finding``, if it stands in a rendered copy, repeats."""
        copy = self._file_of(finding)
        if copy is None or copy.format not in RENDERED_FORMATS:
            return None
        text, own_kind = offending_text(finding), kind(finding)
        copy_option = self._option_at(copy, finding.location.line)
        if own_kind in SAME_DEFECT_AS:
            # Seen from the other side: the option alone says which defect.
            # An item that names no option (QD001) belongs to the option
            # whose source text holds the item's text.
            options = [] if finding.code == "QD001" else [copy_option]
            options += sorted(o for o in self._options_holding(text) if o)
            for option in options:
                for source_kind in SAME_DEFECT_AS[own_kind]:
                    candidates = self._by_key.get((source_kind, option, None))
                    if option and candidates:
                        return candidates[0]
            return None
        if not text:
            return None
        key = (own_kind, copy_option, text)
        if key not in self._by_key:
            # The copy's text may stand under no option of its own (an
            # orphan item is kept as the section's text): the source says
            # whose it is when the quoted text is under one option only.
            owners = self._options_holding(text)
            if len(owners) != 1:
                return None
            key = (own_kind, owners.pop(), text)
        candidates = self._by_key.get(key)
        if not candidates:
            return None
        # The n-th occurrence in the copy is the n-th at the source (the same
        # leak written three times is three lines to fix); a copy with more
        # occurrences than its source points its extra ones at the last.
        occurrence = self._seen[(copy.path, key)]
        self._seen[(copy.path, key)] += 1
        return candidates[min(occurrence, len(candidates) - 1)]
