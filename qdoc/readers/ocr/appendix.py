"""The deprecation appendix of an OCR'd manual: ``B.2.1 -no-kvm (since 1.3.0)``.

Each entry of QEMU's "Deprecated features" appendix (texinfo era) is a
numbered heading that ends with the version that deprecated it.  The OCR
garbles the numbers (``R 2 16`` and ``3.2.19`` for ``B.2.16`` and
``B.2.19``, ``2 12 0`` for ``2.12.0``) and drops closing parentheses, but
the ``(since`` survives; so an entry is a line that starts with a three-part
number and states a version, and its letter is repaired to the appendix's
letter (the one most entries carry).  Sections of the appendix
(``B.4 QEMU Machine Protocol (QMP) commands``) give each record its area.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...model import Location, Record, RecordTarget, canonical_option_name
from ...prose import replacement, sentences
from .headings import Heading
from .text import OcrLine

_ENTRY_RE = re.compile(
    r"^(?P<letter>[A-Z0-9])[.\s](?P<section>\d{1,2})[.\s](?P<entry>\d{1,2})\s+"
    r"(?P<feature>.+?)\s*\(\s*since\s+(?P<since>\d+(?:[.\s]\d+){1,2})\s*\)?\s*$"
)
# An entry that states no version ("B.1.1 GTK 2.x"): taken only with the
# appendix's own letter, printed cleanly.
_PLAIN_ENTRY_RE = re.compile(r"^(?P<letter>[A-Z])\.(?P<section>\d{1,2})\.(?P<entry>\d{1,2})\s+(?P<feature>\S.{0,100})$")
#: Entries start at the margin; indented ones are a table of contents.
MAX_ENTRY_INDENT = 3
_OPTION_TARGET_RE = re.compile(r"^-{1,2}(?P<name>[A-Za-z][\w-]*)(?:\s+(?P<rest>.*))?$")
_PROPERTY_RE = re.compile(r"^(?P<key>[a-z][\w.-]*?)(?:=|-(?=on\|off))")
_COMMAND_PARAMETER_RE = re.compile(r'^(?P<command>[a-z][\w-]*)\s+"(?P<parameter>[\w-]+)"')


@dataclass(slots=True)
class AppendixEntry:
    """One entry as read, with the number as printed and as repaired."""

    line: OcrLine
    printed: str
    number: tuple[str, int, int]
    feature: str
    since: str | None

    @property
    def label(self) -> str:
        return f"{self.number[0]}.{self.number[1]}.{self.number[2]}"


def find_entries(lines: list[OcrLine]) -> list[AppendixEntry]:
    """Lines that read as appendix entries, their letters repaired."""
    raw = []
    plain = []
    for line in lines:
        if line.indent > MAX_ENTRY_INDENT:
            continue
        m = _ENTRY_RE.match(line.text)
        if m:
            raw.append((line, m))
        else:
            m = _PLAIN_ENTRY_RE.match(line.text)
            if m:
                plain.append((line, m))
    letters = Counter(m.group("letter") for _, m in raw if m.group("letter").isalpha())
    if not letters:
        return []
    letter = letters.most_common(1)[0][0]
    raw += [(line, m) for line, m in plain if m.group("letter") == letter]
    raw.sort(key=lambda pair: pair[0].number)
    entries = []
    for line, m in raw:
        printed = line.text[: m.start("feature")].strip()
        since = ".".join(re.split(r"[.\s]+", m.group("since"))) if "since" in m.groupdict() else None
        number = (letter, int(m.group("section")), int(m.group("entry")))
        entries.append(AppendixEntry(line, printed, number, m.group("feature").strip(), since))
    # An entry seen twice was first read in a table of contents: keep the last.
    last = {entry.number: entry for entry in entries}
    return [entry for entry in entries if last[entry.number] is entry]


def targets(feature: str, area: str = "") -> list[RecordTarget]:
    """The options (and sub-options) an entry's feature names, as printed.

    A lone name under a QMP or monitor area is a command (``query-cpus``).
    """
    m = _OPTION_TARGET_RE.match(feature)
    if m:
        name = canonical_option_name("-" + m.group("name"))
        rest = (m.group("rest") or "").strip()
        prop = _PROPERTY_RE.match(rest)
        return [RecordTarget(name, prop.group("key") if prop else None)]
    m = _COMMAND_PARAMETER_RE.match(feature)
    if m:
        return [RecordTarget(m.group("command"), m.group("parameter"))]
    if re.search(r"\bQMP\b|[Mm]onitor", area) and re.fullmatch(r"[a-z][\w-]*", feature):
        return [RecordTarget(feature)]
    return []


def _key(entry: AppendixEntry) -> str:
    first = entry.feature.split()[0] if entry.feature.split() else ""
    return first.strip("-\"'")


def _reassign(entries: list[AppendixEntry], bodies: list[list[str]]) -> None:
    """Move a paragraph printed under the wrong entry to the neighbour it names.

    Page breaks scramble the order (``B.2.13``, ``B.2.14``, then the text of
    ``B.2.13``): a paragraph that names a neighbouring entry's feature and
    not its own entry's belongs to that neighbour.
    """
    keys = [_key(e) for e in entries]

    def names(text: str, key: str) -> bool:
        return len(key) >= 3 and re.search(rf"(?<![\w-])-{{0,2}}{re.escape(key)}(?![\w-])", text) is not None

    for index, body in enumerate(bodies):
        for paragraph in list(body):
            if names(paragraph, keys[index]):
                continue
            for other in (index - 1, index + 1):
                if 0 <= other < len(entries) and names(paragraph, keys[other]):
                    body.remove(paragraph)
                    bodies[other].append(paragraph)
                    break


def records(
    entries: list[AppendixEntry],
    lines: list[OcrLine],
    headings: list[Heading],
    path: str,
) -> list[Record]:
    """A :class:`Record` for each entry, with the text that follows it."""
    areas = {h.label: h.title for h in headings if h.depth == 2}
    stops = {e.line.number for e in entries} | {h.line for h in headings if h.column == 0}
    inline = {h.line for h in headings if h.column}
    by_number = {line.number: i for i, line in enumerate(lines)}
    bodies: list[list[str]] = []
    for entry in entries:
        body = []
        for line in lines[by_number[entry.line.number] + 1:]:
            if line.number in stops:
                break
            if line.number not in inline:  # a merged paragraph of other pages
                body.append(line.text)
        bodies.append(body)
    _reassign(entries, bodies)
    out = []
    for entry, body in zip(entries, bodies):
        text = "\n".join(body)
        area = _trim_area(areas.get(f"{entry.number[0]}.{entry.number[1]}", ""))
        found = next((r for r in map(replacement, sentences(text)) if r), None)
        if found:
            found = found.strip("\"' ")
        out.append(
            Record(
                feature=entry.feature,
                area=area,
                text=text,
                location=Location(path, entry.line.number),
                heading=entry.line.text,
                targets=targets(entry.feature, area),
                since=entry.since,
                replacement=found,
            )
        )
    return out


def _trim_area(title: str) -> str:
    """A section title merged with the next number's letter ("... arguments B")."""
    return re.sub(r"\s+[A-Z]$", "", title).strip()
