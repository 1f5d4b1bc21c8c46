"""The edges of lint's engine and suppression, on small inputs written for each with hand-made expectations.

A silent bug here hides thousands of findings or shows suppressed ones, and
the corpus tests would not notice: they pin what is reported, not what is
silenced on purpose.  So each behaviour is pinned exactly: which lines a
``qdoc: ignore`` comment covers, which findings a baseline absorbs and which
it reports, which rules a run selects and at which severity, and which
release a probed binary joins.  Everything is called in-process.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from qdoc.lint import engine, suppress
from qdoc.lint.findings import Finding
from qdoc.lint.suppress import (
    BaselineError,
    apply_baseline,
    apply_baseline_file,
    apply_inline,
    inline_suppressions,
    read_baseline,
    write_baseline,
)
from qdoc.model import Diagnostic, Location, OptionSet, Record, RecordTarget, Source
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.readers.binary.help import read_help
from qdoc.readers.hx import read_hx


def lines(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def finding(code: str, path: str | None, line: int = 0, message: str = "m", severity: str = "warning") -> Finding:
    return Finding(code, "slug", message, Location(path, line) if path is not None else None, severity)


def codes_at(text: str) -> dict[int, set[str]]:
    return inline_suppressions(text)[0]


# -- inline comments: which lines they cover -------------------------------------------------------

#: Line numbers are written beside each line; the expectations below are read off them.
HX = lines(
    """
    DEFHEADING(Standard options:)
    
    DEF("a", 0, QEMU_OPTION_a, "-a  aa\\n", QEMU_ARCH_ALL)
    SRST
    ``-a``
        A.
    ERST
    
    HXCOMM qdoc: ignore QD101, QD401
    HXCOMM another comment
    #ifdef CONFIG_X
    
    DEF("b", 0, QEMU_OPTION_b, "-b  bb\\n", QEMU_ARCH_ALL)
    SRST
    ``-b``
    
        B.
    ERST
    #endif
    
    DEF("c", 0, QEMU_OPTION_c, "-c  cc\\n", QEMU_ARCH_ALL)
    """
)
# 1 DEFHEADING, 3 DEF a, 9 the comment, 10 HXCOMM, 11 #ifdef, 12 blank, 13 DEF b .. 20 blank, 21 DEF c


def test_hxcomm_before_a_def_covers_its_line_and_the_def_up_to_the_next_def():
    both = {"QD101", "QD401"}
    assert codes_at(HX) == {9: both, **{n: both for n in range(13, 21)}}
    assert inline_suppressions(HX)[1] == set()


@pytest.mark.parametrize("heading", ["DEFHEADING(Block devices:)", "ARCHHEADING(i386 only:, QEMU_ARCH_I386)"])
def test_a_def_scope_ends_before_a_heading(heading):
    text = lines(
        """
        HXCOMM qdoc: ignore QD101
        DEF("a", 0, QEMU_OPTION_a, "-a  aa\\n", QEMU_ARCH_ALL)
        SRST
        ERST
        """
    ) + heading + '\nDEF("b", 0, QEMU_OPTION_b, "", QEMU_ARCH_ALL)\n'
    assert codes_at(text) == {1: {"QD101"}, 2: {"QD101"}, 3: {"QD101"}, 4: {"QD101"}}


def test_a_def_scope_ends_at_an_adjacent_def():
    """QEMU writes ``DEF("fda")`` and ``DEF("fdb")`` on adjacent lines: a comment before the first is about it alone."""
    text = 'HXCOMM qdoc: ignore QD101\nDEF("fda", HAS_ARG, QEMU_OPTION_fda, "-fda file\\n", QEMU_ARCH_ALL)\nDEF("fdb", HAS_ARG, QEMU_OPTION_fdb, "", QEMU_ARCH_ALL)\n'
    assert codes_at(text) == {1: {"QD101"}, 2: {"QD101"}}


def test_a_def_scope_at_the_end_of_the_file_runs_to_its_last_line():
    text = 'HXCOMM qdoc: ignore QD101\n\nDEF("a", 0, QEMU_OPTION_a, "", QEMU_ARCH_ALL)\nSRST\nERST'
    assert codes_at(text) == {1: {"QD101"}, 3: {"QD101"}, 4: {"QD101"}, 5: {"QD101"}}


def test_each_of_several_comments_covers_its_own_def():
    text = (
        'HXCOMM qdoc: ignore QD101\nDEF("a", 0, QEMU_OPTION_a, "", QEMU_ARCH_ALL)\n'
        'HXCOMM qdoc: ignore QD401\nDEF("b", 0, QEMU_OPTION_b, "", QEMU_ARCH_ALL)\n'
        'DEF("c", 0, QEMU_OPTION_c, "", QEMU_ARCH_ALL)\n'
    )
    # The first DEF runs to the line before the next DEF: the second comment is in it.
    assert codes_at(text) == {1: {"QD101"}, 2: {"QD101"}, 3: {"QD101", "QD401"}, 4: {"QD401"}}


def test_hxcomm_before_no_def_covers_the_paragraph_after_it():
    """Before a heading (no DEF follows) the comment is about the next paragraph, as elsewhere."""
    text = 'HXCOMM qdoc: ignore QD101\nDEFHEADING(Block:)\nDEFHEADING(Block:)\n\nDEF("a", 0, QEMU_OPTION_a, "", QEMU_ARCH_ALL)\n'
    assert codes_at(text) == {1: {"QD101"}, 2: {"QD101"}, 3: {"QD101"}}


def test_a_comment_at_the_end_of_the_file_covers_its_own_line():
    assert codes_at("DEFHEADING(x)\nHXCOMM qdoc: ignore QD101\n\n") == {2: {"QD101"}}
    assert codes_at(".. qdoc: ignore QD305\n") == {1: {"QD305"}}
    assert codes_at(".. qdoc: ignore QD305") == {1: {"QD305"}}
    assert codes_at(".. qdoc: ignore QD305\n\nlast line") == {1: {"QD305"}, 3: {"QD305"}}


def test_an_rst_comment_covers_the_heading_after_its_blank_line():
    text = lines(
        """
        Intro.

        .. qdoc: ignore QD305

        ``-foo`` (removed in 2.0)
        '''''''''''''''''''''''''

        The next paragraph.
        """
    )
    assert codes_at(text) == {3: {"QD305"}, 5: {"QD305"}, 6: {"QD305"}}


def test_an_html_comment_covers_the_paragraph_after_it():
    text = "<p>before</p>\n<!-- qdoc: ignore QD401 -->\n<dt>-a</dt>\n<dd>@var{x}</dd>\n\n<dt>-b</dt>\n"
    assert codes_at(text) == {2: {"QD401"}, 3: {"QD401"}, 4: {"QD401"}}


@pytest.mark.parametrize("comment", ["# qdoc: ignore QD401", "@c qdoc: ignore QD401", "  .. qdoc: ignore   QD401  "])
def test_every_comment_syntax_is_read(comment):
    assert codes_at(comment + "\ntext\n") == {1: {"QD401"}, 2: {"QD401"}}


def test_codes_are_separated_by_commas_or_spaces():
    assert codes_at(".. qdoc: ignore QD101,QD102 QD103 ,QD1\n") == {1: {"QD101", "QD102", "QD103", "QD1"}}


@pytest.mark.parametrize(
    "line",
    [
        "Text that says qdoc: ignore QD101",  # not a comment
        "HXCOMM see qdoc: ignore-me",  # a comment, but no directive
        "HXCOMM qdoc: ignore qd101",  # codes are upper case
        "HXCOMM qdoc: ignore",  # no code
    ],
)
def test_only_a_comment_holding_the_directive_silences(line):
    assert inline_suppressions(line + '\nDEF("a", 0, QEMU_OPTION_a, "", QEMU_ARCH_ALL)\n') == ({}, set())


def test_a_comment_that_is_no_directive_does_not_stop_the_reading():
    assert codes_at("HXCOMM see qdoc: the manual\n.. qdoc: ignore QD401\ntext\n") == {2: {"QD401"}, 3: {"QD401"}}


def test_ignore_file_silences_the_whole_file_and_no_line():
    by_line, whole = inline_suppressions("para\n\n<!-- qdoc: ignore-file QD401, QD402 -->\nmore\n")
    assert by_line == {} and whole == {"QD401", "QD402"}
    assert inline_suppressions(".. qdoc: ignore-file QD401\n.. qdoc: ignore-file QD5\n") == ({}, {"QD401", "QD5"})


def test_a_text_without_directives_silences_nothing():
    assert inline_suppressions("HXCOMM plain\nDEF(x)\n") == ({}, set())


# -- apply_inline: which findings are dropped ------------------------------------------------------


def test_inline_comments_drop_findings_of_their_codes_on_their_lines_only():
    texts = {"x.rst": "one\n.. qdoc: ignore QD401\ntwo\n\nthree\n", "y.rst": "clean\n"}
    findings = [
        finding("QD401", "x.rst", 3),  # silenced
        finding("QD402", "x.rst", 3),  # another code
        finding("QD401", "x.rst", 5),  # after the paragraph
        finding("QD401", "y.rst", 3),  # another file
        finding("QD401", "z.rst", 3),  # a file not read
        finding("QD401", None),  # no location
    ]
    assert apply_inline(findings, texts) == findings[1:]


def test_a_code_prefix_silences_every_code_it_starts():
    texts = {"x.hx": "HXCOMM qdoc: ignore-file QD1\n", "y.hx": "HXCOMM qdoc: ignore-file QD10\n"}
    findings = [finding(code, path, 1) for path in ("x.hx", "y.hx") for code in ("QD101", "QD109", "QD110", "QD201")]
    assert [(f.location.path, f.code) for f in apply_inline(findings, texts)] == [
        ("x.hx", "QD201"), ("y.hx", "QD110"), ("y.hx", "QD201"),
    ]


def test_a_whole_code_silences_that_code_and_no_longer_one():
    texts = {"x.hx": "HXCOMM qdoc: ignore-file QD101 QD4010\n"}
    findings = [finding("QD101", "x.hx", 4), finding("QD102", "x.hx", 4), finding("QD401", "x.hx", 4)]
    assert apply_inline(findings, texts) == findings[1:]


def test_whole_file_and_line_codes_add_up():
    texts = {"x.hx": "HXCOMM qdoc: ignore-file QD401\nHXCOMM qdoc: ignore QD402\n"}
    findings = [finding("QD401", "x.hx", 7), finding("QD402", "x.hx", 2), finding("QD402", "x.hx", 7)]
    assert apply_inline(findings, texts) == findings[2:]


# -- baselines: recording and matching ------------------------------------------------------------


def test_a_baseline_records_code_path_message_line_and_the_lines_text(tmp_path):
    source = tmp_path / "x.hx"
    source.write_text("first\n    second line  \nthird\n")
    path = str(source)
    found = [
        finding("QD401", path, 2, "leak"),
        finding("QD101", path, 9, "beyond the end"),  # a line the file does not have: no context
        finding("QD101", path, 0, "no line"),
        finding("QD000", None, 0, "nowhere"),
        finding("QD101", str(tmp_path / "gone.hx"), 1, "unreadable"),
    ]
    out = tmp_path / "baseline.json"
    write_baseline(str(out), found)
    text = out.read_text()
    assert text.endswith("}\n") and text.startswith('{\n "findings": [\n  {\n')  # indent 1, keys sorted
    assert json.loads(text) == {
        "qdoc_baseline": 1,
        "findings": [  # by path, code, message, line
            {"code": "QD000", "path": ".", "message": "nowhere"},
            {"code": "QD101", "path": str(tmp_path / "gone.hx"), "message": "unreadable", "line": 1},
            {"code": "QD101", "path": path, "message": "beyond the end", "line": 9},
            {"code": "QD101", "path": path, "message": "no line"},
            {"code": "QD401", "path": path, "message": "leak", "line": 2, "context": "second line"},
        ],
    }


def test_baseline_entries_sort_by_line_last_and_none_first(tmp_path):
    out = tmp_path / "baseline.json"
    recorded = [finding("QD401", "a.hx", n, "same") for n in (30, 1, 4, 0)]
    write_baseline(str(out), recorded)
    assert [e.get("line") for e in json.loads(out.read_text())["findings"]] == [None, 1, 4, 30]


def test_the_context_of_a_last_line_without_a_newline_is_recorded(tmp_path):
    source = tmp_path / "x.hx"
    source.write_text("one\n  last @var{x}")
    out = tmp_path / "baseline.json"
    write_baseline(str(out), [finding("QD401", str(source), 2, "leak"), finding("QD401", str(source), 3, "beyond")])
    assert [(e["line"], e.get("context")) for e in json.loads(out.read_text())["findings"]] == [(3, None), (2, "last @var{x}")]


def test_a_baseline_is_never_written_over_an_input(tmp_path):
    from qdoc.outputs import UnsafeOutput

    source = tmp_path / "qemu-options.hx"
    source.write_text("text\n")
    with pytest.raises(UnsafeOutput, match="is an input of this command"):
        write_baseline(str(source), [finding("QD401", str(source), 1, "leak")], [str(source)])
    assert source.read_text() == "text\n"


def test_a_written_baseline_reads_back_as_its_keys_lines_and_contexts(tmp_path):
    source = tmp_path / "x.hx"
    source.write_text("a\n@var{ms}\n")
    out = tmp_path / "baseline.json"
    write_baseline(str(out), [finding("QD401", str(source), 2, "leak"), finding("QD101", "./y/../z.hx", 0, "zz")])
    assert read_baseline(str(out)) == [  # by path: tmp_path is absolute
        {"key": ("QD401", str(source), "leak"), "line": 2, "context": "@var{ms}"},
        {"key": ("QD101", "z.hx", "zz"), "line": None, "context": None},
    ]


def test_a_baseline_entry_line_must_be_a_number_and_context_a_string(tmp_path):
    out = tmp_path / "baseline.json"
    entries = [
        {"code": "QD1", "path": "p", "message": "m", "line": True, "context": 3},
        {"code": "QD1", "path": "p", "message": "m", "line": "7", "context": None},
        {"code": "QD1", "path": "p", "message": "m", "line": 7, "context": "text", "extra": 1},
    ]
    out.write_text(json.dumps({"qdoc_baseline": 1, "findings": entries}))
    assert [(e["line"], e["context"]) for e in read_baseline(str(out))] == [(None, None), (None, None), (7, "text")]


@pytest.mark.parametrize(
    "content, message",
    [
        ("[]", "{p}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)"),
        ('{"qdoc_baseline": 2, "findings": []}', "{p}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)"),
        ('{"qdoc_baseline": 1, "findings": {}}', "{p}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)"),
        ('{"qdoc_baseline": 1}', "{p}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)"),
        (
            '{"qdoc_baseline": 1, "findings": [{"code": "QD1", "path": "p", "message": "m"}, ["QD1"]]}',
            "{p}: findings[1] is not a finding (an object with code, path and message strings)",
        ),
        (
            '{"qdoc_baseline": 1, "findings": [{"code": "QD1", "path": "p"}]}',
            "{p}: findings[0] is not a finding (an object with code, path and message strings)",
        ),
        (
            '{"qdoc_baseline": 1, "findings": [{"code": "QD1", "path": 1, "message": "m"}]}',
            "{p}: findings[0] is not a finding (an object with code, path and message strings)",
        ),
        (
            '{"qdoc_baseline": 1, "findings": [{"code": "QD1", "path": "p", "message": "a\\udc80b"}]}',
            "{p}: findings[0].message holds a lone surrogate (\\udc80): not text",
        ),
        (
            '{"qdoc_baseline": 1, "findings": [{"code": "\\ud800", "path": "p", "message": "m"}]}',
            "{p}: findings[0].code holds a lone surrogate (\\ud800): not text",
        ),
        pytest.param("[" * 100000 + "]" * 100000, "{p}: not a qdoc baseline file: JSON nested too deeply", id="nested-too-deeply"),
    ],
)
def test_a_file_that_is_not_a_baseline_is_refused_saying_why(tmp_path, content, message):
    out = tmp_path / "baseline.json"
    out.write_text(content)
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(out))
    assert str(caught.value) == message.format(p=out)


def test_a_baseline_that_is_not_json_or_not_text_is_located(tmp_path):
    out = tmp_path / "baseline.json"
    out.write_text('{"qdoc_baseline": 1,\n "findings": [}')
    with pytest.raises(BaselineError, match=r"^.*baseline\.json: not JSON: Expecting value: line 2 column 15"):
        read_baseline(str(out))
    out.write_bytes(b'{"qdoc_baseline": 1,\n\n "findings": ["\xff"]}')
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(out))
    assert str(caught.value).startswith(f"{out}:3: ")
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(tmp_path))
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file"


def test_a_baseline_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    out = tmp_path / "baseline.json"
    out.write_text('{"qdoc_baseline": 1, "findings": []}')
    monkeypatch.setattr(suppress, "MAX_BASELINE_BYTES", out.stat().st_size)
    assert read_baseline(str(out)) == []  # at the limit: read
    monkeypatch.setattr(suppress, "MAX_BASELINE_BYTES", 3 * 2**20 - 1)
    out.write_text(" " * (3 * 2**20))
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(out))
    assert str(caught.value) == f"{out}: larger than 2 MB: too large for a baseline; not read"


def test_a_missing_baseline_file_filters_nothing(tmp_path):
    found = [finding("QD101", "x.hx", 1)]
    assert apply_baseline_file(found, None) is found
    assert apply_baseline_file(found, "") is found
    assert apply_baseline_file(found, str(tmp_path / "none.json")) is found
    out = tmp_path / "baseline.json"
    write_baseline(str(out), found)
    assert apply_baseline_file(found + [finding("QD102", "x.hx", 1)], str(out)) == [finding("QD102", "x.hx", 1)]


def entry(code, path, message, line=None, context=None):
    return {"key": (code, path, message), "line": line, "context": context}


def test_each_recorded_entry_absorbs_one_finding_of_its_key():
    found = [finding("QD401", "x.hx", n, "leak") for n in (10, 20, 30)] + [finding("QD402", "x.hx", 5, "leak")]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak")] * 3) == found[3:]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak")] * 4 + [entry("QD402", "x.hx", "other")]) == found[3:]
    # Paths are compared normalised, messages and codes exactly.
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak")] * 3 + [entry("QD402", "x.hx", "leak")]) == []
    assert apply_baseline([finding("QD401", "./d/../x.hx", 1, "leak")], [entry("QD401", "x.hx", "leak")]) == []


def test_without_lines_the_first_occurrences_are_absorbed():
    found = [finding("QD401", "x.hx", n, "leak") for n in (10, 20, 30)]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak")] * 2) == found[2:]


def test_a_recorded_line_absorbs_the_nearest_occurrence():
    found = [finding("QD401", "x.hx", n, "leak") for n in (10, 20, 30)]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak", 19)]) == [found[0], found[2]]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak", 29), entry("QD401", "x.hx", "leak", 8)]) == [found[1]]
    # Ties go to the first: 15 is as near to 10 as to 20.
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak", 15)]) == found[1:]


def test_more_entries_than_findings_absorb_them_all():
    found = [finding("QD401", "x.hx", n, "leak") for n in (10, 20)]
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak", n) for n in (5, 15, 25)]) == []
    assert apply_baseline(found, [entry("QD401", "x.hx", "leak", n, "gone") for n in (5, 15, 25)]) == []


def test_a_finding_at_line_0_has_no_context(tmp_path):
    """Line 0 is the file, not its last line: a record of the last line's text does not absorb it."""
    source = tmp_path / "x.hx"
    source.write_text("a\nb\nlast")
    path = str(source)
    whole, later = finding("QD401", path, 0, "leak"), finding("QD401", path, 5, "leak")
    assert apply_baseline([later, whole], [entry("QD401", path, "leak", None, "last")]) == [whole]
    assert apply_baseline([later, Finding("QD401", "slug", "leak", None)], [entry("QD401", ".", "leak", None, "last")]) == [later]


