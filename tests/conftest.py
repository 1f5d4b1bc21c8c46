"""Shared fixtures: the real QEMU corpus in ../shared/corpus (never copied here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
QEMU = CORPUS / "qemu"


def _require_corpus() -> None:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.fail(f"the QEMU corpus is missing: expected {CORPUS} (../shared/corpus beside the clone)", pytrace=False)


_require_corpus()

RELEASES = sorted(p.name for p in QEMU.iterdir() if (p / "qemu-options.hx").is_file())


def corpus_files(pattern: str) -> list[Path]:
    return sorted(QEMU.glob(pattern))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


def srst_text(hx: str) -> str:
    """The SRST blocks of an .hx file, one after another, as hxtool hands them to Sphinx.

    Each marker line becomes a blank line, so blocks stay apart; an independent scan for
    the tests (docutils reads the result), not qdoc's reader.
    """
    lines, inside = [], False
    for line in hx.splitlines():
        if line.startswith("SRST"):
            inside = True
            lines.append("")
        elif line.startswith("ERST"):
            inside = False
            lines.append("")
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def small_tree(tmp_path: Path, hx: str) -> Path:
    """``tmp_path/tree`` holding one qemu-options.hx of text ``hx`` (configuration and trust tests)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text(hx)
    return tree


def isolated_user_config(tmp_path: Path) -> dict[str, str]:
    """An environment whose user configuration folder is an empty one of its own, not the tester's."""
    (tmp_path / "xdg").mkdir(exist_ok=True)
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}


def run_qdoc(*args: str, cwd: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (a separate process, real exit code); ``env`` adds to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "qdoc", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


def groff_lines(page: Path) -> list[str]:
    """``page`` as groff renders it for a UTF-8 terminal: one line per paragraph, words single-spaced.

    Lines are 5000 ens long and hyphenation is off, so a paragraph's words
    come out whole and on one line.
    """
    import shutil

    assert shutil.which("groff"), "groff is needed (apt-get install groff)"
    result = subprocess.run(["groff", "-man", "-Tutf8", "-k", "-rLL=5000n", "-rHY=0", "-P-cbou", str(page)],
                            capture_output=True, text=True, check=True)
    return [" ".join(line.split()) for line in result.stdout.split("\n")]


#: A texinfo manual that includes options-y.texi (see :func:`write_manuals_including_a_broken_file`).
INCLUDING_MANUAL = """\
\\input texinfo
@setfilename qemu-doc.info
@settitle QEMU
@node Top
@top QEMU
@table @option
@item -x
The x.
@end table
@include options-y.texi
@bye
"""


def write_manuals_including_a_broken_file(directory: Path, *manuals: str) -> Path:
    """``manuals`` (file names) in ``directory``, each including options-y.texi, which has three errors.

    The errors: an ``@table`` never closed, an ``@end itemize`` without a
    start, an ``@include`` of a missing file.  Returns options-y.texi's path.
    """
    for manual in manuals:
        (directory / manual).write_text(INCLUDING_MANUAL)
    included = directory / "options-y.texi"
    included.write_text("@table @option\n@item -y\nThe y.\n@end itemize\n@include missing.texi\n")
    return included
