"""``qdoc build``: everything qdoc can say about a documentation tree, in one folder.

For a source tree (``source_docs/`` by default) the build writes:

- ``json/<path>.json``: the model of every file a reader exists for;
- ``summary.txt`` / ``summary.json``: options, documented, deprecated and
  warnings per file, and the files skipped (never ignored silently);
- ``lint.txt`` / ``lint.sarif``: the lint findings, those of ``qdoc lint``
  on the same tree (the files it lints are :mod:`qdoc.discovery`'s to say,
  the configuration it lints with :func:`qdoc.lint.config.discover`'s);
- ``diff/<old>-<new>.md`` / ``.txt``: what changed between consecutive
  releases found in the tree, ready for release notes;
- ``history.html`` / ``history.csv`` when the tree holds several releases;
- ``html/`` and ``man/`` when the tree is a Sphinx project (it has a
  ``conf.py``): the docs built with Sphinx and ``qdoc.sphinx``, and
  ``sphinx-warnings.txt``.

Nothing is written when an input cannot be read: every error is reported
and the previous output stays.  The output is assembled in a staging
folder beside it and swapped in at the end, so a failed or interrupted
build never leaves a half-written ``build/``.  The output folder is qdoc's
to replace only if it is new, empty or holds nothing but what a previous
build wrote (:class:`qdoc.outputs.ReplacedFolder`), and never the sources.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from dataclasses import dataclass, field

from . import readers
from .diff import diff_releases
from .discovery import documentation_files, outside_root, tree_files
from .history import build_history
from .lint import output as lint_output
from .lint.config import LintSettings
from .lint.engine import run_with
from .lint.findings import Finding
from .lint.suppress import BaselineError, apply_baseline_file
from .model import Diagnostic, Location, OptionSet, distinct
from .outputs import ReplacedFolder, paths_read, replace_file
from .project import Project, SourceFile, load_file, option_set_of
from .reports import diff as diff_reports
from .reports import history as history_reports
from .source import InputError, SourceRoot, read_text


def write_text(path: str, text: str) -> None:
    """One file of the staging folder (UTF-8)."""
    replace_file(path, text.encode("utf-8"))


@dataclass
class BuildResult:
    """What a build read, skipped and reported, and the files it wrote."""

    sets: list[tuple[str, OptionSet]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    findings: int = 0
    sphinx: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


#: In a Sphinx project these are its sources, not documentation to model.
_SPHINX_SOURCES = (".rst", ".py", ".md", ".txt")


def _read(source: str, documentation: set[str], result: BuildResult, release: str | None, root: str | None = None) -> list[SourceFile]:
    """Model every file of the tree (see :mod:`qdoc.discovery`); what cannot be modelled is listed as skipped.

    In a Sphinx project the pages are left to Sphinx, except the
    ``documentation`` files that lint reads (``deprecated.rst``...).
    ``release`` is for files that name none, as ``qdoc lint --release`` gives it.
    What files include is read from inside ``root`` (``--root``), else ``source``.
    """
    sphinx_project = os.path.isfile(os.path.join(source, "conf.py"))
    source_root = SourceRoot(root or source) if os.path.isdir(source) else None  # a file named is read
    files = []
    for path in tree_files(source):
        relative = os.path.relpath(path, source) if os.path.isdir(source) else os.path.basename(path)
        refused = outside_root(path, source_root) if source_root else None
        if refused:
            result.skipped.append((relative, refused))
            continue
        if sphinx_project and relative.endswith(_SPHINX_SOURCES) and path not in documentation:
            result.skipped.append((relative, "Sphinx source (built into html/ and man/)"))
            continue
        try:
            text = read_text(path)
        except InputError as exc:
            result.errors.append(exc.diagnostic)
            continue
        fmt = readers.detect_format(path, text)
        if fmt is None:
            result.skipped.append((relative, "not a documentation format qdoc knows"))
            continue
        if readers.reader_for(fmt) is None:
            result.skipped.append((relative, f"no {fmt} reader in this version"))
            continue
        model = load_file(path, release, fmt=fmt, root=root or source)
        result.errors.extend(model.option_set.errors)
        result.sets.append((relative, model.option_set))
        files.append(model)
    return files


def _linted(files: list[SourceFile], documentation: set[str]) -> Project:
    """The project ``qdoc lint`` makes of the same tree: its files, as this build read them.

    A build models every page of a manual, but the checks are written for
    the files that document the command line (:func:`~qdoc.discovery.documentation_files`).
    """
    return Project.from_files([f for f in files if f.path in documentation])


def _lint(project: Project, config: LintSettings, result: BuildResult) -> list[Finding]:
    """The findings ``qdoc lint`` reports for ``project`` with the same settings.

    A configured baseline that exists is applied (one that cannot be read
    is an error of the build, like any input); one that does not exist is
    not recorded: recording today's findings is a decision ``qdoc lint``
    makes (it writes the file and reports nothing), and a build writes only
    to its output folder, so until then lint.txt lists every finding.
    """
    findings = run_with(project, config)
    try:
        return apply_baseline_file(findings, config.baseline)
    except BaselineError as exc:
        message = str(exc).removeprefix(f"{config.baseline}: ")
        result.errors.append(Diagnostic("error", "lint-baseline", f"unreadable baseline: {message}", Location(config.baseline, 0)))
        return findings


def _sphinx(source: str, staging: str, result: BuildResult, root: str) -> None:
    """Build the HTML and man pages of a Sphinx project; warnings are kept in a file.

    The build reads files from inside ``root`` only (``qdoc_source_root`` of :mod:`qdoc.sphinx.confine`).
    A page Sphinx cannot read is an error at that page (:mod:`qdoc.sphinx.project_build`).
    """
    from .sphinx.project_build import build_project

    warnings = []
    for builder in ("html", "man"):
        log = io.StringIO()
        doctrees = os.path.join(staging, ".doctrees")
        try:
            status = build_project(source, builder, os.path.join(staging, builder), doctrees,
                                   overrides={"qdoc_source_root": os.path.abspath(root)}, log=log)
        except InputError as exc:  # Sphinx stopped: at the page that made it stop
            result.errors.append(exc.diagnostic)
            return
        warnings.append(log.getvalue())
        if status != 0:
            message = f"sphinx-build -b {builder} failed: " + (log.getvalue().strip().splitlines() or ["?"])[-1]
            result.errors.append(Diagnostic("error", "build-sphinx", message, Location(os.path.join(source, "conf.py"), 1)))
            return
    shutil.rmtree(os.path.join(staging, ".doctrees"), ignore_errors=True)
    write_text(os.path.join(staging, "sphinx-warnings.txt"), "".join(warnings))
    result.sphinx = True


def build(source: str, output: str, lint: LintSettings, sphinx: bool = True, root: str | None = None) -> BuildResult:
    """Read ``source`` and, when everything was readable, replace ``output``.

    ``lint`` is what to lint with: the tree's configuration, as ``qdoc lint
    SOURCE`` finds it (:func:`~qdoc.lint.config.settings`), read by the
    caller so that a bad one is reported before anything is read.
    ``sphinx`` allows building the tree's Sphinx project, which runs its
    ``conf.py`` as sphinx-build would: turn it off for trees you do not
    trust.  qdoc's readers themselves never execute anything from the docs.
    """
    folder = ReplacedFolder(output, sources=[source])  # refused before anything is read
    result = BuildResult()
    documentation = set(documentation_files(source))
    files = _read(source, documentation, result, lint.release, root)
    result.errors = distinct(result.errors)  # an @include'd file's problems are also its own
    if result.errors:
        return result
    with folder.staging() as staging:
        _write_all(source, staging, files, _linted(files, documentation), result, sphinx, lint, root or source)
        result.errors = distinct(result.errors)
        if result.errors:
            return result
        read = [lint.baseline] if lint.baseline and os.path.exists(lint.baseline) else []
        result.written = folder.commit(staging, inputs=[*read, *paths_read(*(f.option_set for f in files))])
    return result


def _write_all(
    source: str,
    staging: str,
    files: list[SourceFile],
    linted: Project,
    result: BuildResult,
    sphinx: bool,
    config: LintSettings,
    root: str,
) -> None:
    for relative, option_set in result.sets:
        write_text(os.path.join(staging, "json", relative + ".json"), option_set.to_json())
    summary = summarise(result)
    findings = _lint(linted, config, result)
    result.findings = len(findings)
    write_text(os.path.join(staging, "lint.txt"), lint_output.text(findings) or "no findings\n")
    write_text(os.path.join(staging, "lint.sarif"), lint_output.sarif(findings))
    modelled = Project.from_files(files)
    releases = [r for r in modelled.releases if option_set_of(r) is not None and r.release]
    for old, new in zip(releases, releases[1:]):
        diff = diff_releases(old, new)
        base = os.path.join(staging, "diff", f"{old.release}-{new.release}")
        write_text(base + ".md", diff_reports.markdown(diff))
        write_text(base + ".txt", diff_reports.text(diff))
    if len(releases) > 1:
        history = build_history(releases)
        write_text(os.path.join(staging, "history.html"), history_reports.as_html(history))
        write_text(os.path.join(staging, "history.csv"), history_reports.as_csv(history))
    if sphinx and os.path.isdir(source) and os.path.isfile(os.path.join(source, "conf.py")):
        _sphinx(source, staging, result, root)
    summary["lint_findings"] = result.findings
    write_text(os.path.join(staging, "summary.json"), json.dumps(summary, indent=1, sort_keys=True) + "\n")
    write_text(os.path.join(staging, "summary.txt"), summary_text(summary))


def summarise(result: BuildResult) -> dict:
    """Counts per source: what a maintainer checks first after a build."""
    sources = []
    for relative, option_set in result.sets:
        counts: dict[str, int] = {}
        for diagnostic in option_set.diagnostics:
            counts[diagnostic.severity] = counts.get(diagnostic.severity, 0) + 1
        sources.append(
            {
                "path": relative,
                "format": option_set.source.format,
                "program": option_set.program,
                "release": option_set.release,
                "options": len(option_set.options),
                "documented": sum(1 for o in option_set.options if o.documented),
                "deprecated": sum(1 for o in option_set.options if o.deprecations),
                "sections": len(option_set.sections),
                "diagnostics": counts,
            }
        )
    return {
        "sources": sources,
        "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
    }


def summary_text(summary: dict) -> str:
    lines = [f"{'source':40} {'program':12} {'release':10} {'options':>7} {'documented':>10} {'deprecated':>10} {'warnings':>8}"]
    for s in summary["sources"]:
        lines.append(
            f"{s['path']:40} {s['program']:12} {s['release'] or '-':10} {s['options']:7} {s['documented']:10}"
            f" {s['deprecated']:10} {s['diagnostics'].get('warning', 0):8}"
        )
    for s in summary["skipped"]:
        lines.append(f"skipped {s['path']}: {s['reason']}")
    if "lint_findings" in summary:
        lines.append(f"lint: {summary['lint_findings']} finding(s), see lint.txt")
    return "\n".join(lines) + "\n"
