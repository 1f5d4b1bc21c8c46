"""Deprecation and removal records resolved to what they name, and the checks that use them.

The corpus tests count each list's entries and read their versions here,
independently of qdoc: the rST lists through docutils' sections, the
texinfo-era lists from their ``@subsection`` lines.
"""

from __future__ import annotations

import json
import re

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from conftest import QEMU, run_qdoc
from qdoc import keys
from qdoc.lint import run
from qdoc.loader import load_with_text
from qdoc.model import Location, OptionSet, Record, RecordTarget, Source
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.readers.hx import read_hx
from qdoc.records import KINDS, resolve

RST_LISTS = sorted(QEMU.glob("*/docs/*/deprecated.rst")) + sorted(QEMU.glob("*/docs/*/removed-features.rst"))
TEXINFO_LISTS = [QEMU / "2.12.0" / "qemu-doc.texi", QEMU / "4.2.0" / "qemu-deprecated.texi"]
#: The version a heading states: "(since 4.1)", "(removed in 6.0)", "(removed 5.2)", "(Since 4.2)".
VERSION_RE = re.compile(r"\((?:[^()]*?\b)?(?:since|removed(?: in)?|deprecated in)\s+v?(\d+\.\d+(?:\.\d+)?)[^()]*\)\s*$", re.I)
#: A version stated outside parentheses ("Big endian MIPS since 7.2; ..."), read when there is no other.
LOOSE_VERSION_RE = re.compile(r"\b(?:since|removed in)\s+v?(\d+\.\d+(?:\.\d+)?)", re.I)


def _version(title: str) -> str | None:
    m = VERSION_RE.search(title) or LOOSE_VERSION_RE.search(title)
    return m.group(1) if m else None
#: Kinds no key stands for in every case: a class of things the entry names as a whole.
CLASSIFIED = {"device", "machine type", "cpu model", "subsystem", "command", "other"}


def _rst_entries(path) -> list[tuple[str, str | None]]:
    """(title, version) of every entry: a section with no section inside it, below a list and an area.

    An area without entries of its own (9.2's ``-runas`` at area level)
    holds an entry when its title states a version.
    """
    settings = {"report_level": 5, "halt_level": 5, "doctitle_xform": False, "file_insertion_enabled": False}
    document = publish_doctree(path.read_text(), source_path=str(path), settings_overrides=settings)
    found = []

    def visit(section, depth):
        children = [c for c in section.children if isinstance(c, nodes.section)]
        title = " ".join(section[0].astext().split())
        if not children:
            if depth >= 3 or (depth == 2 and VERSION_RE.search(title)):
                found.append((title, _version(title)))
            return
        for child in children:
            visit(child, depth + 1)

    for top in (c for c in document.children if isinstance(c, nodes.section)):
        title = top[0].astext().lower()
        if "deprecat" in title or "removed" in title:
            visit(top, 1)
    return found


def _texinfo_entries(path) -> list[tuple[str, str | None]]:
    """(title, version) of each entry of a "Deprecated features" or "removed features" appendix.

    An entry is an ``@subsection`` (or, under a sub-area such as 4.2's
    "Block device options", an ``@subsubsection``) with no heading below it.
    """
    headings, inside = [], False
    for line in path.read_text().split("\n"):
        if line.startswith(("@appendix", "@chapter", "@unnumbered")):
            lowered = line.lower()
            inside = "deprecated features" in lowered or "removed features" in lowered
            headings.append((0, ""))
        elif inside and line.startswith(("@section ", "@subsection ", "@subsubsection ")):
            command, _, title = line.partition(" ")
            headings.append(({"@section": 1, "@subsection": 2, "@subsubsection": 3}[command], title.strip()))
    found = []
    for (level, title), (following, _) in zip(headings, headings[1:] + [(0, "")]):
        if level >= 2 and following <= level:
            found.append((title, _version(title)))
    return found


def _records(path) -> list[Record]:
    _, option_set = load_with_text(str(path), root=str(path.parents[2] if path.suffix == ".rst" else path.parent))
    return option_set.deprecations + option_set.removals


