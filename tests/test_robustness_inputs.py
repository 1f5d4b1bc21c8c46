"""The corpus of bad inputs (tests/bad_inputs/): one per failure mode, each with its diagnostic.

``tests/bad_inputs/EXPECTED.tsv`` says, for every file, the exit status of
``qdoc parse``, and the line and code of the diagnostic it must give.  Each
file is read twice: by the loader in this process (a reader may only return
diagnostics or raise qdoc's own :class:`~qdoc.source.InputError`), and by the
CLI as a user runs it (``path:line: message [code]``, exit 2, no traceback,
and no output file after an error).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, run_qdoc
from qdoc.loader import load
from qdoc.readers import UnsupportedFormat
from qdoc.source import InputError

BAD = ROOT / "tests" / "bad_inputs"


def _expectations() -> list[tuple[str, str | None, int, int | None, str | None, str]]:
    rows = []
    for line in (BAD / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, fmt, status, number, code, what = line.split("\t")
        rows.append((name, None if fmt == "-" else fmt, int(status), None if number == "-" else int(number),
                     None if code == "-" else code, what))
    return rows


EXPECTED = _expectations()


def test_every_bad_input_has_an_expectation():
    listed = {row[0] for row in EXPECTED}
    present = {p.name for p in BAD.iterdir() if p.name != "EXPECTED.tsv"}
    assert listed == present


@pytest.mark.parametrize("name, fmt, status, line, code, what", EXPECTED, ids=[f"{r[0]}:{r[4]}" for r in EXPECTED])
def test_reader_gives_the_expected_diagnostic(name, fmt, status, line, code, what):
    path = os.path.relpath(BAD / name, ROOT)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        option_set = load(path, fmt)
    except InputError as exc:
        found = [exc.diagnostic]
        errors = found
    except UnsupportedFormat as exc:  # pragma: no cover - reported as the failure it is
        pytest.fail(f"{name}: {exc}")
    else:
        found = option_set.diagnostics
        errors = option_set.errors
    finally:
        os.chdir(cwd)
    assert bool(errors) == (status == 2), f"{name} ({what}): errors {errors}"
    if code is None:
        assert not found, found
        return
    assert any(d.code == code and d.location.line == line for d in found), (
        f"{name} ({what}): expected {code} at line {line}, got {[(d.code, d.location.line if d.location else None) for d in found]}"
    )


@pytest.mark.parametrize("name", sorted({r[0] for r in EXPECTED}))
def test_cli_reports_bad_input_with_its_line(name, tmp_path):
    rows = [r for r in EXPECTED if r[0] == name]
    fmt, status = rows[0][1], rows[0][2]
    output = tmp_path / "model.json"
    path = os.path.relpath(BAD / name, ROOT)
    result = run_qdoc("parse", path, *(["--from", fmt] if fmt else []), "-o", str(output))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode == status, result.stderr
    assert output.exists() == (status == 0)
    for _, _, _, line, code, _ in rows:
        if code:
            assert f"{path}:{line}" in result.stderr and f"[{code}]" in result.stderr, result.stderr
    if output.exists():
        assert "root:" not in output.read_text(encoding="utf-8")  # no /etc/passwd was read


def test_build_of_the_bad_inputs_writes_nothing_and_lists_every_error(tmp_path):
    out = tmp_path / "build"
    result = run_qdoc("build", os.path.relpath(BAD, ROOT), "-o", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert not out.exists()
    for name, _, status, line, code, _ in EXPECTED:
        if status == 2 and name.endswith((".hx", ".texi", ".rst", ".html", ".1")):
            assert f"{name}:{line}" in result.stderr, (name, result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "{bad}"),
        ("lint", "{bad}/truncated-block.hx", "{bad}/latin1.hx"),
        ("diff", "{bad}/latin1.hx", "{bad}/helper-valid.hx"),
        ("diff", "{bad}/helper-valid.hx", "{bad}/deep-json.json"),
        ("history", "{bad}/helper-valid.hx", "{bad}/deep-table.texi"),
        ("convert", "{bad}/include-self.texi", "-o", "{tmp}/rst"),
        ("convert", "{bad}/deep-table.texi", "-o", "{tmp}/rst"),
        ("man", "{bad}/truncated-block.hx", "-o", "{tmp}/man"),
        ("parse", "{bad}"),
        ("parse", "/dev/zero", "--from", "hx"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_command_fails_cleanly_on_bad_input(args, tmp_path):
    bad = os.path.relpath(BAD, ROOT)
    result = run_qdoc(*(a.format(bad=bad, tmp=tmp_path) for a in args))
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.stderr.strip(), "an error must say what is wrong"
    assert not any(Path(tmp_path).iterdir()), "nothing may be written after an input error"


def test_c_escapes_c_would_reject_are_read_as_their_letter():
    """``\\x`` without hex digits (found by the hx fuzzing) reads as ``x``, beside a valid ``\\x41``."""
    from qdoc.readers.hx import read_hx

    option_set = read_hx('DEF("x", 0, QEMU_OPTION_x, "-x \\xg and \\x41\\n", QEMU_ARCH_ALL)\n', "escapes.hx")
    assert [o.help_synopses for o in option_set.options] == [["-x xg and A"]]
    assert not option_set.errors
