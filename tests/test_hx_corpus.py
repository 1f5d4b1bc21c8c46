"""The .hx reader against every qemu-options.hx in the corpus.

Expected values are computed here from the source text with plain scans
(DEF lines, DEFHEADING lines), independently of the reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from conftest import QEMU, RELEASES
from qdoc.loader import load

DEF_NAME_RE = re.compile(r'^DEF\("([^"]+)"', re.M)
HEADING_RE = re.compile(r"^(DEFHEADING|ARCHHEADING)\((.*)\)\s*$", re.M)


@lru_cache(maxsize=None)
def parsed(release: str, name: str = "qemu-options.hx"):
    return load(str(QEMU / release / name))


def source(release: str, name: str = "qemu-options.hx") -> str:
    return (QEMU / release / name).read_text(encoding="utf-8")


def scan_headings(text: str) -> list[str]:
    titles = []
    for kind, arguments in HEADING_RE.findall(text):
        title = arguments.rsplit(",", 1)[0] if kind == "ARCHHEADING" else arguments
        title = title.strip().rstrip(":").strip()
        if title:
            titles.append(title)
    return titles


def test_every_release_is_in_the_corpus():
    # 2.12.0 .. 10.2.0 plus the transition tree and master: 26 files.
    assert len(RELEASES) == 26
    assert {"2.12.0", "4.2.50-transition", "7.2.0", "10.2.0"} <= set(RELEASES)


@pytest.mark.parametrize("release", RELEASES)
def test_one_option_per_def_line_in_order(release):
    defs = DEF_NAME_RE.findall(source(release))
    option_set = parsed(release)
    assert not option_set.errors, option_set.errors
    assert len(option_set.options) == len(defs)
    assert option_set.names() == ["-" + name for name in defs]


@pytest.mark.parametrize("release", RELEASES)
def test_sections_match_headings(release):
    option_set = parsed(release)
    titles = [s.title for s in option_set.sections if s.kind != "preamble"]
    assert titles == scan_headings(source(release))


@pytest.mark.parametrize("release", RELEASES)
def test_each_option_is_in_the_section_of_its_def(release):
    """Walk the file: the heading in force at each DEF line is the option's section."""
    expected = {}
    current = None
    for line in source(release).splitlines():
        m = HEADING_RE.match(line)
        if m:
            kind, arguments = m.groups()
            title = arguments.rsplit(",", 1)[0] if kind == "ARCHHEADING" else arguments
            current = title.strip().rstrip(":").strip() or None
        d = DEF_NAME_RE.match(line)
        if d:
            expected["-" + d.group(1)] = current
    option_set = parsed(release)
    assert {o.name: o.section for o in option_set.options} == expected