def _check_resolved(records: list[Record], entries: list[tuple[str, str | None]], path) -> None:
    assert len(records) == len(entries), path
    assert sorted(r.since or r.removed_in or "" for r in records) == sorted(v or "" for _, v in entries), path
    for record in records:
        resolution = resolve(record)
        assert resolution.names, (path, record.heading)
        for named in resolution.names:
            assert named.kind in KINDS, (path, record.heading, named)
            assert named.key or named.kind in CLASSIFIED, (path, record.heading, named)
        # Every qemu-system option a heading spells is named, under its own key.
        area = record.area.lower()
        if "command line" in area and "user-mode" not in area and "qemu-img" not in area:
            spelled = re.findall(r"``(--?[a-z][\w-]*)", record.heading) or (
                re.findall(r"^(--?[a-z][\w-]*)", record.feature) if "``" not in record.heading else []
            )
            named_options = {n.key.split("/", 1)[0] for n in resolution.names if n.key}
            assert {keys.option_key(s) for s in spelled} <= named_options, (path, record.heading)


@pytest.mark.parametrize("path", RST_LISTS, ids=lambda p: "/".join(p.parts[-4:]))
def test_every_rst_entry_is_resolved_with_the_version_its_heading_states(path):
    _check_resolved(_records(path), _rst_entries(path), path)


@pytest.mark.parametrize("path", TEXINFO_LISTS, ids=lambda p: "/".join(p.parts[-2:]))
def test_every_texinfo_entry_is_resolved_with_the_version_its_heading_states(path):
    records = _records(path) if path.name != "qemu-doc.texi" else _texinfo_manual_records(path)
    _check_resolved(records, _texinfo_entries(path), path)


def _texinfo_manual_records(path) -> list[Record]:
    """The records of a manual that @includes generated files: read with its built/ folder."""
    built = path.parents[2] / "built" / path.parent.name
    _, option_set = load_with_text(str(path), root=str(path.parent), include_dirs=[str(built)])
    return option_set.deprecations + option_set.removals


# -- Resolution on entries written for it ---------------------------------------------


def _record(heading: str, area: str = "System emulator command line arguments", text: str = "", kind: str = "deprecation") -> Record:
    version = re.search(r"(\d+\.\d+)", heading).group(1) if re.search(r"\d+\.\d+", heading) else None
    return Record(
        feature=re.sub(r"``", "", heading), area=area, text=text, location=Location("docs/about/deprecated.rst", 1),
        heading=heading, since=version if kind == "deprecation" else None, removed_in=version if kind == "removal" else None,
        targets=[RecordTarget(m.split()[0]) for m in re.findall(r"``(.+?)``", heading)] if "QMP" in area else [],
    )


@pytest.mark.parametrize(
    "heading, area, expected",
    [
        ("``-display sdl,alt_grab=on`` (since 6.2)", None, [("property", "-display/sdl/alt_grab", False)]),
        ("``-vnc acl`` (removed in 6.0)", None, [("property", "-vnc/acl", False)]),
        ("``-numa node,mem=``\\ *size* (since 4.1)", None, [("property", "-numa/node/mem", False)]),
        ("``-netdev user`` (since 9.9)", None, [("form", "-netdev/user", False)]),
        ("``-mon ...,control=readline,pretty=on|off`` (since 4.1)", None, [("property", "-mon/pretty", True)]),
        ("``-drive`` with bogus interface type (removed in 6.0)", None, [("option", "-drive", True)]),
        ("``--enable-fips`` (since 6.0)", None, [("option", "-enable-fips", False)]),
        ("``-device nvme-ns,eui64-default=on|off`` (since 7.1)", "Device options / Emulated device options",
         [("device property", "-device/nvme-ns/eui64-default", False)]),
        ("``-chardev`` backend aliases ``tty`` and ``parport`` (since 6.0)", None,
         [("option", "-chardev", True), ("form", "-chardev/tty", False), ("form", "-chardev/parport", False)]),
        ("``opened`` property of ``rng-*`` objects (since 6.0)", None, [("property", "-object/rng-*/opened", False)]),
        ("``pc-1.0``, ``pc-1.1`` (since 5.0)", "System emulator machines",
         [("machine type", "-machine/pc-1.0", False), ("machine type", "-machine/pc-1.1", False)]),
        ("Stream ``reconnect`` (since 9.2)", "Device options / Net device backends", [("property", "-netdev/stream/reconnect", False)]),
        ("``drive-backup`` (since 6.2)", "QEMU Machine Protocol (QMP) commands", [("command", "drive-backup", False)]),
        ("MIPS (since 10.2)", "Host Architectures", [("other", None, False)]),
    ],
)
def test_resolution_names_the_part_of_the_option(heading, area, expected):
    resolution = resolve(_record(heading, area or "System emulator command line arguments"))
    assert [(n.kind, n.key, n.aspect) for n in resolution.names] == expected


