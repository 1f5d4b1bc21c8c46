"""The edges of lint's checks (contradictory, conventions, deprecated, hmp, markup, qmp), each on a small input.

Each test pins one behaviour a check's docstring promises, or the facts its
message must name (the option, the key, the replacement, the version, the
file to fix): a maintainer acts on the message, so a word lost from it is a
bug.  Expectations are written by hand from the input; nothing here copies
qdoc's output.  The trigger/no-trigger pair of each rule is in
tests/test_lint_rules.py; these are the branches and words those leave open.
"""

from __future__ import annotations

import textwrap

from qdoc.lint import run
from qdoc.model import Diagnostic, Location, Option, OptionSet, Record, RecordTarget, Source, Synopsis
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.readers.hx import read_hx


def hx_source(text: str, path: str = "qemu-options.hx", release: str = "7.2.0") -> SourceFile:
    text = textwrap.dedent(text).lstrip("\n")
    return SourceFile(path, text, read_hx(text, path, release=release))


def one_option(name: str, help_lines: list[str], doc: str, *, arch: str = "QEMU_ARCH_ALL") -> str:
    """An .hx file of one DEF: its -help lines (one C string each) and its SRST block."""
    strings = "".join(f'    "{line}\\n"\n' for line in help_lines)
    return (
        "DEFHEADING(Standard options:)\n\n"
        f"DEF(\"{name}\", HAS_ARG, QEMU_OPTION_{name.replace('-', '_')},\n{strings}    , {arch})\n"
        f"SRST\n{textwrap.dedent(doc).strip(chr(10))}\nERST\n"
    )


def lint(*files: SourceFile, select: str, releases: list[list[SourceFile]] | None = None, severity: str = "info"):
    groups = releases or [list(files)]
    project = Project([ReleaseSources(group[0].option_set.release, group) for group in groups])
    return run(project, select=[select], severity=severity)


def agree(*sentences: str) -> str:
    """A QD301 message: its problems in order, joined by "; ", then the advice."""
    return "; ".join(sentences) + ": make the DEF's help text and the documentation agree"


# -- QD301 synopsis-mismatch -------------------------------------------------------------


def test_qd301_names_each_difference_of_a_one_form_option_as_a_sentence_of_its_own():
    text = one_option("tpm", ["-tpm a=x,b=on|off"], "``-tpm [a=x][,b=on|off|auto][,c=y]``\n    TPM.")
    [finding] = lint(hx_source(text), select="QD301")
    assert finding.message == agree(
        "the documentation of -tpm names `c=`; -help does not",
        "b= takes off|on in -help, auto|off|on in the documentation",
        "a= is required in -help but not in the documentation",
        "b= is required in -help but not in the documentation",
    )
    assert finding.location.line == text.split("\n").index("``-tpm [a=x][,b=on|off|auto][,c=y]``") + 1


def test_qd301_says_optional_when_the_documentation_requires_a_key_help_makes_optional():
    text = one_option("tpm", ["-tpm [a=x]"], "``-tpm a=x``\n    TPM.")
    [finding] = lint(hx_source(text), select="QD301")
    assert finding.message == agree("a= is optional in -help but not in the documentation")


def test_qd301_compares_required_keys_only_between_one_synopsis_on_each_side():
    """Two -help synopses may split what one documented synopsis says: which key is required is not compared."""
    text = one_option("tpm", ["-tpm a=x", "-tpm help"], "``-tpm [a=x]``\n    TPM.")
    assert lint(hx_source(text), select="QD301") == []
    [finding] = lint(hx_source(text.replace('"-tpm help\\n"', "")), select="QD301")
    assert finding.message == agree("a= is required in -help but not in the documentation")


def test_qd301_names_every_key_help_documents_and_the_documentation_lacks():
    text = one_option("tpm", ["-tpm [a=x][,b=y][,c=z]"], "``-tpm [a=x]``\n    TPM.")
    [finding] = lint(hx_source(text), select="QD301")
    assert finding.message == agree("-help documents `b=` and `c=` for -tpm; the documentation does not")


