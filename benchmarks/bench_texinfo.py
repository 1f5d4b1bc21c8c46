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
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _qdoc import clear_caches, qdoc  # noqa: E402
from _timing import Measure, best_of, command, print_measures, verdict  # noqa: E402

from qdoc.readers.texinfo import read_texinfo  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
MANUAL = CORPUS / "qemu" / "4.2.0" / "qemu-doc.texi"
INCLUDES = CORPUS / "built" / "4.2.0"


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

    texi2any = command("texi2any", "--xml", "--force", "-I", str(INCLUDES), "-o", os.devnull, MANUAL.name, cwd=MANUAL.parent)
    qdoc_cli = qdoc("parse", "-q", "-I", str(INCLUDES), "-o", os.devnull, str(MANUAL), check=True)

    reader = best_of(args.repeat, qdoc_in_process, reset=clear_caches)
    peer = best_of(args.repeat, texi2any)
    cli = best_of(args.repeat, qdoc_cli)
    ratio = reader / peer
    print(f"manual: {MANUAL.relative_to(CORPUS)} with includes from {INCLUDES.relative_to(CORPUS)}")
    print_measures(
        [
            Measure("texi2any --xml, subprocess (s)", peer),
            Measure("qdoc read_texinfo, in-process, cold caches (s)", reader),
            Measure("qdoc parse, subprocess incl. Python start-up (s)", cli),
            Measure("ratio read_texinfo / texi2any", ratio, "<= 0.33", digits=2),
            Measure("ratio qdoc parse CLI / texi2any (shown only)", cli / peer, digits=2),
        ],
        name_width=48,
        value_width=10,
    )
    return verdict(["reader time"] if ratio > 1 / 3 else [])


if __name__ == "__main__":
    sys.exit(main())
