"""Speed of ``qdoc lint`` of a whole release with its rendered outputs, against sphinx-lint in the same run.

Target (issue 20): ``qdoc lint`` of QEMU 7.2.0's tree with Debian's 7.2
outputs (the HTML manual, the man pages, ``-help`` and the QMP
``query-command-line-options`` reply) stays under 1 s, and at most 0.6 of
what ``sphinx-lint`` takes over the same release's ``docs/``, measured in
the same run (interleaved, best of N, whole processes with start-up), so
that a slower or busier machine moves both alike.

sphinx-lint is a benchmark dependency, not qdoc's: ``python3 -m pip install
-e '.[bench]'`` installs it (the ``bench`` extra of pyproject.toml).  Exit 1
when a target is missed, 2 when sphinx-lint is not installed.

    python3 benchmarks/bench_lint.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from _qdoc import compile_bytecode, qdoc
from _timing import Measure, command, interleaved, print_measures, verdict

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RELEASE = CORPUS / "qemu" / "7.2.0"
OUTPUTS = CORPUS / "debian-7.2"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sphinx_lint = shutil.which("sphinx-lint")
    if sphinx_lint is None:
        print("sphinx-lint is not installed: python3 -m pip install -e '.[bench]'", file=sys.stderr)
        return 2
    compile_bytecode()
    # No --release: Debian's outputs are grouped with the 7.2.0 tree as a user runs it (the same findings).
    lint = qdoc("lint", str(RELEASE), str(OUTPUTS), "-o", "/dev/null", cwd=ROOT)
    peer = command(sphinx_lint, str(RELEASE / "docs"), cwd=ROOT)
    lint_time, peer_time = interleaved(args.repeat, lint, peer)
    ratio = lint_time / peer_time
    print_measures(
        [
            Measure("qdoc lint 7.2.0 + Debian's outputs and QMP (s)", lint_time, "< 1"),
            Measure("sphinx-lint 7.2.0/docs (s)", peer_time),
            Measure("qdoc lint / sphinx-lint", ratio, "<= 0.6", 2),
        ],
        name_width=48,
        value_width=8,
    )
    missed = [name for name, ok in (("lint release", lint_time < 1), ("ratio to sphinx-lint", ratio <= 0.6)) if not ok]
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
