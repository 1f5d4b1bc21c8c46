"""``qdoc convert FILE --to rst -o DIR``: a texinfo manual into a Sphinx project."""

from __future__ import annotations

import argparse
import os
import sys

from ..loader import release_from_path
from ..model import Diagnostic
from ..outputs import FilesFolder
from ..readers.texinfo import parse_texinfo
from ..readers.texinfo.includes import FileResolver
from ..readers.texinfo.to_rst_inline import escape_text
from ..readers.texinfo.tree import Element
from ..source import InputError, read_text
from ..writers.rst_project import RstProjectWriter
from . import EXIT_ERROR, add_keep_going_option, add_root_option, print_diagnostic, report_diagnostics, status_after


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
    parser.add_argument(
        "-o", "--output", metavar="DIR", required=True,
        help="folder to write the project to: a new or empty one, or one qdoc convert wrote before (its "
        ".qdoc-output lists what qdoc wrote: those files are replaced, those no longer made removed, any other "
        "file, such as a _build/ folder, kept; a symlinked folder is written through)",
    )
    parser.add_argument(
        "-I", "--include-dir", dest="include_dirs", action="append", metavar="DIR",
        help="search DIR for included files (texinfo @include); repeatable",
    )
    parser.add_argument("--man-name", default="qemu", help="name of the man page made from '@c man begin' markers (default: qemu)")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    add_root_option(parser)
    add_keep_going_option(parser)
    parser.set_defaults(handler=run)


class _MarkedProjectWriter(RstProjectWriter):
    """The project writer, with each ``@include`` that could not be read (``--keep-going``) marked where it stood.

    The mark is an ``error`` admonition with the reason, so the built pages
    show the gap (an rST comment, the writer's own mark for a fragment's
    include, shows only in the source); Sphinx builds it without a warning.
    """

    def __init__(self, *args, unread: dict[tuple[str, int], Diagnostic], **kwargs):
        super().__init__(*args, **kwargs)
        #: (path, line) of an @include not read -> why.
        self.unread = unread

    def block(self, element: Element, out: list[str], indent: str) -> None:
        why = self.unread.get((element.path, element.line)) if element.name == "include" and not element.lines else None
        if why is None:
            super().block(element, out, indent)
            return
        message = f"Not converted: {why.message} ({element.path}:{element.line}) [{why.code}]"
        out += ["", f"{indent}.. error::", "", f"{indent}   {escape_text(message)}", ""]


def run(args: argparse.Namespace) -> int:
    root = args.root or os.path.dirname(args.file) or "."
    folder = FilesFolder(args.output, command="convert", own_folder=True, sources=[args.file], roots=[root])
    try:
        text = read_text(args.file)
    except InputError as exc:
        print_diagnostic(exc.diagnostic)
        return EXIT_ERROR
    # The resolver parse uses (qdoc.loader): a bare source tree's generated files (version.texi,
    # qemu-options.texi...) are made from the tree as parse makes them, so convert reads what parse reads.
    release = release_from_path(args.file)
    resolver = FileResolver(args.file, args.include_dirs, release=release, root=args.root)
    document, diagnostics = parse_texinfo(text, args.file, resolver=resolver, release=release)
    if report_diagnostics(diagnostics, args.file, args.quiet, args.keep_going):
        return EXIT_ERROR
    errors = [d for d in diagnostics if d.severity == "error"]
    unread = {(d.location.path, d.location.line): d for d in errors if d.location and d.code.startswith("texinfo-include")}
    files = _MarkedProjectWriter(document, man_name=args.man_name, unread=unread).files()
    folder.write(files, inputs=[args.file, *document.files])
    print(f"qdoc: wrote {len(files)} files to {args.output}", file=sys.stderr)
    return status_after(errors)
