"""The qdoc command as a user runs it: exit codes, messages, output files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import QEMU, ROOT, run_qdoc, write_manuals_including_a_broken_file

HX_72 = QEMU / "7.2.0" / "qemu-options.hx"


def test_version_and_help():
    result = run_qdoc("--version")
    assert result.returncode == 0 and re.match(r"qdoc \d+\.\d+", result.stdout)
    result = run_qdoc("--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout and "qdoc parse" in result.stdout and "qdoc build" in result.stdout


def test_no_command_is_a_usage_error():
    assert run_qdoc().returncode == 2
    assert run_qdoc("frobnicate").returncode == 2


def test_parse_prints_json_with_options():
    result = run_qdoc("parse", str(HX_72), "-q")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    defs = re.findall(r'^DEF\("([^"]+)"', HX_72.read_text(), re.M)
    assert [o["name"] for o in data["options"]] == ["-" + d for d in defs]
    machine = next(o for o in data["options"] if o["name"] == "-machine")
    assert "accel" in [s["name"] for s in machine["suboptions"]]
    assert data["release"] == "7.2.0" and data["program"] == "qemu-system"


def test_parse_table_and_forced_format(tmp_path):
    copy = tmp_path / "options.txt"
    shutil.copy(HX_72, copy)
    result = run_qdoc("parse", "--from", "hx", "--format", "table", str(copy), "-q")
    assert result.returncode == 0, result.stderr
    assert "-machine" in result.stdout and "Standard options" in result.stdout
    assert run_qdoc("parse", "--from", "html", str(copy)).returncode == 2


def test_parse_output_file(tmp_path):
    out = tmp_path / "out" / "model.json"
    result = run_qdoc("parse", str(HX_72), "-q", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["schema_version"] == 1
    assert result.stdout == ""


def test_warnings_have_locations():
    result = run_qdoc("parse", str(HX_72))
    assert result.returncode == 0
    line = next(ln for ln in result.stderr.splitlines() if "xen-domid-restrict" in ln)
    number = int(re.match(rf"{re.escape(str(HX_72))}:(\d+): warning:", line).group(1))
    assert HX_72.read_text().splitlines()[number - 1].startswith('DEF("xen-domid-restrict"')


# -- bad input --------------------------------------------------------------


def _assert_input_error(tmp_path, bad, expected_line, fragment):
    out = tmp_path / "out.json"
    result = run_qdoc("parse", str(bad), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{bad}:{expected_line}:" in result.stderr, result.stderr
    assert fragment in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".qdoc-*"))


def test_truncated_file(tmp_path):
    text = HX_72.read_text()
    cut = text.index("Supported machine properties are:")
    bad = tmp_path / "qemu-options.hx"
    bad.write_text(text[:cut])
    srst_line = text[:cut].rfind("\nSRST\n")
    expected = text[: srst_line + 1].count("\n") + 1
    _assert_input_error(tmp_path, bad, expected, "not closed")


def test_unterminated_srst_block(tmp_path):
    lines = HX_72.read_text().split("\n")
    start = lines.index("``-cpu model``") - 1
    assert lines[start] == "SRST"
    end = lines.index("ERST", start)
    del lines[end]
    bad = tmp_path / "qemu-options.hx"
    bad.write_text("\n".join(lines))
    _assert_input_error(tmp_path, bad, start + 1, "SRST block is not closed")


def test_def_with_unbalanced_parentheses(tmp_path):
    text = HX_72.read_text()
    start = text.index('DEF("cpu"')
    close = text.index("QEMU_ARCH_ALL)", start) + len("QEMU_ARCH_ALL")
    bad = tmp_path / "qemu-options.hx"
    bad.write_text(text[:close] + text[close + 1 :])
    _assert_input_error(tmp_path, bad, text[:start].count("\n") + 1, "not closed")


def test_binary_bytes(tmp_path):
    data = HX_72.read_bytes()
    offset = data.index(b'DEF("cpu"')
    bad = tmp_path / "qemu-options.hx"
    bad.write_bytes(data[:offset] + b"\x00\x01\xff" + data[offset:])
    _assert_input_error(tmp_path, bad, data[:offset].count(b"\n") + 1, "binary")


def test_latin1_file(tmp_path):
    text = HX_72.read_text().replace("Display help and exit", "Display help and exit (\u00e9t\u00e9)", 1)
    bad = tmp_path / "qemu-options.hx"
    bad.write_bytes(text.encode("latin-1"))
    expected = text[: text.index("\u00e9t\u00e9")].count("\n") + 1
    _assert_input_error(tmp_path, bad, expected, "Latin-1")


def test_unclosed_if_is_reported(tmp_path):
    text = HX_72.read_text()
    start = text.index("#ifdef __linux__\nDEF(\"async-teardown\"")
    end = text.index("#endif", start)
    bad = tmp_path / "qemu-options.hx"
    bad.write_text(text[:end] + text[end + len("#endif") :])
    _assert_input_error(tmp_path, bad, text[:start].count("\n") + 1, "#endif")


def test_missing_and_directory_inputs(tmp_path):
    result = run_qdoc("parse", str(tmp_path / "nope.hx"))
    assert result.returncode == 2 and "nope.hx" in result.stderr and "Traceback" not in result.stderr
    result = run_qdoc("parse", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_unknown_format_is_an_error(tmp_path):
    mystery = tmp_path / "notes.dat"
    mystery.write_text("nothing to see\n")
    result = run_qdoc("parse", str(mystery))
    assert result.returncode == 2 and "--from" in result.stderr


def test_failed_parse_keeps_previous_output(tmp_path):
    out = tmp_path / "model.json"
    out.write_text("previous\n")
    bad = tmp_path / "qemu-options.hx"
    bad.write_text('DEF("cpu", HAS_ARG, QEMU_OPTION_cpu,\n    "-cpu cpu\\n", QEMU_ARCH_ALL\nSRST\n')
    result = run_qdoc("parse", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert out.read_text() == "previous\n"


# -- build ------------------------------------------------------------------


def test_build_source_docs(tmp_path):
    out = tmp_path / "build"
    result = run_qdoc("build", "source_docs", "-o", str(out))
    assert result.returncode == 0, result.stderr
    source_files = sorted((ROOT / "source_docs").rglob("*.hx"))
    assert len(source_files) >= 2
    for hx in source_files:
        model = json.loads((out / "json" / (str(hx.relative_to(ROOT / "source_docs")) + ".json")).read_text())
        defs = re.findall(r'^DEF\("([^"]+)"', hx.read_text(), re.M)
        assert [o["name"] for o in model["options"]] == ["-" + d for d in defs]
    summary = json.loads((out / "summary.json").read_text())
    assert {s["release"] for s in summary["sources"]} >= {"1.0.0", "1.1.0"}
    assert (out / "summary.txt").read_text().startswith("source")
    # The drift source_docs/README.md describes, found by lint and diff.
    lint = (out / "lint.txt").read_text()
    assert "QD107 [warning] -soundhw is defined in 1.0.0 and gone in 1.1.0" in lint
    diff = (out / "diff" / "1.0.0-1.1.0.txt").read_text()
    assert "- -soundhw" in diff and "+ -audiodev" in diff and "D -no-hpet" in diff
    assert "<svg" in (out / "history.html").read_text()
    # The Sphinx project: HTML with every documented option, a man page groff accepts.
    page = (out / "html" / "invocation.html").read_text()
    for name in ("-machine", "-audiodev", "-numa", "-no-hpet", "--preconfig"):
        assert f">{name}<" in page or f">{name} " in page or name in page
    man = out / "man" / "example-emu.1"
    groff = subprocess.run(["groff", "-man", "-ww", "-z", str(man)], capture_output=True, text=True)
    assert groff.returncode == 0 and groff.stderr == ""


def test_build_default_paths(tmp_path):
    """`qdoc build` with no arguments reads source_docs/ and writes build/."""
    shutil.copytree(ROOT / "source_docs", tmp_path / "source_docs")
    result = run_qdoc("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "summary.json").is_file()


def test_source_docs_drift():
    """The two example releases differ as source_docs/README.md says."""
    old = set(re.findall(r'^DEF\("([^"]+)"', (ROOT / "source_docs/1.0.0/qemu-options.hx").read_text(), re.M))
    new = set(re.findall(r'^DEF\("([^"]+)"', (ROOT / "source_docs/1.1.0/qemu-options.hx").read_text(), re.M))
    assert old - new == {"soundhw"} and new - old == {"audiodev"}
    result = run_qdoc("parse", "source_docs/1.1.0/qemu-options.hx", "-q")
    hpet = next(o for o in json.loads(result.stdout)["options"] if o["name"] == "-no-hpet")
    assert hpet["deprecations"] and hpet["deprecations"][0]["replacement"] == "``-machine hpet=off``"


def test_build_with_bad_input_writes_nothing(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_docs", src)
    (src / "broken.hx").write_text("SRST\n``-x``\n    never closed\n")
    out = tmp_path / "build"
    result = run_qdoc("build", str(src), "-o", str(out))
    assert result.returncode == 2
    assert f"{src / 'broken.hx'}:1:" in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["src"]  # no staging folder left


def test_build_reports_an_included_files_errors_once(tmp_path):
    """A file the build reads on its own and through another's @include is one problem, reported once.

    Each reading reported the same errors at the same lines of options-y.texi,
    so the build printed and counted every one twice.
    """
    src = tmp_path / "src"
    src.mkdir()
    write_manuals_including_a_broken_file(src, "qemu-doc.texi")
    result = run_qdoc("build", str(src), "-o", str(tmp_path / "build"))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("qdoc:")]
    assert len(errors) == 3 and len(set(errors)) == 3, result.stderr
    assert all(line.startswith(f"{src / 'options-y.texi'}:") for line in errors)
    assert {re.search(r"\[(\S+)\]$", line).group(1) for line in errors} == {
        "texinfo-unclosed", "texinfo-end-without-start", "texinfo-include-missing"
    }
    assert "qdoc: 3 error(s); nothing written" in result.stderr


def test_build_replaces_the_old_output_whole_or_not_at_all(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_docs", src)
    out = tmp_path / "build"
    # A file an older build wrote and this one does not (its source is gone) goes.
    shutil.copy(src / "1.1.0" / "qemu-options.hx", src / "extra.hx")
    assert run_qdoc("build", str(src), "-o", str(out)).returncode == 0
    assert (out / "json" / "extra.hx.json").is_file()
    (src / "extra.hx").unlink()
    assert run_qdoc("build", str(src), "-o", str(out)).returncode == 0
    assert not (out / "json" / "extra.hx.json").exists() and (out / "summary.json").is_file()
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (src / "1.1.0" / "qemu-options.hx").write_text("DEF(\"x\", 0,\n")
    assert run_qdoc("build", str(src), "-o", str(out)).returncode == 2
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "src"]


def test_python_dash_m_and_console_script_agree():
    script = shutil.which("qdoc")
    if script is None:
        pytest.fail("the qdoc console script is not installed (pip install -e .)")
    import subprocess

    a = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout == run_qdoc("--version").stdout
