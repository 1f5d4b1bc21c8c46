"""History rows, counts, findings and list entries, each pinned on a few releases written for it.

The corpus tests (test_history_keys, test_diff_history) hold the history of
all 26 .hx files against independent scans; these small histories pin what
the corpus cannot show one at a time: the count of keys added and removed
per release, the three kinds of finding, which of two entries sets a key's
deprecation and replacement, where a row's locations come from, and the
rule by which a list entry's name finds the keys it stands for.  Every
expectation is worked out by hand from the releases in the test.  The last
test holds the options counted per release of the real corpus against the
.hx files' own scan.
"""

from __future__ import annotations

import re

import pytest

import history_scan as scan
from conftest import QEMU
from qdoc.history import ROW_FIELDS, build_history
from qdoc.history.lists import KeyIndex
from qdoc.model import Deprecation, Location, Option, OptionSet, Record, RecordTarget, Source, SubOption
from qdoc.project import ReleaseSources, SourceFile

AREA = "System emulator command line arguments"


def release(label: str | None, *options: Option, deprecated: tuple[Record, ...] = (), removed: tuple[Record, ...] = ()) -> ReleaseSources:
    """One release whose qemu-options.hx documents ``options`` and whose lists hold ``deprecated``, ``removed``."""
    path = f"{label}/qemu-options.hx"
    option_set = OptionSet("qemu-system", Source("hx", path), release=label, options=list(options),
                           deprecations=list(deprecated), removals=list(removed))
    return ReleaseSources(label, [SourceFile(path, "", option_set)])


def opt(name: str, *subs: SubOption, line: int = 1, **locations: Location) -> Option:
    where = locations or {"documentation": Location("options.hx", line)}
    return Option(name, suboptions=list(subs), locations=where)


def sub(name: str, kind: str = "property", *children: SubOption, line: int = 1) -> SubOption:
    return SubOption(name, kind, [], "", Location("options.hx", line), list(children))


def entry(heading: str, where: str, *targets: tuple[str, str | None], since: str | None = None,
          removed_in: str | None = None, replacement: str | None = None) -> Record:
    """A list entry as the rST list readers give it: the feature is the heading without its markup and version note."""
    path, line = where.split(":")
    feature = re.sub(r"\s*\((?:since|removed in) [\d.]+\)$", "", heading, flags=re.I).replace("``", "")
    return Record(feature, AREA, "", Location(path, int(line)), heading,
                  [RecordTarget(*t) for t in targets], since, removed_in, replacement)


def rows(history) -> dict:
    return {row.key: row for row in history.keys}


def lifecycle():
    """-b skips 3.0.0; -c goes after 3.0.0 as 3.1's list says; -d is listed deprecated in 3.0 and removed in 4.0.

    -a/q comes a release after its option, and goes again.
    """
    return build_history([
        release("4.0.0", opt("-a"), opt("-b"),
                removed=(entry("``-d`` (removed in 4.0)", "r40.rst:5", ("-d", None), removed_in="4.0"),)),
        release("2.12.0", opt("-a", sub("p"), sub("f", "form")), opt("-b"), opt("-c")),
        release("3.0.0", opt("-a", sub("f", "form"), sub("q")), opt("-c"), opt("-d"),
                deprecated=(entry("``-d`` (since 3.0)", "d30.rst:7", ("-d", None), since="3.0"),)),
        release("3.1.0", opt("-a"), opt("-b"), opt("-d"),
                removed=(entry("``-c`` (removed in 3.1)", "r31.rst:3", ("-c", None), removed_in="3.1", replacement="-c2"),)),
    ])


