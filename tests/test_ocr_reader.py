"""The OCR reader on the real OCR text of the printed 2.12.50 manual.

Expected facts are computed here from other sources, never from the reader:
the documented options are the ``@item``/``@itemx`` terms of the STEXI blocks
of the 2.12.0 and 3.0.0 ``qemu-options.hx`` (the manual sits between the
two); the deprecation entries are counted with a plain scan of the OCR text
(and, for the clean manual, of ``qemu-doc.texi``'s appendix).  The reference
given to the reader is one release's ``.hx`` while the figures are also
measured against the other, and controls check that every option has its
evidence on its source line and that options the manual cannot contain are
not invented from the reference.
"""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache

import jsonschema
import pytest

from conftest import CORPUS, QEMU, ROOT, run_qdoc
from qdoc.loader import load
from qdoc.model import OptionSet
from qdoc.readers import detect_format
from qdoc.readers.ocr import read_ocr

OCR = CORPUS / "seeds" / "qemu-doc-2.12.50-ocr.md"
README_004 = next((CORPUS / "seeds" / "raw").glob("004_*"))
PLAINTEXT_MANUAL = CORPUS / "built" / "2.12.0" / "qemu-doc.txt"  # texi2any --plaintext (built/NOTES.md)
NEIGHBOURS = ("2.12.0", "3.0.0")


# -- independent facts --------------------------------------------------------


@lru_cache(maxsize=None)
def documented_options(release: str) -> frozenset[str]:
    """Option names of the ``@item -x`` / ``@itemx -x`` terms in the STEXI blocks."""
    text = (QEMU / release / "qemu-options.hx").read_text()
    names = set()
    for block in re.findall(r"^STEXI\n(.*?)^ETEXI", text, re.M | re.S):
        for m in re.finditer(r"^@itemx?\s+(-{1,2}[\w-]+)", block, re.M):
            names.add("-" + m.group(1).lstrip("-"))
    return frozenset(names)


@lru_cache(maxsize=None)
def hx_keys(release: str) -> frozenset[str]:
    """Every ``@item key`` / ``@item key=...`` word of the hx (sub-option names)."""
    text = (QEMU / release / "qemu-options.hx").read_text()
    return frozenset(m.group(1) for m in re.finditer(r"^@itemx?\s+([a-z][\w.-]*)", text, re.M))


def ocr_raw_lines() -> list[str]:
    return OCR.read_text(encoding="utf-8").split("\n")


def appendix_entries_in_ocr() -> dict[int, str]:
    """Line -> version of every ``x.y.z Feature (since V)`` line after the table of contents."""
    lines = ocr_raw_lines()
    first_page_end = next(i for i, line in enumerate(lines) if "第1页" in line)
    entries = {}
    for index, line in enumerate(lines[first_page_end:], start=first_page_end + 1):
        m = re.match(r"^\S{1,2}[. ]\d+[. ]\d+ .*\(since (\d+)[. ](\d+)[. ](\d+)", line)
        if m:
            entries[index] = ".".join(m.groups())
    return entries


def appendix_entries_in_texi() -> dict[str, str | None]:
    """Feature -> version of every @subsection of qemu-doc.texi's Deprecated features appendix."""
    text = (QEMU / "2.12.0" / "qemu-doc.texi").read_text()
    appendix = text.split("@appendix Deprecated features", 1)[1].split("@appendix", 1)[0]
    out = {}
    for title in re.findall(r"^@subsection (.+)$", appendix, re.M):
        m = re.search(r"\(since ([\d.]+)\)", title)
        out[re.sub(r"\s*\(since.*", "", title).strip()] = m.group(1) if m else None
    return out


# -- running the reader ---------------------------------------------------------


@lru_cache(maxsize=None)
def parsed(reference: str | None) -> OptionSet:
    """The OCR file through the CLI, as a user runs it."""
    args = ["parse", "--from", "ocr", str(OCR), "-q"]
    if reference:
        args += ["--reference", str(QEMU / reference / "qemu-options.hx")]
    result = run_qdoc(*args)
    assert result.returncode == 0, result.stderr
    return OptionSet.from_json(result.stdout)


def found_names(option_set: OptionSet) -> set[str]:
    return {o.name for o in option_set.options} | {a for o in option_set.options for a in o.aliases}


def figures(option_set: OptionSet, release: str) -> tuple[float, float, list[str]]:
    """Recall against ``release``, precision against either neighbour, missed names."""
    truth = documented_options(release)
    either = documented_options("2.12.0") | documented_options("3.0.0")
    found = found_names(option_set)
    recall = len(truth & found) / len(truth)
    correct = [o for o in option_set.options if o.name in either or set(o.aliases) & either]
    precision = len(correct) / len(option_set.options) if option_set.options else 0.0
    return recall, precision, sorted(truth - found)


# -- acceptance: recall and precision ---------------------------------------------


