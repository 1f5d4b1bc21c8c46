"""A diff as text, JSON, Markdown or rST (the last two ready to paste into release notes)."""

from __future__ import annotations

import json

from ..diff import OptionDiff


def _removal_note(removal) -> str:
    parts = []
    if removal.announced:
        parts.append(f"removed-features: removed in {removal.removed_in or '?'} ({removal.removal_record})")
    else:
        parts.append("NOT announced in removed-features")
    if removal.deprecated_since or removal.deprecation_record:
        parts.append(f"deprecated since {removal.deprecated_since or '?'} ({removal.deprecation_record})")
    else:
        parts.append("no deprecation recorded")
    return "; ".join(parts)


def text(diff: OptionDiff) -> str:
    lines = [f"--- {diff.old}", f"+++ {diff.new}"]
    for entry in diff.removed:
        lines.append(f"- {entry.name}  [{_removal_note(entry)}]")
    for entry in diff.added:
        lines.append(f"+ {entry.name}" + (f"  ({entry.section})" if entry.section else ""))
    for rename in diff.renamed:
        lines.append(f"R {rename.old_name} -> {rename.name}")
    for change in diff.changed:
        detail = ", ".join(change.changes)
        if change.suboptions_added:
            detail += f"; + {', '.join(change.suboptions_added)}"
        if change.suboptions_removed:
            detail += f"; - {', '.join(change.suboptions_removed)}"
        lines.append(f"~ {change.name}: {detail}")
    for item in diff.deprecated:
        lines.append(f"D {item.name}: {item.evidence}")
    for item in diff.undeprecated:
        lines.append(f"U {item.name}: no longer deprecated")
    lines.append(
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.renamed)} renamed, "
        f"{len(diff.changed)} changed, {len(diff.deprecated)} newly deprecated"
    )
    return "\n".join(lines) + "\n"


def as_json(diff: OptionDiff) -> str:
    return json.dumps(diff.to_dict(), indent=1, sort_keys=True) + "\n"


def _md_escape(value: str) -> str:
    return value.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def markdown(diff: OptionDiff) -> str:
    out = [f"## Command-line changes: {_md_escape(diff.old)} to {_md_escape(diff.new)}", ""]

    def section(title: str, rows: list[list[str]], header: list[str]) -> None:
        if not rows:
            return
        out.extend([f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)])
        out.extend("| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows)
        out.append("")

    section("Removed", [[f"`{r.name}`", _removal_note(r)] for r in diff.removed], ["option", "announcement"])
    section("Added", [[f"`{a.name}`", a.section or ""] for a in diff.added], ["option", "section"])
    section("Renamed", [[f"`{r.old_name}`", f"`{r.name}`"] for r in diff.renamed], ["old", "new"])
    section(
        "Changed",
        [[f"`{c.name}`", ", ".join(c.changes), ", ".join(c.suboptions_added), ", ".join(c.suboptions_removed)] for c in diff.changed],
        ["option", "what", "sub-options added", "sub-options removed"],
    )
    section("Newly deprecated", [[f"`{d.name}`", d.evidence] for d in diff.deprecated], ["option", "evidence"])
    if diff.empty:
        out.append("No changes.")
    return "\n".join(out).rstrip() + "\n"


def _rst_cell(value: str) -> str:
    return value.replace("\n", " ").replace("`", "\\`").replace("*", "\\*").replace("|", "\\|")


def rst_tables(diff: OptionDiff) -> list[tuple[str, list[str], list[list[str]]]]:
    """The diff as (heading, column headers, rows of rST cells), non-empty tables only.

    Shared by :func:`rst` and the Sphinx directive ``qemu:option-diff``, so
    a page and ``qdoc diff --format rst`` say the same.
    """
    tables = [
        ("Removed", ["option", "announcement"], [[f"``{r.name}``", _rst_cell(_removal_note(r))] for r in diff.removed]),
        ("Added", ["option", "section"], [[f"``{a.name}``", _rst_cell(a.section or "")] for a in diff.added]),
        ("Renamed", ["old", "new"], [[f"``{r.old_name}``", f"``{r.name}``"] for r in diff.renamed]),
        (
            "Changed",
            ["option", "what", "sub-options added", "sub-options removed"],
            [[f"``{c.name}``", _rst_cell(", ".join(c.changes)), _rst_cell(", ".join(c.suboptions_added)), _rst_cell(", ".join(c.suboptions_removed))]
             for c in diff.changed],
        ),
        ("Newly deprecated", ["option", "evidence"], [[f"``{d.name}``", _rst_cell(d.evidence)] for d in diff.deprecated]),
    ]
    return [(heading, header, rows) for heading, header, rows in tables if rows]


def rst(diff: OptionDiff) -> str:
    title = f"Command-line changes: {diff.old} to {diff.new}"
    out = [title, "=" * len(title), ""]
    for heading, header, rows in rst_tables(diff):
        out.extend([heading, "-" * len(heading), "", ".. list-table::", "   :header-rows: 1", ""])
        for row in [header] + rows:
            out.append("   * - " + row[0])
            out.extend("     - " + (cell or "..") for cell in row[1:])
        out.append("")
    if diff.empty:
        out.append("No changes.")
    return "\n".join(out).rstrip() + "\n"


FORMATS = {"text": text, "json": as_json, "markdown": markdown, "rst": rst}
