"""Subcommands of the ``qdoc`` command line, one module each.

A command module defines ``register(subparsers)``, which adds its parser and
sets ``handler`` (a function of the parsed arguments returning the exit
status).  :data:`COMMANDS` is the order they appear in ``qdoc --help``;
modules not present in this version are left out, so a new command touches
no other file but this list.
"""

from __future__ import annotations

import sys

from ..model import Diagnostic

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

COMMANDS = ("parse", "build", "lint", "rules", "diff", "history", "convert", "man", "probe")


def print_diagnostic(diagnostic: Diagnostic, stream=None) -> None:
    """``path:line[:col]: [severity: ]message [code]`` on stderr (errors carry no label)."""
    stream = stream or sys.stderr
    where = f"{diagnostic.location.path}:{diagnostic.location.line}" if diagnostic.location else "qdoc"
    if diagnostic.location and diagnostic.location.column:
        where += f":{diagnostic.location.column}"
    label = "" if diagnostic.severity == "error" else f"{diagnostic.severity}: "
    print(f"{where}: {label}{diagnostic.message} [{diagnostic.code}]", file=stream)


def report_errors(errors: list[Diagnostic], consequence: str, *, source: str | None = None, kind: str = "error") -> bool:
    """Print ``errors`` and what they prevented (``qdoc: [SOURCE: ]N error(s); CONSEQUENCE``); True if any."""
    if not errors:
        return False
    for diagnostic in errors:
        print_diagnostic(diagnostic)
    where = f"{source}: " if source else ""
    print(f"qdoc: {where}{len(errors)} {kind}(s); {consequence}", file=sys.stderr)
    return True


def report_diagnostics(diagnostics: list[Diagnostic], source: str, quiet: bool) -> bool:
    """Print what a reader found; True when there were errors (then nothing may be written).

    After an error only the errors are shown: the warnings that follow are
    often its consequences, and the cause is what needs fixing.
    """
    if report_errors([d for d in diagnostics if d.severity == "error"], "no output written", source=source):
        return True
    if not quiet:
        for diagnostic in diagnostics:
            print_diagnostic(diagnostic)
    return False


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to standard output."""
    if output:
        from ..atomic import write_text

        write_text(output, text)
    else:
        sys.stdout.write(text)
