"""Lint findings and reader diagnostics as Sphinx warnings.

Each finding is a warning of type ``qdoc`` with the check's code as subtype
(``qdoc.QD101``), placed at the source file and line the finding names, so
``suppress_warnings = ["qdoc.QD101"]`` silences one check and
``sphinx-build -W --keep-going`` fails on any other.  Config values:
``qdoc_lint`` (on/off), ``qdoc_select`` and ``qdoc_ignore`` (lists of codes,
as ``qdoc lint --select/--ignore``), ``qdoc_binary`` (a QEMU binary for the
checks that compare with ``-help``).

The checks live in :mod:`qdoc.lint`; when this version of qdoc has none, one
warning (``qdoc.lint-unavailable``) says so instead of silently passing.
A file is linted once per build and process however many pages render it.
"""

from __future__ import annotations

import importlib
import inspect
import os

from sphinx.util import logging

from ..model import OptionSet
from ..source import InputError, read_text

logger = logging.getLogger(__name__)

_reported: set[tuple[int, str, int]] = set()


def lint_function():
    """``qdoc.lint.lint_option_set``, or None when this qdoc has no lint module."""
    try:
        module = importlib.import_module("qdoc.lint")
    except ImportError:
        return None
    return getattr(module, "lint_option_set", None)


def _where(location) -> str | None:
    if location is None:
        return None
    return f"{location.path}:{location.line}"


def _once(env, key: str) -> bool:
    try:
        mtime = os.stat(key).st_mtime_ns
    except OSError:
        mtime = 0
    token = (id(env.app), key, mtime)
    if token in _reported:
        return False
    _reported.add(token)
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
            logger.warning("%s [%s]", diagnostic.message, diagnostic.code, type="qdoc", subtype=diagnostic.code,
                           location=_where(diagnostic.location))
    if not config.qdoc_lint:
        return
    lint = lint_function()
    if lint is None:
        if _once(env, "<lint-unavailable>"):
            logger.warning("qdoc: linting is unavailable in this version of qdoc (no qdoc.lint.lint_option_set); "
                           "set qdoc_lint = False to build without it", type="qdoc", subtype="lint-unavailable")
        return
    # Information (documented for other targets only, ...) is not a warning:
    # -W must not fail a build on it.  qdoc_severity = "info" shows it too.
    options = {"select": config.qdoc_select or None, "ignore": config.qdoc_ignore or None, "severity": config.qdoc_severity}
    if config.qdoc_binary and "binary" in inspect.signature(lint).parameters:
        options["binary"] = config.qdoc_binary
    if "text" in inspect.signature(lint).parameters:
        # Checks that point at exact columns (leaked markup) scan the text.
        try:
            options["text"] = read_text(option_set.source.path)
        except InputError:
            pass
    for finding in lint(option_set, **options):
        logger.warning("%s [%s]", finding.message, finding.code, type="qdoc", subtype=finding.code,
                       location=_where(finding.location))
