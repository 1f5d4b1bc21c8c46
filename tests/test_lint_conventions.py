"""QEMU's own conventions respected; every rule's example real.

- Options QEMU hides on purpose (an empty DEF help text, a DEF under
  ``HXCOMM Internal use`` or ``HXCOMM Deprecated by ...``) are recorded in
  the model with why, and QD101 gives them an info saying so, never a
  warning.  The expected sets come from a line scan of every release's
  qemu-options.hx written here, not from qdoc's reader.
- Entry headings of deprecated.rst / removed-features.rst that break the
  list's convention are QD501 (not the reader-problem code QD001); a
  rolling entry, whose version is a substitution
  (``|VER_MACHINE_DEPRECATION_VERSION|``), is information.  The expected
  headings come from docutils' own section tree.
- ``qdoc rules``: each example's file holds its text at its line, and
  linting as the example says gives its finding.
"""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from conftest import CORPUS, QEMU, RELEASES, run_qdoc
from list_scan import list_entries
from qdoc.lint import RULES
from qdoc.lint.examples import EXAMPLES, NO_CORPUS_INSTANCE
from qdoc.readers.hx import read_hx

# -- an independent scan of the .hx conventions --------------------------------

_C_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_HIDING_WORDS_RE = re.compile(r"(?:Internal use|Deprecated)\b")


def hidden_defs(text: str) -> dict[str, tuple[int, str | None]]:
    """``{name: (line, comment)}`` of the DEFs QEMU hides, by QEMU's conventions, read line by line.

    A DEF is hidden when its help string is empty (``-help`` prints
    nothing for it) or when the ``HXCOMM`` comment right above says
    ``Internal use`` or ``Deprecated``.  A comment speaks for the DEF lines
    below it up to a blank line or a block, and, after the first DEF, only
    for those whose help is empty (``HXCOMM Deprecated, same as
    -no-user-config`` is about ``-nodefconfig``, not about the
    ``-no-user-config`` after it).  ``comment`` is the comment's text, or
    None for an empty help string with no comment.
    """
    found = {}
    comment: list | None = None  # [text, DEFs under it]
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith(("SRST", "STEXI", "DEFHEADING", "ARCHHEADING")):
            comment = None
        elif line.startswith("HXCOMM"):
            words = line[len("HXCOMM"):].strip()
            if comment and not comment[1]:
                comment[0] += " " + words
            else:
                comment = [words, 0]
        elif line.startswith("DEF("):
            start = i
            call = line
            while call.count("(") > call.count(")"):
                i += 1
                call += "\n" + lines[i]
            name = re.match(r'DEF\("([\w-]+)"', call).group(1)
            help_part = call.split(",", 3)[3].rsplit(",", 1)[0]
            help_text = "".join(_C_STRING_RE.findall(help_part))
            said = comment[0] if comment and not (comment[1] and help_text.strip()) else None
            if said and said.startswith("qdoc:"):
                said = None
            if (said and _HIDING_WORDS_RE.match(said)) or not help_text.strip():
                found["-" + name] = (start + 1, said)
            if comment:
                comment[1] += 1
        i += 1
    return found


def empty_block_defs(text: str) -> dict[str, int]:
    """``{name: line}`` of the DEFs whose documentation block (SRST/STEXI) right after them holds nothing.

    QEMU 6.0 to 7.0 emptied ``-writeconfig``'s SRST block when it deprecated
    the option: kept out of the manual on purpose, as an empty help string
    keeps a DEF out of -help.
    """
    found = {}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        m = re.match(r'DEF\("([\w-]+)"', line)
        if not m:
            continue
        after = number + 1
        while after < len(lines) and not lines[after].startswith(("SRST", "STEXI", "DEF(", "DEFHEADING", "ARCHHEADING")):
            after += 1
        if after < len(lines) and lines[after].strip() in ("SRST", "STEXI"):
            closing = "E" + lines[after].strip()[1:]
            body = lines[after + 1 : lines.index(closing, after + 1)]
            if not "".join(body).strip():
                found["-" + m.group(1)] = number + 1
    return found


def documented_terms(text: str) -> set[str]:
    """Options an SRST term (````-name ...````) or a STEXI ``@item``/``@itemx`` names."""
    names = set(re.findall(r"^``(-[\w-]+)", text, re.M))
    names.update(re.findall(r"^@itemx? (-[\w-]+)", text, re.M))
    return names


