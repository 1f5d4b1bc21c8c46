"""``.. hxtool-doc:: FILE``: QEMU's own directive, served by qdoc.

A drop-in for QEMU's docs/sphinx/hxtool.py, so that QEMU's real
docs/system/*.rst build with qdoc alone: the rST of the file's
``SRST``/``ERST`` blocks is rendered in order, each ``DEFHEADING`` /
``ARCHHEADING`` opening a section, and every line keeping its .hx line
number for warnings.  ``SRST(label)`` gives the label QEMU's hxtool gives,
``DOCNAME-HXNAME-LABEL`` (``system/invocation-qemu-options-initrd``, HTML
anchor ``system-invocation-qemu-options-initrd``): one per page, so two
pages rendering the file (invocation.rst and qemu-manpage.rst) have the
anchors QEMU publishes and no duplicate label.  The file is read by qdoc's
.hx reader too, so the options it documents become ``qemu`` domain objects
(cross-references, the option index, man page styling) and its lint
findings are reported at their .hx lines.

Blocks that do not pair up (an ``SRST`` never closed, an ``ERST`` with no
``SRST``) stop the build with the file and line, as hxtool does
(:class:`HxSyntaxError`), rather than rendering C code into the page.

The file is found, as in QEMU, relative to the ``hxtool_srctree`` config value
(default: the parent of the configuration directory, which is QEMU's source
tree when conf.py lives in docs/), and read only when it is inside the
build's source root (:mod:`.confine`).  Each directive is charged to the
run's input budget, which bounds how many there can be; the file's text is
read from disk once per run however many directives name it.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import ViewList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from .._gc import collector_paused
from ..model import OptionSet
from ..source import IncludeRefused, InputError
from .confine import input_run, logger, source_root
from .generated import parse_generated
from .lint import report_findings
from .nodes import detached_section
from .objects import lines_of, mark_objects
from .sources import display_path, option_set

_MARKER_RE = re.compile(r"^(?:(?P<begin>SRST)(?:\((?P<label>[^)]*)\))?|(?P<end>ERST)|(?P<comment>HXCOMM))(?![\w(])")

#: The reader's diagnostics that mean the blocks do not pair up: the build stops on them.
UNPAIRED_BLOCK_CODES = frozenset({"hx-unclosed-block"})


class HxSyntaxError(ExtensionError):
    """SRST/ERST lines of an .hx that do not pair up: the build stops, as with QEMU's hxtool.

    The message is ``path:line: message [code]``; the :class:`~qdoc.source.InputError`
    it stands for is its ``__cause__`` (``qdoc build`` reports that).
    """

    def __init__(self, path: str, line: int, message: str, code: str = "hx-unclosed-block"):
        super().__init__(f"{path}:{line}: {message} [{code}]")
        self.path, self.line, self.text, self.code = path, line, message, code
        self.__cause__ = InputError.at(path, line, message, code)

    def report(self, config) -> None:
        """The error as a Sphinx error at its line (``path:line: ERROR: ...``), before the build stops."""
        shown_type = getattr(config, "show_warning_types", False)  # Sphinx 7.3 on appends [qdoc.CODE] itself
        message = self.text if shown_type else f"{self.text} [{self.code}]"
        logger.error("%s", message, location=f"{self.path}:{self.line}", type="qdoc", subtype=self.code)


def srst_label(docname: str, path: str, label: str) -> str:
    """The label of ``SRST(label)`` as QEMU's hxtool names it: ``DOCNAME-HXNAME-LABEL``."""
    return f"{docname}-{os.path.splitext(os.path.basename(path))[0]}-{label.strip()}"


def rst_blocks(text: str, path: str, heading_lines: dict[int, str], docname: str | None = None):
    """Yield ``("heading", line, title)`` and ``("rst", line, text)`` in file order.

    Only the block markers are recognised here; headings come from the
    model (``heading_lines``: line -> title), so empty ``DEFHEADING()``
    lines (spacing in ``-help``) open no section, as in QEMU.  With a
    ``docname``, ``SRST(label)`` gives its label (:func:`srst_label`).
    Raises :class:`HxSyntaxError` where the markers do not pair up.
    """
    opened = 0  # the line of the SRST of the block we are in
    for number, line in enumerate(text.split("\n"), 1):
        marker = _MARKER_RE.match(line)
        if marker and marker.group("comment"):
            continue
        if marker and marker.group("begin"):
            if opened:
                raise HxSyntaxError(path, opened, f"SRST block is not closed before SRST at line {number}")
            opened = number
            label = marker.group("label")
            if label and label.strip() and docname is not None:
                yield ("rst", number, "")
                yield ("rst", number, f".. _{srst_label(docname, path, label)}:")
                yield ("rst", number, "")
            continue
        if marker and marker.group("end"):
            if not opened:
                raise HxSyntaxError(path, number, "ERST with no SRST before it")
            opened = 0
            continue
        if opened:
            yield ("rst", number, line.rstrip())
        elif number in heading_lines:
            yield ("heading", number, heading_lines[number])
    if opened:
        raise HxSyntaxError(path, opened, "SRST block is not closed (no ERST before the end of the file)")


