"""qdoc.sphinx as a drop-in for QEMU's hxtool in QEMU's own docs build (issue 22).

QEMU 10.2.0's docs/system/qemu-manpage.rst and invocation.rst built together
with a conf.py shaped like QEMU's (tests/sphinx_qemu_build.py), on the newest
Sphinx and on Sphinx 5.3.0 with docutils 0.18.1.  Every fact is checked
against something qdoc did not compute: a scan of the .hx, QEMU's published
HTML (../shared/corpus/built), lxml's reading of the pages, Sphinx's reading
of objects.inv, and a stand-in of QEMU's hxtool written from its documented
behaviour.
"""

from __future__ import annotations

import collections
import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EarlyProcess
from sphinx_qemu_build import (
    PAGES, QEMU, ROOT, TOOLCHAINS, at_once, build_qemu_docs, html_ids, inventory, sphinx, srst_labels, toolchain_python,
    write_hxtool_standin,
)

RELEASE = "10.2.0"
HX = QEMU / RELEASE / "qemu-options.hx"
CLEAN = ("-q", "-W", "--keep-going")


def documented_options(hx: Path) -> set[str]:
    """Option names that begin a ````-name ...```` term in the SRST blocks (a plain scan); ``--x`` is ``-x``."""
    names, inside = set(), False
    for line in hx.read_text().split("\n"):
        inside = (inside or line.startswith("SRST")) and not line.startswith("ERST")
        match = re.match(r"``(--?[\w-]+)", line) if inside else None
        if match:
            names.add("-" + match.group(1).lstrip("-"))
    return names


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """The HTML and man builds of both pages on each toolchain, ``-W --keep-going``, lint off.

    The four builds run at once, each in a folder of its own.
    """
    jobs = [(name, builder) for name in TOOLCHAINS for builder in ("html", "man")]
    done = at_once(*(functools.partial(build_qemu_docs, tmp_path_factory.mktemp(f"{name}-{builder}"), RELEASE,
                                       toolchain=name, builder=builder, args=CLEAN) for name, builder in jobs))
    found: dict = {name: {} for name in TOOLCHAINS}
    for (name, builder), build in zip(jobs, done):
        found[name][builder] = build
    return found


@pytest.fixture(scope="module")
def hxtool_builds(tmp_path_factory) -> dict:
    """HTML builds with the stand-in of QEMU's hxtool: beside qdoc.sphinx in either order, and alone; run at once."""
    standin = write_hxtool_standin(tmp_path_factory.mktemp("ext"))
    orders = {"hxtool-first": ("hxtool", "qdoc.sphinx"), "qdoc.sphinx-first": ("qdoc.sphinx", "hxtool"), "alone": ("hxtool",)}
    done = at_once(*(functools.partial(build_qemu_docs, tmp_path_factory.mktemp("hxtool"), RELEASE, extensions=extensions,
                                       pythonpath=(str(standin),), args=CLEAN if len(extensions) > 1 else ("-q",))
                     for extensions in orders.values()))
    return dict(zip(orders, done))


@pytest.mark.parametrize("toolchain", list(TOOLCHAINS))
def test_qemus_pages_build_without_a_warning(builds, toolchain):
    for build in builds[toolchain].values():
        assert build.process.returncode == 0, build.process.stderr
        assert build.warnings == []


@pytest.mark.parametrize("toolchain", list(TOOLCHAINS))
def test_srst_label_anchors_are_on_both_pages_as_qemu_publishes_them(builds, toolchain):
    """``SRST(initrd)``: ``system-invocation-qemu-options-initrd`` and ``system-qemu-manpage-qemu-options-initrd``.

    The -W build passing means no duplicate label, and that the links the
    rest of the manual makes (``:ref:`system/invocation-qemu-options-initrd```,
    as docs/system/i386/xen.rst) resolve.
    """
    labels = srst_labels(HX)
    assert "initrd" in labels
    html = builds[toolchain]["html"].out
    for page in PAGES:
        ids = html_ids(html / f"{page}.html")
        expected = {f"{page.replace('/', '-')}-qemu-options-{label}" for label in labels}
        assert expected <= ids, expected - ids
    published = {i for i in html_ids(QEMU.parent / "built" / RELEASE / "qemu-manpage.html") if "-qemu-options-" in i}
    assert published and published <= html_ids(html / "system" / "qemu-manpage.html")
    found = inventory(html)["std:label"]
    assert {f"{page}-qemu-options-{label}" for page in PAGES for label in labels} <= set(found)
    assert not set(labels) & set(found)  # no bare ``initrd`` label, which two pages would both define