def test_a_finding_without_a_place_is_at_line_0_for_the_nearest_line():
    """A finding of no location and one at line 2, of one key: a record at line 1 is as near to both (the first)."""
    placed, unplaced = Finding("QD000", "slug", "m", Location(".", 2)), Finding("QD000", "slug", "m", None)
    assert apply_baseline([placed, unplaced], [entry("QD000", ".", "m", 1)]) == [unplaced]
    assert apply_baseline([unplaced, placed], [entry("QD000", ".", "m", 1)]) == [placed]
    assert apply_baseline([placed, unplaced], [entry("QD000", ".", "m", 2)]) == [unplaced]


def test_a_recorded_context_absorbs_an_occurrence_on_a_line_of_that_text_first(tmp_path):
    source = tmp_path / "x.hx"
    source.write_text("\n".join(["pad"] * 9 + ["  old @var{ms}", "pad", "  new @var{ms}", "pad", "  old @var{ms}", "x"]) + "\n")
    path = str(source)
    found = [finding("QD401", path, n, "leak") for n in (10, 12, 14)]
    # Recorded at line 12 with the old text: an old line absorbs it (the one nearest), not line 12.
    assert apply_baseline(found, [entry("QD401", path, "leak", 12, "old @var{ms}")]) == [found[1], found[2]]
    assert apply_baseline(found, [entry("QD401", path, "leak", 13, "old @var{ms}")]) == [found[0], found[1]]
    assert apply_baseline(found, [entry("QD401", path, "leak", 11, "old @var{ms}")]) == [found[1], found[2]]
    # Two recorded old lines: the new line is the one reported.
    two = [entry("QD401", path, "leak", 2, "old @var{ms}"), entry("QD401", path, "leak", 40, "old @var{ms}")]
    assert apply_baseline(found, two) == [found[1]]
    # A context no line has any more falls back to the nearest line.
    assert apply_baseline(found, [entry("QD401", path, "leak", 13, "gone")]) == [found[0], found[2]]
    # A context with no line recorded: an occurrence of that text, the first.
    assert apply_baseline(found, [entry("QD401", path, "leak", None, "new @var{ms}")]) == [found[0], found[2]]


