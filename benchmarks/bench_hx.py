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
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _qdoc import clear_caches  # noqa: E402
from _timing import Measure, best_of, print_measures, verdict  # noqa: E402

from qdoc.readers.hx import read_hx  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "qemu"
FLOOR_LINES_RE = re.compile(r"^(?:DEF|DEFHEADING|ARCHHEADING|SRST|ERST|STEXI|ETEXI)\b.*$", re.M)
FLOOR_CONSTRUCTS_RE = re.compile(
    r"^DEF\(.*?\)$|^(?:SRST|STEXI).*?^(?:ERST|ETEXI)$|^(?:DEF|ARCH)HEADING\(.*?\)$", re.M | re.S
)


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

    parse_time = best_of(args.repeat, parse_all, reset=clear_caches)
    lines_time = best_of(args.repeat, floor_lines, reset=clear_caches)
    floor_time = best_of(args.repeat, floor_constructs, reset=clear_caches)
    ratio = parse_time / floor_time

    base_path, base = next((p, t) for p, t in texts if "/10.2.0/" in p)
    big = synthetic(base, 10)
    one = best_of(args.repeat, lambda: read_hx(base, base_path), reset=clear_caches)
    ten = best_of(max(2, args.repeat // 2), lambda: read_hx(big, "synthetic.hx"), reset=clear_caches)
    growth = ten / one

    print(f"files: {len(texts)} qemu-options.hx, {size / 1e6:.1f} MB")
    print_measures(
        [
            Measure("qdoc parse, all files (s)", parse_time, "< 0.5"),
            Measure("re.findall floor, marker lines (s)", lines_time),
            Measure("re.findall floor, whole constructs (s)", floor_time),
            Measure("ratio parse / marker-line floor", parse_time / lines_time, digits=2),
            Measure("ratio parse / constructs floor", ratio, "<= 3", digits=2),
            Measure("10.2.0 alone (s)", one, digits=4),
            Measure("synthetic 10x 10.2.0 (s)", ten, digits=4),
            Measure("growth 10x size / 1x", growth, "<= 11", digits=2),
        ],
        name_width=44,
        value_width=10,
    )
    missed = []
    if parse_time >= 0.5:
        missed.append("parse time")
    if ratio > 3:
        missed.append("ratio to floor")
    if growth > 11:
        missed.append("linear growth")
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
