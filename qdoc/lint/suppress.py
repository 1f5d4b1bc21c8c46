"""Silencing findings on purpose: inline comments and a baseline.

Inline: ``HXCOMM qdoc: ignore QD101`` in an .hx file, ``.. qdoc: ignore
QD401`` in rST, or ``<!-- qdoc: ignore QD401 -->`` in HTML, silences those
codes on the comment's line and what follows it:

* in an .hx file, before a ``DEF(`` (HXCOMM lines, preprocessor lines and
  blank lines may come between): that DEF only, its call and its SRST or
  STEXI documentation, up to the next ``DEF(``, ``DEFHEADING(`` or
  ``ARCHHEADING(``; the DEFs around it are not silenced;
* elsewhere, the paragraph that follows the comment (in rST, the heading
  or paragraph after the comment's blank line).

``qdoc: ignore-file CODE`` silences them in the whole file.

Baseline (the ratchet large doc sets use): a file recording today's
findings; later runs report only findings not in it.  Findings are matched
by code, file and message, not line, so edits elsewhere in a file do not
resurrect recorded findings; each recorded finding absorbs one occurrence.
Which occurrence is the new one, when a message repeats (the same leaked
``@var{ms}`` on several lines), is told by the source line each was
recorded on (``context``, its text): a recorded finding absorbs an
occurrence on a line of the same text first, and only then the nearest
remaining one, so a new occurrence is reported at its own line.
"""

from __future__ import annotations

import json
import os
import re

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
        codes = set(m.group(2).replace(",", " ").split())
        if m.group(1) == "ignore-file":
            whole |= codes
            continue
        # The comment's own line, then the DEF it precedes, else the next
        # paragraph after it (blank lines between the comment and that
        # paragraph are skipped: rST wants one before a heading).
        by_line.setdefault(index + 1, set()).update(codes)
        if stripped.startswith("HXCOMM"):
            scope = _def_scope(lines, index + 1)
            if scope is not None:
                for number in range(scope[0], scope[1] + 1):
                    by_line.setdefault(number, set()).update(codes)
                continue
        number = index + 2
        while number <= len(lines) and not lines[number - 1].strip():
            number += 1
        while number <= len(lines) and lines[number - 1].strip():
            by_line.setdefault(number, set()).update(codes)
            number += 1
    return by_line, whole


_DEF_STARTS = ("DEF(", "DEFHEADING(", "ARCHHEADING(")


def _def_scope(lines: list[str], after: int) -> tuple[int, int] | None:
    """The 1-based first and last line of the DEF that follows line index ``after``, or None when no DEF follows.

    HXCOMM lines, preprocessor lines (``#ifdef CONFIG_SPICE``) and blank
    lines may stand between the comment and the DEF; the DEF's lines run to
    the line before the next DEF, DEFHEADING or ARCHHEADING.
    """
    index = after
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith(("HXCOMM", "#"))):
        index += 1
    if index >= len(lines) or not lines[index].startswith("DEF("):
        return None
    end = index + 1
    while end < len(lines) and not lines[end].startswith(_DEF_STARTS):
        end += 1
    return index + 1, end


def apply_inline(findings: list[Finding], texts: dict[str, str]) -> list[Finding]:
    """Drop findings silenced by comments in the files they point at.

    A comment's code silences that code, and a shorter one every code it
    starts (``QD1``: QD101 to QD199), as ``--ignore`` reads them.  Each
    file holding a finding is scanned for comments once.
    """
    paths = {finding.location.path for finding in findings if finding.location is not None}
    silenced = {path: inline_suppressions(texts[path]) for path in paths & texts.keys()}
    kept = []
    for finding in findings:
        location = finding.location
        if location is not None and location.path in silenced:
            by_line, whole = silenced[location.path]
            if any(finding.code.startswith(code) for code in by_line.get(location.line, set()) | whole):
                continue
        kept.append(finding)
    return kept


def _key(finding: Finding) -> tuple[str, str, str]:
    path = finding.location.path if finding.location else ""
    return finding.code, os.path.normpath(path), finding.message


class _Contexts:
    """The text of the source line each finding is on (stripped), read from disk once per file."""

    def __init__(self):
        self._lines: dict[str, list[str]] = {}

    def __call__(self, finding: Finding) -> str | None:
        location = finding.location
        if location is None or not location.line:
            return None
        if location.path not in self._lines:
            self._lines[location.path] = _source_lines(location.path)
        lines = self._lines[location.path]
        return lines[location.line - 1].strip() if location.line <= len(lines) else None


