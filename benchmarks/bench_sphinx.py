"""Speed of qdoc.sphinx against QEMU's own hxtool: QEMU 10.2.0's qemu-manpage.rst and invocation.rst to HTML.

Target (issue 22): with lint on, at most 0.9x the time of the same build with
QEMU's hxtool extension.  QEMU's hxtool.py is not in the corpus, so the peer
is a stand-in written from its documented behaviour
(tests/sphinx_qemu_build.py: ``hxtool_srctree``, ``hxtool-doc``,
``SRST(label)``), loaded by the same conf.py shaped like QEMU's (rst_epilog
from defs.rst.inc, ``default_role = 'any'``, ``man_pages``) over the same
pages: only ``extensions`` differs.  Both builds are ``sphinx-build -E -q -b
html`` subprocesses run alternately in the same run, best of N.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _qdoc import CHECKOUT, compile_bytecode  # noqa: E402
from _timing import command, interleaved  # noqa: E402
from sphinx_qemu_build import QEMU, mirror_docs, qemu_conf_text, write_hxtool_standin  # noqa: E402

from qdoc.loader import load  # noqa: E402
from qdoc.sphinx.hxtool import rst_blocks  # noqa: E402

TARGET = 0.9
RUNS = 5
RELEASE = "10.2.0"


def build(work: Path, name: str, extensions: tuple[str, ...], lint: bool, pythonpath: list[str]):
    """A callable running one clean HTML build of the two pages with ``extensions``."""
    confdir = work / name / "conf"
    confdir.mkdir(parents=True)
    (confdir / "conf.py").write_text(qemu_conf_text(RELEASE, extensions=extensions, lint=lint))
    docs = mirror_docs(work / name, QEMU / RELEASE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)}
    return command(sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-c", str(confdir), str(docs),
                   str(work / name / "out"), env=env, check=True)


# QEMU's docs with hxtool's output written out, for peers that load no extension
# (benchmarks/bench_man.py compares ``qdoc man`` with Sphinx's man builder on it).
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
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        standin = write_hxtool_standin(work / "ext")
        ours, peer = interleaved(
            args.repeat,
            build(work, "qdoc", ("qdoc.sphinx",), True, [str(CHECKOUT)]),
            build(work, "hxtool", ("hxtool",), False, [str(standin)]),
        )
    ratio = ours / peer
    print(f"{'release':8} {'qdoc.sphinx, lint on (s)':>25} {'hxtool stand-in (s)':>20} {'ratio':>6}  target <= {TARGET}")
    print(f"{RELEASE:8} {ours:25.2f} {peer:20.2f} {ratio:6.2f}  {'ok' if ratio <= TARGET else 'MISSED'}")
    print(f"best of {args.repeat}, the two builds alternating; qemu-manpage.rst + invocation.rst to HTML, -E")
    return 1 if ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