def headings_of(model: OptionSet, shown: str) -> dict[int, str]:
    """Line -> title of the model's section headings in file ``shown``."""
    return {s.location.line: s.title for s in model.sections if s.location.path == shown}


def stop_on_unpaired_blocks(model: OptionSet, shown: str) -> None:
    """Raise :class:`HxSyntaxError` for the first place the reader found blocks not pairing up.

    The reader sees more than the markers do: an SRST whose ERST was
    forgotten until a later block (``DEF(`` lines would be rendered as rST).
    """
    for diagnostic in model.diagnostics:
        if diagnostic.severity == "error" and diagnostic.code in UNPAIRED_BLOCK_CODES and diagnostic.location.path == shown:
            raise HxSyntaxError(shown, diagnostic.location.line, diagnostic.message, diagnostic.code)


class HxtoolDocDirective(SphinxDirective):
    """Render an .hx file's documentation blocks, as QEMU's hxtool does."""

    required_arguments = 1
    optional_arguments = 1
    has_content = False
    option_spec = {"hxfile": directives.unchanged_required, "no-index": directives.flag}

    @collector_paused  # a whole file: see qdoc._gc
    def run(self) -> list[nodes.Node]:
        path = os.path.normpath(os.path.join(self.config.hxtool_srctree, self.arguments[0]))  # absolute: see confine
        root = source_root(self.env)
        if not root.contains(path):
            logger.error("hxtool-doc: %r is outside the source root %s; not read", self.arguments[0], root,
                         location=self.get_location(), type="qdoc", subtype="outside-root")
            return []
        model = option_set(self.env, self.env.docname, path, self.get_location())
        if model is None:
            return []
        try:
            text = input_run(self.env).read(path, self.arguments[0])  # read from disk once per run
        except (IncludeRefused, InputError) as exc:
            logger.error("hxtool-doc: %s", exc, location=self.get_location(), type="qdoc", subtype=getattr(exc, "code", "read"))
            return []
        shown = display_path(self.env, path)
        try:
            stop_on_unpaired_blocks(model, shown)
            blocks = list(rst_blocks(text, shown, headings_of(model, shown), docname=self.env.docname))
        except HxSyntaxError as exc:
            exc.report(self.config)
            raise
        report_findings(self.env, model, shown)
        sections: list[nodes.Element] = []
        current: nodes.Element | None = None
        pending = ViewList()

        def flush() -> None:
            nonlocal pending
            if len(pending):
                target = current if current is not None else detached_section(self.state.document)
                parse_generated(self.state, pending, target)
                if current is None:
                    sections.extend(target.children)
                pending = ViewList()

        for kind, line, text in blocks:
            if kind == "rst":
                pending.append(text, shown, line - 1)
                continue
            flush()
            if current is not None:
                sections.append(current)
            current = detached_section(self.state.document, nodes.title(text, text), ids=[f"hxtool-{self.env.new_serialno('hxtool')}"])
        flush()
        if current is not None:
            sections.append(current)
        holder = nodes.container()
        holder.extend(sections)
        described = lines_of(model, shown)
        marked = mark_objects(holder, described, shown, env=self.env, document=self.state.document,
                              no_index="no-index" in self.options)
        if marked < len(described):  # never silently: a term rendered otherwise than the reader read it
            logger.warning("hxtool-doc: %d of the %d items %s documents were not found in the rendered text, "
                           "so they are no qemu objects", len(described) - marked, len(described), shown,
                           location=self.get_location(), type="qdoc", subtype="unmatched-items")
        children = list(holder.children)
        holder.clear()
        return children


def qemu_hxtool_loaded(app) -> bool:
    """Whether QEMU's own hxtool extension is loaded in this build too (before qdoc.sphinx or after it)."""
    if "hxtool_srctree" in app.config:
        return True
    return any(str(name).rsplit(".", 1)[-1] == "hxtool" for name in app.config.extensions)


def _serve_hxtool_doc(app, config) -> None:
    app.add_directive("hxtool-doc", HxtoolDocDirective, override=True)


def setup(app) -> None:
    """Register ``hxtool-doc`` and ``hxtool_srctree``, beside QEMU's hxtool if the project loads it too.

    So that a project can move to qdoc gradually: the config value is
    declared once (by hxtool when it is there: Sphinx refuses a second
    declaration), and the directive is registered once every extension
    is set up (``config-inited``), replacing hxtool's whatever the order
    of ``extensions``.
    """
    if not qemu_hxtool_loaded(app):
        app.add_config_value("hxtool_srctree", "", "env", types=(str,))
    app.connect("config-inited", _serve_hxtool_doc)
