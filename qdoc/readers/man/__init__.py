"""Reader for troff man pages: ``qemu.1`` / Debian's ``qemu-system.1``, ``qemu-img.1``.

Reads pages written by Sphinx's man builder (docutils' man writer, in its
Sphinx 5.3 / docutils 0.17 and Sphinx 9 / docutils 0.22 forms) and by
pod2man (QEMU <= 4.2, via texi2pod) into the option model, with the same
conventions as the HTML reader (:mod:`qdoc.readers.common.outline_options`): the
structure is read by :mod:`qdoc.readers.man.blocks`, escapes and fonts by
:mod:`qdoc.readers.man.troff`.

``.so`` redirects (Debian's ``qemu-system-x86_64.1`` is ``.so
man1/qemu-system.1``): a reader is pure, so by default the page is
reported (``man-redirect``, with the target) and has no options.  A caller
that can read files passes ``resolve``: a function from the ``.so`` target
(and the page that names it) to ``(path, text)`` (None: not followed),
raising :class:`RedirectError` for a target it may not or cannot read
(outside the source root, missing, over the input budget); :func:`redirect_candidates`
lists where the target may be, relative to the page.  A redirect to a page
already on the way is a loop: an error at the ``.so`` line, as is a refused
target.
"""

from __future__ import annotations

import os
import re
from typing import Callable

from ..._gc import collector_paused
from ...model import Diagnostic, Location, OptionSet, Source
from ..common.outline_options import OutlineBuilder
from ..common.qemu_img import QEMU_IMG_TERMS
from .blocks import MAX_NESTING, ManOutliner

FORMAT = "man"


class RedirectError(Exception):
    """A ``.so`` target that is not read; ``code`` is the diagnostic code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


_MAX_REDIRECTS = 4


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import man as sniff  # noqa: E402,F401


def redirect_candidates(path: str, target: str) -> list[str]:
    """Files a ``.so target`` line of ``path`` may mean, most likely first.

    man(1) resolves ``.so`` relative to the man root (``/usr/share/man``,
    the parent of ``man1/``); trees that keep pages flat (the corpus'
    ``debian-7.2/man``) have the target beside the page.
    """
    here = os.path.dirname(path)
    candidates = [
        os.path.join(os.path.dirname(here), target),
        os.path.join(here, target),
        os.path.join(here, os.path.basename(target)),
    ]
    seen: list[str] = []
    for candidate in candidates:
        if candidate not in seen:
            seen.append(candidate)
    return seen


#: QEMU's programs that are not the system emulator, by the name their page's .TH line gives.
#: Their options (qemu-storage-daemon's ``--blockdev``, qemu-nbd's ``-T``) are
#: not the emulator's, and a check holding the emulator's -help against its
#: documentation must be able to tell.
OTHER_PROGRAMS = frozenset({"virtiofsd", "virtfs-proxy-helper"})


def _program(title: list[str], path: str, given: str | None) -> str:
    """The program a page documents: ``given``, else what its .TH title names.

    ``QEMU`` (upstream's qemu.1, Debian's qemu-system.1) and Debian's kvm.1
    are the system emulator, as is a page with an unknown title; a command's
    page (sections 1 and 8) titled ``qemu-*`` other than ``qemu-system*``, or
    one of :data:`OTHER_PROGRAMS`, documents a program of its own.  Overview
    pages (section 7: qemu-block-drivers, qemu-cpu-models) belong to the
    emulator's manual.
    """
    if given:
        return given
    name = (title[0] if title else os.path.basename(path)).lower()
    if "qemu-img" in name or "qemu-img" in os.path.basename(path).lower():
        return "qemu-img"
    command = len(title) < 2 or title[1] in ("1", "8")
    if command and ((name.startswith("qemu-") and not name.startswith("qemu-system")) or name in OTHER_PROGRAMS):
        return name
    return "qemu-system"


@collector_paused
def read_man(
    text: str,
    path: str,
    *,
    release: str | None = None,
    program: str | None = None,
    resolve: Callable[[str, str], tuple[str, str] | None] | None = None,
) -> OptionSet:
    """Read a troff man page into an :class:`OptionSet`."""
    diagnostics: list[Diagnostic] = []
    first = path

    def report(severity: str, code: str, message: str, line: int, where: str | None = None) -> None:
        diagnostics.append(Diagnostic(severity, code, message, Location(where or first, line)))

    def unread() -> OptionSet:
        return OptionSet(program=program or "qemu-system", source=Source(FORMAT, first), release=release, diagnostics=diagnostics)

    chain = [os.path.normpath(path)]
    while True:
        if not text.strip():
            report("error", "man-empty", "empty file: no man page to read", 1, path)
            return unread()
        outliner = ManOutliner(text)
        blocks = outliner.outline()
        if outliner.redirect is None or blocks:
            break
        target, line = outliner.redirect
        if len(chain) > _MAX_REDIRECTS:
            report("error", "man-redirect-chain", f".so {target}: more than {_MAX_REDIRECTS} redirects in a row; not followed", line, path)
            return unread()
        try:
            found = resolve(target, path) if resolve else None
        except RedirectError as exc:
            report("error", exc.code, f".so {target}: {exc}", line, path)
            return unread()
        if found is None:  # a caller that reads no files
            report("warning", "man-redirect", f"this page is only a redirect (.so {target}); read that page instead", line, path)
            return unread()
        if os.path.normpath(found[0]) in chain:
            report("error", "man-redirect-loop", f".so {target}: redirect loop ({' -> '.join([*chain, found[0]])})", line, path)
            return unread()
        report("info", "man-redirect", f"followed .so {target} to {found[0]}", line, path)
        chain.append(os.path.normpath(found[0]))
        path, text = found
    if outliner.too_deep:
        report("warning", "man-too-deep", f"indentation nested deeper than {MAX_NESTING} levels: the deeper levels are read flat", outliner.too_deep)
    if outliner.unclosed_table:
        report("warning", "man-unclosed-table", "table (.TS) has no .TE: the rest of the page is read as its rows", outliner.unclosed_table)
    for name, line in sorted(outliner.unknown.items(), key=lambda kv: kv[1]):
        report("warning", "man-unknown-macro", f"unknown macro .{name} (its arguments are kept as text)", line)
    if not outliner.title:
        report("warning", "man-no-title", "no .TH line: not a man page?", 1)
    prog = _program(outliner.title, path, program)
    extra = QEMU_IMG_TERMS if prog == "qemu-img" else {}
    option_set = OutlineBuilder(path, FORMAT, prog, release, diagnostics, **extra).build(blocks)
    if not option_set.options:
        report("warning", "man-no-options", "no documented option found in this page", 1)
    option_set.diagnostics.sort(key=lambda d: (d.location.line if d.location else 0))
    return option_set
