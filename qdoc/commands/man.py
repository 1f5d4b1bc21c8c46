"""``qdoc man SRC... -o DIR``: man pages from option sources, through Sphinx's man builder."""

from __future__ import annotations

import argparse
import os
import sys

from ..atomic import write_text
from ..loader import load
from . import EXIT_ERROR, EXIT_OK, report_errors


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "man",
        help="build man pages (qemu.1, qemu-img.1...) from option sources",
        description="Build a man page for each SRC (an .hx, texinfo, HTML or man source) with Sphinx's "
        "man builder and qdoc's Sphinx extension: option flags bold, placeholders italic.",
        epilog="examples:\n  qdoc man ../shared/corpus/qemu/10.2.0/qemu-options.hx -o build/man\n"
        "  qdoc man ../shared/corpus/qemu/10.2.0/qemu-img-cmds.hx -o build/man\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", metavar="SRC", nargs="+")
    parser.add_argument("-o", "--output", metavar="DIR", required=True)
    parser.add_argument("--lint", action="store_true", help="also report lint findings as warnings")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..sphinx.manpages import build_man_page, page_identity  # Sphinx loads only for this command

    claimed: dict[str, str] = {}
    models = {}
    for source in args.sources:
        model = models[source] = load(source)
        if report_errors(model.errors, "no man page written", source=source):
            return EXIT_ERROR
        name = page_identity(model.program)[0]
        if name in claimed:
            print(f"qdoc: {claimed[name]} and {source} both make {name}.1; build them into different "
                  "directories (no man page written)", file=sys.stderr)
            return EXIT_ERROR
        claimed[name] = source
    pages = []
    for source in args.sources:
        page = build_man_page(source, lint=args.lint, model=models[source])
        # After an error only the errors: Sphinx's own lines for them name the temporary project.
        if report_errors(page.errors, "no man page written", source=source):
            return EXIT_ERROR
        if page.warnings:
            sys.stderr.write(page.warnings)
        pages.append(page)
    for page in pages:
        target = os.path.join(args.output, f"{page.name}.{page.section}")
        write_text(target, page.text)
        print(f"qdoc: wrote {target}")
    return EXIT_OK
