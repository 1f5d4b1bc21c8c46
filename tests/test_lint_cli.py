"""``qdoc lint`` and ``qdoc rules`` as a CI uses them, on the real corpus and small inputs."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import CORPUS, QEMU, ROOT, run_qdoc

from qdoc.discovery import documentation_files
from qdoc.lint import RULES, collect
from qdoc.lint import output as lint_output
from qdoc.lint import run as run_checks

SARIF_SCHEMA = ROOT / ".cache" / "sarif-2.1.0-rtm.5.json"
TREE_72 = QEMU / "7.2.0"

SMALL = """\
DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit @var{now}.
ERST

DEF("frob", HAS_ARG, QEMU_OPTION_frob, "-frob level     frobnicate the guest\\n", QEMU_ARCH_ALL)
"""


def small_tree(tmp_path, text=SMALL):
    tree = tmp_path / "src"
    tree.mkdir(parents=True)
    (tree / "qemu-options.hx").write_text(text)
    return tree


def expected_undocumented_defs(text: str) -> set[str]:
    """DEFs with no documentation term of their own, from a plain scan of the .hx text.

    A DEF counts as documented when a term names it or a spelling its help
    text gives (``"-h or -help``; ``--preconfig``).
    """
    terms = {t.lstrip("-") for t in re.findall(r"^``(--?[\w-]+)", text, re.M)}
    undocumented = set()
    for m in re.finditer(r'^DEF\("([^"]+)"', text, re.M):
        name = m.group(1)
        call = text[m.start() : text.index(")\n", m.start())]
        spellings = {name}
        alias = re.search(r'"(--?[\w-]+) or (--?[\w-]+)', call)
        if alias:
            spellings |= {alias.group(1).lstrip("-"), alias.group(2).lstrip("-")}
        if not spellings & terms:
            undocumented.add("-" + name)
    return undocumented


def test_missing_documentation_7_2_is_exactly_the_defs_without_terms():
    """Undocumented DEFs are warnings, those QEMU hides on purpose (HXCOMM Internal use) information.

    -xen-domid-restrict, whose text sits in the item of -xen-attach, is
    reported as misplaced documentation (QD109), not as missing.
    """
    text = (TREE_72 / "qemu-options.hx").read_text()
    expected = expected_undocumented_defs(text)
    assert expected == {"-M", "-xen-domid-restrict", "-qtest", "-qtest-log"}
    hidden = set(re.findall(r'^DEF\("([\w-]+)", \w+, \w+, "", ', text, re.M))
    assert hidden == {"qtest", "qtest-log", "fdb", "hdb", "hdd"}  # empty help texts: -fdb.. are documented
    result = run_qdoc("lint", str(TREE_72), "--select", "QD101,QD109", "--severity", "info", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    options_hx = [f for f in found if f["location"]["path"].endswith("qemu-options.hx")]
    named = {re.search(r"DEF (-[\w-]+)", f["message"]).group(1): f["severity"] for f in options_hx}
    assert named == {name: ("info" if name[1:] in hidden else "warning") for name in expected}
    assert not any("-help" in f["message"] or "preconfig" in f["message"] for f in found)


def test_text_format_and_exit_codes(tmp_path):
    tree = small_tree(tmp_path)
    result = run_qdoc("lint", str(tree))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    column = SMALL.split("\n")[4].index("@var") + 1
    assert f"{tree / 'qemu-options.hx'}:5:{column}: QD401 [warning] texinfo markup '@var{{now}}' in the SRST text" in " ".join(lines)
    assert any(re.match(rf"{re.escape(str(tree))}/qemu-options.hx:8:1: QD101 \[warning\] DEF -frob", ln) for ln in lines)
    clean = small_tree(tmp_path / "clean", SMALL.replace(" @var{now}", "").split("DEF(\"frob\"")[0])
    result = run_qdoc("lint", str(clean))
    assert result.returncode == 0 and result.stdout == ""


def test_select_ignore_and_unknown_codes(tmp_path):
    tree = small_tree(tmp_path)
    only = run_qdoc("lint", str(tree), "--select", "QD4")
    assert "QD401" in only.stdout and "QD101" not in only.stdout
    ignored = run_qdoc("lint", str(tree), "--ignore", "QD401,QD101")
    assert ignored.returncode == 0
    assert run_qdoc("lint", str(tree), "--select", "XX9").returncode == 2


def test_severity_threshold(tmp_path):
    tree = small_tree(tmp_path)
    errors_only = run_qdoc("lint", str(tree), "--severity", "error")
    assert errors_only.returncode == 0 and errors_only.stdout == ""


def test_json_and_github_formats(tmp_path):
    tree = small_tree(tmp_path)
    data = json.loads(run_qdoc("lint", str(tree), "--format", "json").stdout)
    assert {d["code"] for d in data} == {"QD101", "QD401"}
    assert all(set(d) == {"code", "name", "severity", "message", "location"} for d in data)
    github = run_qdoc("lint", str(tree), "--format", "github").stdout
    assert re.search(r"^::warning file=.*qemu-options.hx,line=8,col=1,title=QD101 def-undocumented::DEF -frob", github, re.M)


def test_sarif_is_valid_against_the_official_schema(tmp_path):
    assert SARIF_SCHEMA.is_file(), "run .ci/install-test-deps (fetches the SARIF 2.1.0 schema)"
    schema = json.loads(SARIF_SCHEMA.read_text())
    result = run_qdoc("lint", str(TREE_72), "--format", "sarif")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "qdoc"
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_a_finding_without_a_location_claims_none_in_any_format():
    """Text printed ``qdoc:0:0:`` for it, a file and line that do not exist; no format makes one up now."""
    findings = run_checks(collect([str(TREE_72)])[0])
    assert findings and all(f.location for f in findings)
    nowhere = RULES["QD103"].finding("-frob is in the -help of qemu-system-x86_64 but not documented", None)
    findings = [nowhere, *findings]
    text = lint_output.text(findings).splitlines()
    assert text[0] == "QD103 [warning] -frob is in the -help of qemu-system-x86_64 but not documented"
    assert all(re.match(r"^\S+:\d+:\d+: QD\d{3} \[(info|warning|error)\] ", line) for line in text[1:])
    assert json.loads(lint_output.as_json(findings))[0]["location"] is None
    github = lint_output.github(findings).splitlines()
    assert github[0] == "::warning title=QD103 binary-undocumented::-frob is in the -help of qemu-system-x86_64 but not documented"
    log = json.loads(lint_output.sarif(findings))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    results = log["runs"][0]["results"]
    assert "locations" not in results[0] and all("locations" in r for r in results[1:])


def test_configuration_in_pyproject_and_qdoc_toml(tmp_path):
    tree = small_tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.qdoc]\nignore = ["QD401"]\n')
    result = run_qdoc("lint", str(tree), cwd=tmp_path)
    assert "QD401" not in result.stdout and "QD101" in result.stdout
    (tmp_path / "qdoc.toml").write_text('select = ["QD401"]\n')
    result = run_qdoc("lint", str(tree), cwd=tmp_path)
    assert "QD401" in result.stdout and "QD101" not in result.stdout
    (tmp_path / "qdoc.toml").write_text('colour = "red"\n')
    result = run_qdoc("lint", str(tree), cwd=tmp_path)
    assert result.returncode == 2 and "unknown" in result.stderr


@pytest.mark.parametrize("content", [None, "{", '{"qdoc_baseline": 1, "findings": [1]}', '{"qdoc_baseline": 1}'])
def test_an_unusable_baseline_is_an_input_error_not_a_traceback(tmp_path, content):
    """A folder, broken JSON, or JSON of the wrong shape where the baseline should be: exit 2, named."""
    baseline = tmp_path / "baseline.json"
    if content is None:
        baseline.mkdir()
    else:
        baseline.write_text(content)
    result = run_qdoc("lint", str(QEMU / "7.2.0" / "qemu-options.hx"), "--baseline", str(baseline))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"qdoc: {baseline}: ")


def test_baseline_records_then_reports_only_new_findings(tmp_path):
    tree = small_tree(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = run_qdoc("lint", str(tree), "--baseline", str(baseline))
    assert first.returncode == 0 and baseline.is_file()
    assert run_qdoc("lint", str(tree), "--baseline", str(baseline)).returncode == 0
    # Lines move: still the same findings.
    (tree / "qemu-options.hx").write_text("\n\n" + SMALL)
    assert run_qdoc("lint", str(tree), "--baseline", str(baseline)).returncode == 0
    (tree / "qemu-options.hx").write_text(SMALL + 'DEF("frob-log", HAS_ARG, QEMU_OPTION_frob_log, "-frob-log file\\n", QEMU_ARCH_ALL)\n')
    new = run_qdoc("lint", str(tree), "--baseline", str(baseline))
    assert new.returncode == 1 and new.stdout.count("\n") == 1 and "-frob-log" in new.stdout


def test_input_errors_exit_2(tmp_path):
    tree = small_tree(tmp_path, SMALL + "SRST\n``-x``\n    never closed\n")
    result = run_qdoc("lint", str(tree))
    assert result.returncode == 2 and "not closed" in result.stderr and "Traceback" not in result.stderr
    assert run_qdoc("lint", str(tmp_path / "missing")).returncode == 2


@pytest.mark.parametrize("command", ["lint", "build"])
def test_a_binary_that_cannot_be_probed_is_an_error_not_a_crash(tmp_path, command):
    """A --binary naming no QEMU: exit 2 with the reason, not "internal error"."""
    tree = small_tree(tmp_path, SMALL)
    args = [command, str(tree), "--binary", str(tmp_path / "no-such-qemu")] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    result = run_qdoc(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot run" in result.stderr and "no-such-qemu" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_rules_command():
    listing = run_qdoc("rules")
    assert listing.returncode == 0
    codes = re.findall(r"^(QD\d{3})\s", listing.stdout, re.M)
    assert codes == sorted(codes) and "QD101" in codes and "QD401" in codes
    one = run_qdoc("rules", "QD401")
    assert one.returncode == 0 and "texinfo" in one.stdout.lower()
    assert run_qdoc("rules", "texinfo-leak").stdout == one.stdout
    assert run_qdoc("rules", "QD999").returncode == 2


def test_lint_source_docs():
    """The example docs' undocumented internal -qtest (``HXCOMM Internal use``) is information, not a warning."""
    result = run_qdoc("lint", str(ROOT / "source_docs"), "--select", "QD101")
    assert result.returncode == 0 and result.stdout == ""
    result = run_qdoc("lint", str(ROOT / "source_docs"), "--select", "QD101", "--severity", "info")
    assert result.returncode == 1
    assert {m for m in re.findall(r"QD101 \[info\] DEF (-\S+) is not documented, on purpose", result.stdout)} == {"-qtest"}
    assert "HXCOMM Internal use" in result.stdout


BUILD_TREES = [
    pytest.param(QEMU / "2.12.0", id="2.12.0"),
    pytest.param(QEMU / "4.2.0", id="4.2.0"),
    pytest.param(QEMU / "7.2.0", id="7.2.0"),
    pytest.param(QEMU / "10.2.0", id="10.2.0"),
    pytest.param(CORPUS / "debian-7.2", id="debian-7.2"),
]


@pytest.mark.parametrize("tree", BUILD_TREES)
def test_build_reports_what_lint_reports(tree, tmp_path):
    """`qdoc build`'s lint.txt holds the findings of `qdoc lint` on the same tree, no more, no fewer.

    The build models every page (the whole manual, qemu-img's and the
    monitor's pages, the Debian HTML and man pages) but lints only the files
    lint reads: linted too, qemu-img's and the monitor's commands were held
    against qemu-options.hx (195 false QD102 on 7.2.0).
    """
    lint = run_qdoc("lint", str(tree))
    assert lint.returncode in (0, 1), lint.stderr
    out = tmp_path / "build"
    build = run_qdoc("build", str(tree), "-o", str(out), "--no-sphinx", "-q")
    assert build.returncode == 0, build.stderr
    findings = lint.stdout.splitlines()
    assert (out / "lint.txt").read_text().splitlines() == (findings or ["no findings"])
    assert f" {len(findings)} lint finding(s);" in build.stdout
    modelled = json.loads((out / "summary.json").read_text())["sources"]
    assert len(modelled) > len(documentation_files(str(tree)))  # the build read more than it linted


DEBIAN_72 = CORPUS / "debian-7.2"


def test_binary_undocumented_counts_only_the_system_emulators_documentation():
    """QD103 holds the -help of qemu-system-x86_64 against qemu-system documentation only.

    Debian's qemu-img and qemu-storage-daemon pages document other
    programs; counted as documentation they hid -help options they happen to
    share (-T, --blockdev...) and, alone, made every other one a finding.
    (The man reader also took every page not qemu-img's for the emulator's:
    qemu-storage-daemon.1 is now its own program.)
    """

    def qd103(*pages: str) -> list[str]:
        paths = [str(DEBIAN_72 / page) for page in (*pages, "binary/help.txt")]
        result = run_qdoc("lint", *paths, "--release", "7.2.22", "--select", "QD103", "--format", "json")
        assert result.returncode in (0, 1), result.stderr
        return [f["message"] for f in json.loads(result.stdout)]

    others = ("man/qemu-img.1", "man/qemu-storage-daemon.1")
    assert qd103(*others) == []  # nothing documents qemu-system: nothing to compare
    system = qd103("man/qemu-system.1")
    assert system == [
        "the -help of qemu-system-x86_64 lists -xen-domid-restrict; the documentation does not: "
        "add an item for -xen-domid-restrict to qemu-options.hx"
    ]
    assert qd103("man/qemu-system.1", *others) == system


DEPRECATED = """\
Deprecated features
===================

System emulator command line arguments
--------------------------------------

``-h`` option
'''''''''''''

Use something else.
"""


def test_build_of_a_sphinx_project_still_lints_its_deprecation_list(tmp_path):
    """Sphinx builds the pages of a project with a conf.py, but the files lint reads are linted by build too."""
    tree = small_tree(tmp_path)
    (tree / "conf.py").write_text("")
    (tree / "deprecated.rst").write_text(DEPRECATED)
    lint = run_qdoc("lint", str(tree))
    assert "deprecated.rst:7:1: QD501" in lint.stdout
    out = tmp_path / "build"
    assert run_qdoc("build", str(tree), "-o", str(out), "--no-sphinx", "-q").returncode == 0
    assert (out / "lint.txt").read_text() == lint.stdout


def test_build_lints_with_the_configuration_lint_uses(tmp_path):
    """A qdoc.toml above the tree applies to `qdoc lint TREE` and `qdoc build TREE` alike, run from elsewhere.

    Build used to lint with the defaults whatever the configuration said,
    and lint looked for it only from the current directory.
    """
    tree = small_tree(tmp_path)
    (tmp_path / "qdoc.toml").write_text('ignore = ["QD401"]\n')
    lint = run_qdoc("lint", str(tree))  # from the checkout, not from the tree
    assert "QD101" in lint.stdout and "QD401" not in lint.stdout
    out = tmp_path / "build"
    build = run_qdoc("build", str(tree), "-o", str(out), "--no-sphinx", "-q")
    assert build.returncode == 0, build.stderr
    assert (out / "lint.txt").read_text() == lint.stdout
    assert " 1 lint finding(s);" in build.stdout

    (tmp_path / "qdoc.toml").write_text('baseline = "baseline.json"\n')
    assert run_qdoc("lint", str(tree)).returncode == 0 and (tmp_path / "baseline.json").is_file()
    (tree / "qemu-options.hx").write_text(SMALL + 'DEF("frob-log", HAS_ARG, QEMU_OPTION_frob_log, "-frob-log file\\n", QEMU_ARCH_ALL)\n')
    lint = run_qdoc("lint", str(tree))
    assert lint.returncode == 1 and lint.stdout.count("\n") == 1 and "-frob-log" in lint.stdout
    assert run_qdoc("build", str(tree), "-o", str(out), "--no-sphinx", "-q").returncode == 0
    assert (out / "lint.txt").read_text() == lint.stdout

    (tmp_path / "qdoc.toml").write_text('select = ["XX9"]\n')
    build = run_qdoc("build", str(tree), "-o", str(out), "--no-sphinx", "-q")
    assert build.returncode == 2 and "unknown rule code" in build.stderr


#: Ten consecutive releases: options vanish in 4.0, 5.0, 5.2 and 6.0, some
#: announced by the removal lists of 5.0, 5.2 or 6.2, some never (-bt), one hidden (-clock).
HISTORY = ("3.1.0", "4.0.0", "4.1.0", "4.2.0", "5.0.0", "5.1.0", "5.2.0", "6.0.0", "6.1.0", "6.2.0")


def _removal_list_headings(release: str) -> list[str]:
    """The entry headings of a release's removal lists: rST titles (a line over its underline), texinfo sections.

    removed-features.rst whole; deprecated.rst (5.x) and qemu-deprecated.texi
    (4.2) from their "Recently removed features" part on.
    """
    headings = []
    for name, start in (("docs/about/removed-features.rst", ""), ("docs/system/deprecated.rst", "Recently removed features\n"),
                        ("qemu-deprecated.texi", "@appendix Recently removed features\n")):
        path = QEMU / release / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if start not in text:
            continue
        lines = text[text.index(start):].splitlines()
        headings += [line for line, under in zip(lines, lines[1:])
                     if line.strip() and re.fullmatch(r"([-=~^'\"])\1+", under) and len(under) >= len(line.rstrip())]
        headings += [line for line in lines if line.startswith(("@section ", "@subsection "))]
    return headings


def test_whole_corpus_history_reports_exactly_the_unannounced_removals():
    """QD107 over ten releases: exactly the DEFs that vanish and that no removal-list entry names.

    Independent of qdoc: a DEF scan of each pair of neighbouring releases
    gives what vanished; an entry announces an option when its heading
    names it as a whole literal (``-no-kvm``, not ``-net ...,name=``); a DEF
    with an empty help text (QEMU hides it: ``-clock``) is information, the
    others warnings.  Every release's lists count, later ones too.
    """
    project = collect([str(QEMU / r) for r in HISTORY])[0]
    found = run_checks(project, select=["QD107"], severity="info")
    reported = {(f.message.split()[0], f.severity) for f in found}
    announced = set()
    for release in HISTORY:
        for heading in _removal_list_headings(release):
            announced |= {a or b for a, b in re.findall(r"``(-[\w-]+)``|@option\{(-[\w-]+)\}", heading)}
    expected = set()
    for old, new in zip(HISTORY, HISTORY[1:]):
        before = (QEMU / old / "qemu-options.hx").read_text()
        after = set(re.findall(r'^DEF\("([^"]+)"', (QEMU / new / "qemu-options.hx").read_text(), re.M))
        hidden = set(re.findall(r'^DEF\("([^"]+)", \w+, \w+, "", ', before, re.M))
        for name in re.findall(r'^DEF\("([^"]+)"', before, re.M):
            if name not in after and "-" + name not in announced:
                expected.add(("-" + name, "info" if name in hidden else "warning"))
    assert expected == {
        ("-no-frame", "warning"), ("-enable-hax", "warning"), ("-xen-create", "warning"), ("-clock", "info"),
        ("-virtioconsole", "warning"), ("-virtfs_synth", "warning"), ("-bt", "warning"),
    }  # the scan itself, checked by hand against the DEF lines and removal lists
    assert reported == expected


REMOVED = """\
Removed features
================

System emulator command line arguments
--------------------------------------

``-foo`` (since 7.1)
""" + "'" * 20 + """

The option is gone.
"""


def test_rst_inline_suppression(tmp_path):
    tree = small_tree(tmp_path, SMALL.replace(" @var{now}", "").split('DEF("qtest"')[0])
    (tree / "docs" / "about").mkdir(parents=True)
    listing = tree / "docs" / "about" / "removed-features.rst"
    listing.write_text(REMOVED)
    found = run_qdoc("lint", str(tree), "--select", "QD305")
    assert found.returncode == 1 and f"{listing}:7:1: QD305" in found.stdout
    listing.write_text(REMOVED.replace("``-foo``", ".. qdoc: ignore QD305\n\n``-foo``"))
    assert run_qdoc("lint", str(tree), "--select", "QD305").returncode == 0


def test_lint_against_the_real_binary_agrees_with_its_saved_help():
    """--binary runs the installed QEMU (Debian's 7.2); the saved -help gives the same QD103 findings."""
    import shutil as _shutil

    binary = _shutil.which("qemu-system-x86_64")
    assert binary, "Debian's qemu-system-x86 is needed (installed by .ci/install-test-deps)"
    live = run_qdoc("lint", str(TREE_72), "--binary", binary, "--select", "QD103,QD104", "--severity", "info", "--format", "json")
    saved = run_qdoc(
        "lint", str(TREE_72), str(ROOT.parent / "shared" / "corpus" / "debian-7.2" / "binary" / "help.txt"),
        "--release", "7.2.0", "--select", "QD103,QD104", "--severity", "info", "--format", "json",
    )
    assert live.returncode == saved.returncode == 1, (live.stderr, saved.stderr)
    messages = lambda r: sorted(f["message"] for f in json.loads(r.stdout))  # noqa: E731
    assert messages(live) == messages(saved)
    assert any("-xen-domid-restrict" in m for m in messages(live))


# -- ruff's habits: --statistics, --show-source, --exit-zero, "did you mean", paths as given ------------------


def test_statistics_count_each_code(tmp_path):
    tree = small_tree(tmp_path)
    result = run_qdoc("lint", str(tree), "--statistics")
    assert result.returncode == 1
    rows = [line.split() for line in result.stdout.splitlines()]
    # SMALL holds one leaked @var{now} (a safe fix: [*]) and one DEF without an item (no fix).
    assert sorted(rows) == [["1", "QD101", "def-undocumented"], ["1", "QD401", "[*]", "texinfo-leak"]]


def test_show_source_puts_a_caret_under_the_column(tmp_path):
    tree = small_tree(tmp_path)
    result = run_qdoc("lint", str(tree), "--select", "QD401", "--show-source")
    line = SMALL.split("\n")[4]
    shown = result.stdout.splitlines()
    assert shown[1] == f"5 | {line}"
    assert shown[2] == "  | " + " " * line.index("@var") + "^"


def test_exit_zero_reports_but_does_not_fail(tmp_path):
    tree = small_tree(tmp_path)
    result = run_qdoc("lint", str(tree), "--exit-zero")
    assert result.returncode == 0 and "QD401" in result.stdout
    assert run_qdoc("lint", str(tmp_path / "missing"), "--exit-zero").returncode == 2


def test_did_you_mean_for_a_mistyped_command_or_code(tmp_path):
    command = run_qdoc("lnt", str(tmp_path))
    assert command.returncode == 2 and "did you mean 'lint'?" in command.stderr and "Traceback" not in command.stderr
    code = run_qdoc("lint", str(small_tree(tmp_path)), "--select", "QD4O1")
    assert code.returncode == 2 and "did you mean 'QD401'?" in code.stderr
    rule = run_qdoc("rules", "texinfo-lek")
    assert rule.returncode == 2 and "did you mean 'texinfo-leak'?" in rule.stderr


def test_paths_print_as_given_never_with_a_leading_dot(tmp_path):
    tree = small_tree(tmp_path)
    inside = run_qdoc("lint", ".", cwd=tree)
    assert inside.stdout and all(line.startswith("qemu-options.hx:") for line in inside.stdout.splitlines())
    beside = run_qdoc("lint", "src", cwd=tmp_path)
    assert all(line.startswith("src/qemu-options.hx:") for line in beside.stdout.splitlines())
    data = json.loads(run_qdoc("lint", "./", "--format", "json", cwd=tree).stdout)
    assert {d["location"]["path"] for d in data} == {"qemu-options.hx"}
