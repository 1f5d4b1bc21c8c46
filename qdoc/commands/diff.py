"""``qdoc diff OLD NEW``: what changed in the command line between two releases."""

from __future__ import annotations

import argparse
import os
import sys
from itertools import chain

from ..diff import compared_set, diff_releases
from ..discovery import OPTION_HISTORY_NAMES
from ..outputs import paths_read
from ..project import collect, input_errors
from ..reports import diff as reports
from . import EXIT_ERROR, OUTPUT_HELP, add_keep_going_option, add_root_option, emit, report_errors, status_after

EPILOG = """\
examples:
  qdoc diff ../shared/corpus/qemu/6.2.0 ../shared/corpus/qemu/7.2.0
  qdoc diff ../shared/corpus/seeds/qemu-manpage-6.2-rhel.html ../shared/corpus/debian-7.2/man/qemu-system.1
  qdoc diff --format markdown ../shared/corpus/qemu/9.2.0 ../shared/corpus/qemu/10.2.0 > notes.md
  qdoc diff ../shared/corpus/seeds/qemu-manpage-6.2-rhel.html ../shared/corpus/debian-7.2/man/qemu-system.1 \
      --records ../shared/corpus/qemu/7.2.0/docs/about
"""

#: The lists ``--records`` reads from a folder: deprecations and removals, of every era.
RECORD_NAMES = frozenset({"deprecated.rst", "removed-features.rst", "qemu-deprecated.texi", "qemu-doc.texi"})


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare the options of two releases (any formats)",
        description="Compare two option sets: OLD and NEW are each a file of any format qdoc reads or a "
        "QEMU tree (its qemu-options.hx, deprecation and removal lists).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument("--format", choices=sorted(reports.FORMATS), default="text")
    parser.add_argument("--old-release", help="release of OLD when its path does not say")
    parser.add_argument("--new-release", help="release of NEW when its path does not say")
    parser.add_argument(
        "--records", metavar="FILE", action="append", default=[],
        help="a deprecation or removal list (deprecated.rst, removed-features.rst, qemu-deprecated.texi) or a folder "
        "holding them, for sides that have none (a rendered manual); may be repeated",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
    add_root_option(parser)
    add_keep_going_option(parser)
    parser.set_defaults(handler=run)


def _side(path: str, release: str | None, names=OPTION_HISTORY_NAMES, root: str | None = None, keep_going: bool = False):
    """The releases read from one side that have options to compare, the files read, and those that could not be."""
    if not os.path.exists(path):
        raise FileNotFoundError(2, "No such file or directory", path)
    project, files, skipped = collect([path], release, names, root=root, keep_going=keep_going)
    sources = [r for r in project.releases if compared_set(r) is not None]
    return sources, files, skipped


def _record_lists(paths: list[str], root: str | None, keep_going: bool):
    """The lists ``--records`` names (files, or folders holding them), and the files not read."""
    files, skipped = [], []
    for path in paths:
        if not os.path.exists(path):
            raise FileNotFoundError(2, "No such file or directory", path)
        _, found, not_read = collect([path], None, RECORD_NAMES, root=root, keep_going=keep_going)
        files += found
        skipped += not_read
    return files, skipped


def _under(path: str, given: str) -> bool:
    return path == given or path.startswith(os.path.join(given, ""))


def run(args: argparse.Namespace) -> int:
    # The old side's removal list says nothing about this diff.
    old_sources, old_files, old_skipped = _side(
        args.old, args.old_release, OPTION_HISTORY_NAMES - {"removed-features.rst"}, args.root, args.keep_going)
    new_sources, new_files, new_skipped = _side(args.new, args.new_release, root=args.root, keep_going=args.keep_going)
    record_files, record_skipped = _record_lists(args.records, args.root, args.keep_going)
    errors = input_errors(old_files + new_files + record_files, old_skipped + new_skipped + record_skipped)  # both sides may include one file
    # Past input errors (--keep-going), each side is what could be read of it.
    report_errors(errors, "compared what could be read (--keep-going)" if args.keep_going else "not compared", kind="input error")
    if errors and not args.keep_going:
        return EXIT_ERROR
    for path, sources in ((args.old, old_sources), (args.new, new_sources)):
        if len(sources) != 1:
            what = "no option documentation" if not sources else "several releases"
            print(f"qdoc: {path}: {what} found; give one release per side", file=sys.stderr)
            return EXIT_ERROR
    for path in args.records:
        if not any(_under(f.path, path) for f in record_files if f.option_set.deprecations or f.option_set.removals):
            print(f"qdoc: {path}: no deprecation or removal entries found (--records)", file=sys.stderr)
            return EXIT_ERROR
    records = ([r for f in record_files for r in f.option_set.deprecations], [r for f in record_files for r in f.option_set.removals])
    old, new = old_sources[0], new_sources[0]
    result = diff_releases(old, new, records)
    report = reports.FORMATS[args.format](result)
    read = old_files + new_files + record_files
    emit(report, args.output, chain([args.old, args.new, *args.records], paths_read(*(f.option_set for f in read))))
    return status_after(errors)