@pytest.mark.parametrize("release", RELEASES)
def test_every_documented_term_is_joined_to_a_def(release):
    """Every ``-option`` term in a doc block ends up as a synopsis of some option."""
    text = source(release)
    terms = re.findall(r"^``(-[\w-]+)[^\n]*``\s*$", text, re.M)
    terms += re.findall(r"^@itemx? (-[\w-]+)", text, re.M)
    option_set = parsed(release)
    synopsis_names = set()
    for option in option_set.options:
        for synopsis in option.synopses:
            synopsis_names.add(synopsis.text.split()[0].split(",")[0])
    missing = {t for t in terms if t not in synopsis_names}
    assert not missing


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks of ``text``, each with its lines stripped."""
    return ["\n".join(line.strip() for line in block.strip("\n").split("\n"))
            for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


SRST_BLOCK_RE = re.compile(r"^SRST(?:\(\w*\))?\n(.*?)^ERST", re.M | re.S)


@pytest.mark.parametrize("release", [r for r in RELEASES if r.split(".")[0] not in {"2", "3", "4"}])
def test_section_text_keeps_its_paragraphs_and_lists_apart(release):
    """Text between items is rST: each block of a section's text is a block of the .hx, not two run together.

    (10.2.0's "Boot Image or Kernel specific" section: a sentence, a blank
    line, then a list; joined without the blank line docutils reads a
    definition list and warns.)
    """
    source_blocks = {b for block in SRST_BLOCK_RE.findall(source(release)) for b in _blocks(block)}
    described = [section for section in parsed(release).sections if section.description.strip()]
    assert described
    for section in described:
        for block in _blocks(section.description):
            assert block in source_blocks, (section.title, block)


def test_machine_suboptions_7_2():
    text = source("7.2.0")
    block = text[text.index('DEF("machine"'):]
    block = block[block.index("SRST") : block.index("ERST")]
    keys = re.findall(r"^    ``([\w.-]+)=", block, re.M)
    assert {"accel", "vmport", "dump-guest-core", "mem-merge", "nvdimm"} <= set(keys)
    machine = parsed("7.2.0").option("-machine")
    names = [s.name for s in machine.suboptions]
    assert names == keys
    for sub in machine.suboptions:
        assert sub.kind == "property"
        assert sub.description.strip(), sub.name
        assert sub.location.line > machine.locations["documentation"].line
    accel = machine.suboptions[names.index("accel")]
    assert "enable an accelerator" in accel.description
    dump = machine.suboptions[names.index("dump-guest-core")]
    assert dump.default == "on"  # "Include guest memory in a core dump. The default is on."


def test_machine_suboptions_texinfo_era_2_12():
    text = source("2.12.0")
    block = text[text.index('DEF("machine"'):]
    block = block[block.index("STEXI") : block.index("ETEXI")]
    keys = re.findall(r"^@item ([\w.-]+)=", block, re.M)
    machine = parsed("2.12.0").option("-machine")
    assert [s.name for s in machine.suboptions] == keys
    squash = next(s for s in machine.suboptions if s.name == "s390-squash-mcss")
    assert squash.deprecations and "deprecated" in squash.deprecations[0].text
    assert "@var" not in machine.description and "@code" not in machine.description


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0", "2.12.0"])
def test_numa_has_all_its_synopses(release):
    text = source(release)
    block = text[text.index('DEF("numa"'):]
    end = block.index("ERST") if "SRST" in block[:2000] else block.index("ETEXI")
    block = block[:end]
    terms = re.findall(r"^``(-numa [^\n]*)``$", block, re.M) or re.findall(r"^@itemx? (-numa .*)$", block, re.M)
    numa = parsed(release).option("-numa")
    assert len(numa.synopses) == len(terms) >= 4
    assert all(s.text.startswith("-numa ") for s in numa.synopses)


def test_hda_to_hdd_share_one_description():
    option_set = parsed("7.2.0")
    drives = [option_set.option(n) for n in ("-hda", "-hdb", "-hdc", "-hdd")]
    descriptions = {d.description for d in drives}
    assert len(descriptions) == 1
    (description,) = descriptions
    assert "hard disk 0, 1, 2 or 3 image" in description
    assert [d.synopses[0].text for d in drives] == ["-hda file", "-hdb file", "-hdc file", "-hdd file"]


def test_srst_label_is_kept_9_2():
    text = source("9.2.0")
    after = text[text.index('DEF("initrd"'):]
    label = re.search(r"^SRST\((\w+)\)", after, re.M).group(1)
    assert parsed("9.2.0").option("-initrd").doc_label == label == "initrd"


def test_xen_domid_arch_7_2():
    assert parsed("7.2.0").option("-xen-domid").arch == ["arm", "i386"]
    assert parsed("7.2.0").option("-machine").arch == ["all"]


def test_archheading_keeps_its_arch():
    sections = parsed("7.2.0").sections
    i386 = [s for s in sections if s.kind == "archheading"]
    assert [(s.title, s.arch) for s in i386] == [("i386 target only", ["i386"])]


def test_aliases_are_one_option_each():
    option_set = parsed("7.2.0")
    assert option_set.option("-h") is option_set.option("-help")
    assert "-h" in option_set.option("-help").aliases
    assert option_set.option("--preconfig") is option_set.option("-preconfig")
    undocumented = {d.message.split()[1] for d in option_set.diagnostics if d.code == "hx-undocumented-def"}
    assert "-help" not in undocumented and "-preconfig" not in undocumented


def test_defs_without_terms_are_kept_and_reported_7_2():
    option_set = parsed("7.2.0")
    undocumented = {d.message.split()[1] for d in option_set.diagnostics if d.code == "hx-undocumented-def"}
    for name in ("-xen-domid-restrict", "-M", "-qtest", "-qtest-log"):
        assert option_set.option(name) is not None
        assert name in undocumented
    # The help text of the DEF is still there.
    assert "restrict set of available xen operations" in option_set.option("-xen-domid-restrict").help


def test_def_help_text_is_decoded():
    machine = parsed("7.2.0").option("-machine")
    assert machine.help.startswith("-machine [type=]name[,prop[=value][,...]]\n")
    assert machine.help_synopses == ["-machine [type=]name[,prop[=value][,...]]"]
    # Build-time macros in help strings are kept by name.
    assert "{DEFAULT_GDBSTUB_PORT}" in parsed("7.2.0").option("-s").help


def test_preprocessor_conditions_are_recorded():
    text = source("7.2.0")
    # -async-teardown sits inside "#ifdef __linux__" in 7.2.0.
    before = text[: text.index('DEF("async-teardown"')]
    assert before.rstrip().endswith("#ifdef __linux__")
    assert parsed("7.2.0").option("-async-teardown").conditions == ["__linux__"]


# -- the 4.2.50 transition: both markups, the SRST blocks read, the STEXI blocks checked -------------

TRANSITION_FILES = ["qemu-options.hx", "hmp-commands.hx"]
MARKER_BLOCK_RE = {"SRST": re.compile(r"^SRST[^\n]*\n(.*?)^ERST", re.M | re.S),
                   "STEXI": re.compile(r"^STEXI[^\n]*\n(.*?)^ETEXI", re.M | re.S)}


def without_blocks(text: str, marker: str) -> str:
    """``text`` with every ``marker`` block (its marker lines too) blanked, line for line."""
    return MARKER_BLOCK_RE[marker].sub(lambda m: "\n" * m.group(0).count("\n"), text)


def srst_option_items(text: str) -> list[tuple[list[str], str]]:
    """The column-0 items of the SRST blocks, read by docutils: (terms, first paragraph of the body)."""
    from docutils import nodes
    from docutils.core import publish_doctree

    blocks = "\n\n".join(MARKER_BLOCK_RE["SRST"].findall(text))
    tree = publish_doctree(blocks, settings_overrides={"report_level": 5, "halt_level": 5})
    items, pending = [], []
    for deflist in tree.children:
        if not isinstance(deflist, nodes.definition_list):
            continue
        for item in deflist.children:
            terms = [" ".join(t.astext().split()) for t in item.children if isinstance(t, nodes.term)]
            body = next(c for c in item.children if isinstance(c, nodes.definition))
            if body.astext().strip() in ("", "\\"):
                pending += terms
                continue
            paragraph = next((p for p in body.findall(nodes.paragraph) if not isinstance(p.parent, nodes.system_message)), None)
            items.append((pending + terms, " ".join(paragraph.astext().split()) if paragraph else ""))
            pending = []
    return items


def test_transition_tree_reads_each_option_once_from_its_srst_blocks():
    """Every SRST term is one synopsis of its option (not two), and its item's text is there."""
    text = source("4.2.50-transition")
    option_set = parsed("4.2.50-transition")
    assert not option_set.errors
    items = srst_option_items(text)
    assert len(items) > 100
    synopses: dict[str, list[str]] = {}
    for option in option_set.options:
        synopses[option.name] = [" ".join(s.text.split()) for s in option.synopses]  # its forms' too
    expected: dict[str, list[str]] = {}
    for terms, paragraph in items:
        names = {t.split()[0] for t in terms}
        owners = [o for o in option_set.options if o.name in names or set(o.aliases) & names]
        assert owners, terms
        for owner in owners:
            expected.setdefault(owner.name, []).extend(t for t in terms if t.split()[0] in {owner.name, *owner.aliases})
            descriptions = [owner.description] + [sub.description for sub in owner.suboptions if sub.kind == "form"]
            texts = [" ".join(d.replace("\\ ", "").replace("``", "").replace("\\", "").split()) for d in descriptions]  # rST as docutils prints it
            assert any(paragraph[:60] in t for t in texts), (owner.name, paragraph[:60])
    for name, terms in expected.items():
        assert sorted(synopses[name]) == sorted(terms), name
    machine = option_set.option("-machine")
    assert len(machine.synopses) == 1 and machine.description.startswith("Select the emulated machine")
    assert [s.name for s in machine.suboptions].count("accel") == 1


