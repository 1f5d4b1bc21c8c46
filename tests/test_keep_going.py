"""``--keep-going``: the seed manual, whose ``@include``d files are absent, still gives what it has.

``seeds/qemu-doc-blame-2018.texi`` (qemu-doc.texi of September 2018) includes
eleven files that are not there.  Without ``--keep-going`` every command stops
at them (exit 2, each error at its line, no output); with it, parse, lint,
diff and convert read what can be read, report each missing include at its
line, write their output and exit 1.

The facts come from GNU texinfo, not from qdoc: ``texi2any --xml --force``
copes with the missing includes too, and says at which lines
(``@include: could not find``); its XML gives every ``@table @option`` of the
manual, the options of their items, and the program each table documents
(the ``@command{qemu-i386}`` synopsis that heads a user-mode table's section;
the system emulator's tables have none).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict

import lxml.html
import pytest
from lxml import etree

from conftest import CORPUS, QEMU, run_qdoc

SEED = CORPUS / "seeds" / "qemu-doc-blame-2018.texi"
SYSTEM = "qemu-system"
SECTIONS = ("chapter", "section", "subsection", "subsubsection", "appendix", "appendixsec", "unnumbered")


@pytest.fixture(scope="module")
def texinfo():
    """texi2any's reading of the seed: its XML, and the lines of the @includes it could not find."""
    if shutil.which("texi2any") is None:
        pytest.fail("texi2any is not installed (Debian package texinfo)", pytrace=False)
    result = subprocess.run(["texi2any", "--xml", "--force", "--no-validate", "-o", "-", SEED.name],
                            cwd=SEED.parent, capture_output=True, timeout=120)
    assert result.stdout, result.stderr.decode()
    missing = {int(m.group(1)) for m in re.finditer(rb"^[^:\n]+:(\d+): @include: could not find", result.stderr, re.M)}
    assert len(missing) == 11, result.stderr.decode()  # the seed's README: its @include files are not there
    xml = re.sub(rb"&\w+;", b" ", result.stdout)  # TexinfoML's entities live in its DTD, which is not read
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    return root, missing


def _program(table) -> str:
    """The program a table documents: the ``@command`` of a synopsis before it in its section, else the system emulator."""
    section = next((a for a in table.iterancestors() if a.tag in SECTIONS), None)
    if section is not None:
        for element in section.iter("command", "table"):
            if element is table:
                break
            if element.tag == "command" and element.getparent().tag == "pre":
                return "".join(element.itertext()).strip()
    return SYSTEM


def _option_items(root) -> dict[str, set[str]]:
    """Program -> the options named by the @item/@itemx of its @table @option blocks."""
    items: dict[str, set[str]] = defaultdict(set)
    for table in root.iter("table"):
        if table.get("commandarg") != "option":
            continue
        for term in table.iterfind("tableentry/tableterm/*/itemformat"):
            words = "".join(term.itertext()).split()
            if words and words[0].startswith("-"):
                items[_program(table)].add(words[0])
    return items


def _reported_lines(stderr: str) -> set[int]:
    return {int(m.group(1)) for m in re.finditer(rf"^{re.escape(str(SEED))}:(\d+): .*\[texinfo-include-missing\]$", stderr, re.M)}


def test_parse_keep_going_reads_every_option_item_of_every_program(texinfo, tmp_path):
    root, missing = texinfo
    items = _option_items(root)
    assert set(items) == {SYSTEM, "qemu-i386", "qemu-sparc64"}, items
    for program, names in items.items():
        output = tmp_path / f"{program}.json"
        args = ["parse", str(SEED), "--keep-going", "-o", str(output)] + ([] if program == SYSTEM else ["--program", program])
        result = run_qdoc(*args)
        assert result.returncode == 1, result.stderr
        assert _reported_lines(result.stderr) == missing
        model = json.loads(output.read_text())
        assert model["program"] == program
        assert {o["name"] for o in model["options"]} == names
        # The model says what it lacks: each missing include is an error at its line.
        lines = {d["location"]["line"] for d in model["diagnostics"] if d["code"] == "texinfo-include-missing" and d["severity"] == "error"}
        assert lines == missing


