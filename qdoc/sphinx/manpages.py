"""Building man pages from option sources through Sphinx's man builder.

``qdoc man SRC -o DIR`` needs no Sphinx project: for each source it writes a
one-page project in a temporary directory (a title and ``.. qemu:options::
SRC``), builds it with the man builder and this extension, and returns the
page's text.  The page name follows QEMU's: qemu(1) for the system
emulator's qemu-options.hx, qemu-img(1) for qemu-img-cmds.hx.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from ..loader import load

#: Substitutions QEMU's docs/conf.py defines for every page (docs/defs.rst.inc, CONFDIR).
RST_EPILOG = """
.. |qemu_system| replace:: qemu-system-x86_64
.. |qemu_system_x86| replace:: qemu-system-x86_64
.. |I2C| replace:: I\\ :sup:`2`\\ C
.. |I2S| replace:: I\\ :sup:`2`\\ S
.. |CONFDIR| replace:: ``/etc/qemu``
"""

#: Model program -> (man page name, title).
PAGES = {
    "qemu-system": ("qemu", "QEMU User Documentation"),
    "qemu-img": ("qemu-img", "QEMU disk image utility"),
    "hmp": ("qemu-monitor", "QEMU monitor commands"),
}


@dataclass
class ManPage:
    name: str
    section: int
    text: str
    warnings: str


def page_identity(program: str) -> tuple[str, str]:
    return PAGES.get(program, (program or "qemu", f"{program or 'QEMU'} options"))


def build_man_page(source: str, *, lint: bool = False) -> ManPage:
    """The man page of ``source`` (any file qdoc reads), built by Sphinx."""
    model = load(source)
    name, title = page_identity(model.program)
    with tempfile.TemporaryDirectory(prefix="qdoc-man-") as work:
        srcdir = os.path.join(work, "src")
        os.makedirs(srcdir)
        underline = "=" * len(title)
        with open(os.path.join(srcdir, "index.rst"), "w", encoding="utf-8") as handle:
            handle.write(f"{underline}\n{title}\n{underline}\n\n.. qemu:options:: {os.path.relpath(os.path.abspath(source), srcdir)}\n")
        warnings = io.StringIO()
        # Directives and nodes are registered process-wide by docutils: scope
        # them to this build so several pages can be built in one process.
        with docutils_namespace():
            app = Sphinx(
                srcdir, None, os.path.join(work, "out"), os.path.join(work, "doctrees"), "man",
                confoverrides={
                    "extensions": ["qdoc.sphinx"],
                    "project": "QEMU",
                    "release": model.release or "",
                    "man_pages": [("index", name, title, [], 1)],
                    "qdoc_lint": lint,
                    "rst_epilog": RST_EPILOG,
                },
                status=None, warning=warnings, freshenv=True, parallel=0,
            )
            app.build(force_all=True)
        with open(os.path.join(work, "out", f"{name}.1"), encoding="utf-8") as handle:
            text = handle.read()
    return ManPage(name, 1, text, warnings.getvalue())
