"""One defect, one finding: a rendered copy's repeat of a source defect is information pointing at the source.

The facts are computed here from the files: where ``@var{...}`` stands in
the .hx (outside STEXI blocks and HXCOMM comments) and in Debian's HTML,
man page and -help, with the copies' rendering undone (``&#64;``, ``\\-``,
``\\fP``) by this file's own small scan.
"""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap

from conftest import CORPUS, QEMU, run_qdoc

LEAK_RE = re.compile(r"(?:@|&#64;)var\{[^}]*\}")
HX = QEMU / "7.2.0" / "qemu-options.hx"
COPIES = [
    CORPUS / "debian-7.2" / "html" / "qemu-manpage.html",
    CORPUS / "debian-7.2" / "man" / "qemu-system.1",
    CORPUS / "debian-7.2" / "binary" / "help.txt",
]


def lint_json(*args: str) -> list[dict]:
    result = run_qdoc("lint", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def undo_rendering(text: str) -> str:
    return re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-").replace("&#64;", "@")


def hx_leaks() -> dict[str, set[int]]:
    """Leaked snippet -> the .hx lines it stands on, in text that reaches rST or -help."""
    leaks: dict[str, set[int]] = {}
    in_texinfo = False
    for number, line in enumerate(HX.read_text().split("\n"), 1):
        if line.startswith(("STEXI", "ETEXI")):
            in_texinfo = line.startswith("STEXI")
            continue
        if in_texinfo or line.startswith("HXCOMM"):
            continue
        for m in LEAK_RE.finditer(line):
            leaks.setdefault(m.group(0), set()).add(number)
    return leaks


def copy_leaks(path) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(path.read_text().split("\n"), 1):
        found += [(number, m.group(0)) for m in LEAK_RE.finditer(undo_rendering(line))]
    return found


def test_debian_copies_of_hx_leaks_are_information_pointing_at_the_hx_line():
    findings = lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--severity", "info", "--select", "QD401")
    source = hx_leaks()
    for path in COPIES:
        expected = copy_leaks(path)
        assert expected, f"{path.name} repeats the .hx leaks"
        mine = sorted((f for f in findings if f["location"]["path"] == str(path)), key=lambda f: (f["location"]["line"], f["location"]["column"]))
        assert [f["location"]["line"] for f in mine] == [line for line, _ in expected]
        for finding, (_, snippet) in zip(mine, expected):
            assert snippet in source, f"{path.name}: {snippet} is not in the .hx; the copy's own defect"
            assert finding["severity"] == "info", finding
            pointed = re.search(r"\(the same defect as (.+):(\d+)\)$", finding["message"])
            assert pointed and pointed.group(1) == str(HX), finding
            assert int(pointed.group(2)) in source[snippet], finding
    # The source keeps one warning per leak: the defect is reported once, where it is fixed.
    at_hx = [f for f in findings if f["location"]["path"] == str(HX)]
    assert all(f["severity"] == "warning" for f in at_hx)
    assert sorted(f["location"]["line"] for f in at_hx) == sorted(n for snippet, lines in source.items() for n in lines for _ in range(HX.read_text().split("\n")[n - 1].count(snippet)))


def test_debian_undocumented_option_in_help_is_the_undocumented_def():
    """-help shows what a DEF says; the DEF without a documentation item (QD101) is the one defect."""
    findings = lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--severity", "info", "--select", "QD103")
    assert findings, "Debian's -help shows an option the docs lack"
    hx_lines = HX.read_text().split("\n")
    help_lines = (CORPUS / "debian-7.2" / "binary" / "help.txt").read_text().split("\n")
    for finding in findings:
        assert finding["severity"] == "info", finding
        name = help_lines[finding["location"]["line"] - 1].split()[0]
        line = int(re.search(r"\(the same defect as .+qemu-options\.hx:(\d+)\)$", finding["message"]).group(1))
        # The source finding stands in the DEF's own stretch of the .hx: its
        # DEF line, help text or the documentation block after it.
        start = next(n for n, text in enumerate(hx_lines, 1) if text.startswith(f'DEF("{name.lstrip("-")}"'))
        end = next(n for n, text in enumerate(hx_lines[start:], start + 1) if text.startswith("DEF("))
        assert start <= line < end, finding


def test_copies_without_their_source_keep_their_warnings():
    """No .hx of the release read: the copies' findings are the only report of the defect."""
    findings = lint_json(str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--select", "QD401")
    for path in COPIES:
        expected = copy_leaks(path)
        assert [f["location"]["line"] for f in findings if f["location"]["path"] == str(path)] == [line for line, _ in expected]
    assert all(f["severity"] == "warning" for f in findings)


SMALL_HX = textwrap.dedent(
    """\
    DEFHEADING(Standard options:)

    DEF("pause", HAS_ARG, QEMU_OPTION_pause,
        "-pause @var{ms}  pause for ms\\n", QEMU_ARCH_ALL)
    SRST
    ``-pause ms``
        Pause.
    ERST
    """
)


def small_help(leak: str) -> str:
    return textwrap.dedent(
        f"""\
        QEMU emulator version 7.2.0
        usage: qemu-system-x86_64 [options] [disk_image]

        Standard options:
        -pause {leak}  pause for ms
        """
    )


def test_a_help_line_repeating_the_hx_leak_is_information(tmp_path):
    (tmp_path / "qemu-options.hx").write_text(SMALL_HX)
    (tmp_path / "help.txt").write_text(small_help("@var{ms}"))
    findings = lint_json(str(tmp_path / "qemu-options.hx"), str(tmp_path / "help.txt"), "--release", "7.2.0", "--select", "QD401", "--severity", "info")
    by_file = {f["location"]["path"].rsplit("/", 1)[-1]: f for f in findings}
    assert by_file["qemu-options.hx"]["severity"] == "warning"
    assert by_file["help.txt"]["severity"] == "info"
    assert by_file["help.txt"]["message"].endswith(f"(the same defect as {tmp_path / 'qemu-options.hx'}:4)")
    # At the default severity the defect is reported once.
    assert [f["location"]["path"] for f in lint_json(str(tmp_path / "qemu-options.hx"), str(tmp_path / "help.txt"), "--release", "7.2.0", "--select", "QD401")] == [str(tmp_path / "qemu-options.hx")]


def test_a_help_leak_the_hx_does_not_have_stays_a_warning(tmp_path):
    (tmp_path / "qemu-options.hx").write_text(SMALL_HX)
    (tmp_path / "help.txt").write_text(small_help("@var{seconds}"))
    findings = lint_json(str(tmp_path / "qemu-options.hx"), str(tmp_path / "help.txt"), "--release", "7.2.0", "--select", "QD401")
    assert sorted(f["location"]["path"].rsplit("/", 1)[-1] for f in findings) == ["help.txt", "qemu-options.hx"]
    assert all(f["severity"] == "warning" and "same defect" not in f["message"] for f in findings)


def test_an_html_or_man_item_under_no_option_is_the_def_without_an_item():
    """Debian's HTML and man page show the sgx-epc item of DEF("M")'s SRST block as an item naming no option.

    The .hx is where it is fixed: the DEF's own stretch holds the item's text.
    """
    findings = lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--severity", "info", "--select", "QD001")
    hx_lines = HX.read_text().split("\n")
    orphans = [f for f in findings if "orphan-item" in f["message"] and "/debian-7.2/" in f["location"]["path"]]
    assert {f["location"]["path"].rsplit("/", 1)[-1] for f in orphans} == {"qemu-manpage.html", "qemu-system.1"}
    for finding in orphans:
        assert finding["severity"] == "info", finding
        item = re.search(r"item '([^']+)'", finding["message"]).group(1)
        line = int(re.search(r"\(the same defect as .+qemu-options\.hx:(\d+)\)$", finding["message"]).group(1))
        start = max(n for n, text in enumerate(hx_lines, 1) if n <= line and text.startswith("DEF("))
        end = next(n for n, text in enumerate(hx_lines[start:], start + 1) if text.startswith("DEF("))
        assert any(item in text for text in hx_lines[start - 1 : end - 1]), finding


def test_the_advice_on_a_man_page_leak_is_plain_text(tmp_path):
    """The man page quotes ``@var{input\\-policy}`` as it stands; what to write instead is plain ``input-policy``."""
    page = tmp_path / "qemu.1"
    page.write_text('.TH QEMU 1\n.SH OPTIONS\n.TP\n.B \\-compat\nSet @var{input\\-policy} and @var{ms\\fP}.\n')
    found = lint_json(str(page), "--release", "x", "--select", "QD401")
    advice = [f["message"].rsplit("; ", 1)[-1] for f in found]
    assert advice == ["write 'input-policy' without the markup", "write 'ms' without the markup"], found


def test_findings_carry_their_subject_text_and_reader_code_as_data(tmp_path):
    """What copies are matched by is the findings' data, not words read back from their messages."""
    from qdoc.lint import run
    from qdoc.lint.copies import point_copies_at_sources
    from qdoc.project import Project, ReleaseSources, SourceFile
    from qdoc.readers.binary import read_help
    from qdoc.readers.hx import read_hx

    hx = SourceFile("qemu-options.hx", SMALL_HX, read_hx(SMALL_HX, "qemu-options.hx", release="7.2.0"))
    help_text = small_help("@var{ms}")
    binary = SourceFile("help.txt", help_text, read_help(help_text, "help.txt"))
    release = ReleaseSources("7.2.0", [hx, binary])
    found = run(Project([release]), select=["QD401"], severity="info")
    assert [(f.location.path, f.text) for f in found] == [("help.txt", "@var{ms}"), ("qemu-options.hx", "@var{ms}")]
    # A message reworded (or translated) does not unmatch a copy from its source: the data match it.
    reworded = [dataclasses.replace(f, message="leak", severity="warning") for f in found]
    copy, source = point_copies_at_sources(reworded, release)
    assert (copy.location.path, copy.severity, source.severity) == ("help.txt", "info", "warning")
    # A reader warning names the reader's own code; a misplaced block its subject.
    page = CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"
    findings = lint_json(str(QEMU / "7.2.0"), str(page), "--release", "7.2.0", "--severity", "info", "--select", "QD001,QD109")
    assert any(f["code"] == "QD001" and "html-orphan-item" in f["message"] and "same defect" in f["message"] for f in findings)
