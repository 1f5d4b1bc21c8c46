"""Hostile inputs take time in proportion to their size, and HTML too deep is an error, not a silent loss.

Each growth test reads an input built to defeat a parser at 1x and 8x its
base size (16x for rST, whose blocks are small) and checks the time ratio:
linear code takes about 8x, the quadratic rescans these tests guard against
took 64x and more (texinfo braces: 80,000 ``@var{`` in 114 s; an .hx line
of braces in 92 s; a block of unclosed rST markup in 2 s).  The bound, 20x
(40x for 16x), leaves room for a loaded machine on either side; each time
is the best of a few runs, qdoc's caches emptied before each.  Issue 18.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from pathlib import Path
from typing import Callable

from conftest import CORPUS, run_qdoc

from qdoc.readers.hx import read_hx
from qdoc.readers.rst import read_rst
from qdoc.readers.rst.parsing import MAX_RST_CHARS, parse
from qdoc.readers.rst.records import RecordsReader
from qdoc.readers.texinfo import read_texinfo

#: 8x the input may take at most 20x as long (linear: 8, quadratic: 64); 16x, 40x.
SLACK = 2.5


def _clear_caches() -> None:
    """Forget qdoc's memoised results (converted blocks, parsed synopses), so every run does the work."""
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "qdoc" or name.startswith("qdoc.")):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def _best_time(func: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        _clear_caches()
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def _assert_linear(build: Callable[[int], str], read: Callable[[str], object], base: int, factor: int = 8) -> None:
    """``read`` of ``build(factor * base)`` takes at most :data:`SLACK` x ``factor`` times as long as of ``build(base)``."""
    small, large = build(base), build(factor * base)
    read(small)  # warm up: imports and compiled patterns are not the input's cost
    ratio = _best_time(lambda: read(large)) / _best_time(lambda: read(small))
    assert ratio < SLACK * factor, f"{factor}x the input took {ratio:.0f}x the time"


def _texinfo_page(body: str) -> str:
    return f"\\input texinfo\n@setfilename t.info\n@node Top\n@top T\n\n{body}\n@bye\n"


def _read_texinfo(text: str) -> object:
    return read_texinfo(text, "t.texi")


def _hx_with_stexi(body: str) -> str:
    """An option documented as QEMU's STEXI blocks are (the ``@table`` opened by an earlier block)."""
    return (
        'DEF("foo", HAS_ARG, QEMU_OPTION_foo,\n    "-foo x\\n", QEMU_ARCH_ALL)\n'
        f"STEXI\n@item -foo x\n@findex -foo\n{body}\nETEXI\n"
    )


def test_runaway_braces_in_one_texinfo_paragraph_take_linear_time():
    # Every runaway brace is a problem placed on its line: counting the lines
    # before each one afresh was quadratic (80,000 took 6 s).
    _assert_linear(lambda n: _texinfo_page("@var{" * n), _read_texinfo, 5_000)


def test_runaway_braces_one_per_line_take_linear_time_and_keep_their_lines():
    _assert_linear(lambda n: _texinfo_page("@var{a\n" * n), _read_texinfo, 5_000)
    # \input, @setfilename, @node, @top and a blank line come first: the paragraph starts on line 6.
    text = _texinfo_page("Some @var{x} text,\n@code{y\nz} and a stray } here\n@var{open\n" + "@var{a\n" * 3)
    problems = [(d.code, d.location.line) for d in read_texinfo(text, "t.texi").diagnostics if d.code.startswith("texinfo-")]
    assert sorted(problems) == [("texinfo-brace", 8)] + [("texinfo-runaway-brace", line) for line in (9, 10, 11, 12)], problems


def test_deeply_nested_closed_texinfo_braces_take_linear_time():
    # The fast check peeled one level of braces per pass over the paragraph,
    # and the bracket check sliced every level's argument (80,000 took 114 s).
    _assert_linear(lambda n: _texinfo_page("@var{" * n + "x" + "}" * n), _read_texinfo, 3_000)


def test_braces_in_hx_stexi_text_take_linear_time():
    # The issue's .hx line of 600,000 braces (92 s) was the texinfo scan of an STEXI block.
    _assert_linear(lambda n: _hx_with_stexi("{" * n + "}" * n), lambda text: read_hx(text, "t.hx"), 3_000)


def _rst_block(markup: str, size: int) -> str:
    """A deprecation list whose one paragraph repeats ``markup`` over ``size`` characters (lines of 78)."""
    text = (markup * (size // len(markup) + 1))[:size]
    lines = [text[i : i + 78] for i in range(0, len(text), 78)]
    return "Deprecated features\n===================\n\nOld\n---\n\n" + "\n".join(lines) + "\n"


def test_unclosed_rst_inline_markup_in_one_block_takes_linear_time_and_reads_as_docutils_does():
    # docutils searched the rest of the block for the end of every start-string
    # it could not close: a 15,000-character block of them took 1.5-2 s.  At 16x
    # the block is 14,400 characters, under the block guard (16,000).
    for markup in ("*a ", "``a "):
        _assert_linear(lambda n: _rst_block(markup, n), lambda text: read_rst(text, "deprecated.rst"), 900, factor=16)

    # The remembered end-string searches give docutils' own results, node for node.
    from docutils.parsers import rst

    from qdoc.readers.rst import parsing as rst_parsing

    def plain_docutils(text: str):
        class Plain(rst.Parser):
            def __init__(self, inliner=None):
                super().__init__()

        rst_parsing.rst.Parser = Plain
        try:
            return parse(text, "x.rst")
        finally:
            rst_parsing.rst.Parser = rst.Parser

    pieces = ["*", "**", "`", "``", "|", "_", "_`", " ", "a", "\\", "\n", "\n\n", ":r:", "`_", "__", "<", ">", "(", ")", "-", "."]
    rng = random.Random(18)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 200))) for _ in range(300)]
    texts.append((CORPUS / "qemu" / "7.2.0" / "docs" / "about" / "deprecated.rst").read_text(encoding="utf-8"))
    for text in texts:
        ours, theirs = parse(text, "x.rst"), plain_docutils(text)
        assert ours.document.pformat() == theirs.document.pformat(), repr(text)
        assert ours.diagnostics == theirs.diagnostics, repr(text)


