"""qdoc diff in-process: what changed between two option sets, fact by fact, against independent scans.

The real pairs of releases are read here as ``qdoc diff`` reads them and
compared with what a plain scan of the sources says: the ``DEF(...)`` lines
(their help strings and arch masks), the SRST terms (docutils, as in
:mod:`test_diff_keys`), the headings of ``deprecated.rst`` and
``removed-features.rst``.  What no release pair shows (a changed default,
choices or value type, a rename, an entry dropped from the deprecation
list) is checked on small inputs written here, each with its expectation
written by hand.

Every call is in-process, so that the mutation run (benchmarks/mutation.py)
knows which test reaches which function of :mod:`qdoc.diff`; the files are
read once per module, but every diff is computed anew in each test (a cached
result would tie the functions to the first test that ran them only).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pytest

from conftest import CORPUS, QEMU
from test_diff_keys import keys_of, scan

from qdoc.diff import Change, Detail, Entry, NotRead, OptionDiff, Removal, Rename, compared_set, diff_option_sets, diff_releases
from qdoc.diff import Deprecation as DeprecationChange
from qdoc.diff.announcements import RecordIndex, plain
from qdoc.diff.facts import details, synopses
from qdoc.diff.sides import compare
from qdoc.discovery import OPTION_HISTORY_NAMES
from qdoc.model import (
    Deprecation, Diagnostic, Location, Option, OptionSet, Record, Source, SubOption, Synopsis, SynopsisParameter,
)
from qdoc.project import collect, load_file

DEF_RE = re.compile(r'^DEF\("([^"]+)"(.*?)((?:QEMU_ARCH_\w+[\s|\\]*)+)\)', re.M | re.S)
HEADING_RE = re.compile(r"^(?:DEF|ARCH)HEADING\(([^,)]*)", re.M)
STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
HELP_TXT = CORPUS / "debian-7.2" / "binary" / "help.txt"
QMP_JSON = CORPUS / "debian-7.2" / "binary" / "query-command-line-options.json"
MAN_PAGE = CORPUS / "debian-7.2" / "man" / "qemu-system.1"
RHEL_PAGE = CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html"


# -- Reading as ``qdoc diff`` does, and scanning without qdoc ------------------------------------

@lru_cache(maxsize=None)
def release(path, name: str | None = None, *, old: bool = False):
    """The one release a path holds, read as ``qdoc diff`` reads a side (OLD's removal list is not its news)."""
    names = OPTION_HISTORY_NAMES - {"removed-features.rst"} if old else OPTION_HISTORY_NAMES
    project, _, _ = collect([str(path)], name, names)
    [found] = [r for r in project.releases if compared_set(r) is not None]
    return found


def tree_diff(old: str, new: str) -> OptionDiff:
    """Computed anew by every test (only the reading is cached), so each test that checks a fact reaches the code."""
    return diff_releases(release(QEMU / old, old=True), release(QEMU / new))


@lru_cache(maxsize=None)
def single(path) -> OptionSet:
    return load_file(str(path)).option_set


@lru_cache(maxsize=None)
def def_lines(release_: str) -> dict[str, tuple[str, list[str], int]]:
    """``{-name: (help text, arch mask names, line)}`` of every DEF of an .hx."""
    text = (QEMU / release_ / "qemu-options.hx").read_text()
    found = {}
    for match in DEF_RE.finditer(text):
        strings = STRING_RE.findall(match.group(2))
        help_text = "".join(strings).replace("\\n", "\n")
        arch = sorted(a.lower() for a in re.findall(r"QEMU_ARCH_(\w+)", match.group(3)))
        found["-" + match.group(1)] = (help_text, arch, text.count("\n", 0, match.start()) + 1)
    return found


def hx_lines(release_: str) -> list[str]:
    return (QEMU / release_ / "qemu-options.hx").read_text().split("\n")


def normal(text: str) -> str:
    return " ".join(text.split())


def at(location: Location) -> str:
    with open(location.path, encoding="utf-8") as handle:
        return handle.read().split("\n")[location.line - 1]


PAIRS = [("6.2.0", "7.2.0"), ("7.2.0", "8.2.0")]


# -- Real pairs of releases ---------------------------------------------------------------------

@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_added_and_removed_keys_are_those_one_scan_has_and_the_other_lacks(old, new):
    result = tree_diff(old, new)
    added = {k: e for e in result.added for k in e.keys}
    removed = {k: e for e in result.removed for k in e.keys}
    assert set(added) == keys_of(new) - keys_of(old)
    assert set(removed) == keys_of(old) - keys_of(new)
    assert not result.renamed and not result.not_read and result.compared == "defined" and result.notes == []
    # Each entry is the topmost key added or removed, holding the ones under it.
    for entries, gone_or_new in ((result.added, keys_of(new) - keys_of(old)), (result.removed, keys_of(old) - keys_of(new))):
        for entry in entries:
            assert entry.keys[0] == entry.key == entry.name and entry.option == entry.key.split("/")[0]
            assert all(k == entry.key or k.startswith(entry.key + "/") for k in entry.keys)
            parent = entry.key.rpartition("/")[0]
            assert not parent or parent not in gone_or_new
            assert entry.kind == ("option" if "/" not in entry.key else entry.kind) and (entry.kind == "option") == ("/" not in entry.key)


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_entries_show_their_terms_their_line_and_their_heading(old, new):
    """An added or removed key shows its SRST terms, the .hx line that defines it and its DEFHEADING."""
    result = tree_diff(old, new)
    for entries, side in ((result.added, new), (result.removed, old)):
        terms = scan(side)[1]
        lines = hx_lines(side)
        headings = [(text.count("\n", 0, m.start()) + 1, m.group(1).rstrip(":").strip())
                    for text in [(QEMU / side / "qemu-options.hx").read_text()] for m in HEADING_RE.finditer(text)]
        for entry in entries:
            assert set(entry.synopses) == {normal(re.sub(r"@var\{(.*?)\}", r"\1", t)) for t in terms.get(entry.key, ())}, entry.key
            assert entry.location.path.endswith(f"{side}/qemu-options.hx")
            line = lines[entry.location.line - 1]
            if entry.kind == "option":
                assert line.startswith(f'DEF("{entry.key[1:]}"'), (entry.key, line)
            else:
                last = entry.key.rsplit("/", 1)[1].replace("%2F", "/").replace("%25", "%")
                assert last.split(".")[0] in line, (entry.key, line)
            heading = [h for n, h in headings if n < def_lines(side)[entry.option][2] and h]
            assert entry.section == heading[-1], entry.key


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_changed_synopses_are_the_source_terms_that_differ(old, new):
    result = tree_diff(old, new)
    reported = {c.name: (set(d.before), set(d.after)) for c in result.changed for d in c.details if d.what == "synopsis"}
    before_terms, after_terms = scan(old)[1], scan(new)[1]
    expected = {}
    for key in before_terms.keys() & after_terms.keys():
        before, after = before_terms[key], after_terms[key]
        if before and after and before != after:
            expected[key] = (before - after, after - before)
    assert reported == expected and reported


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_changed_arch_masks_and_help_texts_are_those_of_the_def_lines(old, new):
    """Arch: the DEF masks' target sets; help text: the DEF strings, white space and case aside."""
    result = tree_diff(old, new)
    before, after = def_lines(old), def_lines(new)
    both = before.keys() & after.keys()
    arch = {c.name: (d.before, d.after) for c in result.changed for d in c.details if d.what == "arch"}
    assert arch == {k: (before[k][1], after[k][1]) for k in both if before[k][1] != after[k][1]} and arch
    helps = {c.name: (d.before, d.after) for c in result.changed for d in c.details if d.what == "help text"}
    assert set(helps) == {k for k in both if normal(before[k][0]).lower() != normal(after[k][0]).lower()}
    for name, (was, now) in helps.items():
        # The scan leaves out the C macros between strings ("(default=" DEFAULT_BRIDGE_HELPER ")").
        assert re.sub(r"\{[A-Z_]+\}", "", normal(was)) == normal(before[name][0].replace('\\"', '"'))
        assert re.sub(r"\{[A-Z_]+\}", "", normal(now)) == normal(after[name][0].replace('\\"', '"'))
    for change in result.changed:
        assert change.kind == ("option" if "/" not in change.name else change.kind)
        words = [f"arch {','.join(d.before)} -> {','.join(d.after)}" if d.what == "arch" else d.what for d in change.details]
        assert change.changes == words and change.details
    # No help synopsis is compared between two trees: only against -help.
    assert not [d for c in result.changed for d in c.details if d.what == "help synopsis"]


def section_of(path, line: int) -> str:
    """The text of a list entry: from its heading to the next heading (a line underlined)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    end = line
    while end + 1 < len(lines) and not re.fullmatch(r"([-'~^=])\1{3,}", lines[end + 1].strip() or "x"):
        end += 1
    return normal(" ".join(lines[line - 1:end]).replace("``", ""))


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_removals_carry_their_removal_entry_the_deprecation_before_it_and_what_to_use(old, new):
    result = tree_diff(old, new)
    assert result.removal_list is True and result.deprecation_list is True and result.removed
    for entry in result.removed:
        assert entry.announced is True
        assert entry.removal_record.path.endswith(f"{new}/docs/about/removed-features.rst")
        heading = at(entry.removal_record)
        # 7.2's -watchdog entry is headed "(since 7.2)": no removal version stated.
        assert f"(removed in {entry.removed_in})" in heading or (entry.removed_in is None and "(since " in heading)
        option = entry.key.split("/")[-1] if entry.kind != "option" else entry.key
        assert option.lstrip("-") in heading, (entry.key, heading)
        assert entry.deprecation_record.path.endswith(f"{old}/docs/about/deprecated.rst")
        assert f"(since {entry.deprecated_since})" in at(entry.deprecation_record), entry.key
        if entry.replacement is not None:
            assert "``" not in entry.replacement
            texts = section_of(entry.removal_record.path, entry.removal_record.line) + " " + section_of(
                entry.deprecation_record.path, entry.deprecation_record.line)
            assert entry.replacement in texts, (entry.key, entry.replacement)
    by_key = {e.key: e for e in result.removed}
    if new == "8.2.0":
        assert by_key["-spice/password"].kind == "property" and by_key["-chardev/tty"].kind == "form"
        assert "password-secret" in by_key["-spice/password"].replacement
    else:
        assert by_key["-soundhw"].replacement == "-device or -audio"


def test_newly_deprecated_keys_are_the_new_lists_entries_with_their_versions():
    result = tree_diff("7.2.0", "8.2.0")
    deprecated = {d.name: d for d in result.deprecated}
    assert {"-no-hpet", "-no-acpi", "-singlestep", "-fsdev/proxy"} <= deprecated.keys()
    for item in deprecated.values():
        heading = at(item.location)
        assert item.location.path.endswith("8.2.0/docs/about/deprecated.rst")
        assert item.evidence == f"listed as deprecated since {item.since}" and f"(since {item.since})" in heading
        assert item.since in ("8.0", "8.1", "8.2") and item.name.split("/")[0].lstrip("-").split("-")[0] in heading
        assert item.replacement is None or "``" not in item.replacement
    assert deprecated["-no-hpet"].replacement == "-machine hpet=off" and deprecated["-no-hpet"].kind == "option"
    assert deprecated["-fsdev/proxy"].kind == "value"
    assert not result.undeprecated and not tree_diff("6.2.0", "7.2.0").deprecated


def test_an_option_whose_own_text_says_deprecated_is_newly_deprecated_with_that_sentence():
    """3.0.0's .hx says of -enable-hax "This option is deprecated, use -accel hax instead."; 2.12.0's did not."""
    result = tree_diff("2.12.0", "3.0.0")
    deprecated = {d.name: d for d in result.deprecated}
    hax = deprecated["-enable-hax"]
    text = normal((QEMU / "3.0.0" / "qemu-options.hx").read_text().replace("@option{", "").replace("}", ""))
    assert hax.evidence in text and "deprecated" in hax.evidence and hax.replacement == "-accel hax"
    old_text = (QEMU / "2.12.0" / "qemu-options.hx").read_text()
    block = old_text[old_text.index('DEF("enable-hax"'):]
    assert "deprecated" not in block[: block.index("ETEXI")]
    # No removal list in 3.0.0: a removal there is neither announced nor not.
    assert result.removal_list is False and result.removed
    assert all(r.announced is None and r.removed_in is None and r.removal_record is None for r in result.removed)


def test_an_included_table_that_was_not_read_is_neither_a_removal_nor_an_addition():
    """3.0.0 and 4.1.0 lack qemu-option-trace.texi (@included for -trace); 5.0.0 keeps an rST include unread."""
    for old, new, side, lacking in (("2.12.0", "3.0.0", "new", "3.0.0"), ("4.1.0", "4.2.0", "old", "4.1.0"),
                                    ("4.2.0", "5.0.0", "new", "5.0.0")):
        result = tree_diff(old, new)
        assert [(n.name, n.side) for n in result.not_read] == [("-trace", side)]
        # No removed-features.rst: 4.2's and 5.0's "recently removed" sections are no full list, so a
        # removal is neither announced nor unannounced.
        assert not (QEMU / new / "docs" / "about" / "removed-features.rst").exists()
        assert result.removal_list is False and {e.announced for e in result.removed} == {None}
        assert not [e for e in result.removed + result.added if e.option == "-trace"]
        note = result.not_read[0]
        line = at(note.location)
        assert note.location.path.endswith(f"{lacking}/qemu-options.hx")
        if lacking == "5.0.0":
            directive = note.reason.removesuffix(" was not read")
            assert directive.startswith(".. include::") and directive in [l.strip() for l in hx_lines(lacking)]
            assert line.startswith("``-trace ")
        else:
            assert line.strip() == "@include qemu-option-trace.texi" and "qemu-option-trace.texi" in note.reason
        assert note.to_dict() == {"name": "-trace", "side": side, "reason": note.reason, "location": note.location.to_dict()}


# -- Sides of different formats -----------------------------------------------------------------

def help_printed(release_: str, target_arch: str) -> set[str]:
    """Options some DEF help text names at a line's head (``-fda/-fdb file``), for a target in their arch mask."""
    named = set()
    for text, _, _ in def_lines(release_).values():
        heads = {line.split()[0] for line in text.split("\n") if line.startswith("-")}
        named |= {"-" + n.lstrip("-") for head in heads for n in head.split("/") if n.startswith("-")}
    named = {"-help" if n == "-h" else n for n in named}
    return {name for name, (_, arch, _) in def_lines(release_).items()
            if name in named and ("all" in arch or target_arch in arch)}


def test_a_tree_against_help_compares_the_options_help_prints_and_no_sub_options():
    comparison = compare(compared_set(release(QEMU / "6.2.0", old=True)), single(HELP_TXT))
    assert set(comparison.old.nodes) == help_printed("6.2.0", "i386")
    assert comparison.notes == [
        "only the options -help prints (those of its target, not hidden) are compared",
        "sub-options are not compared: the .hx DEF lines and -help do not show them alike",
    ]
    assert comparison.compared == "defined" and comparison.report_added and comparison.report_removed
    assert not comparison.old.deep and not comparison.new.deep and all("/" not in k for k in comparison.new.nodes)
    back = compare(single(HELP_TXT), compared_set(release(QEMU / "7.2.0")))
    assert set(back.new.nodes) == help_printed("7.2.0", "i386")
    assert back.notes[1] == "sub-options are not compared: -help and the .hx DEF lines do not show them alike"


def test_sides_that_show_no_sub_options_alike_compare_options_only_and_say_what_cannot_be_listed():
    same = compare(single(HELP_TXT), single(HELP_TXT))
    assert same.notes == ["sub-options are not compared: -help and -help do not show them alike"]
    assert not same.old.deep and same.compared == "defined" and same.report_added and same.report_removed
    manual = compare(single(MAN_PAGE), single(HELP_TXT))
    assert manual.notes == [
        "sub-options are not compared: the documentation and -help do not show them alike",
        "nothing is listed as added: the documentation (OLD) cannot show all that -help (NEW) can",
    ]
    assert manual.compared == "defined" and not manual.report_added and manual.report_removed
    manuals = compare(single(MAN_PAGE), single(RHEL_PAGE))
    assert manuals.notes == [] and manuals.compared == "documented" and manuals.old.deep and manuals.new.deep


def test_a_tree_against_its_own_help_differs_in_nothing_but_help_synopses():
    result = diff_option_sets(compared_set(release(QEMU / "7.2.0")), single(HELP_TXT))
    assert not result.added and not result.removed and not result.deprecated and not result.not_read
    assert {d.what for c in result.changed for d in c.details} <= {"help synopsis", "help text"}


def test_a_tree_against_help_of_another_release_removes_only_what_that_release_dropped():
    result = diff_option_sets(compared_set(release(QEMU / "6.2.0", old=True)), single(HELP_TXT),
                              new_removals=release(QEMU / "7.2.0").removal_records)
    removed = {e.key for e in result.removed}
    assert removed == help_printed("6.2.0", "i386") - help_printed("7.2.0", "i386") and removed
    assert all(e.announced is True for e in result.removed)
    added = {e.key for e in result.added}
    assert added == help_printed("7.2.0", "i386") - help_printed("6.2.0", "i386")
    # -help shows each form's synopsis line: a changed one is a help synopsis change.
    help_changes = {c.name for c in result.changed for d in c.details if d.what == "help synopsis"}
    assert "-display" in help_changes


def qmp_options() -> set[str]:
    import json
    return {"-" + o["option"] for o in json.loads(QMP_JSON.read_text())["return"]}


def test_qmp_against_a_tree_lists_only_what_it_can_see():
    """QMP lists only options with property lists: nothing it lacks is removed; what it has and the tree lacks is added."""
    tree = compared_set(release(QEMU / "6.2.0", old=True))
    result = diff_option_sets(tree, single(QMP_JSON))
    # What 7.2 defines and 6.2 did not, among the options the reply lists.
    new_in_reply = qmp_options() & set(def_lines("7.2.0")) - set(def_lines("6.2.0"))
    assert result.removed == [] and {e.key for e in result.added} == new_in_reply
    assert result.notes == [
        "sub-options are not compared: the .hx DEF lines and the QMP reply (options with property lists only) do not show them alike",
        "nothing is listed as removed: the QMP reply (options with property lists only) (NEW) cannot show all that the .hx DEF lines (OLD) can",
    ]
    back = diff_option_sets(single(QMP_JSON), tree)
    assert back.added == [] and back.renamed == [] and back.notes[-1] == (
        "nothing is listed as added: the QMP reply (options with property lists only) (OLD) cannot show all that the .hx DEF lines (NEW) can")
    assert {e.key for e in back.removed} == new_in_reply
    same = diff_option_sets(single(QMP_JSON), single(QMP_JSON))
    assert same.empty and same.notes == [] and compare(single(QMP_JSON), single(QMP_JSON)).old.deep


def test_a_tree_against_a_manual_compares_documented_options_only():
    """6.2.0's .hx against Debian's 7.2 man page: options 7.2 still defines are never removed, nor its undocumented ones added."""
    tree = compared_set(release(QEMU / "6.2.0", old=True))
    result = diff_option_sets(tree, single(MAN_PAGE), new_removals=release(QEMU / "7.2.0").removal_records)
    assert result.compared == "documented"
    assert result.notes == ["a source tree compared with rendered documentation: only documented options are compared"]
    removed = {e.option for e in result.removed}
    assert removed == {"-soundhw", "-curses", "-alt-grab", "-ctrl-grab", "-no-quit", "-sdl", "-watchdog", "-enable-fips"}
    assert not {e.key for e in result.added if e.kind == "option"} & set(def_lines("6.2.0"))
    keys_removed = {k for e in result.removed for k in e.keys}
    assert not keys_removed & set(scan("7.2.0")[1])
    # And the other way round: the manual is OLD, the tree NEW.
    back = diff_option_sets(single(MAN_PAGE), compared_set(release(QEMU / "7.2.0")))
    assert back.compared == "documented" and not back.removed and not back.added and back.notes == result.notes


# -- Small inputs: facts no release pair shows -------------------------------------------------

HERE = Location("test.hx", 1)


def prop(name, *, synopsis=None, default=None, choices=(), value_type=None, kind="property", deprecations=()):
    text = synopsis or f"{name}=" + "|".join(choices or ["x"])
    parameters = [SynopsisParameter(f"{name}=", None, False, choices=list(choices))] if choices else []
    return SubOption(name, kind, [Synopsis(text, "rst", HERE, parameters)], "", HERE, default=default,
                     value_type=value_type, deprecations=list(deprecations))


def option(name, *subs, synopsis=None, help=None, help_synopses=(), arch=(), description="", deprecations=()):
    return Option(name, synopses=[Synopsis(synopsis or f"{name} value", "rst", HERE)], suboptions=list(subs),
                  help=help, help_synopses=list(help_synopses), arch=list(arch), description=description,
                  deprecations=list(deprecations), locations={"definition": Location("test.hx", 7)}, section="Tests")


def option_set(*options, fmt="hx", release_=None, deprecations=(), removals=(), diagnostics=()):
    return OptionSet("qemu-system", Source(fmt, f"/x/{fmt}"), release_, options=list(options),
                     deprecations=list(deprecations), removals=list(removals), diagnostics=list(diagnostics))


def test_a_property_default_is_compared_without_quotes_or_line_breaks():
    assert details([prop("vmport", default="“auto”")], [prop("vmport", default="'on'")], help_format=False) == [
        Detail("default", "auto", "on")]
    assert details([prop("vmport", default="auto")], [prop("vmport", default="\n“auto”")], help_format=False) == []
    assert details([prop("vmport")], [prop("vmport", default="off")], help_format=False) == [Detail("default", None, "off")]
    assert details([prop("vmport", default="off")], [prop("vmport", default="“”")], help_format=False) == [
        Detail("default", "off", None)]
    # A form's "default" speaks of its properties' defaults: never compared.
    assert details([prop("gtk", kind="form", default="on")], [prop("gtk", kind="form", default="off")], help_format=False) == []
    # The first node that states one counts (two items of one key); an empty one states none.
    assert details([prop("a"), prop("a", default="on")], [prop("a", default="off")], help_format=False) == [
        Detail("default", "on", "off")]
    assert details([prop("a", default=""), prop("a", default="on")], [prop("a", default="off")], help_format=False) == [
        Detail("default", "on", "off")]
    # Only quotes are taken off, never letters.
    assert details([prop("fs", default="“XFS”")], [prop("fs", default="`ext4`")], help_format=False) == [
        Detail("default", "XFS", "ext4")]


def test_property_choices_are_those_its_own_parameter_offers():
    before = [prop("vmport", synopsis="vmport=on|off", choices=["on", "off"])]
    after = [prop("vmport", synopsis="vmport=on|off", choices=["on", "off", "auto"])]
    assert details(before, after, help_format=False) == [Detail("choices", ["off", "on"], ["auto", "off", "on"])]
    # Another parameter's choices (``mode=`` in vmport's synopsis) are not vmport's.
    other = SubOption("vmport", "property", [Synopsis("vmport=x,mode=a|b", "rst", HERE, [
        SynopsisParameter("vmport=", None, False), SynopsisParameter("mode=", None, False, choices=["a", "b"])])], "", HERE)
    assert details([other], after, help_format=False) == [Detail("synopsis", ["vmport=x,mode=a|b"], ["vmport=on|off"])]
    # Choices of both items of a key count together, once each.
    assert details(before + after, after, help_format=False) == []
    assert details([prop("vmport", synopsis="s", choices=["a"])], [prop("vmport", synopsis="s")], help_format=False) == []


def test_a_value_type_change_is_a_type_detail():
    assert details([prop("size", value_type="number")], [prop("size", value_type="string")], help_format=False) == [
        Detail("type", "number", "string")]
    assert details([prop("size")], [prop("size", value_type="string")], help_format=False) == []


def test_options_compare_help_synopses_against_help_only_and_arch_and_help_text_as_sets_and_words():
    old = option("-a", help="-a x   Do It\n", help_synopses=["-a x", "-a  y"], arch=["i386", "arm"])
    same = option("-a", help="-A X do   it", help_synopses=["-a y", "-a x"], arch=["arm", "i386"])
    assert details([old], [same], help_format=True) == []
    new = option("-a", help="-a x   do it now", help_synopses=["-a x", "-a z"], arch=["arm"])
    assert details([old], [new], help_format=True) == [
        Detail("help synopsis", ["-a x", "-a y"], ["-a x", "-a z"]),
        Detail("arch", ["arm", "i386"], ["arm"]),
        Detail("help text", "-a x   Do It\n", "-a x   do it now"),
    ]
    assert [d.what for d in details([old], [new], help_format=False)] == ["arch", "help text"]
    # Nothing to compare on one side is no change.
    assert details([option("-a", help_synopses=["-a x"])], [option("-a", arch=["arm"], help="x")], help_format=True) == []
    # Options compare no default, choices or type.
    assert details([option("-a")], [option("-a")], help_format=False) == []


def test_an_options_synopses_leave_out_its_forms_terms():
    form = SubOption("dbus", "form", [Synopsis("-display  dbus,addr=x", "rst", HERE)], "", HERE)
    display = option("-display", form, synopsis="-display dbus,addr=x")
    display.synopses.append(Synopsis("-display   none", "rst", HERE))
    display.synopses.append(Synopsis("-display none", "rst", HERE))
    assert synopses([display]) == ["-display none"]
    assert synopses([form]) == ["-display dbus,addr=x"]
    value = SubOption("sdl", "value", [Synopsis("-display sdl", "rst", HERE)], "", HERE)
    assert synopses([option("-display", value, synopsis="-display sdl")]) == ["-display sdl"]
    changed = details([option("-x", synopsis="-x a b")], [option("-x", synopsis="-x  a  b")], help_format=False)
    assert changed == []
    assert details([option("-x", synopsis="-x a")], [option("-x", synopsis="-x b")], help_format=False) == [
        Detail("synopsis", ["-x a"], ["-x b"])]


#: Gone from OLD: the text that reappears under -cachemode, and a close variant of it.
ORIGINAL = "Select how the block layer caches writes to the disk image of the guest, and when it flushes them to the host."
VARIANT = "Select how the block layer caches reads from the disk image of the guest, and when it drops them on the host."
RENAMED = "Select how the block layer caches writes to the disk image of the guest, and when it flushes them to the host disk."
UNRELATED = "Print the names of every accelerator this binary was built with, one per line, then exit."
THRESHOLD = 0.85


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normal(a).lower(), normal(b).lower()).ratio()


