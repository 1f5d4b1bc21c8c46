"""The texinfo reader's model on the real manuals, checked against plain scans of the sources."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS, QEMU, ROOT
from qdoc.loader import load
from qdoc.model import OptionSet, canonical_option_name
from qdoc.readers.texinfo import read_texinfo

BUILT = CORPUS / "built"
TEXINFO_RELEASES = ["2.12.0", "3.0.0", "3.1.0", "4.0.0", "4.1.0", "4.2.0"]


def _def_names_and_aliases(hx: str) -> tuple[set[str], dict[str, str]]:
    """DEF names, and spellings the help text gives (``-h or -help``) -> DEF name."""
    names = {"-" + n for n in re.findall(r'^DEF\("([^"]+)"', hx, re.M)}
    aliases = {}
    for m in re.finditer(r'^DEF\("([^"]+)",[^"]*"(-[^"\\]*)', hx, re.M):
        name = "-" + m.group(1)
        spelled = re.match(r"(--?[\w-]+)((?:\s+or\s+--?[\w-]+)*)", m.group(2))
        if spelled:
            for word in [spelled.group(1), *re.findall(r"--?[\w-]+", spelled.group(2))]:
                aliases[canonical_option_name(word)] = name
    return names, aliases


def _documented_in_stexi(hx: str) -> set[str]:
    """Option names of the @item/@itemx lines inside STEXI blocks, at the top table level."""
    found = set()
    for block in re.findall(r"^STEXI\n(.*?)^ETEXI", hx, re.M | re.S):
        for m in re.finditer(r"^@itemx? (-[\w-]+)", block, re.M):
            found.add(canonical_option_name(m.group(1)))
    return found


@pytest.mark.parametrize("release", TEXINFO_RELEASES)
def test_stexi_options_are_the_def_names(release):
    path = QEMU / release / "qemu-options.hx"
    hx = path.read_text(encoding="utf-8")
    option_set = load(str(path), "texinfo")
    names, aliases = _def_names_and_aliases(hx)
    read = set()
    for option in option_set.options:
        for spelling in [option.name, *option.aliases]:
            resolved = aliases.get(canonical_option_name(spelling), canonical_option_name(spelling))
            assert resolved in names, f"{spelling} of {option.name} is no DEF of {release}"
            read.add(resolved)
    documented = {aliases.get(n, n) for n in _documented_in_stexi(hx)} & names
    assert read == documented
    # The corpus has qemu-option-trace.texi (included by -trace) only for
    # 2.12.0 and 4.2.0: elsewhere its absence is the one error.
    missing = [] if (QEMU / release / "qemu-option-trace.texi").exists() else ["texinfo-include-missing"]
    assert [d.code for d in option_set.errors] == missing


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_generated_texi_reads_like_the_hx_stexi(release):
    """Our view of the STEXI blocks equals hxtool's real output (built/<release>/qemu-options.texi)."""
    generated = load(str(BUILT / release / "qemu-options.texi"), include_dirs=[str(QEMU / release)])
    from_hx = load(str(QEMU / release / "qemu-options.hx"), "texinfo")
    assert generated.names() == from_hx.names()
    for a, b in zip(generated.options, from_hx.options):
        assert [s.text for s in a.synopses] == [s.text for s in b.synopses]


def test_user_mode_table_of_2_12():
    path = QEMU / "2.12.0" / "qemu-doc.texi"
    text = path.read_text(encoding="utf-8")
    # Independent scan: the @item options of the @table @option blocks in the
    # node "Command line options" of the user-mode chapter.
    node = text[text.index("@node Command line options") : text.index("@node Other binaries")]
    expected = [m.group(1) for m in re.finditer(r"^@item (-[\w-]+)", node, re.M)]
    assert expected == ["-h", "-L", "-s", "-cpu", "-E", "-U", "-B", "-R", "-d", "-p", "-g", "-singlestep"]
    option_set = load(str(path), include_dirs=[str(BUILT / "2.12.0")], program="qemu-i386")
    assert option_set.program == "qemu-i386"
    assert option_set.names() == expected
    assert option_set.option("-E").synopses[0].text == "-E var=value"
    # The synopsis above the table has a bracket inside braces: a finding.
    line = text[: text.index("[@option{-h]}")].count("\n") + 1
    assert any(d.code == "texinfo-bracket-in-braces" and d.location.line == line for d in option_set.diagnostics)


def test_system_options_of_4_2_manual():
    option_set = load(str(QEMU / "4.2.0" / "qemu-doc.texi"), include_dirs=[str(BUILT / "4.2.0")])
    assert option_set.program == "qemu-system" and option_set.release == "4.2.0"
    machine = option_set.option("-machine")
    assert machine.synopses[0].markup == "-machine [type=]@var{name}[,prop=@var{value}[,...]]"
    assert "accel" in [s.name for s in machine.suboptions]
    # -numa: one item with four terms, all the same option (as the .hx reader reads it).
    numa = option_set.option("-numa")
    assert len(numa.synopses) == 4 and numa.aliases == []
    # -fda/-fdb share one item but each has its @findex: two options.
    assert option_set.option("-fdb") is not None and option_set.option("-fdb").name == "-fdb"
    assert not option_set.errors


