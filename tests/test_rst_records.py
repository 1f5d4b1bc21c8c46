"""QEMU's deprecation and removal lists (deprecated.rst, removed-features.rst) read into records.

Expected counts and versions come from a plain scan of each file's section
headings (a title line followed by an adornment line), independent of the
reader's docutils parse.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import QEMU, ROOT, run_qdoc

from qdoc.loader import load
from qdoc.model import OptionSet
from qdoc.readers.rst import read_rst

LIST_FILES = sorted(QEMU.glob("*/docs/*/deprecated.rst")) + sorted(QEMU.glob("*/docs/about/removed-features.rst"))
SCHEMA = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())
_ADORNMENT_RE = re.compile(r"^([=\-~'^\"`*+#:.])\1{2,}\s*$")


def scan_headings(text: str) -> list[tuple[int, int, str]]:
    """(line, depth, title) of every section heading, found by a plain line scan."""
    lines = text.split("\n")
    found = []
    levels: list[str] = []
    for index in range(len(lines) - 1):
        title, under = lines[index], lines[index + 1]
        if not title.strip() or title[0].isspace() or _ADORNMENT_RE.match(title):
            continue
        m = _ADORNMENT_RE.match(under)
        if not m or len(under.rstrip()) < len(title.rstrip()):
            continue
        if index and lines[index - 1].strip() and not _ADORNMENT_RE.match(lines[index - 1]):
            continue
        if m.group(1) not in levels:
            levels.append(m.group(1))
        found.append((index + 1, levels.index(m.group(1)) + 1, title.strip()))
    return found


def expected_entries(text: str) -> tuple[list[str], list[str]]:
    """Entry headings of the deprecation and the removal lists, in order.

    An entry is a heading with no deeper heading under it, below the list
    title and its areas; one at area level counts when it states a version.
    """
    headings = scan_headings(text)
    deprecations, removals = [], []
    kind = "removal" if "removed" in text[:2000].lower().split("features")[0] else "deprecation"
    for index, (line, depth, title) in enumerate(headings):
        if depth == 1:
            kind = "removal" if "removed" in title.lower() else "deprecation"
            continue
        deeper_follows = index + 1 < len(headings) and headings[index + 1][1] > depth
        if deeper_follows:
            continue
        if depth == 2 and not re.search(r"\((?:[^()]*\b)?(?:since|removed)\b", title, re.I):
            continue
        (removals if kind == "removal" else deprecations).append(title)
    return deprecations, removals


@pytest.fixture(scope="module")
def models() -> dict[str, OptionSet]:
    return {str(path): load(str(path)) for path in LIST_FILES}


def test_corpus_has_the_lists():
    releases = {p.parts[-4] for p in LIST_FILES}
    assert {"5.0.0", "5.2.0", "6.2.0", "7.2.0", "8.2.0", "9.2.0", "10.2.0"} <= releases
    assert len(LIST_FILES) >= 12


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: "/".join(p.parts[-4:]))
def test_record_counts_and_headings_match_a_plain_scan(path, models):
    text = path.read_text()
    deprecations, removals = expected_entries(text)
    model = models[str(path)]
    assert model.source.format == "rst"
    assert not model.errors, model.errors
    assert [r.heading for r in model.deprecations] == deprecations
    assert [r.heading for r in model.removals] == removals
    lines = text.split("\n")
    for record in model.deprecations + model.removals:
        assert lines[record.location.line - 1].strip() == record.heading
        # The versions are the heading's own words.
        lowered = record.heading.lower()
        if record.since:
            assert f"since {record.since}" in lowered
        if record.removed_in:
            assert re.search(rf"removed (?:in )?{re.escape(record.removed_in)}\b", lowered)
        assert record.area and record.feature
        # The body is the text under the heading.
        if record.text:
            assert record.text.split("\n")[0] in text


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: "/".join(p.parts[-4:]))
def test_headings_without_the_convention_are_kept_and_reported(path, models):
    model = models[str(path)]
    reported = {d.location.line for d in model.diagnostics if d.code in ("rst-heading-convention", "rst-entry-level")}
    for record in model.deprecations + model.removals:
        conventional = re.search(r"\([^()]*\b(?:since|removed in) [0-9.]+[^()]*\)$", record.heading)
        if conventional is None or (record in model.removals and record.removed_in is None):
            assert record.location.line in reported, record.heading


def test_versions_where_the_scan_sees_them(models):
    """Every heading that ends in '(since X)' or '(removed in X)' gives that version."""
    for path, model in models.items():
        for record in model.deprecations + model.removals:
            m = re.search(r"\((since|removed in) ([0-9.]+)\)$", record.heading)
            if m and m.group(1) == "since":
                assert record.since == m.group(2), record.heading
            elif m:
                assert record.removed_in == m.group(2), record.heading


def _system_option_names(release: str) -> set[str]:
    hx = load(str(QEMU / release / "qemu-options.hx"))
    return {o.name for o in hx.options} | {canonical for o in hx.options for canonical in o.aliases}


def test_targets_use_the_canonical_names_of_the_hx_model(models):
    """Deprecated system-emulator options are named as the same release's .hx model names them."""
    checked = 0
    for path, model in models.items():
        release = path.split("/qemu/")[1].split("/")[0]
        names = _system_option_names(release)
        for record in model.deprecations:
            area = record.area.lower()
            if "command line" not in area or "user-mode" in area:
                continue
            for target in record.targets:
                assert re.fullmatch(r"-[A-Za-z0-9][\w.-]*", target.option), target
                assert target.option in names, (path, record.heading, target.option)
                checked += 1
    assert checked >= 20