@pytest.mark.parametrize("toolchain", list(TOOLCHAINS))
def test_every_documented_option_is_an_object(builds, toolchain):
    """Items are matched to the model by their term, not by the line docutils gives them (wrong before 0.21)."""
    objects = set(inventory(builds[toolchain]["html"].out)["qemu:option"])
    documented = documented_options(HX)
    assert len(documented) > 100
    assert documented <= objects, sorted(documented - objects)


def test_both_toolchains_give_the_same_ids_and_inventory(builds):
    newest, oldest = (builds[name]["html"].out for name in ("newest", "sphinx-5.3"))
    for page in PAGES:
        assert html_ids(newest / f"{page}.html", main=True) == html_ids(oldest / f"{page}.html", main=True), page
    assert inventory(newest) == inventory(oldest)


def _tags(man: str) -> list[str]:
    """The tag line of each ``.TP`` item of a man page, as written (a plain scan).

    Without a classifier (`` ``show-tabs=on|off`` : Display the tab bar``):
    docutils' man writer puts it on the tag line from 0.21 on, before that on the next line.
    """
    lines = man.split("\n")
    tags = [next(ln for ln in lines[i + 1:] if not ln.startswith((".na", ".B .na"))) for i, ln in enumerate(lines) if ln == ".TP"]
    return [re.sub(r" \([^()]*\)$", "", tag) for tag in tags]


def test_both_toolchains_style_man_page_terms_alike(builds):
    """Flags bold, placeholders italic (``\\fIname\\fP``) on docutils 0.18 as on the newest."""
    newest, oldest = ((builds[name]["man"].out / "qemu.1").read_text() for name in ("newest", "sphinx-5.3"))
    for text in (newest, oldest):
        assert r"\fB\-machine\fP [\fBtype\fP=]\fIname\fP" in text
    tags = _tags(newest)
    assert len(tags) > 500 and sum("\\fI" in tag for tag in tags) > 300
    assert _tags(oldest) == tags


@pytest.mark.parametrize("order", ["hxtool-first", "qdoc.sphinx-first"])
def test_loads_beside_qemus_hxtool_and_its_directive_wins(hxtool_builds, builds, order):
    """A stand-in of QEMU's hxtool (its config value and directive) in ``extensions``, before or after qdoc.sphinx."""
    build = hxtool_builds[order]
    assert build.process.returncode == 0, build.process.stderr
    assert build.warnings == []
    # qdoc's directive rendered the file: the options are qemu objects (hxtool makes none), the same as qdoc alone.
    assert inventory(build.out) == inventory(builds["newest"]["html"].out)


def test_labels_are_those_qemus_hxtool_makes(hxtool_builds, builds):
    """The stand-in of QEMU's hxtool alone, on the same pages: the same labels and anchors as qdoc's."""
    theirs = hxtool_builds["alone"]
    assert theirs.process.returncode == 0, theirs.process.stderr
    ours = builds["newest"]["html"].out
    def hxtool_labels(out: Path) -> dict:
        return {name: target for name, target in inventory(out)["std:label"].items() if "-qemu-options-" in name}

    assert hxtool_labels(theirs.out) and hxtool_labels(theirs.out) == hxtool_labels(ours)
    for page in PAGES:
        anchors = {i for i in html_ids(theirs.out / f"{page}.html") if "-qemu-options-" in i}
        assert anchors and anchors <= html_ids(ours / f"{page}.html")