def test_a_rename_is_the_most_similar_gone_option_above_the_threshold():
    assert similarity(RENAMED, ORIGINAL) > similarity(RENAMED, VARIANT) >= THRESHOLD
    old = option_set(option("-kept", description=UNRELATED), option("-writecache", description=VARIANT),
                     option("-diskcache", description=ORIGINAL.upper()))
    new = option_set(option("-kept", description=UNRELATED), option("-short", description="Short text."),
                     option("-cachemode", description=RENAMED), option("-accels", description=UNRELATED))
    result = diff_option_sets(old, new)
    assert [(r.old_name, r.name) for r in result.renamed] == [("-diskcache", "-cachemode")]
    assert result.renamed[0].similarity == pytest.approx(similarity(RENAMED, ORIGINAL))
    assert result.renamed[0].to_dict() == {"name": "-cachemode", "old_name": "-diskcache",
                                           "similarity": round(similarity(RENAMED, ORIGINAL), 3)}
    assert {a.name for a in result.added} == {"-accels", "-short"}
    assert {r.name for r in result.removed} == {"-writecache"}
    # A renamed option's changes are reported under its new name: here its synopsis.
    assert [(c.name, c.details) for c in result.changed] == [
        ("-cachemode", [Detail("synopsis", ["-diskcache value"], ["-cachemode value"])])]


