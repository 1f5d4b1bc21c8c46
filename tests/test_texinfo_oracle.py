"""The texinfo reader against GNU texinfo itself: ``texi2any --xml`` is the oracle.

For each manual, the node names, the sectioning commands with their titles,
the number of ``@item``/``@itemx`` of every table and the ``@findex``
entries that qdoc reads must equal those in texi2any's XML, in order.  The
XML is parsed with lxml; nothing here is copied from qdoc's own output.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import etree

from conftest import CORPUS, QEMU
from qdoc.readers.texinfo import parse_texinfo
from qdoc.readers.texinfo.tree import HEADING_LEVELS
from qdoc.readers.texinfo.to_rst_inline import InlineRenderer

BUILT = CORPUS / "built"
TEXINFO_ENTITIES = {
    b"lbrace": b"{", b"rbrace": b"}", b"arobase": b"@", b"textrsquo": b"'", b"textlsquo": b"'",
    b"textldquo": b'"', b"textrdquo": b'"', b"dots": b"...", b"enddots": b"...", b"minus": b"-",
    b"textmdash": b"---", b"textndash": b"--", b"nbsp": b" ", b"bullet": b"*",
}

MANUALS = [
    (QEMU / "2.12.0" / "qemu-doc.texi", BUILT / "2.12.0"),
    (QEMU / "4.2.0" / "qemu-doc.texi", BUILT / "4.2.0"),
    (QEMU / "4.2.0" / "qemu-deprecated.texi", None),
    # Generated files include qemu-option-trace.texi from the source tree.
    (BUILT / "2.12.0" / "qemu-options.texi", QEMU / "2.12.0"),
    (BUILT / "4.2.0" / "qemu-options.texi", QEMU / "4.2.0"),
]


def texi2any_xml(path, include_dir) -> etree._Element:
    if shutil.which("texi2any") is None:
        pytest.fail("texi2any is not installed (Debian package texinfo)", pytrace=False)
    command = ["texi2any", "--xml", "--force", "--no-validate", "-o", "-"]
    if include_dir:
        command += ["-I", str(include_dir)]
    result = subprocess.run(command + [path.name], cwd=path.parent, capture_output=True, timeout=120)
    assert result.stdout, result.stderr.decode()
    # TexinfoML's entities are defined in its DTD, which is not read: map
    # the ones for characters texinfo escapes to the characters themselves.
    xml = re.sub(rb"&(\w+);", lambda m: TEXINFO_ENTITIES.get(m.group(1), m.group(0)), result.stdout)
    parser = etree.XMLParser(load_dtd=False, no_network=True, recover=False, resolve_entities=False)
    return etree.fromstring(xml, parser)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


@pytest.fixture(scope="module", params=MANUALS, ids=lambda m: f"{m[0].parent.name}/{m[0].name}")
def both(request):
    path, include_dir = request.param
    xml = texi2any_xml(path, include_dir)
    document, diagnostics = parse_texinfo(
        path.read_text(encoding="utf-8"), str(path), include_dirs=[str(include_dir)] if include_dir else None
    )
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return xml, document


def test_nodes_equal_texi2any(both):
    xml, document = both
    expected = [_text(n.find("nodename")) for n in xml.iter("node")]
    plain = InlineRenderer(document.values).plain
    found = [_norm(plain(e.arg)) for e in document.root.find("node")]
    assert found == [_norm(t) for t in expected]


def test_sectioning_equals_texi2any(both):
    xml, document = both
    expected = []
    for element in xml.iter(*HEADING_LEVELS):
        title = element.find("sectiontitle")
        expected.append((element.tag, _norm(_text(title)) if title is not None else ""))
    plain = InlineRenderer(document.values).plain
    found = [(e.name, _norm(plain(e.arg))) for e in document.root.find(*HEADING_LEVELS)]
    assert len(found) == len(expected)
    assert found == expected


def test_items_per_table_equal_texi2any(both):
    xml, document = both
    expected = [len(t.findall("tableentry/tableterm/item")) + len(t.findall("tableentry/tableterm/itemx")) for t in xml.iter("table")]
    found = [sum(len(entry.terms) for entry in t.children if entry.name == "entry") for t in document.root.find("table", "vtable", "ftable")]
    assert found == expected


def test_findex_entries_equal_texi2any(both):
    xml, document = both
    expected = [_norm(_text(f.find("indexterm"))) for f in xml.iter("findex")]
    plain = InlineRenderer(document.values).plain
    found = [_norm(plain(e.text)) for e in document.index if e.index == "fn"]
    assert found == expected
