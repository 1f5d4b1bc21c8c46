"""Deprecation and removal records from the texinfo manuals' appendices.

QEMU 2.12 kept its deprecation list as an appendix of ``qemu-doc.texi``;
3.0 to 4.2 moved it to ``qemu-deprecated.texi`` (``@include``d by the
manual), with a "Recently removed features" appendix from 4.1.  Both have the
shape ``@appendix`` > ``@section`` (the area: "System emulator command line
arguments") > ``@subsection`` (one entry: ``-no-kvm (since 1.3.0)``), which
becomes one :class:`~qdoc.model.Record` with its version, targets and the
replacement its text names.
"""

from __future__ import annotations

import re

from ...model import Location, Record, RecordTarget, canonical_option_name
from ...prose import replacement, sentences
from ...synopsis import split_option_name
from .to_rst import RstRenderer
from .tree import HEADING_LEVELS, Document, Element

_SINCE_RE = re.compile(r"\s*\((?:[Ss]ince|[Dd]eprecated in)\s+v?(\d+\.\d+(?:\.\d+)?)\)\s*$")
_REMOVED_RE = re.compile(r"\s*\((?:[Rr]emoved in|[Ss]ince)\s+v?(\d+\.\d+(?:\.\d+)?)\)\s*$")
_DASH_OPTION_RE = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")
_KEY_RE = re.compile(r"([A-Za-z][\w.-]*)=")
_NAME_RE = re.compile(r"^'?([a-z][\w-]*)'?$")
_COMMAND_AREAS = ("qmp", "hmp", "monitor")


def _appendix_kind(title: str) -> str | None:
    lowered = title.lower()
    if lowered.startswith("deprecated features"):
        return "deprecated"
    if "removed features" in lowered:
        return "removed"
    return None


def targets_of(feature: str, area: str) -> list[RecordTarget]:
    """The options (and sub-option) a record heading names.

    ``-machine enforce-config-section=on|off`` -> ``-machine`` /
    ``enforce-config-section``; ``-vnc acl`` -> ``-vnc`` / ``acl``;
    ``QEMU_AUDIO_ environment variables and -audio-help`` -> ``-audio-help``;
    in QMP and HMP areas the command names (``migrate_set_downtime and
    migrate_set_speed``).
    """
    lowered = area.lower()
    if any(word in lowered for word in _COMMAND_AREAS):
        names = []
        for part in re.split(r",\s*|\s+and\s+|\s*/\s*", feature):
            words = part.split()
            if words:
                m = _NAME_RE.match(words[0])
                if m:
                    names.append(RecordTarget(m.group(1)))
        return names
    if not feature.startswith("-"):
        return [RecordTarget(canonical_option_name(m)) for m in dict.fromkeys(_DASH_OPTION_RE.findall(feature))]
    name, rest = split_option_name(feature)
    suboption = None
    key = _KEY_RE.search(rest)
    if key:
        suboption = key.group(1)
    elif rest and re.fullmatch(r"[A-Za-z][\w-]*", rest):
        suboption = rest
    return [RecordTarget(canonical_option_name(name), suboption)]


def _replacement(text: str) -> str | None:
    for sentence in sentences(text):
        found = replacement(sentence)
        if found:
            return found
    if re.search(r"\bno (?:direct )?replacement\b", text, re.I):
        return ""
    return None


def extract_records(document: Document) -> tuple[list[Record], list[Record]]:
    """(deprecations, removals) from every deprecation or removal appendix."""
    rst = RstRenderer(document.values)
    renderer = rst.inline
    deprecated: list[Record] = []
    removed: list[Record] = []
    kind: str | None = None
    kind_level = 0
    area = ""
    current: tuple[Element, str, str] | None = None  # (heading, feature, kind)
    body: list[Element] = []

    def flush() -> None:
        if current is None:
            return
        heading, title, record_kind = current
        text = rst.render(body)
        pattern = _SINCE_RE if record_kind == "deprecated" else _REMOVED_RE
        m = pattern.search(title)
        version = m.group(1) if m else None
        feature = title[: m.start()].strip() if m else title
        record = Record(
            feature=feature,
            area=area,
            text=text,
            location=Location(heading.path, heading.line),
            heading=renderer.plain(heading.arg).strip(),
            targets=targets_of(feature, area),
            replacement=_replacement(renderer.plain(text)) if text else None,
        )
        if record_kind == "deprecated":
            record.since = version
            deprecated.append(record)
        else:
            record.removed_in = version
            removed.append(record)

    current_level = 0
    areas: list[tuple[int, str]] = []  # the area and sub-areas ("Device options / Block device options") above
    for child in document.root.children:
        level = HEADING_LEVELS.get(child.name)
        if level is None:
            if current is not None and child.name not in ("node",):
                body.append(child)
            continue
        if current is not None and level > current_level:
            # 4.2's "Block device options" has entries of its own below it: a sub-area, not an entry.
            areas.append((current_level, current[1]))
        else:
            flush()
        current = None
        body = []
        title = renderer.plain(child.arg).strip()
        appendix = _appendix_kind(title) if level <= 1 else None
        if appendix:
            kind, kind_level, area, areas = appendix, level, "", []
            continue
        if kind is None or level <= kind_level:
            kind = None
            continue
        areas = [(lvl, name) for lvl, name in areas if lvl < level]
        if level == kind_level + 1:
            areas = [(level, title)]
        else:
            current, current_level = (child, title, kind), level
        area = " / ".join(name for _, name in areas)
    flush()
    return deprecated, removed
