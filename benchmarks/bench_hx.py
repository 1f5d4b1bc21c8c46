"""Speed of the .hx reader, measured against the practical floor in the same run.

Targets (issue "Foundation"):

1. Parsing all qemu-options.hx files of the corpus in one process takes under
   0.5 s, and at most 3x a plain ``re.findall`` scan of the same files (the
   practical floor).  Two floors are reported: the lines that structure the
   file (DEF/heading/block marker lines), and the whole constructs a reader
   must delimit (complete DEF calls, complete doc blocks, headings).  The 3x
   target is checked against the second, the least work that reads the
   same constructs; the first is shown so nobody has to take that on trust.
2. Cost grows linearly: a synthetic file 10x the size of 10.2.0's parses in at
   most 11x the time of 10.2.0's.

Both sides run on text already in memory (file reading is excluded from both)
and each time is the best of several runs, in a fresh interpreter state for
the reader's caches (see ``--cold``).  Prints a table and exits 1 when a
target is missed.

    python3 benchmarks/bench_hx.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qdoc.readers.hx import read_hx  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "qemu"
FLOOR_LINES_RE = re.compile(r"^(?:DEF|DEFHEADING|ARCHHEADING|SRST|ERST|STEXI|ETEXI)\b.*$", re.M)
FLOOR_CONSTRUCTS_RE = re.compile(
    r"^DEF\(.*?\)$|^(?:SRST|STEXI).*?^(?:ERST|ETEXI)$|^(?:DEF|ARCH)HEADING\(.*?\)$", re.M | re.S
)


def clear_caches() -> None:
    """Forget memoised sub-results so every run does the full work."""
    from qdoc import synopsis, texi2rst
    from qdoc.readers import hxblocks

    synopsis._parse_parameters_cached.cache_clear()
    texi2rst._convert_block.cache_clear()
    hxblocks.compile_block.cache_clear()
    from qdoc.readers import cdecl, hx

    cdecl._parse_call.cache_clear()
    hx._help_synopses_cached.cache_clear()


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic(text: str, copies: int) -> str:
    """``copies`` renamed copies of an .hx file, so no copy repeats another's names."""
    parts = []
    for k in range(copies):
        part = re.sub(r'^DEF\("([^"]+)"', lambda m: f'DEF("{m.group(1)}-k{k}"', text, flags=re.M)
        part = re.sub(r"^``-([\w-]+)", lambda m: f"``-{m.group(1)}-k{k}", part, flags=re.M)
        parts.append(part)
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    files = sorted(CORPUS.glob("*/qemu-options.hx"))
    texts = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    size = sum(len(t) for _, t in texts)

    def parse_all():
        for path, text in texts:
            read_hx(text, path)

    def floor_lines():
        for _, text in texts:
            FLOOR_LINES_RE.findall(text)

    def floor_constructs():
        for _, text in texts:
            FLOOR_CONSTRUCTS_RE.findall(text)

    parse_time = best_of(args.repeat, parse_all)
    lines_time = best_of(args.repeat, floor_lines)
    floor_time = best_of(args.repeat, floor_constructs)
    ratio = parse_time / floor_time

    base_path, base = next((p, t) for p, t in texts if "/10.2.0/" in p)
    big = synthetic(base, 10)
    one = best_of(args.repeat, lambda: read_hx(base, base_path))
    ten = best_of(max(2, args.repeat // 2), lambda: read_hx(big, "synthetic.hx"))
    growth = ten / one

    print(f"files: {len(texts)} qemu-options.hx, {size / 1e6:.1f} MB")
    print(f"{'measure':44} {'value':>10} {'target':>10}")
    print(f"{'qdoc parse, all files (s)':44} {parse_time:10.3f} {'< 0.5':>10}")
    print(f"{'re.findall floor, marker lines (s)':44} {lines_time:10.3f}")
    print(f"{'re.findall floor, whole constructs (s)':44} {floor_time:10.3f}")
    print(f"{'ratio parse / marker-line floor':44} {parse_time / lines_time:10.2f}")
    print(f"{'ratio parse / constructs floor':44} {ratio:10.2f} {'<= 3':>10}")
    print(f"{'10.2.0 alone (s)':44} {one:10.4f}")
    print(f"{'synthetic 10x 10.2.0 (s)':44} {ten:10.4f}")
    print(f"{'growth 10x size / 1x':44} {growth:10.2f} {'<= 11':>10}")
    missed = []
    if parse_time >= 0.5:
        missed.append("parse time")
    if ratio > 3:
        missed.append("ratio to floor")
    if growth > 11:
        missed.append("linear growth")
    if missed:
        print("MISSED: " + ", ".join(missed))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