def test_a_gone_option_is_renamed_once_and_a_renamed_options_parts_follow_it():
    form = SubOption("fast", "form", [Synopsis("-cachemode fast", "rst", HERE)], "desc", HERE)
    gained = SubOption("extra", "form", [Synopsis("-cachemode extra", "rst", HERE)], "desc", HERE, [prop("p")])
    old_form = SubOption("fast", "form", [Synopsis("-diskcache fast", "rst", HERE)], "desc", HERE)  # -cachemode/fast
    gone = SubOption("slow", "form", [Synopsis("-diskcache slow", "rst", HERE)], "desc", HERE)
    old = option_set(option("-diskcache", old_form, gone, description=ORIGINAL, arch=["arm"]))
    new = option_set(option("-cachemode", form, gained, description=RENAMED, arch=["i386"]),
                     option("-cachemode2", description=RENAMED))
    result = diff_option_sets(old, new)
    assert [(r.old_name, r.name) for r in result.renamed] == [("-diskcache", "-cachemode")]
    # The forms follow their option's new name: ``fast`` is kept, ``slow`` gone, ``extra`` (with its property) new.
    assert [(a.key, a.keys) for a in result.added] == [
        ("-cachemode/extra", ["-cachemode/extra", "-cachemode/extra/p"]), ("-cachemode2", ["-cachemode2"])]
    assert [r.key for r in result.removed] == ["-diskcache/slow"] and result.removed[0].kind == "form"
    assert [(c.name, c.changes) for c in result.changed] == [
        ("-cachemode", ["synopsis", "arch arm -> i386"]), ("-cachemode/fast", ["synopsis"])]
    # Its description, when it has none of its own, is that of its first form.
    described_by_form = option("-cachemode", SubOption("fast", "form", [Synopsis("-cachemode fast", "rst", HERE)],
                                                      RENAMED, HERE))
    result = diff_option_sets(option_set(option("-diskcache", description=ORIGINAL)), option_set(described_by_form))
    assert [(r.old_name, r.name) for r in result.renamed] == [("-diskcache", "-cachemode")]