def test_qd301_a_key_the_documentation_text_uses_is_documented():
    text = one_option("tpm", ["-tpm [a=x][,b=y]"], "``-tpm [a=x]``\n    TPM; add b=y to go faster.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_counts_the_keys_of_an_option_whose_keys_the_documentation_says_it_accepts_all_of():
    text = one_option("blk", ["-blk [a=x][,b=y]"], "``-blk [a=x][,b=y]``\n    Block.") + one_option(
        "drv", ["-drv [a=x][,b=y]"], "``-drv [a=x]``\n    Drive; accepts all options that are accepted by ``-blk``."
    ).replace("DEFHEADING(Standard options:)\n\n", "")
    assert lint(hx_source(text), select="QD301") == []
    alone = text.replace("accepts all options that are accepted by ``-blk``", "drives")
    [finding] = lint(hx_source(alone), select="QD301")
    assert finding.message == agree("-help documents `b=` for -drv; the documentation does not")


def test_qd301_a_key_the_documentation_text_shows_as_a_literal_is_documented():
    text = one_option("tpm", ["-tpm [a=x][,b=y]"], "``-tpm [a=x]``\n    TPM, see ``b``.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_a_documented_key_the_help_prose_names_is_no_key_help_lacks():
    text = one_option("tpm", ["-tpm [a=x]", "                use 'FD=h' for it"], "``-tpm [a=x][,fd=h]``\n    TPM.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_a_whole_options_stand_in_is_no_key_when_its_text_uses_the_keys_help_lists():
    """``-action event=action`` documents the keys -help lists (``reboot=``, ``shutdown=``) in its text."""
    text = one_option("tpm", ["-tpm [a=x][,b=y]"], "``-tpm event=action``\n    Use a=x or b=y.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_choices_given_on_one_side_only_are_no_difference():
    text = one_option("tpm", ["-tpm [a=x][,b=on|off]"], "``-tpm [a=x][,b=y]``\n    TPM.")
    assert lint(hx_source(text), select="QD301") == []
    assert lint(hx_source(text.replace("b=on|off]", "b=y]").replace("b=y]``", "b=on|off]``")), select="QD301") == []


def test_qd301_an_undocumented_def_is_no_synopsis_mismatch():
    text = 'DEFHEADING(x)\n\nDEF("tpm", HAS_ARG, QEMU_OPTION_tpm, "-tpm [a=x]\\n", QEMU_ARCH_ALL)\n'
    assert lint(hx_source(text), select="QD301") == []


NET = one_option(
    "net", ["-net user,id=str[,ipv4=on|off]", "                user mode", "-net tap,id=str[,fd=h]", "                tap mode"],
    """
    ``-net user,id=str[,ipv4=on|off]``
        User.

    ``-net tap,id=str[,fd=h]``
        Tap.
    """,
)
NET_TAP_HELP = '    "-net tap,id=str[,fd=h]\\n"\n    "                tap mode\\n"\n'


def _line_of(text: str, line: str) -> int:
    return text.split("\n").index(line) + 1


def test_qd301_a_form_of_help_without_an_item_names_its_synopsis_at_the_options_documentation():
    text = NET.replace("``-net tap,id=str[,fd=h]``\n    Tap.\n", "")
    assert [(f.location.line, f.message) for f in lint(hx_source(text), select="QD301")] == [(
        _line_of(text, "``-net user,id=str[,ipv4=on|off]``"),
        agree("-help documents -net tap (-net tap,id=str[,fd=h]); the documentation has no item for it"),
    )]


def test_qd301_a_documented_form_help_lacks_is_reported_at_its_item():
    text = NET.replace(NET_TAP_HELP, "")
    assert text != NET
    assert [(f.location.line, f.message) for f in lint(hx_source(text), select="QD301")] == [(
        _line_of(text, "``-net tap,id=str[,fd=h]``"), agree("the documentation describes -net tap; -help has no synopsis for it"),
    )]


def test_qd301_compares_the_keys_and_choices_of_each_form_at_its_item():
    extra = NET.replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str[,fd=h][,q=n]``")
    assert [(f.location.line, f.message) for f in lint(hx_source(extra), select="QD301")] == [
        (_line_of(extra, "``-net tap,id=str[,fd=h][,q=n]``"), agree("the documentation of -net tap names `q=`; -help does not")),
    ]
    lacking = NET.replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str``")
    assert [f.message for f in lint(hx_source(lacking), select="QD301")] == [
        agree("-help documents `fd=` for -net tap; the documentation does not")
    ]
    choices = NET.replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str[,fd=on|off]``").replace("[,fd=h]\\n", "[,fd=on|off|auto]\\n")
    assert [f.message for f in lint(hx_source(choices), select="QD301")] == [
        agree("fd= takes auto|off|on in -help, off|on in the documentation")
    ]
    assert lint(hx_source(NET), select="QD301") == []


def test_qd301_compares_choices_without_regard_to_case():
    text = one_option("tpm", ["-tpm [acc=Xen|KVM]"], "``-tpm [acc=xen|kvm]``\n    TPM.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_a_key_a_forms_item_text_uses_is_documented_for_that_form():
    text = NET.replace("[,fd=h]\\n", "[,fd=h][,br=b]\\n").replace("    Tap.", "    Tap, on the bridge br=b.")
    assert lint(hx_source(text), select="QD301") == []
    assert len(lint(hx_source(text.replace("br=b.", "bridge.")), select="QD301")) == 1


def test_qd301_a_one_letter_key_of_a_form_help_lacks_is_reported():
    text = NET.replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str[,fd=h][,x=1]``")
    assert [f.message for f in lint(hx_source(text), select="QD301")] == [agree("the documentation of -net tap names `x=`; -help does not")]


def test_qd301_the_keys_of_a_help_synopsis_for_every_form_count_for_each_form():
    generic = '    "-net type,id=str[,q=n]\\n"\n'
    text = NET.replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str[,fd=h][,q=n]``").replace(
        "``-net user,id=str[,ipv4=on|off]``", "``-net user,id=str[,ipv4=on|off][,q=n]``")
    with_generic = text.replace('    "-net user,', generic + '    "-net user,', 1)
    assert with_generic != text
    assert lint(hx_source(with_generic), select="QD301") == []
    assert len(lint(hx_source(text), select="QD301")) == 2


def test_qd301_a_documented_form_help_lacks_does_not_hide_the_other_forms_differences():
    vde = "``-net vde,id=str``\n    VDE.\n\n"
    text = NET.replace("``-net tap,id=str[,fd=h]``", vde + "``-net tap,id=str[,fd=h][,q=n]``")
    assert sorted(f.message for f in lint(hx_source(text), select="QD301")) == [
        agree("the documentation describes -net vde; -help has no synopsis for it"),
        agree("the documentation of -net tap names `q=`; -help does not"),
    ]


def test_qd301_a_forms_differences_are_one_finding_and_its_text_never_stands_in_for_its_keys():
    text = NET.replace("[,fd=h]\\n", "[,fd=h][,br=b]\\n").replace("``-net tap,id=str[,fd=h]``", "``-net tap,id=str[,q=n]``")
    assert [f.message for f in lint(hx_source(text), select="QD301")] == [
        agree("-help documents `br=` and `fd=` for -net tap; the documentation does not",
              "the documentation of -net tap names `q=`; -help does not")
    ]
    mentioned = text.replace("    Tap.", "    Tap, on the bridge br=b with fd=h.")
    assert [f.message for f in lint(hx_source(mentioned), select="QD301")] == [
        agree("the documentation of -net tap names `q=`; -help does not")
    ]


def test_qd301_a_placeholder_choice_is_the_same_choice_with_or_without_angle_brackets():
    """``-rtc base=utc|localtime|<datetime>``: the documentation may write ``datetime``."""
    text = one_option("tpm", ["-tpm [base=utc|<datetime>]"], "``-tpm [base=utc|datetime]``\n    TPM.")
    assert lint(hx_source(text), select="QD301") == []


def test_qd301_an_item_naming_a_key_without_a_value_documents_it_without_choices():
    text = one_option("tpm", ["-tpm [a=x][,mode=on|off]"], "``-tpm [a=x]``\n    TPM.\n\n    ``mode``\n        The mode, on or off.")
    assert lint(hx_source(text), select="QD301") == []


# -- QD302 documented-differently ---------------------------------------------------------


def _page(options: list[Option], fmt: str = "html", path: str = "qemu-manpage.html") -> SourceFile:
    page = OptionSet(program="qemu-system", source=Source(fmt, path), release="7.2.0")
    page.options = options
    return SourceFile(path, "", page)


def _synopsis(text: str, line: int, path: str = "qemu-manpage.html") -> Synopsis:
    return Synopsis(text, text, Location(path, line))


TWO_SYNOPSES = one_option("tpm", ["-tpm a=x", "-tpm help"], "``-tpm a=x``\n    TPM.\n\n``-tpm help``\n    List them.")


def test_qd302_names_the_page_format_the_synopsis_and_the_hx_it_differs_from():
    page = _page([Option(name="-tpm", synopses=[_synopsis("-tpm a=y", 40), _synopsis("-tpm help", 41)])], "man", "qemu.1")
    [finding] = lint(hx_source(TWO_SYNOPSES, "7.2.0/qemu-options.hx"), page, select="QD302")
    assert finding.location.line == 40
    assert "the man page gives -tpm the synopsis '-tpm a=y', which 7.2.0/qemu-options.hx does not" in finding.message
    assert finding.message.endswith(": rebuild the page from this release's .hx")


def test_qd302_a_page_with_fewer_synopses_says_so():
    page = _page([Option(name="-tpm", synopses=[_synopsis("-tpm a=x", 40)])])
    [finding] = lint(hx_source(TWO_SYNOPSES), page, select="QD302")
    assert "the html page gives -tpm fewer synopses than qemu-options.hx" in finding.message


def test_qd302_ignores_literal_markup_and_spacing():
    page = _page([Option(name="-tpm", synopses=[_synopsis("``-tpm``   a=x", 40), _synopsis("-tpm help", 41)])])
    assert lint(hx_source(TWO_SYNOPSES), page, select="QD302") == []


def test_qd302_names_at_most_two_synopses_the_hx_lacks_in_order():
    others = [_synopsis(text, 40 + i) for i, text in enumerate(["-tpm c=z", "-tpm a=y", "-tpm b=y"])]
    [finding] = lint(hx_source(TWO_SYNOPSES), _page([Option(name="-tpm", synopses=others)]), select="QD302")
    assert "gives -tpm the synopsis '-tpm a=y; -tpm b=y', which" in finding.message


def test_qd302_compares_only_options_both_sides_document_with_synopses():
    undocumented = one_option("tpm", ["-tpm a=x"], "").replace("SRST\n\nERST\n", "")
    page = _page([Option(name="-tpm", synopses=[_synopsis("-tpm b=y", 40)]), Option(name="-ghost", synopses=[_synopsis("-ghost", 41)])])
    assert lint(hx_source(undocumented), page, select="QD302") == []
    assert lint(hx_source(TWO_SYNOPSES), _page([Option(name="-tpm")]), select="QD302") == []


# -- QD303 default-mismatch ---------------------------------------------------------------

DEFAULTS = one_option(
    "tpm",
    ["-tpm [mode=on|off|auto]", "                mode=on|off|auto sets the mode (default: auto)"],
    """
    ``-tpm [mode=on|off|auto]``
        TPM.

        ``mode=on|off|auto``
            The mode. The default is auto.
    """,
)


def test_qd303_a_default_stated_in_other_case_or_quotes_agrees():
    assert lint(hx_source(DEFAULTS.replace("The default is auto.", "The default is \"AUTO\".")), select="QD303") == []


def test_qd303_names_the_option_property_and_both_defaults():
    text = DEFAULTS.replace("The default is auto.", "The default is off.")
    [finding] = lint(hx_source(text), select="QD303")
    assert finding.message == "-help gives -tpm mode= the default 'auto'; the documentation says 'off': make them agree"


def test_qd303_reads_help_defaults_written_with_an_equals_sign_or_a_property_prefix():
    text = DEFAULTS.replace("mode=on|off|auto sets the mode (default: auto)", "property mode=on|off|auto sets (default=auto)")
    assert lint(hx_source(text), select="QD303") == []
    [finding] = lint(hx_source(text.replace("The default is auto.", "The default is on.")), select="QD303")
    assert "the default 'auto'; the documentation says 'on'" in finding.message


def test_qd303_a_default_in_prose_that_is_no_choice_is_not_compared():
    text = DEFAULTS.replace("The default is auto.", "The default is full acceleration.")
    assert lint(hx_source(text), select="QD303") == []


def test_qd303_strips_quotes_from_the_help_default_too():
    text = DEFAULTS.replace("(default: auto)", "(default: 'auto')")
    assert lint(hx_source(text), select="QD303") == []


def test_qd303_compares_only_properties_with_a_default_on_both_sides():
    no_help_default = DEFAULTS.replace(" (default: auto)", "")
    assert lint(hx_source(no_help_default.replace("The default is auto.", "The default is off.")), select="QD303") == []
    assert lint(hx_source(DEFAULTS.replace(" The default is auto.", "")), select="QD303") == []


def test_qd303_a_property_named_with_a_capital_letter_is_compared():
    text = DEFAULTS.replace("mode=on|off|auto sets", "Mode=on|off|auto sets").replace("``mode=on|off|auto``", "``Mode=on|off|auto``")
    [finding] = lint(hx_source(text.replace("The default is auto.", "The default is off.")), select="QD303")
    assert "-tpm Mode= the default 'auto'" in finding.message


# -- QD304 archheading-mask-mismatch ----------------------------------------------------------

ARCH = """
ARCHHEADING(i386 target only:, QEMU_ARCH_I386)

DEF("no-hpet", 0, QEMU_OPTION_no_hpet, "-no-hpet        disable HPET\\n", MASK)
SRST
``-no-hpet``
    Disable HPET.
ERST
"""


def test_qd304_names_the_heading_its_targets_and_the_mask_as_written():
    [finding] = lint(hx_source(ARCH.replace("MASK", "QEMU_ARCH_ARM | QEMU_ARCH_PPC")), select="QD304")
    assert finding.message == (
        "-no-hpet is documented under 'i386 target only' (i386), but its DEF mask is QEMU_ARCH_ARM | QEMU_ARCH_PPC: "
        "move the option or correct the mask"
    )
    assert finding.location.line == 3


def test_qd304_a_mask_that_includes_the_heading_target_agrees():
    assert lint(hx_source(ARCH.replace("MASK", "QEMU_ARCH_I386 | QEMU_ARCH_ARM")), select="QD304") == []


def test_qd304_a_def_without_a_mask_is_said_to_have_an_empty_one():
    [finding] = lint(hx_source(ARCH.replace("MASK", "")), select="QD304")
    assert "but its DEF mask is empty: move the option" in finding.message


# -- QD305 removal-heading-since ------------------------------------------------------------


def _records(kind: str, release: str, entries, area: str = "System emulator command line arguments") -> SourceFile:
    """A deprecated.rst / removed-features.rst stand-in: (option, suboption, version) entries."""
    path = f"{release}/{'deprecated' if kind == 'deprecations' else 'removed-features'}.rst"
    made = []
    for line, (option, suboption, version) in enumerate(entries, start=10):
        made.append(Record(
            feature=option + (f" {suboption}" if suboption else ""), area=area, text="", location=Location(path, line),
            heading=f"``{option}`` ({'since' if kind == 'deprecations' else 'removed in'} {version})",
            targets=[RecordTarget(option, suboption)],
            since=version if kind == "deprecations" else None, removed_in=version if kind == "removals" else None,
            replacement=None,
        ))
    option_set = OptionSet(program="qemu-system", source=Source("rst", path), release=release)
    setattr(option_set, kind, made)
    return SourceFile(path, "", option_set)


def test_qd305_quotes_the_heading_and_asks_for_removed_in():
    bad = _records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    bad.option_set.removals[0].heading = "``-soundhw`` (since 7.1)"
    [finding] = lint(hx_source(TWO_SYNOPSES), bad, select="QD305")
    assert finding.message.startswith("removed-features heading '``-soundhw`` (since 7.1)' says 'since'")
    assert finding.message.endswith("write '(removed in X.Y)'")


def test_qd305_reads_the_feature_when_the_record_has_no_heading():
    bad = _records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    bad.option_set.removals[0].heading = None
    bad.option_set.removals[0].feature = "-soundhw (since 7.1)"
    [finding] = lint(hx_source(TWO_SYNOPSES), bad, select="QD305")
    assert "'-soundhw (since 7.1)'" in finding.message


def test_qd305_a_heading_that_says_both_since_and_removed_in_is_no_finding():
    both = _records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    both.option_set.removals[0].heading = "``-soundhw`` (since 5.1, removed in 7.1)"
    assert lint(hx_source(TWO_SYNOPSES), both, select="QD305") == []


# -- QD501 heading-convention -------------------------------------------------------------


def _list_page(text: str, name: str = "deprecated.rst", release: str = "10.2.0") -> SourceFile:
    from qdoc.readers.rst import read_rst

    path = f"{release}/docs/about/{name}"
    return SourceFile(path, text, read_rst(text, path, release=release))


def _entries(title: str, *entries: tuple[str, str, str]) -> str:
    """A list page of one area: each entry (heading, underline character, text)."""
    area = "System emulator command line arguments"
    body = "".join(f"{heading}\n{mark * (len(heading) + 2)}\n\n{text}\n\n" for heading, mark, text in entries)
    return f"{title}\n{'=' * len(title)}\n\n{area}\n{'-' * len(area)}\n\n" + body


def test_qd501_a_removal_entry_is_asked_for_removed_in_and_the_list_named_removed_features():
    page = _list_page(_entries("Removed features", ("``-soundhw``", "'", "Gone.")), "removed-features.rst")
    [finding] = lint(page, select="QD501")
    assert finding.message == (
        "removed-features entry '-soundhw' states no version; the list's entries end their heading with '(removed in X.Y)'"
    )


def test_qd501_a_removal_entry_underlined_as_an_area_names_the_list_and_the_area_it_was_read_under():
    page = _list_page(
        _entries("Removed features", ("``-soundhw`` (removed in 7.1)", "'", "Gone."), ("``-runas`` (removed in 9.1)", "-", "Use -run-with.")),
        "removed-features.rst",
    )
    [finding] = lint(page, select="QD501")
    assert finding.message == (
        "removed-features entry '-runas' is underlined as an area (read as an entry of 'System emulator command line arguments'): "
        "underline it as the list's other entries are"
    )


def test_qd501_a_removal_heading_that_says_since_is_left_to_qd305():
    page = _list_page(_entries("Removed features", ("``-bar`` (since 7.0)", "'", "Gone.")), "removed-features.rst")
    assert [d.code for d in page.option_set.diagnostics if d.severity == "warning"] == ["rst-heading-convention"]
    assert lint(page, select="QD501") == []


def test_qd501_an_entry_with_a_version_is_no_rolling_entry_even_if_its_text_has_a_substitution():
    page = _list_page(_entries("Deprecated features", (
        "Old boards (Since 7.0)", "'", "All machine types with version |VER_MACHINE_DEPRECATION_VERSION|, or older.",
    )))
    [finding] = lint(page, select="QD501")
    assert (finding.severity, finding.message) == (
        "warning",
        "deprecation list entry 'Old boards' 'Since' is capitalised; the list's entries end their heading with '(since X.Y)'",
    )


def _diagnosed_list(*diagnostics: Diagnostic, path: str = "deprecated.rst") -> SourceFile:
    """A list whose reader reported ``diagnostics`` at lines where it kept no record."""
    option_set = OptionSet(program="qemu-system", source=Source("rst", path), release="7.2.0")
    option_set.diagnostics = list(diagnostics)
    return SourceFile(path, "", option_set)


def test_qd501_a_heading_problem_without_its_record_keeps_the_readers_words():
    page = _diagnosed_list(
        Diagnostic("warning", "rst-heading-convention", "heading 'x' states no version: expected '(since X.Y)'", Location("deprecated.rst", 5)),
        Diagnostic("warning", "rst-entry-level", "entry 'y' has an area's heading level", Location("deprecated.rst", 9)),
        Diagnostic("warning", "rst-heading-convention", "heading 'z' 'Since' is capitalised", None),
        Diagnostic("warning", "rst-heading-convention", "heading 'w: expected' states no version: expected '(since X.Y)'",
                   Location("deprecated.rst", 12)),
    )
    assert [(f.location.line if f.location else None, f.message) for f in lint(page, select="QD501")] == [
        (None, "heading 'z' 'Since' is capitalised; the list's entries end their heading with '(since X.Y)'"),
        (5, "heading 'x' states no version; the list's entries end their heading with '(since X.Y)'"),
        (9, "entry 'y' has an area's heading level; underline it as the list's other entries are"),
        (12, "heading 'w: expected' states no version; the list's entries end their heading with '(since X.Y)'"),
    ]


def test_qd501_a_problem_at_an_entrys_line_in_other_words_is_said_of_that_entry():
    listing = _records("deprecations", "7.2.0", [("-x", None, "7.0")])
    listing.option_set.diagnostics = [
        Diagnostic("warning", "rst-heading-convention", "odd heading: expected '(since X.Y)'", Location(listing.path, 10)),
    ]
    [finding] = lint(listing, select="QD501")
    assert finding.message == "deprecation list entry '-x' odd heading; the list's entries end their heading with '(since X.Y)'"


# -- QD401 texinfo-leak ----------------------------------------------------------------------


def _text_file(fmt: str, path: str, text: str) -> SourceFile:
    """A file of ``fmt`` whose text is all QD401 reads (no options)."""
    return SourceFile(path, text, OptionSet(program="qemu-system", source=Source(fmt, path), release="7.2.0"))


def leaks(*files: SourceFile) -> list[tuple[int, int, str, str]]:
    return [(f.location.line, f.location.column, f.message, f.text) for f in lint(*files, select="QD401")]


def test_qd401_finds_the_at_sign_in_each_spelling_html_writes_it_and_says_the_plain_word():
    lines = ["<p>use &#64;var{name}</p>", "<p>use &#x40;code{a}</p>", "<p>use &commat;emph{b}</p>"]
    page = _text_file("html", "p.html", "<p>x</p>\n" + "\n".join(lines) + "\n")
    html_fix = "in the HTML page: readers see it as written; fix it in the .hx or rST the page is built from"
    assert leaks(page) == [
        (2, lines[0].index("&") + 1, f"texinfo markup '@var{{name}}' {html_fix}; write 'name' without the markup", "&#64;var{name}"),
        (3, lines[1].index("&") + 1, f"texinfo markup '@code{{a}}' {html_fix}; write 'a' without the markup", "&#x40;code{a}"),
        (4, lines[2].index("&") + 1, f"texinfo markup '@emph{{b}}' {html_fix}; write 'b' without the markup", "&commat;emph{b}"),
    ]


def test_qd401_in_a_man_page_undoes_troff_escapes_and_asks_to_name_an_empty_or_unclosed_placeholder():
    page = _text_file("man", "p.1", "use @var{input\\-policy\\fP} here\nand @dots{} too\n@var{unclosed and long text\n@var{a} or @code{b}\n")
    found = leaks(page)
    assert [(line, column, text) for line, column, _, text in found] == [
        (1, 5, "@var{input\\-policy\\fP}"), (2, 5, "@dots{}"), (3, 1, "@var{unclosed a"), (4, 1, "@var{a}"), (4, 12, "@code{b}"),
    ]
    assert [message.split(": ", 1)[0] for _, _, message, _ in found] == [
        "texinfo markup '@var{input\\\\-policy\\\\fP}' in the man page",
        "texinfo markup '@dots{}' in the man page",
        "texinfo markup '@var{unclosed a' in the man page",
        "texinfo markup '@var{a}' in the man page",
        "texinfo markup '@code{b}' in the man page",
    ]
    assert found[0][2].endswith("; write 'input-policy' without the markup")
    assert [message.endswith("; remove it, or name the placeholder") for _, _, message, _ in found[1:3]] == [True, True]


def test_qd401_nested_markup_asks_for_the_innermost_word():
    found = leaks(_text_file("rst", "a.rst", "see @var{@code{x}} here\n"))
    assert [(column, text, message.rsplit("; ", 1)[1]) for _, column, message, text in found] == [
        (5, "@var{@code{x}", "write 'x' without the markup"),
        (10, "@code{x}", "write 'x' without the markup"),
    ]


def test_qd401_tells_help_output_and_rst_text_apart_and_leaves_texinfo_alone():
    assert [m for _, _, m, _ in leaks(_text_file("help", "help.txt", "-x @var{v}\n"))] == [
        "texinfo markup '@var{v}' in the -help output: users see it as written; fix it in the DEF's help text; "
        "write 'v' without the markup"
    ]
    assert [m for _, _, m, _ in leaks(_text_file("rst", "a.rst", "x @samp{v}\n"))] == [
        "texinfo markup '@samp{v}' in the rST text: rST shows it as written; write 'v' without the markup"
    ]
    assert leaks(_text_file("texinfo", "a.texi", "x @samp{v}\n")) == []


def test_qd401_in_an_hx_file_reads_def_help_and_srst_text_but_not_stexi_blocks_or_hxcomm_lines():
    defs = [f'DEF("{n}", HAS_ARG, QEMU_OPTION_{n}, "-{n} @var{{{n}}}\\n", QEMU_ARCH_ALL)' for n in "xyz"]
    text = (f"HXCOMM @var{{comment}}\n{defs[0]}\nSTEXI\n@var{{texinfo}}\nETEXI\n{defs[1]}\n"
            f"SRST\n``-y``\n  @code{{v}}\nERST\n{defs[2]}\n")
    column = defs[0].index("@") + 1
    found = [(line, column, message.split(": ")[0], message.split(": ")[1].split(";")[0]) for line, column, message, _ in leaks(hx_source(text))]
    assert found == [
        (2, column, "texinfo markup '@var{x}' in the DEF help text", "-help prints it as written"),
        (6, column, "texinfo markup '@var{y}' in the DEF help text", "-help prints it as written"),
        (9, 3, "texinfo markup '@code{v}' in the SRST text", "rST shows it as written"),
        (11, column, "texinfo markup '@var{z}' in the DEF help text", "-help prints it as written"),
    ]


# -- QD402 synopsis-brackets, QD403 html-damage, QD001 reader-warning ----------------------------


def test_qd402_says_which_synopsis_of_which_side_and_where_to_balance_it():
    text = one_option("tpm", ["-tpm [a=x"], "``-tpm [a=x]]``\n    TPM.\n\n    ``b=[c``\n        d")
    found = [(f.location.line, f.message, f.text) for f in lint(hx_source(text), select="QD402")]
    assert found == [
        (4, "the -help synopsis '-tpm [a=x' has 1 unclosed '[': balance its brackets in the DEF's help text", "-tpm [a=x"),
        (7, "the documented synopsis '-tpm [a=x]]' has unbalanced ']' at column 6: balance its brackets", "-tpm [a=x]]"),
        (10, "the documented synopsis 'b=[c' has 1 unclosed '[': balance its brackets", "b=[c"),
    ]


def _diagnosed(fmt: str, path: str, *diagnostics: Diagnostic) -> SourceFile:
    option_set = OptionSet(program="qemu-system", source=Source(fmt, path), release="7.2.0")
    option_set.diagnostics = list(diagnostics)
    return SourceFile(path, "", option_set)


def test_qd403_is_an_html_pages_damage_warning_and_qd001_every_other_reader_warning():
    page = _diagnosed(
        "html", "p.html",
        Diagnostic("warning", "html-entity-damage", "placeholder <name> parsed as a tag", Location("p.html", 3)),
        Diagnostic("warning", "html-entity-damage", "a table cut short", Location("p.html", 4)),
        Diagnostic("warning", "html-orphan-item", "item 'a \\'b\\' c' names no option", Location("p.html", 5)),
        Diagnostic("info", "html-orphan-item", "an information", Location("p.html", 6)),
        *[Diagnostic("warning", code, "another rule's", Location("p.html", 7))
          for code in ("hx-undefined-option", "hx-undocumented-def", "hx-no-option-term", "hx-intro-item")],
        Diagnostic("warning", "rst-entry-level", "a heading level", Location("p.html", 8)),
        Diagnostic("warning", "rst-heading-convention", "a heading", Location("p.html", 9)),
    )
    damage = [(f.location.line, f.message) for f in lint(page, select="QD403")]
    assert damage == [
        (3, "placeholder <name> parsed as a tag: publish the page as Sphinx built it, not a copy whose entities were decoded"),
        (4, "a table cut short: publish the page as Sphinx built it, not a copy whose entities were decoded"),
    ]
    [warning] = lint(page, select="QD001")
    assert (warning.location.line, warning.message, warning.reader_code, warning.text) == (
        5, "item 'a \\'b\\' c' names no option [html-orphan-item]", "html-orphan-item", "a \\'b\\' c",
    )


def test_html_damage_reported_of_another_format_is_a_reader_warning():
    page = _diagnosed("man", "p.1", Diagnostic("warning", "html-entity-damage", "an entity", Location("p.1", 3)))
    assert lint(page, select="QD403") == []
    [warning] = lint(page, select="QD001")
    assert (warning.message, warning.text) == ("an entity [html-entity-damage]", None)


# -- QD110 qmp-suboption-undocumented ---------------------------------------------------------

USAGE = "QEMU emulator version 7.2.0\nusage: qemu-system-aarch64 [options] [disk_image]\n\n-tpm x\n"


def _qmp_files(hx_text: str, groups: dict[str, list[str]], *, help_path: str | None = None) -> list[SourceFile]:
    """An .hx file, a ``query-command-line-options`` reply of ``groups`` in bin/, and maybe a -help output."""
    import json

    from qdoc.readers.binary.help import read_help
    from qdoc.readers.binary.qmp import read_qmp

    reply = json.dumps({"return": [
        {"option": group, "parameters": [{"name": key, "type": "string"} for key in keys]} for group, keys in groups.items()
    ]}, indent=1)
    path = "bin/query-command-line-options.json"
    files = [hx_source(hx_text), SourceFile(path, reply, read_qmp(reply, path, release="7.2.0"))]
    if help_path:
        files.append(SourceFile(help_path, USAGE, read_help(USAGE, help_path, release="7.2.0")))
    return files


def qmp_findings(files: list[SourceFile]) -> list[tuple[str, str, int, str]]:
    return [(f.severity, f.location.path, f.location.line, f.message) for f in lint(*files, select="QD110")]


QMP_TPM = one_option(
    "tpm", ["-tpm [a=x]", "     b=y  sets bee, like ghost=on"],
    """
    ``-tpm [a=x]``
        TPM; use nodelay=on, ``lit`` and c= then.

        ``mode=m``
            The mode.
    """,
)
QMP_TERM_LINE = QMP_TPM.split("\n").index("``-tpm [a=x]``") + 1


def test_qd110_a_key_is_documented_by_a_synopsis_an_item_a_literal_a_key_equals_or_its_no_spelling():
    assert qmp_findings(_qmp_files(QMP_TPM, {"tpm": ["a", "mode", "lit", "c", "delay"]})) == []


def test_qd110_warns_at_the_documentation_naming_every_undocumented_key_and_the_binary():
    files = _qmp_files(QMP_TPM, {"tpm": ["a", "zz", "yy"]}, help_path="bin/help.txt")
    assert qmp_findings(files) == [(
        "warning", "qemu-options.hx", QMP_TERM_LINE,
        "-tpm: qemu-system-aarch64 accepts `zz=`, `yy=` (QMP query-command-line-options); "
        "the documentation does not name them: describe them in the item of -tpm",
    )]


def test_qd110_one_undocumented_key_is_it_and_a_reply_without_its_help_output_names_no_binary():
    files = _qmp_files(QMP_TPM, {"tpm": ["a", "zz"]}, help_path="elsewhere/help.txt")
    assert [message for *_, message in qmp_findings(files)] == [
        "-tpm: the binary accepts `zz=` (QMP query-command-line-options); the documentation does not name it: "
        "describe it in the item of -tpm"
    ]


def test_qd110_a_key_only_the_def_help_text_names_is_information_at_the_reply():
    """``b=`` starts a help line of its own, ``ghost=`` is only a word of the help prose; a group no DEF defines is skipped."""
    found = qmp_findings(_qmp_files(QMP_TPM, {"tpm": ["b", "ghost"], "ghost": ["a"]}))
    reason = "the documentation does not name it; the DEF's -help text names it, and the -help checks (QD105, QD301) report the gap at the DEF"
    assert found == [
        ("info", "bin/query-command-line-options.json", 3, f"-tpm: QMP lists `b=`, {reason}"),
        ("info", "bin/query-command-line-options.json", 3, f"-tpm: QMP lists `ghost=`, {reason}"),
    ]


def test_qd110_the_implied_key_of_the_option_is_information():
    text = one_option("tpmdev", ["-tpmdev passthrough,id=id"], "``-tpmdev passthrough,id=id``\n    A TPM.")
    [(severity, _, _, message)] = qmp_findings(_qmp_files(text, {"tpmdev": ["id", "type"]}))
    assert severity == "info"
    assert message == (
        "-tpmdev: QMP lists `type=`, the documentation does not name it; type is the implied key: "
        "`-tpmdev VALUE,...` sets it, and the documentation shows the value"
    )


def test_qd110_every_undocumented_machine_key_is_information():
    text = one_option("machine", ["-machine [type=]name"], "``-machine [type=]name``\n    Select the machine.")
    found = qmp_findings(_qmp_files(text, {"machine": ["type", "dtb"]}))
    assert [(severity, message.split(";")[0]) for severity, _, _, message in found] == [
        ("info", "-machine: QMP lists `dtb=`, the documentation does not name it"),
    ]
    assert found[0][3].split("; ", 1)[1] == (
        "the reply's -machine group is not one machine type's properties "
        "(a frozen compatibility list up to QEMU 7.2, properties of every machine type later)"
    )


def test_qd110_a_throttling_key_documented_by_its_legacy_spelling_is_information():
    text = one_option("drive", ["-drive [bps_rd=r][,iops_max_length=l]"], "``-drive [bps_rd=r][,iops_max_length=l]``\n    Drive, bps_wr_max=m.")
    keys = ["throttling.bps-read", "throttling.iops-total-max-length", "throttling.bps-write-max", "throttling.iops-read-max",
            "throttling.unknown", "cache"]
    found = qmp_findings(_qmp_files(text, {"drive": keys}))
    [warning] = [message for severity, _, _, message in found if severity == "warning"]
    assert "accepts `throttling.iops-read-max=`, `throttling.unknown=`, `cache=` (QMP" in warning
    assert [message.split("; ", 1)[1] for severity, _, _, message in found if severity == "info"] == [
        "the documentation names it by its legacy spelling `bps_rd=`",
        "the documentation names it by its legacy spelling `bps_wr_max=`",
        "the documentation names it by its legacy spelling `iops_max_length=`",
    ]


def test_qd110_an_option_documented_to_accept_another_options_keys_counts_that_options_documentation():
    text = one_option("blk", ["-blk [a=x]"], "``-blk [a=x]``\n    d=y and ``b``.") + one_option(
        "drv", ["-drv [c=x]"], "``-drv [c=x]``\n    It accepts all options that are accepted by ``-blk``, and e=1."
    ).replace("DEFHEADING(Standard options:)\n\n", "")
    assert qmp_findings(_qmp_files(text, {"drv": ["a", "b", "c", "d", "e"]})) == []
    [(_, _, _, message)] = qmp_findings(_qmp_files(text.replace("accepts all", "takes all"), {"drv": ["a", "b", "c", "d", "e"]}))
    assert "accepts `a=`, `b=`, `d=` (QMP" in message


def test_qd110_skips_free_form_groups_undocumented_options_and_options_of_other_targets():
    assert qmp_findings(_qmp_files(QMP_TPM, {"tpm": []})) == []  # no keys listed: free-form, like -device
    hidden = QMP_TPM.split("SRST")[0]
    assert qmp_findings(_qmp_files(hidden, {"tpm": ["zz"]})) == []
    i386_only = QMP_TPM.replace("QEMU_ARCH_ALL", "QEMU_ARCH_I386")
    assert qmp_findings(_qmp_files(i386_only, {"tpm": ["zz"]}, help_path="bin/help.txt")) == []
    assert len(qmp_findings(_qmp_files(i386_only, {"tpm": ["zz"]}))) == 1  # target unknown: compared


# -- QD310 hmp-params-mismatch ----------------------------------------------------------------


def _command(name: str, params: str, terms: list[str], text: str = "Does it.") -> str:
    """One command of hmp-commands.hx: its C initialiser with ``.params``, then an SRST block of ``terms``."""
    documented = "".join(f"{term}\n  {text}\n\n" for term in terms)
    return (
        f'    {{\n        .name       = "{name}",\n        .args_type  = "",\n        .params     = "{params}",\n'
        f'        .help       = "h",\n        .cmd        = hmp_x,\n    }},\n\nSRST\n{documented}ERST\n\n'
    )


def hmp_findings(*commands: str, path: str = "hmp-commands.hx") -> list[tuple[str, int, str]]:
    text = "".join(commands)
    found = lint(SourceFile(path, text, read_hx(text, path, release="7.2.0")), select="QD310")
    return [(f.severity, f.location.line, f.message) for f in found]


TERM_LINE = 10  # the first term of the first _command


def test_qd310_a_choice_the_term_lacks_and_a_required_parameter_the_term_makes_optional():
    found = hmp_findings(_command("set_link", "name on|off|flush|set", ["``set_link`` *name* [on|off|flush]"]))
    assert found == [("warning", TERM_LINE,
                      "HMP set_link: .params offers `on|off|flush|set`, the documentation `on|off|flush`: the documentation "
                      "lacks `set`; `on|off|flush|set` is required in .params but optional in the documentation")]


def test_qd310_a_choice_params_lack_is_named_the_other_way_round():
    [(_, _, message)] = hmp_findings(_command("set_link", "name on|off", ["``set_link`` *name* on|off|auto"]))
    assert message == "HMP set_link: .params offers `on|off`, the documentation `on|off|auto`: .params lacks `auto`"


def test_qd310_an_optional_parameter_the_term_requires():
    assert hmp_findings(_command("set_link", "name [on|off]", ["``set_link`` *name* on|off"])) == [
        ("warning", TERM_LINE, "HMP set_link: `on|off` is optional in .params but required in the documentation")
    ]


def test_qd310_parameters_only_the_documentation_gives_are_it_or_them():
    assert [m for *_, m in hmp_findings(_command("nmi", "", ["``nmi`` *cpu*"]))] == [
        "HMP nmi: the documentation gives `cpu`, .params none: add it to .params or drop it from the documentation"
    ]
    assert [m for *_, m in hmp_findings(_command("nmi", "", ["``nmi`` *cpu* *x*"]))] == [
        "HMP nmi: the documentation gives `cpu`, `x`, .params none: add them to .params or drop them from the documentation"
    ]
    assert hmp_findings(_command("stop", "", ["``stop``"])) == []


def test_qd310_a_term_without_parameters_is_information_listing_the_params():
    assert hmp_findings(_command("block_resize", "device size", ["``block_resize``"])) == [
        ("info", TERM_LINE, "HMP block_resize: the documentation names no parameters; .params has `device`, `size`")
    ]


def test_qd310_missing_and_extra_parameters_with_it_and_them():
    [(_, _, message)] = hmp_findings(_command("migrate", "[-r] uri", ["``migrate`` *uri* *speed*"]))
    assert message == (
        "HMP migrate: .params has `-r`, the documentation does not: document it (or drop it from .params); "
        "the documentation has `speed`, .params does not: add it to .params (or drop it from the documentation)"
    )
    [(_, _, message)] = hmp_findings(_command("migrate", "[-r] [-i] uri", ["``migrate`` *uri* *speed* *limit*"]))
    assert message == (
        "HMP migrate: .params has `-r`, `-i`, the documentation does not: document them (or drop them from .params); "
        "the documentation has `speed`, `limit`, .params does not: add them to .params (or drop them from the documentation)"
    )


def test_qd310_an_optional_flag_the_text_explains_is_information():
    found = hmp_findings(_command("migrate", "[-d] [-r] uri", ["``migrate`` *uri*"], text="Use -r to resume, -d to detach."))
    assert found == [("info", TERM_LINE, "HMP migrate: .params has `-d`, `-r`, which the documentation covers in its text "
                                         "or another synopsis, not in this one")]
    required = hmp_findings(_command("migrate", "-r uri", ["``migrate`` *uri*"], text="Use -r to resume."))
    assert [severity for severity, *_ in required] == ["warning"]  # only an optional one may be left to the text


def test_qd310_a_renamed_placeholder_is_information():
    assert hmp_findings(_command("set", "state", ["``set`` *val*"])) == [
        ("info", TERM_LINE, "HMP set: .params calls a parameter `state`, the documentation `val`")
    ]


def test_qd310_params_that_repeat_the_command_name_are_a_warning_at_the_definition():
    found = hmp_findings(_command("nbd_server_start", "nbd_server_start [-a] host", ["``nbd_server_start [-a]`` *host*"]))
    assert found == [("warning", 1, "HMP nbd_server_start: .params starts with the command name again, so "
                                    "`help nbd_server_start` prints 'nbd_server_start' twice: drop it from .params")]


def test_qd310_names_an_info_command_with_its_prefix():
    found = hmp_findings(_command("registers", "[-a]", ["``info registers``"]), path="hmp-commands-info.hx")
    assert found == [("info", TERM_LINE, "HMP info registers: the documentation names no parameters; .params has `-a`")]


def test_qd310_one_of_several_flags_is_any_of_them_when_the_term_lists_each():
    assert hmp_findings(_command("x", "[-m|-n] a", ["``x [-m] [-n]`` *a*"])) == []


def _parameters(synopsis: str, names: list[str]) -> list[tuple[str, bool]]:
    from qdoc.lint.checks.hmp import command_parameters

    return [(p.name, p.optional) for p in command_parameters(synopsis, names)]


def test_hmp_parameters_are_words_after_the_command_name_optional_inside_brackets_at_any_depth():
    assert _parameters("migrate [-d] uri", ["migrate"]) == [("-d", True), ("uri", False)]
    assert _parameters("x [a [b]] c] d", ["x"]) == [("a", True), ("b", True), ("c", False), ("d", False)]
    assert _parameters("xx a", ["x"]) == [("xx", False), ("a", False)]  # a longer word is no spelling of the name


def test_hmp_parameters_after_info_an_alias_or_a_format_glued_to_the_name():
    assert _parameters("info registers [-a] [vcpu]", ["registers"]) == [("-a", True), ("vcpu", True)]
    assert _parameters("info  registers [-a]", ["registers"]) == [("-a", True)]
    assert _parameters("info\nregisters [-a]", ["registers"]) == [("-a", True)]
    assert _parameters("quit or  q", ["quit", "q"]) == []
    assert _parameters("print or p/fmt expr", ["print", "p"]) == [("/fmt", False), ("expr", False)]
    assert _parameters("p/fmt expr", ["print", "p"]) == [("/fmt", False), ("expr", False)]
    assert _parameters("help or ? [cmd]", ["help", "?"]) == [("cmd", True)]


def test_hmp_parameters_drop_decoration_and_ellipses_and_join_spaced_alternatives_and_comma_lists():
    assert _parameters("x *a* <b> \"c\" 'd' `e`", ["x"]) == [(n, False) for n in "abcde"]
    assert _parameters("x a\nb ... [c ...] [,...]", ["x"]) == [("a", False), ("b", False), ("c", True)]
    assert _parameters("set_link name on | off", ["set_link"]) == [("name", False), ("on|off", False)]
    assert _parameters("device_add driver[,prop=value][,...]", ["device_add"]) == [("driver,prop=value", False)]
    assert _parameters("x dev[,opts] id=y", ["x"]) == [("dev,opts,id=y", False)]  # "," starts, or "=" is in, a property
    assert _parameters("x , a [,X=1]", ["x"]) == [("a,X=1", False)]  # a lone comma is no parameter
    assert _parameters("x ,X", ["x"]) == [("X", False)]


def test_hmp_a_bracket_closed_inside_another_leaves_the_outer_one_open():
    assert _parameters("x [a [b] c] d", ["x"]) == [("a", True), ("b", True), ("c", True), ("d", False)]


def test_hmp_params_repeat_the_name_only_when_the_name_follows_the_command_again():
    from qdoc.lint.checks.hmp import repeats_name

    assert repeats_name("nbd_server_start nbd_server_start [-a]", ["nbd_server_start"]) == "nbd_server_start"
    assert repeats_name("p print x", ["print", "p"]) == "print"
    assert repeats_name("nbd_server_start [-a] host", ["nbd_server_start"]) is None


def test_qd310_a_command_of_several_terms_is_compared_with_the_closest_and_not_for_optionality():
    assert hmp_findings(_command("x", "a [b]", ["``x`` *a* *b*", "``x`` *c*"])) == []
    assert hmp_findings(_command("x", "a [b]", ["``x`` *c*", "``x`` *a* *b*"])) == []
    assert hmp_findings(_command("x", "a [b]", ["``x`` *a* *b*"])) == [
        ("warning", TERM_LINE, "HMP x: `b` is optional in .params but required in the documentation")
    ]


def test_qd310_a_parameter_another_term_shows_is_information():
    found = hmp_findings(_command("x", "a [b] c", ["``x`` *a* *c*", "``x`` *b*"]))
    assert found == [("info", TERM_LINE, "HMP x: .params has `b`, which the documentation covers in its text or another "
                                         "synopsis, not in this one")]


def test_qd310_one_alternative_of_several_is_the_same_parameter_named_differently():
    assert hmp_findings(_command("x", "a on|off", ["``x`` *a* off"])) == [
        ("info", TERM_LINE, "HMP x: .params calls a parameter `on|off`, the documentation `off`")
    ]
    assert hmp_findings(_command("x", "[-m|-n] a", ["``x [-m]`` *a*"])) == [
        ("info", TERM_LINE, "HMP x: .params calls a parameter `-m|-n`, the documentation `-m`")
    ]


def test_qd310_a_renamed_parameter_is_not_also_an_optionality_difference():
    assert hmp_findings(_command("x", "[state]", ["``x`` *val*"])) == [
        ("info", TERM_LINE, "HMP x: .params calls a parameter `state`, the documentation `val`")
    ]


def test_qd310_notes_of_one_command_are_one_information():
    assert hmp_findings(_command("x", "state uri [-r]", ["``x`` *val* *uri*"], text="Use -r.")) == [
        ("info", TERM_LINE, "HMP x: .params has `-r`, which the documentation covers in its text or another synopsis, "
                            "not in this one; .params calls a parameter `state`, the documentation `val`")
    ]


def test_qd310_an_alternative_aligns_with_the_alternation_sharing_its_choice_so_the_rest_lines_up():
    found = hmp_findings(_command("x", "on|off a b", ["``x`` off *b*"]))
    assert sorted(found) == [
        ("info", TERM_LINE, "HMP x: .params calls a parameter `on|off`, the documentation `off`"),
        ("warning", TERM_LINE, "HMP x: .params has `a`, the documentation does not: document it (or drop it from .params)"),
    ]


def test_qd310_choices_lacking_on_each_side_are_all_named():
    assert [m for *_, m in hmp_findings(_command("x", "on|off|set", ["``x`` on|off|auto"]))] == [
        "HMP x: .params offers `on|off|set`, the documentation `on|off|auto`: the documentation lacks `set` and .params lacks `auto`"
    ]
    assert [m for *_, m in hmp_findings(_command("x", "on|off|set|get", ["``x`` on|off"]))] == [
        "HMP x: .params offers `on|off|set|get`, the documentation `on|off`: the documentation lacks `set`, `get`"
    ]
    assert [m for *_, m in hmp_findings(_command("x", "on|off", ["``x`` on|off|auto|x"]))] == [
        "HMP x: .params offers `on|off`, the documentation `on|off|auto|x`: .params lacks `auto`, `x`"
    ]


def test_qd310_an_undocumented_command_or_one_of_another_program_is_not_compared():
    undocumented = _command("x", "a b", ["``x``"]).split("SRST")[0]
    assert hmp_findings(undocumented) == []
    text = _command("x", "a b", ["``x``"])
    other = SourceFile("hmp-commands.hx", text, read_hx(text, "hmp-commands.hx", release="7.2.0"))
    assert [f.severity for f in lint(other, select="QD310")] == ["info"]
    other.option_set.program = "qemu-img"
    assert lint(other, select="QD310") == []


def test_qd310_a_sub_item_showing_the_command_is_another_of_its_synopses_and_others_are_not():
    """``x -f`` under ``x`` documents the command again (several terms: optionality not compared); ``-f`` alone does not."""
    assert hmp_findings(_command("x", "[-f] a [b]", ["``x`` *a* *b*\n  Does it.\n\n  ``x -f`` *a* *b*\n    With f."])) == []
    assert hmp_findings(_command("x", "[-f] a [b]", ["``x`` *a* *b*\n  Does it.\n\n  ``-f``\n    With f."])) == [
        ("info", TERM_LINE, "HMP x: .params has `-f`, which the documentation covers in its text or another synopsis, not in this one"),
        ("warning", TERM_LINE, "HMP x: `b` is optional in .params but required in the documentation"),
    ]
    info = _command("registers", "[-a] [b]", ["``info registers`` *b*\n  Does it.\n\n  ``info registers -a`` *b*\n    With a."])
    assert hmp_findings(info, path="hmp-commands-info.hx") == []
    formatted = _command("x", "/fmt a [b]", ["``x`` *a* *b*\n  Does it.\n\n  ``x/fmt`` *a* *b*\n    With a format."])
    assert hmp_findings(formatted) == []


def test_qd310_reads_the_hmp_files_among_a_releases_other_definitions():
    options = hx_source(DEPRECATING)
    text = _command("set", "state", ["``set`` *val*"])
    commands = SourceFile("hmp-commands.hx", text, read_hx(text, "hmp-commands.hx", release="7.2.0"))
    assert [f.location.path for f in lint(options, commands, select="QD310")] == ["hmp-commands.hx"]


def test_qd310_a_command_without_params_takes_no_parameters():
    text = _command("x", "a", ["``x`` *b*"]).replace('        .params     = "a",\n', "")
    assert hmp_findings(text) == [
        ("warning", TERM_LINE - 1, "HMP x: the documentation gives `b`, .params none: add it to .params or drop it from the documentation")
    ]


def test_qd310_parameters_replaced_by_fewer_are_missing_and_extra_not_renamed():
    [(_, _, message)] = hmp_findings(_command("migrate", "[-d] [-r] uri", ["``migrate [-d]`` *url*"]))
    assert message == (
        "HMP migrate: .params has `-r`, `uri`, the documentation does not: document them (or drop them from .params); "
        "the documentation has `url`, .params does not: add it to .params (or drop it from the documentation)"
    )


def test_qd310_a_name_against_alternatives_is_a_rename_not_other_choices():
    assert hmp_findings(_command("x", "state", ["``x`` on|off"])) == [
        ("info", TERM_LINE, "HMP x: .params calls a parameter `state`, the documentation `on|off`")
    ]


# -- QD201..QD205: the deprecation and removal lists ----------------------------------------------


DEPRECATING = one_option(
    "tpm", ["-tpm [a=x][,b=y]"],
    """
    ``-tpm [a=x][,b=y]``
        TPM. This option is deprecated, use -tpmdev instead.

        ``a=x``
            The a. This property is deprecated.

        ``b=y``
            The b.
    """,
) + one_option("old", ["-old"], "``-old``\n    Old.").replace("DEFHEADING(Standard options:)\n\n", "")
LINE = {line: number for number, line in enumerate(DEPRECATING.split("\n"), 1)}


def _deprecations(*entries: tuple[str, str], release: str = "7.2.0") -> SourceFile:
    """deprecated.rst with (heading, text) entries under the system emulator's command line."""
    return _list_page(_entries("Deprecated features", *[(heading, "'", text) for heading, text in entries]), "deprecated.rst", release)


def _removals(*entries: tuple[str, str], release: str) -> SourceFile:
    return _list_page(_entries("Removed features", *[(heading, "'", text) for heading, text in entries]), "removed-features.rst", release)


UNRELATED = ("``-foo`` (since 7.0)", "Use ``-bar``.")


def test_qd201_quotes_each_statement_and_names_the_option_or_its_property():
    found = [(f.location.line, f.message) for f in lint(hx_source(DEPRECATING), _deprecations(UNRELATED), select="QD201")]
    advice = "; the deprecation list does not name it: add an entry to deprecated.rst, or drop the statement"
    assert found == [
        (LINE["    TPM. This option is deprecated, use -tpmdev instead."],
         '-tpm is said to be deprecated ("This option is deprecated, use -tpmdev instead.")' + advice),
        (LINE["        The a. This property is deprecated."], '-tpm a is said to be deprecated ("This property is deprecated.")' + advice),
    ]


def test_qd201_quotes_at_most_80_characters_of_a_statement():
    statement = "This option is deprecated and will be removed in a future release of QEMU, so please use -tpmdev from now on."
    text = DEPRECATING.replace("This option is deprecated, use -tpmdev instead.", statement)
    messages = [f.message for f in lint(hx_source(text), _deprecations(UNRELATED), select="QD201")]
    assert f'("{statement[:80]}")' in messages[0]


def test_qd201_an_entry_for_the_option_covers_statements_about_its_properties():
    assert lint(hx_source(DEPRECATING), _deprecations(("``-tpm`` (since 7.0)", "Gone soon.")), select="QD201") == []


def test_qd201_an_entry_for_a_property_covers_the_statement_of_the_option_it_sits_in():
    assert lint(hx_source(DEPRECATING), _deprecations(("``-tpm a=x`` (since 7.0)", "Gone soon.")), select="QD201") == []


def test_qd201_a_deprecation_the_def_help_text_states_is_judged_too():
    text = one_option("old", ["-old       this option is deprecated"], "``-old``\n    Old.")
    [finding] = lint(hx_source(text), _deprecations(UNRELATED), select="QD201")
    assert (finding.location.line, finding.message.split(";")[0]) == (
        4, '-old is said to be deprecated ("-old this option is deprecated")')


def test_qd201_entries_about_no_option_cover_nothing():
    listing = _deprecations(("``ide-drive`` (since 4.2)", "Use ``ide-hd``."), ("bluetooth subsystem (since 3.1)", "x"))
    assert [f.message.split(" is said")[0] for f in lint(hx_source(DEPRECATING), listing, select="QD201")] == ["-tpm", "-tpm a"]


def test_qd201_runs_only_when_the_release_has_a_deprecation_list():
    assert lint(hx_source(DEPRECATING), select="QD201") == []


def test_qd201_a_property_a_removal_list_says_is_gone_is_no_unlisted_deprecation():
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _removals(("``-tpm a=x`` (removed in 7.0)", "x"), release="7.0.0")]
    later = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0"), _deprecations(UNRELATED)]
    assert [f.message.split(" is said")[0] for f in lint(select="QD201", releases=[earlier, later])] == ["-tpm"]
    # a removal in a later release than this one says nothing about it
    later_removal = [hx_source(DEPRECATING, "7.1.0/qemu-options.hx", "7.1.0"), _removals(("``-tpm a=x`` (removed in 7.1)", "x"), release="7.1.0")]
    mixed = [hx_source(DEPRECATING, "7.1.0/qemu-options.hx", "7.1.0"),
             _removals(("``-old`` (removed in 7.1)", "x"), ("``-tpm a=x`` (removed in 6.2)", "x"), release="7.1.0")]
    this_too = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _deprecations(UNRELATED, release="7.0.0")]
    assert [f.message.split(" is said")[0] for f in lint(select="QD201", releases=[this_too, mixed])
            if f.location.path.startswith("7.0.0")] == ["-tpm"]
    this = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _deprecations(UNRELATED, release="7.0.0")]
    assert [f.message.split(" is said")[0] for f in lint(select="QD201", releases=[this, later_removal])
            if f.location.path.startswith("7.0.0")] == ["-tpm", "-tpm a"]


def test_qd202_names_the_option_or_property_its_version_and_the_list():
    listing = _deprecations(("``-old`` (since 7.0)", "x"), ("``-tpm b=y`` (since 6.0)", "Use ``-nothing`` instead."))
    found = [(f.location.line, f.message, f.subject) for f in lint(hx_source(DEPRECATING), listing, select="QD202")]
    assert found == [
        (LINE["    ``b=y``"], "-tpm b= is deprecated since 6.0 (deprecated.rst); its documentation does not say so: "
                                 "add a deprecation note to it", None),
        (LINE["``-old``"], "-old is deprecated since 7.0 (the deprecation list); its documentation does not say so: "
                           "add a deprecation note to its item", "-old"),
    ]


def test_qd202_an_entry_without_a_version_says_since_question_mark():
    listing = _records("deprecations", "7.2.0", [("-old", None, None)])
    [finding] = lint(hx_source(DEPRECATING), listing, select="QD202")
    assert finding.message.startswith("-old is deprecated since ? (the deprecation list)")


def test_qd203_counts_the_releases_since_the_deprecation_and_names_both_versions():
    listing = _deprecations(("``-old`` (since 5.0)", "x"), ("``-tpm`` (since 7.0)", "x"))
    [finding] = lint(hx_source(DEPRECATING), listing, select="QD203")
    # 5.0 -> 5.1, 5.2, 6.0, 6.1, 6.2, 7.0, 7.1, 7.2: eight feature releases later
    assert finding.message == ("-old deprecated since 5.0 is still present in 7.2.0, 8 releases later: QEMU's policy "
                               "removes it after 2; remove it or say in the entry why it stays")


def test_qd203_two_releases_after_the_deprecation_is_not_yet_overdue_three_is():
    assert lint(hx_source(DEPRECATING), _deprecations(("``-old`` (since 7.0)", "x")), select="QD203") == []
    [finding] = lint(hx_source(DEPRECATING), _deprecations(("``-old`` (since 6.2)", "x")), select="QD203")
    assert "3 releases later" in finding.message


def test_qd204_names_the_entry_or_option_and_the_unknown_replacement():
    listing = _deprecations(("``-old`` (since 5.0)", "Use ``-newer`` instead."), ("``-tpm b=y`` (since 6.0)", "Use ``--tpm`` instead."))
    found = [(f.location.path, f.message) for f in lint(hx_source(DEPRECATING), listing, select="QD204")]
    assert found == [
        ("7.2.0/docs/about/deprecated.rst", "the deprecation entry '-old' suggests -newer instead; qemu-options.hx does not "
                                            "define it: name the option that replaces it"),
        ("qemu-options.hx", "the documentation of -tpm suggests -tpmdev instead; no DEF defines -tpmdev: name the option "
                            "that replaces it"),
    ]


def test_qd205_a_removed_option_or_property_documented_later_names_both_releases():
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"),
               _removals(("``-tpm a=x`` (removed in 7.0)", "x"), ("``-old`` (removed in 7.0)", "x"), release="7.0.0")]
    later = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0")]
    found = [(f.location.line, f.message) for f in lint(select="QD205", releases=[earlier, later])]
    assert found == [
        (LINE["    ``a=x``"], "-tpm a= is documented in 7.2.0, but removed-features (7.0.0) says it was removed in 7.0: "
                                   "delete its documentation"),
        (LINE['DEF("old", HAS_ARG, QEMU_OPTION_old,'], "-old is still defined in 7.2.0, but removed-features (7.0.0) says it "
                                                       "was removed in 7.0: remove its DEF and documentation"),
    ]
    before = [hx_source(DEPRECATING, "6.2.0/qemu-options.hx", "6.2.0")]
    assert lint(select="QD205", releases=[before, earlier]) == []


