"""``qdoc_baseline``: a project adopts qdoc with today's findings recorded, and ``-W`` fails only on new ones.

The adoption path README gives, on a copy of QEMU 10.2.0's tree (the shared
build of qemu-manpage.rst and invocation.rst, tests/sphinx_qemu_build.py):
record the baseline with ``qdoc lint --baseline`` run in the tree, set
``qdoc_baseline``, build with ``-W``.  The new defect and its line are made
here, in the copy, so what must be reported is known without qdoc.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

from conftest import QEMU, run_qdoc
from sphinx_qemu_build import at_once, build_qemu_docs

RELEASE = "10.2.0"
#: The build's links to pages it leaves out (qemu-options.hx's :ref:s) are not what this is about.
ARGS = ("-q", "-W", "--keep-going", "-D", "suppress_warnings=ref.ref")
QDOC_WARNING_RE = re.compile(r"^(\S+):(\d+): WARNING: (.*)\[qdoc\.(\w+)\]$", re.M)


def qemu_tree(tmp: Path) -> Path:
    """A copy of the release's docs/ and qemu-options.hx, as a QEMU source tree."""
    tree = tmp / "qemu"
    shutil.copytree(QEMU / RELEASE / "docs", tree / "docs")
    shutil.copyfile(QEMU / RELEASE / "qemu-options.hx", tree / "qemu-options.hx")
    return tree


def record_baseline(tree: Path, baseline: Path) -> None:
    """Step 1 of README's adoption path: ``qdoc lint qemu-options.hx --baseline FILE`` in the tree."""
    result = run_qdoc("lint", "qemu-options.hx", "--baseline", str(baseline), cwd=tree)
    assert result.returncode == 0, result.stderr
    assert baseline.is_file()


def add_texinfo_markup(hx: Path) -> int:
    """Put ``@var{...}`` (texinfo markup, a defect in an SRST block) in -machine's description; return its line.

    Added to a line, not as a new one: no other line moves (a QD109 message
    names the line of a DEF, so moving it would be a new finding too).
    """
    lines = hx.read_text().split("\n")
    term = next(i for i, line in enumerate(lines) if line.startswith("``-machine [type=]name"))
    assert lines[term + 1].startswith("    ") and lines[term + 1].strip()
    lines[term + 1] += " The new guest takes @var{newmachine} as its name."
    hx.write_text("\n".join(lines))
    return term + 2


def test_baseline_of_todays_findings_passes_w_and_a_new_defect_fails_it(tmp_path):
    tree = qemu_tree(tmp_path)
    hx = tree / "qemu-options.hx"
    baseline = tmp_path / "conf-folder" / "qdoc-baseline.json"
    baseline.parent.mkdir()
    record_baseline(tree, baseline)

    # Without a baseline, today's findings fail -W: what the baseline is for; with it set, -W passes
    # (the two builds run at once, in folders of their own).
    with_baseline = ARGS + ("-D", f"qdoc_baseline={baseline}")
    plain, adopted = at_once(functools.partial(build_qemu_docs, tmp_path / "plain", RELEASE, lint=True, srctree=tree, args=ARGS),
                             functools.partial(build_qemu_docs, tmp_path / "adopted", RELEASE, lint=True, srctree=tree, args=with_baseline))
    assert plain.process.returncode != 0
    assert QDOC_WARNING_RE.search(plain.process.stderr), plain.process.stderr
    assert adopted.process.returncode == 0, adopted.process.stderr

    # A new defect fails it, reported alone, at its line.
    line = add_texinfo_markup(hx)
    broken = build_qemu_docs(tmp_path / "broken", RELEASE, lint=True, srctree=tree, args=with_baseline)
    assert broken.process.returncode != 0
    reported = [(Path(path).resolve(), int(number), code) for path, number, _, code in QDOC_WARNING_RE.findall(broken.process.stderr)]
    assert reported == [(hx.resolve(), line, "QD401")], broken.process.stderr
    assert "@var{newmachine}" in broken.process.stderr


def test_a_missing_baseline_fails_w_rather_than_hiding_nothing(tmp_path):
    """A ``qdoc_baseline`` that does not exist is a ``qdoc.baseline`` warning (the findings are all reported too)."""
    tree = qemu_tree(tmp_path)
    missing = tmp_path / "no-such-baseline.json"
    result = build_qemu_docs(tmp_path / "out", RELEASE, lint=True, srctree=tree, args=ARGS + ("-D", f"qdoc_baseline={missing}"))
    assert result.process.returncode != 0
    assert re.search(rf"qdoc_baseline {re.escape(str(missing))}: no such file.*\[qdoc\.baseline\]", result.process.stderr)
    assert QDOC_WARNING_RE.search(result.process.stderr.replace("[qdoc.baseline]", ""))