def test_only_an_option_gone_from_old_and_one_new_in_new_are_paired_as_a_rename():
    """A kept option, or a sub-option new or gone under one, is never half of a rename, however alike the texts."""
    old = option_set(option("-a", description=ORIGINAL), option("-b", description=ORIGINAL),
                     option("-c", prop("q"), description=UNRELATED))
    new = option_set(option("-b", prop("p"), description=ORIGINAL), option("-c", description=UNRELATED),
                     option("-d", description=UNRELATED + " And more."))
    result = diff_option_sets(old, new)
    assert result.renamed == []
    assert [a.key for a in result.added] == ["-b/p", "-d"] and [r.key for r in result.removed] == ["-a", "-c/q"]


def test_a_rename_needs_the_threshold_reached_and_forty_characters_of_text():
    gone = "Select the cache mode of the disk image of a guest."
    at_threshold = gone + " Writes go to host"  # 2 * 51 / (51 + 69) = 0.85 exactly
    assert similarity(at_threshold, gone) == THRESHOLD
    result = diff_option_sets(option_set(option("-diskcache", description=gone)),
                              option_set(option("-cachemode", description=at_threshold)))
    assert [(r.old_name, r.name) for r in result.renamed] == [("-diskcache", "-cachemode")]
    forty = "Set the size of the guest disk in bytes."
    assert len(forty) == 40
    result = diff_option_sets(option_set(option("-size", description=forty)), option_set(option("-disksize", description=forty)))
    assert [(r.old_name, r.name) for r in result.renamed] == [("-size", "-disksize")]
    # Of gone options alike, the first in OLD's order.
    result = diff_option_sets(option_set(option("-x", description=forty), option("-y", description=forty)),
                              option_set(option("-z", description=forty)))
    assert [(r.old_name, r.name) for r in result.renamed] == [("-x", "-z")] and [r.key for r in result.removed] == ["-y"]
    # 39 characters as written (upper case would make ß two): too little text to tell a rename.
    short = "Straße and Maß are read as written now."
    assert len(short) == 39 and len(short.upper()) > 40
    result = diff_option_sets(option_set(option("-a", description=short)), option_set(option("-b", description=short)))
    assert result.renamed == [] and [a.name for a in result.added] == ["-b"]