@pytest.mark.parametrize("reference", NEIGHBOURS)
def test_recall_and_precision_with_a_reference(reference):
    option_set = parsed(reference)
    for release in NEIGHBOURS:
        recall, precision, missed = figures(option_set, release)
        print(f"reference {reference}, measured against {release}: recall {recall:.1%}, precision {precision:.1%}; "
              f"missed {len(missed)}: {' '.join(missed)}")
        assert recall >= 0.90, (release, missed)
        assert precision >= 0.95, [o.name for o in option_set.options]


def test_figures_without_a_reference_are_reported():
    option_set = parsed(None)
    for release in NEIGHBOURS:
        recall, precision, missed = figures(option_set, release)
        print(f"no reference, measured against {release}: recall {recall:.1%}, precision {precision:.1%}; "
              f"missed {len(missed)}: {' '.join(missed)}")
        # Only names printed in the text can be found without a reference's
        # texts; those must still be right.
        assert precision >= 0.95
    summary = [d for d in option_set.diagnostics if d.code == "ocr-summary"]
    assert summary and "built-in" in summary[0].message


def test_every_option_has_its_evidence_on_its_line():
    """Nothing comes from the reference alone: each option's line shows it."""
    raw = ocr_raw_lines()
    option_set = parsed("3.0.0")
    for option in option_set.options:
        line = raw[option.locations["documentation"].line - 1].replace("\\_", "_")
        if option.recovery == "recovered":
            assert option.name.lstrip("-") in line, (option.name, line)
        else:
            evidence = option.original_text
            assert evidence and evidence[:40].replace("on|off", "onloff") in line.replace("\\", ""), (option.name, evidence, line)


def test_options_the_manual_cannot_have_are_not_invented():
    """3.0.0 options that 2.12.0 lacks and the OCR text never names must not appear."""
    text = OCR.read_text(encoding="utf-8")
    later = {n for n in documented_options("3.0.0") - documented_options("2.12.0") if n.lstrip("-") not in text}
    assert later, "the control needs options added after the manual"
    found = found_names(parsed("3.0.0"))
    assert not later & found


def test_clean_text_of_the_manual_is_read_completely():
    """The same reader on texi2any's plain-text 2.12.0 manual, without a reference."""
    option_set = load(str(PLAINTEXT_MANUAL), "ocr")
    recall, precision, missed = figures(option_set, "2.12.0")
    print(f"plain-text 2.12.0 manual, no reference: recall {recall:.1%}, precision {precision:.1%}, missed {missed}")
    assert recall >= 0.98 and precision >= 0.98
    expected = appendix_entries_in_texi()
    got = {r.feature: r.since for r in option_set.deprecations}
    assert got == expected


# -- what each option says about itself --------------------------------------------


def test_recovery_marks_and_confidence():
    option_set = parsed("2.12.0")
    kinds = {o.recovery for o in option_set.options}
    assert kinds <= {"recovered", "repaired", "unmatched"} and "recovered" in kinds and "repaired" in kinds
    for option in option_set.options:
        assert 0.0 <= option.confidence <= 1.0
        assert (option.original_text is None) == (option.recovery == "recovered"), option.name
    # "-loadym file" is printed on its own line: repaired to -loadvm.
    raw = ocr_raw_lines()
    loadym = next(i for i, line in enumerate(raw, start=1) if line.startswith("-loadym"))
    loadvm = option_set.option("-loadvm")
    assert loadvm.recovery == "repaired" and loadvm.original_text == "-loadym"
    assert loadvm.locations["documentation"].line == loadym
    # An option printed as such outranks any repaired one.
    machine = option_set.option("-machine")
    assert machine.recovery == "recovered" and machine.confidence > loadvm.confidence


def test_summary_counts_what_was_found():
    option_set = parsed("3.0.0")
    (summary,) = [d for d in option_set.diagnostics if d.code == "ocr-summary"]
    assert summary.severity == "info"
    counts = {k: sum(o.recovery == k for o in option_set.options) for k in ("recovered", "repaired", "unmatched")}
    for kind, count in counts.items():
        assert f"{count} {kind}" in summary.message
    missed = sorted(n for n in (o.name for o in load(str(QEMU / "3.0.0" / "qemu-options.hx")).options if o.documented)
                    if option_set.option(n) is None)
    assert f"{len(missed)} of " in summary.message and all(n in summary.message for n in missed)


def test_sections_and_suboptions():
    option_set = parsed("3.0.0")
    raw = ocr_raw_lines()
    numbered = [m.group(2).strip() for line in raw if (m := re.match(r"^(?:#+ )?2\.3\.(\d+) (\S.*)$", line))]
    titles = {s.title for s in option_set.sections}
    assert numbered and set(numbered) <= titles
    assert option_set.option("-machine").section == "Standard options"
    assert option_set.option("-chardev").section in titles
    # Property sub-options are named as the .hx names them (OCR damage aside).
    properties = [s.name for o in option_set.options for s in o.suboptions if s.kind == "property"]
    known = [p for p in properties if p in hx_keys("3.0.0")]
    print(f"property sub-options: {len(known)} of {len(properties)} named as in the 3.0.0 .hx")
    assert len(known) >= 0.7 * len(properties)
    spice = option_set.option("-spice")
    assert {"x509-key-file", "seamless-migration"} <= {s.name for s in spice.suboptions}
    chardev_forms = {s.name for s in option_set.option("-chardev").suboptions if s.kind == "form"}
    assert {"pipe", "pty", "ringbuf", "stdio"} <= chardev_forms