PARAGRAPHS = one_option(
    "tpm", ["-tpm [a=x][,z=q]"],
    """
    ``-tpm [a=x][,z=q]``
        TPM, like -old.

        This option is deprecated.

        ``a=x``
            The a.
    """,
) + one_option("old", ["-old"], "``-old``\n    Old.").replace("DEFHEADING(Standard options:)\n\n", "")


def test_qd201_only_the_paragraph_of_the_statement_says_whether_it_is_about_other_listed_options():
    listing = _deprecations(("``-old`` (since 7.0)", "x"))
    assert [f.message.split(" is said")[0] for f in lint(hx_source(PARAGRAPHS), listing, select="QD201")] == ["-tpm"]
    about_old = PARAGRAPHS.replace("    TPM, like -old.\n\n    This option is deprecated.",
                                   "    TPM.\n\n    Legacy options -old are still processed; they are deprecated.")
    assert lint(hx_source(about_old), listing, select="QD201") == []
    assert len(lint(hx_source(about_old), _deprecations(UNRELATED), select="QD201")) == 1


def test_qd201_a_removal_in_this_very_release_covers_the_statement():
    this = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0"), _deprecations(UNRELATED),
            _removals(("``-tpm a=x`` (removed in 7.2)", "x"), release="7.2.0")]
    assert [f.message.split(" is said")[0] for f in lint(select="QD201", releases=[this])] == ["-tpm"]


