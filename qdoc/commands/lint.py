"""``qdoc lint PATH...``: findings a maintainer fixes and a CI enforces."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from itertools import chain

from ..lint import output
from ..lint.config import ConfigError, settings
from ..lint.engine import run_with
from ..outputs import paths_read
from ..project import collect, input_errors
from ..lint.fixes import applicability
from ..lint.fixes import plan as fix_plan
from ..lint.fixes.apply import edited_texts, shifted, unified_diff
from ..lint.fixes.apply import write as write_fixes
from ..lint.fixes.sources import Sources
from ..lint.suppress import BaselineError, apply_baseline_file, write_baseline
from . import EXIT_ERROR, OUTPUT_HELP, add_keep_going_option, add_root_option, emit, report_errors, status_after

EPILOG = """\
examples:
  qdoc lint ../shared/corpus/qemu/7.2.0
  qdoc lint ../shared/corpus/qemu/7.2.0 ../shared/corpus/debian-7.2 --release 7.2.0
  qdoc lint ../shared/corpus/qemu/*/ --select QD1 --format github
  qdoc lint docs/ --baseline qdoc-baseline.json   # record today, fail only on new findings
  qdoc lint qemu/ --diff                           # what --fix would change, as a patch
  qdoc lint qemu/ --fix                            # make the safe fixes in place (--unsafe-fixes: all)
  qdoc lint qemu/ --statistics                     # how many findings of each code

exit status: 0 no findings at or above --severity (or --exit-zero), 1 findings (after --fix: findings that
remain; with --diff: fixes to make), or input errors gone past with --keep-going, 2 usage or input error
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
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="fix what has a safe fix, in the .hx and rST sources, in place")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff (git apply takes it); write nothing")
    parser.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: make the unsafe fixes too (review them)")
    parser.add_argument("--statistics", action="store_true", help="print how many findings of each code instead of the findings")
    parser.add_argument("--show-source", action="store_true", help="text format: show each finding's source line, a caret under its column")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (errors still exit 2)")
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
    for note in project.notes:  # how outputs were grouped with their release's sources
        print(f"qdoc: note: {note}", file=sys.stderr)
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
    sources = Sources(project)
    if args.diff:
        texts = edited_texts(fix_plan(findings, sources, unsafe=args.unsafe_fixes), sources)
        emit(unified_diff(texts, sources, _tree(args.paths)), args.output, read)
        print(f"qdoc: {'would fix ' + str(len(texts)) + ' file(s)' if texts else 'nothing to fix'}", file=sys.stderr)
        return status_after(errors, findings=bool(texts) and not args.exit_zero)
    fixable = {f.code: applicability(f.code) for f in findings if applicability(f.code) != "none"}
    texts = _texts(files)
    if args.fix:
        findings = _fix(args, findings, sources, texts)
        _report(args, findings, fixable, read, texts)
        return status_after(errors, findings=bool(findings) and not args.exit_zero)
    _report(args, findings, fixable, read, texts)
    if args.format == "text" and findings:
        safe = len(fix_plan(findings, sources)) if fixable else 0
        unsafe = len(fix_plan(findings, sources, unsafe=True)) - safe if fixable else 0
        hints = [f"{safe} fixable with --fix; --diff shows the changes"] if safe else []
        hints += [f"{unsafe} more with --unsafe-fixes"] if unsafe else []
        hint = f" ({'; '.join(hints)})" if hints else ""
        print(f"qdoc: {len(findings)} finding(s){hint}", file=sys.stderr)
    return status_after(errors, findings=bool(findings) and not args.exit_zero)


def _fix(args: argparse.Namespace, findings, sources: Sources, texts: dict[str, str]) -> list:
    """Make the fixes ``--fix`` asks for; the findings that remain, at their lines in the fixed files.

    ``texts`` (for ``--show-source``) is updated to the fixed files' text.
    """
    fixes = fix_plan(findings, sources, unsafe=args.unsafe_fixes)
    edited = edited_texts(fixes, sources)
    write_fixes(edited, sources)
    texts.update({path: text.replace("\r\n", "\n") for path, text in edited.items()})
    fixed = {id(fix.finding) for fix in fixes}
    left = [f for f in findings if id(f) not in fixed]
    hidden = "" if args.unsafe_fixes else _unsafe_hint(left, sources)  # on the text the findings were made on
    left = shifted(left, fixes, sources)
    by_code = Counter(fix.finding.code for fix in fixes)
    what = "; " + ", ".join(f"{code} {count}" for code, count in sorted(by_code.items())) if by_code else ""
    print(f"qdoc: fixed {len(fixes)} finding(s), {len(left)} remain{hidden}{what}", file=sys.stderr)
    return left


def _report(args: argparse.Namespace, findings, fixable: dict[str, str], read, texts: dict[str, str]) -> None:
    """Print the findings (paths as given, cleaned) as ``--format``, ``--statistics`` or ``--show-source`` asks."""
    shown = output.for_display(findings)
    if args.statistics:
        report = output.statistics(shown, fixable)
    elif args.show_source and args.format == "text":
        report = output.with_source(shown, {output.display_path(path): text for path, text in texts.items()})
    else:
        report = output.FORMATS[args.format](shown)
    emit(report, args.output, read)


def _unsafe_hint(findings, sources: Sources) -> str:
    """`` (N fixable with --unsafe-fixes)`` for the findings left that only an unsafe fix would fix."""
    if not any(applicability(f.code) == "unsafe" for f in findings):
        return ""
    count = len(fix_plan(findings, sources, unsafe=True))
    return f" ({count} fixable with --unsafe-fixes)" if count else ""


def _texts(files) -> dict[str, str]:
    return {f.path: f.text for f in files}


def _tree(paths: list[str]) -> str:
    """The folder ``--diff`` paths are relative to: the tree named, else the folder holding every path named."""
    folders = [path if os.path.isdir(path) else os.path.dirname(path) or "." for path in paths]
    return os.path.commonpath([os.path.abspath(folder) for folder in folders])