def test_releases_are_read_in_version_order_and_a_key_is_removed_in_the_release_after_its_last():
    history = lifecycle()
    assert history.releases == ["2.12.0", "3.0.0", "3.1.0", "4.0.0"]
    got = {k: (r.present, r.removed_in) for k, r in rows(history).items()}
    assert got == {
        "-a": (["2.12.0", "3.0.0", "3.1.0", "4.0.0"], None),
        "-a/p": (["2.12.0"], "3.0.0"),
        "-a/f": (["2.12.0", "3.0.0"], "3.1.0"),
        "-a/q": (["3.0.0"], "3.1.0"),
        "-b": (["2.12.0", "3.1.0", "4.0.0"], None),
        "-c": (["2.12.0", "3.0.0"], "3.1.0"),
        "-d": (["3.0.0", "3.1.0"], "4.0.0"),
    }
    # Options by first release, then name; the keys under an option right after it, whenever they came.
    assert [r.key for r in history.keys] == ["-a", "-a/f", "-a/p", "-a/q", "-b", "-c", "-d"]
    assert [(r.first_seen, r.last_seen) for r in history.keys][6] == ("3.0.0", "3.1.0")
    assert [o.key for o in history.options] == ["-a", "-b", "-c", "-d"]


def test_each_release_counts_its_options_keys_and_what_came_went_and_was_deprecated():
    """The first release has nothing to compare with: None for what changed, not 0."""
    counts = {label: c.to_dict() for label, c in lifecycle().per_release.items()}
    assert counts == {
        "2.12.0": {"options": 3, "keys": 5, "added": None, "removed": None, "deprecated": None},
        "3.0.0": {"options": 3, "keys": 5, "added": 2, "removed": 2, "deprecated": 1},
        "3.1.0": {"options": 3, "keys": 3, "added": 1, "removed": 3, "deprecated": 0},
        "4.0.0": {"options": 2, "keys": 2, "added": 0, "removed": 1, "deprecated": 0},
    }
    assert lifecycle().counts == {"2.12.0": 3, "3.0.0": 3, "3.1.0": 3, "4.0.0": 2}


def test_a_listed_deprecation_holds_from_its_version_until_the_key_is_gone():
    history = lifecycle()
    d = rows(history)["-d"]
    assert (d.deprecated_since, d.deprecation_listed_in, d.deprecated_in) == ("3.0", "3.0.0", ["3.0.0", "3.1.0"])
    assert (d.announced_removal, d.removed_whole, d.removal_evidence) == ("4.0", True, ["r40.rst:5"])
    assert d.deprecation_evidence == ["d30.rst:7"]
    assert d.option_summary() == {
        "name": "-d", "first_seen": "3.0.0", "deprecated": "3.0.0", "removed": "4.0.0", "last_seen": "3.1.0",
        "announced_removal": "4.0", "releases": ["3.0.0", "3.1.0"], "deprecated_in": ["3.0.0", "3.1.0"],
    }
    assert rows(history)["-a"].option_summary()["deprecated"] is None
    assert (rows(history)["-c"].replacement, rows(history)["-c"].removed_whole) == ("-c2", True)  # a removal's advice
    # A removal that came when the list said, and a gap: only the gap is a finding.
    assert history.findings == ["-b is missing from 3.0.0 but present before and after"]


def test_a_list_and_the_releases_disagreeing_are_findings():
    """Still there in the releases from the one a removal entry names; gone releases early; a gap; a sub-option after its removal.

    -j/y only lost one use (``with odd values``): it may live on, no finding.
    """
    history = build_history([
        release("3.0.0", opt("-e"), opt("-f"), opt("-g", sub("x")), opt("-j", sub("y")), opt("-k")),
        release("3.1.0", opt("-e"), opt("-g", sub("x")), opt("-j", sub("y")),
                removed=(entry("``-e`` (removed in 3.1)", "r31.rst:4", ("-e", None), removed_in="3.1"),
                         entry("``-g x`` (removed in 3.1)", "r31.rst:9", ("-g", "x"), removed_in="3.1"),
                         entry("``-j y`` with odd values (removed in 3.1)", "r31.rst:12", ("-j", "y"), removed_in="3.1"))),
        release("4.0.0", opt("-e"), opt("-g", sub("x")), opt("-j", sub("y"))),
        release("4.1.0", opt("-g"), opt("-j", sub("y")), opt("-k"),
                removed=(entry("``-f`` (removed in 4.1)", "r41.rst:2", ("-f", None), removed_in="4.1"),)),
    ])
    assert history.findings == [
        "-e: removed in 3.1 (r31.rst:4) but still present in 3.1.0, 4.0.0",
        "-f: removed in 4.1 (r41.rst:2); last seen in 3.0.0, not in 4.0.0, the release before",
        "-g/x: removed in 3.1 (r31.rst:9) but still documented in 3.1.0, 4.0.0",
        "-k is missing from 3.1.0, 4.0.0 but present before and after",
    ]
    j_y = rows(history)["-j/y"]
    assert (j_y.announced_removal, j_y.removed_whole, j_y.removed_features) == ("3.1", False, ["-j y with odd values (removed in 3.1)"])
    # What an entry says of a sub-option is said of it, not of its option too.
    assert (rows(history)["-g"].records, rows(history)["-j"].records) == ([], [])