def test_qd202_a_property_only_in_the_synopsis_is_unmarked_at_the_synopsis_unless_a_statement_names_it():
    listing = _deprecations(("``-tpm z=q`` (since 7.0)", "x"))
    [finding] = lint(hx_source(PARAGRAPHS), listing, select="QD202")
    assert finding.location.line == PARAGRAPHS.split("\n").index("``-tpm [a=x][,z=q]``") + 1
    assert finding.message.startswith("-tpm z= is deprecated since 7.0 (deprecated.rst)")
    marked = PARAGRAPHS.replace("This option is deprecated.", "Its z is deprecated.")
    assert lint(hx_source(marked), listing, select="QD202") == []


def test_qd202_a_listed_property_whose_item_says_it_is_deprecated_is_marked():
    listing = _deprecations(("``-tpm a=x`` (since 7.0)", "x"), ("``-tpm b=y`` (since 7.0)", "x"))
    assert [f.message.split(" is deprecated")[0] for f in lint(hx_source(DEPRECATING), listing, select="QD202")] == ["-tpm b="]


def test_qd204_judges_replacements_only_of_entries_about_the_system_emulators_command_line():
    machines = _records("deprecations", "7.2.0", [("-old", None, "7.0")], area="System emulator machines")
    machines.option_set.deprecations[0].replacement = "``-nothing``"
    assert [f.location.path for f in lint(hx_source(DEPRECATING), machines, select="QD204")] == ["qemu-options.hx"]
    machines.option_set.deprecations[0].area = "System emulator command line arguments"
    assert [f.location.path for f in lint(hx_source(DEPRECATING), machines, select="QD204")] == [machines.path, "qemu-options.hx"]


