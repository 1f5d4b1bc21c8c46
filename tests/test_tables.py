"""Tables in the model: the -drive cache-mode table in .hx, HTML and man, and tbl in general.

The expected rows are computed independently of qdoc's readers: docutils'
own ``publish_doctree`` of the ``cache=cache`` item's body cut from the .hx
by a plain scan, lxml's ``<table>`` of the built HTML, and a small regular
expression scan of the tbl block of the built man page.  The three readings
must then be equal to each other.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docutils.core
import jsonschema
import pytest
from docutils import nodes
from lxml import html as lxml_html

from conftest import CORPUS, QEMU, ROOT
from qdoc.loader import load
from qdoc.model import OptionSet, Table, walk_suboptions
from qdoc.readers.man import read_man

BUILT = CORPUS / "built"
RELEASES = ["7.2.0", "10.2.0"]


# -- independent scans -------------------------------------------------------------


def hx_cache_item_body(release: str) -> str:
    """The body of the ``cache=cache`` item of -drive, dedented, cut from the .hx by its indentation."""
    lines = (QEMU / release / "qemu-options.hx").read_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "``cache=cache``")
    indent = len(lines[start]) - len(lines[start].lstrip())
    body = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    width = min(len(line) - len(line.lstrip()) for line in body if line.strip())
    return "\n".join(line[width:] for line in body)


def docutils_rows(rst: str) -> tuple[list[list[str]], int]:
    """Rows (cell text, system messages left out) and header row count of the one table of ``rst``."""
    doctree = docutils.core.publish_doctree(rst, settings_overrides={"report_level": 5, "halt_level": 5})
    for message in list(doctree.findall(nodes.system_message)):
        message.parent.remove(message)
    (table,) = list(doctree.findall(nodes.table))
    rows = [[" ".join(entry.astext().split()) for entry in row.findall(nodes.entry)] for row in table.findall(nodes.row)]
    header = sum(1 for _ in table.findall(nodes.thead) for _ in _.findall(nodes.row))
    return rows, header


def html_rows(path: Path, marker: str) -> tuple[list[list[str]], int]:
    """Rows and ``<thead>`` row count of the one ``<table>`` whose text holds ``marker``."""
    root = lxml_html.parse(str(path)).getroot()
    (table,) = [t for t in root.iter("table") if marker in t.text_content()]
    rows = [[" ".join(cell.text_content().split()) for cell in tr if cell.tag in ("td", "th")] for tr in table.iter("tr")]
    header = sum(1 for thead in table.iter("thead") for _ in thead.iter("tr"))
    return rows, header


def tbl_rows(text: str, marker: str) -> list[list[str]]:
    """Rows of the one tbl block holding ``marker``: text blocks flattened by a regular expression, rules dropped."""
    blocks = re.findall(r"^\.TS\n(.*?)^\.TE$", text, flags=re.S | re.M)
    (block,) = [b for b in blocks if marker in b]
    lines = block.split("\n")
    start = 1 if lines[0].endswith(";") else 0  # the options line
    while not lines[start].endswith("."):  # the format lines
        start += 1
    data = "\n".join(lines[start + 1 :])
    data = re.sub(r"T\{\n(.*?)\nT\}", lambda m: m.group(1).replace("\n", " "), data, flags=re.S)
    rows = []
    for line in data.split("\n"):
        if not line.strip() or line.strip() in ("_", "="):
            continue
        cells = [re.sub(r"\\f[BIRP]", "", cell).replace("\\-", "-") for cell in line.split("\t")]
        rows.append([" ".join(cell.split()) for cell in cells])
    return rows


def cache_table(option_set: OptionSet) -> Table:
    drive = option_set.option("-drive")
    assert drive is not None
    (cache,) = [sub for sub in drive.suboptions if sub.name == "cache"]
    assert not drive.tables, "the table belongs to the sub-option whose text holds it, not to -drive"
    (table,) = cache.tables
    return table


# -- the -drive cache table in three formats ------------------------------------------


@pytest.mark.parametrize("release", RELEASES)
def test_hx_cache_table_is_docutils_table(release):
    expected, header = docutils_rows(hx_cache_item_body(release))
    table = cache_table(load(str(QEMU / release / "qemu-options.hx")))
    assert table.rows == expected
    assert table.header_rows == header == 1
    # The location is the table's top border in the .hx.
    lines = (QEMU / release / "qemu-options.hx").read_text().split("\n")
    assert set(lines[table.location.line - 1].strip()) == {"=", " "} and not lines[table.location.line - 2].strip()


@pytest.mark.parametrize("page", ["qemu-manpage.html", "sphinx-5.3/qemu-manpage.html"])
@pytest.mark.parametrize("release", RELEASES)
def test_html_cache_table_is_lxml_table(release, page):
    path = BUILT / release / page
    expected, header = html_rows(path, "cache.writeback")
    table = cache_table(load(str(path)))
    assert table.rows == expected
    assert table.header_rows == header == 1


@pytest.mark.parametrize("page", ["qemu.1", "sphinx-5.3/qemu.1"])
@pytest.mark.parametrize("release", RELEASES)
def test_man_cache_table_is_tbl_table(release, page):
    path = BUILT / release / page
    expected = tbl_rows(path.read_text(), "cache.writeback")
    option_set = load(str(path))
    table = cache_table(option_set)
    assert table.rows == expected
    assert table.header_rows == 0  # docutils' tbl marks no header row
    assert path.read_text().split("\n")[table.location.line - 1] == ".TS"
    cache = next(sub for sub in option_set.option("-drive").suboptions if sub.name == "cache")
    assert "T{" not in cache.description and "T}" not in cache.description


@pytest.mark.parametrize("release", RELEASES)
def test_three_readings_agree(release):
    hx = cache_table(load(str(QEMU / release / "qemu-options.hx")))
    html = cache_table(load(str(BUILT / release / "qemu-manpage.html")))
    man = cache_table(load(str(BUILT / release / "qemu.1")))
    assert hx.rows == html.rows == man.rows
    assert len(hx.rows) == 6 and all(len(row) == 4 for row in hx.rows)
    assert hx.header_rows == html.header_rows


def test_debian_pages_have_the_table():
    expected, _ = docutils_rows(hx_cache_item_body("7.2.0"))
    for path in (CORPUS / "debian-7.2" / "man" / "qemu-system.1", CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"):
        assert cache_table(load(str(path))).rows == expected, path


def test_description_renders_the_table_as_rst():
    """The man and HTML descriptions keep the table as an rST table with the same cells."""
    for path in (BUILT / "7.2.0" / "qemu.1", BUILT / "7.2.0" / "qemu-manpage.html"):
        option_set = load(str(path))
        cache = next(sub for sub in option_set.option("-drive").suboptions if sub.name == "cache")
        rows, _ = docutils_rows(cache.description)
        assert rows == cache.tables[0].rows, path


# -- every table of the corpus' rendered pages ------------------------------------------


def _model_tables(option_set: OptionSet) -> list[Table]:
    found = []
    for option in option_set.options:
        found.extend(option.tables)
        for sub in walk_suboptions(option.suboptions):
            found.extend(sub.tables)
    return found


MAN_PAGES = sorted(p for p in [*BUILT.glob("*/*.1"), *BUILT.glob("*/sphinx-5.3/*.1"), *(CORPUS / "debian-7.2" / "man").glob("*")]
                   if p.is_file() and re.search(r"^\.TS", p.read_text(errors="replace"), re.M))


@pytest.mark.parametrize("path", MAN_PAGES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_raw_tbl_text_in_any_man_page(path):
    option_set = load(str(path))
    texts = [s.description for s in option_set.sections]
    for option in option_set.options:
        texts.append(option.description)
        texts.extend(sub.description for sub in walk_suboptions(option.suboptions))
    assert not [t for t in texts if re.search(r"T\{|T\}", t)]


HTML_PAGES = sorted(p for p in [*BUILT.glob("*/*.html"), *BUILT.glob("*/sphinx-5.3/*.html"), *(CORPUS / "debian-7.2" / "html").glob("*.html")]
                    if "<table" in p.read_text(errors="replace"))


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_table_in_an_option_list_is_a_model_table(path):
    """Each ``<table>`` inside a definition (``<dd>``) of the page is a table of some option or sub-option."""
    root = lxml_html.parse(str(path)).getroot()
    expected = sorted(
        [[" ".join(c.text_content().split()) for c in tr if c.tag in ("td", "th")] for tr in t.iter("tr")]
        for t in root.iter("table") if any(a.tag == "dd" for a in t.iterancestors())
    )
    assert sorted(t.rows for t in _model_tables(load(str(path)))) == expected


def test_json_round_trip_and_schema_with_tables():
    option_set = load(str(BUILT / "7.2.0" / "qemu.1"))
    text = option_set.to_json()
    assert OptionSet.from_json(text).to_json() == text
    assert OptionSet.from_json(text) == option_set
    schema = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())
    data = json.loads(text)
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    drive = next(o for o in data["options"] if o["name"] == "-drive")
    cache = next(s for s in drive["suboptions"] if s["name"] == "cache")
    assert cache["tables"][0]["rows"][1] == ["writeback", "on", "off", "off"]


# -- hand-written tbl -------------------------------------------------------------------

HAND_WRITTEN = r""".TH TEST 1
.SH OPTIONS
.TP
.B \fB\-frob mode\fP
Frobnicate.
.INDENT 7.0
.TP
.B \fBmode=mode\fP
The modes:
.TS
allbox tab(:);
c c c
l l l.
Mode:Direct:Notes
=
T{
write\fBback\fP
T}:off:T{
first line
.sp
second \-line
.B bold words
T}
_
none:on:plain
.T&
l l l.
unsafe:\_:last
.TE
After the table.
.UNINDENT
"""


def test_hand_written_tbl():
    option_set = read_man(HAND_WRITTEN, "frob.1")
    frob = option_set.option("-frob")
    assert frob is not None
    (mode,) = frob.suboptions
    (table,) = mode.tables
    assert table.rows == [
        ["Mode", "Direct", "Notes"],
        ["writeback", "off", "first line second -line bold words"],
        ["none", "on", "plain"],
        ["unsafe", "", "last"],
    ]
    assert table.header_rows == 1  # the rows above the first "=" rule
    assert table.location.line == HAND_WRITTEN.split("\n").index(".TS") + 1
    assert "T{" not in mode.description and "After the table." in mode.description
    rows, header = docutils_rows(mode.description)
    assert rows == table.rows and header == 1
    assert not [d for d in option_set.diagnostics if d.code == "man-unclosed-table"]


def test_unclosed_tbl_is_reported():
    text = HAND_WRITTEN.replace(".TE\n", "")
    option_set = read_man(text, "frob.1")
    (diagnostic,) = [d for d in option_set.diagnostics if d.code == "man-unclosed-table"]
    assert diagnostic.location.line == text.split("\n").index(".TS") + 1


# -- .hx tables: what docutils reads, within a budget --------------------------------------


def _hx(body: str) -> str:
    indented = "\n".join("    " + line if line else "" for line in body.split("\n"))
    return f'DEF("frob", HAS_ARG, QEMU_OPTION_frob, "-frob mode\\n", QEMU_ARCH_ALL)\nSRST\n``-frob mode``\n{indented}\nERST\n'


def test_hx_tables_of_both_kinds_are_docutils_tables():
    """A grid table and a simple table with blank lines between its rows: the rows docutils reads from the whole text."""
    body = """Frobnicate.

