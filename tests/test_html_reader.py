"""The Sphinx HTML reader on the real pages of the corpus.

Expected option sets and section lists are computed here from the .hx
sources with plain scans (column-0 rST terms inside SRST blocks, heading
lines); sub-option names are cross-checked against the .hx reader's model of
the same release.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from conftest import CORPUS, QEMU, ROOT, run_qdoc
from qdoc.loader import load
from qdoc.model import OptionSet, canonical_option_name

BUILT = CORPUS / "built"
DEBIAN_HTML = CORPUS / "debian-7.2" / "html"
SEED = CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html"
SRST_BLOCK_RE = re.compile(r"^SRST[^\n]*\n(.*?)^ERST", re.M | re.S)
TOP_TERM_RE = re.compile(r"^``(-[^`\s]+)", re.M)
ANY_TERM_RE = re.compile(r"^\s*(``.*``)\s*$", re.M)
HEADING_RE = re.compile(r"^(DEFHEADING|ARCHHEADING)\((.*)\)\s*$", re.M)
SPHINX_RELEASES = sorted(p.name for p in BUILT.iterdir() if (p / "qemu-manpage.html").is_file())


def hx_text(release: str) -> str:
    return (QEMU / release / "qemu-options.hx").read_text(encoding="utf-8")


def hx_option_terms(release: str) -> set[str]:
    """Names of the options documented by column-0 terms of SRST blocks."""
    names = set()
    for block in SRST_BLOCK_RE.findall(hx_text(release)):
        names.update(canonical_option_name(n) for n in TOP_TERM_RE.findall(block))
    return names


def hx_headings(release: str) -> list[str]:
    titles = []
    for kind, arguments in HEADING_RE.findall(hx_text(release)):
        title = arguments.rsplit(",", 1)[0] if kind == "ARCHHEADING" else arguments
        title = title.strip().rstrip(":").strip()
        if title:
            titles.append(title)
    return titles


@lru_cache(maxsize=None)
def parsed(path: str) -> OptionSet:
    return load(path)


def assert_same_options(option_set: OptionSet, release: str) -> None:
    assert not option_set.errors, option_set.errors
    assert set(option_set.names()) == hx_option_terms(release)
    assert [s.title for s in option_set.sections if s.kind != "preamble"] == hx_headings(release)


def test_debian_72_manual_has_the_options_and_sections_of_its_hx():
    assert_same_options(parsed(str(DEBIAN_HTML / "qemu-manpage.html")), "7.2.0")


@pytest.mark.parametrize("name", ["-machine", "-drive", "-netdev", "-chardev"])
def test_debian_72_suboptions_match_the_hx_reader(name):
    html = parsed(str(DEBIAN_HTML / "qemu-manpage.html")).option(name)
    hx = parsed(str(QEMU / "7.2.0" / "qemu-options.hx")).option(name)
    assert [s.name for s in html.suboptions] == [s.name for s in hx.suboptions]
    assert [s.kind for s in html.suboptions] == [s.kind for s in hx.suboptions]


def suboption_paths(option) -> list[str]:
    paths = []

    def walk(suboptions, prefix):
        for sub in suboptions:
            paths.append(prefix + sub.name)
            walk(sub.suboptions, f"{prefix}{sub.name}/")

    walk(option.suboptions, "")
    return paths


@pytest.mark.parametrize("page", ["qemu-manpage.html", "qemu.1"])
def test_alternative_keys_name_one_property_each_in_every_reader(page):
    """``in|out.dev=device`` documents in.dev and out.dev, in the .hx and in the built pages alike."""
    release = "10.2.0"
    keys = re.findall(r"^\s*``in\|out\.([\w-]+)=", hx_text(release), re.M)
    assert len(keys) > 20
    hx = parsed(str(QEMU / release / "qemu-options.hx")).option("-audiodev")
    hx_names = {p.rsplit("/", 1)[-1] for p in suboption_paths(hx)}
    assert {f"{d}.{k}" for k in keys for d in ("in", "out")} <= hx_names
    assert "in" not in hx_names
    built = parsed(str(BUILT / release / page)).option("-audiodev")
    assert suboption_paths(built) == suboption_paths(hx)


def test_grouped_terms_and_multiple_synopses():
    option_set = parsed(str(DEBIAN_HTML / "qemu-manpage.html"))
    descriptions = {option_set.option(n).description for n in ("-hda", "-hdb", "-hdc", "-hdd")}
    assert len(descriptions) == 1 and "hard disk" in descriptions.pop()
    numa_terms = re.findall(r"^``-numa ([^`]*)``", hx_text("7.2.0"), re.M)
    assert [s.text for s in option_set.option("-numa").synopses] == ["-numa " + t for t in numa_terms]
    netdev = option_set.option("-netdev")
    assert netdev.description == "" and all(s.kind == "form" for s in netdev.suboptions)


def deprecated_facts(option_set: OptionSet) -> set[str]:
    """``-name`` / ``-name/sub`` for every option and sub-option with a deprecation stated in prose."""
    found = set()

    def walk(suboptions, prefix):
        for sub in suboptions:
            if any(d.source == "description" for d in sub.deprecations):
                found.add(f"{prefix}/{sub.name}")
            walk(sub.suboptions, f"{prefix}/{sub.name}")

    for option in option_set.options:
        # Named by the documented spelling, so that -h and -help compare.
        name = canonical_option_name(option.synopses[0].text.split()[0]) if option.synopses else option.name
        if any(d.source == "description" for d in option.deprecations):
            found.add(name)
        walk(option.suboptions, name)
    return found


@pytest.mark.parametrize("release", ["6.2.0", "7.2.0"])
def test_deprecations_in_prose_match_the_hx_reader(release):
    html = parsed(str(BUILT / release / "qemu-manpage.html"))
    hx = parsed(str(QEMU / release / "qemu-options.hx"))
    expected = deprecated_facts(hx)
    assert expected and deprecated_facts(html) == expected
    grep = len(re.findall(r"deprecated", hx_text(release), re.I))
    assert grep >= len(expected)


@pytest.mark.parametrize("generation", ["", "sphinx-5.3"])
@pytest.mark.parametrize("release", SPHINX_RELEASES)
def test_built_pages_have_the_options_of_their_hx(release, generation):
    assert_same_options(parsed(str(BUILT / release / generation / "qemu-manpage.html")), release)


def test_damaged_seed_recovers_placeholders_and_reports_the_damage():
    option_set = parsed(str(SEED))
    assert_same_options(option_set, "6.2.0")
    synopses: set[str] = set()

    def collect(suboptions):
        for sub in suboptions:
            synopses.update(s.text for s in sub.synopses)
            collect(sub.suboptions)

    for option in option_set.options:
        synopses.update(s.text for s in option.synopses)
        collect(option.suboptions)
    # Every .hx term with a <placeholder> comes back as text in some synopsis.
    with_placeholders = [
        " ".join(re.sub(r"``|\\ ", "", t).split()) for t in ANY_TERM_RE.findall(hx_text("6.2.0")) if "<" in t
    ]
    assert with_placeholders
    assert [t for t in with_placeholders if t not in synopses] == []
    damage = [d for d in option_set.diagnostics if d.code == "html-entity-damage"]
    assert damage and all(d.location.line == 1 for d in damage)
    assert any(d.code == "html-collapsed-lines" for d in option_set.diagnostics)


@pytest.mark.parametrize("path", [DEBIAN_HTML / "guest-loader.html", CORPUS / "seeds" / "guest-loader-6.2-rhel.html"])
def test_guest_loader_page_is_an_option_with_properties(path):
    option_set = parsed(str(path))
    text = path.read_text(encoding="utf-8")
    properties = re.findall(r'<dt><code[^>]*><span class="pre">([\w]+)', text)
    assert properties == ["addr", "kernel", "bootargs"]
    (option,) = option_set.options
    assert option.name == "-device" and "guest-loader" in option.synopses[0].text
    assert [s.name for s in option.suboptions] == ["addr", "kernel", "initrd", "bootargs"]
    assert all(s.kind == "property" for s in option.suboptions)


def test_page_furniture_does_not_leak():
    option_set = parsed(str(DEBIAN_HTML / "qemu-manpage.html"))
    dumped = option_set.to_json()
    for furniture in ("Edit on GitLab", "Search docs", "Permalink", "Built with", "System Emulation Management"):
        assert furniture not in dumped


def test_locations_are_real_source_lines():
    path = DEBIAN_HTML / "qemu-manpage.html"
    lines = path.read_text(encoding="utf-8").split("\n")
    for option in parsed(str(path)).options:
        for synopsis in option.synopses:
            assert "<dt" in lines[synopsis.location.line - 1], synopsis


def test_json_validates_and_round_trips():
    schema = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())
    for path in (DEBIAN_HTML / "qemu-manpage.html", SEED):
        text = parsed(str(path)).to_json()
        jsonschema.validate(json.loads(text), schema)
        assert OptionSet.from_json(text).to_json() == text


def test_bad_input_gives_diagnostics_not_tracebacks(tmp_path: Path):
    whole = (DEBIAN_HTML / "qemu-manpage.html").read_text(encoding="utf-8")
    truncated = tmp_path / "truncated.html"
    truncated.write_text(whole[: len(whole) // 2], encoding="utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text("<html><body><h1>Hi</h1><p>No options here.</p></body></html>\n", encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_text("", encoding="utf-8")

    result = run_qdoc("parse", str(truncated))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "html-truncated" in result.stderr and result.stdout == ""

    result = run_qdoc("parse", str(plain))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "html-not-sphinx" in result.stderr and "html-no-options" in result.stderr

    result = run_qdoc("parse", str(empty))
    assert result.returncode == 2 and "html-empty" in result.stderr and "Traceback" not in result.stderr


def test_sniff_recognises_html_without_its_extension(tmp_path: Path):
    page = tmp_path / "manual"
    page.write_bytes((DEBIAN_HTML / "guest-loader.html").read_bytes())
    result = run_qdoc("parse", "--format", "table", str(page))
    assert result.returncode == 0, result.stderr
    assert "(html:" in result.stdout and "-device" in result.stdout


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_texi2any_self_links_are_not_part_of_a_term(release):
    """texi2any ends each indexed term with ``<a class='copiable-anchor'> &para;</a>``: page furniture, like Sphinx's headerlink."""
    page = BUILT / release / "qemu-doc.html"
    anchored_terms = re.findall(r"<dt[^>]*>(?:(?!</dt>).)*copiable-anchor", page.read_text(encoding="utf-8"), re.S)
    assert len(anchored_terms) > 100  # the furniture is there to be left out
    option_set = load(str(page))
    texts = [s.text for o in option_set.options for s in o.synopses]
    texts += [s.text for o in option_set.options for sub in o.suboptions for s in sub.synopses]
    names = [sub.name for o in option_set.options for sub in o.suboptions]
    assert texts and not [t for t in texts + names if "\u00b6" in t]