def test_no_rename_when_either_side_cannot_show_all_the_other_can():
    old = option_set(option("-diskcache", description=ORIGINAL))
    new = option_set(option("-cachemode", description=RENAMED), fmt="qmp")
    assert diff_option_sets(old, new).renamed == []


def record(literal: str, *, since=None, removed_in=None, replacement=None, line=1, path="deprecated.rst", area=None):
    heading = f"``{literal}`` (since {since})" if since else f"``{literal}`` (removed in {removed_in})"
    return Record(literal, area or "System emulator command line arguments", "text", Location(path, line),
                  heading=heading, since=since, removed_in=removed_in, replacement=replacement)


def test_records_are_found_by_key_wildcard_and_a_property_named_at_its_option():
    index = RecordIndex([record("-vnc acl", since="4.0"), record("-object rng-*,opened=on", since="5.0"),
                         record("-soundhw", since="5.1"), record("-drive", since="1.0", area="Block device options")])
    assert index and not RecordIndex([])
    assert index.first("-soundhw").since == "5.1"
    assert index.first("-vnc/to/acl").since == "4.0" and index.first("-vnc/acl").since == "4.0"
    assert index.first("-vnc/to/other") is None and index.first("-vnc") is None
    assert index.first("-object/rng-random/opened").since == "5.0" and index.first("-object/rng-random") is None
    assert index.first("-nothing") is None
    # Named under one form, a property is not another form's; named higher up, it is found deeper down.
    index = RecordIndex([record("-display sdl,alt_grab=on", since="6.2"), record("-device virtio-blk,scsi=on", since="5.0")])
    assert index.first("-display/sdl/alt_grab").since == "6.2" and index.first("-display/gtk/alt_grab") is None
    assert index.first("-display/sdl/x/alt_grab").since == "6.2"
    assert index.first("-device/virtio-blk/x/scsi").since == "5.0" and index.first("-device/virtio-blk/scsi").since == "5.0"
    assert plain("use ``-device``   or\n ``-audio``") == "use -device or -audio" and plain(None) is None


def test_an_entry_about_one_use_of_a_thing_explains_its_removal_only_when_nothing_else_does():
    use = Record("-drive with bogus interface type", "System emulator command line arguments", "t",
                 Location("removed-features.rst", 9), heading="``-drive`` with bogus interface type (removed in 6.0)",
                 removed_in="6.0")
    index = RecordIndex([use])
    assert index.first("-drive") is None and index.first("-drive", aspects=True) is use
    whole = record("-drive", removed_in="7.0", path="removed-features.rst", line=3)
    assert RecordIndex([use, whole]).first("-drive", aspects=True) is whole


def test_removals_without_a_list_are_neither_announced_nor_not_and_own_text_gives_the_deprecation():
    said = Deprecation("Deprecated, use ``-b``.", Location("old.hx", 5), "description", since="2.0", replacement="``-b``")
    elsewhere = Deprecation("A parameter is deprecated.", Location("old.hx", 6), "synopsis", since="1.0")
    old = option_set(option("-a", deprecations=[elsewhere, said]), option("-c"), option("-keep"))
    new = option_set(option("-keep"))
    result = diff_option_sets(old, new)
    assert result.removal_list is False and result.deprecation_list is False
    by_key = {r.key: r for r in result.removed}
    assert by_key["-a"].announced is None and by_key["-a"].deprecated_since == "2.0"
    assert by_key["-a"].deprecation_record == Location("old.hx", 5) and by_key["-a"].replacement == "-b"
    assert by_key["-c"].deprecated_since is None and by_key["-c"].replacement is None
    # A removal list read that names -a and not -c: announced and not.
    listed = record("-a", removed_in="3.0", path="removed-features.rst", line=4, replacement="``-d``")
    result = diff_option_sets(old, new, new_removals=[listed])
    by_key = {r.key: r for r in result.removed}
    assert result.removal_list is True
    assert (by_key["-a"].announced, by_key["-a"].removed_in, by_key["-a"].replacement) == (True, "3.0", "-d")
    assert by_key["-a"].removal_record == Location("removed-features.rst", 4)
    assert by_key["-c"].announced is False and by_key["-c"].removed_in is None
    # Told that a list was read (an empty one): not announced.
    assert {r.announced for r in diff_option_sets(old, new, removal_list=True).removed} == {False}
    assert {r.announced for r in diff_option_sets(old, new, new_removals=[listed], removal_list=False).removed} == {None}


