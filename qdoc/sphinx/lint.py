"""Lint findings and reader diagnostics as Sphinx warnings.

Each finding is a warning of type ``qdoc`` with the check's code as subtype
(``qdoc.QD101``), placed at the source file and line the finding names, so
``suppress_warnings = ["qdoc.QD101"]`` silences one check and
``sphinx-build -W --keep-going`` fails on any other.  Config values:
``qdoc_lint`` (on/off), ``qdoc_select`` and ``qdoc_ignore`` (lists of codes,
as ``qdoc lint --select/--ignore``), ``qdoc_binary`` (a QEMU binary for the
checks that compare with ``-help``), ``qdoc_baseline`` (a baseline file as
``qdoc lint --baseline`` writes it, relative to conf.py's folder: the
findings it records are not reported, so a project adopts qdoc with today's
findings and ``-W`` fails only on new ones).

``qdoc_binary`` is probed once per build process; when it cannot be probed,
one warning (``qdoc.binary``) says why, so ``-W`` fails the build rather
than silently linting without it.  A file is linted once per build and
process however many pages render it.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import replace

from sphinx.util import logging

from ..lint.suppress import BaselineError, apply_baseline, read_baseline
from ..model import OptionSet
from ..source import InputError, ToolError, read_text

logger = logging.getLogger(__name__)

#: Per build environment (one per Sphinx application, dropped with it): the
#: files, with their modification time, already reported in that build.
_reported: "weakref.WeakKeyDictionary[object, set[tuple[str, int]]]" = weakref.WeakKeyDictionary()


def _where(location) -> str | None:
    if location is None:
        return None
    return f"{location.path}:{location.line}"


#: The attribute of the build environment holding the warnings of this read, until :func:`flush_warnings`.
_PENDING = "qdoc_pending_warnings"


def _warn(env, message: str, code: str, location=None) -> None:
    """A ``qdoc.CODE`` warning, held in ``env`` and given once the build has read every page.

    With ``-j N`` the pages that render one .hx may be read by different
    processes, each of which lints the file: holding the warnings in the
    environment lets Sphinx merge them (:func:`merge_warnings`) and
    :func:`flush_warnings` give each once, as a serial build does.
    """
    if not getattr(env.config, "show_warning_types", False):  # Sphinx < 7.3 has no such value
        message = f"{message} [{code}]"
    pending = getattr(env, _PENDING, None)
    if pending is None:
        pending = []
        setattr(env, _PENDING, pending)
    pending.append((message, code, _where(location), getattr(location, "column", None)))  # two on a line stay two


def merge_warnings(app, env, docnames, other) -> None:
    """At ``env-merge-info`` (``-j N``): a reading process's held warnings join the main environment's."""
    theirs = getattr(other, _PENDING, None)
    if theirs:
        mine = getattr(env, _PENDING, None)
        setattr(env, _PENDING, (mine or []) + theirs)


def flush_warnings(app, env) -> list:
    """At ``env-updated``: give the held warnings, each once and in the order they came, then forget them."""
    pending = getattr(env, _PENDING, None) or []
    setattr(env, _PENDING, [])
    for message, code, where, _column in dict.fromkeys(pending):
        logger.warning("%s", message, type="qdoc", subtype=code, location=where)
    return []


def _once(env, key: str) -> bool:
    """Whether file ``key`` is yet to be reported in the build ``env`` belongs to (and note it is now)."""
    try:
        mtime = os.stat(key).st_mtime_ns
    except OSError:
        mtime = 0
    reported = _reported.setdefault(env, set())
    if (key, mtime) in reported:
        return False
    reported.add((key, mtime))
    return True


def report_findings(env, option_set: OptionSet, shown: str) -> None:
    """Warn about ``option_set``'s reader diagnostics and lint findings (once per build)."""
    config = env.config
    if not _once(env, shown):
        return
    for diagnostic in option_set.diagnostics:
        # With lint on, reader warnings arrive as lint findings (QD001, QD101...):
        # report them once, under the rule's code.
        if diagnostic.severity == "error":
            _warn(env, diagnostic.message, diagnostic.code, diagnostic.location)
    if not config.qdoc_lint:
        return
    from ..lint.engine import lint_option_set  # the checks load only for builds that lint

    # Information (documented for other targets only, ...) is not a warning:
    # -W must not fail a build on it.  qdoc_severity = "info" shows it too.
    try:
        # Checks that point at exact columns (leaked markup) scan the text.
        text = read_text(option_set.source.path)
    except InputError:
        text = ""
    findings = lint_option_set(
        option_set, select=config.qdoc_select or None, ignore=config.qdoc_ignore or None,
        severity=config.qdoc_severity, text=text, binary=_probed(env, config.qdoc_binary),
    )
    for finding in _not_in_baseline(env, findings):
        _warn(env, finding.message, finding.code, finding.location)


