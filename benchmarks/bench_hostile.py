"""Hostile inputs: parse time grows linearly, and every format parses fast at the size limit.

Targets (issue 18, "Speed" and "Acceptance"):

1. Linear growth.  Inputs built to defeat a parser (runs of braces in
   texinfo and .hx text, inline markup nested deep in rST and texinfo, long
   synopses, an rST page including a large ``.inc``) are parsed at 1x, 4x
   and 16x their base size; the 16x input takes at most 20x the time of the
   1x one (a quadratic rescan would take 256x).  Each is read in-process
   through :func:`qdoc.loader.load`, caches cleared, best of N.  A floor
   row gives plain docutils' own growth on the included page's text (many
   sections: docutils copies the rest of the page for each one), which
   that row cannot beat.
2. The size limit.  For every format, an input just under
   :data:`qdoc.source.MAX_INPUT_BYTES` (rST pages: their own
   :data:`~qdoc.readers.rst.parsing.MAX_RST_CHARS`), built by repeating real corpus
   content, is parsed by ``qdoc parse`` in a separate process in under 3 s
   with a peak resident set under 250 MB (the child's own ``ru_maxrss``,
   from :func:`os.wait4` in a small intermediate process).

Prints one table per part; exits 1 when a target is missed.

    python3 benchmarks/bench_hostile.py [--repeat N] [--part growth|limit] [--size MB]

``--size`` builds every format's input at that size instead of at its
limit: how the limit was chosen (see :data:`qdoc.source.MAX_INPUT_BYTES`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _qdoc import CHECKOUT_ENV, clear_caches, compile_bytecode  # noqa: E402
from _timing import Measure, best_of, print_measures, verdict  # noqa: E402

from qdoc.loader import load  # noqa: E402
from qdoc.readers.rst.parsing import MAX_RST_CHARS  # noqa: E402
from qdoc.source import MAX_INPUT_BYTES, InputError  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SCALES = (1, 4, 16)
GROWTH_TARGET = 20.0
LIMIT_SECONDS = 3.0
LIMIT_MEGABYTES = 250.0


# -- part 1: linear growth ----------------------------------------------------------


class Growth(NamedTuple):
    """A hostile input: its file name, format and text at a given scale (1 = base size)."""

    name: str
    filename: str
    fmt: str
    build: Callable[[int], str]


def _hx_entry(help_text: str = "-foo x", stexi: str | None = None, srst: str | None = None) -> str:
    doc = f"STEXI\n@table @option\n{stexi}\n@end table\nETEXI\n" if stexi is not None else f"SRST\n{srst}\nERST\n"
    return f'DEF("foo", HAS_ARG, QEMU_OPTION_foo,\n    "{help_text}\\n", QEMU_ARCH_ALL)\n{doc}'


def _texinfo_page(body: str) -> str:
    return f"\\input texinfo\n@setfilename t.info\n@node Top\n@top T\n\n{body}\n@bye\n"


def _rst_block(markup: str, k: int) -> str:
    """A deprecation list whose one paragraph repeats ``markup`` over 900 x ``k`` characters.

    One block, so that docutils' inline parser sees all of it at once; at
    16x it stays under the block guard (:data:`~qdoc.readers.rst.parsing.MAX_BLOCK`)
    and docutils' line-length limit, in lines of 78 characters.
    """
    text = (markup * (900 * k // len(markup) + 1))[: 900 * k]
    lines = [text[i : i + 78] for i in range(0, len(text), 78)]
    return "Deprecated features\n===================\n\nOld\n---\n\n" + "\n".join(lines) + "\n"


#: Base size of the brace runs: 10,000 at 1x, 160,000 at 16x (twice the issue's case).
BRACES = 10000

GROWTH_CASES = [
    Growth("texinfo: @var{ runaway x n", "t.texi", "texinfo", lambda k: _texinfo_page("@var{" * (BRACES * k))),
    Growth("texinfo: @var{ x n, closed", "t.texi", "texinfo",
           lambda k: _texinfo_page("@var{" * (BRACES * k) + "x" + "}" * (BRACES * k))),
    Growth("texinfo: @var{a per line x n", "t.texi", "texinfo", lambda k: _texinfo_page("@var{a\n" * (BRACES * k))),
    Growth("texinfo: @code{@var{ nested, one per line", "t.texi", "texinfo",
           lambda k: _texinfo_page("@code{@var{@samp{x}}} [@option{-y}]\n" * (BRACES * k // 4))),
    Growth("hx: braces in a DEF help string", "t.hx", "hx",
           lambda k: _hx_entry(help_text="-foo " + "{" * (BRACES * k) + "}" * (BRACES * k), srst="``-foo x``\n    Foo.")),
    Growth("hx: braces in STEXI text", "t.hx", "hx",
           lambda k: _hx_entry(stexi="@item -foo x\n" + "{" * (BRACES * k) + "}" * (BRACES * k))),
    Growth("hx: @var{ x n in an STEXI synopsis", "t.hx", "hx",
           lambda k: _hx_entry(stexi="@item -foo " + "@var{" * (BRACES * k) + "x" + "}" * (BRACES * k) + "\nFoo.")),
    Growth("hx: braces in SRST text", "t.hx", "hx",
           lambda k: _hx_entry(srst="``-foo x``\n    " + "{" * (BRACES * k) + "}" * (BRACES * k))),
    Growth("hx: brackets in an SRST synopsis", "t.hx", "hx",
           lambda k: _hx_entry(srst="``-foo " + "[" * (BRACES * k) + "x" + "]" * (BRACES * k) + "``\n    Foo.")),
    Growth("hx: long synopsis, k=v,...", "t.hx", "hx",
           lambda k: _hx_entry(srst="``-foo " + ",".join(f"k{i}=v{i}" for i in range(BRACES * k // 8)) + "``\n    Foo.")),
    Growth("hx: long synopsis, [,k=on|off]...", "t.hx", "hx",
           lambda k: _hx_entry(srst="``-foo x" + "".join(f"[,k{i}=on|off]" for i in range(BRACES * k // 8)) + "``\n    Foo.")),
    Growth("rst: unclosed *a in one block", "deprecated.rst", "rst", lambda k: _rst_block("*a ", k)),
    Growth("rst: unclosed ``a in one block", "deprecated.rst", "rst", lambda k: _rst_block("``a ", k)),
    Growth("rst: unclosed `a and **a in one block", "deprecated.rst", "rst", lambda k: _rst_block("`a **a ", k)),
    Growth("rst: *a **b ``c`` b** a* in one block", "deprecated.rst", "rst", lambda k: _rst_block("*a **b ``c`` b** a* ", k)),
    Growth("rst: paragraphs of 2,000 '{' (address search)", "deprecated.rst", "rst",
           lambda k: _rst_block("word ", 1) + "\n" + "\n\n".join(["See " + "{" * 2000] * (2 * k)) + "\n"),
]

#: The included-block case: an option page (it has an ``hxtool-doc``) including a ``.inc``
#: of ``k`` base blocks, each an option's text with inline markup.
INCLUDED_BLOCK = "Option {i}\n---------\n\n``-foo{i} x``\n    Foo {i} *with* ``markup`` and **more**, see :option:`-foo{i}`.\n\n"
SMALL_HX = 'DEF("foo", HAS_ARG, QEMU_OPTION_foo,\n    "-foo x\\n", QEMU_ARCH_ALL)\nSRST\n``-foo x``\n    Foo.\nERST\n'


def _included_page(folder: Path, k: int) -> Path:
    inc = folder / "big.inc"
    inc.write_text("".join(INCLUDED_BLOCK.format(i=i) for i in range(BRACES * k // 50)), encoding="utf-8")
    (folder / "small.hx").write_text(SMALL_HX, encoding="utf-8")
    page = folder / "page.rst"
    page.write_text("Options\n=======\n\n.. include:: big.inc\n\n.. hxtool-doc:: small.hx\n", encoding="utf-8")
    return page


#: Diagnostics that mean a guard refused the input instead of parsing it: a case that
#: trips one measures the guard, not the parser, so the benchmark is built to avoid them.
GUARDS = ("input-too-large", "rst-block-too-long", "input-budget")


def _load_codes(path: Path, fmt: str) -> set[str]:
    """Read ``path``; the codes of the errors it has (a located refusal is a result too; its time counts)."""
    try:
        option_set = load(str(path), fmt)
    except InputError as exc:
        return {exc.diagnostic.code}
    return {d.code for d in option_set.diagnostics if d.severity == "error" or "line-length" in d.message}


def growth(repeat: int) -> tuple[list[Measure], list[str]]:
    measures: list[Measure] = []
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qdoc-hostile-") as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, Callable[[int], Path], str]] = []
        for case in GROWTH_CASES:
            def write(k: int, case: Growth = case) -> Path:
                path = folder / case.filename
                path.write_text(case.build(k), encoding="utf-8")
                return path
            cases.append((case.name, write, case.fmt))
        cases.append(("rst: page including a large .inc", lambda k: _included_page(folder, k), "rst"))
        for name, write, fmt in cases:
            times = []
            for k in SCALES:
                path = write(k)
                times.append(best_of(repeat, lambda: _load_codes(path, fmt), reset=clear_caches))
            guarded = [code for code in _load_codes(path, fmt) if code in GUARDS]
            if guarded:
                missed.append(f"{name}: refused at {SCALES[-1]}x ({', '.join(guarded)}), the parser was not measured")
            ratio = times[-1] / times[0]
            measures.append(Measure(f"{name}: 1x (s)", times[0]))
            measures.append(Measure(f"{name}: 16x / 1x", ratio, f"<= {GROWTH_TARGET:g}", 1))
            if ratio > GROWTH_TARGET:
                missed.append(f"{name} grows {ratio:.0f}x for 16x input")
        floor = _docutils_growth(repeat)
        measures.append(Measure("floor: docutils alone on the included page's text: 16x / 1x", floor, "", 1))
    return measures, missed


def _docutils_growth(repeat: int) -> float:
    """How plain docutils (``publish_doctree``, no qdoc) grows on the text the included-page case parses.

    The floor under that row: docutils hands each section the rest of the
    page as a new list of lines, so its own time on a page of many sections
    grows faster than the page.  qdoc cannot grow slower than the parser it
    stands on.
    """
    from docutils.core import publish_doctree

    times = []
    for k in SCALES:
        text = "Options\n=======\n\n" + "".join(INCLUDED_BLOCK.format(i=i) for i in range(BRACES * k // 50))
        text = text.replace(":option:`", "``").replace("`.", "``.")  # a docutils role, same markup
        times.append(best_of(repeat, lambda text=text: publish_doctree(text, settings_overrides={"report_level": 5})))
    return times[-1] / times[0]


# -- part 2: every format at the size limit --------------------------------------------


#: Size of the inputs of part 2 (``--size`` measures other sizes, to choose a limit from).
limit_bytes = MAX_INPUT_BYTES
_sized = False  # --size given: every format at that size, rST included
#: Formats with a lower limit of their own: rST pages (docutils is slow), in characters,
#: which an input of as many bytes does not exceed.
FORMAT_LIMITS = {"rst": MAX_RST_CHARS}


def _repeat_to_limit(head: str, unit: str, tail: str = "", limit: int | None = None) -> str:
    """``head`` + as many ``unit`` as fit + ``tail``, just under ``limit`` bytes in UTF-8 (default :data:`limit_bytes`)."""
    limit = limit or limit_bytes
    fixed = len((head + tail).encode("utf-8"))
    size = len(unit.encode("utf-8"))
    copies = max(1, (limit - 1 - fixed) // size)
    return head + unit * copies + tail


def _corpus(relative: str) -> str:
    return (CORPUS / relative).read_text(encoding="utf-8")


def _without_includes(texinfo: str) -> str:
    """The text without its ``@include`` lines (the included files are not beside the copy)."""
    return re.sub(r"^@include .*\n", "", texinfo, flags=re.M)


def _html_at_limit() -> str:
    page = _corpus("built/4.2.0/qemu-doc.html")
    start = page.index(">", page.index("<body")) + 1
    end = page.rindex("</body>")
    return _repeat_to_limit(page[:start], page[start:end], page[end:])


def _qmp_at_limit() -> str:
    entries = json.loads(_corpus("debian-7.2/binary/query-command-line-options.json"))["return"]
    unit = ",\n".join(json.dumps(entry, indent=2) for entry in entries) + ",\n"
    last = json.dumps(entries[0], indent=2)
    return _repeat_to_limit('{\n"return": [\n', unit, last + "\n]\n}\n")


#: For each format: the file name to write and how to make its text just under the limit.
LIMIT_INPUTS: dict[str, tuple[str, Callable[[], str]]] = {
    "hx": ("qemu-options.hx", lambda: _repeat_to_limit("", _corpus("qemu/7.2.0/qemu-options.hx") + "\n")),
    "texinfo": ("manual.texi", lambda: _repeat_to_limit(
        "\\input texinfo\n@setfilename m.info\n@node Top\n@top M\n\n", _without_includes(_corpus("built/4.2.0/qemu-options.texi")) + "\n", "@bye\n")),
    "html": ("qemu-doc.html", _html_at_limit),
    "man": ("qemu-system.1", lambda: _repeat_to_limit("", _corpus("debian-7.2/man/qemu-system.1"))),
    "rst": ("deprecated.rst", lambda: _repeat_to_limit(
        "", _corpus("qemu/7.2.0/docs/about/deprecated.rst") + "\n", limit=None if _sized else FORMAT_LIMITS["rst"])),
    "help": ("help.txt", lambda: _repeat_to_limit("", _corpus("debian-7.2/binary/help.txt"))),
    "qmp": ("query-command-line-options.json", _qmp_at_limit),
    "ocr": ("manual-ocr.md", lambda: _repeat_to_limit("", _corpus("seeds/qemu-doc-2.12.50-ocr.md") + "\n")),
}


class Run(NamedTuple):
    seconds: float
    megabytes: float
    status: int


#: Run by a small intermediate interpreter: spawns ``python -m qdoc ARGS``, waits for it and
#: prints its wall time, peak RSS (KB) and exit status.  Linux carries the spawning
#: process's peak RSS over to the child it execs, so the benchmark, which holds inputs
#: of megabytes, must not spawn qdoc itself.
_MEASURE_CHILD = """
import os, sys, time
null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "qdoc", *sys.argv[1:]], os.environ, file_actions=null)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _parse_in_child(path: Path, fmt: str) -> Run:
    """``qdoc parse`` of ``path`` in a child process: wall time, the child's peak RSS, its exit status."""
    argv = [sys.executable, "-c", _MEASURE_CHILD, "parse", "-q", "--from", fmt, "-o", os.devnull, str(path)]
    seconds, kilobytes, status = subprocess.run(argv, env=CHECKOUT_ENV, capture_output=True, text=True, check=True).stdout.split()
    return Run(float(seconds), int(kilobytes) / 1024, int(status))