# -- the engine: which rules run, which findings are reported --------------------------------------

ENGINE_HX = lines(
    """
    DEF("machine", HAS_ARG, QEMU_OPTION_machine,
        "-machine [type=]name\\n", QEMU_ARCH_ALL)
    SRST
    ``-machine [type=]name``
        Select the machine.

        ``vmport=on|off|auto``
            Emulate VMWare IO port.
    ERST

    DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)
    DEF("foo", HAS_ARG, QEMU_OPTION_foo, "-foo  enable foo\\n", QEMU_ARCH_ALL)
    """
)
# Line 7: vmport documented, not in -help (QD106, an information rule); line 11: -qtest hidden
# (QD101 as information); line 12: -foo undocumented (QD101, a warning).


def hx_file(text: str = ENGINE_HX, path: str = "q.hx", release: str = "7.2.0") -> SourceFile:
    return SourceFile(path, text, read_hx(text, path, release=release))


def project(*files: SourceFile, **kwargs) -> Project:
    return Project([ReleaseSources(files[0].option_set.release, list(files))], **kwargs)


def found(findings: list[Finding]) -> list[tuple[str, str, str, int]]:
    return [(f.code, f.severity, f.location.path if f.location else None, f.location.line if f.location else 0) for f in findings]


def test_a_run_reports_warnings_by_default_and_information_when_asked():
    assert found(engine.run(project(hx_file()))) == [("QD101", "warning", "q.hx", 12)]
    assert found(engine.run(project(hx_file()), severity="info")) == [
        ("QD106", "info", "q.hx", 7), ("QD101", "info", "q.hx", 11), ("QD101", "warning", "q.hx", 12),
    ]
    assert engine.run(project(hx_file()), severity="error") == []
    assert [(f.subject, f.message) for f in engine.run(project(hx_file()), severity="info")] == [
        (None, "the documentation describes `vmport=` of -machine; its -help text does not mention it"),
        ("-qtest", f"DEF -qtest is not documented, on purpose: QEMU hides it ({hx_file().option_set.option('-qtest').hidden})"),
        ("-foo", "DEF -foo has a help text but no documentation item names it: add an item for -foo after its DEF"),
    ]


def test_an_information_rule_selected_alone_reports_only_when_information_is_asked():
    assert engine.run(project(hx_file()), select=["QD106"]) == []
    assert found(engine.run(project(hx_file()), select=["QD106"], severity="info")) == [("QD106", "info", "q.hx", 7)]


def test_select_and_ignore_take_codes_prefixes_and_slugs():
    run = engine.run
    assert found(run(project(hx_file()), select=["QD1"], ignore=["QD106"], severity="info")) == [
        ("QD101", "info", "q.hx", 11), ("QD101", "warning", "q.hx", 12),
    ]
    assert found(run(project(hx_file()), select=["documented-property-not-in-help"], severity="info")) == [("QD106", "info", "q.hx", 7)]
    assert run(project(hx_file()), ignore=["def-undocumented"], severity="info") == run(project(hx_file()), select=["QD106"], severity="info")
    assert run(project(hx_file()), select=["QD2", "QD3"], severity="info") == []


def test_an_input_error_is_reported_whatever_is_selected_unless_ignored():
    error = Diagnostic("error", "input-not-utf8", "invalid UTF-8", Location("bad.hx", 3))
    unread = project(hx_file(), input_errors=[error], unread=frozenset({"bad.hx"}))
    expected = ("QD000", "error", "bad.hx", 3)
    assert found(engine.run(unread, select=["QD106"])) == [expected]
    assert found(engine.run(unread, select=["QD101"], severity="error")) == [expected]
    assert engine.run(unread, select=["QD101"])[0].message == "invalid UTF-8 [input-not-utf8]: the file was not read: nothing in it is linted"
    for ignore in (["QD000"], ["QD0"], ["input-error"]):
        assert found(engine.run(unread, select=["QD101"], ignore=ignore)) == [("QD101", "warning", "q.hx", 12)]


def test_one_defect_found_twice_is_reported_once_and_findings_are_sorted_by_place():
    later = hx_file(ENGINE_HX.replace('"foo"', '"bar"'), "a.hx", "8.0.0")  # -foo gone, -bar undocumented
    both = Project([ReleaseSources("7.2.0", [hx_file(), hx_file()]), ReleaseSources("8.0.0", [later])])
    assert found(engine.run(both, select=["QD101"])) == [("QD101", "warning", "a.hx", 12), ("QD101", "warning", "q.hx", 12)]


