"""Timing helpers shared by the benchmarks: best of N, two sides interleaved, subprocesses, the results.

Every figure a benchmark reports is the *best* of several runs, not the
mean: on a shared machine the other load only ever adds time, so the
fastest run is the one closest to what the code itself costs.  For the same
reason a comparison with a peer tool runs the two sides alternately
(:func:`interleaved`), so a burst of load hits both alike instead of
whichever happened to be running.

The garbage collector runs before each timed run, outside the timing, so no
run pays for the garbage of the one before it.
"""

from __future__ import annotations

import gc
import os
import subprocess
import time
from typing import Callable, Iterable, NamedTuple


def _timed(func: Callable[[], object], reset: Callable[[], None] | None) -> float:
    """Seconds one call of ``func`` takes; ``reset`` and a collection run first, untimed."""
    if reset is not None:
        reset()
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def best_of(repeat: int, func: Callable[[], object], reset: Callable[[], None] | None = None) -> float:
    """The fastest of ``repeat`` calls of ``func``, in seconds.

    ``reset`` is called before every run (untimed), for instance to empty
    caches so that each run does the whole work rather than the first alone.
    """
    return min(_timed(func, reset) for _ in range(repeat))


def interleaved(repeat: int, first: Callable[[], object], second: Callable[[], object],
                *, reset_first: Callable[[], None] | None = None) -> tuple[float, float]:
    """The fastest of ``repeat`` calls of each of two callables, called alternately.

    ``reset_first`` runs (untimed) before every call of ``first``, as ``reset``
    does for :func:`best_of`.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for func, reset, runs in zip((first, second), (reset_first, None), times):
            runs.append(_timed(func, reset))
    return min(times[0]), min(times[1])


def command(*argv: str, cwd: str | os.PathLike | None = None, env: dict[str, str] | None = None, check: bool = False) -> Callable[[], None]:
    """A callable that runs ``argv`` as a whole process, for :func:`best_of` and :func:`interleaved`.

    Its output goes to ``/dev/null``: what is timed is the tool's work, not
    this process reading a pipe.  With ``check`` a failing run raises
    (a broken measure must not pass for a fast one).
    """

    def run() -> None:
        subprocess.run(argv, cwd=cwd, env=env, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


class Measure(NamedTuple):
    """One row of a results table: what was measured, its value, and the target it must meet ("" if none)."""

    name: str
    value: float
    target: str = ""
    digits: int = 3


def print_measures(measures: Iterable[Measure], name_width: int, value_width: int) -> None:
    """Print ``measure  value  target`` as a table, values right-aligned to ``digits`` decimals."""
    print(f"{'measure':{name_width}} {'value':>{value_width}} {'target':>{value_width}}")
    for m in measures:
        value = f"{m.value:.{m.digits}f}"
        print(f"{m.name:{name_width}} {value:>{value_width}} {m.target:>{value_width}}".rstrip())


def verdict(missed: list[str]) -> int:
    """Print which targets were missed (or that all were met); the exit status: 1 if any missed, else 0."""
    if missed:
        print("MISSED: " + ", ".join(missed))
        return 1
    print("all targets met")
    return 0
