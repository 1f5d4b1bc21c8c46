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

from ..source import MAX_INPUT_BYTES, InputError, read_text
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


def write_baseline(path: str, findings: list[Finding], inputs=()) -> None:
    """Record ``findings`` in a new baseline file at ``path``, by :func:`qdoc.outputs.write_file`'s rules."""
    from ..outputs import write_file

    entries = sorted(
        ({"code": c, "path": p, "message": m} for c, p, m in map(_key, findings)),
        key=lambda e: (e["path"], e["code"], e["message"]),
    )
    write_file(path, json.dumps({"qdoc_baseline": 1, "findings": entries}, indent=1, sort_keys=True) + "\n", inputs)


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message starts with its path."""


#: Larger baselines are refused before they are read whole: the limit of any input.
MAX_BASELINE_BYTES = MAX_INPUT_BYTES


def read_baseline(path: str) -> Counter:
    """The findings a baseline records; :class:`BaselineError` for any file that is not one.

    The file is read as any input is (:func:`qdoc.source.read_text`): a FIFO,
    a device such as ``/dev/zero`` or a directory is refused before it is
    opened, a larger file than :data:`MAX_BASELINE_BYTES` before it is read
    whole, and invalid UTF-8 is located.  Its JSON must be the shape
    :func:`write_baseline` writes, strings being text (no lone surrogates).
    """
    if os.path.isfile(path) and os.path.getsize(path) > MAX_BASELINE_BYTES:
        raise BaselineError(f"{path}: larger than {MAX_BASELINE_BYTES // 2**20} MB: too large for a baseline; not read")
    try:
        data = json.loads(read_text(path))
    except InputError as exc:
        location = exc.diagnostic.location
        where = f"{path}:{location.line}" if location and location.line else path
        raise BaselineError(f"{where}: {exc.diagnostic.message}") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a qdoc baseline file: JSON nested too deeply") from None
    except ValueError as exc:  # json.JSONDecodeError, and integers over Python's digit limit
        raise BaselineError(f"{path}: not JSON: {exc}") from None
    except OSError as exc:
        raise BaselineError(f"{path}: {exc.strerror or exc}") from None
    return Counter(_baseline_entries(path, data))


_FIELDS = ("code", "path", "message")


def _baseline_entries(path: str, data: object):
    """The ``(code, path, message)`` of each recorded finding; :class:`BaselineError` for any other shape."""
    if not isinstance(data, dict) or data.get("qdoc_baseline") != 1 or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)")
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _FIELDS):
            raise BaselineError(f"{path}: findings[{index}] is not a finding (an object with code, path and message strings)")
        for key in _FIELDS:
            try:
                entry[key].encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = entry[key][exc.start]
                raise BaselineError(f"{path}: findings[{index}].{key} holds a lone surrogate (\\u{ord(bad):04x}): not text") from None
        yield entry["code"], os.path.normpath(entry["path"]), entry["message"]


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
