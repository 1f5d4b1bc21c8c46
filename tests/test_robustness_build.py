"""Killing ``qdoc build`` half-way leaves the old build or the new one, never a mix.

The build is started in a subprocess over a copy of ``source_docs/`` (a
Sphinx project, so that the build takes long enough to be interrupted at many
points) and killed with SIGKILL, the signal nothing can clean up after, at
times spread over a whole build.  Every time, ``build/`` must be exactly one
of the two complete builds (same files, same bytes), the source being
switched between two versions so that old and new differ.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(source: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qdoc", "build", str(source), "-o", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def full_build(source: Path, out: Path) -> tuple[dict[str, bytes], float]:
    start = time.monotonic()
    assert start_build(source, out).wait(timeout=300) == 0
    return snapshot(out), time.monotonic() - start


def switch(source: Path, version: str) -> None:
    """Two versions of the tree that build to different outputs."""
    (source / "changes.rst").write_text(f"Changes\n=======\n\nRelease notes, version {version}.\n", encoding="utf-8")
    hx = source / "1.1.0" / "qemu-options.hx"
    text = hx.read_text(encoding="utf-8")
    marker = "HXCOMM robustness test version "
    text = "\n".join(line for line in text.split("\n") if not line.startswith(marker))
    hx.write_text(f"{marker}{version}\n{text}", encoding="utf-8")


def test_killed_build_leaves_old_or_new_output(tmp_path):
    source = tmp_path / "source_docs"
    shutil.copytree(ROOT / "source_docs", source)
    out = tmp_path / "build"
    switch(source, "A")
    old, _ = full_build(source, out)
    switch(source, "B")
    new, duration = full_build(source, out)
    assert old != new and old.keys() == new.keys()
    states = {"A": old, "B": new}
    current = "B"
    outcomes = {"old": 0, "new": 0}
    # Kill points spread over a whole build, from start-up to the final swap.
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1):
        target = "A" if current == "B" else "B"
        switch(source, target)
        process = start_build(source, out)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = snapshot(out)
        assert found in (states[current], states[target]), f"killed at {fraction:.0%}: build/ is neither the old nor the new build"
        if found == states[target]:
            outcomes["new"] += 1
            current = target
        else:
            outcomes["old"] += 1
        leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".qdoc-") and p.is_file()]
        assert not leftovers, leftovers
    assert outcomes["old"] > 0, "no kill landed during a build: the test proves nothing"
    # The next build clears what the killed ones left beside build/.
    switch(source, "B")
    assert full_build(source, out)[0] == new
    assert sorted(p.name for p in out.parent.iterdir()) == ["build", "source_docs"]


def test_failed_build_keeps_the_previous_output(tmp_path):
    source = tmp_path / "source_docs"
    shutil.copytree(ROOT / "source_docs", source)
    out = tmp_path / "build"
    before, _ = full_build(source, out)
    hx = source / "1.1.0" / "qemu-options.hx"
    hx.write_bytes(hx.read_bytes() + b"SRST\n\xe9\n")
    result = subprocess.run(
        [sys.executable, "-m", "qdoc", "build", str(source), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2 and "[input-encoding]" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == before
