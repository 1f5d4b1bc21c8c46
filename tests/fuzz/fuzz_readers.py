"""Coverage-guided fuzzing of every reader with atheris (libFuzzer for Python).

Each reader is fuzzed in its own process for a fixed time, starting from a
seed corpus of excerpts of the real QEMU documentation (written to a
temporary folder, never into the project).  Inputs go through the same path
as ``qdoc parse``: strict decoding, then the reader (see ``harness.read``).
Anything but an option set or qdoc's own input error is a finding: libFuzzer
stops, prints the traceback and writes the input as ``crash-*`` (``timeout-*``
for a hang, ``oom-*`` for runaway memory) in ``--artifacts``.

    python3 tests/fuzz/fuzz_readers.py                     # every reader, 60 s each
    python3 tests/fuzz/fuzz_readers.py --seconds 300 hx rst
    python3 tests/fuzz/fuzz_readers.py --reproduce texinfo crash-1234abcd

Needs ``pip install atheris``.  Exit status 1 when any reader had a finding.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]

#: Seed inputs written per reader: excerpts of each seed file, some whole files.
SEED_EXCERPTS = 40


def write_seed_corpus(fmt: str, folder: Path) -> None:
    from fuzz import harness

    rnd = random.Random(fmt)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(SEED_EXCERPTS):
        data = rnd.choice(harness.seeds(fmt))
        size = rnd.choice((500, 2000, 8000, 30000))
        (folder / f"seed-{n:03}").write_bytes(harness.excerpt(data, rnd, size))


def fuzz_one(fmt: str, seconds: int, artifacts: Path, work: Path) -> None:
    """Run in the child: libFuzzer takes over the process and exits when done."""
    import atheris

    with atheris.instrument_imports(include=["qdoc"]):
        from qdoc import readers

        for name in readers.FORMATS:  # readers are imported lazily: instrument them now
            readers.reader_for(name)
        from fuzz import harness

    def test_one_input(data: bytes) -> None:
        harness.check(fmt, data)

    corpus = work / fmt
    write_seed_corpus(fmt, corpus)
    args = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        "-timeout=10",  # seconds per input: a hang is a finding
        "-rss_limit_mb=2048",
        "-max_len=65536",
        f"-artifact_prefix={artifacts}/{fmt}-",
        "-print_final_stats=1",
        str(corpus),
    ]
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


def reproduce(fmt: str, path: str) -> int:
    from fuzz import harness

    data = Path(path).read_bytes()
    start = time.perf_counter()
    harness.check(fmt, data)
    print(f"{fmt}: {path} ({len(data)} bytes) read fine in {time.perf_counter() - start:.2f} s")
    return 0


def main() -> int:
    from fuzz import harness

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("readers", nargs="*", default=sorted(harness.SEEDS), help="readers to fuzz (default: all)")
    parser.add_argument("--seconds", type=int, default=60, help="time per reader (default 60)")
    parser.add_argument("--artifacts", default=".", help="where findings are written (default: here)")
    parser.add_argument("--reproduce", nargs=2, metavar=("READER", "FILE"), help="read one saved input and report")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.reproduce:
        return reproduce(*args.reproduce)
    artifacts = Path(args.artifacts).resolve()
    if args.child:
        fuzz_one(args.child, args.seconds, artifacts, Path(args.work))
        return 0
    failed = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="qdoc-fuzz-") as work:
        for fmt in args.readers:
            start = time.monotonic()
            result = subprocess.run(
                [sys.executable, __file__, "--child", fmt, "--seconds", str(args.seconds), "--work", work,
                 "--artifacts", str(artifacts)],
                capture_output=True, text=True,
            )
            log = result.stderr
            runs = next((line.split()[-1] for line in log.splitlines() if "stat::number_of_executed_units" in line), "?")
            cov = next((line.split()[-1] for line in log.splitlines() if "stat::new_units_added" in line), "?")
            ok = result.returncode == 0
            rows.append((fmt, runs, cov, time.monotonic() - start, "ok" if ok else f"FINDING (exit {result.returncode})"))
            if not ok:
                failed.append(fmt)
                sys.stderr.write(log[-6000:])
    print(f"{'reader':10} {'executions':>11} {'new units':>10} {'seconds':>8}  result")
    for fmt, runs, cov, seconds, status in rows:
        print(f"{fmt:10} {runs:>11} {cov:>10} {seconds:8.0f}  {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
