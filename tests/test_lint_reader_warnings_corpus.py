"""QD001 (reader warnings passed through) on the real corpus equals what independent scans find.

QD001 hands on every reader diagnostic of severity warning that no other
rule covers.  For the diagnostics a reader can raise on QEMU's files and
that have a definition of their own outside the reader, the expected
findings are computed here from the files with regular expressions and
docutils, never with qdoc's readers, and lint of every release must report
exactly those, each at its line and with its reader code:

- ``texinfo-bracket-in-braces``: an ``@option{...}`` whose text has a
  bracket that does not balance (``[@option{-h]}``: the ``]`` belongs after
  the brace);
- ``hx-markups-disagree``: in a file documented in both markups (the
  4.2.50 transition tree), a STEXI term whose synopsis no SRST term of the
  same entry gives, or whose nested items (sub-options) name other keys
  than that SRST term's nested terms;
- ``hx-def-flags``: a DEF whose flags are neither ``HAS_ARG``, ``1`` nor ``0``;
- ``hx-duplicate-def``: a DEF name defined twice in one .hx.

The equality also says that no other reader warning occurs on the corpus.
Reader codes that cannot be scanned independently, and why:

- resource limits (``hx-table-budget``, ``hx-if-too-deep``, ``rst-too-deep``,
  ``rst-block-too-long``, ``html-too-deep``, ``man-too-deep``,
  ``texinfo-too-deep``, ``texinfo-include-depth``/``-count``, ``rst-long-runs``):
  they are qdoc's own budgets, not a property of the file;
- reader-shaped judgements (``hx-stray-text``, ``hx-orphan-item``,
  ``hx-doc-structure``, ``texinfo-text-before-item``, ``rst-other-section``,
  ``html-collapsed-lines``, ``html-not-sphinx``, ``*-no-options``): "text
  outside any item" or "not an options page" is defined by how the reader
  splits a page into items; a scan would be a second copy of the reader;
- ``html-orphan-item``, ``man-orphan-item`` (a built page's item naming no
  option: 7.2's ``sgx-epc.0.memdev=...`` in debian-7.2's qemu-manpage.html
  and qemu-system.1, information as copies of the .hx's defect): which built
  pages count as the options list is the reader's choice (invocation.html
  repeats qemu-manpage.html's list and is not read as one), so a scan would
  have to copy that choice; not a release's sources, which are scanned here;
- ``ocr-*``: about the OCR pipeline's repairs of its own recognised text;
- ``qmp-*``: none of the corpus replies is malformed, and the reply's shape is
  JSON the test would read with the same ``json`` module;
- the block and ``#if`` structure codes (``hx-unclosed-block``,
  ``hx-unmatched-end``, ``hx-unmatched-endif``, ``hx-unclosed-if``,
  ``texinfo-unclosed``) are input errors (exit 2), not QD001 findings: that
  every release's blocks close is asserted below by the same kind of scan,
  with lint exiting 0 or 1.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from conftest import CORPUS, QEMU, RELEASES, run_qdoc
from test_lint_checks_corpus import _rst_inline_text, rel, srst_terms, texi_text

_READER_CODE_RE = re.compile(r"\[([a-z]+(?:-[a-z]+)+)\]")


@lru_cache(maxsize=1)
def reader_warnings() -> set[tuple[str, int, str]]:
    """(file, line, reader code) of every QD001 finding of lint over every release."""
    result = run_qdoc(
        "lint", *[f"qemu/{r}" for r in RELEASES], "--select", "QD001", "--severity", "info", "--format", "json", cwd=CORPUS
    )
    assert result.returncode in (0, 1), result.stderr
    found = set()
    for finding in json.loads(result.stdout):
        assert finding["code"] == "QD001"
        code = _READER_CODE_RE.findall(finding["message"])[-1]
        found.add((finding["location"]["path"], finding["location"]["line"], code))
    return found


# -- texinfo: @option{...} holding half a bracket pair ----------------------------------

_OPTION_RE = re.compile(r"@option\{([^{}]*)\}")


def brackets_in_braces(path: Path) -> set[tuple[str, int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(errors="replace").split("\n"), 1):
        for text in _OPTION_RE.findall(line):
            if text.count("[") != text.count("]"):
                found.add((rel(path), number, "texinfo-bracket-in-braces"))
    return found


# -- .hx: DEF flags and duplicate DEFs --------------------------------------------------

_DEF_RE = re.compile(r'^DEF\("([^"]+)",\s*([^,]+),', re.M)


def def_problems(path: Path) -> set[tuple[str, int, str]]:
    text = path.read_text()
    found, seen = set(), set()
    for m in _DEF_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group(2).strip() not in ("HAS_ARG", "1", "0"):
            found.add((rel(path), line, "hx-def-flags"))
        if m.group(1) in seen:
            found.add((rel(path), line, "hx-duplicate-def"))
        seen.add(m.group(1))
    return found


# -- .hx of both markups: the STEXI terms against the SRST ones --------------------------

_ENTRY_RE = re.compile(r'^DEF\("([^"]+)"|^\s+\.name\s*=\s*"([^"|]+)')
_TABLES = {"table": "table", "ftable": "table", "vtable": "table", "itemize": "list", "enumerate": "list",
           "multitable": "multitable"}


def key_of(term: str, entry: str) -> str:
    """The key a nested term names: ``ipv4`` of ``ipv4=on|off;``, ``0x14`` of ``-echr 0x14`` under -echr."""
    words = term.split()
    if len(words) > 1 and words[0] == entry:
        words = words[1:]
    return re.match(r"[^\s=;,]*", words[0]).group(0) if words else ""


def hx_entries(text: str) -> list[dict]:
    """Each DEF or HMP command with its STEXI and SRST items: their terms (line, shown text) and nested keys.

    STEXI items are the ``@item``/``@itemx`` of the outermost ``@table``
    (open across blocks); its nested ``@table``'s ``@item`` are the nested
    keys.  SRST items are the unindented definition-list terms (joined by
    ``\\``), their nested terms the least indented ones under them.
    """
    lines = text.split("\n")
    entries: list[dict] = []
    entry, environments, block = None, [], None
    for number, line in enumerate(lines, 1):
        m = _ENTRY_RE.match(line)
        if m and block is None:
            entry = {"name": "-" + m.group(1) if m.group(1) else m.group(2), "start": number, "STEXI": [], "SRST": []}
            entries.append(entry)
        elif line.startswith(("STEXI", "SRST")):
            block = "STEXI" if line.startswith("STEXI") else "SRST"
        elif line.startswith(("ETEXI", "ERST")):
            block = None
        elif block == "STEXI":
            opening = re.match(r"@(\w+)", line)
            closing = re.match(r"@end (\w+)", line)
            item = re.match(r"@(itemx?) (.*)", line)
            if opening and opening.group(1) in _TABLES:
                environments.append(_TABLES[opening.group(1)])
            elif closing and environments and _TABLES.get(closing.group(1)) == environments[-1]:
                environments.pop()
            elif item and entry is not None and environments and environments[-1] == "table":
                depth = environments.count("table")
                if depth == 1 and item.group(1) == "itemx" and entry["STEXI"]:
                    entry["STEXI"][-1]["terms"].append((number, texi_text(item.group(2))))
                elif depth == 1:
                    entry["STEXI"].append({"terms": [(number, texi_text(item.group(2)))], "keys": set()})
                elif depth == 2 and entry["STEXI"] and item.group(1) == "item":
                    entry["STEXI"][-1]["keys"].add(key_of(texi_text(item.group(2)), entry["name"]))
    for number, raw in srst_terms(text):
        owners = [e for e in entries if e["start"] < number]
        if not owners:
            continue
        entry = owners[-1]
        indent = len(raw) - len(raw.lstrip())
        term = _rst_inline_text(raw.strip())
        continued = lines[number - 2].strip() == "\\"
        if indent == 0 and continued and entry["SRST"]:
            entry["SRST"][-1]["terms"].append((number, term))
        elif indent == 0:
            entry["SRST"].append({"terms": [(number, term)], "keys": set(), "indent": None})
        elif entry["SRST"] and not continued:
            item = entry["SRST"][-1]
            item["indent"] = item["indent"] or indent
            if indent == item["indent"]:
                item["keys"].add(key_of(term, entry["name"]))
    return entries


def markups_disagree(path: Path) -> set[tuple[str, int, str]]:
    text = path.read_text()
    if not re.search(r"^STEXI\s*$", text, re.M) or not re.search(r"^SRST\s*$", text, re.M):
        return set()
    found = set()
    for entry in hx_entries(text):
        if not entry["STEXI"] and not entry["SRST"]:
            continue
        if not entry["STEXI"] or not entry["SRST"]:  # documented in one markup only
            found.add((rel(path), (entry["STEXI"] or entry["SRST"])[0]["terms"][0][0], "hx-markups-disagree"))
            continue
        unmatched = [(term, item["keys"]) for item in entry["SRST"] for _, term in item["terms"]]
        for item in entry["STEXI"]:
            for line, term in item["terms"]:
                match = next((m for m in unmatched if m[0] == term), None)
                if match is None or match[1] != item["keys"]:
                    found.add((rel(path), line, "hx-markups-disagree"))
                if match is not None:
                    unmatched.remove(match)
        for term, _ in unmatched:  # an SRST synopsis the STEXI block lacks
            found.add((rel(path), next(n for i in entry["SRST"] for n, t in i["terms"] if t == term), "hx-markups-disagree"))
    return found


def blocks_close(path: Path) -> bool:
    """Every SRST/STEXI opened is closed by its own end marker before another block opens."""
    open_block = None
    for line in path.read_text().split("\n"):
        marker = re.match(r"(SRST|ERST|STEXI|ETEXI)(?:\([\w-]+\))?\s*$", line)  # SRST(initrd): a labelled block
        if not marker:
            continue
        word = marker.group(1)
        if word in ("SRST", "STEXI"):
            if open_block:
                return False
            open_block = word
        elif open_block != {"ERST": "SRST", "ETEXI": "STEXI"}[word]:
            return False
        else:
            open_block = None
    return open_block is None


# -- the test ------------------------------------------------------------------------


def test_qd001_equals_the_reader_warnings_an_independent_scan_finds():
    expected: set[tuple[str, int, str]] = set()
    for release in RELEASES:
        root = QEMU / release
        for texi in sorted(root.glob("*.texi")):
            expected |= brackets_in_braces(texi)
        for hx in sorted(root.glob("*.hx")):
            assert blocks_close(hx), hx
            if hx.name != "qemu-img-cmds.hx":  # DEF("name", img_function, "synopsis"): a subcommand has no flags
                expected |= def_problems(hx)
            expected |= markups_disagree(hx)
    # Facts of QEMU's files, so that the scan is known to see them.
    assert ("qemu/4.2.0/qemu-doc.texi", 2684, "texinfo-bracket-in-braces") in expected  # [@option{-h]}
    assert ("qemu/4.2.50-transition/hmp-commands.hx", 680, "hx-markups-disagree") in expected  # xp's count, format, size
    assert ("qemu/4.2.50-transition/qemu-options.hx", 7146, "hx-markups-disagree") in expected  # -echr 0x14
    assert reader_warnings() == expected
