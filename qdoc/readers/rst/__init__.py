"""Reader for QEMU's rST pages: the deprecation and removal lists, and the option pages.

Three kinds of .rst page say something about options, each read its own way:

- ``docs/about/deprecated.rst`` (``docs/system/deprecated.rst`` in 5.0 to
  6.0): one :class:`~qdoc.model.Record` per entry in ``deprecations`` (and,
  in 5.x, the "Recently removed features" at its end in ``removals``);
- ``docs/about/removed-features.rst``: one record per entry in ``removals``;
- pages with ``.. hxtool-doc::`` (``invocation.rst``, ``qemu-manpage.rst``):
  the options of the .hx file they include, in the order a reader sees them
  (:mod:`qdoc.readers.rst.tree`).

The kind is decided by the file name, then by the content.  Any other page
(most of QEMU's manual) documents no options: it is not parsed and gives an
empty option set with an ``info`` diagnostic, so ``qdoc build`` over a whole
docs tree does not fail on Sphinx markup it does not need.  Parsing is
docutils' (:mod:`qdoc.readers.rst.parsing`); its messages become diagnostics.
"""

from __future__ import annotations

import os
import re

from ..._gc import collector_paused
from ...model import Diagnostic, Location, OptionSet, Source
from .parsing import parse
from .records import read_records
from .resolve import SourceTree
from .tree import read_tree

FORMAT = "rst"

_LIST_TITLE_RE = re.compile(r"^(?:Recently\s+)?(Deprecated|Removed)\s+features\s*\n([=\-~'^\"*#+])\2{3,}\s*$", re.M | re.I)
_HXTOOL_RE = re.compile(r"^\s*\.\.\s+hxtool-doc::", re.M)


def page_kind(path: str, text: str) -> str | None:
    """``deprecations``, ``removals``, ``options`` or None (a page without options)."""
    name = os.path.basename(path).lower()
    if name.startswith("deprecated"):
        return "deprecations"
    if name.startswith("removed-features"):
        return "removals"
    if _HXTOOL_RE.search(text):
        return "options"
    m = _LIST_TITLE_RE.search(text)
    if m:
        return "removals" if m.group(1).lower() == "removed" else "deprecations"
    return None


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import rst as sniff  # noqa: E402,F401


@collector_paused
def read_rst(
    text: str,
    path: str,
    *,
    release: str | None = None,
    program: str | None = None,
    tree: SourceTree | None = None,
) -> OptionSet:
    """Read an rST page; ``tree`` resolves includes and ``hxtool-doc`` (default: the page's folder as the root).

    A QEMU page (``docs/system/qemu-manpage.rst``) names its .hx relative to
    the tree's top: the caller passes a tree rooted there (``qdoc parse
    --root``); the root is never guessed from the page's place.
    """
    kind = page_kind(path, text)
    if kind == "options":
        return read_tree(text, path, tree, release, program)
    option_set = OptionSet(program=program or "qemu-system", source=Source(format=FORMAT, path=path), release=release)
    if kind is None:
        option_set.diagnostics.append(
            Diagnostic("info", "rst-no-options", "neither a deprecation or removal list nor an option page: nothing read", Location(path, 1))
        )
        return option_set
    result = parse(text, path)
    records = read_records(result.document, text, path, "removal" if kind == "removals" else "deprecation")
    option_set.deprecations = records.deprecations
    option_set.removals = records.removals
    option_set.sections = records.sections
    option_set.diagnostics = result.diagnostics + records.diagnostics
    return option_set