def test_a_texinfo_subsystem_entry_is_a_subsystem():
    record = Record("bluetooth", "System emulator devices", "The bluetooth subsystem is unmaintained", Location("q.texi", 1), "bluetooth", since="3.1")
    assert [(n.kind, n.name) for n in resolve(record).names] == [("subsystem", "bluetooth")]
    record = Record("ide-drive", "System emulator devices", "Use ide-hd instead", Location("q.texi", 2), "ide-drive", since="4.2")
    assert [(n.kind, n.key) for n in resolve(record).names] == [("device", "-device/ide-drive")]


# -- The checks on small inputs ---------------------------------------------------------

VNC = """\
DEFHEADING(Display options:)

DEF("vnc", HAS_ARG, QEMU_OPTION_vnc, "-vnc <display>  start a VNC server\\n", QEMU_ARCH_ALL)
SRST
``-vnc display[,option[,option[,...]]]``
    Start a VNC server.

    ``websocket=on``
        Opens an additional TCP listening port.

    ``acl=on|off``
        Legacy method for enabling authorization of clients.
{acl_note}
ERST
DEFHEADING()

DEFHEADING(Bluetooth(R) options:)

DEF("bt", HAS_ARG, QEMU_OPTION_bt, "-bt hci  use host's HCI\\n", QEMU_ARCH_ALL)
SRST
``-bt hci[...]``
    Defines the function of the corresponding Bluetooth HCI.
    Note: This option and the whole bluetooth subsystem is considered as deprecated.
ERST
DEFHEADING()
"""


ACL_LINE = VNC.split("\n").index("    ``acl=on|off``") + 1


def _hx(release: str, acl_note: str = "") -> SourceFile:
    text = VNC.format(acl_note=acl_note)
    path = f"{release}/qemu-options.hx"
    return SourceFile(path, text, read_hx(text, path, release=release))


def _list(release: str, kind: str, headings: list[tuple[str, str]]) -> SourceFile:
    path = f"{release}/docs/about/{'deprecated' if kind == 'deprecations' else 'removed-features'}.rst"
    made = [
        Record(
            feature=heading.replace("``", ""), area=area, text=text, location=Location(path, 10 + i), heading=heading,
            targets=[RecordTarget(m) for m in re.findall(r"``(-[\w-]+)", heading)],
            since=re.search(r"(\d+\.\d+)", heading).group(1) if kind == "deprecations" else None,
            removed_in=re.search(r"(\d+\.\d+)", heading).group(1) if kind == "removals" else None,
        )
        for i, (heading, area, text) in enumerate(headings)
    ]
    option_set = OptionSet("qemu-system", Source("rst", path), release=release)
    setattr(option_set, kind, made)
    return SourceFile(path, "", option_set)


CLI = "System emulator command line arguments"
ACL_REMOVED = ("``-vnc acl`` (removed in 6.0)", CLI, "Use authz objects.")
ACL_DEPRECATED = ("``-vnc acl`` (since 4.0)", CLI, "")
BLUETOOTH = ("``bluetooth`` subsystem (since 3.1)", "System emulator devices", "The bluetooth subsystem is unmaintained.")


def _lint(*groups: list[SourceFile], select: str):
    project = Project([ReleaseSources(group[0].option_set.release, group) for group in groups])
    return run(project, select=[select], severity="info")


