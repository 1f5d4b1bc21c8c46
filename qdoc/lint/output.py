"""Writing findings for people and machines: text, JSON, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import Counter

from .. import __version__
from .findings import Finding
from .rules import RULES

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def text(findings: list[Finding]) -> str:
    """``path:line:col: CODE [severity] message``, one per line.

    ruff and flake8 begin a line with ``path:line:col: CODE``, which editors
    and CI problem matchers parse; the severity follows the code, so a
    reader sees at once what fails a build (``[warning]``, ``[error]``) and
    what is only worth a look (``[info]``).

    A finding about no one place (its location is ``None``) is printed as
    ``CODE [severity] message``, without a location: a made-up ``qdoc:0:0`` would send
    an editor or a CI problem matcher to a file that does not exist.  The
    other formats say the same: JSON ``"location": null``, SARIF a result
    without ``locations``, GitHub an annotation without ``file``.
    """
    lines = []
    for f in findings:
        loc = f.location
        where = f"{loc.path}:{loc.line}:{loc.column or 1}: " if loc else ""
        lines.append(f"{where}{f.code} [{f.severity}] {f.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=1, sort_keys=True) + "\n"


def github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request diff."""

    def escape(value: str) -> str:
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for f in findings:
        level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        loc = f.location
        props = f"file={loc.path},line={loc.line},col={loc.column or 1}," if loc else ""
        lines.append(f"::{level} {props}title={f.code} {f.name}::{escape(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(findings: list[Finding]) -> str:
    """A SARIF 2.1.0 log with one run, the rules used, and the results."""
    used = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(used)}
    rules = []
    for code in used:
        rule = RULES[code]
        rules.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                "properties": {"family": rule.family},
            }
        )
    results = []
    for f in findings:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
        }
        if f.location:
            region = {"startLine": max(1, f.location.line)}
            if f.location.column:
                region["startColumn"] = f.location.column
            uri = os.path.relpath(f.location.path).replace(os.sep, "/") if os.path.isabs(f.location.path) else f.location.path
            result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "qdoc", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=1) + "\n"


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}


def display_path(path: str) -> str:
    """``path`` as the user gave it, cleaned: ``qemu-options.hx``, never ``./qemu-options.hx``.

    Relative paths stay relative to the working directory (the paths named
    on the command line lead them); absolute ones stay absolute.
    """
    return path if os.path.isabs(path) or not path else os.path.normpath(path)


#: A ``./`` opening a path in a message (``./qemu-options.hx does not define it``), not the end of ``../``.
_DOT_SLASH_RE = re.compile(r"(?<![\w./-])\./(?=[\w-])")


def for_display(findings: list[Finding]) -> list[Finding]:
    """``findings`` with their paths as :func:`display_path` prints them, in the location and in the message."""
    shown = []
    for f in findings:
        loc = f.location
        if loc is not None and display_path(loc.path) != loc.path:
            f = dataclasses.replace(f, location=dataclasses.replace(loc, path=display_path(loc.path)))
        if "./" in f.message:
            f = dataclasses.replace(f, message=_DOT_SLASH_RE.sub("", f.message))
        shown.append(f)
    return shown


_FIX_MARKS = {"safe": "[*] ", "unsafe": "[-] "}


def statistics(findings: list[Finding], fixable: dict[str, str] | None = None) -> str:
    """``--statistics``: how many findings of each code, most first, as ruff prints them.

    ``fixable`` maps codes to their fix, ``safe`` (marked ``[*]``, made by
    ``--fix``) or ``unsafe`` (``[-]``, made with ``--unsafe-fixes``).
    """
    counts = Counter(f.code for f in findings)
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = _FIX_MARKS.get((fixable or {}).get(code, ""), "    ")
        lines.append(f"{count:>5}  {code}  {mark}{RULES[code].name if code in RULES else ''}".rstrip())
    return "\n".join(lines) + ("\n" if lines else "")


def with_source(findings: list[Finding], texts: dict[str, str]) -> str:
    """``--show-source``: each finding's text line, then its source line with a caret under the column."""
    lines = []
    for f in findings:
        lines.append(text([f]).rstrip("\n"))
        loc = f.location
        source = texts.get(loc.path) if loc else None
        if source is None or not loc.line:
            continue
        split = source.split("\n")
        if loc.line > len(split):
            continue
        line = split[loc.line - 1].expandtabs(1)
        gutter = f"{loc.line} | "
        lines.append(gutter + line)
        lines.append(" " * (len(gutter) - 2) + "| " + " " * max(0, (loc.column or 1) - 1) + "^")
    return "\n".join(lines) + ("\n" if lines else "")