def test_qd205_a_removal_in_the_release_itself_said_by_a_later_list_is_reported_once():
    later_lists = [
        [hx_source(DEPRECATING, f"{release}/qemu-options.hx", release), _removals(("``-old`` (removed in 7.2)", "x"), release=release)]
        for release in ("8.0.0", "8.1.0")
    ]
    this = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0")]
    found = [f for f in lint(select="QD205", releases=[this, *later_lists]) if f.location.path.startswith("7.2.0")]
    assert [f.message for f in found] == [
        "-old is still defined in 7.2.0, but removed-features (8.0.0) says it was removed in 7.2: remove its DEF and documentation"
    ]


def test_qd205_leaves_a_part_the_releases_own_removal_list_names_to_qd108():
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _removals(("``-tpm a=x`` (removed in 7.0)", "x"), release="7.0.0")]
    own = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0"), _removals(("``-tpm a=x`` (removed in 7.0)", "x"), release="7.2.0")]
    assert [f for f in lint(select="QD205", releases=[earlier, own]) if f.location.path.startswith("7.2.0")] == []


FORMS = one_option(
    "tpm", ["-tpm emu[,acl=on|off]", "-tpm pass[,path=p]"],
    """
    ``-tpm emu[,acl=on|off]``
        Emulated.

        ``acl=on|off``
            The acl. This property is deprecated.

    ``-tpm pass[,path=p]``
        Passed through.
    """,
)


