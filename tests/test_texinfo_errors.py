"""Bad texinfo gives clear diagnostics with path:line, never a traceback."""

from __future__ import annotations

import pytest

from conftest import run_qdoc
from qdoc.readers.texinfo import read_texinfo


def _codes(tmp_path, text, name="manual.texi", **kwargs):
    path = tmp_path / name
    path.write_text(text)
    option_set = read_texinfo(text, str(path), **kwargs)
    return [(d.severity, d.code, d.location.line) for d in option_set.diagnostics]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@node Top\n@table @option\n@item -a\nText.\n", ("error", "texinfo-unclosed", 2)),
        ("Intro.\n@example\nfoo\n", ("error", "texinfo-unclosed", 2)),
        ("Text.\n@end table\n", ("error", "texinfo-end-without-start", 2)),
        ("Some @code{text\n\nmore.\n", ("error", "texinfo-runaway-brace", 1)),
        ("@include missing.texi\n", ("error", "texinfo-include-missing", 1)),
        ("@frobnicate now\n", ("warning", "texinfo-unknown-command", 1)),
        ("Usage: [@option{-h]}\n", ("warning", "texinfo-bracket-in-braces", 1)),
    ],
)
def test_bad_input_is_a_diagnostic(tmp_path, text, expected):
    assert expected in _codes(tmp_path, text)


def test_include_outside_the_root(tmp_path):
    (tmp_path / "secret.texi").write_text("secret\n")
    (tmp_path / "doc").mkdir()
    codes = _codes(tmp_path / "doc", "@include ../secret.texi\n")
    assert ("error", "texinfo-include-outside-root", 1) in codes


def test_recursive_include(tmp_path):
    (tmp_path / "a.texi").write_text("@include b.texi\n")
    (tmp_path / "b.texi").write_text("Text.\n@include a.texi\n")
    text = "@include a.texi\n"
    option_set = read_texinfo(text, str(tmp_path / "main.texi"))
    found = [(d.code, d.location.path, d.location.line) for d in option_set.errors]
    assert found == [("texinfo-include-recursive", str(tmp_path / "b.texi"), 2)]


def test_cli_reports_and_exits_2(tmp_path):
    path = tmp_path / "bad.texi"
    path.write_text("@node Top\n@top Manual\n@table @option\n@item -a\n@include nowhere.texi\n")
    for command in (["parse", str(path)], ["convert", str(path), "-o", str(tmp_path / "build" / "out")]):
        result = run_qdoc(*command)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert f"{path}:5: @include nowhere.texi: file not found" in result.stderr
        assert f"{path}:3: @table is not closed" in result.stderr
    assert not (tmp_path / "out").exists()