def test_a_removal_of_one_use_of_an_option_names_the_part_and_leaves_the_option_unremoved():
    history = build_history([
        release("5.2.0", opt("-drive")),
        release("6.0.0", opt("-drive"), removed=(
            entry("``-drive`` with bogus interface type (removed in 6.0)", "r60.rst:8", ("-drive", None), removed_in="6.0"),
            entry("``-drive`` with odd geometry", "r60.rst:12", ("-drive", None)),
        )),
    ])
    drive = rows(history)["-drive"]
    assert drive.removed_features == ["-drive with bogus interface type (removed in 6.0)", "-drive with odd geometry"]
    assert (drive.removed_whole, drive.announced_removal) == (False, "6.0")
    assert drive.records == ["r1", "r2"] and drive.removal_evidence == ["r60.rst:8", "r60.rst:12"]
    assert history.findings == []


def test_an_entry_copied_from_list_to_list_is_one_entry_with_the_newest_advice():
    history = build_history([
        release("6.2.0", opt("-a"), deprecated=(entry("``-a`` (since 6.2)", "62.rst:5", ("-a", None), since="6.2", replacement="-x"),)),
        release("7.0.0", opt("-a"), deprecated=(entry("``-a``  (since 6.2)", "70.rst:9", ("-a", None), since="6.2"),)),
        release("7.1.0", opt("-a"), deprecated=(entry("``-a`` (since 6.2)", "71.rst:9", ("-a", None), since="6.2", replacement="-y"),)),
        release("7.2.0", opt("-a"), deprecated=(entry("``-a`` (SINCE 6.2)", "71.rst:9", ("-a", None), since="6.2"),)),
    ])
    [pooled] = history.entries
    assert (pooled.id, pooled.list, pooled.version, pooled.area) == ("d1", "deprecated", "6.2", AREA)
    assert pooled.listed_in == ["6.2.0", "7.0.0", "7.1.0", "7.2.0"]
    assert pooled.locations == ["62.rst:5", "70.rst:9", "71.rst:9"]
    assert pooled.replacement == "-y" and pooled.keys == ["-a"]
    a = rows(history)["-a"]
    assert (a.replacement, a.deprecation_listed_in, a.records) == ("-y", "6.2.0", ["d1"])


def test_the_first_entry_listing_a_key_sets_its_deprecation_and_the_last_listed_its_replacement():
    """Two entries of one list name -a: the first read states its version; the later-listed advice wins."""
    history = build_history([
        release("6.0.0", opt("-a"), opt("-b")),
        release("6.1.0", opt("-a"), opt("-b"), deprecated=(
            entry("``-a`` (since 6.0)", "61.rst:4", ("-a", None), since="6.0", replacement="-old"),
            entry("``-a`` and ``-b`` (since 6.1)", "61.rst:10", ("-a", None), ("-b", None), since="6.1", replacement="-new"),
            entry("``-a`` once more (since 6.1)", "61.rst:20", ("-a", None), since="6.1"),
        )),
        release("6.2.0", opt("-a"), opt("-b"), deprecated=(
            entry("``-b`` (since 6.1)", "62.rst:4", ("-b", None), since="6.1", replacement="-b2"),
        )),
    ])
    a, b = rows(history)["-a"], rows(history)["-b"]
    assert (a.deprecated_since, a.deprecation_listed_in, a.replacement) == ("6.0", "6.1.0", "-new")
    assert a.deprecated_in == ["6.0.0", "6.1.0", "6.2.0"]
    assert a.deprecation_evidence == ["61.rst:4", "61.rst:10"]
    assert (b.deprecated_since, b.deprecation_listed_in, b.replacement) == ("6.1", "6.1.0", "-b2")
    assert b.deprecated_in == ["6.1.0", "6.2.0"]
    assert [e.id for e in history.entries] == ["d1", "d2", "d3", "d4"]


