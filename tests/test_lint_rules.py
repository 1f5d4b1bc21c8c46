"""Each lint rule on a small input written for it: one that triggers it, one that does not."""

from __future__ import annotations

import json
import textwrap

import pytest

from qdoc.lint import RULES, run
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.model import Location, OptionSet, Record, RecordTarget, Source
from qdoc.readers.hx import read_hx


def hx(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def source(text: str, path: str = "qemu-options.hx", release: str = "7.2.0") -> SourceFile:
    return SourceFile(path, text, read_hx(text, path, release=release))


def records(kind: str, release: str, entries: list[tuple[str, str | None, str | None]], area="System emulator command line arguments") -> SourceFile:
    """A deprecated.rst / removed-features.rst stand-in: (option, suboption, version) entries."""
    path = f"{release}/{'deprecated' if kind == 'deprecations' else 'removed-features'}.rst"
    made = []
    for line, (option, suboption, version) in enumerate(entries, start=10):
        made.append(
            Record(
                feature=option + (f" {suboption}" if suboption else ""),
                area=area,
                text="",
                location=Location(path, line),
                heading=f"``{option}`` ({'since' if kind == 'deprecations' else 'removed in'} {version})",
                targets=[RecordTarget(option, suboption)],
                since=version if kind == "deprecations" else None,
                removed_in=version if kind == "removals" else None,
                replacement=None,
            )
        )
    option_set = OptionSet(program="qemu-system", source=Source("rst", path), release=release)
    setattr(option_set, kind, made)
    return SourceFile(path, "", option_set)


def lint(*files: SourceFile, select: str, releases: list[list[SourceFile]] | None = None, severity="info"):
    groups = releases or [list(files)]
    project = Project([ReleaseSources(group[0].option_set.release, group) for group in groups])
    return run(project, select=[select], severity=severity)


BASIC = hx(
    """
    DEFHEADING(Standard options:)

    DEF("help", 0, QEMU_OPTION_h,
        "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
    SRST
    ``-h``
        Display help and exit.
    ERST

    DEF("machine", HAS_ARG, QEMU_OPTION_machine,
        "-machine [type=]name[,prop[=value][,...]]\\n"
        "                vmport=on|off|auto controls emulation of vmport (default: auto)\\n",
        QEMU_ARCH_ALL)
    SRST
    ``-machine [type=]name[,prop=value[,...]]``
        Select the machine.

        ``vmport=on|off|auto``
            Emulate VMWare IO port. The default is auto.
    ERST

    DEF("preconfig", 0, QEMU_OPTION_preconfig,
        "--preconfig     pause before machine is initialized\\n", QEMU_ARCH_ALL)
    SRST
    ``--preconfig``
        Pause.
    ERST
    """
)


def test_every_rule_has_a_code_name_and_documentation():
    assert len(RULES) >= 20
    for code, rule in RULES.items():
        assert code.startswith("QD") and len(code) == 5
        assert rule.summary and rule.explanation.startswith(rule.summary)
        assert rule.severity in ("info", "warning", "error")


def test_clean_input_has_no_findings():
    assert lint(source(BASIC), select="QD") == []


# -- missing ---------------------------------------------------------------


def test_qd101_undocumented_def():
    text = BASIC + 'DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)\n'
    found = lint(source(text), select="QD101")
    assert [(f.code, f.location.line) for f in found] == [("QD101", text.count("\n"))]
    assert "-qtest" in found[0].message
    assert lint(source(BASIC), select="QD101") == []  # aliases -h and --preconfig are no findings


def test_qd101_inline_suppression():
    text = BASIC + 'HXCOMM qdoc: ignore QD101\nDEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)\n'
    assert lint(source(text), select="QD101") == []


def test_qd102_documented_without_def():
    text = BASIC + hx(
        """
        DEF("cpu", HAS_ARG, QEMU_OPTION_cpu, "-cpu model\\n", QEMU_ARCH_ALL)
        SRST
        ``-cpu model``
            Select CPU.

        ``-ghost``
            Nobody defines this.
        ERST
        """
    )
    found = lint(source(text), select="QD102")
    assert len(found) == 1 and "-ghost" in found[0].message
    assert lint(source(BASIC), select="QD102") == []


def _help_set(names: list[str], target="x86_64") -> SourceFile:
    from qdoc.model import Option

    option_set = OptionSet(program="qemu-system", source=Source("help", "help.txt"), release="7.2.0", target=target)
    option_set.options = [Option(name=n, locations={"help": Location("help.txt", i + 1)}) for i, n in enumerate(names)]
    return SourceFile("help.txt", "", option_set)


def test_qd103_binary_option_undocumented():
    found = lint(source(BASIC), _help_set(["-help", "-machine", "-preconfig", "-secret-thing"]), select="QD103")
    assert [f.message for f in found] == [
        "the -help of qemu-system-x86_64 lists -secret-thing; the documentation does not: "
        "add an item for -secret-thing to qemu-options.hx"
    ]
    assert lint(source(BASIC), _help_set(["-help", "-machine", "-preconfig"]), select="QD103") == []


def test_qd104_documented_not_in_binary_is_arch_aware():
    text = BASIC + hx(
        """
        DEF("no-hpet", 0, QEMU_OPTION_no_hpet, "-no-hpet        disable HPET\\n", QEMU_ARCH_I386)
        SRST
        ``-no-hpet``
            Disable HPET.
        ERST
        """
    )
    on_arm = lint(source(text), _help_set(["-help", "-machine", "-preconfig"], target="aarch64"), select="QD104")
    assert [(f.severity, "other targets" in f.message) for f in on_arm] == [("info", True)]
    on_x86 = lint(source(text), _help_set(["-help", "-machine", "-preconfig"]), select="QD104")
    assert [f.severity for f in on_x86] == ["warning"]
    assert lint(source(text), _help_set(["-help", "-machine", "-preconfig", "-no-hpet"]), select="QD104") == []


def test_qd105_help_property_undocumented():
    text = BASIC.replace(
        '"                vmport=on|off|auto controls emulation of vmport (default: auto)\\n",',
        '"                vmport=on|off|auto controls emulation of vmport (default: auto)\\n"\n'
        '        "                nvdimm=on|off controls NVDIMM support (default=off)\\n",',
    )
    found = lint(source(text), select="QD105")
    assert len(found) == 1 and "nvdimm" in found[0].message
    assert lint(source(BASIC), select="QD105") == []


def test_qd106_documented_property_not_in_help():
    text = BASIC.replace(
        "Emulate VMWare IO port. The default is auto.\n",
        "Emulate VMWare IO port. The default is auto.\n\n    ``hmat=on|off``\n        ACPI HMAT.\n",
    )
    assert text != BASIC
    found = lint(source(text), select="QD106")
    assert [f.severity for f in found] == ["info"] and "hmat" in found[0].message
    assert lint(source(BASIC), select="QD106") == []


def test_qd107_removed_without_announcement():
    old = source(BASIC, "6.2.0/qemu-options.hx", "6.2.0")
    without_machine = BASIC[: BASIC.index('DEF("machine"')] + BASIC[BASIC.index('DEF("preconfig"') :]
    new = source(without_machine, "7.0.0/qemu-options.hx", "7.0.0")
    found = lint(select="QD107", releases=[[old], [new]])
    assert len(found) == 1 and found[0].message.startswith("-machine is defined in 6.2.0 and gone in 7.0.0")
    assert found[0].location.path == "6.2.0/qemu-options.hx"
    listed = records("removals", "7.0.0", [("-machine", None, "7.0")])
    assert lint(select="QD107", releases=[[old], [new, listed]]) == []


def test_qd107_hidden_option_removed_silently_is_information():
    hidden = BASIC + '\nHXCOMM Silently ignored for compatibility\nDEF("clock", HAS_ARG, QEMU_OPTION_clock, "", QEMU_ARCH_ALL)\n'
    old = source(hidden, "3.1.0/qemu-options.hx", "3.1.0")
    new = source(BASIC, "4.0.0/qemu-options.hx", "4.0.0")
    found = lint(select="QD107", releases=[[old], [new]])
    assert [(f.severity, f.location.line) for f in found] == [("info", hidden.count("\n"))]
    assert "HXCOMM Silently ignored for compatibility" in found[0].message
    assert lint(select="QD107", releases=[[old], [new]], severity="warning") == []



def test_qd107_a_def_whose_block_qemu_emptied_removed_silently_is_information():
    """7.0's -writeconfig: help text kept, SRST block emptied; gone in 7.1 unannounced is no warning."""
    emptied = BASIC + '\nDEF("writeconfig", HAS_ARG, QEMU_OPTION_writeconfig,\n    "-writeconfig <file>\\n", QEMU_ARCH_ALL)\nSRST\nERST\n'
    old = source(emptied, "7.0.0/qemu-options.hx", "7.0.0")
    new = source(BASIC, "7.1.0/qemu-options.hx", "7.1.0")
    found = lint(select="QD107", releases=[[old], [new]])
    assert [(f.severity, f.location.line) for f in found] == [("info", emptied[: emptied.index('DEF("writeconfig"')].count("\n") + 1)]
    assert "SRST block" in found[0].message and "on purpose" in found[0].message
    # The same DEF with a documentation item of its own is an ordinary option: its silent removal a warning.
    documented = emptied.replace("SRST\nERST\n", "SRST\n``-writeconfig file``\n    Write the configuration.\nERST\n")
    found = lint(select="QD107", releases=[[source(documented, "7.0.0/qemu-options.hx", "7.0.0")], [new]])
    assert [f.severity for f in found] == ["warning"]

def test_qd108_removed_but_still_defined():
    found = lint(source(BASIC), records("removals", "7.2.0", [("-machine", None, "7.1")]), select="QD108")
    assert len(found) == 1 and found[0].severity == "error"
    # A removed property of a defined option is not this finding.
    assert lint(source(BASIC), records("removals", "7.2.0", [("-machine", "foo", "7.1")]), select="QD108") == []


# -- deprecated ------------------------------------------------------------

DEPRECATED = BASIC.replace("Pause.\n", "Pause. This option is deprecated, use -machine instead.\n")
assert DEPRECATED != BASIC


def test_qd201_deprecated_but_unlisted():
    found = lint(source(DEPRECATED), records("deprecations", "7.2.0", [("-help", None, "7.0")]), select="QD201")
    assert len(found) == 1 and "-preconfig" in found[0].message
    listed = records("deprecations", "7.2.0", [("-preconfig", None, "7.0")])
    assert lint(source(DEPRECATED), listed, select="QD201") == []


def test_qd202_listed_but_unmarked():
    listed = records("deprecations", "7.2.0", [("-preconfig", None, "7.0")])
    found = lint(source(BASIC), listed, select="QD202")
    assert len(found) == 1 and "-preconfig" in found[0].message
    assert lint(source(DEPRECATED), listed, select="QD202") == []


def test_qd203_deprecation_overdue():
    listed = records("deprecations", "7.2.0", [("-preconfig", None, "6.2")])
    found = lint(source(DEPRECATED), listed, select="QD203")
    assert len(found) == 1 and "3 releases later" in found[0].message
    recent = records("deprecations", "7.2.0", [("-preconfig", None, "7.0")])
    assert lint(source(DEPRECATED), recent, select="QD203") == []


def test_qd204_replacement_unknown():
    text = DEPRECATED.replace("use -machine instead", "use -new-shiny instead")
    found = lint(source(text), select="QD204")
    assert len(found) == 1 and "-new-shiny" in found[0].message
    assert lint(source(DEPRECATED), select="QD204") == []


def test_qd205_documented_after_removal():
    old_list = records("removals", "7.0.0", [("-preconfig", None, "7.0")])
    old = source(BASIC, "7.0.0/qemu-options.hx", "7.0.0")
    later = source(BASIC, "7.2.0/qemu-options.hx", "7.2.0")
    found = lint(select="QD205", releases=[[old, old_list], [later]])
    assert [f.location.path for f in found] == ["7.2.0/qemu-options.hx"]
    gone = BASIC[: BASIC.index('DEF("preconfig"')]
    assert lint(select="QD205", releases=[[old, old_list], [source(gone, "7.2.0/qemu-options.hx", "7.2.0")]]) == []



def test_qd205_a_removed_option_kept_hidden_and_undocumented_is_information():
    """QEMU keeps a removed option's DEF with an empty help string (2.12's ``-tdf``, "Deprecated (ignored)")."""
    old_list = records("removals", "7.0.0", [("-preconfig", None, "7.0")])
    old = source(BASIC, "7.0.0/qemu-options.hx", "7.0.0")
    start = BASIC.index('DEF("preconfig"')
    kept = BASIC[:start] + 'HXCOMM Deprecated (ignored)\nDEF("preconfig", 0, QEMU_OPTION_preconfig, "", QEMU_ARCH_ALL)\n'
    found = lint(select="QD205", releases=[[old, old_list], [source(kept, "7.2.0/qemu-options.hx", "7.2.0")]])
    assert [(f.severity, "on purpose" in f.message) for f in found] == [("info", True)]
    documented = kept + "SRST\n``--preconfig``\n    Pause.\nERST\n"
    found = lint(select="QD205", releases=[[old, old_list], [source(documented, "7.2.0/qemu-options.hx", "7.2.0")]])
    assert [f.severity for f in found] == ["error"]


# -- contradictory ---------------------------------------------------------


def test_qd301_synopsis_mismatch():
    text = BASIC.replace('"-machine [type=]name[,prop[=value][,...]]\\n"', '"-machine [type=]name[,accel=accels]\\n"')
    assert text != BASIC
    found = lint(source(text), select="QD301")
    assert len(found) == 1 and "accel" in found[0].message
    assert lint(source(BASIC), select="QD301") == []


def test_qd302_documented_differently():
    from qdoc.model import Option, Synopsis

    html = OptionSet(program="qemu-system", source=Source("html", "qemu-manpage.html"), release="7.2.0")
    html.options = [Option(name="-machine", synopses=[Synopsis("-machine name", "-machine name", Location("qemu-manpage.html", 40))])]
    found = lint(source(BASIC), SourceFile("qemu-manpage.html", "", html), select="QD302")
    assert len(found) == 1 and found[0].location.line == 40
    html.options[0].synopses[0] = Synopsis("-machine [type=]name[,prop=value[,...]]", "", Location("qemu-manpage.html", 40))
    assert lint(source(BASIC), SourceFile("qemu-manpage.html", "", html), select="QD302") == []


def test_qd303_default_mismatch():
    text = BASIC.replace("The default is auto.", "The default is off.")
    found = lint(source(text), select="QD303")
    assert len(found) == 1 and "-help gives -machine vmport= the default 'auto'; the documentation says 'off'" in found[0].message
    assert lint(source(BASIC), select="QD303") == []


def test_qd304_archheading_mask_mismatch():
    text = BASIC + hx(
        """
        ARCHHEADING(i386 target only:, QEMU_ARCH_I386)

        DEF("no-hpet", 0, QEMU_OPTION_no_hpet, "-no-hpet        disable HPET\\n", QEMU_ARCH_ALL)
        SRST
        ``-no-hpet``
            Disable HPET.
        ERST
        """
    )
    assert len(lint(source(text), select="QD304")) == 1
    assert lint(source(text.replace("disable HPET\\n\", QEMU_ARCH_ALL", "disable HPET\\n\", QEMU_ARCH_I386")), select="QD304") == []


def test_qd305_removal_heading_says_since():
    bad = records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    bad.option_set.removals[0].heading = "``-soundhw`` (since 7.1)"
    assert len(lint(source(BASIC), bad, select="QD305")) == 1
    assert lint(source(BASIC), records("removals", "7.2.0", [("-soundhw", None, "7.1")]), select="QD305") == []


# -- conventions -----------------------------------------------------------


def _deprecation_page(text: str, release: str = "10.2.0") -> SourceFile:
    from qdoc.readers.rst import read_rst

    path = f"{release}/docs/about/deprecated.rst"
    return SourceFile(path, text, read_rst(text, path, release=release))


_PAGE_HEAD = "Deprecated features\n===================\n\nSystem emulator machines\n------------------------\n\n"


def test_qd501_heading_without_version():
    page = _deprecation_page(_PAGE_HEAD + "nanoMIPS ISA\n" + "'" * 12 + "\n\nDeclared deprecated.\n")
    found = lint(page, select="QD501")
    assert [(f.code, f.severity, f.location.line) for f in found] == [("QD501", "warning", 7)]
    assert "'nanoMIPS ISA' states no version" in found[0].message and "(since X.Y)" in found[0].message
    assert lint(page, select="QD001") == []  # a content convention, not a reader problem
    stated = _deprecation_page(_PAGE_HEAD + "nanoMIPS ISA (since 5.2)\n" + "'" * 24 + "\n\nDeclared deprecated.\n")
    assert lint(stated, select="QD501") == []


def test_qd501_entry_underlined_as_an_area():
    page = _deprecation_page(_PAGE_HEAD + "Old stuff (since 7.0)\n" + "'" * 21 + "\n\nGone.\n\n``-runas`` (since 9.1)\n" + "-" * 22 + "\n\nUse -run-with.\n")
    found = lint(page, select="QD501")
    assert [(f.severity, f.location.line) for f in found] == [("warning", 12)]
    assert "'-runas' is underlined as an area" in found[0].message
    assert lint(page, select="QD001") == []


def test_qd501_rolling_entry_is_information():
    page = _deprecation_page(
        _PAGE_HEAD + "Versioned machine types\n" + "'" * 23 + "\n\n"
        "All machine types with version |VER_MACHINE_DEPRECATION_VERSION|, or older, have been deprecated.\n"
    )
    found = lint(page, select="QD501")
    assert [(f.severity, f.location.line) for f in found] == [("info", 7)]
    assert "rolling entry" in found[0].message and "|VER_MACHINE_DEPRECATION_VERSION|" in found[0].message
    assert lint(page, select="QD501", severity="warning") == []


# -- markup ----------------------------------------------------------------


def test_qd401_texinfo_leak_in_rst_block_and_help():
    text = BASIC.replace("Select the machine.", "Select the machine @var{name}.")
    found = lint(source(text), select="QD401")
    line = text.split("\n").index("    Select the machine @var{name}.") + 1
    assert [(f.location.line, f.location.column) for f in found] == [(line, 24)]
    assert lint(source(BASIC), select="QD401") == []


def test_qd401_ignores_texinfo_blocks():
    text = BASIC + hx(
        """
        DEF("cpu", HAS_ARG, QEMU_OPTION_cpu, "-cpu model\\n", QEMU_ARCH_ALL)
        STEXI
        @table @option
        @item -cpu @var{model}
        Select CPU.
        @end table
        ETEXI
        """
    )
    assert lint(source(text), select="QD401") == []


def test_qd402_unbalanced_synopsis():
    text = BASIC.replace("``-machine [type=]name[,prop=value[,...]]``", "``-machine [type=]name[,prop=value[,...]``")
    found = lint(source(text), select="QD402")
    assert len(found) == 1 and "unclosed" in found[0].message
    assert lint(source(BASIC), select="QD402") == []


def test_qd403_html_damage_from_reader_diagnostic():
    from qdoc.model import Diagnostic

    html = OptionSet(program="qemu-system", source=Source("html", "page.html"), release="7.2.0")
    html.diagnostics = [Diagnostic("warning", "html-entity-damage", "placeholder <name> parsed as a tag", Location("page.html", 12))]
    found = lint(SourceFile("page.html", "", html), select="QD403")
    assert [f.location.line for f in found] == [12]
    html.diagnostics = []
    assert lint(SourceFile("page.html", "", html), select="QD403") == []


def test_qd001_reader_warning_is_not_lost():
    text = BASIC + "stray text that is not .hx\n"
    found = lint(source(text), select="QD001")
    assert len(found) == 1 and "hx-stray-text" in found[0].message
    assert lint(source(BASIC), select="QD001") == []


def test_qd204_judges_only_entries_about_the_system_emulator(tmp_path):
    """An entry about qemu-img's or the user-mode emulators' command line names their options, not qemu-options.hx's."""
    from conftest import run_qdoc, small_tree

    tree = small_tree(tmp_path, BASIC)
    (tree / "docs" / "about").mkdir(parents=True)
    entry = "``-old-{n}`` (since 7.0)\n{u}\n\nUse ``-new-{n}`` instead.\n\n"
    sections = [("System emulator command line arguments", "system"), ("User-mode emulator command line arguments", "user"),
                ("qemu-img command line arguments", "img")]
    text = "Deprecated features\n===================\n\n" + "".join(
        f"{title}\n{'-' * len(title)}\n\n" + entry.format(n=n, u="'" * (len(n) + 20)) for title, n in sections
    )
    (tree / "docs" / "about" / "deprecated.rst").write_text(text)
    result = run_qdoc("lint", str(tree), "--select", "QD204", "--format", "json")
    found = [f["message"] for f in json.loads(result.stdout)] if result.stdout.strip() else []
    assert len(found) == 1 and "-new-system" in found[0], (found, result.stderr)


# -- every rule: its trigger input found at the expected line, its clean input not ----------------------


def _line(text: str, needle: str) -> int:
    """The 1-based line of ``needle``'s first occurrence in ``text``."""
    return text.count("\n", 0, text.index(needle)) + 1


def _release_pair(old_text: str, new_text: str, old: str, new: str, *extra_new: SourceFile) -> list[list[SourceFile]]:
    return [[source(old_text, f"{old}/qemu-options.hx", old)], [source(new_text, f"{new}/qemu-options.hx", new), *extra_new]]


def _qd000():
    from qdoc.model import Diagnostic

    error = Diagnostic("error", "input-not-utf8", "invalid UTF-8", Location("bad.hx", 3))
    unread = Project([ReleaseSources("7.2.0", [source(BASIC)])], input_errors=[error], unread=frozenset({"bad.hx"}))
    read = Project([ReleaseSources("7.2.0", [source(BASIC)])])
    return run(unread, select=["QD000"]), [("bad.hx", 3)], run(read, select=["QD000"])


def _qd001():
    text = BASIC + "stray text that is not .hx\n"
    return lint(source(text), select="QD001"), [("qemu-options.hx", _line(text, "stray text"))], lint(source(BASIC), select="QD001")


def _qd101():
    text = BASIC + 'DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)\n'
    return lint(source(text), select="QD101"), [("qemu-options.hx", _line(text, 'DEF("qtest"'))], lint(source(BASIC), select="QD101")


def _qd102():
    text = BASIC + hx(
        """
        DEF("cpu", HAS_ARG, QEMU_OPTION_cpu, "-cpu model\\n", QEMU_ARCH_ALL)
        SRST
        ``-cpu model``
            Select CPU.

        ``-ghost``
            Nobody defines this.
        ERST
        """
    )
    return lint(source(text), select="QD102"), [("qemu-options.hx", _line(text, "``-ghost``"))], lint(source(BASIC), select="QD102")


def _qd103():
    found = lint(source(BASIC), _help_set(["-help", "-machine", "-preconfig", "-secret-thing"]), select="QD103")
    return found, [("help.txt", 4)], lint(source(BASIC), _help_set(["-help", "-machine", "-preconfig"]), select="QD103")


HPET = BASIC + hx(
    """
    DEF("no-hpet", 0, QEMU_OPTION_no_hpet, "-no-hpet        disable HPET\\n", QEMU_ARCH_I386)
    SRST
    ``-no-hpet``
        Disable HPET.
    ERST
    """
)


def _qd104():
    found = lint(source(HPET), _help_set(["-help", "-machine", "-preconfig"]), select="QD104")
    clean = lint(source(HPET), _help_set(["-help", "-machine", "-preconfig", "-no-hpet"]), select="QD104")
    return found, [("qemu-options.hx", _line(HPET, "``-no-hpet``"))], clean


def _qd105():
    text = BASIC.replace(
        '"                vmport=on|off|auto controls emulation of vmport (default: auto)\\n",',
        '"                vmport=on|off|auto controls emulation of vmport (default: auto)\\n"\n'
        '        "                nvdimm=on|off controls NVDIMM support (default=off)\\n",',
    )
    help_text = _line(text, '"-machine [type=]')
    return lint(source(text), select="QD105"), [("qemu-options.hx", help_text)], lint(source(BASIC), select="QD105")


def _qd106():
    text = BASIC.replace("Emulate VMWare IO port. The default is auto.\n", "Emulate VMWare IO port. The default is auto.\n\n    ``hmat=on|off``\n        ACPI HMAT.\n")
    return lint(source(text), select="QD106"), [("qemu-options.hx", _line(text, "``hmat=on|off``"))], lint(source(BASIC), select="QD106")


WITHOUT_MACHINE = BASIC[: BASIC.index('DEF("machine"')] + BASIC[BASIC.index('DEF("preconfig"') :]


def _qd107():
    found = lint(select="QD107", releases=_release_pair(BASIC, WITHOUT_MACHINE, "6.2.0", "7.0.0"))
    listed = records("removals", "7.0.0", [("-machine", None, "7.0")])
    clean = lint(select="QD107", releases=_release_pair(BASIC, WITHOUT_MACHINE, "6.2.0", "7.0.0", listed))
    return found, [("6.2.0/qemu-options.hx", _line(BASIC, 'DEF("machine"'))], clean


def _qd108():
    found = lint(source(BASIC), records("removals", "7.2.0", [("-machine", None, "7.1")]), select="QD108")
    clean = lint(source(BASIC), records("removals", "7.2.0", [("-machine", "foo", "7.1")]), select="QD108")  # a property of it
    return found, [("7.2.0/removed-features.rst", 10)], clean  # the entry


def _qd109():
    from test_lint_sources import HMP, STOP_BEFORE_ITS_ENTRY, hmp_lint

    moved = HMP + STOP_BEFORE_ITS_ENTRY
    return hmp_lint(moved, "QD109"), [("hmp-commands.hx", _line(moved, "``stop``"))], hmp_lint(HMP, "QD109")


def _qd110():
    from test_lint_sources import QMP_HX, qmp_project

    found = run(qmp_project(["romfile", "bootindex"]), select=["QD110"])  # warnings: the implied romfile= is information
    return found, [("qemu-options.hx", _line(QMP_HX, "``-option-rom file``"))], run(qmp_project(["romfile"]), select=["QD110"])


def _qd201():
    found = lint(source(DEPRECATED), records("deprecations", "7.2.0", [("-help", None, "7.0")]), select="QD201")
    clean = lint(source(DEPRECATED), records("deprecations", "7.2.0", [("-preconfig", None, "7.0")]), select="QD201")
    return found, [("qemu-options.hx", _line(DEPRECATED, "Pause. This option is deprecated"))], clean


def _qd202():
    listed = records("deprecations", "7.2.0", [("-preconfig", None, "7.0")])
    return lint(source(BASIC), listed, select="QD202"), [("qemu-options.hx", _line(BASIC, "``--preconfig``"))], lint(source(DEPRECATED), listed, select="QD202")


def _qd203():
    found = lint(source(DEPRECATED), records("deprecations", "7.2.0", [("-preconfig", None, "6.2")]), select="QD203")
    clean = lint(source(DEPRECATED), records("deprecations", "7.2.0", [("-preconfig", None, "7.0")]), select="QD203")
    return found, [("7.2.0/deprecated.rst", 10)], clean


def _qd204():
    text = DEPRECATED.replace("use -machine instead", "use -new-shiny instead")
    return lint(source(text), select="QD204"), [("qemu-options.hx", _line(text, "use -new-shiny"))], lint(source(DEPRECATED), select="QD204")


def _qd205():
    old_list = records("removals", "7.0.0", [("-preconfig", None, "7.0")])
    old = source(BASIC, "7.0.0/qemu-options.hx", "7.0.0")
    found = lint(select="QD205", releases=[[old, old_list], [source(BASIC, "7.2.0/qemu-options.hx", "7.2.0")]])
    gone = BASIC[: BASIC.index('DEF("preconfig"')]
    clean = lint(select="QD205", releases=[[old, old_list], [source(gone, "7.2.0/qemu-options.hx", "7.2.0")]])
    return found, [("7.2.0/qemu-options.hx", _line(BASIC, 'DEF("preconfig"'))], clean


def _qd301():
    text = BASIC.replace('"-machine [type=]name[,prop[=value][,...]]\\n"', '"-machine [type=]name[,accel=accels]\\n"')
    return lint(source(text), select="QD301"), [("qemu-options.hx", _line(text, "``-machine [type=]"))], lint(source(BASIC), select="QD301")


def _qd302():
    from qdoc.model import Option, Synopsis

    def page(synopsis: str) -> SourceFile:
        html = OptionSet(program="qemu-system", source=Source("html", "qemu-manpage.html"), release="7.2.0")
        html.options = [Option(name="-machine", synopses=[Synopsis(synopsis, "", Location("qemu-manpage.html", 40))])]
        return SourceFile("qemu-manpage.html", "", html)

    found = lint(source(BASIC), page("-machine name"), select="QD302")
    return found, [("qemu-manpage.html", 40)], lint(source(BASIC), page("-machine [type=]name[,prop=value[,...]]"), select="QD302")


def _qd303():
    text = BASIC.replace("The default is auto.", "The default is off.")
    return lint(source(text), select="QD303"), [("qemu-options.hx", _line(text, "``vmport=on|off|auto``"))], lint(source(BASIC), select="QD303")


def _qd304():
    text = BASIC + hx(
        """
        ARCHHEADING(i386 target only:, QEMU_ARCH_I386)

        DEF("no-hpet", 0, QEMU_OPTION_no_hpet, "-no-hpet        disable HPET\\n", QEMU_ARCH_ALL)
        SRST
        ``-no-hpet``
            Disable HPET.
        ERST
        """
    )
    clean = text.replace('disable HPET\\n", QEMU_ARCH_ALL', 'disable HPET\\n", QEMU_ARCH_I386')
    return lint(source(text), select="QD304"), [("qemu-options.hx", _line(text, 'DEF("no-hpet"'))], lint(source(clean), select="QD304")


def _qd305():
    bad = records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    bad.option_set.removals[0].heading = "``-soundhw`` (since 7.1)"
    clean = lint(source(BASIC), records("removals", "7.2.0", [("-soundhw", None, "7.1")]), select="QD305")
    return lint(source(BASIC), bad, select="QD305"), [("7.2.0/removed-features.rst", 10)], clean


def _qd310():
    from test_lint_sources import HMP, hmp_lint

    fixed = HMP.replace('"[-d] [-r] uri"', '"[-d] uri"').replace('"nbd_server_stop"', '""')
    expected = [("hmp-commands.hx", _line(HMP, "``migrate [-d]``")), ("hmp-commands.hx", _line(HMP, '{\n        .name       = "nbd_server_stop"'))]
    return hmp_lint(HMP, "QD310"), expected, hmp_lint(fixed, "QD310")


def _qd401():
    text = BASIC.replace("Select the machine.", "Select the machine @var{name}.")
    return lint(source(text), select="QD401"), [("qemu-options.hx", _line(text, "@var{name}"))], lint(source(BASIC), select="QD401")


def _qd402():
    text = BASIC.replace("``-machine [type=]name[,prop=value[,...]]``", "``-machine [type=]name[,prop=value[,...]``")
    return lint(source(text), select="QD402"), [("qemu-options.hx", _line(text, "``-machine [type=]"))], lint(source(BASIC), select="QD402")


def _qd403():
    from qdoc.model import Diagnostic

    def page(*diagnostics) -> SourceFile:
        html = OptionSet(program="qemu-system", source=Source("html", "page.html"), release="7.2.0")
        html.diagnostics = list(diagnostics)
        return SourceFile("page.html", "", html)

    damage = Diagnostic("warning", "html-entity-damage", "placeholder <name> parsed as a tag", Location("page.html", 12))
    return lint(page(damage), select="QD403"), [("page.html", 12)], lint(page(), select="QD403")


def _qd501():
    text = _PAGE_HEAD + "nanoMIPS ISA\n" + "'" * 12 + "\n\nDeclared deprecated.\n"
    stated = _PAGE_HEAD + "nanoMIPS ISA (since 5.2)\n" + "'" * 24 + "\n\nDeclared deprecated.\n"
    return lint(_deprecation_page(text), select="QD501"), [("10.2.0/docs/about/deprecated.rst", _line(text, "nanoMIPS"))], lint(_deprecation_page(stated), select="QD501")


#: Each rule's trigger: () -> (findings on the input that triggers it, their expected (path, line), findings on one that does not).
TRIGGERS = {
    "QD000": _qd000,
    "QD001": _qd001,
    "QD101": _qd101,
    "QD102": _qd102,
    "QD103": _qd103,
    "QD104": _qd104,
    "QD105": _qd105,
    "QD106": _qd106,
    "QD107": _qd107,
    "QD108": _qd108,
    "QD109": _qd109,
    "QD110": _qd110,
    "QD201": _qd201,
    "QD202": _qd202,
    "QD203": _qd203,
    "QD204": _qd204,
    "QD205": _qd205,
    "QD301": _qd301,
    "QD302": _qd302,
    "QD303": _qd303,
    "QD304": _qd304,
    "QD305": _qd305,
    "QD310": _qd310,
    "QD401": _qd401,
    "QD402": _qd402,
    "QD403": _qd403,
    "QD501": _qd501,
}


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_finds_its_trigger_at_its_line_and_nothing_in_the_clean_input(code):
    """A rule without an entry in TRIGGERS fails here, and so does a check that stops finding its trigger.

    The trigger inputs are the small inputs of the tests above (or of
    test_lint_sources.py for the HMP and QMP rules); each is linted with
    only its rule selected, information included (QD000 and QD110 at
    warning level).
    """
    assert code in TRIGGERS, f"{code} has no trigger input: add a _{code.lower()}() above"
    found, expected, clean = TRIGGERS[code]()
    assert [(f.code, f.location.path, f.location.line) for f in found] == [(code, path, line) for path, line in expected]
    assert clean == []
