"""``qdoc man`` and the Sphinx extension on hostile .hx and rST: linear time, or a located error.

Sphinx parses the rST qdoc generates (``qemu:options``, ``hxtool-doc``) with
docutils' own inliner, and writes man pages through its own transforms; both
had searches and moves whose cost grew with the square of hostile input.
Growth is measured in-process (Sphinx loaded once), n against 8n, best of
two; a quadratic cost makes the ratio near 64, a linear one near 8.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document

from conftest import ROOT, run_qdoc
from qdoc.cli import main
from qdoc.loader import load
from qdoc.readers.binary import qmp_json
from qdoc.sphinx.man_inline import flatten_fonts

#: An .hx with one option whose SRST block ends with ``body`` (line 9).
SRST_HX = '''DEFHEADING(Standard options:)

DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit

    {body}
ERST
'''

#: A QEMU 2.12-style .hx: the option documented in texinfo, ``synopsis`` on its ``@item`` line.
STEXI_HX = '''DEFHEADING(Standard options:)
STEXI
@table @option
ETEXI

DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
STEXI
@item -h {synopsis}
@findex -h
Display help and exit
ETEXI

STEXI
@end table
ETEXI
'''

LONG_RUN_LINE = 9


def _man_seconds(tmp_path: Path, name: str, text: str) -> float:
    """Best of two in-process ``qdoc man`` runs of ``text``; the page must be written."""
    hx = tmp_path / f"{name}.hx"
    hx.write_text(text, encoding="utf-8")
    best = float("inf")
    for attempt in range(2):
        out = tmp_path / "build" / f"{name}-out{attempt}"  # build/: outside the tree walk
        start = time.perf_counter()
        assert main(["man", str(hx), "-o", str(out)]) == 0
        best = min(best, time.perf_counter() - start)
        assert (out / "qemu.1").is_file()
    return best


def test_a_long_synopsis_is_written_in_linear_time(tmp_path):
    # Thousands of placeholders in one texinfo synopsis, a 60-character word making the
    # term ragged: Sphinx's man writer moved its styled pieces one by one (n squared).
    def make(n: int) -> str:
        return STEXI_HX.format(synopsis="@var{ " * n + "x" * 60)

    _man_seconds(tmp_path, "warm", make(1))  # Sphinx and its extensions imported
    small = _man_seconds(tmp_path, "small", make(1_500))
    large = _man_seconds(tmp_path, "large", make(16 * 1_500))
    # The bound: at most 20 times the time for 16 times the input (quadratic: 256).
    assert large < 20 * small + 0.5, (small, large)


def _sphinx_flattened(tree):
    from sphinx.writers.manpage import NestedInlineTransform

    document = new_document("<test>")
    document += tree
    NestedInlineTransform(document).apply()
    return document


def _random_inline_tree(rnd: random.Random, depth: int = 0):
    kinds = [nodes.strong, nodes.emphasis, nodes.literal, nodes.inline, nodes.paragraph]
    node = rnd.choice(kinds if depth else kinds[-1:])(classes=[f"c{rnd.randint(0, 3)}"])
    for _ in range(rnd.randint(0, 4 if depth < 4 else 0)):
        if rnd.random() < 0.35:
            node += nodes.Text(rnd.choice("abc"))
        else:
            node += _random_inline_tree(rnd, depth + 1)
    return node


def test_nested_fonts_are_flattened_as_sphinx_does_in_linear_time():
    rnd = random.Random(7)
    for _ in range(2_000):
        tree = _random_inline_tree(rnd)
        expected = _sphinx_flattened(tree.deepcopy()).pformat()
        document = new_document("<test>")
        document += tree
        flatten_fonts(document)
        assert document.pformat() == expected
    # One bold run of 40,000 pieces: Sphinx moves them one by one, each move a scan of the list.
    wide = nodes.paragraph("", "", nodes.strong("", "", *[nodes.emphasis("x", "x") for _ in range(40_000)]))
    document = new_document("<test>")
    document += wide
    start = time.perf_counter()
    flatten_fonts(document)
    assert time.perf_counter() - start < 2.0
    assert len(wide) == 40_000


class _ScanCounter:
    """Stands for one of docutils' end-string patterns, counting the characters searched."""

    scanned = 0

    def __init__(self, pattern):
        self.pattern = pattern

    def search(self, text, pos=0, *rest):
        _ScanCounter.scanned += len(text) - pos
        return self.pattern.search(text, pos, *rest)

    def match(self, text, pos=0, *rest):
        _ScanCounter.scanned += 1
        return self.pattern.match(text, pos, *rest)

    def __getattr__(self, name):
        return getattr(self.pattern, name)