def settle_baseline(app, config) -> None:
    """At ``config-inited``: ``qdoc_baseline`` made absolute, relative to the configuration folder."""
    if config.qdoc_baseline:
        config.qdoc_baseline = os.path.abspath(os.path.join(str(app.confdir), config.qdoc_baseline))


def _not_in_baseline(env, findings: list) -> list:
    """The findings ``qdoc_baseline`` does not record, by ``qdoc lint``'s own rule (:func:`apply_baseline`).

    A recorded finding is matched by code, message and file, not line
    (:mod:`qdoc.lint.suppress`).  ``qdoc lint`` records files as its command
    line named them, relative to where it ran: the QEMU tree
    (``hxtool_srctree``), the baseline's folder, or the current one; both
    sides are compared as real paths.  A baseline that is missing or not
    one is a ``qdoc.baseline`` warning, and nothing is filtered: -W fails
    rather than hiding or losing findings.
    """
    path = env.config.qdoc_baseline
    if not path or not findings:
        return findings
    env.note_dependency(path)  # a new baseline re-reads the pages it filters
    try:
        if not os.path.isfile(path):
            raise BaselineError(f"{path}: no such file; record one with qdoc lint --baseline (see README)")
        recorded = read_baseline(path)
    except BaselineError as exc:
        if _once(env, f"<baseline {path}>"):
            _warn(env, f"qdoc: qdoc_baseline {exc}", "baseline")
        return findings
    bases = [os.path.dirname(path), env.config.hxtool_srctree, os.getcwd()]
    entries = [{**entry, "key": (entry["key"][0], _recorded_file(entry["key"][1], bases), entry["key"][2])} for entry in recorded]
    compared = [replace(f, location=replace(f.location, path=os.path.realpath(f.location.path))) if f.location else f
                for f in findings]
    kept = {id(f) for f in apply_baseline(compared, entries)}
    return [finding for finding, seen in zip(findings, compared) if id(seen) in kept]


def _recorded_file(recorded: str, bases: list[str]) -> str:
    """The real path of a file a baseline names: the first of ``bases`` it exists under ("" stays "")."""
    if not recorded or recorded == ".":
        return recorded
    candidates = [os.path.realpath(os.path.join(base, recorded)) for base in bases if base]
    return next((c for c in candidates if os.path.isfile(c)), candidates[0] if candidates else recorded)


_probes: dict[tuple[str, int], OptionSet | ToolError] = {}


def _probed(env, binary: str) -> OptionSet | None:
    """``qdoc_binary``'s model, probed once per process; None (and one warning) when it cannot be."""
    if not binary:
        return None
    try:
        key = (binary, os.stat(binary).st_mtime_ns)
    except OSError:
        key = (binary, 0)
    if key not in _probes:
        from ..probe import probe

        try:
            _probes[key] = probe(binary)
        except ToolError as exc:
            _probes[key] = exc
    result = _probes[key]
    if isinstance(result, ToolError):
        if _once(env, f"<binary {binary}>"):
            _warn(env, f"qdoc: qdoc_binary {binary} cannot be probed, so nothing was checked against it: {result}", "binary")
        return None
    return result