def test_inline_comments_in_the_files_read_silence_their_findings():
    text = ENGINE_HX.replace('DEF("foo"', 'HXCOMM qdoc: ignore QD101\nDEF("foo"')
    assert found(engine.run(project(hx_file(text)), severity="info")) == [("QD106", "info", "q.hx", 7), ("QD101", "info", "q.hx", 11)]
    text = "HXCOMM qdoc: ignore-file QD1\n" + ENGINE_HX
    assert engine.run(project(hx_file(text)), severity="info") == []


HELP = "QEMU emulator version {version}\nusage: qemu-system-x86_64 [options] [disk_image]\n\n-machine [type=]name\n-qtest  x\n-foo  enable foo\n"


def binary(version: str = "7.2.22", text: str = HELP, path: str = "help.txt") -> OptionSet:
    return read_help(text.format(version=version), path)


def test_a_copy_finding_is_matched_against_a_source_rule_that_was_not_selected():
    """-qtest and -foo in -help but undocumented are the DEFs without an item (QD101, not selected): information pointing at them."""
    both = project(hx_file(), SourceFile("help.txt", "", binary()))
    run = engine.run(both, select=["QD103"], severity="info")
    assert found(run) == [("QD103", "info", "help.txt", 5), ("QD103", "info", "help.txt", 6)]
    assert [f.message for f in run] == [
        "the -help of qemu-system-x86_64 lists -qtest; the documentation does not: add an item for -qtest to qemu-options.hx"
        " (the same defect as q.hx:11)",
        "the -help of qemu-system-x86_64 lists -foo; the documentation does not: add an item for -foo to qemu-options.hx"
        " (the same defect as q.hx:12)",
    ]
    assert engine.run(both, select=["QD103"]) == []
    assert found(engine.run(project(SourceFile("help.txt", "", binary())), select=["QD103"])) == []  # nothing documented


def releases(*names: str) -> Project:
    return Project([ReleaseSources(name, [hx_file(release=name)]) for name in names])


@pytest.mark.parametrize(
    "names, version, given, expected",
    [
        (["5.0.0"], "7.2.22", None, "5.0.0"),  # the only release read
        (["7.2.0", "8.0.0"], "7.2.22", "8.0.0", "8.0.0"),  # the one --release names
        (["7.2.0", "7.2.22"], "7.2.22", None, "7.2.22"),  # its own version
        (["7.1.0", "7.2.0", "8.0.0"], "7.2.22", None, "7.2.0"),  # the same feature release
        (["7.1.0", "7.2.0"], "7.2.22", "9.9.9", "7.2.0"),  # a --release not read: by its version
        (["7.1.0", "8.2.0"], "7.2.22", None, None),
        (["7.1.0", "8.2.0"], None, None, None),
        (["7.2.0", "8.2.0"], "8", None, None),  # a version that does not parse
    ],
)
def test_a_probed_binary_joins_the_release_it_belongs_with(names, version, given, expected):
    chosen = engine.release_for_binary(releases(*names), version, given)
    assert (chosen.release if chosen else None) == expected


def test_a_joined_binary_is_a_copy_taking_its_releases_name():
    target = releases("7.1.0", "7.2.0")
    probed = binary("7.2.22", path="/probe/qemu-system-x86_64")
    engine.join_binary(target, probed)
    added = target.releases[1].files[-1]
    assert (added.path, added.text, added.option_set.release) == ("/probe/qemu-system-x86_64", "", "7.2.0")
    assert probed.release == "7.2.22" and added.option_set.options == probed.options
    engine.join_binary(target, binary("9.0.1"))  # no release of its series: one of its own
    assert [r.release for r in target.releases] == ["7.1.0", "7.2.0", "9.0.1"]
    assert [f.option_set.release for f in target.releases[2].files] == ["9.0.1"]
    engine.join_binary(target, binary("9.0.1", path="other"), "7.1.0")
    assert target.releases[0].files[-1].path == "other"


def test_one_option_set_is_linted_on_its_own_with_information_by_default():
    option_set = hx_file().option_set
    assert found(engine.lint_option_set(option_set)) == [
        ("QD106", "info", "q.hx", 7), ("QD101", "info", "q.hx", 11), ("QD101", "warning", "q.hx", 12),
    ]
    assert found(engine.lint_option_set(option_set, select=["QD1"], ignore=["QD106"])) == [
        ("QD101", "info", "q.hx", 11), ("QD101", "warning", "q.hx", 12),
    ]
    text = ENGINE_HX.replace('DEF("foo"', 'HXCOMM qdoc: ignore QD101\nDEF("foo"')
    assert found(engine.lint_option_set(read_hx(text, "q.hx", release="7.2.0"), text=text, severity="warning")) == []


def test_one_option_set_is_linted_as_of_its_release():
    """A deprecation since 5.0 of an option 7.2.0 still defines is overdue there: the set's release is the one linted."""
    option_set = hx_file().option_set
    option_set.deprecations.append(
        Record(feature="-foo", area="System emulator command line arguments", text="", location=Location("q.hx", 30),
               heading="``-foo`` (since 5.0)", targets=[RecordTarget("-foo")], since="5.0")
    )
    findings = engine.lint_option_set(option_set, select=["QD203"])
    assert found(findings) == [("QD203", "warning", "q.hx", 30)] and "still present in 7.2.0" in findings[0].message


def test_one_option_set_is_linted_against_a_probed_binary():
    """-qtest and -foo are in -help and not documented: QD103, information pointing at QD101's DEF lines."""
    option_set = hx_file().option_set
    assert found(engine.lint_option_set(option_set, select=["QD103"])) == []
    with_binary = engine.lint_option_set(option_set, select=["QD103"], binary=binary())
    assert found(with_binary) == [("QD103", "info", "help.txt", 5), ("QD103", "info", "help.txt", 6)]
    assert option_set.release == "7.2.0" and binary().release == "7.2.22"  # joined though the versions differ


def test_run_with_settings_probes_the_configured_binary_into_its_release(monkeypatch):
    from qdoc import probe
    from qdoc.lint.config import LintSettings

    probed = []
    monkeypatch.setattr(probe, "probe", lambda path: probed.append(path) or binary("7.2.22", path=path))
    settings = LintSettings(select=["QD103"], severity="info", binary="/usr/bin/qemu-system-x86_64", release="8.0.0")
    linted = releases("7.2.0", "8.0.0")
    run = engine.run_with(linted, settings)
    assert probed == ["/usr/bin/qemu-system-x86_64"]
    assert [f.path for f in linted.releases[1].files] == ["q.hx", "/usr/bin/qemu-system-x86_64"]  # the --release named
    assert found(run) == [("QD103", "info", "/usr/bin/qemu-system-x86_64", 5), ("QD103", "info", "/usr/bin/qemu-system-x86_64", 6)]
    assert found(engine.run_with(releases("7.2.0"), LintSettings(select=["QD103"], severity="info"))) == []
    assert probed == ["/usr/bin/qemu-system-x86_64"]  # no binary configured: none probed
    assert found(engine.run_with(releases("7.2.0"), LintSettings(ignore=["QD106"], severity="info"))) == [
        ("QD101", "info", "q.hx", 11), ("QD101", "warning", "q.hx", 12),
    ]


def test_run_with_settings_groups_outputs_that_name_no_release_with_the_only_release():
    from qdoc.lint.config import LintSettings

    unversioned = read_help(HELP.split("\n", 1)[1], "help.txt")
    assert unversioned.release is None
    separate = lambda: Project([ReleaseSources("7.2.0", [hx_file()]), ReleaseSources(None, [SourceFile("help.txt", "", unversioned)])])
    assert engine.run(separate(), select=["QD103"], severity="info") == []  # compared with nothing
    assert found(engine.run_with(separate(), LintSettings(select=["QD103"], severity="info"))) == [
        ("QD103", "info", "help.txt", 4), ("QD103", "info", "help.txt", 5),
    ]


# -- the checks' shared helpers: the keys -help and the documentation name --------------------------

from qdoc.lint import checks  # noqa: E402


BASIC_ALIASES = lines(
    """
    DEF("help", 0, QEMU_OPTION_h,
        "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
    SRST
    ``-h``
        Display help and exit.
    ERST

    DEF("preconfig", 0, QEMU_OPTION_preconfig,
        "--preconfig     pause before machine is initialized\\n", QEMU_ARCH_ALL)
    SRST
    ``--preconfig``
        Pause.
    ERST

    DEF("machine", HAS_ARG, QEMU_OPTION_machine,
        "-machine [type=]name[,prop[=value][,...]]\\n", QEMU_ARCH_ALL)
    SRST
    ``-machine [type=]name[,prop=value[,...]]``
        Select the machine.

        ``vmport=on|off|auto``
            Emulate VMWare IO port.

            ``deep=on|off``
                A property under a property.
    ERST
    """
)


