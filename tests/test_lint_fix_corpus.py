"""``qdoc lint --fix`` and ``--diff`` on copies of QEMU's release trees 6.2.0 to 10.2.0, each in a git repository.

What the fixes must change is computed here from the sources, independently
of qdoc: the SRST lines of qemu-options.hx that hold texinfo markup
(``@var{x}``...), and the removed-features headings that say ``(since
X.Y)`` with their underlines when the longer ``(removed in X.Y)`` outgrows
them.  git says what changed (``git apply --check``, ``git diff -U0``),
and Sphinx renders the tree's qemu-manpage.rst before and after: its text
may differ only where markup was removed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import lxml.html
import pytest
from conftest import QEMU, ROOT, run_qdoc

RELEASES = ["6.2.0", "7.2.0", "8.2.0", "9.2.0", "10.2.0"]

#: Texinfo markup with a name inside, as the fixes have an rST spelling for it.
LEAK_RE = re.compile(r"@(?:var|code|option|samp|file|emph|strong|env|command|kbd|key|dfn)\{[^{}]+\}")
ADORNMENT_RE = re.compile(r"^([=\-'`~^\"*+#])\1+$")


#: Headings the scan finds that lint does not report (so no fix touches them), each with the reason.
NOT_REPORTED = {
    ("9.2.0", 513): "the rST reader makes no removal record of '``-device virtio-blk,scsi=on|off`` (since 9.1)' "
    "(filed to the readers' owner): no QD305 finding, no fix",
    ("9.2.0", 514): "its underline",
}


def git(tree, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=tree, capture_output=True, text=True, check=True)
    return result.stdout


def srst_leak_lines(text: str) -> set[int]:
    """Lines of an .hx file inside SRST blocks (not HXCOMM) that hold texinfo markup with a name."""
    found = set()
    in_rst = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(("SRST", "ERST")):
            in_rst = line.startswith("SRST")
        elif in_rst and not line.startswith("HXCOMM") and LEAK_RE.search(line):
            found.add(number)
    return found


def since_heading_lines(text: str) -> set[int]:
    """Headings saying ``(since X.Y)`` (a line whose next line is an adornment), and underlines too short after the fix."""
    lines = text.split("\n")
    found = set()
    for index, line in enumerate(lines[:-1]):
        underline = lines[index + 1]
        if line.strip() and ADORNMENT_RE.match(underline) and re.search(r"\(since [^)]*\)", line):
            found.add(index + 1)
            if len(underline) < len(line.replace("(since", "(removed in")):
                found.add(index + 2)
    return found


def changed_old_lines(tree, path: str) -> set[int]:
    """Lines of ``path`` as committed that ``git diff -U0`` shows changed."""
    changed = set()
    for m in re.finditer(r"^@@ -(\d+)(?:,(\d+))? ", git(tree, "diff", "-U0", "--no-color", "--", path), re.M):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        changed.update(range(start, start + count))
    return changed


def add_missing_includes(tree) -> list[str]:
    """Empty stand-ins for the ``.rst.inc`` files the manual page includes that the corpus tree lacks.

    The corpus keeps 8.2.0's and 9.2.0's qemu-manpage.rst and qemu-options.hx
    but not the pages they include (target-i386-desc.rst.inc,
    qemu-option-trace.rst.inc...), so Sphinx could not build them at all;
    the fixes touch none of those, so an empty page in their place builds
    the text the fixes change.
    """
    added = []
    for page in (tree / "docs/system/qemu-manpage.rst", tree / "qemu-options.hx"):
        folder = tree / "docs/system"  # hxtool-doc includes relative to the page that holds it
        for name in re.findall(r"^\s*\.\. include:: (\S+)", page.read_text(encoding="utf-8"), re.M):
            target = (folder / name).resolve()
            if not target.exists():
                target.write_text("", encoding="utf-8")
                added.append(str(target.relative_to(tree)))
    return added


def start_manpage_build(tree, out) -> subprocess.Popen:
    """Start Sphinx (-W, HTML) on the tree's docs/system/qemu-manpage.rst with qdoc's extension, as QEMU builds it."""
    conf = out / "conf"
    conf.mkdir(parents=True)
    (conf / "conf.py").write_text(
        f"QEMU = {str(tree)!r}\n"
        "extensions = ['qdoc.sphinx']\n"
        "root_doc = 'system/qemu-manpage'\n"
        "include_patterns = ['system/qemu-manpage.rst']\n"
        "hxtool_srctree = QEMU\n"
        "qdoc_lint = False\n"
        "import os\n"
        "defs = os.path.join(QEMU, 'docs', 'defs.rst.inc')\n"  # 8.2 and 9.x have none
        "rst_epilog = open(defs).read() if os.path.exists(defs) else (\n"
        "    '.. |qemu_system| replace:: qemu-system-x86_64\\n.. |qemu_system_x86| replace:: qemu-system-x86_64\\n')\n"
        # The page refers to labels of the manual's other pages, which this
        # build of one page leaves out; QEMU's full build resolves them.
        "suppress_warnings = ['ref.ref']\n"
    )
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-q", "-W", "-b", "html", "-c", str(conf),
         str(tree / "docs"), str(out / "html")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def manpage_text(build: subprocess.Popen, out) -> str:
    """The text of the page the build started by :func:`start_manpage_build` made (it must build with -W)."""
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    page = lxml.html.parse(str(out / "html" / "system" / "qemu-manpage.html")).getroot()
    return page.body.text_content()


@pytest.fixture(scope="module", params=RELEASES)
def fixed_tree(request, tmp_path_factory):
    """One release tree copied into a git repository, linted with --diff, fixed, fixed again, built before and after."""
    base = tmp_path_factory.mktemp(f"fix-{request.param}")
    tree = base / "qemu"
    shutil.copytree(QEMU / request.param, tree)
    add_missing_includes(tree)
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "-c", "user.name=qdoc", "-c", "user.email=qdoc@example.org", "commit", "-q", "-m", request.param)
    building = start_manpage_build(tree, base / "before")
    diff = run_qdoc("lint", str(tree), "--diff")  # writes nothing, so it runs while Sphinx reads the tree
    before = {
        "hx": srst_leak_lines((tree / "qemu-options.hx").read_text(encoding="utf-8")),
        "removed": since_heading_lines((tree / "docs/about/removed-features.rst").read_text(encoding="utf-8")),
        "text": manpage_text(building, base / "before"),
    }
    first = run_qdoc("lint", str(tree), "--fix")
    after_first = git(tree, "diff", "--no-color")
    building = start_manpage_build(tree, base / "after")
    second = run_qdoc("lint", str(tree), "--fix")
    return {
        "tree": tree,
        "release": request.param,
        "before": before,
        "diff": diff,
        "first": first,
        "after_first": after_first,
        "second": second,
        "after_second": git(tree, "diff", "--no-color"),
        "text": manpage_text(building, base / "after"),
    }


def test_diff_is_a_patch_git_applies(fixed_tree):
    diff = fixed_tree["diff"]
    assert diff.returncode == 1 and diff.stdout.startswith("diff --git a/"), diff.stderr
    patch = fixed_tree["tree"].parent / "fixes.patch"
    patch.write_text(diff.stdout, encoding="utf-8")
    clean = fixed_tree["tree"].parent / "clean"  # the tree as committed, to apply the patch to
    if not clean.exists():
        subprocess.run(["git", "clone", "-q", str(fixed_tree["tree"]), str(clean)], check=True)
    check = subprocess.run(["git", "apply", "--check", str(patch)], cwd=clean, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    applied = subprocess.run(["git", "apply", str(patch)], cwd=clean, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert git(clean, "diff", "--no-color") == fixed_tree["after_first"], "--diff shows what --fix does"


def test_fix_changes_exactly_the_lines_of_the_defects(fixed_tree):
    tree = fixed_tree["tree"]
    assert fixed_tree["before"]["hx"], "every release has texinfo markup in its SRST text"
    assert changed_old_lines(tree, "qemu-options.hx") == fixed_tree["before"]["hx"]
    headings = {n for n in fixed_tree["before"]["removed"] if (fixed_tree["release"], n) not in NOT_REPORTED}
    assert changed_old_lines(tree, "docs/about/removed-features.rst") == headings
    touched = set(git(tree, "diff", "--name-only").split())
    expected = {"qemu-options.hx"} | ({"docs/about/removed-features.rst"} if fixed_tree["before"]["removed"] else set())
    assert touched == expected


def test_no_safely_fixable_defect_remains(fixed_tree):
    tree = fixed_tree["tree"]
    assert srst_leak_lines((tree / "qemu-options.hx").read_text(encoding="utf-8")) == set()
    left = since_heading_lines((tree / "docs/about/removed-features.rst").read_text(encoding="utf-8"))
    assert {n for n in left if (fixed_tree["release"], n) not in NOT_REPORTED} == set()
    first = fixed_tree["first"]
    m = re.search(r"fixed (\d+) finding\(s\), (\d+) remain", first.stderr)
    assert m and int(m.group(1)) > 0, first.stderr
    # What remains is reported as lint reports it, and only with the codes that have no safe fix here.
    assert int(m.group(2)) == len(first.stdout.splitlines())
    assert first.returncode == (1 if first.stdout else 0)


def test_a_second_fix_changes_nothing(fixed_tree):
    assert fixed_tree["after_second"] == fixed_tree["after_first"]
    assert "fixed 0 finding(s)" in fixed_tree["second"].stderr


def _plain(text: str, markup: bool) -> str:
    """The rendered characters, whitespace (where the text builder wraps) and emphasis marks dropped.

    Texinfo markup is dropped too in the text before the fix, keeping the name inside.
    """
    text = "".join(text.split())  # the text builder may wrap inside "@var{...}"
    if markup:
        text = LEAK_RE.sub(lambda m: m.group(0)[m.group(0).index("{") + 1 : -1], text)
    return re.sub(r"\*([^*]+?)\*", r"\1", text)


def test_manpage_still_builds_and_differs_only_where_markup_was(fixed_tree):
    before, after = fixed_tree["before"]["text"], fixed_tree["text"]
    assert before != after
    assert not LEAK_RE.search(after)
    assert _plain(before, markup=True) == _plain(after, markup=False)
