"""Silencing findings on purpose: inline comments and a baseline.

Inline: ``HXCOMM qdoc: ignore QD101`` in an .hx file, ``.. qdoc: ignore
QD401`` in rST, or ``<!-- qdoc: ignore QD401 -->`` in HTML, silences those
codes on the comment's line and the paragraph that follows it (a DEF and
its documentation block form one such paragraph; in rST, the heading or
paragraph after the comment's blank line).  ``qdoc: ignore-file CODE``
silences them in the whole file.

Baseline (the ratchet large doc sets use): a file recording today's
findings; later runs report only findings not in it.  Findings are matched
by code, file and message, not line, so edits elsewhere in a file do not
resurrect recorded findings; each recorded finding absorbs one occurrence.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from .findings import Finding

_INLINE_RE = re.compile(r"qdoc:\s*(ignore|ignore-file)\s+([A-Z0-9, ]+?)\s*(?:-->)?\s*$")
_COMMENT_PREFIXES = ("HXCOMM", "..", "<!--", "#", "@c ")


def inline_suppressions(text: str) -> tuple[dict[int, set[str]], set[str]]:
    """Line -> codes silenced there, and codes silenced in the whole file."""
    by_line: dict[int, set[str]] = {}
    whole: set[str] = set()
    if "qdoc:" not in text:
        return by_line, whole
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if "qdoc:" not in stripped or not stripped.startswith(_COMMENT_PREFIXES):
            continue
        m = _INLINE_RE.search(stripped)
        if not m:
            continue
        codes = {c.strip() for c in m.group(2).replace(",", " ").split() if c.strip()}
        if m.group(1) == "ignore-file":
            whole |= codes
            continue
        # The comment's own line, then the next paragraph after it (blank
        # lines between the comment and that paragraph are skipped: rST
        # wants one before a heading).
        by_line.setdefault(index + 1, set()).update(codes)
        number = index + 2
        while number <= len(lines) and not lines[number - 1].strip():
            number += 1
        while number <= len(lines) and lines[number - 1].strip():
            by_line.setdefault(number, set()).update(codes)
            number += 1
    return by_line, whole


def apply_inline(findings: list[Finding], texts: dict[str, str]) -> list[Finding]:
    """Drop findings silenced by comments in the files they point at."""
    cache: dict[str, tuple[dict[int, set[str]], set[str]]] = {}
    kept = []
    for finding in findings:
        location = finding.location
        if location is None or location.path not in texts:
            kept.append(finding)
            continue
        if location.path not in cache:
            cache[location.path] = inline_suppressions(texts[location.path])
        by_line, whole = cache[location.path]
        codes = by_line.get(location.line, set()) | whole
        if finding.code in codes or any(finding.code.startswith(c) for c in codes if len(c) < 5):
            continue
        kept.append(finding)
    return kept


def _key(finding: Finding) -> tuple[str, str, str]:
    path = finding.location.path if finding.location else ""
    return finding.code, os.path.normpath(path), finding.message


def write_baseline(path: str, findings: list[Finding]) -> None:
    from ..atomic import write_text

    entries = sorted(
        ({"code": c, "path": p, "message": m} for c, p, m in map(_key, findings)),
        key=lambda e: (e["path"], e["code"], e["message"]),
    )
    write_text(path, json.dumps({"qdoc_baseline": 1, "findings": entries}, indent=1, sort_keys=True) + "\n")


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message starts with its path."""


def read_baseline(path: str) -> Counter:
    """The findings a baseline records; :class:`BaselineError` for any file that is not one."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or data.get("qdoc_baseline") != 1:
            raise BaselineError(f"{path}: not a qdoc baseline file")
        return Counter((e["code"], os.path.normpath(e["path"]), e["message"]) for e in data["findings"])
    except BaselineError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    except (KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a qdoc baseline file ({type(exc).__name__}: {exc})") from None


def apply_baseline(findings: list[Finding], baseline: Counter) -> list[Finding]:
    """Findings not accounted for by the baseline (each entry absorbs one)."""
    remaining = Counter(baseline)
    new = []
    for finding in findings:
        key = _key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new


def apply_baseline_file(findings: list[Finding], path: str | None) -> list[Finding]:
    """The findings the baseline file at ``path`` does not record; all of them while it does not exist.

    ``qdoc lint`` and ``qdoc build`` filter through this, so that both
    report the same findings against one baseline.  A missing file is left
    to the caller: ``qdoc lint`` records one, a build writes only to its
    output.  Raises :class:`BaselineError` for a file that is not a baseline.
    """
    if not path or not os.path.exists(path):
        return findings
    return apply_baseline(findings, read_baseline(path))