def test_qd108_a_property_documented_after_its_own_list_removed_it():
    found = _lint([_hx("7.2.0"), _list("7.2.0", "removals", [ACL_REMOVED])], select="QD108")
    assert [(f.location.line, "-vnc acl" in f.message) for f in found] == [(ACL_LINE, True)]
    other = ("``-vnc websocket=on`` with no port (removed in 6.0)", CLI, "")
    assert _lint([_hx("7.2.0"), _list("7.2.0", "removals", [other])], select="QD108") == []


def test_qd205_a_property_documented_after_another_release_s_list_removed_it():
    later = [_hx("8.0.0"), _list("8.0.0", "removals", [ACL_REMOVED])]
    found = _lint([_hx("7.2.0")], later, select="QD205")
    assert [(f.location.path, f.location.line) for f in found] == [("7.2.0/qemu-options.hx", ACL_LINE)]
    assert _lint([_hx("5.2.0")], later, select="QD205") == []  # 5.2 is before the removal


def test_qd201_a_removed_property_is_not_deprecated_but_unlisted():
    note = "        This option is deprecated and should no longer be used."
    removed = _lint([_hx("7.2.0", note), _list("7.2.0", "deprecations", [BLUETOOTH]), _list("7.2.0", "removals", [ACL_REMOVED])], select="QD201")
    assert removed == []
    unlisted = _lint([_hx("7.2.0", note), _list("7.2.0", "deprecations", [BLUETOOTH])], select="QD201")
    assert [ACL_LINE <= f.location.line <= ACL_LINE + 2 for f in unlisted] == [True]


def test_qd201_a_subsystem_entry_covers_the_options_under_its_heading():
    listed = _lint([_hx("4.2.0"), _list("4.2.0", "deprecations", [BLUETOOTH, ACL_DEPRECATED])], select="QD201")
    assert listed == []
    unlisted = _lint([_hx("4.2.0"), _list("4.2.0", "deprecations", [ACL_DEPRECATED])], select="QD201")
    assert ["-bt" in f.message for f in unlisted] == [True]


def test_qd202_a_deprecated_property_whose_text_does_not_say_so():
    found = _lint([_hx("6.2.0"), _list("6.2.0", "deprecations", [ACL_DEPRECATED])], select="QD202")
    assert [(f.location.line, "-vnc acl" in f.message) for f in found] == [(ACL_LINE, True)]
    marked = _hx("6.2.0", "        This option is deprecated and should no longer be used.")
    assert _lint([marked, _list("6.2.0", "deprecations", [ACL_DEPRECATED])], select="QD202") == []


# -- The checks on the corpus, against an independent scan --------------------------------

LIST_RELEASES = ["6.2.0", "7.2.0", "8.2.0", "9.2.0", "10.2.0"]


def _removed_parts(release: str) -> list[tuple[str, str]]:
    """(option, name) of each removal entry whose heading is nothing but ``-opt name`` or ``-opt ...,name=`` literals."""
    return [(option, name) for option, name, _ in _removed_parts_with_versions(release)]


def _removed_parts_with_versions(release: str) -> list[tuple[str, str, str]]:
    """(option, name, removed in) of each such entry."""
    path = QEMU / release / "docs" / "about" / "removed-features.rst"
    parts = []
    settings = {"report_level": 5, "halt_level": 5, "doctitle_xform": False}
    document = publish_doctree(path.read_text(), source_path=str(path), settings_overrides=settings)
    for section in document.findall(nodes.section):
        if any(isinstance(c, nodes.section) for c in section.children):
            continue
        title = section[0]
        literals = [n.astext() for n in title.findall(nodes.literal)]
        prose = re.sub(r"\([^()]*\)\s*$", "", "".join(c.astext() for c in title.children if not isinstance(c, nodes.literal)))
        if not literals or re.sub(r"\b(?:and|option)\b|[,&]", "", prose).strip():
            continue
        for literal in literals:
            m = re.fullmatch(r"(-[\w-]+) (?:[\w.-]+,)?(?:\.\.\.,)?([\w-]+)(?:=(?:[\w|<>]*|\.\.\.))?", literal)
            if m and not re.search(r"=[a-z]{2,}\b(?!\|)", literal.split(",", 1)[-1] if "," in literal else ""):
                parts.append((m.group(1), m.group(2), _version(title.astext())))
    return parts