def test_an_older_listing_is_where_the_deprecation_starts_even_before_its_stated_version():
    """Listed in 6.1.0 as ``(since 7.0)``: deprecated from 6.1.0, the release whose list says so."""
    history = build_history([
        release("6.0.0", opt("-a")),
        release("6.1.0", opt("-a"), deprecated=(entry("``-a`` (since 7.0)", "61.rst:4", ("-a", None), since="7.0"),)),
        release("6.2.0", opt("-a")),
    ])
    assert rows(history)["-a"].deprecated_in == ["6.1.0", "6.2.0"]


def test_an_options_own_deprecation_sentence_holds_for_the_releases_that_say_it():
    """A reader's sentence (description, -help text, the .hx's deprecated region) is a fact of its release only."""
    said = [Deprecation("Deprecated.", Location("o.hx", 40), source) for source in ("description", "help", "hx-comment")]
    history = build_history([
        release("3.0.0", opt("-m"), opt("-n"), opt("-o")),
        release("3.1.0", *(Option(name, deprecations=[d]) for name, d in zip(("-m", "-n", "-o"), said))),
        release("4.0.0", opt("-m"), opt("-n"), opt("-o", line=7)),
    ])
    for name in ("-m", "-n", "-o"):
        row = rows(history)[name]
        assert (row.deprecated_in, row.deprecation_evidence, row.deprecated_since) == (["3.1.0"], ["o.hx:40"], None), name
    assert history.per_release["3.1.0"].deprecated == 3


def test_a_row_is_located_at_its_documentation_else_its_definition_else_any_place_it_has():
    here = Location("a.hx", 10)
    history = build_history([
        release("2.12.0", opt("-a", definition=Location("a.hx", 2), documentation=here),
                opt("-b", help=Location("help.txt", 9), definition=Location("b.hx", 3)),
                opt("-c", help=Location("help.txt", 4)), Option("-d"), opt("-e", sub("p", line=30))),
        release("3.0.0", opt("-a", definition=Location("a.hx", 5)), opt("-b", line=6), opt("-c", line=7), Option("-d"),
                opt("-e", sub("p", line=31), sub("p", line=32))),
    ])
    located = {k: (r.first_location, r.last_location) for k, r in rows(history).items()}
    assert located == {
        "-a": ("a.hx:10", "a.hx:5"), "-b": ("b.hx:3", "options.hx:6"), "-c": ("help.txt:4", "options.hx:7"),
        "-d": (None, None), "-e": ("options.hx:1", "options.hx:1"), "-e/p": ("options.hx:30", "options.hx:31"),
    }
    assert rows(history)["-e/p"].present == ["2.12.0", "3.0.0"]  # two items of one release: one presence


def test_a_keys_kind_is_what_its_last_release_makes_it():
    history = build_history([
        release("6.0.0", opt("-a", sub("f", "form"), sub("g", ""))),
        release("6.1.0", opt("-a", sub("f", "property"))),
    ])
    assert {k: r.kind for k, r in rows(history).items()} == {"-a": "option", "-a/f": "property", "-a/g": "property"}


def test_snapshots_are_left_out_unless_asked_for_and_marked_when_they_are():
    releases = [release("5.0.0", opt("-a")), release("4.2.50-transition", opt("-a"), opt("-new")), release("4.2.0", opt("-a"))]
    plain, marked = build_history(releases), build_history(releases, include_snapshots=True)
    assert (plain.releases, plain.snapshots, plain.left_out) == (["4.2.0", "5.0.0"], [], ["4.2.50-transition"])
    assert "-new" not in rows(plain)
    assert (marked.releases, marked.snapshots, marked.left_out) == (["4.2.0", "4.2.50-transition", "5.0.0"], ["4.2.50-transition"], [])
    assert rows(marked)["-a"].snapshots_present == ["4.2.50-transition"]
    assert rows(marked)["-new"].snapshots_present == ["4.2.50-transition"] == rows(marked)["-new"].present
    assert build_history([ReleaseSources("6.0.0")]).releases == []  # a release with no options file is not one
    assert build_history([release(None, opt("-a"))]).releases == ["?"]  # files that name no release