def test_without_keep_going_each_command_stops_at_the_missing_includes(texinfo, tmp_path):
    _, missing = texinfo
    commands = {
        "parse": ["parse", str(SEED), "-o", str(tmp_path / "model.json")],
        "lint": ["lint", str(SEED), "-o", str(tmp_path / "lint.txt")],
        "diff": ["diff", str(SEED), str(QEMU / "3.1.0" / "qemu-options.hx"), "-o", str(tmp_path / "diff.txt")],
        "convert": ["convert", str(SEED), "-o", str(tmp_path / "project")],
    }
    for name, args in commands.items():
        result = run_qdoc(*args)
        assert result.returncode == 2, (name, result.stderr)
        assert _reported_lines(result.stderr) == missing, name
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_lint_keep_going_lints_what_was_read(texinfo, tmp_path):
    _, missing = texinfo
    report = tmp_path / "lint.json"
    result = run_qdoc("lint", str(SEED), "--keep-going", "--format", "json", "-o", str(report))
    assert result.returncode == 1, result.stderr
    assert _reported_lines(result.stderr) == missing
    findings = json.loads(report.read_text())
    # The user-mode synopses of the seed write @option{-h]}: the bracket inside the braces.
    bracket_lines = {n for n, line in enumerate(SEED.read_text().splitlines(), 1) if "@option{-h]}" in line}
    assert bracket_lines and bracket_lines <= {f["location"]["line"] for f in findings}


def test_lint_keep_going_goes_past_a_file_it_cannot_read(tmp_path):
    good = tmp_path / "good.hx"
    good.write_text((QEMU / "3.1.0" / "qemu-options.hx").read_text())
    bad = tmp_path / "bad.hx"
    bad.write_bytes(b"HXCOMM fine\nHXCOMM caf\xe9\n")
    stopped = run_qdoc("lint", str(good), str(bad))
    assert stopped.returncode == 2 and f"{bad}:2:" in stopped.stderr
    result = run_qdoc("lint", str(good), str(bad), "--keep-going", "--select", "QD101", "--severity", "info")
    assert result.returncode == 1, result.stderr
    assert f"{bad}:2:" in result.stderr and "[input-encoding]" in result.stderr
    assert f"{good}:" in result.stdout  # the readable file was linted


def test_diff_keep_going_compares_what_was_read(texinfo, tmp_path):
    root, missing = texinfo
    seed_options = _option_items(root)[SYSTEM]
    hx = QEMU / "3.1.0" / "qemu-options.hx"
    defined = {"-" + m.group(1) for m in re.finditer(r'^DEF\("([^"]+)"', hx.read_text(), re.M)}
    assert seed_options <= defined
    report = tmp_path / "diff.json"
    result = run_qdoc("diff", str(SEED), str(hx), "--keep-going", "--format", "json", "-o", str(report))
    assert result.returncode == 1, result.stderr
    assert _reported_lines(result.stderr) == missing
    diff = json.loads(report.read_text())
    # Both sides were read: what the seed documents is neither added nor removed in 3.1
    # (the options; the seed's own chapters split -g and -prom-env into items 3.1 writes as one).
    assert [entry for entry in diff["removed"] if entry["kind"] == "option"] == []
    assert not seed_options & {entry["name"] for entry in diff["added"]}


def test_convert_keep_going_writes_the_project_with_the_missing_parts_marked(texinfo, tmp_path):
    _, missing = texinfo
    project = tmp_path / "project"
    result = run_qdoc("convert", str(SEED), "--keep-going", "-o", str(project))
    assert result.returncode == 1, result.stderr
    assert _reported_lines(result.stderr) == missing
    marked = set()
    for page in project.glob("*.rst"):
        for m in re.finditer(r"^\s*\.\. error::\n\n\s+Not converted: @include \S+: .*:(\d+)\) \[texinfo-include-missing\]$",
                             page.read_text(), re.M):
            marked.add(int(m.group(1)))
    assert marked == missing
    build = subprocess.run(["sphinx-build", "--no-color", "-q", "-W", "-b", "html", str(project), str(tmp_path / "html")],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    shown = set()  # the built pages show each mark
    for page in (tmp_path / "html").glob("*.html"):
        for admonition in lxml.html.parse(str(page)).getroot().find_class("error"):
            m = re.search(r"Not converted: @include .*:(\d+)\) \[texinfo-include-missing\]", admonition.text_content())
            if m:
                shown.add(int(m.group(1)))
    assert shown == missing
