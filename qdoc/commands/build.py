"""``qdoc build [SRC] [-o OUT]``: read a documentation tree, write models and a summary."""

from __future__ import annotations

import argparse
import os
import sys

from ..build import build
from ..lint.config import ConfigError, settings
from ..model import distinct
from . import EXIT_ERROR, EXIT_OK, add_root_option, print_diagnostic, report_errors


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="read every known file under SRC and write models and a summary",
        description="Read every documentation file qdoc knows under SRC (default: source_docs) "
        "and write their models (OUT/json/...), a summary (OUT/summary.txt, OUT/summary.json) and the lint "
        "findings (OUT/lint.txt, OUT/lint.sarif: those of qdoc lint SRC, with the same qdoc.toml or "
        "[tool.qdoc] configuration).",
        epilog="examples:\n  qdoc build\n  qdoc build ../shared/corpus/qemu/7.2.0 -o build/qemu-7.2\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="SRC", nargs="?", default="source_docs")
    parser.add_argument(
        "-o", "--output", metavar="OUT", default="build",
        help="output folder (default: build), replaced whole by each build, so it must be new, empty or one a "
        "build wrote (OUT/.qdoc-output lists its files: one added since is refused, never deleted), and neither "
        "the sources, inside them, around them nor around the current directory; a symlinked OUT is written through",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    parser.add_argument(
        "--no-sphinx", dest="sphinx", action="store_false",
        help="do not build SRC's Sphinx project: its conf.py is Python code, run as sphinx-build would run it; "
        "use this on trees you do not trust (qdoc's readers never run code from the docs)",
    )
    parser.add_argument(
        "--binary", metavar="PATH",
        help="also lint against this qemu-system binary (runs it: see qdoc probe); default: binary in your "
        "~/.config/qdoc/qdoc.toml, never one named by SRC's own configuration",
    )
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not os.path.exists(args.source):
        print(f"qdoc: {args.source}: no such file or directory", file=sys.stderr)
        return EXIT_ERROR
    try:
        lint = settings([args.source], binary=args.binary)
    except ConfigError as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for warning in () if args.quiet else lint.warnings:
        print(f"qdoc: warning: {warning}", file=sys.stderr)
    result = build(args.source, args.output, sphinx=args.sphinx, lint=lint, root=args.root)
    if report_errors(result.errors, f"nothing written to {args.output}"):
        return EXIT_ERROR
    if not args.quiet:
        warnings = (d for _, option_set in result.sets for d in option_set.diagnostics if d.severity != "info")
        for diagnostic in distinct(warnings):
            print_diagnostic(diagnostic)
    options = sum(len(s.options) for _, s in result.sets)
    extra = " and the Sphinx docs (html/, man/)" if result.sphinx else ""
    print(
        f"qdoc: read {len(result.sets)} file(s), {options} options, {result.findings} lint finding(s); "
        f"wrote {len(result.written)} file(s) to {args.output}{extra} (see {os.path.join(args.output, 'summary.txt')})"
    )
    return EXIT_OK
