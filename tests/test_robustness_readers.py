"""Property tests: every reader survives damaged versions of the real corpus.

For each reader, hypothesis draws excerpts of real QEMU documentation and
damages them (truncation, byte flips, deleted, duplicated and swapped blocks,
the format's own markup nested up to thousands deep, see
``tests/fuzz/harness.py``).  The reader must return an option set whose
errors and warnings have a line, or raise qdoc's own input error, and do so
within a time linear in the input's size.

The CI budget runs one to two and a half thousand examples per reader, about
two minutes in all.  ``QDOC_FUZZ_BUDGET=full`` runs the budget CI ran until
issue 25 (33,500 examples against 17,500: about four minutes),
``QDOC_FUZZ_BUDGET=long`` ten times that (and ``QDOC_FUZZ_BUDGET=N`` exactly N
per reader); ``tests/fuzz/fuzz_readers.py`` is the coverage-guided run.
"""

from __future__ import annotations

import json
import os
import random
import re
import gc
import signal
import time
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import harness

#: Examples per reader with ``QDOC_FUZZ_BUDGET=full``: the cheap readers get more.  About 4 minutes in all on 2 cores.
FULL_EXAMPLES = {"hx": 3000, "texinfo": 5000, "html": 5000, "man": 3000, "rst": 2500, "help": 5000, "qmp": 5000, "ocr": 5000}

#: Examples per reader in CI, about half of each reader's time: the suite must stay within CI's 15 minutes
#: (rst, 17 ms an example, the dearest; qdoc's own hx and man readers keep the most of theirs).
CI_EXAMPLES = {"hx": 2000, "texinfo": 2500, "html": 2500, "man": 2000, "rst": 1000, "help": 2500, "qmp": 2500, "ocr": 2500}


def examples(fmt: str) -> int:
    budget = os.environ.get("QDOC_FUZZ_BUDGET", "ci")
    if budget == "ci":
        return CI_EXAMPLES[fmt]
    if budget == "full":
        return FULL_EXAMPLES[fmt]
    if budget == "long":
        return 10 * FULL_EXAMPLES[fmt]
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


def _spellings(names, aliases: dict[str, str] | None = None) -> set[str]:
    """Option names with one dash, as the model spells them (``--preconfig`` is ``-preconfig``), ``aliases`` resolved."""
    return {(aliases or {}).get(n, n) for n in ("-" + name.lstrip("-") for name in names)}


def _scanned_entries(fmt: str, relative: str, text: str) -> tuple[set[str], bool]:
    """The options (or commands) a plain scan of a seed finds, and whether the scan is exact or only a superset.

    Independent of the readers: DEF lines and ``.name =`` fields, -help's
    line starts, the terms of man (``.TP``/``.B``, pod2man's ``.IP``) and
    HTML (``<dt>``, a highlighted synopsis), texinfo's ``@item -x``, the
    QMP reply's groups; for a manual read without its included files, a
    superset (its user-mode emulators' tables too).
    """
    if fmt == "hx":
        if "hmp-commands" in relative:
            return {n.split("|")[0] for n in re.findall(r'^\s*\.name\s*=\s*"([^"]+)"', text, re.M)}, True
        names = re.findall(r'^DEF\("([^"]+)"', text, re.M)
        return (set(names) if "qemu-img" in relative else {"-" + n for n in names}), True
    if fmt == "help":
        lines = re.findall(r"^(-[\w/-]+)", text, re.M)
        return _spellings((n for line in lines for n in line.split("/")), {"-h": "-help"}), True  # "-h or -help"
    if fmt == "man":
        plain = re.sub(r"\\f[BIRP]|\\&", "", text).replace("\\-", "-")
        options = _spellings(re.findall(r'^(?:\.TP\n\.B |\.IP ")(--?[\w-]+)', plain, re.M))
        return options | set(re.findall(r"^\.TP\n\.B ([a-z][\w-]*) [\[A-Z(]", plain, re.M)), True  # qemu-img's commands
    if fmt == "html":
        terms = re.findall(r"<dt[^>]*>\s*(?:<[^>]+>\s*)*(-[\w-]+)", text)
        if not terms:  # a page of one device (guest-loader): the option of its highlighted synopsis
            terms = ["-" + s for s in re.findall(r'<pre><span></span><span class="o">-</span><span class="n">(\w+)</span>', text)]
        return _spellings(terms), True
    if fmt == "texinfo":
        return set(re.findall(r"^@itemx? (-[\w-]+)", text, re.M)), "@include" not in text
    if fmt == "qmp":
        return {"-" + group["option"] for group in json.loads(text)["return"] if group["option"]}, False
    return set(), False


@pytest.mark.parametrize("fmt", sorted(harness.SEEDS))
def test_every_reader_reads_its_undamaged_seeds(fmt):
    """Each seed reads whole: no error, and the options a plain scan of it finds.

    The texinfo manuals' only errors are the harness's refused
    ``@include``s, one at each ``@include`` line; the rST lists give one
    record per entry heading (removed-features exactly; deprecated at least,
    some entries name several things).
    """
    for relative, data in zip(harness.SEEDS[fmt], harness.seeds(fmt)):
        option_set = harness.check(fmt, data)
        assert option_set is not None, relative
        text = data.decode("utf-8")
        errors = [(d.code, d.location.line) for d in option_set.diagnostics if d.severity == "error"]
        includes = [n for n, line in enumerate(text.splitlines(), 1) if fmt == "texinfo" and line.startswith("@include ")]
        assert errors == [("texinfo-include-missing", n) for n in includes], relative
        scanned, exact = _scanned_entries(fmt, relative, text)
        read = {o.name for o in option_set.options}
        if fmt == "qmp":  # a group's name is not always its option's (``acpi`` is -acpitable): count them
            assert len(read) == len(scanned), relative
        elif fmt == "ocr":  # what the text says is what is read: the name as a word, or the damaged original
            for option in option_set.options:
                said = option.original_text if option.recovery == "repaired" else option.name.lstrip("-")
                assert re.search(r"(?<![\w-])-?" + re.escape(said) + r"(?![\w-])", text), option.name
            assert len(read) >= 30, relative  # the scanned pages document 40
        elif fmt != "rst":  # the lists' records are counted below
            assert read == scanned if exact else read <= scanned and read, relative
        if fmt == "rst" and relative.endswith(("deprecated.rst", "removed-features.rst")):
            lines = text.splitlines()
            headings = sum(1 for line, under in zip(lines, lines[1:]) if line.strip() and re.fullmatch(r"'{3,}", under))
            records = option_set.deprecations + option_set.removals
            assert len(records) == headings if "removed" in relative else len(records) >= headings > 0, relative


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
