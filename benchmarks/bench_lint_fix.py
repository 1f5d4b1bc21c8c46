"""Cost of ``qdoc lint --fix`` of a whole release, against ``qdoc lint`` of the same tree in the same run.

Target (issue 23): ``--fix`` over QEMU 10.2.0's tree (every safe fix made,
the files rewritten) costs at most 1.5 times ``qdoc lint`` of it, both as
whole processes, interleaved, best of N.  Before each ``--fix`` run the
tree is put back as released (untimed), so every run makes every fix.
``--unsafe-fixes`` is measured too, against the same target.  Exit 1 when
a target is missed.

    python3 benchmarks/bench_lint_fix.py [--repeat N] [--release 10.2.0]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _qdoc import compile_bytecode, qdoc
from _timing import Measure, interleaved, print_measures, verdict

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
#: The files the fixes edit: put back from the corpus before each --fix run.
EDITED = ("qemu-options.hx", "docs/about/removed-features.rst", "docs/about/deprecated.rst")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--release", default="10.2.0")
    args = parser.parse_args()
    release = CORPUS / "qemu" / args.release
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="qdoc-bench-fix-") as scratch:
        tree = Path(scratch) / args.release
        shutil.copytree(release, tree)

        def restore() -> None:
            for name in EDITED:
                if (release / name).exists():
                    shutil.copyfile(release / name, tree / name)

        lint = qdoc("lint", str(tree), "-o", "/dev/null", cwd=ROOT)
        fix = qdoc("lint", str(tree), "--fix", "-o", "/dev/null", cwd=ROOT)
        unsafe = qdoc("lint", str(tree), "--fix", "--unsafe-fixes", "-o", "/dev/null", cwd=ROOT)
        fix_time, lint_time = interleaved(args.repeat, fix, lint, reset_first=restore)
        unsafe_time, lint_again = interleaved(args.repeat, unsafe, lint, reset_first=restore)
        restore()
    lint_time = min(lint_time, lint_again)
    ratio, unsafe_ratio = fix_time / lint_time, unsafe_time / lint_time
    print_measures(
        [
            Measure(f"qdoc lint {args.release} (s)", lint_time),
            Measure(f"qdoc lint {args.release} --fix (s)", fix_time),
            Measure(f"qdoc lint {args.release} --fix --unsafe-fixes (s)", unsafe_time),
            Measure("--fix / lint", ratio, "<= 1.5", 2),
            Measure("--fix --unsafe-fixes / lint", unsafe_ratio, "<= 1.5", 2),
        ],
        name_width=44,
        value_width=8,
    )
    missed = [name for name, value in (("--fix", ratio), ("--unsafe-fixes", unsafe_ratio)) if value > 1.5]
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
