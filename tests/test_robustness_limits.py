"""Hostile inputs at scale and inputs that try to leave their tree.

- huge and deeply nested inputs give a clear result or error within seconds
  and bounded memory (measured on the CLI process, as a user would run it);
- ``@include``, ``.. include::``, ``.. hxtool-doc::`` and man ``.so`` stay
  inside the source root; symbolic link loops are reported, not followed;
- HTML entities and external references are never expanded or fetched, and
  docutils' own file-reading directives are off.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from qdoc.readers.hx import read_hx
from qdoc.readers.html import read_html
from qdoc.readers.rst import read_rst
from qdoc.readers.rst.resolve import SourceTree
from qdoc.readers.texinfo import read_texinfo
from qdoc.source import MAX_INPUT_BYTES

#: What "within seconds and bounded memory" means here.
SECONDS = 10
MEMORY_MB = 400


#: Runs ``qdoc ARGS`` and prints its peak memory.  A fresh, small process starts it:
#: Linux counts the peak memory of the process a child was started from (here pytest,
#: large after the 50 MB test) into the child's own.
_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "qdoc", *sys.argv[1:]], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write(f"\\nmaxrss-kb {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str, cwd=ROOT) -> tuple[int, str, float, int]:
    """Run the CLI; exit status, stderr, wall time and the peak memory (MB) of that process."""
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )
    stderr, _, peak = result.stderr.rstrip("\n").rpartition("\nmaxrss-kb ")
    return result.returncode, stderr, time.monotonic() - start, int(peak) // 1024


def synthetic_hx(size: int) -> str:
    """A well-formed qemu-options.hx of about ``size`` bytes: DEF and SRST blocks, one per option."""
    parts, total, i = ["DEFHEADING(Standard options:)\n\n"], 0, 0
    while total < size:
        block = (
            f'DEF("opt{i}", HAS_ARG, QEMU_OPTION_opt{i},\n    "-opt{i} [key=value][,flag=on|off]\\n", QEMU_ARCH_ALL)\n'
            f"SRST\n``-opt{i} [key=value][,flag=on|off]``\n    Set option {i}.\n\n    ``key=value``\n        A sub-option.\nERST\n\n"
        )
        parts.append(block)
        total += len(block)
        i += 1
    return "".join(parts)


def test_50_mb_hx_is_refused_at_once_with_bounded_memory(tmp_path):
    big = tmp_path / "qemu-options.hx"
    big.write_text(synthetic_hx(50_000_000), encoding="utf-8")
    status, stderr, seconds, memory = run_measured("parse", str(big), "-o", str(tmp_path / "out.json"))
    assert status == 2 and f"{big}:0:" in stderr and "[input-too-large]" in stderr, stderr
    assert seconds < SECONDS and memory < MEMORY_MB, (seconds, memory)
    assert not (tmp_path / "out.json").exists()


def test_largest_accepted_hx_reads_in_linear_time():
    """Just under the size limit the reader still finishes: linear, no quadratic corner."""
    small, large = synthetic_hx(200_000), synthetic_hx(MAX_INPUT_BYTES // 4)
    timings = []
    for text in (small, large):
        start = time.perf_counter()
        option_set = read_hx(text, "qemu-options.hx")
        timings.append(time.perf_counter() - start)
        assert not option_set.errors and option_set.options
    assert timings[1] < SECONDS
    assert timings[1] / timings[0] < 2.5 * len(large) / len(small), timings


_HELP_HEAD = "QEMU emulator version 7.2.0\nusage: qemu-system-x86_64 [options] [disk_image]\n\nStandard options:\n"

#: (format, text before, repeated unit): constructs repeated many times, each of which
#: once cost time proportional to the whole file (an O(n^2) read).
REPEATED = [
    ("hx", "", "SRST\n"),  # unclosed block: searched to the end for its ERST
    ("hx", "", 'DEF("x", 0, QEMU_OPTION_x, "-x\\n"\n'),  # unclosed DEF: searched to the end for ")\n"
    ("hx", "", 'DEF("x", 0, QEMU_OPTION_x, "-x\\n", QEMU_ARCH_ALL)\n'),  # error line counted from the start
    ("hx", "", "STEXI\n@table @option\n@item -x\n"),
    ("hx", "", "SRST\n``-x``\n  text\nERST\n"),  # section text appended to a growing string
    ("hx", "", '#ifdef CONFIG_X\n{\n.name = "x",\n.help = "x",\n},\n'),  # every option carrying every #if
    ("hx", "#if A\n", "#else\n"),  # !(!(!(...)))
    ("help", _HELP_HEAD, "                 continuation text of a section\n"),
    ("help", _HELP_HEAD + "-x   foo\n", "                 continuation text of an option\n"),
    ("html", "<html><body>", '<dl class="option"><dt>-x</dt><dd><p>t</p></dd></dl>\n'),  # blocks compared by value
    ("man", ".TH Q 1\n.SH OPTIONS\n", ".RS\n.TP\n.B \\-x\ntext\n"),
    ("texinfo", "", "@table @option\n@item -x\ntext\n"),
    ("rst", "Deprecated features\n===================\n\n", "`a `a `a `a `a `a `a `a `a\n"),  # docutils' inline parser
    ("qmp", "", "["),
    ("ocr", "1.1 Invocation\n\nQEMU\n", "-x foo\ntext line\n"),
]


def _read_time(fmt: str, text: str) -> float:
    from fuzz import harness

    start = time.perf_counter()
    harness.check(fmt, text.encode())
    return time.perf_counter() - start


@pytest.mark.parametrize("fmt, head, unit", REPEATED, ids=[f"{f}:{u[:12]!r}" for f, _, u in REPEATED])
def test_repeated_constructs_read_in_linear_time(fmt, head, unit):
    """Four times the repetitions may take about four times as long, not sixteen (10 allows for noise)."""
    small = head + unit * (50_000 // len(unit))
    large = head + unit * (200_000 // len(unit))
    _read_time(fmt, small)  # warm the caches
    t_small = min(_read_time(fmt, small) for _ in range(2))
    t_large = _read_time(fmt, large)
    assert t_large < SECONDS
    if t_large > 0.5 and t_large / t_small >= 10:  # a second look before calling a timing quadratic
        t_large = min(t_large, _read_time(fmt, large), _read_time(fmt, large))
    assert t_large < 0.5 or t_large / t_small < 10, (t_small, t_large)


def test_10000_level_texinfo_table_is_a_clear_error(tmp_path):
    deep = tmp_path / "deep.texi"
    deep.write_text("@table @option\n@item -x\n" * 10_000 + "text\n" + "@end table\n" * 10_000, encoding="utf-8")
    status, stderr, seconds, memory = run_measured("parse", str(deep))
    assert status == 2 and "[texinfo-too-deep]" in stderr, stderr
    assert stderr.count("\n") <= 3, "one clear error, not one per level"
    assert seconds < SECONDS and memory < MEMORY_MB, (seconds, memory)
    status, stderr, seconds, memory = run_measured("convert", str(deep), "-o", str(tmp_path / "build" / "rst"))
    assert status == 2 and "[texinfo-too-deep]" in stderr and seconds < SECONDS, stderr


def test_include_bomb_is_cut_off(tmp_path):
    """Ten includes of a file that includes ten files... (10^8 reads) stops at a fixed count."""
    for level in range(8):
        (tmp_path / f"l{level}.texi").write_text(f"@include l{level + 1}.texi\n" * 10, encoding="utf-8")
    (tmp_path / "l8.texi").write_text("@table @option\n@item -x\ntext\n@end table\n", encoding="utf-8")
    start = time.perf_counter()
    option_set = read_texinfo((tmp_path / "l0.texi").read_text(), str(tmp_path / "l0.texi"))
    assert time.perf_counter() - start < SECONDS
    assert any(d.code == "texinfo-include-count" for d in option_set.errors)


def test_symlink_loops_are_reported_not_followed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for a, b in (("a.texi", "b.texi"), ("a.rst.inc", "b.rst.inc"), ("a.hx", "b.hx")):
        os.symlink(b, docs / a)
        os.symlink(a, docs / b)
    (docs / "main.texi").write_text("@node Top\n@top T\n@include a.texi\n", encoding="utf-8")
    option_set = read_texinfo((docs / "main.texi").read_text(), str(docs / "main.texi"))
    (loop,) = [d for d in option_set.errors if d.code == "texinfo-include-unreadable"]
    assert "symbolic links" in loop.message and loop.location.line == 3
    page = docs / "invocation.rst"
    page.write_text("Invocation\n==========\n\n.. include:: a.rst.inc\n\n.. hxtool-doc:: docs/a.hx\n", encoding="utf-8")
    option_set = read_rst(page.read_text(), str(page), tree=SourceTree(str(tmp_path)))  # hxtool-doc: from the root
    errors = {(d.code, d.location.line) for d in option_set.errors}
    assert ("rst-unreadable-file", 4) in errors and ("rst-unreadable-file", 6) in errors, option_set.diagnostics
    status, stderr, seconds, _ = run_measured("parse", str(docs / "a.hx"))
    assert status == 2 and "symbolic links" in stderr and seconds < SECONDS, stderr


def test_includes_through_symlinks_may_not_leave_the_root(tmp_path):
    root = tmp_path / "tree"
    (root / "docs").mkdir(parents=True)
    secret = tmp_path / "secret.rst.inc"
    secret.write_text("SECRET\n", encoding="utf-8")
    os.symlink(secret, root / "docs" / "keys.rst.inc")
    os.symlink(secret, root / "docs" / "inc.texi")
    page = root / "docs" / "invocation.rst"
    page.write_text("Invocation\n==========\n\n.. include:: keys.rst.inc\n\n.. hxtool-doc:: qemu-options.hx\n", encoding="utf-8")
    option_set = read_rst(page.read_text(), str(page))
    assert ("rst-path-escape", 4) in {(d.code, d.location.line) for d in option_set.errors}
    assert "SECRET" not in option_set.to_json()
    main = root / "docs" / "main.texi"
    main.write_text("@node Top\n@top T\n@include inc.texi\n", encoding="utf-8")
    option_set = read_texinfo(main.read_text(), str(main))
    assert ("texinfo-include-outside-root", 3) in {(d.code, d.location.line) for d in option_set.errors}


def test_man_so_does_not_leave_the_man_tree(tmp_path):
    (tmp_path / "man" / "man1").mkdir(parents=True)
    outside = tmp_path / "outside.1"
    outside.write_text('.TH SECRET 1\n.SH OPTIONS\n.TP\n.B \\-secret\nSECRET text\n', encoding="utf-8")
    page = tmp_path / "man" / "man1" / "qemu.1"
    for target in (str(outside), "../../outside.1"):
        page.write_text(f".so {target}\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "qdoc", "parse", str(page)], cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert result.returncode == 2 and "SECRET" not in result.stdout and "-secret" not in result.stdout
        assert f"{page}:1: .so {target}: " in result.stderr and "[man-redirect-outside-root]" in result.stderr


def test_fifo_and_devices_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "qemu-options.hx"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero", "/dev/urandom"):
        status, stderr, seconds, _ = run_measured("parse", path, "--from", "hx")
        assert status == 2 and f"{path}:0: not a regular file" in stderr and seconds < SECONDS, stderr


def test_html_entities_and_external_references_are_not_expanded(tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{tmp_path}/secret.txt">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
        '<html><head><meta name="generator" content="Docutils 0.19: https://docutils.sourceforge.io/" />'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><script src="http://127.0.0.1:9/x.js"></script></head>\n'
        '<body><dl class="std option"><dt class="sig" id="cmdoption-x"><span class="pre">-x</span> &xxe; &c;</dt>\n'
        '<dd><p>Text &xxe; &c; <img src="http://127.0.0.1:9/x.png"/></p></dd></dl></body></html>\n'
    )
    start = time.perf_counter()
    option_set = read_html(page, "page.html")
    assert time.perf_counter() - start < 1
    text = option_set.to_json()
    assert "SECRET" not in text and "aaaaaaaaaaaaaaaaaaaa" not in text
    assert [o.name for o in option_set.options] == ["-x"]


def test_docutils_file_directives_are_off_in_parsed_pages(tmp_path):
    """``.. raw:: :file:`` and docutils' ``.. include::`` in a deprecation list read nothing."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    page = tmp_path / "deprecated.rst"
    page.write_text(
        "Deprecated features\n===================\n\n"
        f".. raw:: html\n   :file: {secret}\n\n.. include:: {secret}\n\n.. csv-table:: x\n   :file: {secret}\n\n"
        "``-x`` (since 1.0)\n''''''''''''''''''\n\nDo not use it.\n",
        encoding="utf-8",
    )
    option_set = read_rst(page.read_text(), str(page))
    assert "SECRET" not in option_set.to_json()
    assert {d.location.line for d in option_set.diagnostics if d.severity != "info"} >= {4, 7}
