"""Reading a file with CPython's cyclic garbage collector paused.

A reader allocates tens of thousands of small objects (locations, synopses,
sub-options, parser nodes) and frees few of them before it returns.  Every
few hundred allocations the cyclic collector walks the young objects, and as
they survive, the older generations too: 10 to 25 % of a read spent finding
no garbage.  Reference counting frees everything as usual while the
collector rests; it is resumed (only if it was running) when the read ends,
however it ends, so a cycle made during a read is collected at the next
ordinary collection.
"""

from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def collector_paused(read: F) -> F:
    """Decorate a reader entry point so that it runs without cyclic collections."""

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
