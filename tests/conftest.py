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


def run_qdoc(*args: str, cwd: str | os.PathLike | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (a separate process, real exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "qdoc", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
