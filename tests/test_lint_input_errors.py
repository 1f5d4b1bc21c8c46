"""``qdoc lint --keep-going``: an input that could not be read is a finding (QD000), in every output format.

Past an input error lint goes on with what it could read; the error is
printed on stderr, and it is a finding too, so a CI that reads only the
report (SARIF, GitHub annotations) still shows that part of the input was
not linted.  The locations are computed here from the bytes written.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_qdoc

HX = """\
DEF("foo", 0, QEMU_OPTION_foo, "-foo            do foo\\n", QEMU_ARCH_ALL)
SRST
``-foo``
    Do foo.
ERST
"""
#: A deprecation list with one byte that is not UTF-8 (Latin-1's "é").
LIST = "Deprecated features\n===================\n\nThe caf\xe9 option\n".encode("latin-1")
#: An HMP table whose SRST block never ends: read as far as it goes.
UNCLOSED = 'DEF("bar", 0, QEMU_OPTION_bar, "-bar            do bar\\n", QEMU_ARCH_ALL)\nSRST\n``-bar``\n    Do bar.\n'


def tree(tmp_path, *, broken: bool = True):
    root = tmp_path / "tree"
    (root / "docs" / "about").mkdir(parents=True)
    (root / "qemu-options.hx").write_text(HX)
    (root / "docs" / "about" / "deprecated.rst").write_bytes(LIST if broken else LIST.decode("latin-1").encode("utf-8"))
    return root


def bad_byte_position() -> tuple[int, int]:
    """1-based line and column of the first byte of LIST that is not UTF-8."""
    offset = LIST.index(b"\xe9")
    line = LIST.count(b"\n", 0, offset) + 1
    return line, offset - (LIST.rfind(b"\n", 0, offset) + 1) + 1


def lint(root, *args):
    return run_qdoc("lint", str(root), "--keep-going", *args)


def test_an_unreadable_file_is_a_finding_in_json(tmp_path):
    root = tree(tmp_path)
    result = lint(root, "--format", "json")
    assert result.returncode == 1, result.stderr
    found = [f for f in json.loads(result.stdout) if f["code"] == "QD000"]
    line, column = bad_byte_position()
    assert len(found) == 1, found
    (finding,) = found
    assert finding["name"] == "input-error" and finding["severity"] == "error"
    assert finding["location"] == {"path": str(root / "docs" / "about" / "deprecated.rst"), "line": line, "column": column}
    assert "not read" in finding["message"]
    assert "deprecated.rst" in result.stderr  # still said on stderr too
    # The same tree readable: no input error.  Not going past it: exit 2 and no report, as before.
    clean = lint(tree(tmp_path / "clean", broken=False), "--format", "json")
    assert clean.returncode in (0, 1) and not [f for f in json.loads(clean.stdout or "[]") if f["code"] == "QD000"]
    stopped = run_qdoc("lint", str(root), "--format", "json")
    assert stopped.returncode == 2 and stopped.stdout == "" and "Traceback" not in stopped.stderr


@pytest.mark.parametrize("fmt", ["text", "sarif", "github"])
def test_every_format_carries_the_input_error(tmp_path, fmt):
    root = tree(tmp_path)
    result = lint(root, "--format", fmt)
    assert result.returncode == 1, result.stderr
    path = str(root / "docs" / "about" / "deprecated.rst")
    line, _ = bad_byte_position()
    if fmt == "text":
        assert any(row.startswith(f"{path}:{line}:") and " QD000 [error] " in row for row in result.stdout.splitlines()), result.stdout
    elif fmt == "github":
        assert any(row.startswith("::error ") and f"file={path},line={line}," in row and "title=QD000 input-error" in row
                   for row in result.stdout.splitlines()), result.stdout
    else:
        run = json.loads(result.stdout)["runs"][0]
        assert "QD000" in [rule["id"] for rule in run["tool"]["driver"]["rules"]]
        results = [r for r in run["results"] if r["ruleId"] == "QD000"]
        assert len(results) == 1 and results[0]["level"] == "error"
        location = results[0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("docs/about/deprecated.rst") and location["region"]["startLine"] == line


def test_a_file_read_with_an_error_is_a_finding_at_its_line(tmp_path):
    root = tree(tmp_path, broken=False)
    (root / "hmp-commands.hx").write_text(UNCLOSED)
    result = lint(root, "--format", "json")
    assert result.returncode == 1, result.stderr
    found = [f for f in json.loads(result.stdout) if f["code"] == "QD000"]
    srst_line = UNCLOSED.split("\n").index("SRST") + 1
    assert [(f["location"]["path"], f["location"]["line"]) for f in found] == [(str(root / "hmp-commands.hx"), srst_line)]
    assert "as far as it could be read" in found[0]["message"]


def test_input_errors_are_reported_whatever_is_selected_unless_ignored(tmp_path):
    root = tree(tmp_path)
    selected = json.loads(lint(root, "--select", "QD1", "--format", "json").stdout)
    assert [f["code"] for f in selected if f["code"] == "QD000"] == ["QD000"]
    ignored = json.loads(lint(root, "--ignore", "QD000", "--format", "json").stdout or "[]")
    assert not [f for f in ignored if f["code"] == "QD000"]