@pytest.mark.parametrize("name", TRANSITION_FILES)
def test_transition_tree_equals_its_srst_reading(name, tmp_path):
    """The file read whole gives what its SRST blocks alone give (its STEXI blocks blanked, lines kept)."""
    text = source("4.2.50-transition", name)
    srst_only = tmp_path / name
    srst_only.write_text(without_blocks(text, "STEXI"), encoding="utf-8")

    def model(option_set):
        return [(o.name, [s.text for s in o.synopses], o.description, [(s.name, s.kind, s.description, [x.text for x in s.synopses]) for s in o.suboptions],
                 o.locations.get("documentation")) for o in option_set.options]

    whole = load(str(QEMU / "4.2.50-transition" / name))
    alone = load(str(srst_only))
    strip_path = lambda rows: [(n, syn, d, subs, loc.line if loc else None) for n, syn, d, subs, loc in rows]
    assert strip_path(model(whole)) == strip_path(model(alone))
    assert sum(1 for o in whole.options if o.description.strip()) > 0.7 * len(whole.options)


@pytest.mark.parametrize("name", TRANSITION_FILES)
def test_transition_tree_reports_where_stexi_and_srst_disagree(name):
    """Each disagreement is reported at a line of a STEXI or an SRST block; -watchdog-action's STEXI example item is one."""
    text = source("4.2.50-transition", name)
    block_lines = set()
    for pattern in MARKER_BLOCK_RE.values():
        for m in pattern.finditer(text):
            first = text.count("\n", 0, m.start()) + 1
            block_lines.update(range(first, first + m.group(0).count("\n") + 1))
    reported = [d for d in load(str(QEMU / "4.2.50-transition" / name)).diagnostics if d.code == "hx-markups-disagree"]
    assert reported
    assert all(d.location.line in block_lines for d in reported)
    if name == "qemu-options.hx":
        # The STEXI block of -watchdog-action nests "@item -watchdog i6300esb" (an example); the SRST block does not.
        stexi = [m.group(1) for m in MARKER_BLOCK_RE["STEXI"].finditer(text) if "@item -watchdog-action" in m.group(1)]
        srst = [m.group(1) for m in MARKER_BLOCK_RE["SRST"].finditer(text) if "``-watchdog-action" in m.group(1)]
        assert "@item -watchdog i6300esb" in stexi[0] and "``-watchdog i6300esb``" not in srst[0]
        assert any("-watchdog-action" in d.message and "-watchdog i6300esb" in d.message for d in reported)