def test_qd201_an_entry_for_a_property_covers_it_under_any_form_of_its_option():
    """``-vnc acl`` names ``-vnc``'s acl whichever form documents it: the key ``-tpm/emu/acl`` by ``-tpm/acl`` or ``-tpm/pass/acl``."""
    assert [f.message.split(" is said")[0] for f in lint(hx_source(FORMS), _deprecations(UNRELATED), select="QD201")] == ["-tpm acl"]
    for entry in ("``-tpm acl=on`` (since 7.0)", "``-tpm pass,acl=on`` (since 7.0)", "``-tpm emu,acl=on`` (since 7.0)", "``-tpm`` (since 7.0)"):
        assert lint(hx_source(FORMS), _deprecations((entry, "x")), select="QD201") == [], entry
    assert len(lint(hx_source(FORMS), _deprecations(("``-tpm pass,path=p`` (since 7.0)", "x")), select="QD201")) == 1
    sdl = DISPLAY.replace("    SDL.", "    SDL.\n\n    ``alt_grab=on|off``\n        Grab. This property is deprecated.")
    assert [f.message.split(" is said")[0] for f in lint(hx_source(sdl), _deprecations(UNRELATED), select="QD201")] == ["-display alt_grab"]
    assert lint(hx_source(sdl), _deprecations(("``-display gtk,alt_grab=on`` (since 7.0)", "x")), select="QD201") == []


