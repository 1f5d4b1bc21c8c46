"""A diff as text, JSON, Markdown or rST (the last two written as release notes).

Release notes name releases, not files ("QEMU 6.2.0 to 7.2.0"), give each
removal its replacement in a "use instead" column, and never leave a cell
empty (an empty rST list-table cell written as ``..`` is a comment, not a
cell's text): what is not known says so.
"""

from __future__ import annotations

import json
import os

from ..diff import OptionDiff
from ..diff.result import Change, Detail, Removal

#: What a table cell says when there is nothing to say.
NONE = "—"
#: Facts too long for a table cell: a release note says they changed.
_LONG_FACTS = ("help text",)


def _short(location) -> str:
    """``removed-features.rst:399``: where a record is, for a reader of release notes."""
    return f"{os.path.basename(location.path)}:{location.line}" if location else NONE


def _side_name(release: str | None, label: str) -> str:
    if release:
        return f"QEMU {release}"
    path = label.split(": ", 1)[-1].rstrip(")")
    return os.path.basename(path.rstrip("/")) or path


def _announcement(removal: Removal) -> str:
    if removal.announced is None:
        return "no removal list read"
    if removal.announced:
        return f"removed in {removal.removed_in or '?'} ({removal.removal_record})"
    return "NOT announced in the removal list"


def _deprecation_note(removal: Removal, deprecation_list: bool) -> str:
    if removal.deprecated_since or removal.deprecation_record:
        return f"deprecated since {removal.deprecated_since or '?'} ({removal.deprecation_record})"
    return "no deprecation recorded" if deprecation_list else "no deprecation list read"


def _replacement(value: str | None) -> str:
    if value is None:
        return NONE
    return value or "no replacement"


def _removal_note(removal: Removal, deprecation_list: bool) -> str:
    parts = [_announcement(removal), _deprecation_note(removal, deprecation_list)]
    if removal.replacement is not None:
        parts.append(f"use instead: {_replacement(removal.replacement)}")
    return "; ".join(parts)


def _value(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return " | ".join(value) if value else "(none)"
    return str(value)


def _detail_text(detail: Detail) -> str:
    if detail.what in _LONG_FACTS:
        return f"{detail.what} changed"
    if detail.what == "arch":
        return f"arch {','.join(detail.before)} -> {','.join(detail.after)}"
    return f"{detail.what}: {_value(detail.before)} -> {_value(detail.after)}"


def _kind(kind: str) -> str:
    return "" if kind == "option" else f" ({kind})"


def text(diff: OptionDiff) -> str:
    lines = [f"--- {diff.old}", f"+++ {diff.new}", f"# compared: what each side {diff.compared}"]
    lines.extend(f"# {note}" for note in diff.notes)
    for entry in diff.removed:
        lines.append(f"- {entry.name}{_kind(entry.kind)}  [{_removal_note(entry, diff.deprecation_list)}]")
    for entry in diff.added:
        where = f"  ({entry.section})" if entry.section and entry.kind == "option" else ""
        synopsis = f"  {entry.synopses[0]}" if entry.synopses and entry.kind != "option" else ""
        lines.append(f"+ {entry.name}{_kind(entry.kind)}{where}{synopsis}")
    for rename in diff.renamed:
        lines.append(f"R {rename.old_name} -> {rename.name}")
    for change in diff.changed:
        lines.append(f"~ {change.name}: " + "; ".join(_detail_text(d) for d in change.details))
    for item in diff.deprecated:
        use = f"; use instead: {_replacement(item.replacement)}" if item.replacement is not None else ""
        lines.append(f"D {item.name}: {item.evidence} ({item.location}){use}")
    for item in diff.undeprecated:
        lines.append(f"U {item.name}: no longer deprecated")
    for item in diff.not_read:
        side = "OLD" if item.side == "old" else "NEW"
        lines.append(f"? {item.name}: sub-options not read in {side}: {item.reason} ({item.location})")
    lines.append(
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.renamed)} renamed, "
        f"{len(diff.changed)} changed, {len(diff.deprecated)} newly deprecated"
        + (f", {len(diff.not_read)} not read" if diff.not_read else "")
    )
    return "\n".join(lines) + "\n"