def test_locations_point_at_real_lines():
    text = source("7.2.0").splitlines()
    for option in parsed("7.2.0").options:
        definition = option.locations["definition"]
        assert text[definition.line - 1].startswith('DEF("' + option.name[1:] + '"')
        for synopsis in option.synopses:
            assert synopsis.markup in text[synopsis.location.line - 1]


HMP_FILES = sorted(p.relative_to(QEMU) for p in QEMU.glob("*/hmp-commands*.hx"))


@pytest.mark.parametrize("relative", HMP_FILES, ids=str)
def test_hmp_commands_one_per_struct(relative):
    text = (QEMU / relative).read_text(encoding="utf-8")
    names = [n.split("|")[0] for n in re.findall(r'\.name\s*=\s*"([^"]+)"', text)]
    option_set = load(str(QEMU / relative))
    assert not option_set.errors, option_set.errors
    assert option_set.program in ("hmp", "hmp-info")
    assert option_set.names() == names
    documented = sum(1 for o in option_set.options if o.documented)
    assert documented >= 0.9 * len(names)


def test_hmp_deprecated_region_10_2():
    option_set = load(str(QEMU / "10.2.0" / "hmp-commands.hx"))
    text = (QEMU / "10.2.0" / "hmp-commands.hx").read_text()
    region = text[text.index("/* BEGIN deprecated */") : text.index("/* END deprecated */")]
    names = set(re.findall(r'\.name\s*=\s*"([^"|]+)', region))
    deprecated = {o.name for o in option_set.options if any(d.source == "hx-comment" for d in o.deprecations)}
    assert names and deprecated == names


@pytest.mark.parametrize("relative", sorted(p.relative_to(QEMU) for p in QEMU.glob("*/qemu-img-cmds.hx")), ids=str)
def test_qemu_img_commands(relative):
    text = (QEMU / relative).read_text(encoding="utf-8")
    option_set = load(str(QEMU / relative))
    assert option_set.program == "qemu-img"
    assert option_set.names() == DEF_NAME_RE.findall(text)
    assert all(o.documented for o in option_set.options)
