"""Option sets for Sphinx documents: path resolution, caching, dependencies.

Directives name source files relative to the document (``.. qemu:options::
../qemu-options.hx``) or, for QEMU's ``hxtool-doc``, relative to the
``hxtool_srctree`` config value.  Each file is read once per process and
build (keyed by path and modification time) however many pages include it:
QEMU renders qemu-options.hx in invocation.rst and in qemu-manpage.rst.
Every file read is noted as a dependency of the document, so editing the
.hx rebuilds the pages that render it.
"""

from __future__ import annotations

import os

from sphinx.util import logging

from ..loader import load
from ..model import OptionSet
from ..readers import UnsupportedFormat
from ..source import InputError
from .confine import source_root

logger = logging.getLogger(__name__)

_cache: dict[tuple[str, int, int, str], OptionSet] = {}


def resolve(env, docname: str, argument: str) -> str:
    """Absolute path of ``argument`` as Sphinx resolves file arguments (``/`` = srcdir)."""
    _, absolute = env.relfn2path(argument, docname)
    return os.path.normpath(absolute)


def display_path(env, path: str) -> str:
    """``path`` relative to the current directory when shorter: what warnings show."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(path) else path


def remember(path: str, source_root: str, model: OptionSet) -> None:
    """Hand :func:`option_set` a model of ``path`` (absolute) read already, for builds whose ``qdoc_source_root`` is ``source_root``.

    ``qdoc man`` reads each source to name its page, then builds it: the
    build takes that model instead of reading the file a second time.
    """
    stat = os.stat(path)
    _cache[(path, stat.st_mtime_ns, stat.st_size, source_root)] = model


def option_set(env, docname: str, path: str, location) -> OptionSet | None:
    """The model of ``path`` (absolute), noted as a dependency of ``docname``.

    Unreadable input is a Sphinx warning at the directive (``location``)
    and gives None: the page builds without the options, and ``-W`` fails.
    A file outside the build's source root (``qdoc_source_root``) is an
    error, and is not read; what it includes is read from inside the root.
    """
    env.note_dependency(path)
    root = source_root(env)
    if not root.contains(path):
        logger.error("qdoc: %s is outside the source root %s (qdoc_source_root); not read", path, root,
                     type="qdoc", subtype="outside-root", location=location)
        return None
    try:
        stat = os.stat(path)
    except OSError as exc:
        logger.warning("qdoc: cannot read %s: %s", path, exc.strerror, type="qdoc", subtype="read", location=location)
        return None
    key = (path, stat.st_mtime_ns, stat.st_size, env.config.qdoc_source_root)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        result = load(display_path(env, path), root=root)
    except (InputError, UnsupportedFormat) as exc:
        logger.warning("qdoc: %s", exc, type="qdoc", subtype="read", location=location)
        return None
    _cache[key] = result
    return result
