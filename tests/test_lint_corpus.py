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


def test_missing_documentation_7_2_with_debian_binary_outputs():
    expected = undocumented_defs((QEMU / "7.2.0" / "qemu-options.hx").read_text())
    found = lint_json(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0", "--select", "QD1")
    qd101 = {f["message"].split()[1] for f in found if f["code"] == "QD101" and f["location"]["path"].endswith("qemu-options.hx")}
    assert qd101 == expected
    # What the binary shows but the docs do not is one of those DEFs, never an alias.
    qd103 = {f["message"].split()[0] for f in found if f["code"] == "QD103"}
    assert qd103 <= expected
    for finding in found:
        subject = re.search(r"^(?:DEF |command )?(--?[\w-]+)", finding["message"]).group(1)
        assert subject not in ("-h", "-help", "--preconfig", "-preconfig"), finding


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
    reported = {(f["message"].split()[0], f["message"].split(" is gone in ")[1].split()[0]) for f in history_findings()}
    expected = set()
    for old, new in zip(ordered, ordered[1:]):
        gone = set(DEF_RE.findall((QEMU / old / "qemu-options.hx").read_text())) - set(
            DEF_RE.findall((QEMU / new / "qemu-options.hx").read_text())
        )
        announced = announced_in(ordered[ordered.index(new):])
        expected |= {("-" + name, new) for name in gone if "-" + name not in announced}
    assert reported == expected


def _snapshot_text(findings: list[dict]) -> str:
    lines = []
    for f in findings:
        loc = f["location"]
        path = loc["path"].split("shared/corpus/", 1)[-1] if loc else "-"
        lines.append(f"{path}:{loc['line'] if loc else 0}: {f['code']} {f['message'].replace(str(CORPUS) + '/', '')}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def corpus_findings() -> list[dict]:
    return lint_json(*[str(QEMU / r) for r in RELEASES], str(CORPUS / "debian-7.2"), "--release", "7.2.0")


@pytest.mark.parametrize("release", RELEASES)
def test_findings_snapshot(release):
    """The whole-corpus report, one committed file per release, each finding read before commit.

    A change in findings shows up in review as a diff of tests/snapshots/.
    Regenerate with QDOC_UPDATE_SNAPSHOTS=1 after reading the new findings.
    """
    import os

    mine = [
        f
        for f in corpus_findings()
        if f["location"] and (f"/qemu/{release}/" in f["location"]["path"] or (release == "7.2.0" and "/debian-7.2/" in f["location"]["path"]))
    ]
    text = _snapshot_text(mine)
    snapshot = SNAPSHOTS / f"lint-{release}.txt"
    if os.environ.get("QDOC_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(text)
    assert snapshot.is_file(), f"missing snapshot {snapshot}"
    assert text == snapshot.read_text()
