"""Running the checks over a project and filtering what they find."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .. import versions
from ..model import OptionSet
from . import inputs
from .checks import FAMILY_MODULES
from .copies import point_copies_at_sources, source_codes
from .findings import Finding, severity_rank
from ..project import Project, ReleaseSources, SourceFile, group_releases
from .rules import RULES, matches, selected
from .suppress import apply_inline

if TYPE_CHECKING:  # settings are made by the CLI; the Sphinx extension passes none
    from .config import LintSettings


assert FAMILY_MODULES and inputs  # importing them registered the rules


def run(project: Project, select=None, ignore=None, severity: str = "warning") -> list[Finding]:
    """Every finding of the selected rules at or above ``severity``, sorted, inline suppressions applied.

    A finding in a release's rendered copy (HTML, man, -help) that repeats
    a defect lint found at that release's source is information pointing
    at it (:mod:`qdoc.lint.copies`): the rules a copy's findings are
    matched against run even when not selected, and only the selected
    ones' findings are reported.  Input errors (QD000) are reported
    whatever is selected, unless ``ignore`` names them: a report must not
    look clean for input it never read.
    """
    threshold = severity_rank(severity)
    # A rule reports at most its own severity (Rule.finding), so a rule
    # below the threshold could only find what would be filtered out:
    # QD106 (information) is not run for a build that warns.
    rules = [r for r in selected(select, ignore) if severity_rank(r.severity) >= threshold]
    if inputs.input_error.rule not in rules and not matches(inputs.input_error.rule, ignore or ()):
        rules.append(inputs.input_error.rule)  # what was not linted is always said, as ruff's E902, unless ignored
    wanted = {r.code for r in rules}
    needed = source_codes(wanted)
    runs = rules + [RULES[code] for code in sorted(needed - wanted) if code in RULES]
    findings: list[Finding] = []
    for release in project.releases:
        found: list[Finding] = []
        for rule in runs:
            found.extend(rule.check(release, project))
        findings.extend(point_copies_at_sources(found, release))
    findings = [f for f in findings if f.code in wanted and severity_rank(f.severity) >= threshold]
    texts = {f.path: f.text for r in project.releases for f in r.files}
    unique = sorted(set(findings), key=Finding.sort_key)
    return apply_inline(unique, texts)


def run_with(project: Project, settings: LintSettings) -> list[Finding]:
    """:func:`run` as ``qdoc lint`` and ``qdoc build`` run it: a release's outputs with its sources, and the probed binary, when one is configured.

    Outputs that name no release, or a stable point release, are grouped
    with the sources of their release (:func:`~qdoc.project.group_releases`;
    ``project.notes`` says how).
    """
    group_releases(project)
    if settings.binary:
        add_binary(project, settings.binary, settings.release)
    return run(project, settings.select, settings.ignore, settings.severity)


def add_binary(project: Project, binary: str, release: str | None = None) -> None:
    """Probe the qemu-system ``binary`` (it is run, under a time limit) and add its -help to ``project``.

    Raises :class:`qdoc.probe.ProbeError` when the binary cannot be probed.
    """
    from ..probe import probe

    join_binary(project, probe(binary), release)


def join_binary(project: Project, binary_set: OptionSet, release: str | None = None) -> None:
    """Add a probed binary's model to ``project``.

    It joins the release it belongs with (see :func:`release_for_binary`),
    else a release of its own; ``release`` is the one the user named.  The
    model is copied, not changed: the Sphinx extension probes a binary once
    and lints every page against it.
    """
    target = release_for_binary(project, binary_set.release, release)
    if target is None:
        target = ReleaseSources(binary_set.release)
        project.releases.append(target)
    joined = dataclasses.replace(binary_set, release=target.release)
    target.files.append(SourceFile(binary_set.source.path, "", joined))


def release_for_binary(project: Project, version: str | None, given: str | None) -> ReleaseSources | None:
    """The release a probed binary belongs with.

    The only release read; else the one ``--release`` names; else the one of
    the same feature release (Debian's 7.2.22 is QEMU 7.2).
    """
    if len(project.releases) == 1:
        return project.releases[0]
    for wanted in (given, version):
        if wanted:
            for candidate in project.releases:
                if candidate.release == wanted:
                    return candidate
    parsed = versions.parse(version)
    for candidate in project.releases:
        other = versions.parse(candidate.release)
        if parsed and other and parsed[:2] == other[:2]:
            return candidate
    return None


def lint_option_set(
    option_set: OptionSet, *, select=None, ignore=None, severity: str = "info", text: str = "", binary: OptionSet | None = None
) -> list[Finding]:
    """Lint one already-read option set on its own (used by the Sphinx extension).

    ``binary`` is a probed binary's model (:func:`qdoc.probe.probe`) for the
    checks that compare with its -help.  Checks that need other sources
    (deprecation lists, other releases) find nothing to compare and stay
    silent.
    """
    project = Project([ReleaseSources(option_set.release, [SourceFile(option_set.source.path, text, option_set)])])
    if binary is not None:
        join_binary(project, binary)
    return run(project, select, ignore, severity)