def test_unbroken_runs_past_the_page_budget_are_refused_not_searched_for_minutes():
    # docutils looks for a URI or an e-mail address from every '{' of a run
    # (an opener may start one), scanning the run each time: one line of
    # 9,000 took 2.4 s, and a page may hold dozens.
    blocks = ["Some text " + "{" * 6_000 for _ in range(10)]
    text = _rst_block("word ", 100) + "\n" + "\n\n".join(blocks) + "\n"
    first = text.count("\n", 0, text.index("{")) + 1
    start = time.perf_counter()
    option_set = read_rst(text, "deprecated.rst")
    elapsed = time.perf_counter() - start
    refused = [d.location.line for d in option_set.diagnostics if d.code == "rst-long-runs"]
    assert refused == [first + 2 * k for k in range(10)], option_set.diagnostics
    assert elapsed < 5, elapsed

    # Long runs within the budget are read as docutils reads them: a 300-character address is one.
    from docutils import nodes

    url = "https://example.org/" + "a" * 300
    document = parse(f"Title\n=====\n\nSee {url} here.\n", "x.rst").document
    assert [node["refuri"] for node in document.findall(nodes.reference)] == [url]


def test_bodies_of_many_list_sections_take_linear_time():
    # Each section's body ended at the next heading, found by scanning every heading.
    def sections_text(n: int) -> str:
        return "Deprecated features\n===================\n\n" + "".join(f"Feature {i}\n-----------\n\nText {i}.\n\n" for i in range(n))

    def reader_and_sections(n: int):
        text = sections_text(n)
        document = parse(text, "deprecated.rst").document
        reader = RecordsReader(document, text, "deprecated.rst", "deprecation")
        return reader, list(document.findall(lambda node: node.tagname == "section"))

    small, large = reader_and_sections(400), reader_and_sections(3_200)

    def bodies(reader_sections) -> None:
        reader, sections = reader_sections
        for section in sections:
            reader.body(section)

    ratio = _best_time(lambda: bodies(large), 5) / _best_time(lambda: bodies(small), 5)
    assert ratio < SLACK * 8, f"8x the sections took {ratio:.0f}x the time"


def test_an_rst_page_over_its_limit_is_refused_with_its_location(tmp_path: Path):
    # docutils reads about half a megabyte a second: a page at the general
    # input limit took half a minute, so rST pages have a limit of their own.
    page = tmp_path / "deprecated.rst"
    page.write_text(_rst_block("Some words of text. ", MAX_RST_CHARS + 1_000).replace("\n", "\n\n"), encoding="utf-8")
    output = tmp_path / "model.json"
    result = run_qdoc("parse", str(page), "-o", str(output))
    assert result.returncode == 2, result.stderr
    assert f"{page}:0: " in result.stderr and "[input-too-large]" in result.stderr, result.stderr
    assert not output.exists()


MANPAGE = CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"


def _manpage_with(insert: str, tmp_path: Path) -> tuple[Path, int]:
    """Debian's qemu-manpage.html with ``insert`` just before its first definition list, and that list's line."""
    page = MANPAGE.read_text(encoding="utf-8")
    at = page.index("<dl")
    path = tmp_path / "qemu-manpage.html"
    path.write_text(page[:at] + insert + page[at:], encoding="utf-8")
    return path, page.count("\n", 0, at) + 1


def test_html_nested_deeper_than_the_limit_is_an_error_not_a_silent_loss(tmp_path: Path):
    # libxml2 stops at 256 levels and returns what it read as the whole page:
    # every option after the deep point was lost with exit status 0.
    deep, line = _manpage_with("<div>" * 300, tmp_path)
    output = tmp_path / "model.json"
    result = run_qdoc("parse", str(deep), "-o", str(output))
    assert result.returncode == 2, result.stderr
    assert f"{deep}:{line}: " in result.stderr and "[html-too-deep]" in result.stderr, result.stderr
    assert not output.exists()

    # Nesting within the limit is read whole: every option of the page is there.
    original = run_qdoc("parse", "--format", "table", str(MANPAGE))
    nested, _ = _manpage_with("<div>" * 60 + "</div>" * 60, tmp_path)
    result = run_qdoc("parse", "--format", "table", str(nested))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == original.stdout.splitlines()[1:]
