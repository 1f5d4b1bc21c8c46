"""`qdoc probe` on Debian's real qemu-system-x86_64 and on binaries that misbehave.

The real binary is required (CI installs Debian's qemu-system-x86): probing
it must give the same model as reading the saved -help and QMP outputs in
../shared/corpus/debian-7.2/binary, apart from where the facts were read.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest
from conftest import CORPUS, run_qdoc

from qdoc.model import OptionSet
from qdoc.probe import ProbeError, model_from_outputs, probe

QEMU_BINARY = "/usr/bin/qemu-system-x86_64"
SAVED = CORPUS / "debian-7.2" / "binary"


def _require_binary() -> str:
    if not shutil.which(QEMU_BINARY):
        pytest.fail(f"{QEMU_BINARY} is missing: install Debian's qemu-system-x86 (bash .ci/install-test-deps)", pytrace=False)
    return QEMU_BINARY


def _without_paths(option_set: OptionSet) -> dict:
    """The model as a dict with every location path blanked (lines kept)."""
    data = json.loads(option_set.to_json())

    def scrub(value):
        if isinstance(value, dict):
            if set(value) == {"path", "line", "column"}:
                return {**value, "path": ""}
            return {k: scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    data = scrub(data)
    data["source"]["path"] = ""
    return data


@pytest.fixture(scope="module")
def probed() -> OptionSet:
    return probe(_require_binary(), timeout=30)


def test_probe_equals_the_saved_outputs(probed):
    saved = model_from_outputs(
        (SAVED / "help.txt").read_text(), str(SAVED / "help.txt"),
        (SAVED / "query-command-line-options.json").read_text(), str(SAVED / "query-command-line-options.json"),
    )
    version = json.loads((SAVED / "qmp-query-version.json").read_text())["return"]["qemu"]
    assert probed.release == f"{version['major']}.{version['minor']}.{version['micro']}"
    got, want = _without_paths(probed), _without_paths(saved)
    got.pop("release"), want.pop("release")
    assert got == want
    assert not probed.errors


def test_probe_joins_help_and_qmp(probed):
    groups = json.loads((SAVED / "query-command-line-options.json").read_text())["return"]
    drive = next(g for g in groups if g["option"] == "drive")
    option = probed.option("-drive")
    assert option.help_synopses and option.section == "Block device options"
    assert [(s.name, s.value_type) for s in option.suboptions] == [(p["name"], p["type"]) for p in drive["parameters"]]
    assert probed.option("-boot").suboptions and probed.option("-smp").suboptions


def test_cli_probe_real_binary(tmp_path):
    out = tmp_path / "x86.json"
    result = run_qdoc("probe", _require_binary(), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["source"]["format"] == "help" and data["target"] == "x86_64"
    assert any(o["name"] == "-machine" and o["suboptions"] for o in data["options"])


def _script(tmp_path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


def test_hanging_binary_is_killed_within_the_limit(tmp_path):
    binary = _script(tmp_path, "hangs", "sleep 60\n")
    start = time.monotonic()
    with pytest.raises(ProbeError, match=r"did not finish within 1 s; killed"):
        probe(binary, timeout=1)
    assert time.monotonic() - start < 5


def test_binary_hanging_before_qmp_answers_is_killed(tmp_path):
    help_txt = SAVED / "help.txt"
    binary = _script(tmp_path, "qmp-hangs", f'[ "$1" = "-help" ] && exec cat "{help_txt}"\nsleep 60\n')
    start = time.monotonic()
    with pytest.raises(ProbeError, match=r"no QMP answer within 1 s; killed"):
        probe(binary, timeout=1)
    assert time.monotonic() - start < 5


def test_failing_binaries_give_clear_errors(tmp_path):
    fails = _script(tmp_path, "fails", 'echo "fails: cannot start" >&2\nexit 3\n')
    with pytest.raises(ProbeError, match=r"-help exited with status 3: fails: cannot start"):
        probe(fails, timeout=5)
    help_txt = SAVED / "help.txt"
    qmp_fails = _script(tmp_path, "qmp-fails", f'[ "$1" = "-help" ] && exec cat "{help_txt}"\necho "no QMP here" >&2\nexit 1\n')
    with pytest.raises(ProbeError, match=r"QMP session failed.*exited with status 1: no QMP here"):
        probe(qmp_fails, timeout=5)
    with pytest.raises(ProbeError, match=r"cannot run"):
        probe(str(tmp_path / "missing"), timeout=5)


def test_cli_reports_probe_errors_without_traceback(tmp_path):
    binary = _script(tmp_path, "hangs", "sleep 60\n")
    out = tmp_path / "out.json"
    result = run_qdoc("probe", binary, "--timeout", "1", "-o", str(out))
    assert result.returncode == 2
    assert "killed" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    not_qemu = run_qdoc("probe", "/bin/true")
    assert not_qemu.returncode == 2 and "Traceback" not in not_qemu.stderr
