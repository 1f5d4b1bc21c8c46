"""``.. hxtool-doc:: FILE``: QEMU's own directive, served by qdoc.

A drop-in for QEMU's docs/sphinx/hxtool.py, so that QEMU's real
docs/system/*.rst build with qdoc alone: the rST of the file's
``SRST``/``ERST`` blocks is rendered in order, each ``DEFHEADING`` /
``ARCHHEADING`` opening a section, ``SRST(label)`` giving a ``.. _label:``
target (not under ``:no-index:``, for a second page rendering the same file), and every line keeping its .hx line number for warnings.  The file
is read by qdoc's .hx reader too, so the options it documents become
``qemu`` domain objects (cross-references, the option index, man page
styling) and its lint findings are reported at their .hx lines.

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
from sphinx.util.docutils import SphinxDirective

from .._gc import collector_paused
from ..source import IncludeRefused, InputError
from .confine import input_run, logger, source_root
from .generated import parse_generated
from .lint import report_findings
from .nodes import detached_section
from .objects import lines_of, mark_objects
from .sources import display_path, option_set

_MARKER_RE = re.compile(r"^(?:(?P<begin>SRST)(?:\((?P<label>[^)]*)\))?|(?P<end>ERST)|(?P<comment>HXCOMM))(?![\w(])")


def rst_blocks(text: str, path: str, heading_lines: dict[int, str], labels: bool = True):
    """Yield ``("heading", line, title)`` and ``("rst", line, text)`` in file order.

    Only the block markers are recognised here; headings come from the
    model (``heading_lines``: line -> title), so empty ``DEFHEADING()``
    lines (spacing in ``-help``) open no section, as in QEMU.
    """
    in_block = False
    for number, line in enumerate(text.split("\n"), 1):
        marker = _MARKER_RE.match(line)
        if marker and marker.group("comment"):
            continue
        if marker and marker.group("begin"):
            in_block = True
            label = marker.group("label")
            if label and labels:
                yield ("rst", number, "")
                yield ("rst", number, f".. _{label.strip()}:")
                yield ("rst", number, "")
            continue
        if marker and marker.group("end"):
            in_block = False
            continue
        if in_block:
            yield ("rst", number, line.rstrip())
        elif number in heading_lines:
            yield ("heading", number, heading_lines[number])


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
        report_findings(self.env, model, shown)
        headings = {s.location.line: s.title for s in model.sections if s.location.path == shown}
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

        for kind, line, text in rst_blocks(text, shown, headings, labels="no-index" not in self.options):
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
        mark_objects(holder, lines_of(model, shown), shown, env=self.env, document=self.state.document,
                     no_index="no-index" in self.options)
        children = list(holder.children)
        holder.clear()
        return children
