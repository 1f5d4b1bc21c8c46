"""The man page reader on the real pages of the corpus.

Expected option sets are computed from the .hx sources with plain scans
(column-0 rST terms in SRST blocks; ``@item``/``@itemx`` lines in STEXI
blocks for the pod2man pages of 2.12/4.2); synopses are checked against
groff's own rendering of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import CORPUS, QEMU, groff_lines, run_qdoc
from qdoc.loader import load
from qdoc.model import OptionSet, canonical_option_name
from qdoc.readers.man import read_man, redirect_candidates
from test_html_reader import SPHINX_RELEASES, deprecated_facts, hx_headings, hx_option_terms, hx_text

BUILT = CORPUS / "built"
DEBIAN_MAN = CORPUS / "debian-7.2" / "man"
STEXI_BLOCK_RE = re.compile(r"^STEXI[^\n]*\n(.*?)^ETEXI", re.M | re.S)
TEXI_ITEM_RE = re.compile(r"^@itemx?\s+(-[\w-]+)", re.M)


@lru_cache(maxsize=None)
def parsed(path: str) -> OptionSet:
    return load(path)


def stexi_option_items(release: str) -> set[str]:
    names = set()
    for block in STEXI_BLOCK_RE.findall(hx_text(release)):
        names.update(canonical_option_name(n) for n in TEXI_ITEM_RE.findall(block))
    return names


def test_debian_72_page_has_the_options_and_sections_of_its_hx():
    option_set = parsed(str(DEBIAN_MAN / "qemu-system.1"))
    assert not option_set.errors
    assert set(option_set.names()) == hx_option_terms("7.2.0")
    assert [s.title for s in option_set.sections] == hx_headings("7.2.0")


@pytest.mark.parametrize("name", ["-machine", "-drive", "-netdev", "-chardev"])
def test_debian_72_suboptions_match_the_hx_reader(name):
    man = parsed(str(DEBIAN_MAN / "qemu-system.1")).option(name)
    hx = parsed(str(QEMU / "7.2.0" / "qemu-options.hx")).option(name)
    assert [(s.name, s.kind) for s in man.suboptions] == [(s.name, s.kind) for s in hx.suboptions]


@pytest.mark.parametrize("generation", ["", "sphinx-5.3"])
@pytest.mark.parametrize("release", SPHINX_RELEASES)
def test_built_pages_have_the_options_of_their_hx(release, generation):
    option_set = parsed(str(BUILT / release / generation / "qemu.1"))
    assert not option_set.errors
    assert not [d for d in option_set.diagnostics if d.code == "man-unknown-macro"]
    assert set(option_set.names()) == hx_option_terms(release)
    assert [s.title for s in option_set.sections] == hx_headings(release)


@pytest.mark.parametrize("release", ["6.2.0", "7.2.0"])
def test_deprecations_match_the_hx_reader(release):
    hx = parsed(str(QEMU / release / "qemu-options.hx"))
    for page in (BUILT / release / "qemu.1", BUILT / release / "sphinx-5.3" / "qemu.1"):
        assert deprecated_facts(parsed(str(page))) == deprecated_facts(hx)


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_pod2man_pages_have_the_options_of_their_hx(release):
    option_set = parsed(str(BUILT / release / "qemu.1"))
    assert not option_set.errors
    assert not [d for d in option_set.diagnostics if d.code == "man-unknown-macro"]
    names = set(option_set.names())
    expected = stexi_option_items(release)
    assert expected <= names
    # texi2pod also pulls target sections of qemu-doc.texi into the page.
    doc_items = {canonical_option_name(n) for n in TEXI_ITEM_RE.findall((QEMU / release / "qemu-doc.texi").read_text(encoding="utf-8"))}
    assert names - expected <= doc_items
    assert [s.title for s in option_set.sections] == hx_headings(release)
    machine = option_set.option("-machine")
    assert "accel" in [s.name for s in machine.suboptions]


def groff_text(path: Path) -> str:
    return " ".join(groff_lines(path))


@pytest.mark.parametrize("path", [DEBIAN_MAN / "qemu-system.1", BUILT / "10.2.0" / "qemu.1", BUILT / "4.2.0" / "qemu.1"])
def test_synopses_are_what_groff_renders(path):
    rendered = groff_text(path)
    option_set = parsed(str(path))
    missing = [s.text for o in option_set.options for s in o.synopses if " ".join(s.text.split()) not in rendered]
    assert missing == []


def test_so_redirect_is_reported_or_followed():
    page = DEBIAN_MAN / "qemu-system-x86_64.1"
    text = page.read_text(encoding="utf-8")
    alone = read_man(text, str(page))
    assert alone.options == [] and [d.code for d in alone.diagnostics] == ["man-redirect"]
    target = text.split()[1]

    def resolve(name, including):
        for candidate in redirect_candidates(including, name):
            if Path(candidate).is_file():
                return candidate, Path(candidate).read_text(encoding="utf-8")
        return None

    followed = read_man(text, str(page), resolve=resolve)
    assert set(followed.names()) == hx_option_terms("7.2.0")
    assert followed.source.path.endswith("qemu-system.1") and target.endswith("qemu-system.1")


def test_bad_input_gives_diagnostics_not_tracebacks(tmp_path: Path):
    odd = tmp_path / "odd.1"
    odd.write_text('.TH ODD 1\n.SH OPTIONS\n.XYZ hello\n.TP\n.B \\-frob\nFrobnicate.\n', encoding="utf-8")
    result = run_qdoc("parse", str(odd))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "man-unknown-macro" in result.stderr and "odd.1:3:" in result.stderr
    assert '"-frob"' in result.stdout

    empty = tmp_path / "empty.1"
    empty.write_text("", encoding="utf-8")
    result = run_qdoc("parse", str(empty))
    assert result.returncode == 2 and "man-empty" in result.stderr and "Traceback" not in result.stderr

    prose = tmp_path / "prose.1"
    prose.write_text("Just some text\nwithout any macros.\n", encoding="utf-8")
    result = run_qdoc("parse", "--from", "man", str(prose))
    assert result.returncode == 0 and "man-no-title" in result.stderr and "Traceback" not in result.stderr


def test_conditionals_are_read_as_troff_reads_them():
    """pod2man's ``.ie n .IP`` / ``.el .IP`` pair is one term (the troff branch, code font, source quotes);
    ``.if t`` text is read, ``.if n`` text and bodies of conditions qdoc cannot evaluate are not."""
    page = "\n".join([
        ".TH T 1", ".SH OPTIONS",
        '.IP "\\fB\\-x\\fR" 4', "Option x.",
        ".RS 4",
        '.ie n .IP """a\\-b""" 4', '.el .IP "\\f(CWa\\-b\\fR" 4', "Sub a.",
        '.ie n .IP "\\fBc ""\\fR\\fIf\\fR\\fB""\\fR" 4', ".el .IP \"\\fBc ``\\fR\\fIf\\fR\\fB''\\fR\" 4", "Sub c.",
        ".RE",
        ".if t Troff text.", ".if n Nroff text.",
        ".ie \\n(.g .IP \"unknown\" 4", '.el .IP "other" 4',
        ".ie n \\{\\", '.IP "block" 4', "'br\\}",
        "",
    ])
    option = read_man(page, "t.1").option("-x")
    assert [(s.name, [x.text for x in s.synopses], s.description) for s in option.suboptions] == [
        ("a-b", ["a-b"], "Sub a."), ("c", ['c "f"'], "Sub c."),
    ]
    assert option.suboptions[0].synopses[0].markup == '.IP "\\f(CWa\\-b\\fR" 4'
    assert "Troff text." in option.description
    assert not any(word in option.description for word in ("Nroff", "unknown", "other", "block"))
