"""Speed of ``qdoc diff`` of two release trees, against the floor of reading them.

Target (issue 21): ``qdoc diff`` of two trees under 0.5 s, whole process.
What a diff must do at least is read its inputs: the two .hx files and the
three lists (the old release's deprecated.rst, the new one's deprecated.rst
and removed-features.rst).  The floor here is one process that reads those
five files with qdoc's readers and nothing else; the ratio diff / floor says
what the comparison itself costs, whatever the machine's load.  Both run
interleaved, best of N.

    python3 benchmarks/bench_diff.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _qdoc import CHECKOUT_ENV, compile_bytecode, qdoc
from _timing import Measure, command, interleaved, print_measures, verdict

ROOT = Path(__file__).resolve().parents[1]
QEMU = ROOT.parent / "shared" / "corpus" / "qemu"

READ_ONLY = """
import sys
from qdoc.loader import load_with_text
for path in sys.argv[1:]:
    load_with_text(path)
"""


def inputs(old: str, new: str) -> list[str]:
    about = "docs/about"
    return [
        str(QEMU / old / "qemu-options.hx"), str(QEMU / old / about / "deprecated.rst"),
        str(QEMU / new / "qemu-options.hx"), str(QEMU / new / about / "deprecated.rst"),
        str(QEMU / new / about / "removed-features.rst"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    measures, missed = [], []
    for old, new in (("6.2.0", "7.2.0"), ("7.2.0", "8.2.0")):
        diff = qdoc("diff", str(QEMU / old), str(QEMU / new), "-o", "/dev/null", cwd=ROOT)
        floor = command(sys.executable, "-c", READ_ONLY, *inputs(old, new), cwd=ROOT, env=CHECKOUT_ENV, check=True)
        diff_time, floor_time = interleaved(args.repeat, diff, floor)
        measures += [
            Measure(f"read the 5 inputs of {old} -> {new} (floor, s)", floor_time),
            Measure(f"qdoc diff {old} -> {new} (s)", diff_time, "< 0.5"),
            Measure("  diff / floor", diff_time / floor_time, "<= 1.3"),
        ]
        if diff_time >= 0.5:
            missed.append(f"diff {old} -> {new}")
        if diff_time / floor_time > 1.3:
            missed.append(f"diff {old} -> {new} over its floor")
    print_measures(measures, name_width=46, value_width=8)
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
