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

import functools
import gc
from typing import Callable, TypeVar

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