def _tree_with(tmp: Path, hx_text: str) -> Path:
    """A QEMU source tree: docs/ copied from 10.2.0, qemu-options.hx of ``hx_text``."""
    tree = tmp / "qemu"
    shutil.copytree(QEMU / RELEASE / "docs", tree / "docs")
    (tree / "qemu-options.hx").write_text(hx_text)
    return tree


def _unclosed_cases() -> dict[str, tuple[str, int]]:
    """Damaged copies of 10.2.0's .hx, each with the line of the SRST that is never closed (a plain scan)."""
    lines = HX.read_text().split("\n")
    last_open = next(n for n, line in enumerate(lines, 1) if line.startswith("SRST") and n > 200)
    truncated = "\n".join(lines[:last_open + 2])  # cut inside that block: no ERST after its SRST
    # An ERST removed in the middle: its block runs into the next DEF (C code) until the next SRST.
    erst = next(n for n, line in enumerate(lines, 1) if line.startswith("ERST") and n > 1000)
    opened = max(n for n, line in enumerate(lines[:erst], 1) if line.startswith("SRST"))
    forgotten = "\n".join(lines[:erst - 1] + lines[erst:])
    return {"truncated": (truncated, last_open), "forgotten-erst": (forgotten, opened)}


@pytest.mark.parametrize("toolchain", list(TOOLCHAINS))
@pytest.mark.parametrize("case", ["truncated", "forgotten-erst"])
def test_an_srst_never_closed_stops_the_build_at_its_line(tmp_path, toolchain, case):
    text, line = _unclosed_cases()[case]
    tree = _tree_with(tmp_path, text)
    build = build_qemu_docs(tmp_path, RELEASE, toolchain=toolchain, srctree=tree, args=("-q",))
    assert build.process.returncode != 0
    located = re.findall(r"(\S*qemu-options\.hx):(\d+): ERROR: SRST block is not closed", build.process.stderr)
    assert located, build.process.stderr
    assert {(Path(ROOT, path).resolve(), int(number)) for path, number in located} == {(tree / "qemu-options.hx", line)}
    assert "Extension error" in build.process.stderr  # stopped, as QEMU's hxtool stops it
    assert not (build.out / "system" / "invocation.html").exists()  # no page with C code rendered into it


