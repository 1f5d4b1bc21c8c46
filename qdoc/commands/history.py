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
  qdoc history ../shared/corpus/qemu/*/ --snapshots --format json   # 4.2.50, 10.2.50 too

One row per key: every option, form and sub-option (-netdev/user/hostfwd),
with its first and last release, deprecated since (the version the list
states, and the release whose list first said so), removed in, the
replacement and the file:line of each. Development snapshots (x.y.50) are
not releases: left out unless --snapshots, and then marked.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="key x release table: first seen, deprecated, removed, last seen",
        description="Read many releases (QEMU trees or files) and report the life of every option, form and sub-option.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="SRC")
    parser.add_argument("--format", choices=sorted(reports.FORMATS), default="csv")
    parser.add_argument(
        "--snapshots", action="store_true",
        help="include development snapshots (x.y.50 trees such as 10.2.50-master), marked as such",
    )
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
    history = build_history(project.releases, include_snapshots=args.snapshots)
    if history.left_out:
        print(
            f"qdoc: note: development snapshots left out: {', '.join(history.left_out)} (--snapshots includes them)",
            file=sys.stderr,
        )
    if not history.releases:
        print("qdoc: no option documentation found" + (" in a release" if history.left_out else ""), file=sys.stderr)
        return EXIT_ERROR
    report = reports.FORMATS[args.format](history)
    emit(report, args.output, chain(args.sources, paths_read(*(f.option_set for f in files))))
    for finding in history.findings:
        print(f"qdoc: history: {finding}", file=sys.stderr)
    return EXIT_OK
