"""The baseline reports a new occurrence at its own line, and ``HXCOMM qdoc: ignore`` silences one DEF.

Both on QEMU 10.2.0's qemu-options.hx, edited as a maintainer would; the
lines expected are found by scanning the text here, not by asking qdoc.
"""

from __future__ import annotations

import json
import re

from conftest import QEMU, run_qdoc

HX = QEMU / "10.2.0" / "qemu-options.hx"


def findings(result) -> list[tuple[int, str]]:
    return [(f["location"]["line"], f["code"]) for f in json.loads(result.stdout)]


def test_a_new_occurrence_of_a_recorded_message_is_reported_at_its_own_line(tmp_path):
    """The issue's case: a new ``@var{ms}`` at line 244 was reported at the old line 5985."""
    lines = HX.read_text(encoding="utf-8").split("\n")
    old = [n for n, line in enumerate(lines, 1) if "@var{ms}" in line]
    assert len(old) >= 3, "10.2.0 has several recorded @var{ms} leaks"
    tree = tmp_path / "qemu"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text("\n".join(lines), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    recorded = run_qdoc("lint", str(tree), "--select", "QD401", "--baseline", str(baseline))
    assert recorded.returncode == 0 and baseline.is_file(), recorded.stderr
    # Line 244 is in the SRST text of -accel (the line before it is): a sentence with the same leak.
    assert lines[242].startswith("    ") and "SRST" in lines[240]
    lines.insert(243, "    The timeout is @var{ms} milliseconds.")
    (tree / "qemu-options.hx").write_text("\n".join(lines), encoding="utf-8")
    result = run_qdoc("lint", str(tree), "--select", "QD401", "--baseline", str(baseline), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert findings(result) == [(244, "QD401")]


def test_a_recorded_finding_stays_absorbed_when_lines_move(tmp_path):
    """Lines added above recorded findings move them; none of them is new."""
    text = HX.read_text(encoding="utf-8")
    tree = tmp_path / "qemu"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text(text, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run_qdoc("lint", str(tree), "--select", "QD401", "--baseline", str(baseline)).returncode == 0
    entries = json.loads(baseline.read_text())["findings"]
    assert all(isinstance(e["line"], int) and "@" in e["context"] for e in entries)
    (tree / "qemu-options.hx").write_text("HXCOMM a comment\n" * 7 + text, encoding="utf-8")
    result = run_qdoc("lint", str(tree), "--select", "QD401", "--baseline", str(baseline), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_hxcomm_ignore_before_a_def_silences_that_def_only(tmp_path):
    """QEMU writes ``DEF("fda")`` and ``DEF("fdb")`` on adjacent lines; a comment before the first is about it alone."""
    text = HX.read_text(encoding="utf-8")
    pair = re.search(r'^DEF\("fda".*\n.*\n(DEF\("fdb".*\n)(SRST\n(?:.*\n)*?ERST\n)', text, re.M)
    assert pair, "-fdb's DEF follows -fda's, and their shared item follows both"
    # Without their item both DEFs are undocumented (QD101; -fdb's empty help text makes it information).
    edited = text[: pair.start(2)] + text[pair.end(2) :]
    lines = edited.split("\n")
    fda = next(n for n, line in enumerate(lines, 1) if line.startswith('DEF("fda"'))
    fdb = next(n for n, line in enumerate(lines, 1) if line.startswith('DEF("fdb"'))
    tree = tmp_path / "qemu"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text(edited, encoding="utf-8")
    lint = ("lint", str(tree), "--select", "QD101", "--severity", "info", "--format", "json")
    before = findings(run_qdoc(*lint))
    assert (fda, "QD101") in before and (fdb, "QD101") in before
    lines.insert(fda - 1, "HXCOMM qdoc: ignore QD101")
    (tree / "qemu-options.hx").write_text("\n".join(lines), encoding="utf-8")
    after = findings(run_qdoc(*lint))
    assert (fda + 1, "QD101") not in after, "the DEF after the comment is silenced"
    assert (fdb + 1, "QD101") in after, "the DEF next to it is not"


def test_hxcomm_ignore_covers_the_whole_documentation_of_its_def(tmp_path):
    """Past the blank lines inside the DEF's SRST block: the DEF, not a paragraph, is the scope."""
    text = HX.read_text(encoding="utf-8")
    lines = text.split("\n")
    leaks = [n for n, line in enumerate(lines, 1) if "@var{ms}" in line]
    start = max(n for n, line in enumerate(lines[: leaks[-1]], 1) if line.startswith("DEF("))
    assert any(not line.strip() for line in lines[start - 1 : leaks[-1]]), "a blank line lies between the DEF and the leak"
    lines.insert(start - 1, "HXCOMM qdoc: ignore QD401")
    tree = tmp_path / "qemu"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text("\n".join(lines), encoding="utf-8")
    found = findings(run_qdoc("lint", str(tree), "--select", "QD401", "--format", "json"))
    silenced = {n + 1 for n in leaks if n >= start}
    assert not silenced & {line for line, _ in found}
    assert {n for n in (line for line, _ in found) if n < start}, "leaks before the DEF are still reported"
