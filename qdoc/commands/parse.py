"""``qdoc parse FILE``: one file into the option model, printed as JSON or a table."""

from __future__ import annotations

import argparse
from itertools import chain

from .. import readers
from ..loader import load
from ..model import OptionSet
from ..outputs import paths_read
from . import EXIT_ERROR, OUTPUT_HELP, add_keep_going_option, add_root_option, emit, report_diagnostics, status_after


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="read one file into the option model and print it",
        description="Read FILE into qdoc's option model and print it as JSON or a table.",
        epilog="examples:\n  qdoc parse ../shared/corpus/qemu/7.2.0/qemu-options.hx\n"
        "  qdoc parse --format table --from hx my-options.hx\n"
        "  qdoc parse ../shared/corpus/qemu/7.2.0/docs/system/qemu-manpage.rst --root ../shared/corpus/qemu/7.2.0\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    parser.add_argument("--from", dest="source_format", choices=readers.FORMATS, help="input format (default: detected)")
    parser.add_argument("--release", help="release the file documents (default: from a <release>/ folder in its path)")
    parser.add_argument("--program", help="program the options belong to (default: detected)")
    parser.add_argument(
        "-I", "--include-dir", dest="include_dirs", action="append", metavar="DIR",
        help="search DIR for included files (texinfo @include), an extra source root; repeatable",
    )
    add_root_option(parser)
    parser.add_argument(
        "--reference", metavar="FILE",
        help="a known option set (e.g. a nearby release's qemu-options.hx) that guides repair of noisy input (OCR)",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help=OUTPUT_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    add_keep_going_option(parser)
    parser.set_defaults(handler=run)


def table(option_set: OptionSet) -> str:
    """A human-readable overview: one row per option."""
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
    header = " ".join(
        part for part in (option_set.program, option_set.release, f"({option_set.source.format}: {option_set.source.path})") if part
    )
    footer = f"{len(option_set.options)} options, {len(option_set.sections)} sections"
    if option_set.deprecations or option_set.removals:
        footer += f", {len(option_set.deprecations)} deprecation and {len(option_set.removals)} removal records"
    return header + "\n" + "\n".join(lines) + "\n" + footer + "\n"


def run(args: argparse.Namespace) -> int:
    reference = load(args.reference) if args.reference else None
    option_set = load(
        args.file, args.source_format, args.release, args.program,
        include_dirs=args.include_dirs, reference=reference, root=args.root,
    )
    if report_diagnostics(option_set.diagnostics, args.file, args.quiet, args.keep_going):
        return EXIT_ERROR
    read = chain([args.file, args.reference or args.file], paths_read(option_set, reference))
    # Past errors (--keep-going), the JSON's diagnostics say what was not read, each at its line.
    emit(option_set.to_json() if args.format == "json" else table(option_set), args.output, read)
    return status_after(option_set.errors)