def test_a_name_finds_its_key_exactly_by_wildcard_or_by_its_last_name_under_its_option():
    index = KeyIndex(["-vnc", "-vnc/display", "-vnc/display/acl", "-object", "-object/rng-random",
                      "-object/rng-egd", "-object/rng-egd/chardev", "-net", "-net/nic/vlan", "-net/vlan2"])
    assert index.lookup("-vnc/display/acl") == ["-vnc/display/acl"]
    assert index.lookup("-object/rng-*") == ["-object/rng-egd", "-object/rng-random"]
    assert index.lookup("-object/*") == ["-object/rng-egd", "-object/rng-random"]  # one component, not the deeper keys
    assert index.lookup("-vnc/acl") == ["-vnc/display/acl"]
    assert index.lookup("-vnc/x/acl") == ["-vnc/display/acl"]
    assert index.lookup("-net/vlan") == ["-net/nic/vlan"]
    assert index.lookup("-object/x/ch*") == ["-object/rng-egd/chardev"]
    assert index.lookup("-vnc/none") == [] and index.lookup("-nothing") == [] and index.lookup("-nothing/acl") == []
    assert index.lookup("-vnc/-vnc") == []  # never the option itself


def test_a_name_no_release_documents_belongs_to_the_nearest_key_above_it():
    index = KeyIndex(["-usbdevice", "-netdev", "-netdev/user"])
    assert index.nearest("-usbdevice/audio") == "-usbdevice"
    assert index.nearest("-netdev/user/smb/share") == "-netdev/user"
    assert index.nearest("-netdev/*/x") is None  # a wildcard is no key
    assert index.nearest("-gone/x") is None and index.nearest("-usbdevice") is None


def test_a_subsystem_names_the_options_under_a_heading_that_names_it_as_a_word():
    index = KeyIndex([], {"-bt": {"Bluetooth(R) options"}, "-usb": {"USB options"}, "-btx": {"Bluetoothish"}, "-a": {"USB", "Other"}})
    assert index.subsystem("bluetooth") == ["-bt"]
    assert index.subsystem("USB") == ["-a", "-usb"]
    assert index.subsystem("disk") == []


def test_an_entry_about_a_device_no_release_documents_is_a_removed_part_of_its_option():
    """``-usbdevice audio`` (removed in 7.1): -usbdevice lives on; its row names the part that went."""
    history = build_history([
        release("7.0.0", opt("-usbdevice", sub("mouse"))),
        release("7.1.0", opt("-usbdevice", sub("mouse")),
                removed=(entry("``-usbdevice audio`` (removed in 7.1)", "r71.rst:3", ("-usbdevice", "audio"), removed_in="7.1"),)),
    ])
    [pooled] = history.entries
    assert pooled.keys == [] and pooled.names == [
        {"kind": "device", "key": "-usbdevice/audio", "name": "-usbdevice audio", "aspect": False}]
    usbdevice = rows(history)["-usbdevice"]
    assert usbdevice.removed_features == ["-usbdevice audio (removed in 7.1)"] and not usbdevice.removed_whole
    assert rows(history)["-usbdevice/mouse"].records == []


def test_copies_of_an_entry_are_one_whatever_their_spacing_and_case_and_a_release_lists_it_once():
    """Two files of 6.0.0 carry the entry; 6.1's copy spells it ``In  Full`` over two lines: one entry, listed in 6.0.0 and 6.1.0."""
    first = entry("``-a`` in full (since 5.2)", "a.rst:3", ("-a", None), since="5.2")
    history = build_history([
        release("6.0.0", opt("-a"), deprecated=(first,)),
        release("6.1.0", opt("-a"), deprecated=(entry("\n``-a``  In\n Full (since 5.2)", "b.rst:4", ("-a", None), since="5.2"),)),
        release("6.2.0", opt("-a"), deprecated=(entry("``-a`` in full (since 6.2)", "c.rst:5", ("-a", None), since="6.2"),)),
    ])
    assert [(e.id, e.listed_in, e.locations) for e in history.entries] == [
        ("d1", ["6.0.0", "6.1.0"], ["a.rst:3", "b.rst:4"]), ("d2", ["6.2.0"], ["c.rst:5"])]
    assert history.entries[0].heading == "``-a`` in full (since 5.2)"
    two_files = release("6.0.0", opt("-a"), deprecated=(first,))
    two_files.files.append(SourceFile("6.0.0/deprecated.rst", "", OptionSet(
        "qemu-system", Source("rst", "6.0.0/deprecated.rst"), release="6.0.0",
        deprecations=[entry("``-a`` in full (since 5.2)", "d.rst:9", ("-a", None), since="5.2")])))
    [pooled] = build_history([two_files]).entries
    assert (pooled.listed_in, pooled.locations) == (["6.0.0"], ["a.rst:3", "d.rst:9"])