def test_incremental_rebuild_after_editing_the_hx_equals_a_clean_build(tmp_path):
    tree = _tree_with(tmp_path / "src", HX.read_text())
    first = build_qemu_docs(tmp_path / "incremental", RELEASE, srctree=tree, args=CLEAN)
    assert first.process.returncode == 0, first.process.stderr
    hx = tree / "qemu-options.hx"
    hx.write_text(hx.read_text().replace("Select the emulated machine by name.", "Select the machine to emulate by name.", 1))
    stat = hx.stat()
    os.utime(hx, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # newer than the first build, whatever the clock
    again, clean = at_once(  # the incremental build and a clean one of the edited tree, in folders of their own
        functools.partial(build_qemu_docs, tmp_path / "incremental", RELEASE, srctree=tree, args=("-W", "--keep-going"), fresh=False),
        functools.partial(build_qemu_docs, tmp_path / "clean", RELEASE, srctree=tree, args=CLEAN))
    assert again.process.returncode == 0, again.process.stderr
    reread = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", again.process.stdout)
    assert reread and reread.group(2) == str(len(PAGES)), again.process.stdout  # both pages that render the .hx
    assert clean.process.returncode == 0, clean.process.stderr
    for name in [f"{page}.html" for page in PAGES] + ["qemu-optionindex.html", "genindex.html"]:
        incremental = (again.out / name).read_text()
        assert incremental == (clean.out / name).read_text(), name
    assert "Select the machine to emulate by name." in (again.out / "system" / "invocation.html").read_text()
    assert inventory(again.out) == inventory(clean.out)


def test_parallel_build_equals_serial(tmp_path, builds):
    parallel = build_qemu_docs(tmp_path, RELEASE, args=(*CLEAN, "-j", "2"))
    assert parallel.process.returncode == 0, parallel.process.stderr
    serial = builds["newest"]["html"].out
    for name in [f"{page}.html" for page in PAGES] + ["qemu-optionindex.html", "genindex.html"]:
        assert (parallel.out / name).read_text() == (serial / name).read_text(), name
    assert inventory(parallel.out) == inventory(serial)


def test_sphinx_build_suite_passes_on_sphinx_5_3():
    """tests/test_sphinx_build.py run whole by the Sphinx 5.3 / docutils 0.18.1 toolchain's Python.

    The run starts when collection ends (conftest.EarlyProcess), on the core
    the rest of the suite leaves idle: this test waits only for what is left.
    """
    python = toolchain_python("sphinx-5.3")
    result = test_sphinx_build_suite_passes_on_sphinx_5_3.early_process.result(timeout=1200)
    assert result.returncode == 0, result.stdout[-6000:]
    version = subprocess.run([str(python), "-c", "import sphinx, docutils; print(sphinx.__version__, docutils.__version__)"],
                             capture_output=True, text=True, check=True)
    assert version.stdout.split() == ["5.3.0", "0.18.1"]


test_sphinx_build_suite_passes_on_sphinx_5_3.early_process = EarlyProcess(
    [str(TOOLCHAINS["sphinx-5.3"]), "-m", "pytest", "tests/test_sphinx_build.py", "-q", "-p", "no:cacheprovider", "-x"],
    cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("toolchain", list(TOOLCHAINS))
def test_an_item_the_rendering_does_not_match_is_a_warning(tmp_path, toolchain):
    """A term rendered otherwise than the .hx reads (a substitution from conf.py's rst_epilog) is no object: said so."""
    tree = tmp_path / "tree"
    (tree / "docs").mkdir(parents=True)
    (tree / "qemu-options.hx").write_text(
        'DEFHEADING(Standard options:)\n'
        'DEF("foo", HAS_ARG, QEMU_OPTION_foo,\n    "-foo x   do foo\\n", QEMU_ARCH_ALL)\n'
        'SRST\n``-foo`` |ver|\n    Do foo.\nERST\n\n'
        'DEF("bar", 0, QEMU_OPTION_bar,\n    "-bar     do bar\\n", QEMU_ARCH_ALL)\n'
        'SRST\n``-bar``\n    Do bar.\nERST\n')
    (tree / "docs" / "conf.py").write_text("extensions = ['qdoc.sphinx']\nqdoc_lint = False\nrst_epilog = '.. |ver| replace:: 1.0'\n")
    (tree / "docs" / "index.rst").write_text("Options\n=======\n\n.. hxtool-doc:: qemu-options.hx\n")
    result = sphinx("-E", "-q", "-b", "html", str(tree / "docs"), str(tmp_path / "out"), toolchain=toolchain)
    assert result.returncode == 0, result.stderr
    assert re.search(r"index\.rst:4: WARNING: hxtool-doc: 1 of the 2 items \S*qemu-options\.hx documents were not found", result.stderr), result.stderr
    assert set(inventory(tmp_path / "out")["qemu:option"]) == {"-bar"}


def test_parallel_build_gives_each_lint_finding_once_as_a_serial_build_does(tmp_path):
    """With ``-j 2`` the two pages that render the .hx may be read by two processes, each linting it.

    The findings are held in the environment and given once after the read,
    so the warnings equal a serial build's line for line (two findings on
    one line with the same message, at two columns, stay two).
    """
    builds = {}
    done = at_once(*(functools.partial(build_qemu_docs, tmp_path / f"j{jobs}", RELEASE, lint=True, args=("-q", "--keep-going", "-j", jobs))
                     for jobs in ("1", "2")))
    for jobs, build in zip(("1", "2"), done):
        assert "Traceback" not in build.process.stderr, build.process.stderr
        builds[jobs] = collections.Counter(line for line in build.warnings if "[qdoc." in line or "] [QD" in line
                                           or re.search(r"\[QD\d+\]$", line))
    assert sum(builds["1"].values()) > 30  # 10.2.0's real findings (tests/test_lint_sphinx.py lists them)
    assert builds["2"] == builds["1"]