def test_every_command_line_target_is_single_dash(models):
    for model in models.values():
        for record in model.deprecations + model.removals:
            area = record.area.lower()
            if "command line" in area and "user-mode" not in area:
                for target in record.targets:
                    assert not target.option.startswith("--"), (record.heading, target)


def test_option_and_suboption_of_one_heading():
    model = load(str(QEMU / "6.2.0/docs/about/deprecated.rst"))
    record = next(r for r in model.deprecations if r.heading.startswith("``-alt-grab`` and"))
    assert [(t.option, t.suboption) for t in record.targets] == [("-alt-grab", None), ("-display", "alt_grab")]
    assert record.since == "6.2" and record.area == "System emulator command line arguments"
    removed = load(str(QEMU / "7.2.0/docs/about/removed-features.rst"))
    again = next(r for r in removed.removals if r.heading.startswith("``-alt-grab`` and"))
    assert again.removed_in == "7.1" and again.since is None


def test_replacement_text():
    model = load(str(QEMU / "7.2.0/docs/about/removed-features.rst"))
    by_heading = {r.heading: r for r in model.removals}
    assert by_heading["``-no-kvm-irqchip`` (removed in 3.0)"].replacement == "``-machine kernel_irqchip=off``"
    assert by_heading["``-tdf`` (removed in 2.12)"].replacement == ""  # "There is no replacement"
    hdachs = by_heading["``-hdachs`` (removed in 2.12)"].replacement
    assert hdachs.startswith("``-device ide-hd,drive=dr,cyls=c,heads=h,secs=s,bios-chs-trans=t``")


def test_qmp_records_name_commands_and_arguments():
    model = load(str(QEMU / "7.2.0/docs/about/deprecated.rst"))
    record = next(r for r in model.deprecations if r.heading.startswith("``blockdev-open-tray``"))
    assert [(t.option, t.suboption) for t in record.targets] == [
        ("blockdev-open-tray", "device"), ("blockdev-close-tray", "device")]


def test_5_x_lists_hold_both_kinds():
    model = load(str(QEMU / "5.2.0/docs/system/deprecated.rst"))
    assert model.deprecations and model.removals
    assert all(r.removed_in or r.since for r in model.removals)
    assert {s.title for s in model.sections} >= {"Deprecated features", "Recently removed features"}


@pytest.mark.parametrize("path", LIST_FILES[:3] + LIST_FILES[-2:], ids=lambda p: "/".join(p.parts[-4:]))
def test_json_schema_and_round_trip(path, models):
    model = models[str(path)]
    text = model.to_json()
    jsonschema.validate(json.loads(text), SCHEMA)
    assert OptionSet.from_json(text).to_json() == text


def test_cli_prints_the_records():
    path = QEMU / "7.2.0/docs/about/deprecated.rst"
    result = run_qdoc("parse", str(path), "-q")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["deprecations"]) == len(expected_entries(path.read_text())[0])
    assert data["removals"] == [] and data["source"]["format"] == "rst"


# -- bad input ----------------------------------------------------------------

BROKEN = """\
Deprecated features
===================

System emulator command line arguments
--------------------------------------

``-foo`` (since 1.0)
''''''''''''''''''''

Text with ``an unclosed literal.

``-bar`` without a version
''''''''''''''''''''''''''

+-----+
| bad table
"""


def test_rst_syntax_errors_become_located_diagnostics():
    model = read_rst(BROKEN, "deprecated.rst")
    docutils_messages = [d for d in model.diagnostics if d.code.startswith("rst-docutils-")]
    assert docutils_messages
    assert all(d.location and d.location.path == "deprecated.rst" and d.location.line > 0 for d in docutils_messages)
    assert any(d.location.line == 10 and d.severity == "warning" and "literal" in d.message for d in docutils_messages)
    assert any(d.location.line >= 15 and d.severity == "error" and "table" in d.message.lower() for d in docutils_messages)
    # What could be read still is, and the unconventional heading is reported.
    assert [r.feature for r in model.deprecations] == ["-foo", "-bar without a version"]
    assert any(d.code == "rst-heading-convention" and d.location.line == 12 for d in model.diagnostics)


def test_cli_rejects_broken_rst_with_located_errors(tmp_path):
    page = tmp_path / "deprecated.rst"
    page.write_text(BROKEN)
    out = tmp_path / "out.json"
    result = run_qdoc("parse", str(page), "-o", str(out))
    assert result.returncode == 2
    assert re.search(rf"{re.escape(str(page))}:1[5-7]: Malformed table", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_other_rst_pages_are_not_option_sources():
    path = QEMU / "7.2.0/docs/system/keys.rst"
    model = load(str(path))
    assert not model.options and not model.deprecations and not model.errors
    assert [d.code for d in model.diagnostics] == ["rst-no-options"]
