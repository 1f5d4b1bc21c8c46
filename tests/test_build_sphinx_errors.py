"""``qdoc build`` of a Sphinx project whose pages make Sphinx stop.

sphinx-build's own entry point turns an exception into "Please also report
this if it was a user error..." and a ``sphinx-err-*.log`` traceback left in
the temporary folder.  A page is input like any other: the error names it
(and its line), the build exits 2, writes nothing, and leaves no file behind.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from conftest import run_qdoc

NOT_UTF8 = b"Title\n=====\n\nThe caf\xe9 is open.\n"


def deeply_nested_list(levels: int = 1000) -> str:
    lines = ["Title", "=====", "", "Intro.", ""]
    for level in range(levels):
        lines += ["  " * level + "- item", ""]
    return "\n".join(lines) + "\n"


def sphinx_crash_logs() -> set[str]:
    folder = tempfile.gettempdir()
    return {name for name in os.listdir(folder) if name.startswith("sphinx-err-")}


def project(tmp_path, conf: str, pages: dict[str, bytes]):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(conf, encoding="utf-8")
    for name, data in pages.items():
        page = source / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(data)
    return source


CONFS = {"qdoc-extension": 'extensions = ["qdoc.sphinx"]\n', "no-extension": ""}


def build_fails(tmp_path, source) -> str:
    """Build ``source``: exit 2, nothing written, no crash log; the error message."""
    out = tmp_path / "out"
    before = sphinx_crash_logs()
    result = run_qdoc("build", str(source), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Please also report" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert sphinx_crash_logs() - before == set(), "Sphinx's crash log was left in the temporary folder"
    return result.stderr


@pytest.mark.parametrize("conf", CONFS.values(), ids=CONFS.keys())
def test_a_page_that_is_not_utf8_is_reported_at_its_byte(tmp_path, conf):
    source = project(tmp_path, conf, {"index.rst": b"Title\n=====\n\n.. toctree::\n\n   guide/latin1\n",
                                      "guide/latin1.rst": NOT_UTF8})
    stderr = build_fails(tmp_path, source)
    assert f"{source}/guide/latin1.rst:4:8: invalid UTF-8 byte 0xe9" in stderr


@pytest.mark.parametrize("conf", CONFS.values(), ids=CONFS.keys())
def test_lists_nested_too_deeply_are_reported_at_the_page_and_line(tmp_path, conf):
    source = project(tmp_path, conf, {"index.rst": deeply_nested_list().encode()})
    stderr = build_fails(tmp_path, source)
    location, _, message = stderr.partition(": ")
    path, _, line = location.rpartition(":")
    assert path == f"{source}/index.rst"
    assert 5 < int(line) < 2005  # a line of the list (docutils gives up somewhere inside it)
    assert "nested too deeply" in message and "[rst-too-deep]" in message


def test_a_conf_py_that_raises_is_reported_at_its_line(tmp_path):
    source = project(tmp_path, 'project = "x"\n\nraise ValueError("no such theme")\n', {"index.rst": b"T\n=\n\nText.\n"})
    stderr = build_fails(tmp_path, source)
    assert stderr.startswith(f"{source}/conf.py:3: sphinx-build -b html failed: ValueError: no such theme [build-sphinx]\n")