DISPLAY = one_option(
    "display", ["-display sdl[,alt_grab=on|off]", "-display gtk[,alt_grab=on|off]"],
    """
    ``-display gtk[,alt_grab=on|off]``
        GTK.

    ``-display sdl[,alt_grab=on|off]``
        SDL.
    """,
)


def test_qd202_a_property_of_one_forms_synopsis_is_unmarked_at_that_forms_synopsis():
    listing = _deprecations(("``-display sdl,alt_grab=on`` (since 7.0)", "x"))
    [finding] = lint(hx_source(DISPLAY), listing, select="QD202")
    assert finding.location.line == DISPLAY.split("\n").index("``-display sdl[,alt_grab=on|off]``") + 1
    assert finding.message.startswith("-display sdl,alt_grab= is deprecated since 7.0")
    marked = DISPLAY.replace("    SDL.", "    SDL. This form is deprecated.")
    assert lint(hx_source(marked), listing, select="QD202") == []


def test_qd202_a_property_of_an_option_no_def_defines_is_not_judged():
    assert lint(hx_source(DISPLAY), _deprecations(("``-ghost z=on`` (since 7.0)", "x")), select="QD202") == []


def test_qd202_a_property_of_several_synopses_is_reported_once_at_the_first():
    both = DISPLAY.replace("sdl", "emu").replace("gtk", "pass").replace("alt_grab", "z")
    [finding] = lint(hx_source(both), _deprecations(("``-display z=on`` (since 7.0)", "x")), select="QD202")
    assert finding.location.line == both.split("\n").index("``-display pass[,z=on|off]``") + 1


def test_qd202_a_listed_form_is_unmarked_at_its_synopsis_and_an_undocumented_option_is_not_judged():
    [finding] = lint(hx_source(DISPLAY), _deprecations(("``-display gtk`` (since 7.0)", "x")), select="QD202")
    assert (finding.location.line, finding.message.split(" is deprecated")[0]) == (
        DISPLAY.split("\n").index("``-display gtk[,alt_grab=on|off]``") + 1, "-display gtk")
    undocumented = DEPRECATING.split("SRST")[0] + "\n"
    assert lint(hx_source(undocumented), _deprecations(("``-tpm`` (since 7.0)", "x")), select="QD202") == []
    assert lint(hx_source(DEPRECATING), _deprecations(("``-tpm`` (since 7.0)", "x")), select="QD202") == []


CHARDEV = one_option(
    "chardev", ["-chardev null,id=id", "-chardev parallel,id=id,path=path", "-chardev parport,id=id,path=path"],
    """
    ``-chardev null,id=id``
        Null.

    ``-chardev parallel,id=id,path=path``
      \\
    ``-chardev parport,id=id,path=path``
        Connect to a local parallel port.
    """,
)
ALIASES = ("``-chardev`` backend aliases ``tty`` and ``parport`` (since 6.0)", "Use ``serial`` and ``parallel``.")


def test_qd202_a_listed_form_that_is_another_synopsis_of_an_item_is_unmarked_at_that_synopsis():
    """6.2's ``-chardev parallel`` \\ ``-chardev parport``: the alias has no item of its own."""
    [finding] = lint(hx_source(CHARDEV), _deprecations(ALIASES), select="QD202")
    assert (finding.location.line, finding.message.split(" is deprecated")[0]) == (
        _line_of(CHARDEV, "``-chardev parport,id=id,path=path``"), "-chardev parport")
    marked_item = CHARDEV.replace("    Connect to a local parallel port.", "    Connect to a local parallel port. This alias is deprecated.")
    assert lint(hx_source(marked_item), _deprecations(ALIASES), select="QD202") == []
    other_item = CHARDEV.replace("    Null.", "    Null. This backend is deprecated.")
    assert len(lint(hx_source(other_item), _deprecations(ALIASES), select="QD202")) == 1


DEVICE = one_option(
    "device", ["-device driver[,prop[=value][,...]]"],
    """
    ``-device driver[,prop[=value][,...]]``
        Add a device.

    ``-device virtio-blk[,scsi=on|off]``
        Virtio block.

        ``scsi=on|off``
            SCSI.
    """,
).replace("DEFHEADING(Standard options:)\n\n", "")


def test_qd205_a_removed_form_or_device_property_documented_later_is_reported_at_its_item():
    earlier = [hx_source(DISPLAY, "7.0.0/qemu-options.hx", "7.0.0"),
               _removals(("``-display sdl`` (removed in 7.0)", "x"), ("``-device virtio-blk,scsi=on`` (removed in 7.0)", "x"), release="7.0.0")]
    text = DISPLAY + DEVICE
    found = [(f.location.line, f.message) for f in lint(select="QD205", releases=[earlier, [hx_source(text, "7.2.0/qemu-options.hx", "7.2.0")]])]
    assert found == [
        (_line_of(text, "``-display sdl[,alt_grab=on|off]``"),
         "-display sdl is documented in 7.2.0, but removed-features (7.0.0) says it was removed in 7.0: delete its documentation"),
        (_line_of(text, "    ``scsi=on|off``"),
         "-device virtio-blk,scsi= is documented in 7.2.0, but removed-features (7.0.0) says it was removed in 7.0: delete its documentation"),
    ]


def test_qd202_a_listed_form_of_a_single_item_is_marked_by_the_options_own_statement():
    alias = one_option("chardev", ["-chardev parallel,id=id", "-chardev parport,id=id"],
                       "``-chardev parallel,id=id``\n  \\\n``-chardev parport,id=id``\n    Connect to a parallel port.")
    [finding] = lint(hx_source(alias), _deprecations(ALIASES), select="QD202")
    assert finding.location.line == _line_of(alias, "``-chardev parport,id=id``")
    marked = alias.replace("parallel port.", "parallel port. This alias is deprecated.")
    assert lint(hx_source(marked), _deprecations(ALIASES), select="QD202") == []


def test_qd202_a_property_of_a_wildcard_form_is_looked_for_in_every_synopsis():
    """``opened`` of ``rng-*`` objects (6.0): ``-object/rng-*/opened`` is the property of any rng form's synopsis."""
    objects = one_option("object", ["-object typename[,prop1=value1,...]"],
                         "``-object secret,id=id``\n    A secret.\n\n``-object rng-random,id=id[,opened=on|off]``\n    Random.")
    listing = _deprecations(("``opened`` property of ``rng-*`` objects (since 6.0)", "Specifying ``opened=on`` throws an error."))
    [finding] = lint(hx_source(objects), listing, select="QD202")
    assert finding.location.line == _line_of(objects, "``-object rng-random,id=id[,opened=on|off]``")
    assert finding.message.startswith("-object rng-*,opened= is deprecated since 6.0")


# -- the check bodies: each loop goes on past what it skips (an undocumented DEF, a
# -- covered entry, a clean file), and each finding keeps its words and its place ----------

QUIET = 'DEFHEADING(Quiet:)\n\nDEF("quiet", 0, QEMU_OPTION_quiet, "", QEMU_ARCH_ALL)\nSRST\n``-quiet``\n    Quiet.\nERST\n\n'
UNDOCUMENTED = 'DEFHEADING(Hidden:)\n\nDEF("hidden", HAS_ARG, QEMU_OPTION_hidden, "-hidden [a=x]\\n", QEMU_ARCH_ALL)\n\n'


def test_qd301_an_option_it_cannot_compare_or_compares_form_by_form_does_not_end_the_check():
    one_form = one_option("tpm", ["-tpm [a=x]"], "``-tpm [a=x][,b=y]``\n    TPM.")
    for before in (UNDOCUMENTED, NET):
        text = before + one_form
        [finding] = lint(hx_source(text), select="QD301")
        assert finding.message == agree("the documentation of -tpm names `b=`; -help does not")
        assert finding.location.line == _line_of(text, "``-tpm [a=x][,b=y]``")


def test_qd302_an_option_the_hx_does_not_define_does_not_end_the_comparison():
    page = _page([Option(name="-ghost", synopses=[_synopsis("-ghost", 39)]),
                  Option(name="-tpm", synopses=[_synopsis("-tpm a=y", 40), _synopsis("-tpm help", 41)])])
    [finding] = lint(hx_source(TWO_SYNOPSES), page, select="QD302")
    assert finding.location.line == 40