+------+-------+
| a    | ``b`` |
+======+=======+
| c    | d     |
| more |       |
+------+-------+

Then:

=====  =====
x      y
=====  =====
1      2

3      4
=====  =====

After."""
    option = load_text(_hx(body)).option("-frob")
    expected = []
    doctree = docutils.core.publish_doctree(body, settings_overrides={"report_level": 5})
    for table in doctree.findall(nodes.table):
        expected.append(([[" ".join(e.astext().split()) for e in row.findall(nodes.entry)] for row in table.findall(nodes.row)],
                         sum(1 for thead in table.findall(nodes.thead) for _ in thead.findall(nodes.row))))
    assert [(t.rows, t.header_rows) for t in option.tables] == expected
    assert len(expected) == 2 and expected[1][0][-1] == ["3", "4"]
    hx_lines = _hx(body).split("\n")
    assert [hx_lines[t.location.line - 1].strip()[:1] for t in option.tables] == ["+", "="]


def test_hx_tables_past_the_budget_are_text_with_a_warning():
    from qdoc.readers.hx.tables import MAX_TABLE_CHARS

    table = "=====  =====\nkey    value\n=====  =====\n{0}      {0}\n=====  =====\n"
    count = MAX_TABLE_CHARS // len(table) + 10
    option_set = load_text(_hx("\n".join(table.format(i) for i in range(count))))
    option = option_set.option("-frob")
    assert 0 < len(option.tables) < count
    (warning,) = [d for d in option_set.diagnostics if d.code == "hx-table-budget"]
    assert f"the {count - len(option.tables) - 1} after it" in warning.message
    assert f"{count - 1}      {count - 1}" in option.description  # the text is kept


def load_text(text: str) -> OptionSet:
    from qdoc.readers.hx import read_hx

    return read_hx(text, "t.hx")
