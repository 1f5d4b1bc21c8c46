"""qdoc diff and qdoc history on the real corpus, checked against plain scans of the sources."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import jsonschema
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from markdown_it import MarkdownIt

from conftest import CORPUS, QEMU, RELEASES, ROOT, run_qdoc, write_manuals_including_a_broken_file

DEF_RE = re.compile(r'^DEF\("([^"]+)"', re.M)
REMOVED_HEADING_RE = re.compile(r"^(``.*``.*)\((?:removed in|since) (\d+\.\d+)\)\s*$", re.M)


def defs(release: str) -> set[str]:
    return {"-" + n for n in DEF_RE.findall((QEMU / release / "qemu-options.hx").read_text())}


def schema(name: str) -> dict:
    return json.loads((ROOT / "qdoc" / "schema" / f"{name}.schema.json").read_text())


@lru_cache(maxsize=None)
def diff_json(old: str, new: str, *extra: str) -> dict:
    result = run_qdoc("diff", old, new, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_diff_6_2_to_7_2_hx_matches_def_sets_and_removed_features():
    data = diff_json(str(QEMU / "6.2.0"), str(QEMU / "7.2.0"))
    jsonschema.validate(data, schema("diff"))
    removed = {r["name"] for r in data["removed"] if r["kind"] == "option"} | {r["old_name"] for r in data["renamed"]}
    added = {a["name"] for a in data["added"] if a["kind"] == "option"} | {r["name"] for r in data["renamed"]}
    assert removed == defs("6.2.0") - defs("7.2.0")
    assert added == defs("7.2.0") - defs("6.2.0")
    removed_features = (QEMU / "7.2.0" / "docs" / "about" / "removed-features.rst").read_text().split("\n")
    for entry in data["removed"]:
        record = entry["removal_record"]
        assert record is not None, f"{entry['name']} has no removed-features entry"
        assert record["path"].endswith("7.2.0/docs/about/removed-features.rst")
        heading = removed_features[record["line"] - 1]
        spellings = (f"``{entry['name']}", f"``-{entry['name']}")  # --enable-fips
        assert any(s in heading for s in spellings), (entry["name"], heading)


def test_diff_across_formats_gives_the_same_option_level_result():
    """Seed RHEL 6.2 HTML -> Debian 7.2 man page: the same added/removed options as the .hx diff.

    HTML and man pages document only documented options; DEFs with no
    documentation of their own (found by the .hx reader) are left out of the
    comparison, as no page can show them.
    """
    hx = diff_json(str(QEMU / "6.2.0"), str(QEMU / "7.2.0"))
    pages = diff_json(
        str(CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html"),
        str(CORPUS / "debian-7.2" / "man" / "qemu-system.1"),
        "--old-release", "6.2.0", "--new-release", "7.2.0",
    )
    undocumented = set()
    for release in ("6.2.0", "7.2.0"):
        model = json.loads(run_qdoc("parse", str(QEMU / release / "qemu-options.hx"), "-q").stdout)
        undocumented |= {o["name"] for o in model["options"] if not o["synopses"]}

    def names(data, key):
        return {e["name"] for e in data[key] if e["kind"] == "option"} - undocumented

    assert names(pages, "removed") == names(hx, "removed")
    assert names(pages, "added") == names(hx, "added")


def test_diff_formats_render():
    old, new = str(QEMU / "6.2.0"), str(QEMU / "7.2.0")
    markdown = run_qdoc("diff", old, new, "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) >= 3  # removed, added, changed
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Removed" in headings and "Added" in headings
    rst = run_qdoc("diff", old, new, "--format", "rst").stdout
    settings = get_default_settings(Parser)
    settings.report_level = 5
    document = new_document("<diff>", settings)
    Parser().parse(rst, document)
    problems = [m.astext() for m in document.findall(nodes.system_message) if m["level"] >= 2]
    assert not problems
    assert len(list(document.findall(nodes.table))) >= 3
    text = run_qdoc("diff", old, new).stdout
    assert text.startswith("--- 6.2.0") and "- -soundhw" in text


@pytest.mark.parametrize(
    "command",
    [("history", "qemu-doc.texi", "options-y.texi"), ("diff", "qemu-doc.texi", "other-doc.texi")],
    ids=["history-file-and-its-includer", "diff-sides-including-one-file"],
)
def test_an_included_files_errors_are_printed_once(tmp_path, command):
    """A file read on its own and through an @include, or included by both sides of a diff, is one problem, printed once.

    Every reading reported the errors at the same lines of options-y.texi,
    and diff and history printed each one per reading.
    """
    write_manuals_including_a_broken_file(tmp_path, "qemu-doc.texi", "other-doc.texi")
    name, *files = command
    result = run_qdoc(name, *(str(tmp_path / f) for f in files))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("qdoc:")]
    assert errors and all(line.startswith(f"{tmp_path / 'options-y.texi'}:") for line in errors), result.stderr
    assert len(errors) == len(set(errors)), result.stderr
    assert "[texinfo-include-missing]" in result.stderr


def expected_removals_10_2() -> list[tuple[str, str]]:
    """Options 10.2.0's removed-features.rst lists as ``(removed in X.Y)``, by a plain scan."""
    text = (QEMU / "10.2.0" / "docs" / "about" / "removed-features.rst").read_text()
    section = text.split("System emulator command line arguments\n", 1)[1].split("\n", 1)[1]
    section = section.split("\n----", 1)[0]  # up to the next section's underline
    found = []
    for heading, version in re.findall(r"^(``.*``.*)\(removed in (\d+\.\d+)\)\s*$", section, re.M):
        # Only headings that are nothing but option names ("``-tdf``",
        # "``-alt-grab`` and ``-ctrl-grab``"): "``-drive`` with bogus
        # interface type" removes a behaviour, not the option.
        literals = re.findall(r"``([^`]+)``", heading)
        rest = re.sub(r"``[^`]+``|\band\b|[,&]", "", heading).strip()
        if rest:
            continue
        found.extend(("-" + literal.lstrip("-"), version) for literal in literals if re.fullmatch(r"--?[\w-]+", literal))
    return found


def test_history_last_seen_agrees_with_removed_features_or_says_why():
    result = run_qdoc("history", *[str(QEMU / r) for r in RELEASES], "--format", "json", "--snapshots")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema("history"))
    assert data["releases"][0] == "2.12.0" and data["releases"][-1] == "10.2.50-master"
    assert data["snapshots"] == ["4.2.50-transition", "10.2.50-master"]
    by_name = {o["name"]: o for o in data["options"]}
    checked = 0
    for option, version in expected_removals_10_2():
        wanted = tuple(map(int, version.split(".")))
        before = [r for r in data["releases"] if tuple(map(int, r.split("-")[0].split(".")[:2])) < wanted]
        entry = by_name.get(option)
        if entry is None:
            continue  # never in the corpus: removed before 2.12, nothing to contradict
        checked += 1
        if entry["last_seen"] != (before[-1] if before else None):
            assert any(f.startswith(option + ":") for f in data["findings"]), (option, version, entry["last_seen"])
    assert checked >= 10
    # The counts per release equal the DEF counts of each .hx.
    for release in RELEASES:
        assert data["counts"][release] == len(DEF_RE.findall((QEMU / release / "qemu-options.hx").read_text()))
