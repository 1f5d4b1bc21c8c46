"""``qdoc build``: read every known documentation file under a source tree.

For each file a reader exists for, the build writes the model as JSON under
``OUT/json/`` (mirroring the source tree) and a summary of what was read
(``OUT/summary.json`` and ``OUT/summary.txt``).  Files whose format has no
reader yet are listed in the summary as skipped, not ignored silently.

A build with unreadable input writes nothing: every error is reported and the
previous output stays as it was.  Each output file is replaced atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from . import readers
from .atomic import write_text
from .loader import release_from_path
from .model import Diagnostic, OptionSet
from .source import InputError, read_text


@dataclass
class BuildResult:
    """What a build read, skipped and reported, and the files it wrote."""

    sets: list[tuple[str, OptionSet]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_IGNORED_DIRS = {".git", "__pycache__", "build", "_build", ".venv", "node_modules"}


def discover(source: str) -> list[str]:
    """Files under ``source`` in a stable order (sorted, hidden and build dirs skipped)."""
    if os.path.isfile(source):
        return [source]
    found = []
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _IGNORED_DIRS)
        for name in sorted(files):
            if not name.startswith("."):
                found.append(os.path.join(root, name))
    return found


def build(source: str, output: str) -> BuildResult:
    """Read ``source`` and, when everything was readable, write ``output``."""
    result = BuildResult()
    for path in discover(source):
        relative = os.path.relpath(path, source) if os.path.isdir(source) else os.path.basename(path)
        try:
            text = read_text(path)
        except InputError as exc:
            result.errors.append(exc.diagnostic)
            continue
        fmt = readers.detect_format(path, text)
        if fmt is None:
            result.skipped.append((relative, "not a documentation format qdoc knows"))
            continue
        if readers.reader_for(fmt) is None:
            result.skipped.append((relative, f"no {fmt} reader in this version"))
            continue
        option_set = readers.read(text, path, fmt, release=release_from_path(path))
        result.errors.extend(option_set.errors)
        result.sets.append((relative, option_set))
    if result.errors:
        return result
    for relative, option_set in result.sets:
        target = os.path.join(output, "json", relative + ".json")
        write_text(target, option_set.to_json())
        result.written.append(target)
    summary = summarise(result)
    write_text(os.path.join(output, "summary.json"), json.dumps(summary, indent=1, sort_keys=True) + "\n")
    write_text(os.path.join(output, "summary.txt"), summary_text(summary))
    result.written += [os.path.join(output, "summary.json"), os.path.join(output, "summary.txt")]
    return result


def summarise(result: BuildResult) -> dict:
    """Counts per source: what a maintainer checks first after a build."""
    sources = []
    for relative, option_set in result.sets:
        counts: dict[str, int] = {}
        for diagnostic in option_set.diagnostics:
            counts[diagnostic.severity] = counts.get(diagnostic.severity, 0) + 1
        sources.append(
            {
                "path": relative,
                "format": option_set.source.format,
                "program": option_set.program,
                "release": option_set.release,
                "options": len(option_set.options),
                "documented": sum(1 for o in option_set.options if o.documented),
                "deprecated": sum(1 for o in option_set.options if o.deprecations),
                "sections": len(option_set.sections),
                "diagnostics": counts,
            }
        )
    return {
        "sources": sources,
        "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
    }


def summary_text(summary: dict) -> str:
    lines = [f"{'source':40} {'program':12} {'release':10} {'options':>7} {'documented':>10} {'deprecated':>10} {'warnings':>8}"]
    for s in summary["sources"]:
        lines.append(
            f"{s['path']:40} {s['program']:12} {s['release'] or '-':10} {s['options']:7} {s['documented']:10}"
            f" {s['deprecated']:10} {s['diagnostics'].get('warning', 0):8}"
        )
    for s in summary["skipped"]:
        lines.append(f"skipped {s['path']}: {s['reason']}")
    return "\n".join(lines) + "\n"
