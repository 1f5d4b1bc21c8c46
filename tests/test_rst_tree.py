"""invocation.rst and qemu-manpage.rst with their hxtool-doc and include directives resolved.

The expected headings and option order come from a plain line scan of the
page, the files it includes and the .hx file's DEFHEADING lines and SRST
blocks, independent of the reader's docutils parse and .hx reader.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import QEMU, ROOT, run_qdoc

from qdoc.loader import load
from qdoc.model import OptionSet, canonical_option_name
from qdoc.readers.rst import read_rst
from qdoc.readers.rst.resolve import SourceTree

WHOLE_TREES = ["6.2.0", "7.2.0", "10.2.0"]
PAGES = ["invocation.rst", "qemu-manpage.rst"]
SCHEMA = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())
_ADORNMENT_RE = re.compile(r"^([=\-~'^\"`*+#:.])\1{2,}\s*$")
_DIRECTIVE_RE = re.compile(r"^\.\. (include|hxtool-doc):: *(\S+)")


def hx_headings(hx: Path) -> list[str]:
    titles = []
    for m in re.finditer(r"^(?:DEFHEADING|ARCHHEADING)\((.*)\)\s*$", hx.read_text(), re.M):
        title = m.group(1)
        if title.startswith("ARCH") or "QEMU_ARCH" in title:
            pass
        if "QEMU_ARCH" in title:
            title = title.rsplit(",", 1)[0]
        title = title.strip().rstrip(":").strip()
        if title:
            titles.append(title)
    return titles


def page_headings(page: Path, root: Path) -> list[str]:
    """Headings in reading order: the page's, the included files', the .hx file's."""
    lines = page.read_text().split("\n")
    found = []
    for index, line in enumerate(lines):
        m = _DIRECTIVE_RE.match(line)
        if m and m.group(1) == "include":
            found += page_headings(page.parent / m.group(2), root)
        elif m:
            found += hx_headings(root / m.group(2))
        elif (
            index + 1 < len(lines) and line.strip() and not line[0].isspace()
            and not _ADORNMENT_RE.match(line) and _ADORNMENT_RE.match(lines[index + 1])
            and len(lines[index + 1].rstrip()) >= len(line.rstrip())
        ):
            found.append(line.strip())
    return found


def documented_order(hx: Path) -> list[str]:
    """Options in the order their first rST item appears in the SRST blocks."""
    order: list[str] = []
    inside = False
    lines = hx.read_text().split("\n")
    for index, line in enumerate(lines):
        if re.match(r"^SRST\b", line):
            inside = True
        elif line.startswith("ERST"):
            inside = False
        elif inside:
            m = re.match(r"^``(--?[\w.-]+)", line)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            # A definition-list term: its definition (or a "\" joining the next term) is indented below it.
            if m and following[:1].isspace() and following.strip():
                name = canonical_option_name(m.group(1))
                if name not in order:
                    order.append(name)
    return order


@pytest.fixture(scope="module")
def models() -> dict[tuple[str, str], OptionSet]:
    return {(r, p): load(str(QEMU / r / "docs" / "system" / p), root=str(QEMU / r)) for r in WHOLE_TREES for p in PAGES}


@pytest.mark.parametrize("release", WHOLE_TREES)
@pytest.mark.parametrize("page", PAGES)
def test_page_yields_the_hx_options_in_reading_order(release, page, models):
    model = models[(release, page)]
    hx = QEMU / release / "qemu-options.hx"
    assert not model.errors, model.errors
    assert model.source.format == "rst" and model.program == "qemu-system"
    defs = set(re.findall(r'^DEF\("([^"]+)"', hx.read_text(), re.M))
    assert {o.name for o in model.options} == {canonical_option_name("-" + d) for d in defs}
    seen = [o.name for o in model.options if o.documented]
    expected = [name for name in documented_order(hx) if name in seen]
    assert [name for name in seen if name in expected] == expected
    # Every option keeps its .hx locations.
    assert all(o.locations["definition"].path.endswith("qemu-options.hx") for o in model.options)


@pytest.mark.parametrize("release", WHOLE_TREES)
@pytest.mark.parametrize("page", PAGES)
def test_sections_in_the_order_a_reader_sees(release, page, models):
    root = QEMU / release
    model = models[(release, page)]
    expected = page_headings(root / "docs" / "system" / page, root)
    assert [s.title for s in model.sections] == expected
    assert not any(d.code == "rst-missing-file" for d in model.diagnostics)


