"""``qdoc lint PATH...``: findings a maintainer fixes and a CI enforces."""

from __future__ import annotations

import argparse
import os
import sys
from itertools import chain

from ..lint import output
from ..lint.config import ConfigError, settings
from ..lint.engine import run_with
from ..outputs import paths_read
from ..project import collect, input_errors
from ..lint.suppress import BaselineError, apply_baseline_file, write_baseline
from . import EXIT_ERROR, OUTPUT_HELP, add_keep_going_option, add_root_option, emit, report_errors, status_after

EPILOG = """\
examples:
  qdoc lint ../shared/corpus/qemu/7.2.0
  qdoc lint ../shared/corpus/qemu/7.2.0 ../shared/corpus/debian-7.2 --release 7.2.0
  qdoc lint ../shared/corpus/qemu/*/ --select QD1 --format github
  qdoc lint docs/ --baseline qdoc-baseline.json   # record today, fail only on new findings

exit status: 0 no findings at or above --severity, 1 findings (or input errors gone past with --keep-going),
2 usage or input error
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="report options that are deprecated, missing or contradictory",
        description="Check QEMU option documentation: source trees, docs build folders, single files of "
        "any format, and the binary's -help output.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=sorted(output.FORMATS), default="text")
    parser.add_argument("--select", action="append", metavar="CODES", help="rule codes or prefixes (comma-separated, repeatable)")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="rule codes or prefixes to skip")
    parser.add_argument("--severity", choices=("info", "warning", "error"), help="lowest severity reported (default: warning)")
    parser.add_argument("--release", help="release of sources that do not name one")
    parser.add_argument("--binary", metavar="PATH", help="also check against this qemu-system binary (runs it: see qdoc probe); default: binary in your "
                        "~/.config/qdoc/qdoc.toml, never one named by the linted tree's configuration")
    parser.add_argument("--baseline", metavar="FILE", help="record findings in FILE if absent, else report only findings not in it")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE: " + OUTPUT_HELP)
    add_root_option(parser)
    add_keep_going_option(parser)
    parser.set_defaults(handler=run)


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def run(args: argparse.Namespace) -> int:
    try:
        config = settings(
            args.paths,
            select=_codes(args.select),
            ignore=_codes(args.ignore),
            severity=args.severity,
            release=args.release,
            baseline=args.baseline,
            binary=args.binary,
        )
    except ConfigError as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for warning in config.warnings:
        print(f"qdoc: warning: {warning}", file=sys.stderr)
    for path in args.paths:
        if not os.path.exists(path):
            print(f"qdoc: {path}: no such file or directory", file=sys.stderr)
            return EXIT_ERROR
    project, files, skipped = collect(args.paths, config.release, root=args.root, keep_going=args.keep_going)
    # Past input errors (--keep-going), what was read is linted: the errors, then the findings.
    errors = input_errors(files, skipped)
    report_errors(errors, "linted what could be read (--keep-going)" if args.keep_going else "not linted", kind="input error")
    if errors and not args.keep_going:
        return EXIT_ERROR
    if not files:
        print("qdoc: no documentation files found in " + ", ".join(args.paths), file=sys.stderr)
        return EXIT_ERROR
    for item in skipped:
        if item.error is None:  # an unreadable file's error is reported above
            print(f"qdoc: skipped {item.path}: {item.reason}", file=sys.stderr)
    findings = run_with(project, config)
    read = chain(args.paths, config.files, [config.baseline] if config.baseline else [], paths_read(*(f.option_set for f in files)))
    if config.baseline and not os.path.exists(config.baseline):
        write_baseline(config.baseline, findings, read)
        print(f"qdoc: recorded {len(findings)} finding(s) in baseline {config.baseline}", file=sys.stderr)
        return status_after(errors)
    try:
        findings = apply_baseline_file(findings, config.baseline)
    except BaselineError as exc:
        print(f"qdoc: {exc}", file=sys.stderr)
        return EXIT_ERROR
    emit(output.FORMATS[args.format](findings), args.output, read)
    if args.format == "text" and findings:
        print(f"qdoc: {len(findings)} finding(s)", file=sys.stderr)
    return status_after(errors, findings=bool(findings))