def _documented_term_lines(hx_text: str, option: str, name: str) -> list[int]:
    """Lines of the .hx where the item of ``option`` documents ``name`` by a nested term (````acl=on|off````)."""
    lines = hx_text.split("\n")
    found, inside = [], False
    for number, line in enumerate(lines, 1):
        if line.startswith("DEF("):
            inside = line.startswith(f'DEF("{option[1:]}",')
        elif inside and re.match(rf"^\s+``{re.escape(name)}(?:=|``|\[)", line):
            found.append(number)
    return found


@pytest.mark.parametrize("release", LIST_RELEASES)
def test_qd108_on_the_corpus_equals_the_removed_parts_still_documented(release):
    hx_path = QEMU / release / "qemu-options.hx"
    text = hx_path.read_text()
    expected = {line for option, name in _removed_parts(release) for line in _documented_term_lines(text, option, name)}
    result = run_qdoc("lint", str(QEMU / release), "--select", "QD108", "--format", "json")
    found = {
        f["location"]["line"]
        for f in json.loads(result.stdout)
        if f["location"]["path"].endswith("qemu-options.hx") and "still documents" in f["message"]
    }
    assert found == expected


def _entry_literals(path) -> list[tuple[str, list[str]]]:
    """(version, literals) of each list entry whose heading is nothing but literals (and "and", "&", ",")."""
    settings = {"report_level": 5, "halt_level": 5, "doctitle_xform": False}
    document = publish_doctree(path.read_text(), source_path=str(path), settings_overrides=settings)
    found = []
    for section in document.findall(nodes.section):
        if any(isinstance(c, nodes.section) for c in section.children):
            continue
        title = section[0]
        literals = [n.astext() for n in title.findall(nodes.literal)]
        prose = "".join(c.astext() for c in title.children if not isinstance(c, nodes.literal))
        version = VERSION_RE.search(prose)
        prose = VERSION_RE.sub("", prose)
        rest = re.sub(r"\b(?:and|option)\b|[,&]", "", prose).strip()
        if literals and version and rest == "backend aliases" and literals[0].startswith("-"):
            # ``-chardev`` backend aliases ``tty`` and ``parport``: forms of the option.
            found.append((version.group(1), [f"{literals[0]} {alias}" for alias in literals[1:]]))
        elif literals and version and not rest:
            found.append((version.group(1), literals))
    return found