def test_qd303_an_option_without_help_or_a_property_it_cannot_compare_does_not_end_the_check():
    mismatch = DEFAULTS.replace("The default is auto.", "The default is off.")
    assert len(lint(hx_source(QUIET + mismatch), select="QD303")) == 1
    # before the property that disagrees, one -help gives a default of: undocumented, or documented in prose
    for first in ("``level=n``\n        The level.", "``level=on|off``\n        The default is full acceleration."):
        text = mismatch.replace("    ``mode=on|off|auto``", f"    {first}\n\n    ``mode=on|off|auto``")
        text = text.replace('"-tpm [mode=on|off|auto]\\n"', '"-tpm [level=on|off][,mode=on|off|auto]\\n"\n    "    level=on|off (default: on)\\n"')
        [finding] = lint(hx_source(text), select="QD303")
        assert finding.message.startswith("-help gives -tpm mode= the default 'auto'")
        assert finding.location.line == _line_of(text, "    ``mode=on|off|auto``")


def test_qd303_a_default_starting_with_a_capital_x_is_compared_whole():
    text = DEFAULTS.replace("on|off|auto", "kvm|Xen|tcg").replace("(default: auto)", "(default: Xen)")
    assert lint(hx_source(text.replace("The default is auto.", "The default is Xen.")), select="QD303") == []


def test_qd304_an_all_targets_mask_under_an_archheading_names_every_target_of_the_heading():
    text = ARCH.replace("MASK", "QEMU_ARCH_ALL").replace("QEMU_ARCH_I386)", "QEMU_ARCH_I386 | QEMU_ARCH_ARM)")
    [finding] = lint(hx_source(text), select="QD304")
    assert finding.message == (
        "-no-hpet is documented under 'i386 target only' (arm, i386), but its DEF mask is QEMU_ARCH_ALL: "
        "move the option or correct the mask"
    )


def test_qd305_is_reported_at_the_records_line():
    bad = _records("removals", "7.2.0", [("-soundhw", None, "7.1")])
    bad.option_set.removals[0].heading = "``-soundhw`` (since 7.1)"
    [finding] = lint(hx_source(TWO_SYNOPSES), bad, select="QD305")
    assert (finding.location.path, finding.location.line) == ("7.2.0/removed-features.rst", 10)


def test_qd301_an_option_whose_help_text_is_not_known_still_reports_documented_keys_help_lacks():
    """A model built by hand may carry -help synopses without the help text: -help then names no key, and no prose hides one."""
    source = hx_source(one_option("tpm", ["-tpm [a=x]"], "``-tpm [a=x][,xx=y]``\n    TPM."))
    source.option_set.options[0].help = None
    [finding] = lint(source, select="QD301")
    assert finding.message == agree("the documentation of -tpm names `a=` and `xx=`; -help does not")


BLUETOOTH = 'DEFHEADING(Bluetooth(R) options:)\n\nDEF("bt", HAS_ARG, QEMU_OPTION_bt, "-bt hci\\n", QEMU_ARCH_ALL)\nSRST\n``-bt hci``\n    BT. This option is deprecated.\nERST\n\n'


def test_qd201_an_option_a_subsystem_entry_covers_does_not_end_the_check():
    text = BLUETOOTH + DEPRECATING
    listing = _deprecations(("bluetooth subsystem (since 3.1)", "x"))
    assert [f.message.split(" is said")[0] for f in lint(hx_source(text), listing, select="QD201")] == ["-tpm", "-tpm a"]


def test_qd201_a_def_inside_a_deprecated_comment_region_states_nothing():
    """``/* BEGIN deprecated */`` marks HMP commands for the build: it is no statement of the documentation."""
    text = one_option("old", ["-old"], "``-old``\n    Old.").replace('DEF("old"', '/* BEGIN deprecated */\nDEF("old"')
    text = text.replace("ERST\n", "ERST\n/* END deprecated */\n")
    assert lint(hx_source(text), _deprecations(UNRELATED), select="QD201") == []


def test_qd201_a_statement_about_listed_options_does_not_hide_the_next_statement():
    text = DEPRECATING.replace(
        "TPM. This option is deprecated, use -tpmdev instead.",
        "TPM. Options -foo and -bar are deprecated.\n\n    This option is deprecated, use -tpmdev instead.",
    )
    found = [f.message.split(" is said")[1][:50] for f in lint(hx_source(text), _deprecations(UNRELATED), select="QD201")]
    assert found == [' to be deprecated ("This option is deprecated, use', ' to be deprecated ("This property is deprecated.")']


def test_qd202_a_listed_device_property_is_unmarked_at_its_item():
    text = DEPRECATING + DEVICE
    [finding] = lint(hx_source(text), _deprecations(("``-device virtio-blk,scsi=on`` (since 7.0)", "x")), select="QD202")
    assert finding.location.line == _line_of(text, "    ``scsi=on|off``")
    assert finding.message.startswith("-device virtio-blk,scsi= is deprecated since 7.0 (deprecated.rst)")


def test_qd202_each_thing_one_entry_names_is_judged():
    """An undefined option, or an unmarked one, among the entry's names does not end the entry."""
    unmarked = [f.message.split(" is deprecated")[0] for f in lint(hx_source(DEPRECATING), _deprecations(("``-foo`` and ``-old`` (since 7.0)", "x")), select="QD202")]
    assert unmarked == ["-old"]
    both = lint(hx_source(DEPRECATING), _deprecations(("``-old`` and ``-tpm b=y`` (since 7.0)", "x")), select="QD202")
    assert sorted(f.message.split(" is deprecated")[0] for f in both) == ["-old", "-tpm b="]


def test_qd203_and_qd205_need_the_releases_definitions():
    assert lint(_deprecations(("``-old`` (since 5.0)", "x")), select="QD203") == []
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _removals(("``-old`` (removed in 7.0)", "x"), release="7.0.0")]
    assert lint(select="QD205", releases=[earlier, [_deprecations(UNRELATED)]]) == []


def test_qd203_an_entry_without_a_version_or_not_yet_overdue_does_not_end_the_check():
    for first in [("-foo", None, None)], [("-tpm", None, "7.1")]:
        listing = _records("deprecations", "7.2.0", first + [("-old", None, "5.0")])
        [finding] = lint(hx_source(DEPRECATING), listing, select="QD203")
        assert finding.message.startswith("-old deprecated since 5.0")
        assert (finding.location.path, finding.location.line) == ("7.2.0/deprecated.rst", 11)


def test_qd205_an_entry_without_a_removal_version_does_not_end_the_list():
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"),
               _removals(("``-tpm`` removal", "x"), ("``-old`` (removed in 7.0)", "x"), release="7.0.0")]
    found = lint(select="QD205", releases=[earlier, [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0")]])
    assert [f.message.split(" is still")[0] for f in found] == ["-old"]


def test_qd205_what_two_lists_say_is_reported_once_and_what_only_the_second_adds_too():
    lists = [
        [hx_source(DEPRECATING, "8.0.0/qemu-options.hx", "8.0.0"),
         _removals(("``-old`` (removed in 7.2)", "x"), ("``-tpm a=x`` (removed in 7.2)", "x"), release="8.0.0")],
        [hx_source(DEPRECATING, "8.1.0/qemu-options.hx", "8.1.0"),
         _removals(("``-old`` and ``-tpm`` (removed in 7.2)", "x"), ("``-tpm a=x`` and ``-tpm b=y`` (removed in 7.2)", "x"), release="8.1.0")],
    ]
    this = [hx_source(DEPRECATING, "7.2.0/qemu-options.hx", "7.2.0")]
    found = [f.message.split(" is ")[0] for f in lint(select="QD205", releases=[this, *lists]) if f.location.path.startswith("7.2.0")]
    assert sorted(found) == ["-old", "-tpm", "-tpm a=", "-tpm b="]


def test_qd205_a_removed_option_kept_hidden_is_information_at_its_def_and_the_next_option_is_still_judged():
    text = UNDOCUMENTED + DEPRECATING
    this = hx_source(text, "7.2.0/qemu-options.hx", "7.2.0")
    this.option_set.options[0].hidden = "it is kept to say it is gone"
    earlier = [hx_source(DEPRECATING, "7.0.0/qemu-options.hx", "7.0.0"), _removals(("``-hidden`` and ``-old`` (removed in 7.0)", "x"), release="7.0.0")]
    found = [(f.location.line, f.severity, f.message) for f in lint(select="QD205", releases=[earlier, [this]])]
    assert found == [
        (_line_of(text, 'DEF("hidden", HAS_ARG, QEMU_OPTION_hidden, "-hidden [a=x]\\n", QEMU_ARCH_ALL)'), "info",
         "-hidden is still defined in 7.2.0, though removed-features (7.0.0) says it was removed in 7.0, on purpose: "
         "QEMU hides it (it is kept to say it is gone), so it stays undocumented"),
        (_line_of(text, 'DEF("old", HAS_ARG, QEMU_OPTION_old,'), "error",
         "-old is still defined in 7.2.0, but removed-features (7.0.0) says it was removed in 7.0: remove its DEF and documentation"),
    ]


def test_qd001_a_diagnostic_another_rule_reports_or_an_information_does_not_end_the_file():
    page = _diagnosed(
        "html", "p.html",
        Diagnostic("info", "html-orphan-item", "an information", Location("p.html", 2)),
        Diagnostic("warning", "hx-intro-item", "another rule's", Location("p.html", 3)),
        Diagnostic("warning", "html-entity-damage", "placeholder <name> parsed as a tag", Location("p.html", 4)),
        Diagnostic("warning", "rst-heading-convention", "a heading", Location("p.html", 5)),
        Diagnostic("warning", "html-orphan-item", "a stray item", Location("p.html", 6)),
    )
    assert [(f.location.line, f.message) for f in lint(page, select="QD001")] == [(6, "a stray item [html-orphan-item]")]


def test_qd401_a_file_of_a_format_it_does_not_read_does_not_end_the_release():
    texinfo = _text_file("texi", "qemu-doc.texi", "@var{name} is texinfo's own markup\n")
    page = _text_file("html", "p.html", "<p>use &#64;var{name}</p>\n")
    assert [(f.location.path, f.location.line) for f in lint(texinfo, page, select="QD401")] == [("p.html", 1)]


def test_qd501_a_list_without_heading_problems_does_not_end_the_release():
    clean = _list_page(_entries("Deprecated features", ("``-old`` (since 7.0)", "'", "Old.")))
    page = _list_page(_entries("Removed features", ("``-soundhw``", "'", "Gone.")), "removed-features.rst")
    [finding] = lint(clean, page, select="QD501")
    assert finding.location.path == "10.2.0/docs/about/removed-features.rst"


def test_qd310_a_command_without_params_or_without_documented_parameters_does_not_end_the_file():
    migrate = _command("migrate", "[-r] uri", ["``migrate`` *uri* *speed*"])
    for first in (_command("nmi", "", ["``nmi`` *cpu*"]), _command("block_resize", "device size", ["``block_resize``"])):
        found = hmp_findings(first, migrate)
        assert len(found) == 2
        assert found[1][2].startswith("HMP migrate: .params has `-r`, the documentation does not")


def test_qd110_a_group_it_skips_or_finds_documented_does_not_end_the_reply():
    text = one_option("old", ["-old [k=v]"], "``-old [k=v]``\n    Old.") + QMP_TPM
    for first in ({"ghost": ["a"]}, {"old": ["k"]}):
        [(severity, _, _, message)] = qmp_findings(_qmp_files(text, {**first, "tpm": ["a", "zz"]}))
        assert (severity, message.split(" (QMP")[0]) == ("warning", "-tpm: the binary accepts `zz=`")
