"""Building man pages from option sources through Sphinx's man builder.

``qdoc man SRC -o DIR`` needs no Sphinx project: for each source it writes a
one-page project in a temporary directory (a title and ``.. qemu:options::
SRC``), builds it with the man builder and this extension, and returns the
page's text.  The page name follows QEMU's: qemu(1) for the system
emulator's qemu-options.hx, qemu-img(1) for qemu-img-cmds.hx.

The page stands where QEMU's own page does (``docs/system/`` for the
emulator, ``docs/tools/`` for qemu-img) beside links to the source tree's
``docs/``, so that an .hx's ``.. include:: ../qemu-option-trace.rst.inc``
reads the file QEMU's build reads.  Every file the build reads that way
(``include``, ``literalinclude``, ``csv-table``/``raw`` ``:file:``,
``hxtool-doc``) must be inside the source root (``root``; by default the
source's folder, the top of a QEMU tree for its .hx files): anything else is
an error at the .hx line (:mod:`.confine`).  A problem that leaves text out of the
page (an include that is not there, markup docutils cannot parse) is an
error: the page is not written.  References to other documents are not: a
man page has no links, and the reference's text is printed either way.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace

from ..loader import load
from ..outputs import scratch_folder
from ..model import Diagnostic, Location, OptionSet
from ..readers.rst.depth import CODE, MESSAGE, deepest_block
from ..source import IncludeRefused, InputError, SourceRoot, current_run
from .man_front import front_matter
from .sources import remember

#: Substitutions QEMU's docs/conf.py defines for every page (docs/defs.rst.inc, CONFDIR).
RST_EPILOG = """
.. |qemu_system| replace:: qemu-system-x86_64
.. |qemu_system_x86| replace:: qemu-system-x86_64
.. |I2C| replace:: I\\ :sup:`2`\\ C
.. |I2S| replace:: I\\ :sup:`2`\\ S
.. |CONFDIR| replace:: ``/etc/qemu``
"""

#: Model program -> (man page name, one-line purpose for NAME, QEMU's directory of the page under docs/).
PAGES = {
    "qemu-system": ("qemu", "QEMU system emulator", "system"),
    "qemu-img": ("qemu-img", "QEMU disk image utility", "tools"),
    "hmp": ("qemu-monitor", "QEMU monitor commands", "system"),
}
#: Pages every page's SEE ALSO names (besides those built in the same run): QEMU's two main ones.
MAIN_PAGES = ("qemu", "qemu-img")


@dataclass
class ManPage:
    name: str
    section: int
    text: str
    warnings: str
    #: Problems that left something out of the page: it must not be written.
    errors: list[Diagnostic] = field(default_factory=list)


def page_identity(program: str) -> tuple[str, str, str]:
    return PAGES.get(program, (program or "qemu", f"{program or 'QEMU'} options", "system"))


class _IncompletePage(logging.Handler):
    """Collects Sphinx's ERROR and CRITICAL records (docutils' errors and severe problems).

    Both mean text is missing from the page (an unknown directive's body, a
    file an include names).  Paths under the temporary project are shown as
    the source tree's: the project only links to it.
    """

    def __init__(self, env_doc2path, project_dir: str, docs_dir: str, source: str):
        super().__init__(logging.ERROR)
        self.doc2path = env_doc2path
        self.source = source
        self.aliases = [(os.path.abspath(project_dir), docs_dir), (os.path.relpath(project_dir), docs_dir)]
        self.errors: list[Diagnostic] = []
        #: Records already taken: Sphinx holds some back and hands them to every handler again.
        self.seen: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if any(record is other for other in self.seen):
            return
        self.seen.append(record)
        message = record.getMessage()
        for temporary, real in self.aliases:
            message = message.replace(temporary, real)
        location = getattr(record, "location", None)
        where = None
        if isinstance(location, tuple) and location[0]:
            where = Location(str(self.doc2path(location[0])), location[1] or 0)
        elif isinstance(location, str) and location:
            path, _, line = location.rpartition(":")
            where = Location(path, int(line)) if line.isdigit() else Location(location, 0)
        if where is not None and os.path.abspath(where.path) == os.path.abspath(self.source):
            where = Location(self.source, where.line)  # as the user named it
        code = getattr(record, "subtype", "") if getattr(record, "type", "") == "qdoc" else ""
        self.errors.append(Diagnostic("error", code or "man-incomplete", " ".join(message.split()), where))


def _link_docs_tree(docs: str, srcdir: str, subdir: str) -> None:
    """Make ``srcdir`` stand for the source tree's ``docs/`` (``docs`` itself stays untouched).

    Only the page's own directory is real (it holds the generated page);
    everything else is a link, so relative includes resolve to QEMU's files.
    """
    page_dir = os.path.join(srcdir, subdir)
    os.makedirs(page_dir)
    if not os.path.isdir(docs):
        return
    for parent, target in ((docs, srcdir), (os.path.join(docs, subdir), page_dir)):
        if not os.path.isdir(parent):
            continue
        for entry in os.listdir(parent):
            link = os.path.join(target, entry)
            if not os.path.lexists(link):
                os.symlink(os.path.join(parent, entry), link)


def _section(title: str, body: str) -> str:
    rule = "-" * len(title)
    return f"{rule}\n{title}\n{rule}\n\n{body.strip()}\n\n"


def page_text(source: str, model: OptionSet, page_dir: str, siblings: list[str], root: str) -> str:
    """The rST of the page: SYNOPSIS, DESCRIPTION, the options (one subsection per .hx section), SEE ALSO.

    Section titles are QEMU's (qemu-manpage.rst); the man writer prints
    them in capitals.  SEE ALSO names each sibling page once.
    """
    name, title, _ = page_identity(model.program)
    front = front_matter(source, model.program, root)
    pages = [page for page in dict.fromkeys([*siblings, *MAIN_PAGES]) if page != name]
    see_also = ", ".join(f"**{page}**\\ (1)" for page in pages)
    if front.see_also:
        see_also += "\n\n" + front.see_also
    underline = "=" * len(title)
    options = f".. qemu:options:: {os.path.relpath(os.path.abspath(source), page_dir)}"
    return (f"{underline}\n{title}\n{underline}\n\n" + _section("Synopsis", front.synopsis)
            + _section("Description", front.description) + _section("Options", options)
            + _section("See also", see_also))


def release_of(source: str, model: OptionSet, root: str) -> str:
    """The release a page documents: the tree's ``VERSION`` file (inside the source root), else the model's release."""
    path = os.path.join(os.path.dirname(os.path.abspath(source)), "VERSION")
    if os.path.isfile(path) and SourceRoot(root).contains(path):
        try:
            version = current_run().read(path).strip()
        except (InputError, IncludeRefused):
            version = ""
        if version and len(version) < 40 and " " not in version:
            return version
    return model.release or ""


def _share_model(source: str, model: OptionSet, root: str) -> None:
    """Let the build's ``qemu:options`` take ``model`` rather than read ``source`` again.

    Only when the build would read it the same way: the path it shows
    (relative to the current folder when shorter) is the model's, and the
    root is the one the model was read under.
    """
    path = os.path.normpath(os.path.abspath(source))
    relative = os.path.relpath(path)
    shown = relative if len(relative) < len(path) else path
    if shown == model.source.path:
        remember(path, root, model)


def build_man_page(source: str, *, lint: bool = False, model: OptionSet | None = None,
                   root: str | None = None, siblings: list[str] | None = None) -> ManPage:
    """The man page of ``source`` (any file qdoc reads), built by Sphinx; ``model`` if already read.

    Files the page's text includes are read from inside ``root`` only
    (default: ``source``'s folder).  ``siblings`` are the names of the
    other pages built with it, for SEE ALSO.
    """
    model = model or load(source, root=root)
    root = os.path.abspath(root if root is not None else (os.path.dirname(source) or "."))
    name, title, subdir = page_identity(model.program)
    docs = os.path.join(os.path.dirname(os.path.abspath(source)), "docs")
    release = release_of(source, model, root)
    _share_model(source, model, root)
    with scratch_folder("man") as work:
        srcdir = os.path.join(work, "docs")
        _link_docs_tree(docs, srcdir, subdir)
        page_dir = os.path.join(srcdir, subdir)
        with open(os.path.join(page_dir, "qdoc-man-page.rst"), "w", encoding="utf-8") as handle:
            handle.write(page_text(source, model, page_dir, siblings or [], root))
        warnings = io.StringIO()
        if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
            nocolor()  # the warnings are passed on to stderr, which is no terminal
        docname = f"{subdir}/qdoc-man-page"
        # Directives and nodes are registered process-wide by docutils: scope
        # them to this build so several pages can be built in one process.
        with docutils_namespace():
            app = Sphinx(
                srcdir, None, os.path.join(work, "out"), os.path.join(work, "doctrees"), "man",
                confoverrides={
                    "extensions": ["qdoc.sphinx"],
                    "project": "QEMU",
                    "release": release,
                    "version": release,  # the man writer's .TH source field
                    "root_doc": docname,
                    "include_patterns": [f"{docname}.rst"],
                    "man_pages": [(docname, name, title, [], 1)],
                    "qdoc_lint": lint,
                    "qdoc_source_root": root,
                    "hxtool_srctree": root,  # as QEMU's conf.py: the .hx files are at the root's top
                    "rst_epilog": RST_EPILOG,
                    # Targets in QEMU's other documents: a man page has no links, the text stays.
                    "suppress_warnings": ["ref.ref"],
                },
                status=None, warning=warnings, freshenv=True, parallel=0,
            )
            incomplete = _IncompletePage(app.env.doc2path, srcdir, docs, source)
            sphinx_logger = logging.getLogger("sphinx")
            sphinx_logger.addHandler(incomplete)
            try:
                app.build(force_all=True)
            except RecursionError as exc:  # rST nested deeper than docutils can parse: the input's line
                where, line = deepest_block(exc)
                raise InputError.at(where if where and not where.startswith(work) else source, line, MESSAGE, CODE) from None
            finally:
                sphinx_logger.removeHandler(incomplete)
        with open(os.path.join(work, "out", f"{name}.1"), encoding="utf-8") as handle:
            text = handle.read()
    return ManPage(name, 1, text, warnings.getvalue(), incomplete.errors)
