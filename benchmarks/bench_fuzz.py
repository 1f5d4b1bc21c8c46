"""The command fuzz harness at scale: every command on 2,000 damaged and hostile trees per target.

The same cases as ``tests/test_fuzz_commands.py`` (see ``tests/fuzz/commands.py``
for what a case is and which promises are checked), only more of them: case
numbers 0..N-1 of each target, so the CI run's 150 are the first 150 here.
Target (issue 18): 0 internal errors and 0 hangs at 2,000 cases per format.

Prints one row per target (cases, exit statuses, internal errors, hangs,
other broken promises, cases slower than 3 s, the slowest case and its
number, total time) and the peak memory of the run, then the slow cases and
each failure with the command that reproduces it (a failure's input is saved
under /tmp/qdoc-fuzz-failures/).  Exits 1 when any case broke a promise; a
slow case is a lead to a quadratic path, not a failure.

    python3 benchmarks/bench_fuzz.py                      # 2,000 per target (about an hour on 2 cores)
    python3 benchmarks/bench_fuzz.py --cases 300 parse-hx man
    python3 benchmarks/bench_fuzz.py --start 2000 --cases 500 --seed 1
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from fuzz import commands  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=list(commands.TARGETS),
                        help=f"targets to run (default: all of {', '.join(commands.TARGETS)})")
    parser.add_argument("--cases", type=int, default=2000, help="cases per target (default 2000; a Sphinx build counts for five)")
    parser.add_argument("--start", type=int, default=0, help="first case number (default 0)")
    parser.add_argument("--seed", default="0", help="seed of the case series (default 0, as in CI)")
    parser.add_argument("--seconds", type=float, default=commands.CASE_SECONDS, help="time bound per case (default 10)")
    parser.add_argument("--show", type=int, default=5, help="failures printed per target (default 5)")
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in commands.TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}")

    print(f"{'target':14} {'cases':>6} {'exit 0':>7} {'exit 1':>7} {'exit 2':>7} {'internal':>9} {'hangs':>6} "
          f"{'other':>6} {'slow':>5} {'max s':>7} {'(case)':>7} {'total s':>8}", flush=True)
    tallies = []
    start = time.monotonic()
    for target in args.targets:
        tally = commands.run_target(target, commands.budget(target, args.cases), args.seed,
                                    seconds=args.seconds, start=args.start)
        tallies.append(tally)
        other = sum(1 for f in tally.failures if f.kinds - {"internal-error", "hang"})
        print(f"{target:14} {tally.cases:6} {tally.statuses.get(0, 0):7} {tally.statuses.get(1, 0):7} "
              f"{tally.statuses.get(2, 0):7} {tally.count('internal-error'):9} {tally.count('hang'):6} {other:6} "
              f"{len(tally.slow):5} {tally.slowest:7.2f} {tally.slowest_case:7} {tally.total:8.1f}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    cases = sum(t.cases for t in tallies)
    failed = sum(len(t.failures) for t in tallies)
    print(f"{cases} cases in {time.monotonic() - start:.0f} s, peak memory {peak} MB; "
          f"{sum(t.count('internal-error') for t in tallies)} internal errors, "
          f"{sum(t.count('hang') for t in tallies)} hangs, {failed} failing cases")
    for tally in tallies:
        for seconds, number, size in sorted(tally.slow, reverse=True)[: args.show]:
            print(f"slow (over {commands.SLOW_SECONDS:g} s, not a failure): {tally.target} case {number}, {seconds:.1f} s "
                  f"for a {size:,}-byte input: python3 tests/fuzz/commands.py --reproduce {tally.target} {number} --seed {args.seed}")
    for tally in tallies:
        for outcome in tally.failures[: args.show]:
            print()
            print(commands.describe(outcome))
        if len(tally.failures) > args.show:
            print(f"\n... and {len(tally.failures) - args.show} more {tally.target} failures in {commands.FAILURES}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