def _items(hx_text: str) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per option (``-vnc``): its documentation terms as (line, indent, term, text until the next term at that depth)."""
    lines = hx_text.split("\n")
    items: dict[str, list[tuple[int, int, str, str]]] = {}
    option, in_block = None, False
    for number, line in enumerate(lines, 1):
        if line.startswith("DEF("):
            option = "-" + line[5 : line.index('"', 5)]
        elif re.match(r"^SRST(\(|$)", line):
            in_block = True
        elif line.startswith("ERST"):
            in_block = False
        elif in_block and option and re.match(r"^\s*``", line):
            indent = len(line) - len(line.lstrip())
            text, chained = [line], True
            for following in lines[number:]:
                depth = len(following) - len(following.lstrip())
                if following.startswith("ERST") or (following.strip() and depth < indent):
                    break
                if following.strip() in ("", "\\"):
                    text.append(following)
                    continue
                if depth == indent and following.lstrip().startswith("``") and not chained:
                    break  # the next term at this depth: another item
                # Terms joined by "\" lines share the text after the last (``-fsdev local`` \ ``-fsdev proxy``).
                chained = chained and depth == indent and following.lstrip().startswith("``")
                text.append(following)
            items.setdefault(option, []).append((number, indent, line.strip(), "\n".join(text)))
    return items


def _unmarked(release: str) -> set[int]:
    """Lines of the .hx where a listed option, form or property is documented without saying it is deprecated."""
    hx_text = (QEMU / release / "qemu-options.hx").read_text()
    helps = {"-" + m.group(1): m.group(2) for m in re.finditer(r'^DEF\("([^"]+)",[^\n]*\n((?:.*\n)*?).*QEMU_ARCH', hx_text, re.M)}
    items = _items(hx_text)
    found = set()
    for _, literals in _entry_literals(QEMU / release / "docs" / "about" / "deprecated.rst"):
        for literal in literals:
            m = re.fullmatch(r"(--?[\w-]+)(?: (?:([\w-]+),)?(?:\.\.\.,)?([\w-]+)(=(?:[\w|<>]*|\.\.\.))?)?", literal)
            if not m:
                continue
            option = "-" + m.group(1).lstrip("-")
            form, name = m.group(2), m.group(3)
            terms = items.get(option, [])
            if not terms:
                continue
            if name is None:  # the whole option: its item and its -help say nothing
                text = "\n".join(t for _, _, _, t in terms) + helps.get(option, "")
                if "deprecat" not in text.lower():
                    found.add(terms[0][0])
                continue
            named = [
                (line, text) for line, indent, term, text in terms
                if (indent and re.match(rf"``{re.escape(name)}(=|``|\[| :)", term))
                or (not indent and not form and m.group(4) is None and re.match(rf"``{re.escape(option)} {re.escape(name)}\b", term))
            ]
            if named and not any("deprecat" in text.lower() for _, text in named):
                found.add(named[0][0])
    return found


@pytest.mark.parametrize("release", LIST_RELEASES)
def test_qd202_on_the_corpus_equals_the_listed_items_that_do_not_say_deprecated(release):
    result = run_qdoc("lint", str(QEMU / release), "--select", "QD202", "--format", "json")
    found = {f["location"]["line"] for f in json.loads(result.stdout) if f["location"]["path"].endswith("qemu-options.hx")}
    assert found == _unmarked(release)


def test_qd205_on_the_corpus_equals_the_parts_documented_after_another_release_removed_them():
    """6.2.0's removed-features against the .hx of releases that have no list of their own here."""
    later = ["6.0.0", "7.0.0", "8.1.0"]
    removed = [(option, name, version) for option, name, version in _removed_parts_with_versions("6.2.0")]
    expected = set()
    for release in later:
        text = (QEMU / release / "qemu-options.hx").read_text()
        for option, name, version in removed:
            if tuple(map(int, version.split("."))) <= tuple(map(int, release.split(".")[:2])):
                expected |= {(release, line) for line in _documented_term_lines(text, option, name)}
    result = run_qdoc("lint", str(QEMU / "6.2.0"), *[str(QEMU / r) for r in later], "--select", "QD205", "--format", "json")
    found = {
        (f["location"]["path"].split("/qemu/")[1].split("/")[0], f["location"]["line"])
        for f in json.loads(result.stdout)
        if "is documented in" in f["message"]
    }
    assert expected and found == expected


STATEMENT_RE = re.compile(r"\b(?:is|are)\s+(?:now\s+|considered\s+as\s+)?deprecated\b", re.I)


def _list_names(release: str) -> tuple[set[tuple[str, str | None]], set[tuple[str, str | None]], set[str]]:
    """What the release's lists name: (option, part) deprecated, (option, part) removed, subsystem words.

    rST lists through docutils' titles; texinfo lists from their ``@subsection`` lines.
    """
    deprecated, removed, subsystems = set(), set(), set()
    texinfo = {"2.12.0": QEMU / "2.12.0" / "qemu-doc.texi", "4.2.0": QEMU / "4.2.0" / "qemu-deprecated.texi"}.get(release)
    if texinfo:
        kind = None
        for line in texinfo.read_text().split("\n"):
            if line.startswith("@appendix"):
                kind = "removed" if "removed" in line.lower() else "deprecated" if "deprecated" in line.lower() else None
            elif kind and line.startswith(("@subsection ", "@subsubsection ")):
                title = VERSION_RE.sub("", line.split(" ", 1)[1]).strip()
                target = removed if kind == "removed" else deprecated
                for m in re.finditer(r"(?:^|\s)(-[\w-]+)(?: (?:\.\.\.,)?(?:[\w-]+,)*([\w-]+)(?:=\S*)?)?(?=\s|$)", title):
                    target.add((m.group(1), m.group(2)))
                if re.fullmatch(r"[a-z]+", title):
                    subsystems.add(title)
        return deprecated, removed, subsystems
    for kind, name in (("deprecated", "deprecated.rst"), ("removed", "removed-features.rst")):
        path = QEMU / release / "docs" / "about" / name
        if not path.is_file():
            continue
        settings = {"report_level": 5, "halt_level": 5, "doctitle_xform": False}
        document = publish_doctree(path.read_text(), source_path=str(path), settings_overrides=settings)
        for title in document.findall(nodes.title):
            words = title.astext()
            m = re.search(r"\bthe (\w+) subsystem\b", words, re.I)
            if m:
                subsystems.add(m.group(1).lower())
            for literal in (n.astext() for n in title.findall(nodes.literal)):
                m = re.fullmatch(r"(--?[\w-]+)(?: (?:\.\.\.,)?(?:[\w-]+,)*([\w-]+)(?:=\S*)?)?", literal)
                if m:
                    (removed if kind == "removed" else deprecated).add(("-" + m.group(1).lstrip("-"), m.group(2)))
    return deprecated, removed, subsystems


