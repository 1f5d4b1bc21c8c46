"""Sphinx's file-reading directives, confined to the source root and charged to the input budget.

In a Sphinx build (``qdoc man``, ``.. qemu:options::``, any project using
``qdoc.sphinx``) rST text can name a file that is then read into the
output: ``.. include::``, ``.. literalinclude::`` (and its ``:diff:``),
``.. csv-table:: :file:`` and ``.. raw:: :file:``.  In ``qdoc man`` that
text comes from an .hx's SRST blocks, that is from the tree being read; an
SRST block must not put ``/etc/passwd`` into a man page.  This module
registers checking versions of those four directives: the path each would
read, resolved as the directive itself resolves it, is read only when its
real path (symbolic links resolved) is inside the source root, and its size
is charged to the run's input budget (:class:`qdoc.source.InputRun`).
``:url:`` (a download) is refused.  A refusal is an error at the
directive's line, which ``qdoc man`` turns into exit status 2 (the .hx
line: the SRST block keeps its lines).

The root is the ``qdoc_source_root`` config value (relative to the
configuration directory), by default the folder ``hxtool-doc`` reads .hx
files from (``hxtool_srctree``: in QEMU, the source tree above ``docs/``).
``qdoc man`` sets it to its ``--root`` (by default the source's folder).
"""

from __future__ import annotations

import os
import stat
import weakref

from docutils import nodes
from docutils.parsers.rst import states
from docutils.parsers.rst.directives import misc
from docutils.utils import SystemMessagePropagation
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.util import logging

from ..source import MAX_INPUT_BYTES, IncludeRefused, InputRun, SourceRoot, active_run

logger = logging.getLogger(__name__)

#: docutils' own files for ``.. include:: <isonum.txt>``: readable, and nothing else through ``<...>``.
_STANDARD_INCLUDES = str(getattr(misc.Include, "standard_include_path", "") or os.path.join(os.path.dirname(states.__file__), "include"))

_runs: "weakref.WeakKeyDictionary[object, InputRun]" = weakref.WeakKeyDictionary()


def hxtool_srctree(config, confdir: str) -> str:
    """Where ``hxtool-doc`` finds .hx files: ``hxtool_srctree`` (relative to ``confdir``), else ``confdir``'s parent."""
    return os.path.join(confdir, config.hxtool_srctree) if config.hxtool_srctree else os.path.dirname(confdir)


def _settle_root(app, config) -> None:
    """At ``config-inited``: ``hxtool_srctree`` and ``qdoc_source_root`` made absolute, the root defaulting to the first."""
    confdir = str(app.confdir)
    config.hxtool_srctree = os.path.abspath(hxtool_srctree(config, confdir))
    chosen = os.path.join(confdir, config.qdoc_source_root) if config.qdoc_source_root else config.hxtool_srctree
    config.qdoc_source_root = os.path.abspath(chosen)


def source_root(env) -> SourceRoot:
    """The source root of the build ``env`` belongs to."""
    return SourceRoot(env.config.qdoc_source_root)


def input_run(env) -> InputRun:
    """The run this build reads for: the qdoc command's, else one per Sphinx build."""
    active = active_run()
    if active is not None:
        return active
    run = _runs.get(env)
    if run is None:
        run = _runs[env] = InputRun()
    return run


def refusal(env, path: str, name: str) -> tuple[str, str] | None:
    """``(code, message)`` when ``path`` (written ``name``) may not be read; else None, its size charged."""
    if not os.path.lexists(path):
        return None  # nothing to read: the directive reports the missing file, with its path
    root = source_root(env)
    if not root.contains(path):
        return "outside-root", f"{name!r} is outside the source root {root}; not read"
    try:
        info = os.stat(path)
    except OSError:
        return None  # the directive reports a missing file itself
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the build, a device never end
        return "input-unreadable", f"{name!r} is not a regular file (a device, pipe or socket); not read"
    if info.st_size > MAX_INPUT_BYTES:
        return "input-too-large", f"{name!r} is larger than {MAX_INPUT_BYTES // 2**20} MB; not read"
    try:
        input_run(env).charge(name, info.st_size)
    except IncludeRefused as exc:
        return exc.code, str(exc)
    return None


def _report(directive, code: str, message: str) -> None:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    logger.error("%s: %s", directive.name, message, location=f"{source}:{line}", type="qdoc", subtype=code)


