"""Lint acceptance on the real corpus, against facts computed here from the sources."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from conftest import CORPUS, QEMU, RELEASES, ROOT, run_qdoc
from qdoc import versions

DEF_RE = re.compile(r'^DEF\("([^"]+)"', re.M)
LEAK_RE = re.compile(r"(?:@|&#64;)var\{")  # Sphinx writes "@" as "&#64;" in HTML
SNAPSHOTS = ROOT / "tests" / "snapshots"


def lint_json(*args: str) -> list[dict]:
    result = run_qdoc("lint", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def undocumented_defs(text: str) -> set[str]:
    """DEFs whose name (or a spelling their help text gives) no documentation term uses."""
    terms = {t.lstrip("-") for t in re.findall(r"^``(--?[\w-]+)", text, re.M)}
    found = set()
    for m in DEF_RE.finditer(text):
        call = text[m.start() : text.index(")\n", m.start())]
        spellings = {m.group(1)}
        alias = re.search(r'"(--?[\w-]+) or (--?[\w-]+)', call)
        if alias:
            spellings |= {alias.group(1).lstrip("-"), alias.group(2).lstrip("-")}
        if not spellings & terms:
            found.add("-" + m.group(1))
    return found


def hidden_defs(text: str) -> set[str]:
    """DEFs QEMU hides on purpose: an empty help string, or right under ``HXCOMM Internal use`` / ``HXCOMM Deprecated by``."""
    hidden = set()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        m = re.match(r'DEF\("([^"]+)"', line)
        if not m:
            continue
        call = text[sum(len(x) + 1 for x in lines[:number]) :]
        call = call[: call.index(")\n") + 1]
        above = number - 1
        while above >= 0 and lines[above].startswith("DEF("):
            above -= 1
        if re.search(r',\s*""\s*,', call) or re.match(r"HXCOMM (Internal use|Deprecated by)", lines[above] if above >= 0 else ""):
            hidden.add("-" + m.group(1))
    return hidden


def test_missing_documentation_7_2_with_debian_binary_outputs():
    text = (QEMU / "7.2.0" / "qemu-options.hx").read_text()
    undocumented = undocumented_defs(text)
    hidden = hidden_defs(text)
    found = lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--select", "QD1", "--severity", "info")

    def defs(severity: str) -> set[str]:
        return {
            re.search(r"DEF (-[\w-]+)", f["message"]).group(1)
            for f in found
            if f["code"] in ("QD101", "QD109") and f["severity"] == severity and f["location"]["path"].endswith("qemu-options.hx")
        }

    # Undocumented DEFs are warnings, except those QEMU hides on purpose: information saying so.
    assert defs("warning") == undocumented - hidden
    assert defs("info") == undocumented & hidden
    # What the binary shows but the docs do not is one of those DEFs, never an alias.
    qd103 = {re.search(r"lists (-[\w-]+)", f["message"]).group(1) for f in found if f["code"] == "QD103"}
    assert qd103 <= undocumented
    for finding in found:
        for subject in re.findall(r"(?<![\w-])(--?[\w][\w-]*)", finding["message"].split(" (the same defect as ")[0]):
            assert subject not in ("-h", "--preconfig", "-preconfig"), finding


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html",
        CORPUS / "debian-7.2" / "html" / "qemu-manpage.html",
        CORPUS / "debian-7.2" / "man" / "qemu-system.1",
    ],
    ids=lambda p: p.name,
)
def test_leaked_var_markup_is_reported_at_each_occurrence(path):
    expected = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        expected += [(number, m.start() + 1) for m in LEAK_RE.finditer(line)]
    assert expected, "the corpus page has leaked @var{} markup"
    found = lint_json(str(path), "--release", "x", "--select", "QD401")
    reported = [(f["location"]["line"], f["location"]["column"]) for f in found if "@var{" in f["message"]]
    assert all(f["location"]["path"] == str(path) for f in found)
    assert reported == expected


def announced_in(release_dirs: list[str]) -> set[str]:
    """Options named (as ``-x`` or ``-x ...``) in a heading of a removal list of these releases."""
    names = set()
    for release in release_dirs:
        for path in list((QEMU / release).glob("docs/*/removed-features.rst")) + list((QEMU / release).glob("docs/*/deprecated.rst")):
            lines = path.read_text().split("\n")
            for heading, underline in zip(lines, lines[1:]):
                if underline[:3] in ("'''", "~~~", "^^^", "---") and set(underline) <= set(underline[0]) and len(underline) >= len(heading.rstrip()) - 2:
                    if "removed" in heading.lower() or path.name == "removed-features.rst":
                        names.update("-" + n.lstrip("-") for n in re.findall(r"``(--?[\w-]+)(?:``| )", heading))
    return names


@lru_cache(maxsize=1)
def history_findings() -> list[dict]:
    return lint_json(*[str(QEMU / r) for r in RELEASES], "--select", "QD107")


def test_every_unannounced_disappearance_is_reported_and_no_announced_one():
    ordered = sorted(RELEASES, key=versions.sort_key)
    reported = {re.match(r"(-\S+) is defined in \S+ and gone in (\S+),", f["message"]).groups() for f in history_findings()}
    expected = set()
    for old, new in zip(ordered, ordered[1:]):
        gone = set(DEF_RE.findall((QEMU / old / "qemu-options.hx").read_text())) - set(
            DEF_RE.findall((QEMU / new / "qemu-options.hx").read_text())
        )
        announced = announced_in(ordered[ordered.index(new):])
        # An option QEMU hid on purpose (empty help, HXCOMM Internal use or
        # Deprecated by) was never offered to users: its going is no warning.
        hidden = hidden_defs((QEMU / old / "qemu-options.hx").read_text())
        expected |= {("-" + name, new) for name in gone if "-" + name not in announced | hidden}
    assert reported == expected


#: How a snapshot says why a finding is a real defect (or, honestly, that it is not).
REASON_PREFIXES = ("reason: ", "NOT REAL: ")


def _finding_line(f: dict) -> str:
    loc = f["location"]
    path = loc["path"].split("shared/corpus/", 1)[-1] if loc else "-"
    return f"{path}:{loc['line'] if loc else 0}: {f['code']} {f['message'].replace(str(CORPUS) + '/', '')}"


def read_snapshot(path) -> list[tuple[str, str | None]]:
    """(finding line, its reason line or None) in file order; a reason under no finding is an error.

    The format: each finding on a line of its own, then the reason for it on
    the next line, indented by four spaces (``    reason: ...``, or
    ``    NOT REAL: ...`` for a finding judged wrong and kept to be fixed).
    """
    entries: list[tuple[str, str | None]] = []
    for number, line in enumerate(path.read_text().split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("    "):
            reason = line.strip()
            assert reason.startswith(REASON_PREFIXES), f"{path.name}:{number}: a reason starts with {REASON_PREFIXES}: {line!r}"
            assert entries and entries[-1][1] is None, f"{path.name}:{number}: a reason with no finding above it: {line!r}"
            entries[-1] = (entries[-1][0], reason)
        else:
            entries.append((line, None))
    return entries


def snapshot_text(lines: list[str], reasons: dict[str, list[str]]) -> str:
    """The snapshot of ``lines``, each under the reason written for it before, when there is one.

    ``reasons`` maps a finding line to its reasons in order: the n-th
    occurrence of a line (two leaks on one line read alike) keeps the n-th.
    """
    out = []
    seen: dict[str, int] = {}
    for line in lines:
        out.append(line)
        written = reasons.get(line)
        if written:
            index = seen.get(line, 0)
            seen[line] = index + 1
            out.append("    " + written[min(index, len(written) - 1)])
    return "\n".join(out) + "\n"


def known_reasons(own) -> dict[str, list[str]]:
    """The reasons written in snapshot ``own`` by finding line, else those of the same line in another snapshot."""
    reasons: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for path in sorted(SNAPSHOTS.glob("lint-*.txt")):
        for line, reason in read_snapshot(path):
            if reason:
                (reasons if path == own else others).setdefault(line, []).append(reason)
    for line, written in others.items():
        reasons.setdefault(line, written)
    return reasons


@lru_cache(maxsize=1)
def corpus_findings() -> list[dict]:
    return lint_json(*[str(QEMU / r) for r in RELEASES])


@lru_cache(maxsize=1)
def debian_findings() -> list[dict]:
    return lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0")


def snapshot_findings(name: str) -> list[dict]:
    """The findings snapshot ``lint-<name>.txt`` records.

    A release's: those pointing into its tree when every release is linted
    together.  ``debian-7.2``: every finding of the 7.2.0 tree linted with
    Debian's 7.2 outputs (HTML, man pages, -help, the QMP reply), whose
    -help and QMP reply add findings at the .hx too.
    """
    if name == "debian-7.2":
        return debian_findings()
    return [f for f in corpus_findings() if f["location"] and f"/qemu/{name}/" in f["location"]["path"]]


@pytest.mark.parametrize("name", [*RELEASES, "debian-7.2"])
def test_findings_snapshot(name):
    """The whole-corpus report, one committed file per release, each warning-or-above finding with its reason.

    A change in findings shows up in review as a diff of tests/snapshots/.
    Regenerate with QDOC_UPDATE_SNAPSHOTS=1 after reading the new findings:
    reasons already written for findings that did not change are kept, and
    the run fails (a run that rewrote the snapshots is never green); write
    a reason under each new finding, then run again without it.
    """
    import os

    lines = [_finding_line(f) for f in snapshot_findings(name) if f["severity"] in ("warning", "error")]
    snapshot = SNAPSHOTS / f"lint-{name}.txt"
    if os.environ.get("QDOC_UPDATE_SNAPSHOTS"):
        text = snapshot_text(lines, known_reasons(snapshot) if snapshot.is_file() else known_reasons(None))
        snapshot.write_text(text)
        pytest.fail(f"QDOC_UPDATE_SNAPSHOTS is set: {snapshot.name} was rewritten; review it, give each new finding a reason, and rerun without it")
    assert snapshot.is_file(), f"missing snapshot {snapshot}"
    entries = read_snapshot(snapshot)
    assert [line for line, _ in entries] == lines
    unexplained = [line for line, reason in entries if reason is None]
    assert not unexplained, f"{snapshot.name}: findings without a reason line under them:\n" + "\n".join(unexplained)