def test_the_old_lists_deprecation_comes_before_the_options_own_words():
    said = Deprecation("Deprecated, use -b.", Location("old.hx", 5), "help", since="2.0", replacement="-b")
    old = option_set(option("-a", deprecations=[said]), option("-keep"))
    listed = record("-a", since="1.5", line=8, replacement="``-e``")
    result = diff_option_sets(old, option_set(option("-keep")), old_records=[listed])
    [removal] = result.removed
    assert (removal.deprecated_since, removal.deprecation_record, removal.replacement) == ("1.5", Location("deprecated.rst", 8), "-e")
    assert result.deprecation_list is True
    gone = record("-a", removed_in="3.0", path="removed-features.rst", replacement="-f")
    [removal] = diff_option_sets(old, option_set(option("-keep")), old_records=[listed], new_removals=[gone]).removed
    assert removal.replacement == "-f"
    no_replacement = record("-a", since="1.5", line=8)
    [removal] = diff_option_sets(old, option_set(option("-keep")), old_records=[no_replacement]).removed
    assert removal.replacement is None and removal.deprecated_since == "1.5"


def test_deprecation_by_list_and_by_own_text_and_an_entry_dropped_from_the_list():
    said = Deprecation("This option is deprecated, use -b.", Location("new.hx", 5), "hx-comment", replacement="``-b``")
    in_synopsis = Deprecation("deprecated value", Location("new.hx", 6), "synopsis")
    own = Deprecation("This option is deprecated.", Location("old.hx", 9), "description")
    old = option_set(option("-a"), option("-b"), option("-c"), option("-d"), option("-e", deprecations=[own]), release_="2.0")
    new = option_set(option("-a", deprecations=[in_synopsis, said]), option("-b"), option("-c", deprecations=[in_synopsis]),
                     option("-d"), option("-e"), release_="3.0")
    listed_b = record("-b", since="3.0", line=11, replacement="``-z``")
    result = diff_option_sets(old, new, new_deprecations=[listed_b])
    deprecated = {d.name: d for d in result.deprecated}
    assert set(deprecated) == {"-a", "-b"}
    assert (deprecated["-a"].evidence, deprecated["-a"].location, deprecated["-a"].replacement) == (
        "This option is deprecated, use -b.", Location("new.hx", 5), "-b")
    assert (deprecated["-b"].evidence, deprecated["-b"].since, deprecated["-b"].replacement, deprecated["-b"].kind) == (
        "listed as deprecated since 3.0", "3.0", "-z", "option")
    # No list read for OLD, and the entry is of OLD's release or before: OLD had it already.
    early = record("-b", since="1.0", line=11)
    assert [d.name for d in diff_option_sets(old, new, new_deprecations=[early]).deprecated] == ["-a"]
    # An entry of the old list that the new list no longer has: no longer deprecated (an option's own
    # words that stop saying so may have spoken of a parameter: -e is not).
    listed_d = record("-d", since="1.0", line=12, replacement="``-y``")
    result = diff_option_sets(old, new, old_records=[listed_d], new_deprecations=[listed_b])
    assert [(u.name, u.kind, u.since, u.replacement, u.location) for u in result.undeprecated] == [
        ("-d", "option", "1.0", "-y", Location("deprecated.rst", 12))]
    assert result.undeprecated[0].evidence == "listed as deprecated since 1.0"
    # Without a list on the new side nothing can be said to be dropped from it.
    assert diff_option_sets(old, new, old_records=[listed_d]).undeprecated == []
    # Still listed on the new side: neither.
    result = diff_option_sets(old, new, old_records=[listed_d], new_deprecations=[listed_d])
    assert result.undeprecated == [] and "-d" not in {d.name for d in result.deprecated}


def test_records_read_on_their_own_count_on_the_new_side_and_up_to_the_old_release_on_the_old():
    old = option_set(option("-a"), option("-b"), option("-gone"), release_="6.2.0")
    new = option_set(option("-a"), option("-b"), release_="7.2.0")
    a_old = record("-a", since="6.2", line=3)  # the old release's own: on both sides
    b_new = record("-b", since="7.0", line=4, replacement="-c")
    gone = record("-gone", removed_in="7.1", path="removed-features.rst", line=5)
    result = diff_option_sets(old, new, extra_records=([a_old, b_new], [gone]))
    assert [d.name for d in result.deprecated] == ["-b"] and result.deprecation_list is True
    assert result.removal_list is True and result.removed[0].announced is True
    assert result.removed[0].removed_in == "7.1"
    # Only entries newer than OLD: its list was not read.
    result = diff_option_sets(old, new, extra_records=([b_new], []))
    assert result.deprecation_list is False and result.removal_list is False
    assert [d.name for d in result.deprecated] == ["-b"]


def test_a_missing_included_file_hides_the_sub_options_of_the_option_documented_before_it():
    trace = option("-trace", prop("events"), prop("file"))
    trace.locations["documentation"] = Location("/t/qemu-options.hx", 10)
    other = option("-other", prop("x"))
    other.locations["documentation"] = Location("/t/./qemu-options.hx", 30)
    first = option("-first", prop("y"))
    first.locations["documentation"] = Location("/t/qemu-options.hx", 2)
    undocumented_here = option("-nodoc", prop("z"))
    old = option_set(first, trace, other, undocumented_here)
    missing = Diagnostic("error", "texinfo-include-missing", "@include t.texi: file not found", Location("/t/qemu-options.hx", 20))
    elsewhere = Diagnostic("error", "texinfo-include-missing", "@include u.texi", Location("/t/other.texi", 20))
    warning = Diagnostic("warning", "hx-markups-disagree", "x", Location("/t/qemu-options.hx", 40))
    before_all = Diagnostic("error", "rst-include-loop", "loop", Location("/t/qemu-options.hx", 1))
    in_first = Diagnostic("error", "texinfo-include-depth", "too deep", Location("/t/qemu-options.hx", 5))
    nowhere = Diagnostic("error", "texinfo-include-missing", "@include v.texi: file not found")
    new = option_set(option("-first"), option("-trace"), option("-other"), option("-nodoc"),
                     diagnostics=[nowhere, missing, elsewhere, warning, before_all, in_first])
    new.options[0].locations["documentation"] = Location("/t/qemu-options.hx", 2)
    new.options[1].locations["documentation"] = Location("/t/qemu-options.hx", 10)
    new.options[2].locations["documentation"] = Location("/t/qemu-options.hx", 30)
    result = diff_option_sets(old, new)
    assert [(n.name, n.side, n.reason, n.location) for n in result.not_read] == [
        ("-first", "new", "too deep", Location("/t/qemu-options.hx", 5)),
        ("-trace", "new", "@include t.texi: file not found", Location("/t/qemu-options.hx", 20))]
    assert {k for e in result.removed for k in e.keys} == {"-other/x", "-nodoc/z"}
    # And on the old side: what NEW has under -trace is not "added".
    back = diff_option_sets(new, old)
    assert [(n.name, n.side) for n in back.not_read] == [("-first", "old"), ("-trace", "old")]
    assert {k for e in back.added for k in e.keys} == {"-other/x", "-nodoc/z"}


