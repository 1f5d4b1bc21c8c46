"""Property tests: every reader survives damaged versions of the real corpus.

For each reader, hypothesis draws excerpts of real QEMU documentation and
damages them (truncation, byte flips, deleted, duplicated and swapped blocks,
the format's own markup nested up to thousands deep, see
``tests/fuzz/harness.py``).  The reader must return an option set whose
errors and warnings have a line, or raise qdoc's own input error, and do so
within a time linear in the input's size.

The CI budget runs a few thousand examples per reader in about four minutes
in total.  ``QDOC_FUZZ_BUDGET=long`` runs ten times as many (and
``QDOC_FUZZ_BUDGET=N`` exactly N per reader); ``tests/fuzz/fuzz_readers.py``
is the coverage-guided run.
"""

from __future__ import annotations

import os
import random
import gc
import signal
import time
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import harness

#: Examples per reader in CI: the cheap readers get more.  About 4 minutes in all on 2 cores.
CI_EXAMPLES = {"hx": 3000, "texinfo": 5000, "html": 5000, "man": 3000, "rst": 2500, "help": 5000, "qmp": 5000, "ocr": 5000}


def examples(fmt: str) -> int:
    budget = os.environ.get("QDOC_FUZZ_BUDGET", "ci")
    if budget == "ci":
        return CI_EXAMPLES[fmt]
    if budget == "long":
        return 10 * CI_EXAMPLES[fmt]
    return int(budget)


class Hang(Exception):
    """A read that did not finish in its time bound (raised by the alarm)."""


@contextmanager
def time_limit(seconds: float):
    """Turn a hang into a test failure instead of a stuck CI job."""

    def alarm(signum, frame):
        raise Hang(f"no result after {seconds:.1f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(fmt: str, data: bytes, bound: float) -> float:
    """Seconds one read takes, garbage collection kept out of the measure.

    The test process holds hundreds of MB (Hypothesis' data, the readers'
    caches); a full collection landing inside a read took seconds and did
    not reproduce.  The reader's own work is what the bound is about.
    """
    gc.disable()  # collections run between reads, not inside the measure
    try:
        start = time.perf_counter()
        with time_limit(2 * bound):
            harness.check(fmt, data)
        return time.perf_counter() - start
    finally:
        gc.enable()


def survives(fmt: str, data: bytes) -> None:
    bound = harness.time_bound(len(data))
    elapsed = _timed(fmt, data, bound)
    if elapsed >= bound:
        # A stall of a loaded 2-core machine does not repeat; a quadratic
        # path or a hang does.  Fail only when the read is slow twice.
        elapsed = min(elapsed, _timed(fmt, data, bound))
    assert elapsed < bound, f"{fmt} reader took {elapsed:.2f} s for {len(data)} bytes (bound {bound:.2f} s)"


def _property(fmt: str):
    @pytest.mark.slow
    @settings(
        max_examples=examples(fmt),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(rnd=st.randoms(use_true_random=False))
    def test(rnd):
        survives(fmt, harness.mutate(fmt, rnd))

    test.__name__ = f"test_{fmt}_reader_survives_damaged_corpus"
    test.__doc__ = f"The {fmt} reader on mutated corpus excerpts: a model or qdoc's own error, in linear time."
    return test


test_hx_reader_survives_damaged_corpus = _property("hx")
test_texinfo_reader_survives_damaged_corpus = _property("texinfo")
test_html_reader_survives_damaged_corpus = _property("html")
test_man_reader_survives_damaged_corpus = _property("man")
test_rst_reader_survives_damaged_corpus = _property("rst")
test_help_reader_survives_damaged_corpus = _property("help")
test_qmp_reader_survives_damaged_corpus = _property("qmp")
test_ocr_reader_survives_damaged_corpus = _property("ocr")


@pytest.mark.parametrize("fmt", sorted(harness.SEEDS))
def test_every_reader_reads_its_undamaged_seeds(fmt):
    """The harness calls each reader the right way: the seeds themselves read without errors from qdoc."""
    for relative, data in zip(harness.SEEDS[fmt], harness.seeds(fmt)):
        option_set = harness.check(fmt, data)
        assert option_set is not None, relative


@pytest.mark.parametrize("fmt", sorted(harness.SEEDS))
@pytest.mark.parametrize("depth", [10_000])
def test_deep_nesting_of_each_format(fmt, depth):
    """Every nesting construct of every format, 10,000 deep, closed and unclosed: no recursion error, no hang."""
    for opening, closing in harness.NESTING[fmt]:
        for close in (True, False):
            data = (opening * depth + "text\n" + (closing * depth if close else "")).encode()
            survives(fmt, data)


@pytest.mark.parametrize("fmt", sorted(harness.SEEDS))
def test_text_that_is_not_the_format(fmt):
    """Empty, blank, binary-looking and other formats' text: never an exception."""
    inputs = [b"", b"\n", b" \t\n\n", b"\xef\xbb\xbf", "\u2028\u2029\x0b\x0c\x1b[0m".encode(), b"\x00", b"\xff\xfe"]
    inputs += [
        harness.excerpt(harness.seed_bytes(harness.SEEDS[other][0]), random.Random(0), 3000)
        for other in harness.SEEDS
        if other != fmt
    ]
    for data in inputs:
        survives(fmt, data)