def _statements(release: str) -> list[tuple[int, str, str | None, str, str]]:
    """(line, option, part, section, paragraph) of each "is deprecated" sentence of the .hx's documentation.

    Lint reports the statement at the start of the text it stands in, so
    the test compares subjects (option and part), not lines.

    The part is the nested term the sentence stands under (````acl=on|off````,
    ``@item enforce-config-section=on|off``); the section the DEFHEADING above.
    """
    lines = (QEMU / release / "qemu-options.hx").read_text().split("\n")
    found = []
    option, section, part, block = None, "", None, False
    for number, line in enumerate(lines, 1):
        if line.startswith("DEFHEADING("):
            section = line[len("DEFHEADING(") : -1]
        elif line.startswith("DEF("):
            option, part = "-" + line[5 : line.index('"', 5)], None
        elif re.match(r"^(SRST|STEXI)", line):
            block = True
        elif re.match(r"^(ERST|ETEXI)", line):
            block = False
        elif block and option:
            following = lines[number] if number < len(lines) else ""
            # A term: a line that is only a literal with its text indented below it, or ``x`` : text.
            term = re.match(r"^(\s+)``([\w.-]+)(?:=[^`]*)?``\s*(?::|$)", line)
            is_term = term and (" : " in line or len(following) - len(following.lstrip()) > len(term.group(1)))
            nested = (term if is_term else None) or re.match(r"^@item ()([a-z][\w.-]*)(?:=|\s|$)", line)
            top = re.match(r"^``(-[\w-]+)(?: ([\w-]+)[,\[`])?", line) or re.match(r"^@item (-[\w-]+)(?: ([\w-]+)[,\[\s])?", line)
            if top:
                part = top.group(2)
            elif nested:
                part = nested.group(2)
            if STATEMENT_RE.search(line) or (STATEMENT_RE.search(line + " " + lines[number]) and not STATEMENT_RE.search(lines[number])):
                start = number
                while start > 1 and lines[start - 2].strip():
                    start -= 1
                end = number
                while end < len(lines) and lines[end].strip():
                    end += 1
                found.append((number, option, part, section, " ".join(lines[start - 1 : end])))
    return found


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0", *LIST_RELEASES])
def test_qd201_on_the_corpus_equals_the_statements_no_list_covers(release):
    deprecated, removed, subsystems = _list_names(release)
    listed_options = {option for option, _ in deprecated}
    expected = set()
    for line, option, part, section, paragraph in _statements(release):
        if any(word in section.lower() for word in subsystems):
            continue  # an entry about the subsystem
        if (option, None) in deprecated or (option, part) in deprecated or (option, part) in removed:
            continue
        if part is None and option in listed_options:
            continue  # an entry about one of its parts speaks of it
        others = {"-" + n.lstrip("-") for n in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", paragraph)} - {option}
        if others & listed_options:
            continue  # the sentence speaks of other options, which the list names
        expected.add((option, part))
    result = run_qdoc("lint", str(QEMU / release), "--select", "QD201", "--format", "json")
    found = {
        re.match(r"^(-\S+)(?: (\S+))? is said to be deprecated", f["message"]).groups()
        for f in json.loads(result.stdout)
        if f["location"]["path"].endswith("qemu-options.hx")
    }
    assert found == expected