def test_deprecation_records_of_4_2():
    path = QEMU / "4.2.0" / "qemu-deprecated.texi"
    text = path.read_text(encoding="utf-8")
    section = text[text.index("@section System emulator command line arguments") :]
    section = section[: section.index("\n@section ")]
    expected = [
        (text[: text.index(m.group(0))].count("\n") + 1, m.group(2))
        for m in re.finditer(r"^@subsection (.*) \([Ss]ince ([\d.]+)\)$", section, re.M)
    ]
    assert len(expected) >= 10
    option_set = read_texinfo(text, str(path))
    area = [r for r in option_set.deprecations if r.area == "System emulator command line arguments"]
    assert [(r.location.line, r.since) for r in area] == expected
    no_kvm = next(r for r in area if r.feature == "-no-kvm")
    assert [t.option for t in no_kvm.targets] == ["-no-kvm"]
    machine = area[0]
    assert (machine.targets[0].option, machine.targets[0].suboption) == ("-machine", "enforce-config-section")
    assert [r.removed_in for r in option_set.removals] == ["4.2.0"]


def test_deprecation_appendix_of_2_12():
    path = QEMU / "2.12.0" / "qemu-doc.texi"
    text = path.read_text(encoding="utf-8")
    appendix = text[text.index("@node Deprecated features") : text.index("@node License")]
    expected = re.findall(r"^@subsection (.*)$", appendix, re.M)
    option_set = load(str(path), include_dirs=[str(BUILT / "2.12.0")])
    assert [r.heading for r in option_set.deprecations] == [re.sub(r"@\w+\{([^}]*)\}", r"\1", h) for h in expected]
    tftp = next(r for r in option_set.deprecations if r.feature == "-tftp")
    assert tftp.since == "2.6.0" and tftp.area == "System emulator command line arguments"


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_json_round_trip_and_schema(release):
    import json

    import jsonschema

    option_set = load(str(QEMU / release / "qemu-doc.texi"), include_dirs=[str(BUILT / release)])
    text = option_set.to_json()
    assert OptionSet.from_json(text).to_json() == text
    schema = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())
    jsonschema.validate(json.loads(text), schema)


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_manual_from_a_source_tree_makes_the_files_qemus_build_generated(release):
    """qemu-doc.texi of a bare source tree reads like the manual with QEMU's own generated includes.

    built/<release> holds qemu-options.texi, qemu-monitor*.texi and
    version.texi as QEMU's hxtool and make wrote them; the source tree has
    only the .hx files.  Read from the tree, the generated files are made
    from the .hx (locations pointing at the .hx lines) and give the same
    options, synopses and sections.
    """
    bare = load(str(QEMU / release / "qemu-doc.texi"))
    oracle = load(str(QEMU / release / "qemu-doc.texi"), include_dirs=[str(BUILT / release)])
    assert not bare.errors, bare.errors
    assert bare.names() == oracle.names() and len(bare.options) > 100
    for a, b in zip(bare.options, oracle.options):
        assert [s.text for s in a.synopses] == [s.text for s in b.synopses]
    assert [s.title for s in bare.sections] == [s.title for s in oracle.sections]
    version = re.search(r"@set VERSION (\S+)", (BUILT / release / "version.texi").read_text(encoding="utf-8")).group(1)
    assert bare.release == oracle.release == version == release
    hx_path = QEMU / release / "qemu-options.hx"
    hx_lines = hx_path.read_text(encoding="utf-8").split("\n")
    machine = bare.option("-machine").synopses[0].location
    assert machine.path == str(hx_path) and hx_lines[machine.line - 1].startswith("@item -machine")


def test_qapi_references_are_reported_not_failed():
    """qemu-qmp-qapi.texi comes from QEMU's QAPI generator, which qdoc does not run: info, not an error."""
    option_set = load(str(QEMU / "4.2.0" / "docs" / "interop" / "qemu-qmp-ref.texi"))
    assert not option_set.errors
    assert [d.code for d in option_set.diagnostics if "qapi.texi" in d.message] == ["texinfo-include-generated"]


def test_every_definition_command_is_a_block():
    """QAPI's generated texinfo uses @deftp and @deftypefn; the reader knows texinfo's whole @def family."""
    text = (QEMU / "2.12.0" / "tests" / "qapi-schema" / "doc-good.texi").read_text(encoding="utf-8")
    assert "@end deftp" in text
    option_set = load(str(QEMU / "2.12.0" / "tests" / "qapi-schema" / "doc-good.texi"))
    assert not option_set.errors, option_set.errors


def test_an_included_table_gives_the_item_that_includes_it_suboptions(tmp_path):
    """Texinfo splices an @include in place: its table is a nested table of the item, located in its own file."""
    (tmp_path / "subs.texi").write_text("Intro.\n\n@table @option\n@item key=@var{v}\nThe key.\n@item other\nThe other.\n@end table\n")
    (tmp_path / "manual.texi").write_text(
        "\\input texinfo\n@table @option\n"
        "@item -one @var{x}\n@findex -one\n@include subs.texi\n"
        "@item -two a\nFirst form.\n@include subs.texi\n@item -two b\nSecond form.\n"
        "@end table\n@bye\n"
    )
    option_set = load(str(tmp_path / "manual.texi"))
    assert not option_set.errors
    subs = str(tmp_path / "subs.texi")
    one = option_set.option("-one")
    assert [(s.name, s.kind, s.synopses[0].text, s.description, s.location.path, s.location.line) for s in one.suboptions] == [
        ("key", "property", "key=v", "The key.", subs, 4), ("other", "value", "other", "The other.", subs, 6),
    ]
    assert "``key=v``" in one.description  # the description keeps the table as text, as for any nested table
    two = option_set.option("-two")
    assert [(s.kind, s.synopses[0].text, [c.name for c in s.suboptions]) for s in two.suboptions] == [
        ("form", "-two a", ["key", "other"]), ("form", "-two b", []),
    ]
