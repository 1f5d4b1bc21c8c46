"""Speed of the texinfo reader against GNU texinfo's ``texi2any --xml``, in the same run.

Target (issue 3): reading 4.2.0 ``qemu-doc.texi`` with its includes into the
model takes at most a third of the time ``texi2any --xml`` takes on the same
files.  texi2any runs as a subprocess (its start-up included, as a user would
run it); qdoc's time is measured two ways: the reader called in-process with
its caches cleared before every run (the target), and ``qdoc parse`` as a
subprocess (Python start-up included), shown so the comparison can be judged.
Each time is the best of N runs.  Prints a table; exits 1 when the target is
missed.

    python3 benchmarks/bench_texinfo.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qdoc.readers.texinfo import read_texinfo  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
MANUAL = CORPUS / "qemu" / "4.2.0" / "qemu-doc.texi"
INCLUDES = CORPUS / "built" / "4.2.0"


def clear_caches() -> None:
    """Forget memoised sub-results so every run does the full work."""
    from qdoc import synopsis, texi2rst
    from qdoc.readers import hxblocks

    synopsis._parse_parameters_cached.cache_clear()
    texi2rst._convert_block.cache_clear()
    hxblocks.compile_block.cache_clear()


def best_of(repeat: int, func, clear=True) -> float:
    times = []
    for _ in range(repeat):
        if clear:
            clear_caches()
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("texi2any") is None:
        print("texi2any is not installed (Debian package texinfo)", file=sys.stderr)
        return 1
    text = MANUAL.read_text(encoding="utf-8")

    def qdoc_in_process():
        option_set = read_texinfo(text, str(MANUAL), include_dirs=[str(INCLUDES)])
        assert not option_set.errors, option_set.errors

    def texi2any():
        subprocess.run(
            ["texi2any", "--xml", "--force", "-I", str(INCLUDES), "-o", os.devnull, MANUAL.name],
            cwd=MANUAL.parent, check=False, capture_output=True,
        )

    def qdoc_cli():
        subprocess.run(
            [sys.executable, "-m", "qdoc", "parse", "-q", "-I", str(INCLUDES), "-o", os.devnull, str(MANUAL)],
            check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    reader = best_of(args.repeat, qdoc_in_process)
    peer = best_of(args.repeat, texi2any, clear=False)
    cli = best_of(args.repeat, qdoc_cli, clear=False)
    ratio = reader / peer
    print(f"manual: {MANUAL.relative_to(CORPUS)} with includes from {INCLUDES.relative_to(CORPUS)}")
    print(f"{'measure':48} {'value':>10} {'target':>10}")
    print(f"{'texi2any --xml, subprocess (s)':48} {peer:10.3f}")
    print(f"{'qdoc read_texinfo, in-process, cold caches (s)':48} {reader:10.3f}")
    print(f"{'qdoc parse, subprocess incl. Python start-up (s)':48} {cli:10.3f}")
    print(f"{'ratio read_texinfo / texi2any':48} {ratio:10.2f} {'<= 0.33':>10}")
    print(f"{'ratio qdoc parse CLI / texi2any (shown only)':48} {cli / peer:10.2f}")
    if ratio > 1 / 3:
        print("MISSED: reader time")
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
