"""Speed of ``qdoc man``: QEMU 10.2's qemu-options.hx to qemu.1.

Target (issue 24): at most 1.1x the time of ``sphinx-build -b man`` of
QEMU's own qemu-manpage.rst with the same content.  QEMU's hxtool.py cannot
run here (the corpus has no Python), so the peer is what hxtool amounts to,
as in bench_sphinx.py: the page with the rST hxtool would generate already
written out, built by Sphinx's man builder with no extension at all (strictly
less work than QEMU's build).  Both sides are whole processes, run
alternately in the same run, best of N: ``qdoc man SRC -o DIR`` (which reads
the .hx, writes the page's front matter, builds with qdoc's extension and
writes qemu.1) and ``sphinx-build -E -q -b man``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QEMU = (ROOT / ".." / "shared" / "corpus" / "qemu").resolve()
sys.path.insert(0, str(ROOT))

from _qdoc import CHECKOUT_ENV, compile_bytecode  # noqa: E402
from _timing import command, interleaved  # noqa: E402
from bench_sphinx import peer_tree  # noqa: E402

TARGET = 1.1
RUNS = 5
RELEASE = "10.2.0"


def peer_conf(release: str) -> str:
    return "\n".join([
        "extensions = []",
        "root_doc = 'system/qemu-manpage'",
        "include_patterns = ['system/qemu-manpage.rst', 'system/*.inc', '*.inc']",
        f"rst_epilog = open({str(QEMU / release / 'docs' / 'defs.rst.inc')!r}).read()",
        "man_pages = [('system/qemu-manpage', 'qemu', 'QEMU User Documentation', [], 1)]",
    ]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=RUNS, help=f"runs of each side, alternately (default {RUNS})")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pconf").mkdir()
        (work / "pconf" / "conf.py").write_text(peer_conf(RELEASE))
        peer_src = peer_tree(RELEASE, work)
        ours, peer = interleaved(
            args.repeat,
            command(sys.executable, "-m", "qdoc", "man", str(QEMU / RELEASE / "qemu-options.hx"), "-o", str(work / "qout"),
                    env=CHECKOUT_ENV, check=True),
            command(sys.executable, "-m", "sphinx", "-E", "-q", "-b", "man", "-c", str(work / "pconf"), str(peer_src),
                    str(work / "pout"), env=CHECKOUT_ENV, check=True),
        )
        assert (work / "qout" / "qemu.1").is_file() and (work / "pout" / "qemu.1").is_file()
    ratio = ours / peer
    print(f"{'release':8} {'qdoc man (s)':>13} {'sphinx-build -b man (s)':>24} {'ratio':>6}  target <= {TARGET}")
    print(f"{RELEASE:8} {ours:13.2f} {peer:24.2f} {ratio:6.2f}  {'ok' if ratio <= TARGET else 'MISSED'}")
    print(f"best of {args.repeat}, the two alternating; qemu-options.hx -> qemu.1 against qemu-manpage.rst -> qemu.1")
    return 1 if ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
