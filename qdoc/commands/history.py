"""``qdoc history SRC...``: every option across many releases, as CSV, JSON or an HTML report."""

from __future__ import annotations

import argparse
import os
import sys
from itertools import chain

from ..history import build_history
from ..discovery import OPTION_HISTORY_NAMES
from ..outputs import paths_read
from ..project import collect, input_errors
from ..reports import history as reports
from . import EXIT_ERROR, EXIT_OK, OUTPUT_HELP, add_root_option, emit, print_diagnostic

EPILOG = """\
examples:
  qdoc history ../shared/corpus/qemu/*/ --format csv > options.csv
  qdoc history ../shared/corpus/qemu/*/ --format html -o build/history.html
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="option x release table: first seen, deprecated, removed, last seen",
        description="Read many releases (QEMU trees or files) and report the life of every option.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="SRC")
    parser.add_argument("--format", choices=sorted(reports.FORMATS), default="csv")
    parser.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for path in args.sources:
        if not os.path.exists(path):
            print(f"qdoc: {path}: no such file or directory", file=sys.stderr)
            return EXIT_ERROR
    project, files, _ = collect(args.sources, names=OPTION_HISTORY_NAMES, root=args.root)
    errors = input_errors(files)
    if errors:
        for diagnostic in errors:
            print_diagnostic(diagnostic)
        return EXIT_ERROR
    history = build_history(project.releases)
    if not history.releases:
        print("qdoc: no option documentation found", file=sys.stderr)
        return EXIT_ERROR
    report = reports.FORMATS[args.format](history)
    emit(report, args.output, chain(args.sources, paths_read(*(f.option_set for f in files))))
    for finding in history.findings:
        print(f"qdoc: history: {finding}", file=sys.stderr)
    return EXIT_OK
