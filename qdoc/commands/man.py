"""``qdoc man SRC... -o DIR``: man pages from option sources, through Sphinx's man builder."""

from __future__ import annotations

import argparse
import os
import sys

from ..outputs import FilesFolder, paths_read
from ..loader import load
from . import EXIT_ERROR, EXIT_OK, add_root_option, report_errors


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
    parser.add_argument(
        "-o", "--output", metavar="DIR", required=True,
        help="folder to write NAME.SECTION pages to (any folder but one another qdoc command wrote: qdoc man "
        "replaces only pages it wrote there, listed in DIR/.qdoc-output, and deletes nothing; a symlinked folder "
        "is written through)",
    )
    parser.add_argument("--lint", action="store_true", help="also report lint findings as warnings")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..sphinx.manpages import build_man_page, page_identity  # Sphinx loads only for this command

    roots = [args.root] if args.root else [os.path.dirname(source) or "." for source in args.sources]
    folder = FilesFolder(args.output, command="man", own_folder=False, sources=args.sources, roots=roots)
    claimed: dict[str, str] = {}
    models = {}
    for source in args.sources:
        model = models[source] = load(source, root=args.root)
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
        page = build_man_page(source, lint=args.lint, model=models[source], root=args.root, siblings=list(claimed))
        # After an error only the errors: Sphinx's own lines for them name the temporary project.
        if report_errors(page.errors, "no man page written", source=source):
            return EXIT_ERROR
        if page.warnings:
            sys.stderr.write(page.warnings)
        pages.append(page)
    files = {f"{page.name}.{page.section}": page.text for page in pages}
    for target in folder.write(files, inputs=[*args.sources, *paths_read(*models.values())]):
        print(f"qdoc: wrote {target}")
    return EXIT_OK