MACHINE_HELP = (
    "-machine [type=]name[,prop[=value][,...]]\n"
    "                selects emulated machine ('-machine help' for list)\n"
    "                vmport=on|off|auto controls emulation of vmport (default: auto)\n"
    "                property Mem-Merge=on|off controls memory merge support\n"
    "                in|out.dev= the device\n"
    "                PROP1=x stands for any property\n"
    "  -machine-other x=1   another option's synopsis\n"
    "  -machine y=2,<argname>=3,Z=4,Case=5   a second synopsis, indented, that sets w=1  and v=2\n"
    "-machine\n"
)


def test_help_synopsis_keys_are_the_keys_of_the_option_synopsis_lines_only():
    assert checks.help_synopsis_keys(MACHINE_HELP, "-machine") == {"type", "prop", "y", "Case"}
    assert checks.help_synopsis_keys("-m [size=]megs[,slots=n]  how much memory\n", "-m") == {"size", "slots"}
    assert checks.help_synopsis_keys(None, "-machine") == set()


def test_help_property_keys_are_the_indented_key_lines_lower_case_with_directions_expanded():
    assert checks.help_property_keys(MACHINE_HELP) == {"vmport", "mem-merge", "in.dev", "out.dev"}
    assert checks.help_property_keys("vmport=on|off at the start of a line is a synopsis\n") == set()
    assert checks.help_property_keys(None) == set()


def test_help_keys_are_both():
    assert checks.help_keys(MACHINE_HELP, "-machine") == {"type", "prop", "y", "Case", "vmport", "mem-merge", "in.dev", "out.dev"}


def test_keys_are_quoted_as_a_sentence_names_them():
    assert checks.quoted_keys(["a"]) == "`a=`"
    assert checks.quoted_keys(["a", "b"]) == "`a=` and `b=`"
    assert checks.quoted_keys(["a", "b", "c"]) == "`a=`, `b=` and `c=`"


def test_defined_names_are_the_names_and_aliases_of_a_set():
    option_set = hx_file(BASIC_ALIASES).option_set
    assert checks.defined_names(option_set) == {"-h", "-help", "--preconfig", "-preconfig"} | {"-machine"}
    assert checks.defined_names(None) == set()
    help_option, machine = option_set.options[0], option_set.options[2]
    assert checks.named_in(help_option, {"-h"}) and checks.named_in(help_option, {"-help"})
    assert not checks.named_in(machine, {"-h", "-help"}) and not checks.named_in(machine, set())


def test_documented_keys_are_the_keys_of_synopses_and_property_items_at_any_depth():
    machine = hx_file(BASIC_ALIASES).option_set.options[2]
    assert checks.documented_keys(machine) == {"type", "prop", "vmport", "deep"}


def test_a_hidden_option_is_information_saying_why_in_the_same_words_for_every_check():
    later = hx_file(ENGINE_HX.replace('DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)\n', ""), release="8.0.0")
    option = hx_file().option_set.option("-qtest")
    assert option.hidden  # the reader says why QEMU hides it
    both = Project([ReleaseSources("7.2.0", [hx_file()]), ReleaseSources("8.0.0", [later])])
    findings = [f for f in engine.run(both, select=["QD101", "QD107"], severity="info") if "-qtest" in f.message]
    assert [(f.code, f.severity, f.subject, f.message) for f in findings] == [
        ("QD101", "info", "-qtest", f"DEF -qtest is not documented, on purpose: QEMU hides it ({option.hidden})"),
        ("QD107", "info", "-qtest",
         f"-qtest is defined in 7.2.0 and gone in 8.0.0 with no removed-features entry, on purpose: QEMU hides it ({option.hidden}), "
         "so users were never shown it"),
    ]


@pytest.mark.parametrize(
    "name, is_key",
    [("vmport", True), ("in|out.dev", True), ("Mixed.Case", True), ("TCP", False), ("PROP1", False),
     ("throttling.PROP1", False), ("a.b.prop", False), ("in|out.PROP", False), ("<argname>", False),
     ("prop1", False), ("option2", False), ("propX", True), ("9prop", True)],
)
def test_an_item_name_is_a_key_unless_its_last_part_is_a_stand_in(name, is_key):
    from qdoc.lint.checks._forms import mentioned_as_key

    assert mentioned_as_key(name) is is_key


@pytest.mark.parametrize(
    "arguments, any_key",
    [("id=str[,PROP1=VALUE1]", True), ("id=str[,<optargs>]", True), ("id=str[,prop[=value][,...]]", True),
     ("id=str[,options]", True), ("id=str[,<argname>=x]", False), ("id=str[,fd=h]", False), ("id=str[,3prop=x]", False),
     ("id=str[,XPROPX=x]", False), ("id=str[,PROPX=x]", False)],
)
def test_a_synopsis_lists_no_key_exhaustively_when_a_stand_in_names_any_key(arguments, any_key):
    from qdoc.lint.checks._forms import synopsis_keys

    assert synopsis_keys(arguments).any is any_key


NETDEV = lines(
    """
    DEF("netdev", HAS_ARG, QEMU_OPTION_netdev,
        "-netdev user,id=str[,ipv4=on|off]\\n"
        "-netdev tap,id=str[,fd=h]\\n", QEMU_ARCH_ALL)
    SRST
    ``-netdev user,id=id[,ipv4=on|off]``
        User mode network.

        ``ipv4=on|off``
            IPv4 only.

            ``deep=x``
                Deeper.

    ``-netdev tap,id=id[,fd=h]``
        TAP network.
    ERST
    """
)


def test_a_forms_text_is_the_description_of_each_of_its_items_at_any_depth_one_a_line():
    from qdoc.lint.checks._forms import form_text, option_forms

    option = hx_file(NETDEV).option_set.options[0]
    user, tap = option.suboptions
    ipv4 = user.suboptions[0]
    helps, docs = option_forms(option)
    assert list(helps) == ["user", "tap"] and list(docs) == ["user", "tap"]
    assert form_text(docs["user"]) == "\n".join([user.description, ipv4.description, ipv4.suboptions[0].description])
    assert form_text(docs["tap"]) == tap.description == "TAP network."


# -- QD109: documentation in the wrong place -----------------------------------------------------


def doc_misplaced(text: str) -> list[tuple[int, str]]:
    return [(f.location.line, f.message) for f in engine.run(project(hx_file(text)), select=["QD109"], severity="info")]


def test_a_block_before_its_entry_is_found_by_the_name_its_term_gives():
    """``--preconfig`` documents DEF("preconfig"), and ``-foo x`` DEF("foo"): each block is one finding, not QD101 + QD102."""
    text = lines(
        """
        DEF("bar", 0, QEMU_OPTION_bar, "-bar   the bar option\\n", QEMU_ARCH_ALL)
        SRST
        ``-bar``
            Bar.
        ERST
        SRST
        ``--preconfig``
            Pause.
        ERST
        DEF("preconfig", 0, QEMU_OPTION_preconfig, "--preconfig     pause before machine is initialized\\n", QEMU_ARCH_ALL)
        SRST
        ``-foo x``
            Foo.
        ERST
        DEF("foo", 0, QEMU_OPTION_foo, "-foo x   the foo\\n", QEMU_ARCH_ALL)
        """
    )
    assert doc_misplaced(text) == [
        (7, "the documentation of DEF -preconfig comes before its entry: move the block below the entry, where hxtool pairs them"),
        (12, "the documentation of DEF -foo comes before its entry: move the block below the entry, where hxtool pairs them"),
    ]
    found = engine.run(project(hx_file(text)), select=["QD1"], severity="info")
    assert [(f.code, f.subject) for f in found] == [("QD109", "-preconfig"), ("QD109", "-foo")]


def appended(help_lines: list[str], item: str) -> str:
    """-xen-domid-restrict's DEF with the given help lines, and -xen-attach's item holding ``item``: QEMU 7.2's slip."""
    strings = "\n".join(f'    "{line}\\n"' for line in help_lines)
    return (
        'DEF("xen-attach", 0, QEMU_OPTION_xen_attach,\n'
        '    "-xen-attach     attach to existing xen domain\\n", QEMU_ARCH_ALL)\n'
        'DEF("xen-domid-restrict", 0, QEMU_OPTION_xen_domid_restrict,\n'
        f"{strings}\n"
        "    , QEMU_ARCH_ALL)\n"
        f"SRST\n``-xen-attach``\n    {item}\nERST\n"
    )


IN_ATTACH = "DEF -xen-domid-restrict has no item of its own; its help text is in the item of -xen-attach: give -xen-domid-restrict its own item"
ATTACH = "Attach to existing xen domain. "
NINE = "-xen-domid-restrict     one two three four five six seven eight nine"


