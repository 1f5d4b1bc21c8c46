"""``qdoc convert FILE --to rst -o DIR``: a texinfo manual into a Sphinx project."""

from __future__ import annotations

import argparse
import os
import sys

from ..atomic import write_text
from ..readers.texinfo import parse_texinfo
from ..source import InputError, read_text
from ..writers.rst_project import RstProjectWriter
from . import EXIT_ERROR, EXIT_OK, print_diagnostic, report_diagnostics


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert a texinfo manual into a Sphinx (rST) project",
        description="Convert a texinfo manual (and what it @includes) into a Sphinx project: "
        "conf.py, index.rst and one .rst per chapter, plus a man page from the "
        "'@c man begin' markers.",
        epilog="example:\n  qdoc convert ../shared/corpus/qemu/4.2.0/qemu-doc.texi "
        "-I ../shared/corpus/built/4.2.0 --to rst -o build/qemu-doc\n"
        "  sphinx-build -b html build/qemu-doc build/qemu-doc/_build/html\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--to", choices=("rst",), default="rst", help="output format (default: rst, a Sphinx project)")
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="directory to write the project to")
    parser.add_argument(
        "-I", "--include-dir", dest="include_dirs", action="append", metavar="DIR",
        help="search DIR for included files (texinfo @include); repeatable",
    )
    parser.add_argument("--man-name", default="qemu", help="name of the man page made from '@c man begin' markers (default: qemu)")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        text = read_text(args.file)
    except InputError as exc:
        print_diagnostic(exc.diagnostic)
        return EXIT_ERROR
    document, diagnostics = parse_texinfo(text, args.file, include_dirs=args.include_dirs)
    if report_diagnostics(diagnostics, args.file, args.quiet):
        return EXIT_ERROR
    files = RstProjectWriter(document, man_name=args.man_name).files()
    for name, content in files.items():
        write_text(os.path.join(args.output, name), content)
    print(f"qdoc: wrote {len(files)} files to {args.output}", file=sys.stderr)
    return EXIT_OK
