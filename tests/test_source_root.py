"""One source root per run, enforced for every include mechanism, and one input budget per run.

Each test builds a hostile tree in tmp_path: a secret file outside the tree
that an include tries to pull into the output, a symbolic link inside the
tree pointing out of it, man ``.so`` redirects leaving the page's folder or
looping, a page under a folder named ``docs`` (whose parent was once
guessed to be the root), and includes that amplify a small input into
gigabytes.  Every refusal is an error at the include's line, exit status 2,
with no output written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import QEMU, run_qdoc
from qdoc.loader import load
from qdoc.readers.rst.parsing import MAX_BLOCK, MAX_RST_CHARS
from qdoc.source import INPUT_BUDGET_FACTOR, MAX_INPUT_BYTES, input_run

SECRET = "TOPSECRET-7f3a9c"
BUDGET_MB = f"{INPUT_BUDGET_FACTOR * MAX_INPUT_BYTES / 2**20:g}"


def _outside_secret(tmp_path) -> str:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return str(secret)


def _hx_with_block(tree, lines: list[str]) -> tuple[str, int]:
    """A one-option .hx whose SRST block holds ``lines``; returns its path and the first of those lines' number."""
    head = [
        "HXCOMM a test file",
        "DEFHEADING(Standard options:)",
        "",
        'DEF("foo", HAS_ARG, QEMU_OPTION_foo,',
        '    "-foo x     do foo\\n", QEMU_ARCH_ALL)',
        "SRST",
        "``-foo x``",
        "    Does foo.",
        "",
    ]
    hx = tree / "qemu-options.hx"
    hx.write_text("\n".join([*head, *lines, "ERST", ""]), encoding="utf-8")
    return str(hx), len(head) + 1


def _escape(secret: str) -> str:
    """A relative path that climbs out of any folder (Sphinx's temporary project included) to ``secret``."""
    return "../" * 40 + secret.lstrip("/")


