"""The ``qdoc`` command line.

Exit status, as with ruff and flake8: 0 success, 1 findings (lint, later),
2 usage or input error.  Input errors are printed as ``path:line: message``
on stderr, never as a Python traceback; no output file is written for input
that could not be read completely.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from . import __version__, readers
from .atomic import write_text
from .build import build
from .loader import load
from .model import Diagnostic, OptionSet
from .source import InputError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

EXAMPLES = """\
examples:
  qdoc parse ../shared/corpus/qemu/7.2.0/qemu-options.hx
  qdoc parse --format table ../shared/corpus/qemu/2.12.0/qemu-options.hx
  qdoc parse ../shared/corpus/qemu/10.2.0/hmp-commands.hx -o hmp.json
  qdoc build                      # source_docs/ -> build/
  qdoc build ../shared/corpus/qemu/7.2.0 -o build/qemu-7.2
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qdoc",
        description="Read, check and convert QEMU's option documentation (.hx, texinfo, HTML, man, rST, -help).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"qdoc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="read one file into the option model and print it",
        description="Read FILE into qdoc's option model and print it as JSON or a table.",
        epilog="examples:\n  qdoc parse ../shared/corpus/qemu/7.2.0/qemu-options.hx\n"
        "  qdoc parse --format table --from hx my-options.hx\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("file", metavar="FILE")
    parse.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    parse.add_argument("--from", dest="source_format", choices=readers.FORMATS, help="input format (default: detected)")
    parse.add_argument("--release", help="release the file documents (default: from a <release>/ folder in its path)")
    parse.add_argument("--program", help="program the options belong to (default: detected)")
    parse.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of standard output")
    parse.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")

    build_cmd = commands.add_parser(
        "build",
        help="read every known file under SRC and write models and a summary",
        description="Read every documentation file qdoc knows under SRC (default: source_docs) "
        "and write their models (OUT/json/...) and a summary (OUT/summary.txt, OUT/summary.json).",
        epilog="examples:\n  qdoc build\n  qdoc build ../shared/corpus/qemu/7.2.0 -o build/qemu-7.2\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_cmd.add_argument("source", metavar="SRC", nargs="?", default="source_docs")
    build_cmd.add_argument("-o", "--output", metavar="OUT", default="build")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    return parser


def _print_diagnostic(diagnostic: Diagnostic, stream=None) -> None:
    stream = stream or sys.stderr
    where = f"{diagnostic.location.path}:{diagnostic.location.line}" if diagnostic.location else "qdoc"
    if diagnostic.location and diagnostic.location.column:
        where += f":{diagnostic.location.column}"
    label = "" if diagnostic.severity == "error" else f"{diagnostic.severity}: "
    print(f"{where}: {label}{diagnostic.message} [{diagnostic.code}]", file=stream)


def _table(option_set: OptionSet) -> str:
    rows = [("option", "section", "arch", "synopses", "subopts", "documented", "deprecated")]
    for o in option_set.options:
        rows.append(
            (
                o.name,
                (o.section or "-")[:28],
                ",".join(o.arch) or "-",
                str(len(o.synopses)),
                str(len(o.suboptions)),
                "yes" if o.documented else "NO",
                "yes" if o.deprecations else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    header = f"{option_set.program} {option_set.release or ''} ({option_set.source.format}: {option_set.source.path})".replace("  ", " ")
    return header + "\n" + "\n".join(lines) + f"\n{len(option_set.options)} options, {len(option_set.sections)} sections\n"


def _cmd_parse(args: argparse.Namespace) -> int:
    option_set = load(args.file, args.source_format, args.release, args.program)
    errors = option_set.errors
    if errors:
        # Warnings after an error are often its consequences: show the cause.
        for diagnostic in errors:
            _print_diagnostic(diagnostic)
        print(f"qdoc: {args.file}: {len(errors)} error(s); no output written", file=sys.stderr)
        return EXIT_ERROR
    if not args.quiet:
        for diagnostic in option_set.diagnostics:
            _print_diagnostic(diagnostic)
    text = option_set.to_json() if args.format == "json" else _table(option_set)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    if not os.path.exists(args.source):
        print(f"qdoc: {args.source}: no such file or directory", file=sys.stderr)
        return EXIT_ERROR
    result = build(args.source, args.output)
    for diagnostic in result.errors:
        _print_diagnostic(diagnostic)
    if result.ok and not args.quiet:
        for _, option_set in result.sets:
            for diagnostic in option_set.diagnostics:
                _print_diagnostic(diagnostic)
    if not result.ok:
        print(f"qdoc: {len(result.errors)} error(s); nothing written to {args.output}", file=sys.stderr)
        return EXIT_ERROR
    for relative, reason in result.skipped:
        if not args.quiet:
            print(f"qdoc: skipped {relative}: {reason}", file=sys.stderr)
    options = sum(len(s.options) for _, s in result.sets)
    print(f"qdoc: read {len(result.sets)} file(s), {options} options; wrote {len(result.written)} file(s) to {args.output}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    handler = {"parse": _cmd_parse, "build": _cmd_build}[args.command]
    try:
        return handler(args)
    except InputError as exc:
        _print_diagnostic(exc.diagnostic)
        return EXIT_ERROR
    except readers.UnsupportedFormat as exc:
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
        print(f"qdoc: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
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