def _lint_json(*args: str, cwd=CORPUS) -> list[dict]:
    result = run_qdoc("lint", *args, "--severity", "info", "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def qd101_all_releases() -> list[dict]:
    return _lint_json(*[f"qemu/{r}" for r in RELEASES], "--select", "QD101")


def test_hidden_options_are_in_the_model_with_why():
    """Every release: the options the scan finds hidden, and only those, carry ``hidden`` with QEMU's reason.

    Hidden: an empty DEF help, a hiding ``HXCOMM`` comment, or a DEF whose
    documentation block is empty (:func:`empty_block_defs`).
    """
    total = 0
    for release in RELEASES:
        path = QEMU / release / "qemu-options.hx"
        text = path.read_text(encoding="utf-8")
        expected = {name: (line, "HXCOMM " + comment if comment else "empty help")
                    for name, (line, comment) in hidden_defs(text).items()}
        for name, line in empty_block_defs(text).items():  # -writeconfig, 6.0 to 7.0
            expected.setdefault(name, (line, "block after the DEF is empty"))
        options = read_hx(text, str(path)).options
        got = {o.name: (o.locations["definition"].line, o.hidden) for o in options if o.hidden}
        assert set(got) == set(expected), release
        for name, (line, reason) in expected.items():
            assert got[name][0] == line, (release, name)
            assert reason in got[name][1], (release, name)
        total += len(expected)
    assert total >= 180  # -qtest, -qtest-log, -fdb, -hdb, -hdd in all 26 releases, -M and -no-kvm up to 4.2, the 2.12 compatibility options


def test_qd101_gives_hidden_options_an_info_saying_why(qd101_all_releases):
    """QD101 on every release: hidden and undocumented is info with the reason; never a warning for a hidden DEF."""
    expected_info = {}
    hidden_lines = set()
    for release in RELEASES:
        text = (QEMU / release / "qemu-options.hx").read_text(encoding="utf-8")
        documented = documented_terms(text)
        for name, (line, comment) in hidden_defs(text).items():
            where = (f"qemu/{release}/qemu-options.hx", line)
            hidden_lines.add(where)
            if name not in documented:
                expected_info[where] = comment
        for name, line in empty_block_defs(text).items():
            if name not in documented:
                expected_info[(f"qemu/{release}/qemu-options.hx", line)] = "block after the DEF is empty"
    findings = [f for f in qd101_all_releases if f["location"]["path"].endswith("qemu-options.hx")]
    info = {(f["location"]["path"], f["location"]["line"]): f["message"] for f in findings if f["severity"] == "info"}
    warned = {(f["location"]["path"], f["location"]["line"]) for f in findings if f["severity"] == "warning"}
    assert set(info) == set(expected_info)
    for where, comment in expected_info.items():
        assert "on purpose" in info[where] and (comment is None or comment in info[where]), where
    assert not warned & hidden_lines
    assert ("qemu/10.2.0/qemu-options.hx", 5465) in expected_info  # -qtest under HXCOMM Internal use
    assert ("qemu/4.2.0/qemu-options.hx", 4255) in expected_info  # -no-kvm under HXCOMM Deprecated by -accel tcg
    assert ("qemu/6.0.0/qemu-options.hx", 4393) in expected_info  # -writeconfig, its SRST block emptied


# -- an independent scan of the list headings ----------------------------------

_STATED_VERSION_RE = re.compile(r"\((?:[^()]*, )?(?:since|removed in) \d+\.\d+[^()]*\)\s*$")
_VERSION_SUBSTITUTION_RE = re.compile(r"\|\w*VER\w*\|")


def test_heading_conventions_match_an_independent_scan():
    """QD501 on every release: exactly the entry headings that state no version in parentheses, or sit at an area's level.

    Removal headings that say ``(since X.Y)`` are QD305's; a rolling entry
    (no version in its heading, a ``|...VER...|`` substitution in its text)
    is information, every other one a warning.  A section at an area's
    level with nothing under it is an entry when its title states a version
    (``-runas (since 9.1)`` underlined with ``-`` in 9.2), else an area
    without entries (no finding).
    """
    expected = {}
    for path in sorted(QEMU.glob("*/docs/*/deprecated.rst")) + sorted(QEMU.glob("*/docs/*/removed-features.rst")):
        for line, title, body, kind, depth in list_entries(path):
            where = (str(path.relative_to(CORPUS)), line)
            if depth == 1:
                if re.search(r"\((?:[^()]*, )?(?:since|removed in) \d", title, re.I):
                    expected[where] = "warning"
                continue
            if _STATED_VERSION_RE.search(title) or (kind == "removal" and re.search(r"\(since \d", title)):
                continue
            rolling = _VERSION_SUBSTITUTION_RE.search(body) and not re.search(r"\d\.\d", title)
            expected[where] = "info" if rolling else "warning"
    findings = _lint_json(*[f"qemu/{r}" for r in RELEASES], "--select", "QD501,QD001")
    got = {(f["location"]["path"], f["location"]["line"]): f["severity"] for f in findings if f["code"] == "QD501"}
    assert got == expected
    assert ("qemu/10.2.0/docs/about/deprecated.rst", 268) in got and got[("qemu/10.2.0/docs/about/deprecated.rst", 268)] == "info"
    assert ("qemu/9.2.0/docs/about/deprecated.rst", 77) in got  # -runas underlined as an area
    assert not any("[rst-heading-convention]" in f["message"] or "[rst-entry-level]" in f["message"] for f in findings if f["code"] == "QD001")


# -- small inputs ----------------------------------------------------------------

HIDDEN_HX = textwrap.dedent(
    """\
    DEF("m", HAS_ARG, QEMU_OPTION_m,
        "-m megs         set virtual RAM size to megs MB\\n", QEMU_ARCH_ALL)
    SRST
    ``-m megs``
        Set the RAM size.
    ERST

    HXCOMM Internal use
    DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)
    DEF("qtest-log", HAS_ARG, QEMU_OPTION_qtest_log, "", QEMU_ARCH_ALL)

    HXCOMM Deprecated, same as -no-user-config
    DEF("nodefconfig", 0, QEMU_OPTION_nodefconfig, "", QEMU_ARCH_ALL)
    DEF("no-user-config", 0, QEMU_OPTION_nouserconfig,
        "-no-user-config\\n"
        "                do not load default user-provided config files at startup\\n",
        QEMU_ARCH_ALL)

    HXCOMM Deprecated by -audiodev
    DEF("audio-help", 0, QEMU_OPTION_audio_help,
        "-audio-help     show -audiodev equivalent of the currently specified audio settings\\n",
        QEMU_ARCH_ALL)

    DEF("writeconfig", HAS_ARG, QEMU_OPTION_writeconfig,
        "-writeconfig <file>\\n"
        "                read/write config file (deprecated)\\n", QEMU_ARCH_ALL)
    """
)


def _lint_tree(tmp_path, files: dict[str, str], *args: str) -> list[dict]:
    tree = tmp_path / "tree"
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    return _lint_json(str(tree), *args, cwd=tmp_path)


def test_hidden_definitions_small_input():
    options = {o.name: o for o in read_hx(HIDDEN_HX, "qemu-options.hx").options}
    assert options["-qtest"].hidden == options["-qtest-log"].hidden == "HXCOMM Internal use"
    assert options["-qtest"].locations["hidden"].line == 8
    assert options["-nodefconfig"].hidden == "HXCOMM Deprecated, same as -no-user-config"
    assert options["-audio-help"].hidden == "HXCOMM Deprecated by -audiodev"
    # Meant to be seen: documented, or only near a comment about another DEF.
    assert options["-m"].hidden is None and options["-no-user-config"].hidden is None
    assert options["-writeconfig"].hidden is None


def test_qd101_info_for_hidden_warning_for_forgotten(tmp_path):
    findings = _lint_tree(tmp_path, {"qemu-options.hx": HIDDEN_HX}, "--select", "QD101")
    by_option = {re.search(r"(-[\w-]+)", f["message"]).group(1): f for f in findings}
    assert by_option["-qtest"]["severity"] == "info" and "HXCOMM Internal use" in by_option["-qtest"]["message"]
    assert by_option["-nodefconfig"]["severity"] == "info"
    # Triggers: a DEF with a help text and no documentation item is a warning that says what to add.
    assert by_option["-writeconfig"]["severity"] == "warning"
    assert "add an item for -writeconfig" in by_option["-writeconfig"]["message"]
    assert by_option["-no-user-config"]["severity"] == "warning"
    # Does not trigger: documented (-m), or documented after its comment (-audio-help has no item: info).
    assert "-m" not in by_option and by_option["-audio-help"]["severity"] == "info"


def test_a_def_followed_by_an_empty_block_is_hidden_on_purpose(tmp_path):
    """QEMU 6.0-7.0 emptied -writeconfig's SRST block: kept out of the manual on purpose, so information saying why."""
    emptied = HIDDEN_HX + "SRST\nERST\n"
    findings = _lint_tree(tmp_path, {"qemu-options.hx": emptied}, "--select", "QD101")
    writeconfig = [f for f in findings if "-writeconfig" in f["message"]]
    assert [f["severity"] for f in writeconfig] == ["info"]
    assert "on purpose" in writeconfig[0]["message"] and "SRST block" in writeconfig[0]["message"]
    # A block with text in it is no empty block: the DEF without an item of its own stays a warning.
    stray = HIDDEN_HX + "SRST\nSome words.\nERST\n"
    findings = _lint_tree(tmp_path / "2", {"qemu-options.hx": stray}, "--select", "QD101")
    assert [f["severity"] for f in findings if "-writeconfig" in f["message"]] == ["warning"]


LIST_PAGE = textwrap.dedent(
    """\
    Deprecated features
    ===================

    System emulator machines
    ------------------------

    Versioned machine types (aarch64, i386)
    '''''''''''''''''''''''''''''''''''''''

    All machine types with version |VER_MACHINE_DEPRECATION_VERSION|, or older,
    have been deprecated.

    ``-old-thing``
    ''''''''''''''

    Use ``-new-thing`` instead.

    ``-other`` (since 7.1)
    ''''''''''''''''''''''

    Use ``-new-thing`` instead.
    """
)


def test_rolling_entry_is_info_a_missing_version_a_warning(tmp_path):
    findings = _lint_tree(tmp_path, {"docs/about/deprecated.rst": LIST_PAGE}, "--select", "QD501,QD001")
    by_line = {f["location"]["line"]: f for f in findings}
    assert by_line[7]["code"] == "QD501" and by_line[7]["severity"] == "info"
    assert "|VER_MACHINE_DEPRECATION_VERSION|" in by_line[7]["message"] and "rolling" in by_line[7]["message"]
    assert by_line[13]["code"] == "QD501" and by_line[13]["severity"] == "warning"
    assert "(since X.Y)" in by_line[13]["message"]
    assert 18 not in by_line  # states its version
    assert not [f for f in findings if f["code"] == "QD001"]  # a content convention, not a reader problem


# -- qdoc rules: every example real ------------------------------------------------


def test_every_rule_has_a_real_example_or_says_why_not():
    for code in RULES:
        assert (code in EXAMPLES) != (code in NO_CORPUS_INSTANCE), f"{code}: give it an example in qdoc/lint/examples.py"
    assert set(EXAMPLES) | set(NO_CORPUS_INSTANCE) == set(RULES)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_example_is_real(code):
    """The example's file holds its text at its line, and linting as it says gives its finding there."""
    example = EXAMPLES[code]
    lines = (CORPUS / example.path).read_text(encoding="utf-8").split("\n")
    assert example.text in lines[example.line - 1]
    findings = _lint_json(*example.lint, "--select", code)
    at = [f for f in findings if f["location"] and (f["location"]["path"], f["location"]["line"]) == (example.path, example.line)]
    assert example.finding in [f["message"] for f in at], [f["message"] for f in at]


def test_rules_without_an_example_find_nothing_in_the_corpus():
    codes = ",".join(NO_CORPUS_INSTANCE)
    findings = _lint_json(*[f"qemu/{r}" for r in RELEASES], "--select", codes)
    findings += _lint_json("qemu/7.2.0", "debian-7.2", "--release", "7.2.0", "--select", codes)
    assert not findings


def test_rules_command_shows_the_example():
    shown = run_qdoc("rules", "QD101")
    example = EXAMPLES["QD101"]
    assert shown.returncode == 0
    assert f"{example.path}:{example.line}: {example.text}" in shown.stdout
    assert example.finding in shown.stdout and f"qdoc lint {' '.join(example.lint)}" in shown.stdout
    listing = run_qdoc("rules").stdout
    for code in RULES:
        assert re.search(rf"^{code}\s", listing, re.M)
    assert f"e.g. {example.path}:{example.line}" in listing


def test_qd107_a_hidden_option_removed_silently_is_information():
    """Every release: an option gone without a removed-features entry is a warning, but an info when QEMU hid it."""
    hidden = {}
    for release in RELEASES:
        for name, (line, comment) in hidden_defs((QEMU / release / "qemu-options.hx").read_text(encoding="utf-8")).items():
            hidden[(f"qemu/{release}/qemu-options.hx", line)] = comment
    findings = _lint_json(*[f"qemu/{r}" for r in RELEASES], "--select", "QD107")
    severities = {}
    for f in findings:
        where = (f["location"]["path"], f["location"]["line"])
        severities[where] = f["severity"]
        if where in hidden:
            assert f["severity"] == "info" and "on purpose: QEMU hides it" in f["message"], f
        else:
            assert f["severity"] == "warning", f
    assert severities[("qemu/3.1.0/qemu-options.hx", 3478)] == "info"  # -clock, "Silently ignored for compatibility"


def test_the_reader_reports_a_rolling_entry_as_information():
    """The model says it too: ``qdoc parse`` of the page gives an info, not a warning, for the rolling entry."""
    from qdoc.readers.rst import read_rst

    page = read_rst(LIST_PAGE, "docs/about/deprecated.rst")
    conventions = {d.location.line: d for d in page.diagnostics if d.code == "rst-heading-convention"}
    assert conventions[7].severity == "info" and "|VER_MACHINE_DEPRECATION_VERSION|" in conventions[7].message
    assert conventions[13].severity == "warning"
    real = read_rst((QEMU / "10.2.0/docs/about/removed-features.rst").read_text(), "removed-features.rst")
    assert [d.severity for d in real.diagnostics if d.code == "rst-heading-convention" and d.location.line == 1024] == ["info"]
