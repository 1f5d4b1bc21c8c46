"""Input the decoders accept but qdoc could not use: located errors (exit 2), never "internal error".

- QMP JSON (the ``query-command-line-options`` reply): an integer longer
  than Python converts (``ValueError`` from ``int``), a ``\\u`` escape of a
  lone surrogate (a string no output can encode).  A surrogate *pair* and an
  escaped backslash before ``u`` are text, read faithfully.
- rST nested deeper than docutils' recursion allows (block quotes, list
  items): the line of the block where it gave up, in a page and in an .hx
  file's SRST block rendered by ``qdoc man``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CORPUS, QEMU, run_qdoc

QMP_SEED = CORPUS / "debian-7.2" / "binary" / "query-command-line-options.json"


def _assert_located_error(result, path: Path, line: int | range, text: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    m = re.match(rf"{re.escape(str(path))}:(\d+)(?::\d+)?: (.*)", result.stderr)
    assert m, result.stderr
    assert int(m.group(1)) in (line if isinstance(line, range) else [line]), result.stderr
    assert text in m.group(2), result.stderr


def _seed_with(tmp_path: Path, marker: str, replacement: str) -> tuple[Path, int]:
    """The saved reply with the first line containing ``marker`` changed; the file and that line."""
    lines = QMP_SEED.read_text().split("\n")
    index = next(i for i, line in enumerate(lines) if marker in line)
    lines[index] = lines[index].replace(marker, replacement)
    path = tmp_path / "query-command-line-options.json"
    path.write_text("\n".join(lines))
    return path, index + 1


QMP_CASES = {
    # "type": "string" -> "type": 999...9 (5000 digits): json's int() raises ValueError.
    "huge-integer": ('"type": "string"', '"type": ' + "9" * 5000, "an integer of 5000 digits"),
    "lone-high-surrogate": ('"help": "', '"help": "\\ud800', "lone surrogate \\ud800"),
    "lone-low-surrogate": ('"name": "', '"name": "\\udc00x', "lone surrogate \\udc00"),
    "reversed-pair": ('"help": "', '"help": "\\ude00\\ud83d', "lone surrogate \\ude00"),
}


@pytest.mark.parametrize("case", sorted(QMP_CASES))
def test_qmp_json_the_decoder_takes_but_qdoc_cannot_use_is_a_located_error(tmp_path, case):
    marker, replacement, message = QMP_CASES[case]
    path, line = _seed_with(tmp_path, marker, replacement)
    model = tmp_path / "model.json"
    _assert_located_error(run_qdoc("parse", str(path), "--from", "qmp", "-o", str(model)), path, line, message)
    assert not model.exists()
    _assert_located_error(run_qdoc("parse", str(path), "--format", "table"), path, line, message)
    _assert_located_error(run_qdoc("lint", str(path)), path, line, message)


def test_qmp_json_text_that_only_looks_like_a_surrogate_or_a_long_number_is_read_faithfully(tmp_path):
    """A surrogate pair is one character; ``\\\\ud800`` is a backslash and text; digits in a string are text.

    With them, the huge integer of the case above must still be refused
    (so that this is not a test of a reader that accepts everything).
    """
    digits = "7" * 5000
    path, _ = _seed_with(tmp_path, '"name": "loadparm"', f'"name": "loadparm\\ud83d\\ude00\\\\ud800{digits}"')
    result = run_qdoc("parse", str(path), "--from", "qmp")
    assert result.returncode == 0, result.stderr
    names = {s["name"] for o in json.loads(result.stdout)["options"] for s in o["suboptions"]}
    assert f"loadparm\U0001F600\\ud800{digits}" in names
    lines = path.read_text().split("\n")
    line = next(i for i, text in enumerate(lines) if '"type": "string"' in text)
    lines[line] = lines[line].replace('"type": "string"', '"type": ' + digits)
    path.write_text("\n".join(lines))
    _assert_located_error(run_qdoc("parse", str(path), "--from", "qmp"), path, line + 1, "an integer of 5000 digits")


# --- rST nesting -------------------------------------------------------------------------------


def _nested_quotes(levels: int, indent: str = "") -> list[str]:
    lines = []
    for level in range(levels):
        lines += [indent + " " * level + f"quote {level}", ""]
    return lines


def _nested_items(levels: int, indent: str = "") -> list[str]:
    lines = []
    for level in range(levels):
        lines += [indent + "  " * level + f"- item {level}", ""]
    return lines


@pytest.mark.parametrize("nesting", [_nested_quotes, _nested_items])
def test_rst_nested_too_deeply_is_reported_at_its_line(tmp_path, nesting):
    """A deprecation list with 400 levels of blocks: docutils runs out of stack somewhere inside them."""
    seed = (QEMU / "7.2.0" / "docs" / "about" / "deprecated.rst").read_text().split("\n")
    head = seed[:60]
    page = tmp_path / "deprecated.rst"
    page.write_text("\n".join(head + nesting(400) + seed[60:]))
    nested = range(len(head) + 1, len(head) + 2 * 400 + 1)
    for args in (["parse", str(page), "-o", str(tmp_path / "model.json")], ["lint", str(page)]):
        _assert_located_error(run_qdoc(*args), page, nested, "rST blocks nested too deeply to parse")
    assert not (tmp_path / "model.json").exists()


def test_rst_nested_too_deeply_in_an_hx_srst_block_is_reported_by_qdoc_man_at_the_hx_line(tmp_path):
    hx = tmp_path / "qemu-options.hx"
    head = [
        'DEF("x", 0, QEMU_OPTION_x, "-x  the x\\n", QEMU_ARCH_ALL)',
        "SRST",
        "``-x``",
        "  The x.",
        "",
    ]
    hx.write_text("\n".join(head + _nested_quotes(400, indent="  ") + ["ERST", ""]))
    nested = range(len(head) + 1, len(head) + 2 * 400 + 1)
    out = tmp_path / "build" / "man"  # build/: outside the tree walk
    _assert_located_error(run_qdoc("man", str(hx), "-o", str(out)), hx, nested, "rST blocks nested too deeply to parse")
    assert not out.exists() or not any(out.iterdir())
