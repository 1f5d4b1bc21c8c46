"""``.. qemu:deprecations:: PATH...`` and ``.. qemu:option-diff:: OLD NEW``: tables from models.

The deprecation table joins what the sources say: deprecation records of
deprecated.rst and the deprecation sentences of option descriptions (.hx...).
The option diff is :mod:`qdoc.diff`'s, in the tables ``qdoc diff --format
rst`` writes (:func:`qdoc.reports.diff.rst_tables`), each under a rubric.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..model import OptionSet
from .sources import option_set, resolve


def table(headers: list[str], rows: list[list[str]], inline=None) -> nodes.table:
    """A plain docutils table (every builder renders these).

    ``inline`` turns a body cell's rST text into nodes (the directive's
    ``state.inline_text``), so a replacement written as ````-machine
    hpet=off```` renders as a literal, not with its backquotes.
    """
    group = nodes.tgroup(cols=len(headers))
    group.extend(nodes.colspec(colwidth=1) for _ in headers)

    def cell(text: str, parse: bool) -> nodes.entry:
        if parse and inline is not None and text:
            return nodes.entry("", nodes.paragraph(text, "", *inline(text)))
        return nodes.entry("", nodes.paragraph(text, text))

    def row(cells: list[str], parse: bool) -> nodes.row:
        return nodes.row("", *(cell(c, parse) for c in cells))

    group += nodes.thead("", row(headers, False))
    group += nodes.tbody("", *(row(r, True) for r in rows))
    return nodes.table("", group)


def _literal(name: str) -> str:
    return f"``{name}``" if name else name


def deprecation_rows(sets: list[OptionSet]) -> list[list[str]]:
    """Option, since, replacement, removal due: one row per deprecated option or record."""
    rows: dict[str, list[str]] = {}
    for model in sets:
        for record in model.deprecations:
            for target in record.targets or []:
                name = f"{target.option} {target.suboption}".strip() if target.suboption else target.option
                rows[name] = [name, record.since or "", record.replacement or "", record.removed_in or ""]
        for option in model.options:
            for deprecation in option.deprecations:
                known = rows.setdefault(option.name, [option.name, "", "", option.removed or ""])
                known[1] = known[1] or deprecation.since or ""
                known[2] = known[2] or deprecation.replacement or ""
    return [rows[name] for name in sorted(rows, key=lambda n: n.lstrip("-").lower())]


class _ModelDirective(SphinxDirective):
    def _inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, self.lineno)
        return parsed + messages

    def models(self) -> list[OptionSet]:
        found = []
        for argument in self.arguments:
            path = resolve(self.env, self.env.docname, argument)
            model = option_set(self.env, self.env.docname, path, self.get_location())
            if model is not None:
                found.append(model)
        return found


class QemuDeprecationsDirective(_ModelDirective):
    """A table of deprecated options (since, replacement, removal due) from the named sources."""

    required_arguments = 1
    optional_arguments = 20
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [[_literal(r[0])] + r[1:] for r in deprecation_rows(self.models())]
        return [table(["Option", "Deprecated since", "Replacement", "Removal due"], rows, self._inline)]


class QemuOptionDiffDirective(_ModelDirective):
    """The change between two releases' option sets: removed, added, renamed, changed, newly deprecated."""

    required_arguments = 2
    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..diff import diff_option_sets
        from ..reports.diff import rst_tables

        models = self.models()
        if len(models) != 2:
            return []  # an unreadable source was reported where it was read
        diff = diff_option_sets(*models)
        result: list[nodes.Node] = []
        for heading, header, rows in rst_tables(diff):
            result.append(nodes.rubric(heading, heading))
            result.append(table([h.capitalize() for h in header], rows, self._inline))
        return result or [nodes.paragraph(text=f"No command-line changes from {diff.old} to {diff.new}.")]