@pytest.mark.parametrize(
    "directive",
    [
        "    .. include:: {escape}",
        "    .. literalinclude:: {escape}",
        "    .. csv-table:: Table\n       :file: {secret}",
        "    .. raw:: manpage\n       :file: {secret}",
    ],
    ids=["include", "literalinclude", "csv-table-file", "raw-file"],
)
def test_man_of_an_hx_reads_nothing_outside_the_tree(tmp_path, directive):
    secret = _outside_secret(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    hx, line = _hx_with_block(tree, directive.format(escape=_escape(secret), secret=secret).split("\n"))
    out = tmp_path / "man"
    result = run_qdoc("man", hx, "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert f"{hx}:{line}: " in result.stderr and "[outside-root]" in result.stderr, result.stderr
    assert SECRET not in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_symlink_inside_the_tree_pointing_outside_is_outside(tmp_path):
    secret = _outside_secret(tmp_path)
    tree = tmp_path / "tree"
    (tree / "docs").mkdir(parents=True)
    os.symlink(secret, tree / "docs" / "keys.rst.inc")
    hx, line = _hx_with_block(tree, ["    .. include:: ../keys.rst.inc"])  # QEMU's page is in docs/system/
    result = run_qdoc("man", hx, "-o", str(tmp_path / "man"))
    assert result.returncode == 2 and f"{hx}:{line}: " in result.stderr and "[outside-root]" in result.stderr, result.stderr
    assert SECRET not in result.stdout + result.stderr and not (tmp_path / "man" / "qemu.1").exists()
    # The same link named by a man page's .so.
    os.symlink(secret, tree / "target.1")
    page = tree / "page.1"
    page.write_text(".so target.1\n", encoding="utf-8")
    result = run_qdoc("parse", str(page))
    assert result.returncode == 2 and f"{page}:1: " in result.stderr and "[man-redirect-outside-root]" in result.stderr
    assert SECRET not in result.stdout


def _man_page(path, option: str) -> None:
    path.write_text(f".TH OTHER 1\n.SH OPTIONS\n.TP\n.B \\{option}\n{SECRET}\n", encoding="utf-8")


def test_man_so_leaving_the_pages_folder_is_an_error_unless_the_root_allows_it(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "other").mkdir()
    _man_page(tmp_path / "other" / "x.1", "-leak")
    page = tmp_path / "pages" / "a.1"
    page.write_text(".\\\" a redirect\n.so ../other/x.1\n", encoding="utf-8")
    result = run_qdoc("parse", str(page), "-o", str(tmp_path / "a.json"))
    assert result.returncode == 2 and f"{page}:2: .so ../other/x.1: " in result.stderr, result.stderr
    assert "[man-redirect-outside-root]" in result.stderr and "--root" in result.stderr
    assert not (tmp_path / "a.json").exists()
    allowed = run_qdoc("parse", str(page), "--root", str(tmp_path), "--format", "table")
    assert allowed.returncode == 0 and "-leak" in allowed.stdout, allowed.stderr


def test_man_so_loops_and_missing_targets_are_errors_at_their_line(tmp_path):
    (tmp_path / "loop.1").write_text(".so b.1\n", encoding="utf-8")
    (tmp_path / "b.1").write_text('.\\" the second page\n.so loop.1\n', encoding="utf-8")
    result = run_qdoc("parse", str(tmp_path / "loop.1"))
    assert result.returncode == 2 and f"{tmp_path / 'b.1'}:2: .so loop.1: redirect loop" in result.stderr, result.stderr
    assert "[man-redirect-loop]" in result.stderr
    (tmp_path / "gone.1").write_text(".so nothere.1\n", encoding="utf-8")
    result = run_qdoc("parse", str(tmp_path / "gone.1"))
    assert result.returncode == 2 and f"{tmp_path / 'gone.1'}:1: " in result.stderr and "[man-redirect-missing]" in result.stderr


def test_a_page_under_docs_reads_above_it_only_with_root(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "secret.hx").write_text(
        f'DEF("leak", 0, QEMU_OPTION_leak, "-leak  {SECRET}\\n", QEMU_ARCH_ALL)\nSRST\n``-leak``\n  {SECRET}\nERST\n',
        encoding="utf-8",
    )
    page = tmp_path / "docs" / "page.rst"
    page.write_text("Page\n====\n\n.. hxtool-doc:: secret.hx\n", encoding="utf-8")
    result = run_qdoc("parse", str(page))
    assert result.returncode == 2 and SECRET not in result.stdout, result.stdout
    assert f"{page}:4: " in result.stderr and f"run with --root {tmp_path} " in result.stderr, result.stderr
    allowed = run_qdoc("parse", str(page), "--root", str(tmp_path), "--format", "table")
    assert allowed.returncode == 0 and "-leak" in allowed.stdout, allowed.stderr


def test_qemus_manpage_names_the_root_it_needs():
    page = QEMU / "7.2.0" / "docs" / "system" / "qemu-manpage.rst"
    result = run_qdoc("parse", str(page))
    assert result.returncode == 2 and f"run with --root {QEMU / '7.2.0'} " in result.stderr, result.stderr
    allowed = run_qdoc("parse", str(page), "--root", str(QEMU / "7.2.0"), "--format", "table")
    assert allowed.returncode == 0 and "-trace" in allowed.stdout, allowed.stderr


def test_texinfo_include_amplification_stops_at_the_input_budget(tmp_path):
    line = "@c " + "x" * 76 + "\n"
    big = tmp_path / "big.texi"
    big.write_text(line * ((MAX_INPUT_BYTES - 1024) // len(line)), encoding="utf-8")
    header = ["\\input texinfo", "@setfilename m.info"]
    main = tmp_path / "main.texi"
    main.write_text("\n".join([*header, *["@include big.texi"] * 256, "@bye", ""]), encoding="utf-8")
    start = time.perf_counter()
    result = run_qdoc("parse", str(main), "-o", str(tmp_path / "m.json"))
    seconds = time.perf_counter() - start
    first_refused = len(header) + INPUT_BUDGET_FACTOR * MAX_INPUT_BYTES // big.stat().st_size + 1
    expected = f"{main}:{first_refused}: reading {big} would exceed the input budget of {BUDGET_MB} MB for one run [input-budget]"
    assert result.returncode == 2 and expected in result.stderr.splitlines(), result.stderr[:2000]
    assert not (tmp_path / "m.json").exists() and seconds < 30


def _opened(path: str):
    """A list that records every ``open`` of ``path`` from now on (an audit hook: how often a file is read)."""
    seen: list[str] = []
    target = os.path.realpath(path)

    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)) and os.path.realpath(os.fsdecode(args[0])) == target:
            seen.append(event)

    sys.addaudithook(hook)
    return seen


def test_hxtool_doc_a_thousand_times_reads_the_hx_once_within_the_budget(tmp_path):
    hx = tmp_path / "small.hx"
    hx.write_text('DEF("foo", 0, QEMU_OPTION_foo, "-foo   do foo\\n", QEMU_ARCH_ALL)\nSRST\n``-foo``\n  Does foo.\nERST\n',
                  encoding="utf-8")
    page = tmp_path / "page.rst"
    page.write_text("Page\n====\n\n" + ".. hxtool-doc:: small.hx\n\n" * 1000, encoding="utf-8")
    opened = _opened(str(hx))
    start = time.perf_counter()
    with input_run():
        model = load(str(page))
    assert time.perf_counter() - start < 10
    assert len(opened) == 1 and not model.errors and len(model.options) == 1000


def test_hxtool_doc_repeated_stops_at_the_input_budget(tmp_path):
    hx = tmp_path / "big.hx"
    block = "".join(f"  line {n} of a long description.\n" for n in range(30000))
    hx.write_text(f'DEF("foo", 0, QEMU_OPTION_foo, "-foo   do foo\\n", QEMU_ARCH_ALL)\nSRST\n``-foo``\n{block}ERST\n',
                  encoding="utf-8")
    page = tmp_path / "page.rst"
    page.write_text("Page\n====\n\n" + ".. hxtool-doc:: big.hx\n\n" * 1000, encoding="utf-8")
    start = time.perf_counter()
    result = run_qdoc("parse", str(page), "-o", str(tmp_path / "p.json"))
    assert time.perf_counter() - start < 30
    first_refused = 4 + 2 * (INPUT_BUDGET_FACTOR * MAX_INPUT_BYTES // hx.stat().st_size)
    assert result.returncode == 2 and not (tmp_path / "p.json").exists()
    assert f"{page}:{first_refused}: reading {hx} would exceed the input budget of {BUDGET_MB} MB for one run [input-budget]" in result.stderr


def test_an_included_rst_block_goes_through_the_block_size_guard(tmp_path):
    (tmp_path / "q.hx").write_text('DEF("foo", 0, QEMU_OPTION_foo, "-foo   do foo\\n", QEMU_ARCH_ALL)\n', encoding="utf-8")
    included = tmp_path / "long.rst.inc"
    included.write_text("Intro.\n\n" + "*a* " * (MAX_BLOCK // 4 + 100) + "\n", encoding="utf-8")
    page = tmp_path / "page.rst"
    page.write_text("Page\n====\n\n.. include:: long.rst.inc\n\n.. hxtool-doc:: q.hx\n", encoding="utf-8")
    model = load(str(page))
    assert [(d.code, d.location.path, d.location.line) for d in model.errors] == [("rst-block-too-long", str(included), 3)]


def test_a_sphinx_project_reads_only_inside_its_source_root(tmp_path):
    secret = _outside_secret(tmp_path)
    (tmp_path / "outside" / "other.hx").write_text(
        f'DEF("leak", 0, QEMU_OPTION_leak, "-leak  {SECRET}\\n", QEMU_ARCH_ALL)\n', encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['qdoc.sphinx']\nqdoc_lint = False\nqdoc_source_root = '.'\n")
    (src / "index.rst").write_text(
        "Index\n=====\n\n.. include:: ../outside/secret.txt\n\n.. qemu:options:: ../outside/other.hx\n\n"
        ".. csv-table:: T\n   :url: file:///etc/hostname\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-E", "-q", "-b", "html", str(src), str(tmp_path / "html")],
                            capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stderr.splitlines() if "outside-root" in line]
    assert [line.split(": ")[0] for line in errors] == [f"{src / 'index.rst'}:{n}" for n in (4, 6, 8)], result.stderr
    assert SECRET not in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_included_rst_counts_toward_the_page_size_limit(tmp_path):
    (tmp_path / "q.hx").write_text('DEF("foo", 0, QEMU_OPTION_foo, "-foo   do foo\\n", QEMU_ARCH_ALL)\n', encoding="utf-8")
    paragraph = "Some words of text in a paragraph.\n\n"
    (tmp_path / "part.rst.inc").write_text(paragraph * (MAX_RST_CHARS * 2 // 3 // len(paragraph)), encoding="utf-8")
    page = tmp_path / "page.rst"
    page.write_text("Page\n====\n\n.. include:: part.rst.inc\n\n.. include:: part.rst.inc\n\n.. hxtool-doc:: q.hx\n",
                    encoding="utf-8")
    model = load(str(page))
    assert [(d.code, d.location.path, d.location.line) for d in model.errors] == [("input-too-large", str(page), 6)]


def test_man_of_an_hx_including_a_fifo_fails_at_once(tmp_path):
    """A FIFO inside the tree would block Sphinx's include for ever: refused at the .hx line."""
    (tmp_path / "docs").mkdir()
    os.mkfifo(tmp_path / "docs" / "pipe.rst.inc")
    hx, line = _hx_with_block(tmp_path, ["    .. include:: ../pipe.rst.inc"])
    result = subprocess.run([sys.executable, "-m", "qdoc", "man", hx, "-o", str(tmp_path / "build" / "man")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and f"{hx}:{line}: " in result.stderr and "[input-unreadable]" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["lint", "build"])
def test_a_tree_file_linking_outside_the_root_is_skipped_and_listed(tmp_path, command):
    """A tree's `qemu-manpage.html -> ../secret.html` was read into build's json/ and lint's findings.

    The link is not followed; the command lists it as skipped with the
    reason, and `--root` over both folders reads it.
    """
    secret = tmp_path / "secret.html"
    secret.write_bytes((QEMU.parent / "debian-7.2" / "html" / "qemu-manpage.html").read_bytes())
    src = tmp_path / "src"
    src.mkdir()
    (src / "qemu-options.hx").write_bytes((QEMU / "7.2.0" / "qemu-options.hx").read_bytes())
    os.symlink(secret, src / "qemu-manpage.html")
    out = tmp_path / "out"
    args = ["build", str(src), "-o", str(out), "--no-sphinx"] if command == "build" else ["lint", str(src), "--format", "json", "--severity", "info"]  # copies of the .hx's defects in the page are info
    result = run_qdoc(*args)
    assert result.returncode in (0, 1), result.stderr
    reason = f"a symbolic link to {secret}, outside the source root"
    if command == "build":
        assert not (out / "json" / "qemu-manpage.html.json").exists()
        assert f"skipped qemu-manpage.html: {reason}" in (out / "summary.txt").read_text()
    else:
        assert f"skipped {src / 'qemu-manpage.html'}: {reason}" in result.stderr
        assert "qemu-manpage.html" not in result.stdout
    widened = run_qdoc(*args[:2], "--root", str(tmp_path), *args[2:])
    assert widened.returncode in (0, 1), widened.stderr
    if command == "build":
        assert (out / "json" / "qemu-manpage.html.json").exists()
    else:
        assert "skipped" not in widened.stderr and "qemu-manpage.html" in widened.stdout


def test_a_sphinx_page_linking_outside_the_root_is_not_read(tmp_path):
    """A Sphinx project's `leak.rst -> ../outside/secret.rst` was read, rendered and indexed by `qdoc build`."""
    secret = tmp_path / "outside" / "secret.rst"
    secret.parent.mkdir()
    secret.write_text(f"Secret\n======\n\n{SECRET}\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "t"\nextensions = ["qdoc.sphinx"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   leak\n", encoding="utf-8")
    os.symlink(secret, src / "leak.rst")
    out = tmp_path / "out"
    result = run_qdoc("build", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written and not any(SECRET in p.read_text(errors="replace") for p in written)
    warnings = (out / "sphinx-warnings.txt").read_text()
    assert "page leak is a link to" in warnings and "outside the source root" in warnings


def test_man_of_an_hx_whose_literalinclude_is_missing_writes_no_page(tmp_path):
    """Sphinx only warns on a missing literalinclude: `qdoc man` wrote the page without the text, exit 0."""
    tree = tmp_path / "tree"
    tree.mkdir()
    hx, line = _hx_with_block(tree, ["    .. literalinclude:: nosuchfile.txt"])
    out = tmp_path / "out"
    result = run_qdoc("man", hx, "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert f"{hx}:{line}:" in result.stderr and "'nosuchfile.txt' not found" in result.stderr, result.stderr
    assert not out.exists()


def test_a_root_that_is_not_a_folder_or_misses_the_input_is_a_usage_error(tmp_path):
    """A mistyped --root gave one error per include (or exit 0, or "no documentation files found")."""
    tree = tmp_path / "tree"
    tree.mkdir()
    hx, _ = _hx_with_block(tree, ["    Text."])
    (tmp_path / "elsewhere").mkdir()
    for root, said in ((tmp_path / "nonexist", "no such folder"), (hx, "not a folder"),
                       (tmp_path / "elsewhere", "is not inside --root")):
        for args in (["parse", hx], ["lint", str(tree)]):
            result = run_qdoc(*args, "--root", str(root))
            assert result.returncode == 2 and said in result.stderr and "usage:" in result.stderr, result.stderr
    assert run_qdoc("lint", str(tree), "--root", str(tmp_path)).returncode in (0, 1)
