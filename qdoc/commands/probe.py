"""``qdoc probe BINARY``: the option model a QEMU binary reports about itself."""

from __future__ import annotations

import argparse
import shutil
import sys

from ..probe import DEFAULT_TIMEOUT, ProbeError, probe
from . import EXIT_ERROR, EXIT_OK, OUTPUT_HELP, emit, report_diagnostics
from .parse import table


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="run a QEMU system emulator and read its options (-help and QMP)",
        description=(
            "Run BINARY -help, then start BINARY without a guest (-machine none -nodefaults -display none) "
            "and ask QMP query-command-line-options; print the resulting option model. "
            "A binary that hangs is killed after --timeout seconds."
        ),
        epilog="examples:\n  qdoc probe /usr/bin/qemu-system-x86_64\n  qdoc probe --format table qemu-system-x86_64 -o x86.json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("binary", metavar="BINARY", help="a qemu-system-* executable (path or name on PATH)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time limit of each step (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    parser.add_argument("-o", "--output", metavar="PATH", help=OUTPUT_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        print("qdoc: --timeout must be positive", file=sys.stderr)
        return EXIT_ERROR
    try:
        option_set = probe(args.binary, args.timeout)
    except ProbeError as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if report_diagnostics(option_set.diagnostics, args.binary, args.quiet):
        return EXIT_ERROR
    binary = shutil.which(args.binary) or args.binary
    emit(option_set.to_json() if args.format == "json" else table(option_set), args.output, [binary])
    return EXIT_OK