def as_json(diff: OptionDiff) -> str:
    return json.dumps(diff.to_dict(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def title(diff: OptionDiff) -> str:
    return f"Command-line changes from {_side_name(diff.old_release, diff.old)} to {_side_name(diff.new_release, diff.new)}"


def _change_rows(change: Change) -> list[list[str]]:
    rows = []
    for detail in change.details:
        if detail.what in _LONG_FACTS:
            rows.append([change.name, detail.what, "changed", NONE])
        elif detail.what == "arch":
            rows.append([change.name, "arch", ", ".join(detail.before), ", ".join(detail.after)])
        else:
            rows.append([change.name, detail.what, _value(detail.before), _value(detail.after)])
    return rows


def tables(diff: OptionDiff) -> list[tuple[str, list[str], list[list[str]], int]]:
    """The diff as (heading, column headers, rows of plain cells, how many leading cells are keys), non-empty tables only."""
    found = [
        (
            "Removed",
            ["option", "kind", "removed in", "deprecated since", "use instead", "announcement"],
            [
                [r.name, r.kind, r.removed_in or NONE, r.deprecated_since or NONE, _replacement(r.replacement),
                 _short(r.removal_record) if r.announced else _announcement(r)]
                for r in diff.removed
            ],
            1,
        ),
        (
            "Added",
            ["option", "kind", "synopsis"],
            [[a.name, a.kind, a.synopses[0] if a.synopses else NONE] for a in diff.added],
            1,
        ),
        ("Renamed", ["old", "new"], [[r.old_name, r.name] for r in diff.renamed], 2),
        ("Changed", ["option", "what", "before", "after"], [row for c in diff.changed for row in _change_rows(c)], 1),
        (
            "Newly deprecated",
            ["option", "since", "use instead", "evidence"],
            [[d.name, d.since or NONE, _replacement(d.replacement), f"{d.evidence} ({_short(d.location)})"] for d in diff.deprecated],
            1,
        ),
        (
            "Not read",
            ["option", "side", "why"],
            [[n.name, "old" if n.side == "old" else "new", f"{n.reason} ({_short(n.location)})"] for n in diff.not_read],
            1,
        ),
    ]
    return [table for table in found if table[2]]


def _md_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").replace("\n", " ")


def _md_code(value: str) -> str:
    value = value.replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    return f"{fence} {value} {fence}" if fence == "``" else f"`{value}`"


def markdown(diff: OptionDiff) -> str:
    out = [f"## {_md_escape(title(diff))}", ""]
    out.extend(f"- {_md_escape(note)}" for note in diff.notes)
    if diff.notes:
        out.append("")
    for heading, header, rows, code_cells in tables(diff):
        out.extend([f"### {heading}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)])
        for row in rows:
            cells = [_md_code(c) for c in row[:code_cells]] + [_md_escape(c) for c in row[code_cells:]]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if diff.empty:
        out.append("No changes.")
    return "\n".join(out).rstrip() + "\n"


def _rst_text(value: str) -> str:
    value = " ".join(value.split())
    for char in "\\`*|_[":
        value = value.replace(char, "\\" + char)
    return value or NONE


def _rst_literal(value: str) -> str:
    value = " ".join(value.split())
    if "``" in value or value.endswith("`"):
        return _rst_text(value)
    return f"``{value}``"


def rst_tables(diff: OptionDiff) -> list[tuple[str, list[str], list[list[str]]]]:
    """The diff as (heading, column headers, rows of rST cells), non-empty tables only.

    Shared by :func:`rst` and the Sphinx directive ``qemu:option-diff``, so
    a page and ``qdoc diff --format rst`` say the same.  No cell is empty.
    """
    return [
        (heading, header, [[_rst_literal(c) for c in row[:code]] + [_rst_text(c) for c in row[code:]] for row in rows])
        for heading, header, rows, code in tables(diff)
    ]


def rst(diff: OptionDiff) -> str:
    heading = title(diff)
    out = [heading, "=" * len(heading), ""]
    out.extend(f"- {_rst_text(note)}" for note in diff.notes)
    if diff.notes:
        out.append("")
    for name, header, rows in rst_tables(diff):
        out.extend([name, "-" * len(name), "", ".. list-table::", "   :header-rows: 1", ""])
        for row in [header] + rows:
            out.append("   * - " + row[0])
            out.extend("     - " + cell for cell in row[1:])
        out.append("")
    if diff.empty:
        out.append("No changes.")
    return "\n".join(out).rstrip() + "\n"


FORMATS = {"text": text, "json": as_json, "markdown": markdown, "rst": rst}