# -- the deprecation appendix ----------------------------------------------------------


@pytest.mark.parametrize("reference", (None, "3.0.0"))
def test_every_appendix_entry_is_a_record_with_its_version(reference):
    expected = appendix_entries_in_ocr()
    assert len(expected) >= 15
    records = parsed(reference).deprecations
    got = {r.location.line: r.since for r in records}
    assert got == expected
    by_line = {r.location.line: r for r in records}
    nodefconfig = next(r for r in records if r.feature == "-nodefconfig")
    assert [t.option for t in nodefconfig.targets] == ["-nodefconfig"]
    assert nodefconfig.area == "System emulator command line arguments"
    assert all(r.area for r in by_line.values())


# -- detection, nonsense, JSON ----------------------------------------------------------


def test_detected_by_content():
    assert detect_format(str(OCR), OCR.read_text(encoding="utf-8")) == "ocr"
    assert detect_format(str(README_004), README_004.read_text(encoding="utf-8")) != "ocr"
    result = run_qdoc("parse", str(OCR), "--format", "table", "-q")
    assert result.returncode == 0, result.stderr
    assert "(ocr: " in result.stdout.splitlines()[0]


def _random_text() -> str:
    rng = random.Random(9)
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = []
    for index in range(300):
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(1, 12))]
        if index % 7 == 0:
            words[0] = "-" + words[0]
        if index % 50 == 0:
            lines.append(f"{index // 50 + 1}.{index % 5 + 1} {words[-1].title()} options")
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("source", ("random", "readme-004"))
@pytest.mark.parametrize("reference", (None, "2.12.0"))
def test_nonsense_gives_no_options_and_says_so(source, reference, tmp_path):
    path = tmp_path / "random.txt" if source == "random" else README_004
    if source == "random":
        path.write_text(_random_text())
    args = ["parse", "--from", "ocr", str(path)]
    if reference:
        args += ["--reference", str(QEMU / reference / "qemu-options.hx")]
    result = run_qdoc(*args)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["options"] == []
    assert "warning: no QEMU command-line options found" in result.stderr
    assert "[ocr-no-options]" in result.stderr and "Traceback" not in result.stderr


#: A page of the printed manual's option list, as OCR gives it: each term, then its indented description
#: (the first sentence of the option's STEXI text in 3.0.0).
SMALL_PAGE_ITEMS = (
    ("-no-quit", "Disable SDL window close capability."),
    ("-full-screen", "Start in full screen."),
    ("-snapshot", "Write to temporary files instead of disk image files."),
    ("-cdrom file", "Use file as CD-ROM image (you cannot use -hdc and -cdrom at the same time)."),
    ("-boot order=drives", "Specify boot order drives as a string of drive letters."),
    ("-no-acpi", "Disable ACPI (Advanced Configuration and Power Interface) support."),
)
SMALL_PAGE = "QEMU version 2.12.50 User Documentation\n\n# 2.3 Invocation\n\n```\n" + "".join(
    f"{term}\n     {text}\n" for term, text in SMALL_PAGE_ITEMS
) + "```\n"


def test_reader_is_pure_and_total():
    """What the text says is what is read, the same every time, and the reference given is left as it was.

    Fragments of no option list give an empty option set, never an exception.
    """
    reference = load(str(QEMU / "3.0.0" / "qemu-options.hx"))
    before = reference.to_json()
    for kwargs in ({}, {"reference": reference}):
        first = read_ocr(SMALL_PAGE, "x.md", **kwargs)
        assert read_ocr(SMALL_PAGE, "x.md", **kwargs).to_json() == first.to_json()
        assert first.release == "2.12.50"
        read = [(o.name, o.synopses[0].text, o.description, o.recovery, o.locations["documentation"].line) for o in first.options]
        lines = SMALL_PAGE.splitlines()
        assert read == [(term.split()[0], term, text, "recovered", lines.index(term) + 1) for term, text in SMALL_PAGE_ITEMS]
    assert reference.to_json() == before
    for text in ("", "\n\n", "# 2.3 Invocation\n-machine", "B.2.1 -no-kvm (since", "```\nTable of Contents\n"):
        option_set = read_ocr(text, "x.md")
        assert isinstance(option_set, OptionSet) and option_set.options == []


@lru_cache(maxsize=1)
def _validator():
    return jsonschema.Draft202012Validator(json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text()))


@pytest.mark.parametrize("reference", (None, "3.0.0"))
def test_json_round_trip_and_schema(reference):
    option_set = parsed(reference)
    text = option_set.to_json()
    assert OptionSet.from_json(text).to_json() == text
    errors = list(_validator().iter_errors(json.loads(text)))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