def test_a_removal_stated_as_since_is_removed_in_that_version_and_an_entry_without_heading_is_its_feature():
    removed = Record("-old", AREA, "", Location("r.texi", 8), "", [RecordTarget("-old")], since="3.1")
    history = build_history([release("3.0.0", opt("-old")), release("3.1.0", opt("-new"), removed=(removed,))])
    [pooled] = history.entries
    assert (pooled.id, pooled.list, pooled.version, pooled.heading, pooled.keys) == ("r1", "removed", "3.1", "-old", ["-old"])
    assert (rows(history)["-old"].announced_removal, history.findings) == ("3.1", [])


def test_two_entries_listed_last_in_one_release_advise_in_the_order_they_are_read():
    history = build_history([
        release("6.0.0", opt("-a"), deprecated=(
            entry("``-a`` (since 6.0)", "60.rst:4", ("-a", None), since="6.0", replacement="-first"),
            entry("``-a`` and ``-b`` (since 6.0)", "60.rst:9", ("-a", None), ("-b", None), since="6.0", replacement="-second"),
        )),
    ])
    assert rows(history)["-a"].replacement == "-second"


def test_an_entry_about_a_subsystem_names_every_option_under_a_heading_naming_it():
    bt, usb = opt("-bt"), opt("-usb")
    bt.section, usb.section = "Bluetooth(R) options", "USB options"
    history = build_history([
        release("3.0.0", bt, usb, opt("-plain"), deprecated=(
            Record("Bluetooth", "System emulator devices", "The bluetooth subsystem is unmaintained.",
                   Location("q.texi", 3), "", [], since="3.0"),)),
    ])
    [pooled] = history.entries
    assert pooled.keys == ["-bt"] and pooled.names == [{"kind": "subsystem", "key": None, "name": "Bluetooth", "aspect": False}]
    assert rows(history)["-bt"].deprecated_in == ["3.0.0"] and rows(history)["-usb"].deprecated_in == []
    assert KeyIndex(["-bt"]).subsystem("bluetooth") == []


def test_the_advice_of_the_entry_listed_last_wins_over_one_read_after_it():
    """d1 is listed from 6.0.0 to 6.2.0, d2 only in 6.1.0: d2 is read second, but d1's advice is the newer."""
    copy = entry("``-a`` (since 6.0)", "a.rst:4", ("-a", None), since="6.0", replacement="-newest")
    history = build_history([
        release("6.0.0", opt("-a"), deprecated=(copy,)),
        release("6.1.0", opt("-a"), deprecated=(
            copy, entry("``-a`` (since 6.1)", "b.rst:8", ("-a", None), since="6.1", replacement="-older"))),
        release("6.2.0", opt("-a"), deprecated=(copy,)),
    ])
    assert [e.listed_in for e in history.entries] == [["6.0.0", "6.1.0", "6.2.0"], ["6.1.0"]]
    assert rows(history)["-a"].replacement == "-newest"


def test_a_deprecation_and_a_removal_of_one_feature_and_version_are_two_entries():
    history = build_history([
        release("5.0.0", opt("-a"), opt("-b"),
                deprecated=(entry("``-a`` (since 5.0)", "p.rst:3", ("-a", None), since="5.0"),),
                removed=(entry("``-a`` (removed in 5.0)", "p.rst:30", ("-a", None), removed_in="5.0"),)),
    ])
    assert [(e.id, e.list, e.version) for e in history.entries] == [("d1", "deprecated", "5.0"), ("r2", "removed", "5.0")]


