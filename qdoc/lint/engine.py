"""Running the checks over a project and filtering what they find."""

from __future__ import annotations

from ..model import OptionSet
from .checks import FAMILY_MODULES
from .findings import Finding, severity_rank
from ..project import Project, ReleaseSources, SourceFile
from .rules import selected
from .suppress import apply_inline


assert FAMILY_MODULES  # importing them registered the rules


def run(project: Project, select=None, ignore=None, severity: str = "warning") -> list[Finding]:
    """Every finding of the selected rules at or above ``severity``, sorted, inline suppressions applied."""
    rules = selected(select, ignore)
    findings: list[Finding] = []
    for release in project.releases:
        for rule in rules:
            findings.extend(rule.check(release, project))
    threshold = severity_rank(severity)
    findings = [f for f in findings if severity_rank(f.severity) >= threshold]
    texts = {f.path: f.text for r in project.releases for f in r.files}
    unique = sorted(set(findings), key=Finding.sort_key)
    return apply_inline(unique, texts)


def lint_option_set(option_set: OptionSet, *, select=None, ignore=None, severity: str = "info", text: str = "") -> list[Finding]:
    """Lint one already-read option set on its own (used by the Sphinx extension).

    Checks that need other sources (binary, deprecation lists, other
    releases) find nothing to compare and stay silent.
    """
    release = ReleaseSources(option_set.release, [SourceFile(option_set.source.path, text, option_set)])
    return run(Project([release]), select, ignore, severity)