def test_a_form_keeping_an_rst_include_hides_its_options_sub_options():
    form = SubOption("file", "form", [Synopsis("-trace file", "rst", HERE)], "Text.\n\n  .. include:: t.rst.inc\n", HERE)
    trace = option("-trace", form)
    trace.locations["documentation"] = Location("/t/qemu-options.hx", 10)
    full = option("-trace", SubOption("file", "form", [Synopsis("-trace file", "rst", HERE)], "Text.", HERE, [prop("events")]))
    result = diff_option_sets(option_set(full), option_set(trace))
    assert [(n.name, n.side, n.reason, n.location) for n in result.not_read] == [
        ("-trace", "new", ".. include:: t.rst.inc was not read", Location("/t/qemu-options.hx", 10))]
    assert result.removed == []


def test_a_manual_against_a_tree_leaves_out_what_the_tree_defines_without_documenting():
    documented = option("-m", description="Memory.")
    undocumented = Option("-M", locations={"definition": Location("t.hx", 3)})
    tree = option_set(option("-m"), undocumented, option("-gone"))
    manual = option_set(documented, option("-M"), option("-new"), fmt="html")
    result = diff_option_sets(tree, manual)
    assert [a.key for a in result.added] == ["-new"] and [r.key for r in result.removed] == ["-gone"]
    assert result.notes == ["a source tree compared with rendered documentation: only documented options are compared",
                            "newly documented, defined before too: -M"]
    back = diff_option_sets(manual, tree)
    assert [a.key for a in back.added] == ["-gone"] and [r.key for r in back.removed] == ["-new"]
    assert back.notes[-1] == "no longer documented, still defined: -M"


def test_results_as_json_say_every_fact_under_its_name():
    where = Location("a.hx", 3)
    entry = Entry("-netdev/user/hostfwd", "property", "Network", where, ["hostfwd=rule"], ["-netdev/user/hostfwd"])
    assert entry.to_dict() == {
        "name": "-netdev/user/hostfwd", "key": "-netdev/user/hostfwd", "kind": "property", "option": "-netdev",
        "section": "Network", "location": {"path": "a.hx", "line": 3, "column": 0}, "synopses": ["hostfwd=rule"],
        "keys": ["-netdev/user/hostfwd"],
    }
    removal = Removal("-a", "option", None, None, announced=True, removed_in="3.0", removal_record=where,
                      deprecated_since="2.0", deprecation_record=Location("d.rst", 9), replacement="-b")
    assert removal.to_dict() == {
        "name": "-a", "key": "-a", "kind": "option", "option": "-a", "section": None, "location": None, "synopses": [],
        "keys": [], "announced": True, "removed_in": "3.0", "removal_record": {"path": "a.hx", "line": 3, "column": 0},
        "deprecated_since": "2.0", "deprecation_record": {"path": "d.rst", "line": 9, "column": 0}, "replacement": "-b",
    }
    change = Change("-a", "option", [Detail("arch", ["i386"], ["all"]), Detail("default", "a", None)])
    assert change.changes == ["arch i386 -> all", "default"]
    assert change.to_dict() == {"name": "-a", "kind": "option", "changes": ["arch i386 -> all", "default"], "details": [
        {"what": "arch", "before": ["i386"], "after": ["all"]}, {"what": "default", "before": "a", "after": None}]}
    deprecation = DeprecationChange("-a", "form", "said so", where, "1.0", "-b")
    assert deprecation.to_dict() == {"name": "-a", "kind": "form", "evidence": "said so",
                                     "location": {"path": "a.hx", "line": 3, "column": 0}, "since": "1.0", "replacement": "-b"}
    assert Rename("-n", "-o", 0.87654).to_dict() == {"name": "-n", "old_name": "-o", "similarity": 0.877}
    assert NotRead("-t", "old", "why", None).to_dict() == {"name": "-t", "side": "old", "reason": "why", "location": None}
    result = OptionDiff("o", "n", "1", "2", "documented", True, False, ["note"], [entry], [removal], [], [change],
                        [deprecation], [], [])
    assert result.to_dict() == {
        "qdoc_diff": 1, "old": "o", "new": "n", "old_release": "1", "new_release": "2", "compared": "documented",
        "removal_list": True, "deprecation_list": False, "notes": ["note"], "added": [entry.to_dict()],
        "removed": [removal.to_dict()], "renamed": [], "changed": [change.to_dict()],
        "deprecated": [deprecation.to_dict()], "undeprecated": [], "not_read": [],
    }


@pytest.mark.parametrize("field", ["added", "removed", "renamed", "changed", "deprecated", "undeprecated"])
def test_a_diff_is_empty_only_when_nothing_happened(field):
    result = OptionDiff("o", "n", not_read=[NotRead("-t", "old", "why", None)], notes=["a note"])
    assert result.empty
    setattr(result, field, [object()])
    assert not result.empty


def test_a_diff_of_two_releases_names_them_and_their_sources():
    result = tree_diff("7.2.0", "8.2.0")
    assert (result.old_release, result.new_release) == ("7.2.0", "8.2.0")
    assert result.old == f"7.2.0 (hx: {QEMU / '7.2.0' / 'qemu-options.hx'})"
    assert result.new == f"8.2.0 (hx: {QEMU / '8.2.0' / 'qemu-options.hx'})"
    assert diff_option_sets(option_set(option("-a")), option_set(option("-a"))).old == "? (hx: /x/hx)"


# -- What users read: release notes carry the facts --------------------------------------------

def removed_headings(release_: str) -> list[tuple[str, str]]:
    """(heading, removal version) of removed-features.rst's entries, by a plain scan."""
    text = (QEMU / release_ / "docs" / "about" / "removed-features.rst").read_text()
    return re.findall(r"^(.*)\(removed in (\d+\.\d+)\)\s*$", text, re.M)