def _source_lines(path: str) -> list[str]:
    """The lines of the file at ``path``; none when it cannot be read (a finding's file since removed)."""
    try:
        return read_text(path).split("\n")
    except InputError:  # read_text reports every failure to read as one
        return []


def write_baseline(path: str, findings: list[Finding], inputs=()) -> None:
    """Record ``findings`` in a new baseline file at ``path``, by :func:`qdoc.outputs.write_file`'s rules.

    Each entry is the finding's code, path and message, which match it, and
    its line and the line's text (``context``), which tell a new occurrence
    of the same message from a recorded one.
    """
    from ..outputs import write_file

    context = _Contexts()
    entries = []
    for finding in findings:
        code, where, message = _key(finding)
        entry = {"code": code, "path": where, "message": message}
        if finding.location is not None and finding.location.line:
            entry["line"] = finding.location.line
            text = context(finding)
            if text is not None:
                entry["context"] = text
        entries.append(entry)
    entries.sort(key=lambda e: (e["path"], e["code"], e["message"], e.get("line", 0)))
    write_file(path, json.dumps({"qdoc_baseline": 1, "findings": entries}, indent=1, sort_keys=True) + "\n", inputs)


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message starts with its path."""


#: Larger baselines are refused before they are read whole: the limit of any input.
MAX_BASELINE_BYTES = MAX_INPUT_BYTES


def read_baseline(path: str) -> list[dict]:
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
    return list(_baseline_entries(path, data))


_FIELDS = ("code", "path", "message")


def _baseline_entries(path: str, data: object):
    """Each recorded finding: ``key`` ``(code, path, message)``, and its ``line`` and ``context`` when recorded.

    :class:`BaselineError` for any other shape.  Baselines written before
    lines were recorded hold the key only, and still match.
    """
    if not isinstance(data, dict) or data.get("qdoc_baseline") != 1 or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a qdoc baseline file (an object with qdoc_baseline 1 and a findings list)")
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _FIELDS):
            raise BaselineError(f"{path}: findings[{index}] is not a finding (an object with code, path and message strings)")
        for key in _FIELDS:
            try:
                entry[key].encode()  # UTF-8
            except UnicodeEncodeError as exc:
                bad = entry[key][exc.start]
                raise BaselineError(f"{path}: findings[{index}].{key} holds a lone surrogate (\\u{ord(bad):04x}): not text") from None
        line = entry.get("line")
        context = entry.get("context")
        yield {
            "key": (entry["code"], os.path.normpath(entry["path"]), entry["message"]),
            "line": line if isinstance(line, int) and not isinstance(line, bool) else None,
            "context": context if isinstance(context, str) else None,
        }


def apply_baseline(findings: list[Finding], baseline) -> list[Finding]:
    """Findings not accounted for by the baseline (each entry absorbs one).

    ``baseline`` is :func:`read_baseline`'s list.  Among findings of one
    key, a recorded entry absorbs one on a line of its recorded text first,
    then the one nearest its recorded line: the findings left are the new
    occurrences, each at its own line.
    """
    recorded: dict[tuple, list[dict]] = {}
    for entry in baseline:
        recorded.setdefault(entry["key"], []).append(entry)
    groups: dict[tuple, list[int]] = {}
    for index, finding in enumerate(findings):
        if _key(finding) in recorded:
            groups.setdefault(_key(finding), []).append(index)
    absorbed: set[int] = set()
    context = _Contexts()
    for key, indexes in groups.items():
        entries = list(recorded[key])
        left = list(indexes)
        for entry in [e for e in entries if e["context"] is not None]:
            same = [i for i in left if context(findings[i]) == entry["context"]]
            if same:
                chosen = min(same, key=lambda i: abs(_line(findings[i]) - (entry["line"] or 0)))
                left.remove(chosen)
                absorbed.add(chosen)
                entries.remove(entry)
        for entry in entries[: len(left)]:  # the entries left over, if any, record findings fixed since
            chosen = min(left, key=lambda i: abs(_line(findings[i]) - entry["line"])) if entry["line"] else left[0]
            left.remove(chosen)
            absorbed.add(chosen)
    return [f for i, f in enumerate(findings) if i not in absorbed]


def _line(finding: Finding) -> int:
    return finding.location.line if finding.location is not None else 0


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
