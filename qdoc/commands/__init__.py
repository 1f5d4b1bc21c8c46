"""Subcommands of the ``qdoc`` command line, one module each.

A command module defines ``register(subparsers)``, which adds its parser and
sets ``handler`` (a function of the parsed arguments returning the exit
status).  :data:`COMMANDS` is the order they appear in ``qdoc --help``;
modules not present in this version are left out, so a new command touches
no other file but this list.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterable

from ..model import Diagnostic

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
#: ``--keep-going`` past input errors: the output is written, but it is not the whole input's.
EXIT_KEPT_GOING = 1

#: The ``-o FILE`` of every command that writes one file.
OUTPUT_HELP = (
    "write there instead of standard output: - is standard output, a device or FIFO is written to, "
    "a symlink is written through, a file is replaced whole keeping its mode; never one of the inputs"
)

#: The ``--root DIR`` of every command that reads files.
ROOT_HELP = (
    "the source root: included files (texinfo @include, man .so, rST include, hxtool-doc) are read only "
    "from inside DIR, symbolic links resolved (default: the folder named, or a file's own folder)"
)


#: The ``--keep-going`` of the commands that read documentation (parse, lint, diff, convert).
KEEP_GOING_HELP = (
    "go on past input errors, as sphinx-build and make do: report each (a missing @include, an unclosed block, "
    "an unreadable file in a tree) at its line, read what can be read, write the output with what could not be "
    "read marked, and exit with status 1 (without it: exit 2 and no output)"
)


def add_keep_going_option(parser) -> None:
    """``--keep-going``: a manual missing its generated ``@include``s still gives what it has."""
    parser.add_argument("--keep-going", action="store_true", help=KEEP_GOING_HELP)


def _folder(value: str) -> str:
    """An existing folder, or a usage error: a mistyped root would turn every include into an error of its own."""
    if not os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"{value}: not a folder" if os.path.exists(value) else f"{value}: no such folder")
    return value


def add_root_option(parser) -> None:
    """``--root DIR``: the one source root of the run (see :class:`qdoc.source.SourceRoot`)."""
    parser.add_argument("--root", metavar="DIR", type=_folder, help=ROOT_HELP)


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


def report_diagnostics(diagnostics: list[Diagnostic], source: str, quiet: bool, keep_going: bool = False) -> bool:
    """Print what a reader found; True when there were errors (then nothing may be written).

    After an error only the errors are shown: the warnings that follow are
    often its consequences, and the cause is what needs fixing.  With
    ``keep_going`` the errors are shown with the rest (``quiet`` hides only
    warnings) and the command goes on: it writes what was read and exits
    with :data:`EXIT_KEPT_GOING` (:func:`status_after`).
    """
    errors = [d for d in diagnostics if d.severity == "error"]
    if not keep_going:
        if report_errors(errors, "no output written", source=source):
            return True
    for diagnostic in diagnostics:
        if not quiet or diagnostic.severity == "error":
            print_diagnostic(diagnostic)
    if errors:
        print(f"qdoc: {source}: {len(errors)} error(s); kept going (--keep-going): what could be read is written", file=sys.stderr)
    return False


def status_after(errors: list[Diagnostic], findings: bool = False) -> int:
    """The exit status of a command that wrote its output: 1 past input errors (``--keep-going``) or with findings."""
    if errors:
        return EXIT_KEPT_GOING
    return EXIT_FINDINGS if findings else EXIT_OK


def emit(text: str, output: str | None, inputs: Iterable[str] = ()) -> None:
    """Write ``text`` to standard output, or to ``output`` by :func:`qdoc.outputs.write_file`'s rules.

    ``inputs`` are the files the command read: ``-o`` onto one of them is
    refused (:class:`~qdoc.outputs.UnsafeOutput`), as is any output
    that could lose data.  ``-o -`` is standard output.
    """
    if output:
        from ..outputs import write_file

        write_file(output, text, inputs)
    else:
        sys.stdout.write(text)
