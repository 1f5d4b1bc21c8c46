"""Speed of qdoc.sphinx: QEMU's real qemu-manpage.rst to HTML, lint on.

Target (issue 7): at most 1.2x the time of the same build with QEMU's own
hxtool extension.  QEMU's hxtool.py cannot run here (the corpus has no
Python), so the peer is what hxtool amounts to: Sphinx building the same
page with the rST hxtool would generate already written out (the .hx blocks
under their headings, in a generated .rst.inc), with no extension at all.
That peer does strictly less work than hxtool (no .hx scan at build time),
so the ratio is an upper bound of qdoc.sphinx against hxtool.  Both builds
are ``sphinx-build -E -q -b html`` subprocesses run alternately in the same run, best of N.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QEMU = (ROOT / ".." / "shared" / "corpus" / "qemu").resolve()
sys.path.insert(0, str(ROOT))

from _qdoc import CHECKOUT_ENV, compile_bytecode  # noqa: E402
from _timing import command, interleaved  # noqa: E402

from qdoc.loader import load  # noqa: E402
from qdoc.sphinx.hxtool import rst_blocks  # noqa: E402

TARGET = 1.2
RUNS = 7


def conf(release: str, extensions: list[str], lint: bool) -> str:
    lines = [
        f"extensions = {extensions!r}",
        "root_doc = 'system/qemu-manpage'",
        "include_patterns = ['system/qemu-manpage.rst']",
        f"rst_epilog = open({str(QEMU / release / 'docs' / 'defs.rst.inc')!r}).read()",
    ]
    if extensions:
        lines += [f"hxtool_srctree = {str(QEMU / release)!r}", f"qdoc_lint = {lint!r}"]
    return "\n".join(lines) + "\n"


def peer_tree(release: str, work: Path) -> Path:
    """docs/ as symlinks, with hxtool-doc replaced by the rST it would generate.

    The whole docs/ tree, not only system/: the generated rST includes
    files beside it (``-trace`` includes ``../qemu-option-trace.rst.inc``),
    which hxtool's output finds and the peer must find too.
    """
    docs = QEMU / release / "docs"
    system = work / "peer" / "system"
    system.mkdir(parents=True)
    for item in docs.iterdir():
        if item.name != "system":
            os.symlink(item, work / "peer" / item.name)
    for item in (docs / "system").iterdir():
        if item.name != "qemu-manpage.rst":
            os.symlink(item, system / item.name)
    hx = str(QEMU / release / "qemu-options.hx")
    model = load(hx)
    headings = {s.location.line: s.title for s in model.sections}
    lines = []
    for kind, _, text in rst_blocks(Path(hx).read_text(), hx, headings):
        lines += [text] if kind == "rst" else ["", text, "~" * len(text), ""]
    (system / "generated-options.rst.inc").write_text("\n".join(lines) + "\n")
    page = (docs / "system" / "qemu-manpage.rst").read_text()
    (system / "qemu-manpage.rst").write_text(page.replace(".. hxtool-doc:: qemu-options.hx", ".. include:: generated-options.rst.inc"))
    return work / "peer"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=RUNS, help=f"builds of each side, alternately (default {RUNS})")
    args = parser.parse_args()
    compile_bytecode()
    rows = []
    missed = False
    for release in ("7.2.0", "10.2.0"):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "qconf").mkdir()
            (work / "qconf" / "conf.py").write_text(conf(release, ["qdoc.sphinx"], lint=True))
            (work / "pconf").mkdir()
            (work / "pconf" / "conf.py").write_text(conf(release, [], lint=False))
            peer_src = peer_tree(release, work)
            build = [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html"]
            ours, peer = interleaved(
                args.repeat,
                command(*build, "-c", str(work / "qconf"), str(QEMU / release / "docs"), str(work / "qout"), env=CHECKOUT_ENV, check=True),
                command(*build, "-c", str(work / "pconf"), str(peer_src), str(work / "pout"), env=CHECKOUT_ENV, check=True),
            )
        ratio = ours / peer
        missed |= ratio > TARGET
        rows.append((release, ours, peer, ratio))
    print(f"{'release':8} {'qdoc.sphinx (s)':>16} {'plain Sphinx peer (s)':>22} {'ratio':>6}  target <= {TARGET}")
    for release, ours, peer, ratio in rows:
        print(f"{release:8} {ours:16.2f} {peer:22.2f} {ratio:6.2f}  {'ok' if ratio <= TARGET else 'MISSED'}")
    print(f"best of {args.repeat}, the two builds alternating; qemu-manpage.rst to HTML, -E, lint on for qdoc.sphinx")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