def test_missing_end_strings_in_an_srst_block_are_searched_in_linear_time(tmp_path, monkeypatch):
    # For each ``*`` docutils searches the rest of the block for its end, and finds none:
    # the characters searched grow with the square of the block unless the searches are remembered.
    from docutils.parsers.rst import states

    set_up = states.Inliner.init_customizations

    def counting(self, settings):
        set_up(self, settings)
        self.patterns.emphasis = _ScanCounter(self.patterns.emphasis)

    monkeypatch.setattr(states.Inliner, "init_customizations", counting)

    def scanned(n: int) -> int:
        hx = tmp_path / f"stars{n}.hx"
        hx.write_text(SRST_HX.format(body="*a " * n), encoding="utf-8")
        _ScanCounter.scanned = 0
        assert main(["man", str(hx), "-o", str(tmp_path / "build" / f"out{n}")]) == 0
        return _ScanCounter.scanned

    small, large = scanned(300), scanned(2_400)
    assert small > 0 and large < 12 * small, (small, large)  # linear: about 8 times; quadratic: 64


def test_a_long_run_in_an_srst_block_is_an_error_at_the_hx_line(tmp_path):
    hx = tmp_path / "hostile.hx"
    hx.write_text(SRST_HX.format(body="a-" * 8_000), encoding="utf-8")  # 16,000 characters, no space
    out = tmp_path / "build" / "man"  # build/: outside the tree walk
    start = time.perf_counter()
    result = run_qdoc("man", str(hx), "-o", str(out))
    assert time.perf_counter() - start < 30
    assert result.returncode == 2, result.stderr
    assert f"{hx}:{LONG_RUN_LINE}: text block with runs of more than 100 characters" in result.stderr
    assert "[rst-long-runs]" in result.stderr and "Traceback" not in result.stderr
    assert not (out / "qemu.1").exists()


@pytest.mark.parametrize("body", ["x" + "{" * 600_000, "a-" * 30_000], ids=["braces", "dashes"])
def test_huge_runs_are_refused_quickly(tmp_path, body):
    hx = tmp_path / "hostile.hx"
    hx.write_text(SRST_HX.format(body=body), encoding="utf-8")
    start = time.perf_counter()
    result = run_qdoc("man", str(hx), "-o", str(tmp_path / "build" / "man"))
    assert time.perf_counter() - start < 20
    assert result.returncode == 2 and f"{hx}:{LONG_RUN_LINE}:" in result.stderr and "[rst-long-runs]" in result.stderr


def test_hxtool_doc_in_a_sphinx_build_reports_a_long_run_at_the_hx_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "hostile.hx").write_text(SRST_HX.format(body="a-" * 8_000), encoding="utf-8")
    (src / "conf.py").write_text("extensions = ['qdoc.sphinx']\nqdoc_lint = False\nqdoc_source_root = '.'\n",
                                 encoding="utf-8")
    # hxtool_srctree defaults to the parent of conf.py's folder, as in QEMU.
    (src / "index.rst").write_text("Index\n=====\n\n.. hxtool-doc:: src/hostile.hx\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", "text", "-q", str(src), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert time.perf_counter() - start < 30
    assert re.search(rf"hostile\.hx:{LONG_RUN_LINE}: ERROR: text block with runs of more than 100", result.stderr), result.stderr


def test_included_rst_is_charged_to_the_long_run_budget(tmp_path):
    (tmp_path / "q.hx").write_text('DEF("foo", 0, QEMU_OPTION_foo, "-foo   do foo\\n", QEMU_ARCH_ALL)\n', encoding="utf-8")
    included = tmp_path / "runs.rst.inc"
    # Each block (a 2,500-character run) is under the block-size guard and within the
    # page's budget (4,000 squared); the third and fourth are past what is left of it.
    included.write_text("Intro.\n\n" + ("a-" * 1_250 + "\n\n") * 4 + "End.\n", encoding="utf-8")
    page = tmp_path / "page.rst"
    page.write_text("Page\n====\n\n.. include:: runs.rst.inc\n\n.. hxtool-doc:: q.hx\n", encoding="utf-8")
    model = load(str(page))
    assert [(d.code, d.location.path, d.location.line) for d in model.errors] == [
        ("rst-long-runs", str(included), 7), ("rst-long-runs", str(included), 9)]


#: QMP JSON's string token as first written: what the linear scan must find, token for token.
_REFERENCE_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def test_qmp_json_tokens_are_those_of_the_plain_expression():
    rnd = random.Random(18)
    alphabet = '"\\\n[]{}0123-.eEa u'
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        assert [(m.start(), m.group()) for m in qmp_json.tokens(text)] == \
            [(m.start(), m.group()) for m in _REFERENCE_TOKEN_RE.finditer(text)], repr(text)


def test_qmp_json_scan_of_an_unterminated_string_is_linear():
    # ``"\"\"\"...`` never ends: each escaped quote was retried as a string start.
    start = time.perf_counter()
    qmp_json.check_tokens('"' + '\\"' * 40_000)
    assert time.perf_counter() - start < 1.0