def test_included_sections_point_into_the_included_file(models):
    model = models[("10.2.0", "qemu-manpage.rst")]
    section = next(s for s in model.sections if s.title == "Machine-specific options")
    inc = QEMU / "10.2.0/docs/system/target-i386-desc.rst.inc"
    assert section.location.path == str(inc)
    assert inc.read_text().split("\n")[section.location.line - 1] == "Machine-specific options"
    # The included text after the .hx options is kept on its section (keys.rst.inc).
    options = next(s for s in model.sections if s.title == "Options")
    assert "Ctrl+a Ctrl+a" in options.description


OTHER_PROGRAM_PAGES = [
    ("tools/qemu-img.rst", ["qemu-img-cmds.hx"], "qemu-img"),
    ("system/monitor.rst", ["hmp-commands.hx", "hmp-commands-info.hx"], "hmp"),
]


@pytest.mark.parametrize("release", WHOLE_TREES)
@pytest.mark.parametrize(("page", "hx_files", "program"), OTHER_PROGRAM_PAGES)
def test_pages_of_other_programs_read_their_hx_as_it_reads_alone(release, page, hx_files, program):
    """qemu-img.rst and monitor.rst are not the system emulator's: their .hx files keep their own program.

    Read as qemu-system's, qemu-img's commands got DEF-flag and arch-mask
    warnings, and the page's commands were held against qemu-options.hx.
    """
    model = load(str(QEMU / release / "docs" / page), root=str(QEMU / release))
    alone = [load(str(QEMU / release / hx)) for hx in hx_files]
    assert model.program == program == alone[0].program
    assert sorted(o.name for o in model.options) == sorted(o.name for s in alone for o in s.options)
    hx_diagnostics = [(d.code, d.location.line) for s in alone for d in s.diagnostics]
    assert [(d.code, d.location.line) for d in model.diagnostics if d.code.startswith("hx-")] == hx_diagnostics
    # monitor.rst: ``balloon`` and ``info balloon`` are two commands, not one documented twice.
    assert not any(d.code == "rst-duplicate-option" for d in model.diagnostics)


def test_partial_tree_reports_missing_includes_as_warnings():
    model = load(str(QEMU / "5.0.0/docs/system/qemu-manpage.rst"), root=str(QEMU / "5.0.0"))
    missing = [d for d in model.diagnostics if d.code == "rst-missing-file"]
    assert {d.severity for d in missing} == {"warning"}
    text = (QEMU / "5.0.0/docs/system/qemu-manpage.rst").read_text().split("\n")
    assert [d.location.line for d in missing] == [i + 1 for i, ln in enumerate(text) if ln.startswith(".. include::")]
    assert not model.errors and len(model.options) > 100


def test_paths_are_confined_to_the_source_root(tmp_path):
    root = tmp_path / "src"
    (root / "docs" / "system").mkdir(parents=True)
    (tmp_path / "secret.rst.inc").write_text("Secret\n======\n")
    page = root / "docs" / "system" / "invocation.rst"
    page.write_text(
        "Title\n=====\n\n.. include:: ../../../secret.rst.inc\n\n.. include:: /etc/hostname\n\n.. hxtool-doc:: qemu-options.hx\n"
    )
    model = read_rst(page.read_text(), str(page))
    by_line = {d.location.line: d for d in model.diagnostics if d.code.startswith("rst-")}
    assert by_line[4].code == "rst-path-escape" and by_line[4].severity == "error"
    assert by_line[6].code == "rst-path-escape"
    assert by_line[8].code == "rst-missing-file" and by_line[8].severity == "error"  # no .hx: no options
    assert [s.title for s in model.sections] == ["Title"]  # nothing from outside was read
    result = run_qdoc("parse", str(page))
    assert result.returncode == 2 and f"{page}:4:" in result.stderr and "Traceback" not in result.stderr


def test_explicit_tree_and_include_loop(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "loop.rst.inc").write_text(".. include:: loop.rst.inc\n")
    page = tmp_path / "docs" / "page.rst"
    page.write_text(".. include:: loop.rst.inc\n\n.. hxtool-doc:: qemu-options.hx\n")
    hx = QEMU / "7.2.0" / "qemu-options.hx"
    (tmp_path / "qemu-options.hx").write_text(hx.read_text())
    model = read_rst(page.read_text(), str(page), tree=SourceTree(str(tmp_path)))
    assert any(d.code == "rst-include-loop" for d in model.errors)
    assert len(model.options) == len(re.findall(r'^DEF\(', hx.read_text(), re.M))


def test_json_schema_and_round_trip(models):
    text = models[("7.2.0", "qemu-manpage.rst")].to_json()
    jsonschema.validate(json.loads(text), SCHEMA)
    assert OptionSet.from_json(text).to_json() == text
