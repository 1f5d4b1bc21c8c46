"""``qdoc convert`` of QEMU's 2.12 and 4.2 manuals: a Sphinx project a reader would want (issue 24).

Each release is converted twice, from the bare source tree (no
``version.texi``, no generated ``qemu-options.texi``: made from the .hx as
``qdoc parse`` makes them) and with ``-I`` QEMU's built files; the two must
be the same project.  The project is built once with ``sphinx-build -W -n``.
What it must hold comes from GNU texinfo's own reading (``texi2any --xml``):
every ``@findex`` entry, every node name; the built index page is read as
headless Chromium renders it (``--dump-dom``) and photographed.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import CORPUS, QEMU, run_qdoc

RELEASES = ["2.12.0", "4.2.0"]
BUILT = CORPUS / "built"
#: No page of the project (nor its HTML) is a wall of text.
PAGE_LIMIT = 150 * 1024


def _sphinx_html(project: Path, out: Path) -> subprocess.CompletedProcess:
    assert shutil.which("sphinx-build"), "sphinx-build is needed"
    return subprocess.run(["sphinx-build", "-W", "-n", "--keep-going", "--no-color", "-q", "-b", "html", str(project), str(out)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, dict]:
    """release -> the bare-tree and -I projects, the HTML build of the latter and texinfo's XML."""
    found = {}
    for release in RELEASES:
        base = tmp_path_factory.mktemp(f"convert-{release}")
        manual = QEMU / release / "qemu-doc.texi"
        bare, built = base / "bare", base / "built"
        bare_run = run_qdoc("convert", str(manual), "-o", str(bare), "-q")
        result = run_qdoc("convert", str(manual), "-I", str(BUILT / release), "-o", str(built), "-q")
        assert result.returncode == 0, result.stderr
        xml = base / "manual.xml"
        texi2any = subprocess.run(["texi2any", "--xml", "--force", "-I", str(BUILT / release), "-o", str(xml), str(manual)],
                                  capture_output=True, text=True)
        assert xml.is_file(), texi2any.stderr
        sphinx = _sphinx_html(built, base / "html")
        found[release] = {"bare": bare, "bare_run": bare_run, "built": built, "html": base / "html", "sphinx": sphinx,
                          "xml": etree.parse(str(xml), etree.XMLParser(load_dtd=False, no_network=True, recover=True,
                                                                       resolve_entities=False, huge_tree=True))}
    return found


def _same_tree(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (recursively)."""
    comparison = filecmp.dircmp(left, right)
    differ = comparison.left_only + comparison.right_only
    differ += [name for name in comparison.common_files if not filecmp.cmp(left / name, right / name, shallow=False)]
    for name in comparison.common_dirs:
        differ += [f"{name}/{inner}" for inner in _same_tree(left / name, right / name)]
    return differ


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("release", RELEASES)
def test_bare_tree_converts_as_with_the_built_files(converted, release):
    """The bare tree's project is the -I project, file for file: convert reads what parse reads."""
    assert converted[release]["bare_run"].returncode == 0, converted[release]["bare_run"].stderr
    assert _same_tree(converted[release]["bare"], converted[release]["built"]) == []


@pytest.mark.parametrize("release", RELEASES)
def test_no_page_over_150_kb(converted, release):
    """``sphinx-build -W -n`` builds the project; no source page nor its HTML is over 150 KB (the long chapter is split
    at its sections, with a toctree; the man page, which repeats the chapters, is for the man builder only)."""
    result = converted[release]["sphinx"]
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    project, built = converted[release]["built"], converted[release]["html"]
    sources = [p for p in project.rglob("*") if p.is_file() and p.suffix in (".rst", ".inc")]
    pages = [p for p in built.glob("*.html")]
    assert len(pages) > 20
    too_big = {str(p): p.stat().st_size for p in [*sources, *pages] if p.stat().st_size > PAGE_LIMIT}
    assert not too_big, too_big
    # The manual's second chapter (its emulator, ~300 KB of text) is a page per section under a toctree.
    chapter = min(project.glob("02-*.rst"), key=lambda p: len(p.name)).read_text(encoding="utf-8")
    assert ".. toctree::" in chapter


def _findex_entries(xml) -> set[str]:
    return {_text(term) for term in xml.iter("indexterm") if term.get("index") == "fn"}


def _chromium(*args: str) -> subprocess.CompletedProcess:
    assert shutil.which("chromium"), "chromium is needed (apt-get install chromium)"
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("release", RELEASES)
def test_genindex_lists_every_findex_entry(converted, release, tmp_path):
    """@printindex is Sphinx's general index: each @findex of texinfo's reading is an entry of it, as Chromium shows it."""
    entries = _findex_entries(converted[release]["xml"])
    assert len(entries) > 150
    built = converted[release]["html"]
    dom = html.fromstring(_chromium("--dump-dom", (built / "genindex.html").as_uri()).stdout)
    shown = set()
    for item in dom.iter("li"):
        own = (item.text or "").strip() or (_text(item[0]) if len(item) and item[0].tag == "a" else "")
        shown.add(" ".join(own.split()))
    missing = sorted(entries - shown)
    assert not missing, missing
    # The index chapter links there (what @printindex stood for).
    index_page = next(p for p in built.glob("*-index.html"))
    assert any(a.get("href") == "genindex.html" for a in html.parse(str(index_page)).iter("a"))
    # A picture of the index page and of one chapter page, as a reader sees them.
    chapter = next(built.glob("02-*-invocation-01-*.html"))
    for page in (built / "genindex.html", chapter):
        shot = tmp_path / f"{page.stem}.png"
        _chromium(f"--screenshot={shot}", page.as_uri())
        assert shot.is_file() and shot.stat().st_size > 20_000, page
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("release", RELEASES)
def test_no_link_text_is_a_node_name(converted, release):
    """Cross-references show the title of the section they lead to, never texinfo's node identifier."""
    xml = converted[release]["xml"]
    node_names = set()
    for node in xml.iter("node"):
        name = _text(node.find("nodename"))
        following = node.getnext()
        title = following.find("sectiontitle") if following is not None else None
        if title is None or _text(title) != name:
            node_names.add(name)
    assert "disk_images" in node_names
    texts = []
    for page in converted[release]["html"].glob("*.html"):
        texts += [_text(a) for a in html.parse(str(page)).iter("a") if "internal" in (a.get("class") or "")]
    assert len(texts) > 100
    assert not sorted(set(texts) & node_names), sorted(set(texts) & node_names)