@pytest.mark.parametrize(
    "help_lines, item, found",
    [
        # QEMU 7.2: the sentence runs on over a continuation line.
        (["-xen-domid-restrict     restrict set of available xen operations", "                        to specified domain id."],
         ATTACH + "Restrict set of available xen operations to specified domain id.", True),
        (["-xen-domid-restrict     restrict set of", "                        available xen operations to specified domain id."],
         ATTACH + "Restrict set of available xen operations to specified domain id.", True),
        # Two spaces inside the explanation, a synopsis of several words, none on the first line, an unindented next line.
        (["-xen-domid-restrict     restrict set of  available xen operations"], ATTACH + "Restrict set of available xen operations.", True),
        (["-xen-domid-restrict id  restrict set of available xen operations"], ATTACH + "Restrict set of available xen operations.", True),
        (["-xen-domid-restrict id  restrict set of available xen operations"], ATTACH + "Id restrict set of available xen.", False),
        (["-xen-domid-restrict", "restrict set of available xen operations"], ATTACH + "Restrict set of available xen operations.", True),
        # Six words are enough to call it a copy; five are a common phrase.
        (["-xen-domid-restrict     one two three four five six"], "One two three four five six.", True),
        (["-xen-domid-restrict     one two three four five"], "One two three four five.", False),
        # The first eight words must be there, in order; a ninth need not.
        ([NINE], ATTACH + "One two three four five six seven eight.", True),
        ([NINE], ATTACH + "One two three four five six seven.", False),
        ([NINE], ATTACH + "One two three four five six seven nine eight.", False),
        # Whole words: "xone" and "sevenx" are other words.
        ([NINE], ATTACH + "Xone two three four five six seven eight nine.", False),
        ([NINE], ATTACH + "One two three four five six sevenx eight nine.", False),
    ],
)
def test_a_help_sentence_in_another_item_is_found_by_its_first_eight_words(help_lines, item, found):
    term_line = 6 + len(help_lines)  # two lines of -xen-attach, the DEF, its help, its end, SRST, the term
    assert doc_misplaced(appended(help_lines, item)) == ([(term_line, IN_ATTACH)] if found else [])
    subjects = [f.subject for f in engine.run(project(hx_file(appended(help_lines, item))), select=["QD109"])]
    assert subjects == (["-xen-domid-restrict"] if found else [])


def test_an_options_text_is_its_description_and_each_sub_options_one_a_line():
    from qdoc.lint.checks._walk import option_text

    machine = hx_file(BASIC_ALIASES).option_set.options[2]
    vmport = machine.suboptions[0]
    assert option_text(machine) == "\n".join([machine.description, vmport.description, vmport.suboptions[0].description])
    assert option_text(machine).split("\n")[0] == "Select the machine." and option_text(machine).endswith("\nA property under a property.")


def test_a_key_is_recorded_as_named_implied_a_family_or_any_key():
    from qdoc.lint.checks._forms import Keys, add_key

    keys = Keys()
    add_key(keys, "Vmport", "parameter")
    add_key(keys, "...Xkey")  # "[,...][Xkey=x]": the dots are no part of it
    add_key(keys, "Type", implied=True)
    add_key(keys, "in|out.PROP1")  # both directions' families
    add_key(keys, "throttling.option")
    assert keys.named == {"vmport": "parameter", "xkey": None}
    assert keys.implied == {"type"}
    assert keys.families == {"in.", "out.", "throttling."}
    assert not keys.any
    add_key(keys, "PROP1")
    assert keys.any
    assert keys.covers("vmport") and keys.covers("type") and keys.covers("throttling.bps-total") and keys.covers("out.x")
    assert not keys.covers("Vmport") and not keys.covers("throttling") and not keys.covers("key")


def test_keys_update_adds_all_but_the_forms_own_name():
    from qdoc.lint.checks._forms import Keys

    mine = Keys(named={"id": 1}, families={"b."}, implied={"size"})
    other = Keys(named={"id": 2, "user": 3, "net": 4}, families={"a."}, implied={"type"}, any=True)
    mine.update(other, "user")
    assert (mine.named, mine.families, mine.implied, mine.any) == ({"id": 1, "net": 4}, {"a.", "b."}, {"size", "type"}, True)
    mine.update(Keys())
    assert mine.any and mine.named == {"id": 1, "net": 4}


HOST = 'DEF("host", 0, QEMU_OPTION_host, "-host   the host\\n", QEMU_ARCH_ALL)\nSRST\n``-host``\n    Host. Restrict set of available xen operations to specified domain id.\nERST\n'


@pytest.mark.parametrize(
    "text, expected",
    [
        # An option whose help repeats its own item is documented where it should be.
        ('DEF("own", 0, QEMU_OPTION_own, "-own   restrict set of available xen operations\\n", QEMU_ARCH_ALL)\n'
         "SRST\n``-own``\n    Restrict set of available xen operations.\nERST\n" + HOST, []),
        # QEMU hides it on purpose: information (QD101), not misplaced.
        (HOST + "HXCOMM Internal use\n"
         'DEF("internal", 0, QEMU_OPTION_internal, "-internal   restrict set of available xen operations\\n", QEMU_ARCH_ALL)\n', []),
        # After a hidden entry and the host, the misplaced one is still found.
        ('DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)\n' + HOST
         + 'DEF("late", 0, QEMU_OPTION_late, "-late   restrict set of available xen operations\\n", QEMU_ARCH_ALL)\n',
         [(4, "DEF -late has no item of its own; its help text is in the item of -host: give -late its own item")]),
    ],
)
def test_only_an_undocumented_entry_not_hidden_is_looked_for_elsewhere(text, expected):
    assert doc_misplaced(text) == expected


def test_a_term_naming_an_alias_finds_its_entry():
    """``q`` documented before the HMP entry ``quit|q``: the block of quit, moved."""
    text = lines(
        """
            {
                .name       = "stop",
                .args_type  = "",
                .params     = "",
                .help       = "stop emulation",
                .cmd        = hmp_stop,
            },
        SRST
        ``stop``
          Stop emulation.
        ERST
        SRST
        ``q``
          Quit.
        ERST
            {
                .name       = "quit|q",
                .args_type  = "",
                .params     = "",
                .help       = "quit the emulator",
                .cmd        = hmp_quit,
            },
        """
    )
    found = engine.run(project(hx_file(text, "hmp-commands.hx")), select=["QD1"], severity="info")
    assert [(f.code, f.location.line, f.message) for f in found] == [
        ("QD109", 13, "the documentation of command quit comes before its entry: move the block below the entry, where hxtool pairs them")
    ]


# -- QD104: a documented option the binary's -help lacks, at the level its reason gives -------------

QD104_HX = lines(
    """
    DEF("machine", HAS_ARG, QEMU_OPTION_machine, "-machine name   select\\n", QEMU_ARCH_ALL)
    SRST
    ``-machine name``
        Machine.
    ERST
    DEF("armonly", 0, QEMU_OPTION_armonly, "-armonly   arm only\\n", QEMU_ARCH_ARM | QEMU_ARCH_AARCH64)
    SRST
    ``-armonly``
        Arm.
    ERST
    #ifdef CONFIG_SPICE
    DEF("spice", HAS_ARG, QEMU_OPTION_spice, "-spice x   spice\\n", QEMU_ARCH_ALL)
    SRST
    ``-spice x``
        Spice.
    ERST
    #endif
    DEF("gone", 0, QEMU_OPTION_gone, "-gone   gone\\n", QEMU_ARCH_ALL)
    SRST
    ``-gone``
        Gone.
    ERST
    """
)


def test_a_documented_option_missing_from_help_is_information_when_its_mask_or_build_condition_explains_it():
    """Lines 8, 14, 20 are the terms of -armonly, -spice and -gone; the x86_64 binary lists -machine only."""
    help_set = read_help("QEMU emulator version 7.2.22\nusage: qemu-system-x86_64 [options]\n\n-machine name   select\n", "help.txt")
    found = engine.run(project(hx_file(QD104_HX), SourceFile("help.txt", "", help_set)), select=["QD104"], severity="info")
    assert [(f.location.path, f.location.line, f.severity, f.message) for f in found] == [
        ("q.hx", 8, "info", "the documentation has -armonly for other targets only (aarch64, arm); qemu-system-x86_64 rightly lacks it"),
        ("q.hx", 14, "info", "the documentation has -spice; the -help of qemu-system-x86_64 does not, as it is built only with "
         "CONFIG_SPICE, which this binary may lack"),
        ("q.hx", 20, "warning", "the documentation has -gone; the -help of qemu-system-x86_64 does not list it: "
         "drop the item if the option is gone, or give its DEF a help text"),
    ]


def test_a_removal_entry_is_reported_at_the_entry_for_a_def_and_at_the_documentation_for_a_property():
    text = lines(
        """
        DEF("vnc", HAS_ARG, QEMU_OPTION_vnc, "-vnc display   start a VNC server\\n", QEMU_ARCH_ALL)
        SRST
        ``-vnc display[,option[,option[,...]]]``
            VNC.

            ``acl=on|off``
                The ACL.
        ERST
        DEF("foo", 0, QEMU_OPTION_foo, "-foo   foo\\n", QEMU_ARCH_ALL)
        SRST
        ``-foo``
            Foo.
        ERST
        """
    )
    linted = hx_file(text)

    def removal(feature, targets, removed_in):
        return Record(feature=feature, area="System emulator command line arguments", text="", location=Location("removed.rst", 40),
                      heading=f"``{feature}`` (removed in {removed_in})", targets=targets, removed_in=removed_in)

    linted.option_set.removals += [removal("-foo", [RecordTarget("-foo")], "7.0"), removal("-vnc acl", [RecordTarget("-vnc", "acl")], "6.0")]
    assert [(f.location.path, f.location.line, f.severity, f.message) for f in engine.run(project(linted), select=["QD108"])] == [
        ("q.hx", 6, "error", "removed-features (removed.rst:40) says -vnc acl= was removed in 6.0, but q.hx still documents it: "
         "delete its documentation"),  # line 6: the acl= item
        ("removed.rst", 40, "error", "removed-features says -foo was removed in 7.0, but q.hx still defines it: remove the DEF or the entry"),
    ]


