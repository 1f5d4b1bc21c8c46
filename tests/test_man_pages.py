"""``qdoc man`` writes pages a reader would want (issue 24), checked on QEMU's real .hx files.

Each release's pages are built once (a module fixture).  What a page must
hold is computed here without qdoc: the documented options by a scan of the
.hx's SRST terms (```` ``-machine ...`` ```` at the start of a line, or
``.. option::`` in qemu-img-cmds.hx) and STEXI ``@item`` lines of the
outermost ``@table``; the page by groff, mandoc and a read of its troff tags.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import QEMU, groff_lines, run_qdoc, srst_text

RELEASES = ["2.12.0", "4.2.0", "7.2.0", "10.2.0"]
SOURCES = ["qemu-options.hx", "qemu-img-cmds.hx"]
PAGE_OF = {"qemu-options.hx": "qemu.1", "qemu-img-cmds.hx": "qemu-img.1"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """release -> folder holding the pages of its qemu-options.hx and qemu-img-cmds.hx (one run each)."""
    built = {}
    for release in RELEASES:
        out = tmp_path_factory.mktemp(f"man-{release}")
        sources = [str(QEMU / release / name) for name in SOURCES if (QEMU / release / name).is_file()]
        result = run_qdoc("man", *sources, "-o", str(out))
        assert result.returncode == 0, result.stderr
        built[release] = out
    return built


def page_paths(pages: dict[str, Path], release: str) -> list[tuple[str, Path]]:
    return [(source, pages[release] / PAGE_OF[source]) for source in SOURCES if (QEMU / release / source).is_file()]


# -- independent scans ---------------------------------------------------------------

_TEXINFO_BRACED_RE = re.compile(r"@(\w+)\{([^{}]*)\}")


def texinfo_plain(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _TEXINFO_BRACED_RE.sub(lambda m: "..." if m.group(1) == "dots" else m.group(2), text)
    return text.replace("@@", "@").replace("@{", "{").replace("@}", "}")


def srst_terms(hx: Path) -> list[str]:
    """The terms of the definition lists at the top of the .hx's SRST blocks that name options, by docutils."""
    from docutils.core import publish_doctree
    from docutils import nodes

    tree = publish_doctree(srst_text(hx.read_text(encoding="utf-8")),
                           settings_overrides={"report_level": 5, "halt_level": 5, "file_insertion_enabled": False})
    terms = []
    for item in tree.findall(nodes.definition_list_item):
        if any(isinstance(ancestor, nodes.definition) for ancestor in _ancestors(item)):
            continue
        term = item.next_node(nodes.term).astext()
        if term.startswith("-"):
            terms.append(term)
    return terms


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def documented_terms(hx: Path) -> list[str]:
    """The options (commands of qemu-img) the .hx documents: SRST terms, else STEXI items of the outer table."""
    text = hx.read_text(encoding="utf-8")
    if hx.name == "qemu-options.hx" and "\nSRST" in text:
        return [" ".join(term.split()) for term in srst_terms(hx)]
    terms: list[str] = []
    block, depth = None, 0
    for line in hx.read_text(encoding="utf-8").splitlines():
        if line.startswith(("SRST", "STEXI")):
            block = "SRST" if line.startswith("SRST") else "STEXI"
            continue
        if line.startswith(("ERST", "ETEXI")):
            block = None
            continue
        if block == "SRST":
            found = re.match(r"^\.\. option:: (.+)$", line)
            if found:
                terms.append(found.group(1))
        elif block == "STEXI":
            if re.match(r"^@table\b", line):
                depth += 1
            elif re.match(r"^@end table\b", line):
                depth -= 1
            elif depth == 1 and re.match(r"^@itemx? ", line):
                term = texinfo_plain(line.split(None, 1)[1])
                if term.startswith("-") or hx.name == "qemu-img-cmds.hx":
                    terms.append(term)
    return [" ".join(term.split()) for term in terms]


_TROFF_ESCAPES = [(r"\-", "-"), (r"\:", ""), (r"\&", ""), (r"\(aq", "'"), (r"\(dq", '"'), (r"\e", "\\"), ("\\ ", " ")]


def troff_tags(page: Path) -> list[str]:
    """The tag of every ``.TP`` of a troff page, as plain text."""
    lines = page.read_text(encoding="utf-8").split("\n")
    tags = []
    for index, line in enumerate(lines):
        if line != ".TP":
            continue
        following = [ln for ln in lines[index + 1:index + 4] if ln not in (".na", ".ad")]
        tag = re.sub(r"^\.B ", "", following[0])
        tag = re.sub(r"\\f[BIPR]", "", tag)
        for escape, plain in _TROFF_ESCAPES:
            tag = tag.replace(escape, plain)
        tags.append(" ".join(tag.split()))
    return tags


# -- the tests -----------------------------------------------------------------------


