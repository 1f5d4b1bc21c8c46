"""The ``qdoc`` command line: argument parsing, dispatch, and the no-traceback promise.

Exit status, as with ruff and flake8: 0 success, 1 findings, 2 usage or input
error.  Input errors are printed as ``path:line: message`` on stderr, never
as a Python traceback; no output file is written for input that could not be
read completely, unless the user asks to go on past the errors with
``--keep-going`` (parse, lint, diff, convert: what could be read is written,
exit 1).  The subcommands live in :mod:`qdoc.commands`.

SIGTERM and SIGINT become an exception (:mod:`qdoc.interrupts`), so the
``finally`` blocks that remove temporary files and staging folders run
before qdoc exits with 128 + the signal's number (143, 130).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from typing import Sequence

from . import __version__, readers
from ._gc import collector_off_until_exit
from .commands import COMMANDS, EXIT_ERROR, EXIT_OK, print_diagnostic
from .interrupts import Interrupted, signals_as_exceptions
from .outputs import UnsafeOutput
from .source import InputError, SourceRoot, ToolError, input_run

EXAMPLES = """\
examples:
  qdoc parse ../shared/corpus/qemu/7.2.0/qemu-options.hx
  qdoc parse --format table ../shared/corpus/qemu/2.12.0/qemu-options.hx
  qdoc parse ../shared/corpus/qemu/10.2.0/hmp-commands.hx -o hmp.json
  qdoc build                      # source_docs/ -> build/
  qdoc build ../shared/corpus/qemu/7.2.0 -o build/qemu-7.2
"""


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``, so only its module needs importing.

    Importing every command module costs a third of a second (probe brings
    asyncio, man brings Sphinx); ``qdoc --help`` still imports them all.
    """
    if "--version" in argv[:1]:
        return ""  # no subcommand needed
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qdoc",
        description="Read, check and convert QEMU's option documentation (.hx, texinfo, HTML, man, rST, -help).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"qdoc {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in ([only] if only else []) if only is not None else COMMANDS:
        try:
            module = importlib.import_module(f"qdoc.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"qdoc.commands.{name}":
                continue  # not in this version
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names (default: the program's own arguments) and return its exit status.

    Run as the program (no ``argv``), the command runs with the cyclic
    collector off and its objects frozen at the end
    (:func:`qdoc._gc.collector_off_until_exit`): they die with the process.
    """
    collector = collector_off_until_exit() if argv is None else contextlib.nullcontext()
    try:
        with signals_as_exceptions(), collector:
            return _main(argv)
    except Interrupted as exc:
        name = "interrupted" if exc.signum == signal.SIGINT else "terminated"
        print(f"qdoc: {name}; temporary files removed, outputs left as they were", file=sys.stderr)
        return 128 + exc.signum


#: The arguments of the commands that name what they read.
_INPUT_ARGUMENTS = ("file", "paths", "sources", "source", "old", "new")


def _named_outside_root(args) -> str | None:
    """The first input named on the command line that ``--root`` does not hold (None when all are inside)."""
    root = getattr(args, "root", None)
    if not root:
        return None
    inside = SourceRoot(root)
    for name in _INPUT_ARGUMENTS:
        value = getattr(args, name, None)
        for path in [value] if isinstance(value, str) else value or []:
            if os.path.exists(path) and not inside.contains(path):
                return path
    return None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'lint'?)`` for the choice closest to a mistyped ``word``, or ``""`` when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown_command(argv: Sequence[str]) -> str | None:
    """The first word of ``argv`` when it is no subcommand (``qdoc lnt``), for a message before argparse's."""
    for arg in argv:
        if arg.startswith("-"):
            return None  # an option first (--version, --help): argparse's to judge
        return None if arg in COMMANDS else arg
    return None


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    unknown = _unknown_command(argv)
    if unknown is not None:
        print(f"qdoc: unknown command {unknown!r}{did_you_mean(unknown, COMMANDS)}; see qdoc --help", file=sys.stderr)
        return EXIT_ERROR
    parser = _parser(_chosen_command(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    outside = _named_outside_root(args)
    if outside:
        parser.error(f"{outside} is not inside --root {args.root}: the root holds what the command reads")
    try:
        with input_run():  # one input budget for everything the command reads through includes
            return args.handler(args)
    except UnsafeOutput as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except InputError as exc:
        print_diagnostic(exc.diagnostic)
        return EXIT_ERROR
    except (ToolError, readers.UnsupportedFormat) as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("qdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `qdoc parse ... | head`: the reader went away; not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""  # a write to a full stdout names no file
        print(f"qdoc: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        print("qdoc: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks
        if os.environ.get("QDOC_DEBUG"):
            raise
        print(f"qdoc: internal error: {type(exc).__name__}: {exc} (set QDOC_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
