"""SIGTERM and SIGINT as an exception, so that a stopped run cleans up after itself.

A CI job cancelled, a ``timeout`` expiring, Ctrl-C: the default actions end
the process where it stands, leaving temporary files and staging folders
behind.  Within :func:`signals_as_exceptions` (the CLI's whole run) the
signals raise :class:`Interrupted` instead, so ``finally`` blocks run and
:mod:`qdoc.outputs` removes what it started.

An exception raised by a signal handler can land where it does harm: in an
extension module's initialisation (orjson's segfaults), or in a Python
callback of C code that swallows it (orjson's ``default``).  The first is
avoided by asking again shortly when the signal arrives during an import;
the second by remembering the signal: :func:`raise_if_interrupted`, called
before every write, raises it again, so a stopped run writes nothing more.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_received: int | None = None


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived; exit status 128 + :attr:`signum`.

    A BaseException that is not KeyboardInterrupt, so that code catching
    ``Exception`` or ``KeyboardInterrupt`` (Sphinx's build_main does) cannot
    turn it into an ordinary failure.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def raise_if_interrupted() -> None:
    """Raise :class:`Interrupted` if a stop signal arrived (its first exception may have been swallowed)."""
    if _received is not None:
        raise Interrupted(_received)


def _importing(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _handle(signum: int, frame) -> None:
    global _received
    if _received is not None:
        return  # the first one is being handled: let its clean-up finish
    if _importing(frame):
        again = threading.Timer(0.02, os.kill, (os.getpid(), signum))
        again.daemon = True
        again.start()
        return
    _received = signum
    raise Interrupted(signum)


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Within the block SIGTERM and SIGINT raise :class:`Interrupted`; the previous handlers come back after."""
    global _received
    try:
        previous = {s: signal.signal(s, _handle) for s in STOP_SIGNALS}
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _received = None