@pytest.mark.parametrize("release", RELEASES)
def test_pages_have_the_sections_of_a_man_page(pages, release):
    """NAME, SYNOPSIS, DESCRIPTION, SEE ALSO as groff prints them; the release in .TH; SEE ALSO names the sibling."""
    for source, page in page_paths(pages, release):
        text = groff_lines(page)
        for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO"):
            assert heading in text, f"{page.name} of {release} has no {heading}"
        sections = {heading: index for index, heading in enumerate(text) if heading in ("SYNOPSIS", "DESCRIPTION", "SEE ALSO")}
        assert sections["SYNOPSIS"] < sections["DESCRIPTION"] < sections["SEE ALSO"]
        synopsis = " ".join(text[sections["SYNOPSIS"] + 1:sections["DESCRIPTION"]])
        program = "qemu-img" if source == "qemu-img-cmds.hx" else "qemu-system-"
        assert program in synopsis and "options" in synopsis, synopsis
        description = " ".join(text[sections["DESCRIPTION"] + 1:sections["DESCRIPTION"] + 6])
        assert len(description.split()) >= 8, description
        see_also = " ".join(text[sections["SEE ALSO"] + 1:])
        sibling = "qemu(1)" if source == "qemu-img-cmds.hx" else "qemu-img(1)"
        assert sibling in see_also, see_also
        th = next(line for line in page.read_text(encoding="utf-8").split("\n") if line.startswith(".TH "))
        assert f'"{release}"' in th, th


@pytest.mark.parametrize("release", RELEASES)
def test_groff_and_mandoc_do_not_warn(pages, release):
    """``groff -man -Tutf8 -ww -z`` (what man uses) and ``mandoc -Tlint`` at warning level are silent."""
    assert shutil.which("mandoc"), "mandoc is needed (apt-get install mandoc)"
    for _, page in page_paths(pages, release):
        groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
        assert groff.returncode == 0 and groff.stderr == "", groff.stderr
        mandoc = subprocess.run(["mandoc", "-Tlint", "-W", "warning", str(page)], capture_output=True, text=True)
        assert mandoc.returncode == 0 and mandoc.stdout + mandoc.stderr == "", mandoc.stdout + mandoc.stderr


@pytest.mark.parametrize("release", RELEASES)
def test_every_documented_option_appears_once(pages, release):
    """Each term the .hx documents is the tag of exactly one item of its page (never repeated, never missing)."""
    for source, page in page_paths(pages, release):
        terms = documented_terms(QEMU / release / source)
        assert len(terms) > 10
        tags = Counter(troff_tags(page))
        wrong = {term: tags[term] for term in terms if tags[term] != 1}
        assert not wrong, f"{page.name} of {release}: {wrong}"


def test_help_text_only_for_undocumented_options(pages):
    """-nic and -netdev open with their documentation, not the DEF help; -h shows no "Aliases -h"."""
    lines = groff_lines(pages["10.2.0"] / "qemu.1")
    start = lines.index(next(line for line in lines if line.startswith("-nic [tap")))
    before = " ".join(lines[start - 6:start])
    assert "initialize an on-board" not in before, before  # the DEF help text of -nic
    page = (pages["10.2.0"] / "qemu.1").read_text(encoding="utf-8")
    assert "Aliases" not in page
    assert "configure a host TAP network backend with ID" not in page  # -netdev's DEF help


def test_choice_lists_styled_alike(pages):
    """Every choice of ``-nic [tap|passt|...]`` is typed as written (bold), none a placeholder (italic)."""
    page = (pages["10.2.0"] / "qemu.1").read_text(encoding="utf-8")
    tag = next(line for line in page.split("\n") if "\\-nic\\fP" in line and "passt" in line)
    for choice in ("tap", "passt", "bridge", "user", "socket"):
        assert f"\\fB{choice}\\fP" in tag and f"\\fI{choice}\\fP" not in tag, tag


@pytest.mark.parametrize("release", ["4.2.0", "10.2.0"])
def test_cache_table_is_a_tbl_table(pages, release):
    """The -drive cache modes are a real table (.TS/.TE): groff's tbl draws it, no box characters in the source."""
    page = pages[release] / "qemu.1"
    text = page.read_text(encoding="utf-8")
    table = text[text.index(".TS"):text.index(".TE")]
    assert "cache.writeback" in table and "directsync" in table
    assert "\\[u2502]" not in text and "\\[u253C]" not in text
    # As man draws it (tbl): a boxed row per mode, its cells in the .hx's order.
    drawn = subprocess.run(["groff", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=200n", str(page)],
                           capture_output=True, text=True, check=True).stdout
    rows = [line.replace("\u2502", " ").split() for line in drawn.split("\n") if line.strip().startswith("\u2502")]
    assert ["directsync", "off", "on", "off"] in rows and ["cache.writeback", "cache.direct", "cache.no-flush"] in rows, rows


def test_front_matter_is_read_from_inside_the_source_root_only(tmp_path):
    """A qemu-manpage.rst that links out of the tree is not read: the page says the generated description."""
    from conftest import small_tree

    tree = small_tree(tmp_path, 'DEF("h", 0, QEMU_OPTION_h, "-h    display this help and exit\\n", QEMU_ARCH_ALL)\n'
                                "SRST\n``-h``\n    Display help and exit\nERST\n")
    outside = tmp_path / "outside.rst"
    outside.write_text("Title\n=====\n\nDescription\n-----------\n\nSECRET words from outside the tree.\n", encoding="utf-8")
    (tree / "docs" / "system").mkdir(parents=True)
    (tree / "docs" / "system" / "qemu-manpage.rst").symlink_to(outside)
    result = run_qdoc("man", str(tree / "qemu-options.hx"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = groff_lines(tmp_path / "out" / "qemu.1")
    assert "DESCRIPTION" in lines and not any("SECRET" in line for line in lines)
    description = lines[lines.index("DESCRIPTION") + 1]
    assert "machine emulator" in description, description