def test_an_entry_naming_no_key_is_kept_with_its_name_and_attached_to_nothing():
    history = build_history([
        release("6.0.0", opt("-a", sub("share")),
                deprecated=(entry("Short-form boolean options (since 6.0)", "d.rst:48", since="6.0"),)),
    ])
    [pooled] = history.entries
    assert pooled.names == [{"kind": "other", "key": None, "name": "Short-form boolean options", "aspect": False}]
    assert pooled.keys == [] and all(row.records == [] for row in history.keys)


def test_the_json_of_a_history_carries_every_row_entry_and_count_under_its_name():
    """One option deprecated in the second of two releases: the whole JSON, written out by hand."""
    history = build_history([
        release("6.0.0", opt("-a", sub("p", line=4), line=3)),
        release("6.1.0", opt("-a", line=5),
                deprecated=(entry("``-a`` (since 6.1)", "d.rst:7", ("-a", None), since="6.1", replacement="-b"),)),
    ])
    row = {
        "key": "-a", "option": "-a", "kind": "option", "first_seen": "6.0.0", "last_seen": "6.1.0",
        "releases": ["6.0.0", "6.1.0"], "snapshots_present": [], "deprecated_since": "6.1",
        "deprecation_listed_in": "6.1.0", "deprecated_in": ["6.1.0"], "removed_in": None, "announced_removal": None,
        "removed_features": [], "replacement": "-b", "first_location": "options.hx:3", "last_location": "options.hx:5",
        "deprecation_evidence": ["d.rst:7"], "removal_evidence": [], "records": ["d1"],
    }
    sub_row = {**row, "key": "-a/p", "kind": "property", "last_seen": "6.0.0", "releases": ["6.0.0"],
               "deprecated_since": None, "deprecation_listed_in": None, "deprecated_in": [], "removed_in": "6.1.0",
               "replacement": None, "first_location": "options.hx:4", "last_location": "options.hx:4",
               "deprecation_evidence": [], "records": []}
    assert history.to_dict() == {
        "qdoc_history": 1,
        "releases": ["6.0.0", "6.1.0"],
        "snapshots": [],
        "counts": {"6.0.0": 1, "6.1.0": 1},
        "per_release": {
            "6.0.0": {"options": 1, "keys": 2, "added": None, "removed": None, "deprecated": None},
            "6.1.0": {"options": 1, "keys": 1, "added": 0, "removed": 1, "deprecated": 1},
        },
        "options": [{"name": "-a", "first_seen": "6.0.0", "deprecated": "6.1.0", "removed": None, "last_seen": "6.1.0",
                     "announced_removal": None, "releases": ["6.0.0", "6.1.0"], "deprecated_in": ["6.1.0"]}],
        "keys": [row, sub_row],
        "records": [{"id": "d1", "list": "deprecated", "heading": "``-a`` (since 6.1)", "feature": "-a", "area": AREA,
                     "version": "6.1", "replacement": "-b", "listed_in": ["6.1.0"], "locations": ["d.rst:7"],
                     "names": [{"kind": "option", "key": "-a", "name": "-a", "aspect": False}], "keys": ["-a"]}],
        "findings": [],
    }
    assert list(ROW_FIELDS) == list(row)


@pytest.fixture(scope="module")
def corpus_history():
    from test_history_keys import history  # the CLI's JSON of every release, read once per test run

    return history()


def test_each_release_counts_the_options_its_hx_documents(corpus_history):
    """Options per release of the corpus, against the .hx scan (DEF lines and documented items)."""
    previous = None
    for label in corpus_history["releases"]:
        keys, _ = scan.hx_keys(str(QEMU / label / "qemu-options.hx"))
        options = {k for k in keys if "/" not in k}
        counts = corpus_history["per_release"][label]
        assert corpus_history["counts"][label] == counts["options"] == len(options), label
        assert counts["keys"] >= len(keys), label
        if previous is None:
            assert (counts["added"], counts["removed"], counts["deprecated"]) == (None, None, None)
        else:
            assert counts["added"] >= len(options - previous) and counts["removed"] >= len(previous - options), label
        previous = options