def at_limit(repeat: int, formats: list[str]) -> tuple[list[Measure], list[str]]:
    measures: list[Measure] = []
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qdoc-limit-") as tmp:
        for fmt in formats:
            filename, build = LIMIT_INPUTS[fmt]
            path = Path(tmp) / filename
            path.write_text(build(), encoding="utf-8")
            runs = [_parse_in_child(path, fmt) for _ in range(repeat)]
            best = min(runs)
            megabytes = min(run.megabytes for run in runs)
            size = path.stat().st_size / 2**20
            measures.append(Measure(f"{fmt}: {size:.2f} MB, exit {best.status}, seconds", best.seconds, f"< {LIMIT_SECONDS:g}", 2))
            measures.append(Measure(f"{fmt}: peak RSS (MB)", megabytes, f"< {LIMIT_MEGABYTES:g}", 0))
            if best.seconds >= LIMIT_SECONDS:
                missed.append(f"{fmt} at the limit takes {best.seconds:.1f} s")
            if megabytes >= LIMIT_MEGABYTES:
                missed.append(f"{fmt} at the limit needs {megabytes:.0f} MB")
            if best.status != 0:
                missed.append(f"{fmt} at the limit exits {best.status}: not read")
            path.unlink()
    return measures, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per growth measure, the best kept (default: 5)")
    parser.add_argument("--limit-repeat", type=int, default=2, help="runs per size-limit measure (default: 2)")
    parser.add_argument("--part", choices=("growth", "limit"), help="run one part only (default: both)")
    parser.add_argument("--size", type=float, help="size of the inputs of part 2 in MB (default: the limit)")
    parser.add_argument("--formats", default=",".join(LIMIT_INPUTS), help="formats of the size-limit part (default: all)")
    args = parser.parse_args()
    global limit_bytes, _sized
    if args.size:
        limit_bytes, _sized = int(args.size * 2**20), True
    compile_bytecode()
    missed: list[str] = []
    if args.part in (None, "growth"):
        measures, missed_growth = growth(args.repeat)
        print(f"linear growth: each input at {', '.join(f'{k}x' for k in SCALES)}")
        print_measures(measures, 62, 10)
        missed += missed_growth
        print()
    if args.part in (None, "limit"):
        measures, missed_limit = at_limit(args.limit_repeat, args.formats.split(","))
        sizes = f"{limit_bytes / 2**20:g} MB" if _sized else f"the limit ({MAX_INPUT_BYTES / 2**20:g} MB; rST {MAX_RST_CHARS // 1024} K characters)"
        print(f"every format just under {sizes}, qdoc parse in a child process")
        print_measures(measures, 62, 10)
        missed += missed_limit
    return verdict(missed)


if __name__ == "__main__":
    sys.exit(main())
