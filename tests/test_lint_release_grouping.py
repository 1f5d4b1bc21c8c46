"""A release's outputs are linted with its sources without ``--release``: Debian's 7.2 outputs with QEMU 7.2.0.

Debian's ``help.txt`` is the -help of QEMU 7.2.22, a stable release of the
7.2 series; its HTML manual, man page and QMP reply name no release.  Linted
beside the 7.2.0 tree, they are the same release (a stable point release
documents the options of its feature release), so a defect of the .hx that
the outputs repeat is reported once, at the .hx, and the copies point at it;
the user is told how the files were grouped.  The facts are read here from
the files: the version line of ``help.txt``, and the lines of every file
that carry texinfo's ``@var{`` leaked into the output.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from conftest import CORPUS, QEMU, run_qdoc

DEBIAN = CORPUS / "debian-7.2"
#: The outputs lint reads of Debian's folder, and how each writes a texinfo ``@var{`` leak.
OUTPUTS = {"binary/help.txt": "@var{", "man/qemu-system.1": "@var{", "html/qemu-manpage.html": "&#64;var{"}
SEVERE = ("warning", "error")


def leak_lines(path, marker: str) -> set[int]:
    """Lines of ``path`` that hold ``marker`` (a leaked ``@var{``)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return {number for number, line in enumerate(lines, 1) if marker in line}


@lru_cache(maxsize=None)
def lint(*paths: str) -> tuple[list[dict], str]:
    result = run_qdoc("lint", *paths, "--severity", "info", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout), result.stderr


def findings_at_leaks(findings: list[dict]) -> list[dict]:
    """The findings located on a line of Debian's outputs that carries a leak."""
    found = []
    for name, marker in OUTPUTS.items():
        lines = leak_lines(DEBIAN / name, marker)
        assert lines, name  # the corpus fact the test stands on
        found += [f for f in findings if f["location"] and f["location"]["path"] == str(DEBIAN / name) and f["location"]["line"] in lines]
    return found


def test_debian_outputs_are_linted_with_the_7_2_0_sources_without_release():
    findings, _ = lint(str(QEMU / "7.2.0"), str(DEBIAN))
    hx = QEMU / "7.2.0" / "qemu-options.hx"
    hx_leaks = leak_lines(hx, "@var{")
    at_copies = findings_at_leaks(findings)
    assert at_copies, "the leaks of Debian's outputs are not reported at all"
    # Each copy is information pointing at the .hx line holding the same leak, never a warning of its own.
    assert not [f for f in at_copies if f["severity"] in SEVERE], [f["message"] for f in at_copies if f["severity"] in SEVERE]
    leaks = [f for f in at_copies if f["code"] == "QD401"]  # texinfo-leak (an orphan item there points at its DEF)
    pointed = {int(m) for f in leaks for m in re.findall(re.escape(str(hx)) + r":(\d+)", f["message"])}
    assert len(pointed) > 1 and pointed <= hx_leaks, sorted(pointed - hx_leaks)
    # The defect itself is reported at the source.
    assert any(f["severity"] in SEVERE and f["location"]["path"] == str(hx) and f["location"]["line"] in hx_leaks for f in findings)


def test_the_user_is_told_how_the_outputs_were_grouped():
    version = re.match(r"QEMU emulator version (\d+\.\d+\.\d+)", (DEBIAN / "binary" / "help.txt").read_text()).group(1)
    assert version != "7.2.0" and version.startswith("7.2.")
    _, stderr = lint(str(QEMU / "7.2.0"), str(DEBIAN))
    notes = [line for line in stderr.splitlines() if line.startswith("qdoc: note:")]
    assert any(version in note and "7.2.0" in note and "debian-7.2" in note for note in notes), stderr
    # The pages beside help.txt, which name no release, are said to be read as its release.
    assert any("qemu-manpage.html" in note and "qemu-system.1" in note and version in note for note in notes), stderr


def test_outputs_of_another_series_stay_apart():
    """Beside 6.2.0's tree, Debian's 7.2 outputs have no source of their release: their leaks are theirs to report."""
    findings, stderr = lint(str(QEMU / "6.2.0"), str(DEBIAN))
    assert "6.2.0" not in "".join(line for line in stderr.splitlines() if line.startswith("qdoc: note:")), stderr
    at_copies = findings_at_leaks(findings)
    assert [f for f in at_copies if f["severity"] in SEVERE]
    assert not [f for f in at_copies if str(QEMU / "6.2.0") in f["message"]]


def test_an_unversioned_page_is_of_the_only_release_read(tmp_path):
    """A page that names no release, named beside one release's tree, is linted as that release (and said so)."""
    page = tmp_path / "qemu-manpage.html"
    page.write_bytes((DEBIAN / "html" / "qemu-manpage.html").read_bytes())
    findings, stderr = lint(str(QEMU / "7.2.0"), str(page))
    at_leaks = [f for f in findings if f["location"] and f["location"]["path"] == str(page)
                and f["location"]["line"] in leak_lines(page, "&#64;var{")]
    assert at_leaks and not [f for f in at_leaks if f["severity"] in SEVERE]
    assert any(str(page) in line and "7.2.0" in line for line in stderr.splitlines() if line.startswith("qdoc: note:")), stderr
