"""A Sphinx project built in-process, its crashes reported at the page that caused them.

``qdoc build`` builds the tree's Sphinx project (when it has a ``conf.py``)
as ``sphinx-build`` would.  ``sphinx.cmd.build.build_main`` is not used:
when Sphinx raises (a page that is not UTF-8, lists nested a thousand
deep), it prints "Please also report this if it was a user error...",
saves the traceback to a ``sphinx-err-*.log`` left in the temporary
folder, and returns 2, the page and line lost on the way.  It also takes
KeyboardInterrupt for a failed build, where qdoc must clean up and stop.

Here the application is made and run directly, as ``build_main`` does, and
what it raises becomes an :class:`~qdoc.source.InputError` located where
the input went wrong: the line of the block docutils was parsing when the
nesting was too deep, else the page being read (``conf.py`` before any).
Pages are checked to be UTF-8 before any is read, and a page that is not
gets the message qdoc's readers give (``path:line:col: invalid UTF-8 byte
...``): Sphinx 9 stops at it, and Sphinx 5.3 builds it with ``?`` for
the bytes.
"""

from __future__ import annotations

import os
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from io import StringIO
from typing import TextIO

from ..model import Diagnostic, Location
from ..readers.rst.depth import CODE as TOO_DEEP_CODE
from ..readers.rst.depth import MESSAGE as TOO_DEEP_MESSAGE
from ..readers.rst.depth import deepest_block
from ..source import InputError, decode


def build_project(source: str, builder: str, outdir: str, doctrees: str, *, overrides: dict[str, str], log: TextIO) -> int:
    """``sphinx-build -q -b BUILDER -d DOCTREES SOURCE OUTDIR`` with ``-D`` ``overrides``; its status.

    Warnings, and anything the project prints, go to ``log``.  A build that
    raises is an :class:`InputError` at the page being read (``conf.py``
    when no page was).
    """
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # the warnings go to a file, as build_main decides when its output is no terminal
    app = None
    try:
        with redirect_stdout(StringIO()), redirect_stderr(log), patch_docutils(source), docutils_namespace():
            app = Sphinx(source, source, outdir, doctrees, builder, confoverrides=overrides, status=None, warning=log)
            app.connect("env-before-read-docs", partial(_check_pages_are_text, source))
            app.build()
            return app.statuscode
    except Exception as exc:  # KeyboardInterrupt and qdoc's Interrupted go on: the run stops
        raise _located(exc, source, builder, _current_page(app, source)) from None


def _check_pages_are_text(source: str, app, env, docnames) -> None:
    """Refuse, before any is read, a page that is not text in the project's encoding.

    Sphinx 9 stops at such a page with a bare ``UnicodeDecodeError``;
    Sphinx 5.3 warns and replaces the bytes with ``?``, and the page is
    built wrong.  Either way it is an input error, at its byte.
    """
    if app.config.source_encoding.lower().replace("_", "-") not in ("utf-8", "utf-8-sig", "utf8"):
        return  # a project in another encoding: Sphinx's to decode
    for docname in docnames:
        try:
            with open(env.doc2path(docname), "rb") as handle:
                data = handle.read()
        except OSError:
            continue  # Sphinx reports a page it cannot open
        decode(data, os.path.join(source, str(env.doc2path(docname, False))))


def _current_page(app, source: str) -> str | None:
    """The page Sphinx was reading (as a path under ``source``), if it was reading one."""
    env = getattr(app, "env", None)
    try:
        docname = env.docname if env is not None else None
    except (AttributeError, KeyError):  # Sphinx 5.3 outside a page
        docname = None
    if not docname:
        return None
    return os.path.join(source, str(env.doc2path(docname, False)))


def _located(exc: Exception, source: str, builder: str, page: str | None) -> InputError:
    """The error ``exc`` stands for, at the input that caused it."""
    cause = _root_cause(exc)
    if isinstance(cause, InputError):  # raised by this module's own check, through Sphinx's event
        return cause
    if isinstance(cause, RecursionError):
        where, line = deepest_block(cause)
        shown = _as_given(where, source) if where else page
        if shown:
            return InputError.at(shown, line, TOO_DEEP_MESSAGE, TOO_DEEP_CODE)
    kind = getattr(cause, "category", None) or type(cause).__name__
    message = f"sphinx-build -b {builder} failed: {kind}: {' '.join(str(cause).split())}"
    conf = os.path.join(source, "conf.py")
    line = _line_in(cause, conf)
    where = Location(page, 0) if page and not line else Location(conf, line or 1)
    return InputError(Diagnostic("error", "build-sphinx", message, where))


def _line_in(exc: BaseException, path: str) -> int:
    """The line of ``path`` (``conf.py``) deepest in ``exc``'s traceback; 0 when it is not on it."""
    target = os.path.abspath(path)
    line = 0
    traceback = exc.__traceback__
    while traceback is not None:
        if os.path.abspath(traceback.tb_frame.f_code.co_filename) == target:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _root_cause(exc: BaseException) -> BaseException:
    """The exception an extension's event handler raised, when Sphinx wrapped it in an ExtensionError."""
    seen = {id(exc)}
    while exc.__cause__ is not None and id(exc.__cause__) not in seen and not isinstance(exc, RecursionError):
        exc = exc.__cause__
        seen.add(id(exc))
    return exc


def _as_given(path: str, source: str) -> str:
    """``path`` (absolute, as Sphinx reads it) under ``source`` as the user named it."""
    absolute = os.path.abspath(source)
    if os.path.commonpath([absolute, os.path.abspath(path)]) == absolute:
        return os.path.join(source, os.path.relpath(path, absolute))
    return path