def _docutils_path(directive, name: str) -> str:
    """The path docutils' ``csv-table`` and ``raw`` read for ``:file: name``: relative to the current source."""
    settings = directive.state.document.settings
    adapt = getattr(misc, "adapt_path", None)
    if adapt is not None:
        return str(adapt(name, directive.state.document.current_source, getattr(settings, "root_prefix", "")))
    source_dir = os.path.dirname(os.path.abspath(directive.state.document.current_source))
    return os.path.normpath(os.path.join(source_dir, name))


def _file_option_refusal(directive) -> tuple[str, str] | None:
    """Why docutils' ``:file:``/``:url:`` options of ``directive`` (csv-table, raw) are not read; None if they may be."""
    options = directive.options
    if "url" in options:
        return ("outside-root", f":url: {options['url']} is not read (only files inside the source root)")
    if "file" in options:
        env = directive.state.document.settings.env
        return refusal(env, _docutils_path(directive, options["file"]), options["file"])
    return None


class ConfinedInclude(Include):
    """``.. include::`` of a file inside the source root only.

    A file that is not there is reported here, at the directive's line:
    docutils 0.18 reports it at the wrong line when the directive is in a
    directive's content (an option's text rendered by ``qemu:options``).
    """

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name.startswith("<") and name.endswith(">"):
            path = os.path.join(_STANDARD_INCLUDES, name[1:-1])
            if not SourceRoot(_STANDARD_INCLUDES).contains(path):
                _report(self, "outside-root", f"{name!r} is not one of docutils' standard include files; not read")
                return []
            return super().run()
        path = str(self.env.relfn2path(name)[1])
        if not os.path.lexists(path):
            _report(self, "include-missing", f"{name!r} not found (looked for {path}); the text is left out")
            return []
        found = refusal(self.env, path, name)
        if found:
            _report(self, *found)
            return []
        return super().run()


class ConfinedLiteralInclude(LiteralInclude):
    """``.. literalinclude::`` (and ``:diff:``) of files inside the source root only.

    A file that is not there is an error too (Sphinx only warns and leaves
    the text out, so ``qdoc man`` would write a page missing it).
    """

    def run(self) -> list[nodes.Node]:
        for name in (self.arguments[0], self.options.get("diff")):
            if not name:
                continue
            path = str(self.env.relfn2path(name)[1])
            if not os.path.lexists(path):
                _report(self, "include-missing", f"{name!r} not found (looked for {path}); the text is left out")
                return []
            found = refusal(self.env, path, name)
            if found:
                _report(self, *found)
                return []
        return super().run()


class ConfinedCSVTable(CSVTable):
    """``.. csv-table::`` whose ``:file:`` is inside the source root; no ``:url:``."""

    def get_csv_data(self):
        found = _file_option_refusal(self)
        if found:
            _report(self, *found)
            raise SystemMessagePropagation(nodes.comment())  # the table is left out; the error says why
        return super().get_csv_data()


class ConfinedRaw(misc.Raw):
    """``.. raw::`` whose ``:file:`` is inside the source root; no ``:url:``."""

    def run(self) -> list[nodes.Node]:
        found = _file_option_refusal(self)
        if found:
            _report(self, *found)
            return []
        return super().run()


def _pages_inside_root(app, env, docnames: list[str]) -> None:
    """At ``env-before-read-docs``: a page linking out of the source root and the project is not read.

    The project's own folder counts as inside: ``qdoc man`` writes its page
    into a temporary project beside links into the tree.
    """
    root = source_root(env).with_extra([str(app.srcdir)])
    for docname in list(docnames):
        path = str(env.doc2path(docname))
        if not root.contains(path):
            docnames.remove(docname)
            env.found_docs.discard(docname)  # as if it were not there: Sphinx reads, writes and indexes nothing of it
            logger.error("page %s is a link to %s, outside the source root %s; not read", docname,
                         os.path.realpath(path), root, location=path, type="qdoc", subtype="outside-root")


def setup(app) -> None:
    """Register the confined directives (replacing Sphinx's and docutils') and ``qdoc_source_root``."""
    app.add_config_value("qdoc_source_root", "", "env", types=(str,))
    app.connect("config-inited", _settle_root)
    app.connect("env-before-read-docs", _pages_inside_root)
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
