"""One walk of a folder for every command: build keeps all of it, lint/diff/history the files named for options."""

from __future__ import annotations

import os

from qdoc.discovery import OPTION_HISTORY_NAMES, TREE_NAMES, documentation_files, named_files, tree_files


def make_tree(root, paths):
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x\n")


def test_walk_is_sorted_and_leaves_out_hidden_and_generated_folders(tmp_path):
    make_tree(
        tmp_path,
        [
            "z.txt", "a.rst", ".hidden.hx",
            "docs/b/qemu-options.hx", "docs/a/deprecated.rst", "docs/conf.py",
            ".git/qemu-options.hx", ".venv/help.txt", "build/qemu.1", "docs/_build/qemu-manpage.html",
            "__pycache__/x.pyc", "node_modules/help.txt",
        ],
    )
    relative = [os.path.relpath(p, tmp_path) for p in tree_files(str(tmp_path))]
    assert relative == ["a.rst", "z.txt", "docs/conf.py", "docs/a/deprecated.rst", "docs/b/qemu-options.hx"]
    named = [os.path.relpath(p, tmp_path) for p in named_files(str(tmp_path))]
    assert named == ["docs/a/deprecated.rst", "docs/b/qemu-options.hx"]
    assert named_files(str(tmp_path), frozenset({"conf.py"})) == [str(tmp_path / "docs" / "conf.py")]


def test_a_named_folder_is_walked_even_when_its_own_name_would_be_left_out(tmp_path):
    make_tree(tmp_path, ["_build/qemu-manpage.html", "_build/_build/qemu.1"])
    assert named_files(str(tmp_path / "_build")) == [str(tmp_path / "_build" / "qemu-manpage.html")]


def test_a_file_is_a_tree_of_one(tmp_path):
    make_tree(tmp_path, ["notes.md"])
    assert tree_files(str(tmp_path / "notes.md")) == [str(tmp_path / "notes.md")]


def test_diff_and_history_read_the_system_emulator_names_only():
    assert OPTION_HISTORY_NAMES < TREE_NAMES
    assert "qemu-options.hx" in OPTION_HISTORY_NAMES and "hmp-commands.hx" not in OPTION_HISTORY_NAMES


def test_documentation_files_are_the_named_files_of_a_folder_and_any_file_given(tmp_path):
    """What lint reads and build lints: one answer for both commands."""
    make_tree(tmp_path, ["docs/system/monitor.rst", "docs/about/deprecated.rst", "qemu-options.hx", "notes.md"])
    assert documentation_files(str(tmp_path)) == named_files(str(tmp_path))
    assert [os.path.relpath(p, tmp_path) for p in documentation_files(str(tmp_path))] == [
        "qemu-options.hx", "docs/about/deprecated.rst",
    ]
    page = str(tmp_path / "docs" / "system" / "monitor.rst")
    assert documentation_files(page) == [page]
