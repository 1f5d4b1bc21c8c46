"""A program qdoc runs is named by the command line or the user's own configuration, never by the tree read.

``binary`` makes qdoc run a QEMU binary.  A docs CI lints pull requests, a
packager lints a downloaded tarball: a ``qdoc.toml`` or ``[tool.qdoc]`` in
that tree (or above the current directory) is written by whoever wrote the
tree, so its ``binary`` is never run; a warning names the file and says how
to pass one.  ``--binary`` and ``$XDG_CONFIG_HOME/qdoc/qdoc.toml`` (default
``~/.config/qdoc/qdoc.toml``) are the user's own and are used.

Each tree names a script that leaves a marker file when run, and otherwise
behaves as the installed QEMU (so a run that uses it succeeds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import isolated_user_config, run_qdoc, small_tree

HX = """\
DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit.
ERST
"""


def _qemu() -> str:
    binary = shutil.which("qemu-system-x86_64")
    assert binary, "Debian's qemu-system-x86 is needed (installed by .ci/install-test-deps)"
    return binary


def _marking_qemu(tmp_path: Path) -> tuple[Path, Path]:
    """A script that touches a marker, then is the real QEMU; and the marker's path."""
    marker = tmp_path / "RAN"
    script = tmp_path / "marking-qemu"
    script.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{_qemu()}" "$@"\n')
    script.chmod(0o755)
    return script, marker


def _tree(tmp_path: Path) -> Path:
    return small_tree(tmp_path, HX)


_isolated = isolated_user_config


def _command(command: str, tree: Path, tmp_path: Path, *extra: str) -> list[str]:
    out = ["-o", str(tmp_path / "out"), "--no-sphinx"] if command == "build" else []
    return [command, str(tree), *out, *extra]


TREE_CONFIGS = {
    "qdoc.toml": lambda script: ("qdoc.toml", f'binary = "{script}"\n'),
    "pyproject.toml": lambda script: ("pyproject.toml", f'[project]\nname = "docs"\n\n[tool.qdoc]\nbinary = "{script}"\n'),
}


@pytest.mark.parametrize("command", ["lint", "build"])
@pytest.mark.parametrize("config", sorted(TREE_CONFIGS))
def test_a_trees_binary_is_not_run(tmp_path, command, config):
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    name, text = TREE_CONFIGS[config](script)
    (tree / name).write_text(text)
    result = run_qdoc(*_command(command, tree, tmp_path), env=_isolated(tmp_path))
    assert not marker.exists(), "the tree's binary was run"
    assert result.returncode in (0, 1), result.stderr  # linted (findings or none) without it
    warning = next(line for line in result.stderr.splitlines() if "is not used" in line)
    assert warning.startswith(f"qdoc: warning: {tree / name}: binary = ")
    assert "--binary" in warning and str(tmp_path / "xdg" / "qdoc" / "qdoc.toml") in warning
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_binary_configured_above_the_working_directory_is_not_run(tmp_path):
    """The configuration found from the current directory (a tree linted from elsewhere) is not trusted either."""
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    work = tmp_path / "checkout"
    (work / "sub").mkdir(parents=True)
    (work / "qdoc.toml").write_text(f'binary = "{script}"\n')
    result = run_qdoc("lint", str(tree), cwd=work / "sub", env=_isolated(tmp_path))
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    assert f"{work / 'qdoc.toml'}: binary = " in result.stderr


def test_a_trees_binary_is_not_run_by_the_quiet_build_either(tmp_path):
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    (tree / "qdoc.toml").write_text(f'binary = "{script}"\n')
    result = run_qdoc("build", str(tree), "-o", str(tmp_path / "out"), "--no-sphinx", "-q", env=_isolated(tmp_path))
    assert result.returncode == 0 and not marker.exists()


def test_the_command_lines_binary_is_run_by_lint_and_build(tmp_path):
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    # The real QEMU's -help has many options this small tree does not document (QD103).
    lint = run_qdoc(*_command("lint", tree, tmp_path, "--binary", str(script)), env=_isolated(tmp_path))
    assert marker.exists(), lint.stderr
    assert lint.returncode == 1 and "QD103" in lint.stdout
    marker.unlink()
    build = run_qdoc(*_command("build", tree, tmp_path, "--binary", str(script)), env=_isolated(tmp_path))
    assert marker.exists(), build.stderr
    assert build.returncode == 0 and "QD103" in (tmp_path / "out" / "lint.txt").read_text()


def test_the_command_line_replaces_a_trees_binary_which_is_still_not_run(tmp_path):
    (tmp_path / "from-tree").mkdir()
    tree_script, tree_marker = _marking_qemu(tmp_path / "from-tree")
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    (tree / "qdoc.toml").write_text(f'binary = "{tree_script}"\n')
    result = run_qdoc("lint", str(tree), "--binary", str(script), env=_isolated(tmp_path))
    assert marker.exists() and not tree_marker.exists()
    assert f"using {script} instead" in result.stderr


def test_the_user_configurations_binary_is_run(tmp_path):
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    env = _isolated(tmp_path)
    (tmp_path / "xdg" / "qdoc").mkdir()
    (tmp_path / "xdg" / "qdoc" / "qdoc.toml").write_text(f'binary = "{script}"\n')
    result = run_qdoc("lint", str(tree), env=env)
    assert marker.exists(), result.stderr
    assert result.returncode == 1 and "QD103" in result.stdout


def test_the_user_configuration_defaults_to_dot_config_in_home(tmp_path):
    """Without XDG_CONFIG_HOME (empty counts as unset) the file is ~/.config/qdoc/qdoc.toml."""
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    home = tmp_path / "home"
    (home / ".config" / "qdoc").mkdir(parents=True)
    (home / ".config" / "qdoc" / "qdoc.toml").write_text(f'binary = "{script}"\n')
    result = run_qdoc("lint", str(tree), env={"HOME": str(home), "XDG_CONFIG_HOME": ""})
    assert marker.exists(), result.stderr


def test_a_relative_binary_in_the_user_configuration_is_relative_to_that_file(tmp_path):
    script, marker = _marking_qemu(tmp_path)
    tree = _tree(tmp_path)
    env = _isolated(tmp_path)
    (tmp_path / "xdg" / "qdoc").mkdir()
    (tmp_path / "xdg" / "qdoc" / "qdoc.toml").write_text('binary = "../../marking-qemu"\n')
    result = run_qdoc("lint", str(tree), env=env)
    assert marker.exists(), result.stderr


def test_the_user_configuration_holds_no_lint_settings(tmp_path):
    """Lint settings are the tree's (the same tree lints the same for everyone): elsewhere they are an error."""
    tree = _tree(tmp_path)
    env = _isolated(tmp_path)
    user = tmp_path / "xdg" / "qdoc" / "qdoc.toml"
    user.parent.mkdir()
    user.write_text('select = ["QD1"]\n')
    result = run_qdoc("lint", str(tree), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"qdoc: {user}: unknown key(s) in the user configuration: select")


def test_a_malformed_user_configuration_is_an_error_naming_it(tmp_path):
    tree = _tree(tmp_path)
    env = _isolated(tmp_path)
    user = tmp_path / "xdg" / "qdoc" / "qdoc.toml"
    user.parent.mkdir()
    user.write_text("binary = 1\n")
    result = run_qdoc("lint", str(tree), env=env)
    assert result.returncode == 2
    assert result.stderr == f"qdoc: {user}: binary must be a non-empty string, not an integer\n"