def test_a_term_or_a_page_naming_an_option_no_def_defines_is_documented_undefined():
    """Line 14: the ``-nope`` term after ENGINE_HX's 12 lines; the page documents -machine (defined), -h and -extra (not)."""
    from qdoc.model import Option

    text = ENGINE_HX + "SRST\n``-nope``\n    Nothing defines it.\nERST\n"
    page = OptionSet(
        program="qemu-system", source=Source("html", "qemu-manpage.html"), release="7.2.0",
        options=[Option(name, locations={"documentation": Location("qemu-manpage.html", line)})
                 for name, line in (("-machine", 5), ("-h", 9), ("-extra", 12))],
    )
    found = engine.run(project(hx_file(text), SourceFile("qemu-manpage.html", "", page)), select=["QD102"])
    rebuild = "q.hx has no DEF for it: the page was built from other sources, rebuild it from this release's .hx"
    assert [(f.location.path, f.location.line, f.message) for f in found] == [
        ("q.hx", 14, "documented '-nope' matches no DEF in this file: correct the term, or add the DEF it documents"),
        ("qemu-manpage.html", 9, f"the html page documents -h; {rebuild}"),
        ("qemu-manpage.html", 12, f"the html page documents -extra; {rebuild}"),
    ]


# -- QD101 for HMP commands, QD103, QD104 hidden, QD105, QD106, QD107, QD108: the checks' own words ------

HMP_HX = lines(
    """
        {
            .name       = "info",
            .args_type  = "item:s?",
            .params     = "[subcommand]",
            .help       = "show various information about the system state",
            .cmd        = hmp_info_help,
        },
        {
            .name       = "stop",
            .args_type  = "",
            .params     = "",
            .help       = "stop emulation",
            .cmd        = hmp_stop,
        },
        {
            .name       = "quit|q",
            .args_type  = "",
            .params     = "",
            .help       = "quit the emulator",
            .cmd        = hmp_quit,
        },
    SRST
    ``quit`` or ``q``
      Quit the emulator.
    ERST
    """
)


def test_an_undocumented_hmp_command_is_a_command_and_info_is_left_to_its_sub_table():
    """``info`` (first, undocumented) is documented by hmp-commands-info.hx; ``stop`` is a finding that says "command"."""
    found = engine.run(project(hx_file(HMP_HX, "hmp-commands.hx")), select=["QD101"], severity="info")
    assert [(f.location.path, f.location.line, f.subject, f.message) for f in found] == [
        ("hmp-commands.hx", 8, "stop", "command stop has a help text but no documentation item names it: add an item for stop after its command"),
    ]


def test_a_def_named_info_is_undocumented_like_any_other_in_qemu_options():
    text = 'DEF("info", 0, QEMU_OPTION_info, "-info   info\\n", QEMU_ARCH_ALL)\n'
    assert [f.message for f in engine.run(project(hx_file(text)), select=["QD101"])] == [
        "DEF -info has a help text but no documentation item names it: add an item for -info after its DEF"
    ]


def test_an_option_in_help_but_undocumented_is_reported_at_its_help_line_naming_the_target():
    """-help line 5 is -undoc; the .hx documents -machine only.  A binary of no known target is ``qemu-system-?``."""
    text = 'DEF("machine", HAS_ARG, QEMU_OPTION_machine, "-machine name   select\\n", QEMU_ARCH_ALL)\nSRST\n``-machine name``\n    M.\nERST\n'
    help_set = read_help("QEMU emulator version 7.2.22\nusage: qemu-system-x86_64 [options]\n\n-machine name   select\n-undoc   u\n", "help.txt")
    for target, shown in (("x86_64", "x86_64"), (None, "?")):
        help_set.target = target
        found = engine.run(project(hx_file(text), SourceFile("help.txt", "", help_set)), select=["QD103"])
        assert [(f.location.path, f.location.line, f.subject, f.message) for f in found] == [
            ("help.txt", 5, "-undoc", f"the -help of qemu-system-{shown} lists -undoc; the documentation does not: "
             "add an item for -undoc to qemu-options.hx"),
        ]


@pytest.mark.parametrize("target, shown", [("x86_64", "x86_64"), (None, "?")])
def test_a_documented_option_missing_from_help_on_purpose_or_by_build_condition_names_the_binary(target, shown):
    """Lines 4, 11, 18: the terms of -internal (hidden: ``HXCOMM Internal use``), -spice (two ``#ifdef``) and -gone."""
    text = lines(
        """
        HXCOMM Internal use
        DEF("internal", 0, QEMU_OPTION_internal, "-internal   internal\\n", QEMU_ARCH_ALL)
        SRST
        ``-internal``
            Internal.
        ERST
        #ifdef CONFIG_SPICE
        #ifdef CONFIG_VNC
        DEF("spice", HAS_ARG, QEMU_OPTION_spice, "-spice x   spice\\n", QEMU_ARCH_ALL)
        SRST
        ``-spice x``
            Spice.
        ERST
        #endif
        #endif
        DEF("gone", 0, QEMU_OPTION_gone, "-gone   gone\\n", QEMU_ARCH_ALL)
        SRST
        ``-gone``
            Gone.
        ERST
        """
    )
    linted = hx_file(text)
    help_set = read_help("QEMU emulator version 7.2.22\nusage: qemu-system-x86_64 [options]\n\n-machine name   select\n", "help.txt")
    help_set.target = target
    found = engine.run(project(linted, SourceFile("help.txt", "", help_set)), select=["QD104"], severity="info")
    reason = linted.option_set.option("-internal").hidden
    assert reason
    assert [(f.location.path, f.location.line, f.severity, f.subject, f.message) for f in found] == [
        ("q.hx", 4, "info", "-internal",
         f"the documentation has -internal; the -help of qemu-system-{shown} does not, on purpose: QEMU hides it ({reason})"),
        ("q.hx", 11, "info", None, f"the documentation has -spice; the -help of qemu-system-{shown} does not, as it is built only "
         "with CONFIG_SPICE && CONFIG_VNC, which this binary may lack"),
        ("q.hx", 18, "warning", None, f"the documentation has -gone; the -help of qemu-system-{shown} does not list it: "
         "drop the item if the option is gone, or give its DEF a help text"),
    ]


def property_help_hx(help_lines: str, items: str = "") -> str:
    return (
        f'DEF("opt", HAS_ARG, QEMU_OPTION_opt, "-opt name\\n{help_lines}", QEMU_ARCH_ALL)\n'
        f"SRST\n``-opt name``\n    Opt.\n{items}ERST\n"
    )


@pytest.mark.parametrize(
    "help_lines, said",
    [
        ("                aa=on|off the aa\\n", "`aa=` for -opt; the documentation does not: describe it in"),
        ("                aa=on|off the aa\\n                bb=on|off the bb\\n",
         "`aa=` and `bb=` for -opt; the documentation does not: describe them in"),
    ],
)
def test_help_properties_the_documentation_lacks_are_one_finding_saying_it_or_them(help_lines, said):
    """An undocumented option before -opt (line 2) is skipped, and -opt still checked."""
    text = 'DEF("undoc", 0, QEMU_OPTION_undoc, "-undoc   u\\n", QEMU_ARCH_ALL)\n' + property_help_hx(help_lines)
    found = engine.run(project(hx_file(text)), select=["QD105"])
    assert [(f.location.line, f.message) for f in found] == [(2, f"-help documents {said} the item of -opt")]


@pytest.mark.parametrize("prose", ["    Set aa=on to enable it.\n", "    The ``aa`` property.\n"])
def test_a_help_property_the_documentation_names_in_its_prose_is_documented(prose):
    text = property_help_hx("                aa=on|off the aa\\n").replace("    Opt.\n", prose)
    assert engine.run(project(hx_file(text)), select=["QD105"]) == []


def qd106(text: str) -> list[tuple[int, str]]:
    return [(f.location.line, f.message) for f in engine.run(project(hx_file(text)), select=["QD106"], severity="info")]


