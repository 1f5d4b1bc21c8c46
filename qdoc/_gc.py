"""Reading a file, or rendering one in Sphinx, with CPython's cyclic garbage collector paused.

A reader allocates tens of thousands of small objects (locations, synopses,
sub-options, parser nodes) and frees few of them before it returns.  Every
few hundred allocations the cyclic collector walks the young objects, and as
they survive, the older generations too: 10 to 25 % of a read spent finding
no garbage.  Reference counting frees everything as usual while the
collector rests; it is resumed (only if it was running) when the read ends,
however it ends, so a cycle made during a read is collected at the next
ordinary collection.

Rendering a whole file in Sphinx is paused too.  ``hxtool-doc`` and
``qemu:options`` turn a whole file into doctree nodes in
one directive: QEMU's qemu-options.hx becomes most of a page, tens of
thousands of nodes that all survive (they *are* the page), built together
with qdoc's model of the file (read, as every reader does, with the collector
paused).  With the collector running, every few
hundred allocations it walks the young nodes, finds them alive and promotes
them, and every eleventh of those walks counts toward a *full* collection
of Sphinx's whole heap.  Building QEMU 7.2's or 10.2's qemu-manpage.rst
that made three full collections; the last, in the writing phase, walks
180,000 objects (90 ms, 5 % of the build).

Paused for the directive, the collector's young-generation work becomes one
walk of the directive's objects when it resumes, and those builds make two
full collections (plain Sphinx building the same page from pre-generated
rST makes two for 7.2, three for 10.2).  What this trades: docutils' parser
leaves cyclic garbage (state machines and their states; 45,000 to 60,000
objects for qemu-options.hx, a few MB: the build's peak RSS does not
change), which is freed at the first collection after the directive instead
of during it.  Nothing is hidden from the collector (this is not
``gc.freeze()``): a long-running host such as sphinx-autobuild collects
every object of a build as usual.  The collector is resumed however the
directive ends, and only if it was running.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)


def collector_paused(read: F) -> F:
    """Decorate a reader entry point or a directive's ``run`` so that it runs without cyclic collections."""

    @functools.wraps(read)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return read(*args, **kwargs)
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]


@contextlib.contextmanager
def collector_off_until_exit() -> Iterator[None]:
    """Run qdoc as a program: the collector off for the whole command, everything left frozen at its end.

    A command run as a program (``qdoc lint``, ``python -m qdoc``) reads a
    documentation set into one model, reports on it and exits: what it
    makes lives until the process ends, and the collector's walks find next
    to nothing (a lint of QEMU 7.2 with Debian's outputs: about 10,000
    objects collected in 50 collections, while some 90,000 are alive at its
    end).  Yet each walk costs: the young collections after every read, the
    one after the command, and the interpreter's final collection at exit
    each walk what the reads made (measured: a sixth of that lint's CPU
    time, a quarter of a lint of every release or of ``qdoc man``).  So the
    collector stays off while the command runs, and
    at its end what is left is frozen (:func:`gc.freeze`), so that neither
    a last young collection nor the final one at exit walks it.

    What this trades: cyclic garbage (docutils' state machines) is freed
    when the process ends instead of during the command.  Measured peak
    memory: a lint of every release 117 -> 130 MB, ``qdoc man`` of 10.2.0's
    qemu-options.hx 105 -> 119 MB, ``qdoc build`` 71 -> 74 MB; every input
    is bounded in size (:mod:`qdoc.source`), so the garbage is too.  Only
    the program does this (:func:`qdoc.cli.main` called with no arguments):
    a caller that runs a command in its own process (a test) keeps its
    collector as it was.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # also resets the young generation's count: no walk when the collector resumes
        gc.enable()
