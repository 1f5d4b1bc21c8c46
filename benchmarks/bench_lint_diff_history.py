"""Speed of qdoc lint, diff and history, whole process, on the real corpus.

Targets:
- issue 6: ``qdoc lint`` of a whole release (its .hx, rST lists and the built
  HTML and man page) under 1 s; linting the whole corpus grows linearly with
  its size (time per MB of the whole corpus within 1.5x of half of it).
- issue 8: ``qdoc history`` over all corpus releases under 2 s in one
  process; ``qdoc diff`` of two releases under 0.5 s whole process.
- issue 21: that history is per key (options, forms, sub-options, nested),
  over all 26 trees (``--snapshots``: the two development trees too),
  still under 2 s cold.

Each figure is the best of N runs of the real command (``python -m qdoc``,
the interpreter itself, not a shim), Python start-up included.  Exit 1 when a
target is missed.

    python3 benchmarks/bench_lint_diff_history.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _qdoc import compile_bytecode, qdoc
from _timing import Measure, best_of, print_measures, verdict

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
QEMU = CORPUS / "qemu"


def run(repeat: int, *args: str) -> float:
    """Best time of the command ``qdoc ARGS``, run in the checkout.

    lint reads its configuration from the working directory: running there,
    not wherever the benchmark was started, keeps the measured work the same.
    """
    return best_of(repeat, qdoc(*args, cwd=ROOT))


def size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        total += sum(p.stat().st_size for p in files if p.name in ("qemu-options.hx", "hmp-commands.hx", "hmp-commands-info.hx", "qemu-img-cmds.hx", "deprecated.rst", "removed-features.rst"))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_bytecode()
    releases = sorted(p for p in QEMU.iterdir() if (p / "qemu-options.hx").is_file())
    release = [str(QEMU / "7.2.0"), str(CORPUS / "built" / "7.2.0" / "qemu-manpage.html"), str(CORPUS / "built" / "7.2.0" / "qemu.1")]
    lint_release = run(args.repeat, "lint", *release, "--release", "7.2.0", "-o", "/dev/null")
    half = releases[: len(releases) // 2]
    lint_half = run(args.repeat, "lint", *map(str, half), "-o", "/dev/null")
    lint_all = run(args.repeat, "lint", *map(str, releases), "-o", "/dev/null")
    per_mb_half = lint_half / (size(half) / 1e6)
    per_mb_all = lint_all / (size(releases) / 1e6)
    growth = per_mb_all / per_mb_half
    history = run(args.repeat, "history", *map(str, releases), "--snapshots", "-o", "/dev/null")
    diff = run(args.repeat, "diff", str(QEMU / "6.2.0"), str(QEMU / "7.2.0"), "-o", "/dev/null")
    startup = run(args.repeat, "--version")
    print_measures(
        [
            Measure("qdoc --version (start-up floor)", startup),
            Measure("lint one release: .hx, rST, HTML, man (s)", lint_release, "< 1"),
            Measure(f"lint {len(half)} releases (s)", lint_half),
            Measure(f"lint {len(releases)} releases (s)", lint_all),
            Measure("lint time per MB, all / half", growth, "<= 1.5"),
            Measure(f"history per key over {len(releases)} trees (s)", history, "< 2"),
            Measure("diff 6.2.0 -> 7.2.0 (s)", diff, "< 0.5"),
        ],
        name_width=46,
        value_width=8,
    )
    missed = [
        name
        for name, ok in (
            ("lint release", lint_release < 1),
            ("lint linear", growth <= 1.5),
            ("history", history < 2),
            ("diff", diff < 0.5),
        )
        if not ok
    ]
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