def test_a_documented_property_is_looked_for_only_in_an_option_with_a_help_text():
    """-quiet has no help text (QEMU hides it): its property item is no finding; -opt, after it, is still checked (line 12)."""
    text = (
        'DEF("quiet", HAS_ARG, QEMU_OPTION_quiet, "", QEMU_ARCH_ALL)\nSRST\n``-quiet name``\n    Q.\n\n'
        "    ``zz=on|off``\n        Zz.\nERST\n"
        'DEF("undoc", 0, QEMU_OPTION_undoc, "-undoc   u\\n", QEMU_ARCH_ALL)\n'
        + property_help_hx("                aa=on|off the aa\\n", "\n    ``zz=on|off``\n        Zz.\n")
    )
    assert qd106(text) == [(15, "the documentation describes `zz=` of -opt; its -help text does not mention it")]


def test_help_naming_a_property_in_its_prose_as_a_whole_word_mentions_it():
    """-help lists aa= line by line and says "zz" in words: zz is mentioned; "zz-len" and "xyy" name neither (lines 6, 9)."""
    help_lines = "                aa=on|off the aa, see zz too\\n"
    items = "\n    ``zz=on|off``\n        Zz.\n\n    ``yy=on|off``\n        Yy.\n"
    assert qd106(property_help_hx(help_lines, items)) == [(9, "the documentation describes `yy=` of -opt; its -help text does not mention it")]
    help_lines = "                aa=on|off the aa, see zz-len and xyy too\\n"
    assert qd106(property_help_hx(help_lines, items)) == [
        (6, "the documentation describes `zz=` of -opt; its -help text does not mention it"),
        (9, "the documentation describes `yy=` of -opt; its -help text does not mention it"),
    ]


def test_a_help_that_lists_no_property_line_by_line_is_a_summary_and_lists_none():
    text = lines(
        """
        DEF("device", HAS_ARG, QEMU_OPTION_device, "-device driver[,prop[=value][,...]]\\n", QEMU_ARCH_ALL)
        SRST
        ``-device driver[,prop[=value][,...]]``
            Add a device.

            ``zz=on|off``
                Zz.
        ERST
        """
    )
    assert qd106(text) == []


GONE_HX = (
    'DEF("keep", 0, QEMU_OPTION_keep, "-keep   kept\\n", QEMU_ARCH_ALL)\nSRST\n``-keep``\n    Kept.\nERST\n'
    'DEF("gone", 0, QEMU_OPTION_gone, "-gone   gone\\n", QEMU_ARCH_ALL)\nSRST\n``-gone``\n    Gone.\nERST\n'
)
KEEP_HX = GONE_HX.split('DEF("gone"')[0]


def removal_list(release: str) -> SourceFile:
    """A removed-features.rst read for ``release`` that names nothing."""
    return SourceFile("removed-features.rst", "", OptionSet(program="qemu-system", source=Source("rst", "removed-features.rst"), release=release))


@pytest.mark.parametrize(
    "list_in, note",
    [
        (None, " (no removed-features list was read for this or a later release)"),
        ("7.2.0", ""),  # this release's list
        ("7.1.0", " (no removed-features list was read for this or a later release)"),  # only an older one
    ],
)
def test_an_option_gone_unannounced_says_whether_a_removal_list_was_read_for_its_release_or_later(list_in, note):
    """-gone is defined at line 6 of 7.1.0's .hx and not in 7.2.0's."""
    old, new = [hx_file(GONE_HX, "old.hx", "7.1.0")], [hx_file(KEEP_HX, "new.hx", "7.2.0")]
    (old if list_in == "7.1.0" else new).extend([removal_list(list_in)] if list_in else [])
    both = Project([ReleaseSources("7.1.0", old), ReleaseSources("7.2.0", new)])
    assert [(f.location.path, f.location.line, f.message) for f in engine.run(both, select=["QD107"])] == [
        ("old.hx", 6, f"-gone is defined in 7.1.0 and gone in 7.2.0, but no removed-features entry names it{note}: "
         "add an entry '(removed in 7.2.0)'"),
    ]


def test_a_removal_entry_of_no_stated_release_says_so_with_a_question_mark():
    linted = hx_file(GONE_HX)
    linted.option_set.removals.append(Record(
        feature="-gone", area="System emulator command line arguments", text="", location=Location("removed.rst", 7),
        heading="``-gone``", targets=[RecordTarget("-gone")], removed_in=None,
    ))
    assert [f.message for f in engine.run(project(linted), select=["QD108"])] == [
        "removed-features says -gone was removed in ?, but q.hx still defines it: remove the DEF or the entry",
    ]


def test_a_removed_property_of_no_stated_release_says_so_with_a_question_mark():
    text = property_help_hx("", "\n    ``zz=on|off``\n        Zz.\n")
    linted = hx_file(text)
    linted.option_set.removals.append(Record(
        feature="-opt zz", area="System emulator command line arguments", text="", location=Location("removed.rst", 7),
        heading="``-opt zz``", targets=[RecordTarget("-opt", "zz")], removed_in=None,
    ))
    assert [(f.location.line, f.message) for f in engine.run(project(linted), select=["QD108"])] == [
        (6, "removed-features (removed.rst:7) says -opt zz= was removed in ?, but q.hx still documents it: delete its documentation"),
    ]


def test_a_page_option_without_an_item_location_is_reported_at_its_first_synopsis_or_nowhere():
    from qdoc.model import Option, Synopsis

    page = OptionSet(
        program="qemu-system", source=Source("html", "page.html"), release="7.2.0",
        options=[
            Option("-two", synopses=[Synopsis("-two a", "-two a", Location("page.html", 3)), Synopsis("-two b", "-two b", Location("page.html", 4))]),
            Option("-none"),
        ],
    )
    found = engine.run(project(hx_file(), SourceFile("page.html", "", page)), select=["QD102"])
    assert [(f.location.line if f.location else None, f.message.split(";")[0]) for f in found] == [
        (None, "the html page documents -none"), (3, "the html page documents -two"),
    ]


NETDEV_FORMS = lines(
    """
    DEF("netdev", HAS_ARG, QEMU_OPTION_netdev,
        "-netdev user,id=str[,ipv4=on|off]\\n"
        "-netdev tap,id=str[,fd=h]\\n", QEMU_ARCH_ALL)
    SRST
    ``-netdev tap,id=id[,fd=h]``
        TAP network.

        ``ipv4=on|off``
            Only in the help of user.

    ``-netdev bridge,id=id``
        A form -help does not list.

        ``ipv4=on|off``
            In the help of some form.

        ``zz=on|off``
            In no help.
    ERST
    """
)


def test_a_documented_property_is_looked_for_in_the_help_of_its_own_form_or_of_any_form_when_help_lacks_it():
    """tap's ipv4 (line 8) is only in user's -help; bridge, a form -help lacks, is held against every form's (line 17)."""
    assert qd106(NETDEV_FORMS) == [
        (8, "the documentation describes `ipv4=` of -netdev tap; its -help text does not mention it"),
        (17, "the documentation describes `zz=` of -netdev bridge; its -help text does not mention it"),
    ]


def test_a_form_whose_help_is_a_summary_is_skipped_and_the_next_form_still_checked():
    """user's -help is ``prop[=value]`` and nothing more: its zz (line 8) is no finding; tap's ipv4 (line 14) is."""
    text = lines(
        """
        DEF("netdev", HAS_ARG, QEMU_OPTION_netdev,
            "-netdev user[,prop[=value][,...]]\\n"
            "-netdev tap,id=str[,fd=h]\\n", QEMU_ARCH_ALL)
        SRST
        ``-netdev user[,prop=value]``
            User.

            ``zz=on|off``
                Zz.

        ``-netdev tap,id=id[,fd=h]``
            TAP network.

            ``ipv4=on|off``
                Ipv4.
        ERST
        """
    )
    assert qd106(text) == [(14, "the documentation describes `ipv4=` of -netdev tap; its -help text does not mention it")]


def test_a_generic_help_synopsis_speaks_for_every_form_and_its_words_name_properties():
    """``-netdev driver,...`` stands for every form: it covers tap's ``common``, and alone is what bridge (no -help form of
    its own) is held against, so bridge's ipv4 (line 25, in user's -help only) is a finding.  Words of -help name
    properties wherever they stand: ``frob`` ending a synopsis, ``gadget`` opening the next form's text, ``hose`` in the
    text of the first of tap's two synopses."""
    text = lines(
        """
        DEF("netdev", HAS_ARG, QEMU_OPTION_netdev,
            "-netdev user,id=str[,ipv4=on|off]\\n"
            "-netdev tap,id=str,script=frob   hose too\\n"
            "-netdev tap,id=str[,fd=h]\\n"
            "-netdev driver,id=str[,common=on|off]   gadget sets it up\\n", QEMU_ARCH_ALL)
        SRST
        ``-netdev tap,id=id[,fd=h]``
            TAP.

            ``frob=on|off``
                F.

            ``gadget=on|off``
                G.

            ``common=on|off``
                C.

            ``hose=on|off``
                H.

        ``-netdev bridge,id=id``
            Bridge.

            ``ipv4=on|off``
                Only in the help of user.

            ``common=on|off``
                C.
        ERST
        """
    )
    assert qd106(text) == [(25, "the documentation describes `ipv4=` of -netdev bridge; its -help text does not mention it")]