def test_release_notes_tables_carry_each_removal_its_version_and_replacement():
    """7.2.0 -> 8.2.0 as Markdown and rST: a row per removed key, with the version its entry states."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from markdown_it import MarkdownIt

    from qdoc.reports import diff as reports

    result = tree_diff("7.2.0", "8.2.0")
    gone = keys_of("7.2.0") - keys_of("8.2.0")
    expected_removed = {k for k in gone if not any(k.startswith(g + "/") for g in gone)}
    headings = removed_headings("8.2.0")
    tokens = MarkdownIt("commonmark").enable("table").parse(reports.markdown(result))
    rows, row = [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    removed_rows = {r[0].strip("`"): r for r in rows if r[0].strip("`") in expected_removed}
    assert set(removed_rows) == expected_removed
    for key, cells in removed_rows.items():
        words = {f"``{key.split('/')[0]}", key.split("/")[-1].lstrip("-")}
        [version] = {v for heading, v in headings if all(w in heading for w in words)}
        assert cells[2] == version, (key, cells)
    assert "password-secret" in removed_rows["-spice/password"][4]
    document = publish_doctree(reports.rst(result), settings_overrides={"report_level": 5, "halt_level": 5})
    rst_rows = {r.children[0].astext(): [c.astext() for c in r.children] for r in document.findall(nodes.row)}
    for key, cells in removed_rows.items():
        assert rst_rows[key][2] == cells[2] and " ".join(rst_rows[key][4].split()) == " ".join(cells[4].replace("\\", "").split())
    deprecated = {d.name: d.since for d in result.deprecated}
    assert {k: rst_rows[k][1] for k in deprecated} == deprecated


def test_an_entry_is_located_at_its_definition_else_its_documentation_else_its_first_synopsis():
    by_definition = option("-a")
    by_documentation = Option("-b", synopses=[Synopsis("-b", "rst", Location("p.html", 9))],
                              locations={"documentation": Location("p.html", 4)})
    by_synopsis = Option("-c", synopses=[Synopsis("-c", "rst", Location("p.html", 12))])
    nowhere = Option("-d")
    result = diff_option_sets(option_set(fmt="html"), option_set(by_definition, by_documentation, by_synopsis, nowhere,
                                                                 fmt="html"))
    assert [(a.key, a.location) for a in result.added] == [
        ("-a", Location("test.hx", 7)), ("-b", Location("p.html", 4)), ("-c", Location("p.html", 12)), ("-d", None)]
    assert [(a.section, a.synopses) for a in result.added[:2]] == [("Tests", ["-a value"]), (None, ["-b"])]


def test_an_added_option_holds_every_key_under_it_at_any_depth():
    form = SubOption("f", "form", [Synopsis("-x f", "rst", HERE)], "", HERE, [prop("p", kind="property")])
    result = diff_option_sets(option_set(option("-y", prop("q"))), option_set(option("-y", prop("q", synopsis="q=1"), SubOption(
        "g", "form", [Synopsis("-y g", "rst", HERE)], "", HERE, [prop("r")])), option("-x", form)))
    assert [(a.key, a.kind, a.keys) for a in result.added] == [
        ("-y/g", "form", ["-y/g", "-y/g/r"]), ("-x", "option", ["-x", "-x/f", "-x/f/p"])]
    assert [(c.name, c.kind, c.changes) for c in result.changed] == [("-y/q", "property", ["synopsis"])]


def test_sides_that_only_define_some_options_are_noted_by_name():
    tree = option_set(option("-m"), Option("-M"), Option("-L"), option("-x", prop("p")))
    manual = option_set(option("-m"), option("-M", prop("sub")), option("-L"), option("-x"), fmt="html")
    result = diff_option_sets(tree, manual)
    assert result.notes[-1] == "newly documented, defined before too: -M, -L"
    assert [a.key for a in result.added] == [] and [r.key for r in result.removed] == ["-x/p"]


def test_an_entry_without_a_version_is_listed_as_deprecated_since_an_unknown_one():
    undated = Record("-a", "System emulator command line arguments", "text", Location("deprecated.rst", 3),
                     heading="``-a``")
    result = diff_option_sets(option_set(option("-a")), option_set(option("-a")), new_deprecations=[undated])
    assert [(d.name, d.evidence, d.since) for d in result.deprecated] == [("-a", "listed as deprecated since ?", None)]


def test_a_release_is_compared_by_its_hx_else_its_manual_else_its_system_emulators_binary_output():
    from qdoc.project import ReleaseSources, SourceFile

    def source(fmt, program="qemu-system"):
        made = option_set(option("-a"), fmt=fmt)
        made.program = program
        return SourceFile(made.source.path, "", made)

    img, system, qmp = source("help", "qemu-img"), source("help"), source("qmp")
    assert compared_set(ReleaseSources("7.2", [img, system, qmp])) is system.option_set
    assert compared_set(ReleaseSources("7.2", [img])) is img.option_set
    assert compared_set(ReleaseSources("7.2", [qmp, system])) is qmp.option_set
    assert compared_set(ReleaseSources("7.2", [img, source("html"), source("hx")])).source.format == "hx"
    assert compared_set(ReleaseSources("7.2", [])) is None


def test_lists_given_on_their_own_announce_removals_between_two_manuals():
    """RHEL's 6.2 page against Debian's 7.2 man page, with 7.2's docs/about lists given as ``--records`` does."""
    from qdoc.commands.diff import RECORD_NAMES

    old, new = release(RHEL_PAGE, "6.2.0"), release(MAN_PAGE, "7.2.0")
    alone = diff_releases(old, new)
    assert alone.removal_list is False and alone.removed and {e.announced for e in alone.removed} == {None}
    _, files, _ = collect([str(QEMU / "7.2.0" / "docs" / "about")], None, RECORD_NAMES)
    deprecations = [r for f in files for r in f.option_set.deprecations]
    removals = [r for f in files for r in f.option_set.removals]
    given = diff_releases(old, new, (deprecations, removals))
    assert given.removal_list is True and given.deprecation_list is True and given.removed
    for entry in given.removed:
        heading = at(entry.removal_record).replace("``--", "``-")
        assert entry.announced is True and f"``{entry.key}``" in heading
        assert f"(removed in {entry.removed_in})" in heading or (entry.removed_in is None and "(since " in heading)
    only_deprecations = diff_releases(old, new, (deprecations, []))
    assert only_deprecations.removal_list is False and {e.announced for e in only_deprecations.removed} == {None}


def test_the_option_documented_last_before_a_missing_include_is_found_whatever_the_order_read():
    """Options listed out of their lines' order, two of them documented at one line (one item for both)."""
    def at_line(name, line, *subs):
        made = option(name, *subs)
        made.locations["documentation"] = Location("/t/q.hx", line)
        return made

    old = option_set(at_line("-late", 60, prop("z")), at_line("-fda", 40, prop("x")), at_line("-fdb", 40, prop("y")),
                     at_line("-early", 10, prop("w")))
    lost = Diagnostic("error", "texinfo-include-missing", "@include fd.texi: file not found", Location("/t/q.hx", 45))
    new = option_set(at_line("-late", 60), at_line("-fda", 40), at_line("-fdb", 40), at_line("-early", 10), diagnostics=[lost])
    result = diff_option_sets(old, new)
    assert [(n.name, n.location) for n in result.not_read] == [("-fdb", Location("/t/q.hx", 45))]
    assert sorted(k for e in result.removed for k in e.keys) == ["-early/w", "-fda/x", "-late/z"]


def test_only_a_removed_features_file_makes_a_release_list_its_removals():
    """A texinfo manual's "recently removed" entries are no full list: a removal is not called (un)announced."""
    from qdoc.project import ReleaseSources, SourceFile

    listed = record("-a", removed_in="3.0", path="qemu-doc.texi", line=5)
    old = ReleaseSources("2.0", [SourceFile("old.hx", "", option_set(option("-a"), option("-b"), release_="2.0"))])
    new = ReleaseSources("3.0", [SourceFile("new.hx", "", option_set(option("-b"), removals=[listed], release_="3.0"))])
    result = diff_releases(old, new)
    assert result.removal_list is False
    assert [(r.key, r.announced, r.removed_in) for r in result.removed] == [("-a", None, "3.0")]
    given = diff_releases(old, new, ([], [listed]))
    assert given.removal_list is True and [(r.key, r.announced) for r in given.removed] == [("-a", True)]
