"""A configuration or baseline that cannot be used: ``qdoc: FILE: message``, exit 2, no hang, no internal error.

Every case is a file a careless or hostile tree can hold (or a path a
careless command line names): the wrong TOML types, bytes that are not
UTF-8, a FIFO (which would block a plain ``open``), ``/dev/zero`` (which
never ends), a directory, a huge file, JSON of the wrong shape.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import QEMU, isolated_user_config, run_qdoc, small_tree

HX = """\
DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit.
ERST

DEF("frob", HAS_ARG, QEMU_OPTION_frob, "-frob level     frobnicate the guest\\n", QEMU_ARCH_ALL)
"""


def _tree(tmp_path: Path) -> Path:
    return small_tree(tmp_path, HX)


_env = isolated_user_config


def _assert_refused(result, path: Path | str, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"qdoc: {path}"), result.stderr
    assert message in result.stderr, result.stderr


PYPROJECTS = {
    "tool-not-a-table": (b"tool = 1\n", "tool must be a table"),
    "qdoc-not-a-table": (b"[tool]\nqdoc = 1\n", "tool.qdoc must be a table"),
    "baseline-integer": (b"[tool.qdoc]\nbaseline = 1\n", "baseline must be a non-empty string, not an integer"),
    "release-integer": (b"[tool.qdoc]\nrelease = 1\n", "release must be a non-empty string, not an integer"),
    "binary-integer": (b"[tool.qdoc]\nbinary = 1\n", "binary must be a non-empty string, not an integer"),
    "release-empty": (b'[tool.qdoc]\nrelease = ""\n', "release must be a non-empty string"),
    "latin-1": (b"# caf\xe9\n[tool.qdoc]\n", ":1: invalid UTF-8 byte 0xe9"),
    "not-toml": (b"[tool.qdoc]\nrelease = \n", "not valid TOML"),
    "huge-integer": (b"[tool.qdoc]\nrelease = " + b"9" * 5000 + b"\n", "not valid TOML"),
    "deep-array": (b"[tool.qdoc]\nrelease = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
    "lone-surrogate": (b'[tool.qdoc]\nrelease = "\\ud800"\n', "not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(PYPROJECTS))
@pytest.mark.parametrize("command", ["lint", "build"])
def test_malformed_pyproject(tmp_path, case, command):
    tree = _tree(tmp_path)
    data, message = PYPROJECTS[case]
    (tree / "pyproject.toml").write_bytes(data)
    args = [command, str(tree)] + (["-o", str(tmp_path / "out"), "--no-sphinx"] if command == "build" else [])
    result = run_qdoc(*args, env=_env(tmp_path))
    _assert_refused(result, tree / "pyproject.toml", message)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", ["release-integer", "latin-1", "huge-integer"])
def test_malformed_qdoc_toml(tmp_path, case):
    tree = _tree(tmp_path)
    data, message = PYPROJECTS[case]
    (tree / "qdoc.toml").write_bytes(data.replace(b"[tool.qdoc]\n", b""))
    _assert_refused(run_qdoc("lint", str(tree), env=_env(tmp_path)), tree / "qdoc.toml", message)


def _directory(path: Path) -> None:
    path.mkdir()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere")


def _oversized(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")


NOT_CONFIG_FILES = {
    "directory": (_directory, "is a directory"),
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "dangling-link": (_dangling, "No such file or directory"),
    "oversized": (_oversized, "too large for a configuration file"),
}


@pytest.mark.parametrize("case", sorted(NOT_CONFIG_FILES))
@pytest.mark.parametrize("name", ["qdoc.toml", "pyproject.toml"])
def test_a_config_file_that_is_not_one_is_refused_without_hanging(tmp_path, case, name):
    """Not skipped either: the configuration its author meant would be silently lost."""
    tree = _tree(tmp_path)
    make, message = NOT_CONFIG_FILES[case]
    make(tree / name)
    _assert_refused(run_qdoc("lint", str(tree), env=_env(tmp_path)), tree / name, message)


# --- baselines -------------------------------------------------------------------------------


def _baseline_json(findings) -> str:
    return json.dumps({"qdoc_baseline": 1, "findings": findings})


BASELINES = {
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "directory": (_directory, "is a directory"),
    "huge": (lambda p: p.write_bytes(b" " * (9 * 1024 * 1024)), "too large for a baseline"),
    "not-json": (lambda p: p.write_text("no\n"), "not JSON"),
    "latin-1": (lambda p: p.write_bytes(b'{"x": "caf\xe9"}'), ":1: invalid UTF-8 byte 0xe9"),
    "finding-not-an-object": (lambda p: p.write_text(_baseline_json([1])), "findings[0] is not a finding"),
    "finding-of-integers": (
        lambda p: p.write_text(_baseline_json([{"code": 1, "path": 2, "message": 3}])), "findings[0] is not a finding"
    ),
    "lone-surrogate": (
        lambda p: p.write_text(_baseline_json([{"code": "QD101", "path": "\ud800", "message": "m"}])),
        "findings[0].path holds a lone surrogate (\\ud800)",
    ),
    "deep": (lambda p: p.write_text('{"qdoc_baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}"), "nested too deeply"),
    "huge-integer": (lambda p: p.write_text('{"qdoc_baseline": ' + "1" * 5000 + "}"), "not JSON"),
}


@pytest.mark.parametrize("case", sorted(BASELINES))
def test_an_unusable_baseline_is_refused_without_hanging(tmp_path, case):
    tree = _tree(tmp_path)
    make, message = BASELINES[case]
    baseline = tmp_path / "baseline.json"
    make(baseline)
    _assert_refused(run_qdoc("lint", str(tree), "--baseline", str(baseline), env=_env(tmp_path)), baseline, message)


def test_a_configured_baseline_that_is_a_fifo_is_refused_by_lint_and_build(tmp_path):
    """Refused without hanging; once it is a baseline qdoc recorded, it is used (the checks refuse only non-baselines)."""
    tree = _tree(tmp_path)
    os.mkfifo(tree / "baseline.fifo")
    (tree / "qdoc.toml").write_text('baseline = "baseline.fifo"\n')
    configured = tree / "baseline.fifo"
    _assert_refused(run_qdoc("lint", str(tree), env=_env(tmp_path)), configured, "not a regular file")
    build = run_qdoc("build", str(tree), "-o", str(tmp_path / "out"), "--no-sphinx", env=_env(tmp_path))
    # The build's walk of the tree meets the FIFO first: the same refusal, as an input of the tree.
    assert build.returncode == 2 and f"{configured}:0: " in build.stderr and "not a regular file" in build.stderr
    assert "internal error" not in build.stderr and not (tmp_path / "out").exists()
    configured.unlink()
    first = run_qdoc("lint", str(tree), env=_env(tmp_path))
    assert first.returncode == 0 and "recorded 1 finding(s)" in first.stderr
    second = run_qdoc("lint", str(tree), env=_env(tmp_path))
    assert second.returncode == 0 and second.stdout == "", second.stderr


@pytest.mark.parametrize("where", ["parent", "absolute", "symlink"])
def test_a_trees_baseline_stays_inside_the_tree(tmp_path, where):
    """`baseline = "../x.json"` in a tree's qdoc.toml made lint read, and write, a file outside the tree.

    A tree's configuration is data of the tree: its baseline must lie in
    the configuration's folder (links resolved).  `--baseline` names any file.
    """
    src = tmp_path / "src"
    src.mkdir()
    (src / "qemu-options.hx").write_bytes((QEMU / "7.2.0" / "qemu-options.hx").read_bytes())
    outside = tmp_path / "elsewhere.json"
    value = {"parent": "../elsewhere.json", "absolute": str(outside), "symlink": "link.json"}[where]
    if where == "symlink":
        os.symlink(outside, src / "link.json")
    (src / "qdoc.toml").write_text(f"baseline = {value!r}\n".replace("'", '"'))
    for command in (["lint", str(src)], ["build", str(src), "-o", str(tmp_path / "out"), "--no-sphinx"]):
        result = run_qdoc(*command)
        assert result.returncode == 2, result.stderr
        assert f"{src / 'qdoc.toml'}: baseline {value!r} leaves the folder of the configuration" in result.stderr
        assert not outside.exists() and not (tmp_path / "out").exists()
    given = run_qdoc("lint", str(src), "--baseline", str(outside))
    assert given.returncode == 0 and outside.exists(), given.stderr
