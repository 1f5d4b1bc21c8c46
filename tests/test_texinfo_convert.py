"""``qdoc convert``: the 4.2.0 manual as a Sphinx project that Sphinx builds cleanly."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import CORPUS, QEMU, run_qdoc

BUILT = CORPUS / "built"


def _without_ignored(texi: str) -> str:
    return re.sub(r"^@ignore\n.*?^@end ignore\n", "", texi, flags=re.M | re.S)


def _manual_files(main):
    """The main file and every file it @includes (plain scan, the way texinfo searches)."""
    found, todo = [], [main]
    while todo:
        path = todo.pop(0)
        found.append(path)
        for name in re.findall(r"^@include (\S+)", _without_ignored(path.read_text(encoding="utf-8")), re.M):
            for directory in (main.parent, BUILT / "4.2.0"):
                if (directory / name).is_file():
                    todo.append(directory / name)
                    break
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    out = tmp_path_factory.mktemp("qemu-doc")
    result = run_qdoc("convert", str(QEMU / "4.2.0" / "qemu-doc.texi"), "-I", str(BUILT / "4.2.0"), "--to", "rst", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


def _sphinx(project, builder, tmp_path):
    if shutil.which("sphinx-build") is None:
        pytest.fail("sphinx-build is not installed", pytrace=False)
    return subprocess.run(
        ["sphinx-build", "--no-color", "-b", builder, "-q", "-E", str(project), str(tmp_path / builder)],
        capture_output=True, text=True, timeout=300,
    )


def test_project_layout(project):
    chapters = []
    for path in _manual_files(QEMU / "4.2.0" / "qemu-doc.texi"):
        chapters += re.findall(r"^@(?:chapter|appendix) ", _without_ignored(path.read_text(encoding="utf-8")), re.M)
    rst_files = sorted(p.name for p in project.glob("*.rst"))
    assert "index.rst" in rst_files and "qemu.rst" in rst_files and (project / "conf.py").is_file()
    # A page per chapter in the index's toctree; a long chapter's sections are pages in its own toctree.
    index = (project / "index.rst").read_text()
    listed = re.findall(r"^   (\S+)$", index, re.M)
    assert len(listed) == len(chapters) and all(f"{name}.rst" in rst_files for name in listed)
    in_toctrees = set()
    for path in project.glob("*.rst"):
        for tree in re.findall(r"^\.\. toctree::\n(?:   :.*\n)*\n((?:   \S+\n?)+)", path.read_text(), re.M):
            in_toctrees.update(tree.split())
    assert {name[:-4] for name in rst_files} - in_toctrees == {"index", "qemu"}


def test_options_findex_xref_and_examples(project):
    text = "\n".join(p.read_text() for p in sorted(project.glob("*.rst")) if p.name != "qemu.rst")
    options_texi = _without_ignored((BUILT / "4.2.0" / "qemu-options.texi").read_text(encoding="utf-8"))
    assert ".. option:: -machine [type=]name[,prop=value[,...]]" in text
    # Every @findex of the generated options file is an index entry.
    for name in set(re.findall(r"^@findex (.+?)\s*$", options_texi, re.M)):
        assert f".. index:: single: {name}\n" in text, name
    # @pxref{disk_images} became a reference to the node's label, showing the section's title.
    assert ":ref:`Disk Images <texinfo-disk-images>`" in text
    assert ".. _texinfo-disk-images:" in text
    # Examples are literal blocks: each iSCSI example of the manual, its @value{}s
    # set and @@ an @, line for line with the indentation inside it kept.
    manual = (QEMU / "4.2.0" / "qemu-doc.texi").read_text(encoding="utf-8")
    values = dict(re.findall(r"^@set (\S+) (.*)$", manual, re.M))
    examples = [block for block in re.findall(r"^@example\n(.*?)^@end example$", manual, re.M | re.S) if "iscsi://" in block]
    assert len(examples) == 3
    for block in examples:
        lines = re.sub(r"@value\{(\w+)\}", lambda m: values[m.group(1)], block).replace("@@", "@").splitlines()
        literal = r"::\n\n(?P<indent> +)" + re.escape(lines[0]) + "".join(r"\n(?P=indent)" + re.escape(line) for line in lines[1:]) + r"\n\n"
        assert re.search(literal, text), lines[0]


def test_sphinx_html_and_man_build_without_warnings(project, tmp_path):
    for builder in ("html", "man"):
        result = _sphinx(project, builder, tmp_path)
        assert result.returncode == 0, result.stderr
        # No warning is expected: none is listed as known.
        assert result.stderr.strip() == "", result.stderr
    page = (tmp_path / "man" / "qemu.1").read_text()
    # The man page follows the "@c man begin" markers: sections and options.
    assert re.search(r"^\.SH SYNOPSIS", page, re.M) and re.search(r"^\.SH OPTIONS", page, re.M)
    assert "\\-machine" in page
