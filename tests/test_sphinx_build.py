"""qdoc.sphinx on QEMU's real qemu-manpage.rst and on a small project (tests/sphinx_projects/small)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import QEMU, ROOT, CORPUS, groff_lines, run_qdoc
from qdoc.loader import load
from qdoc.model import all_synopses

SMALL = ROOT / "tests" / "sphinx_projects" / "small"
#: How a warning names its type: ``[qdoc.QD401]`` (Sphinx 7.3 on appends it), ``[QD401]`` (qdoc, before).
TYPED = r"\[(?:qdoc\.)?{code}\]"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def sphinx(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "--no-color", *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300)


def qemu_conf(tmp: Path, release: str, page: str = "system/qemu-manpage", *, lint: bool = False) -> Path:
    """A conf.py that loads only qdoc.sphinx and builds QEMU's ``page`` alone, over the corpus docs tree (nothing copied)."""
    confdir = tmp / "conf"
    confdir.mkdir()
    (confdir / "conf.py").write_text(
        f"QEMU = {str(QEMU / release)!r}\n"
        "extensions = ['qdoc.sphinx']\n"
        f"root_doc = {page!r}\n"
        f"include_patterns = [{page + '.rst'!r}]\n"
        "hxtool_srctree = QEMU\n"
        f"qdoc_lint = {lint}\n"
        "rst_epilog = open(QEMU + '/docs/defs.rst.inc').read()\n"
        f"man_pages = [({page!r}, 'qemu', 'QEMU User Documentation', [], 1)]\n"
    )
    return confdir


def qemu_objects(html: Path) -> set[str]:
    """The names of the ``qemu`` options and monitor commands an HTML build lists in its objects.inv."""
    from sphinx.util.inventory import InventoryFile

    with open(html / "objects.inv", "rb") as handle:
        found = InventoryFile.load(handle, "", lambda base, uri: uri)
    return {name for kind in ("qemu:option", "qemu:command") for name in found.get(kind, {})}


def hmp_command_names(hx: Path) -> set[str]:
    """The ``.name`` of every command an hmp-commands*.hx table defines, by a plain scan."""
    return set(re.findall(r'^\s*\.name\s*=\s*"([^"]+)"', hx.read_text(), re.M))


def troff_tags(text: str) -> list[str]:
    """The tag lines of ``.TP`` items, font escapes and break points removed (a plain scan)."""
    lines = text.split("\n")
    tags = []
    for index, line in enumerate(lines[:-1]):
        if line == ".TP":
            nxt = next(ln for ln in lines[index + 1:] if not ln.startswith((".na", ".B .na")))
            nxt = re.sub(r"^\.B ", "", nxt)
            tags.append(re.sub(r"\\f[BIPR]|\\:|\\&", "", nxt).replace("\\-", "-").replace("\\(dq", '"').replace("\\(aq", "'").replace("\\e", "\\"))
    return tags


@pytest.fixture(scope="module", params=["7.2.0", "10.2.0"])
def qemu_build(request, tmp_path_factory):
    """The HTML and man builds of QEMU's page, run at once: two processes, each with its doctrees in its own output."""
    from concurrent.futures import ThreadPoolExecutor

    tmp = tmp_path_factory.mktemp(f"qemu-{request.param}")
    conf = qemu_conf(tmp, request.param)
    outputs = {"html": tmp / "html", "man": tmp / "man"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = [pool.submit(sphinx, "-E", "-q", "-b", builder, "-c", str(conf), str(QEMU / request.param / "docs"), str(out))
                   for builder, out in outputs.items()]
    for future in running:
        result = future.result()
        assert result.returncode == 0, result.stderr
    return request.param, outputs


def test_html_has_qemus_options_and_sections(qemu_build):
    release, out = qemu_build
    ours = load(str(out["html"] / "system" / "qemu-manpage.html"), "html")
    theirs = load(str(CORPUS / "built" / release / "qemu-manpage.html"), "html")
    assert ours.names() == theirs.names()
    assert [s.title for s in ours.sections] == [s.title for s in theirs.sections]


def test_man_page_has_qemus_options_and_groff_is_silent(qemu_build):
    release, out = qemu_build
    page = out["man"] / "qemu.1"
    groff = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True)
    assert groff.returncode == 0 and groff.stderr == ""
    man = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, env={**os.environ, "MANWIDTH": "80"})
    assert man.returncode == 0 and "-machine" in man.stdout
    ours = [t.split()[0] for t in troff_tags(page.read_text()) if t.startswith("-")]
    theirs = [t.split()[0] for t in troff_tags((CORPUS / "built" / release / "qemu.1").read_text()) if t.startswith("-")]
    assert ours == theirs
    # Every option and sub-option the .hx documents is a tag of the page.
    model = load(str(QEMU / release / "qemu-options.hx"))
    tags = set(troff_tags(page.read_text()))
    for option in model.options:
        for synopsis in option.synopses:
            assert " ".join(synopsis.text.split()) in {" ".join(t.split()) for t in tags} or synopsis.text.startswith("--")
    text = page.read_text()
    assert r"\fB\-machine\fP [\fBtype\fP=]\fIname\fP" in text  # flag bold, placeholder italic
    # Read back with qdoc's own man reader: QEMU's built page gives the same
    # options and sections, and every option the same sub-options as the .hx.
    ours_model = load(str(page), "man")
    theirs_model = load(str(CORPUS / "built" / release / "qemu.1"), "man")
    assert not ours_model.errors
    assert ours_model.names() == theirs_model.names()
    assert [s.title for s in ours_model.sections] == [s.title for s in theirs_model.sections]
    for option in ours_model.options:
        defined = model.option(option.name)
        assert defined is not None, option.name
        assert sorted(s.name for s in option.suboptions) == sorted(s.name for s in defined.suboptions), option.name


def test_std_option_references_in_qemus_text_link_to_the_qemu_option(qemu_build):
    """qemu-option-trace.rst.inc, included under -trace, writes ``:option:`-trace```: Sphinx's std role.

    QEMU's own build leaves them unlinked; with qdoc.sphinx each links to the
    -trace object (``-trace help`` too: there is no sub-option ``help``).
    """
    from bs4 import BeautifulSoup

    release, out = qemu_build
    written = re.findall(r":option:`([^`]+)`", (QEMU / release / "docs" / "qemu-option-trace.rst.inc").read_text())
    assert written
    soup = BeautifulSoup((out["html"] / "system" / "qemu-manpage.html").read_text(), "lxml")
    references = soup.select("code.std-option")
    assert [" ".join(c.get_text().split()) for c in references] == written
    for code in references:
        link = code.find_parent("a")
        assert link is not None and link["href"].startswith("#"), code
        target = soup.find(id=link["href"][1:])
        assert target is not None and target.name == "dt" and target.get_text().split()[0] == "-trace", target


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_qemus_monitor_page_names_info_commands_as_typed(tmp_path, release):
    """QEMU's real docs/system/monitor.rst renders hmp-commands.hx and hmp-commands-info.hx on one page.

    Both have ``migrate``, ``balloon``, ``sync-profile``: the info commands are
    objects ``info migrate``..., so the page has no duplicate descriptions,
    and every command of both tables (their ``.name`` lines) is an object.
    """
    confdir = qemu_conf(tmp_path, release, "system/monitor", lint=True)
    result = sphinx("-E", "-q", "-b", "html", "-c", str(confdir), str(QEMU / release / "docs"), str(tmp_path / "html"))
    assert result.returncode == 0, result.stderr
    # Only references to labels of documents this one-page build leaves out, and the HMP
    # commands whose .params and documented synopsis disagree (QD310, real: tests/test_lint_sources.py).
    assert all("undefined label" in line or re.search(TYPED.format(code="QD310") + "$", line)
               for line in result.stderr.splitlines() if "WARNING" in line), result.stderr

    commands, info_commands = (hmp_command_names(QEMU / release / name) for name in ("hmp-commands.hx", "hmp-commands-info.hx"))
    assert {"migrate", "balloon"} <= commands & info_commands
    objects = qemu_objects(tmp_path / "html")
    assert {f"info {name}" for name in info_commands} <= objects
    # hmp-commands.hx's commands with an SRST item of their own (``info`` is documented by the other table).
    text = (QEMU / release / "hmp-commands.hx").read_text()
    documented = {name for name in commands for alias in name.split("|")
                  if re.search(rf"^``{re.escape(alias)}(?![\w-])", text, re.M)}
    assert "info" not in documented and len(documented) > 100
    assert not {name for name in documented if not set(name.split("|")) & objects}


def test_qemu_options_over_the_info_table_names_info_commands_as_typed(tmp_path):
    hx = QEMU / "10.2.0" / "hmp-commands-info.hx"
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(f"extensions = ['qdoc.sphinx']\nqdoc_lint = False\nqdoc_source_root = {str(hx.parent)!r}\n")
    (project / "index.rst").write_text(f"Info\n====\n\n.. qemu:options:: {os.path.relpath(hx, project)}\n")
    result = sphinx("-E", "-q", "-W", "-b", "html", str(project), str(tmp_path / "html"))
    assert result.returncode == 0, result.stderr
    assert qemu_objects(tmp_path / "html") == {f"info {name}" for name in hmp_command_names(hx)}


def _hx_headings_of_defs(hx: Path) -> dict[str, str]:
    """Option name -> the DEFHEADING/ARCHHEADING title it is defined under, by a plain scan of the .hx."""
    heading, found = "", {}
    for line in hx.read_text().split("\n"):
        m = re.match(r"(?:DEF|ARCH)HEADING\(([^,)]*)", line)
        if m:
            heading = m.group(1).strip().rstrip(":").strip()
        m = re.match(r'DEF\("([^"]+)"', line)
        if m and heading:
            found["-" + m.group(1)] = heading
    return found


def test_option_index_is_grouped_by_the_hx_headings(qemu_build):
    """The domain index lists each option under the heading its DEF stands under in the .hx."""
    release, out = qemu_build
    page = (out["html"] / "qemu-optionindex.html").read_text()
    expected = _hx_headings_of_defs(QEMU / release / "qemu-options.hx")
    grouped: dict[str, str] = {}
    for group, rows in re.findall(r'<tr class="cap" id="cap-([^"]+)">(.*?)(?=<tr class="cap"|</table>)', page, re.S):
        for name in re.findall(r'<td>\s*<a href="[^"]+"><code class="xref">(-[^<]+)</code>', rows):  # top level only
            grouped[name] = group
    checked = [name for name in grouped if name in expected]
    assert len(checked) > 80
    assert {name: grouped[name] for name in checked} == {name: expected[name] for name in checked}


def test_lint_selection_in_sphinx_on_a_real_tree(tmp_path):
    """qdoc_select / qdoc_ignore on QEMU 7.2's page: QD401 is reported at exactly the .hx lines with texinfo markup."""
    hx = QEMU / "7.2.0" / "qemu-options.hx"
    leaks = {i for i, line in enumerate(hx.read_text().split("\n"), 1) if re.search(r"@\w+\{", line) and not line.startswith("HXCOMM")}
    conf = qemu_conf(tmp_path, "7.2.0")
    base = ["-E", "-q", "-b", "html", "-c", str(conf), "-D", "qdoc_lint=1", "-D", "qdoc_select=QD401"]
    selected = sphinx(*base, str(QEMU / "7.2.0" / "docs"), str(tmp_path / "a"))
    assert selected.returncode == 0, selected.stderr
    reported = re.findall(r"qemu-options\.hx:(\d+): WARNING: .*" + TYPED.format(code=r"(QD\d+)"), selected.stderr)
    assert {code for _, code in reported} == {"QD401"}
    assert {int(line) for line, _ in reported} == leaks
    ignored = sphinx(*base, "-D", "qdoc_ignore=QD401", str(QEMU / "7.2.0" / "docs"), str(tmp_path / "b"))
    assert ignored.returncode == 0 and not re.search(TYPED.format(code="QD"), ignored.stderr)


def _help_names(help_text: str) -> dict[str, int]:
    """Option names at the start of -help lines (``-fda/-fdb file`` names two), with their line."""
    names = {}
    for number, line in enumerate(help_text.split("\n"), 1):
        match = re.match(r"(-[\w-]+(?:/-[\w-]+)*)", line)
        if match:
            for name in match.group(1).split("/"):
                names.setdefault(name, number)
    return names


def _srst_terms(hx_text: str) -> dict[str, int]:
    """Option names that begin a ````-name ...```` term in the .hx's SRST blocks, with their line."""
    terms, inside = {}, False
    for number, line in enumerate(hx_text.split("\n"), 1):
        inside = (inside or line.startswith("SRST")) and not line.startswith("ERST")
        match = re.match(r"``(-[\w-]+)", line) if inside else None
        if match:
            terms.setdefault(match.group(1), number)
    return terms


def test_qdoc_binary_is_probed_and_checked_in_sphinx(tmp_path):
    """qdoc_binary: the real qemu-system-x86_64 against 7.2.0's page; QD103/QD104 name exactly the differences."""
    binary = shutil.which("qemu-system-x86_64")
    assert binary, "qemu-system-x86_64 is needed (apt install qemu-system-x86)"
    help_text = subprocess.run([binary, "-help"], capture_output=True, text=True, timeout=60).stdout
    in_help = _help_names(help_text)
    hx = QEMU / "7.2.0" / "qemu-options.hx"
    documented = _srst_terms(hx.read_text())
    assert len(in_help) > 100 and len(documented) > 100
    conf = qemu_conf(tmp_path, "7.2.0")
    base = ["-E", "-q", "-b", "html", "-c", str(conf), "-D", "qdoc_lint=1", "-D", "qdoc_select=QD103,QD104",
            "-D", "qdoc_severity=info", str(QEMU / "7.2.0" / "docs")]
    result = sphinx(*base, "-D", f"qdoc_binary={binary}", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    undocumented = re.findall(r"-help:(\d+): WARNING: the -help of \S+ lists (-[\w-]+);.*" + TYPED.format(code="QD103"), result.stderr)
    absent = re.findall(r"qemu-options\.hx:(\d+): WARNING: the documentation has (-[\w-]+)[ ;].*" + TYPED.format(code="QD104"), result.stderr)
    assert {name: int(line) for line, name in undocumented} == {n: in_help[n] for n in set(in_help) - set(documented)}
    assert {name: int(line) for line, name in absent} == {n: documented[n] for n in set(documented) - set(in_help)}
    assert undocumented and absent
    # Without the binary, neither check has anything to compare.
    unset = sphinx(*base, str(tmp_path / "b"))
    assert unset.returncode == 0 and not re.search(TYPED.format(code="QD10"), unset.stderr)
    # A binary that cannot be probed fails a -W build, naming it.
    missing = sphinx("-W", *base, "-D", f"qdoc_binary={tmp_path / 'no-such-qemu'}", str(tmp_path / "c"))
    assert missing.returncode != 0
    assert re.search(r"qdoc_binary \S*no-such-qemu cannot be probed.*" + TYPED.format(code="binary"), missing.stderr)


def test_small_project_links_index_and_no_index(tmp_path):
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", "-D", "qdoc_lint=0", str(SMALL), str(tmp_path))
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "index.html").read_text()
    assert 'href="invocation.html#qemu-option-machine"' in index
    assert 'href="invocation.html#qemu-option-machine-accel"' in index
    assert 'href="invocation.html#invocation-demo-options-machine-label"' in index  # SRST(machine-label), named as QEMU's hxtool names it
    assert (tmp_path / "qemu-optionindex.html").is_file()


def test_two_pages_rendering_one_hx_each_have_its_srst_label(tmp_path):
    """``SRST(machine-label)`` on both pages (neither ``:no-index:``): ``DOCNAME-HXNAME-LABEL`` each, as QEMU's hxtool names it.

    So no duplicate label fails ``-W``, and a link names the page it goes to.
    """
    project = tmp_path / "src"
    shutil.copytree(SMALL, project)
    page = project / "manpage.rst"
    page.write_text(page.read_text().replace("   :no-index:\n", ""))
    (project / "index.rst").write_text((project / "index.rst").read_text() + "\nAlso :ref:`manpage-demo-options-machine-label`.\n")
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", "-D", "qdoc_lint=0", str(project), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^SRST\(machine-label\)$", (SMALL / "demo-options.hx").read_text(), re.M)
    for docname in ("invocation", "manpage"):
        html = (tmp_path / "out" / f"{docname}.html").read_text()
        assert f'id="{docname}-demo-options-machine-label"' in html
        assert f'href="{docname}.html#{docname}-demo-options-machine-label"' in (tmp_path / "out" / "index.html").read_text()


def test_lint_findings_fail_the_build_at_the_hx_line_and_can_be_suppressed(tmp_path):
    hx = (SMALL / "demo-options.hx").read_text().split("\n")
    leak_line = next(i for i, ln in enumerate(hx, 1) if "@var{" in ln)
    failed = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", str(SMALL), str(tmp_path / "a"))
    assert failed.returncode != 0
    found = re.findall(r"demo-options\.hx:(\d+): WARNING: .*" + TYPED.format(code=r"(QD\d+)"), failed.stderr)
    assert (str(leak_line), "QD401") in found
    # Information (-qtest, hidden on purpose by QEMU's "Internal use" comment: QD101) is no warning by default.
    assert "QD101" not in {code for _, code in found}
    verbose = sphinx("-E", "-q", "-b", "html", "-D", "qdoc_severity=info", str(SMALL), str(tmp_path / "c"))
    assert re.search(TYPED.format(code="QD101"), verbose.stderr)
    codes = sorted({code for _, code in found})
    passed = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", "-D", "suppress_warnings=" + ",".join(f"qdoc.{c}" for c in codes),
                    str(SMALL), str(tmp_path / "b"))
    assert passed.returncode == 0, passed.stderr


def test_parallel_build_equals_serial_and_touching_hx_rebuilds(tmp_path):
    project = tmp_path / "src"
    shutil.copytree(SMALL, project)
    serial = sphinx("-q", "-b", "html", "-D", "qdoc_lint=0", str(project), str(tmp_path / "serial"))
    parallel = sphinx("-q", "-j", "2", "-b", "html", "-D", "qdoc_lint=0", str(project), str(tmp_path / "parallel"))
    assert serial.returncode == parallel.returncode == 0
    for name in ("index.html", "invocation.html", "manpage.html", "qemu-optionindex.html"):
        assert (tmp_path / "serial" / name).read_text() == (tmp_path / "parallel" / name).read_text(), name
    os.utime(project / "demo-options.hx")
    again = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-D", "qdoc_lint=0", str(project), str(tmp_path / "serial")],
                           capture_output=True, text=True, env=ENV)
    assert re.search(r"(\d+) changed", again.stdout).group(1) == "2"


def test_qdoc_man_command(tmp_path):
    from conftest import run_qdoc

    result = run_qdoc("man", str(QEMU / "10.2.0" / "qemu-options.hx"), str(QEMU / "10.2.0" / "qemu-img-cmds.hx"), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for page in ("qemu.1", "qemu-img.1"):
        groff = subprocess.run(["groff", "-man", "-ww", "-z", str(tmp_path / page)], capture_output=True, text=True)
        assert groff.stderr == "", page
    model = load(str(QEMU / "10.2.0" / "qemu-img-cmds.hx"))
    tags = {t.split()[0] for t in troff_tags((tmp_path / "qemu-img.1").read_text())}
    assert set(model.names()) <= tags


def _rst_plain(text: str) -> str:
    """rST inline markup removed (``x``, *x*, :role:`x`), words single-spaced: what a reader sees."""
    text = re.sub(r":\w+:`([^`]*)`", r"\1", text)
    text = re.sub(r"``([^`]*)``|\*([^*]*)\*", lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0", "10.2.0"])
def test_qdoc_man_pages_of_each_generation_are_ascii_and_complete(tmp_path, release):
    """No warning from Sphinx nor groff, the text QEMU's .hx writes (and includes) is on the rendered page."""
    hx = QEMU / release / "qemu-options.hx"
    result = run_qdoc("man", str(hx), "-o", str(tmp_path))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    page = tmp_path / "qemu.1"
    assert page.read_bytes().isascii()  # troff reads its input as Latin-1: characters beyond ASCII are escapes
    groff = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True)
    assert groff.returncode == 0 and groff.stderr == ""
    man = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, env={**os.environ, "MANWIDTH": "80"})
    assert man.returncode == 0 and "-machine" in man.stdout
    lines = groff_lines(page)
    shown = "\n".join(lines)
    source = hx.read_text()
    # The box-drawing table of -drive's cache modes (QEMU <= 4.2, an @example): each row as the .hx has it.
    # (``@ `` is texinfo's escaped space.)
    # The page draws it as a tbl table (.TS/.TE, issue 24): each row's cells, as man renders it (groff -t).
    rows = [line.replace("@ ", " ").replace("\u2502", " ").split() for line in source.split("\n") if "\u2502" in line]
    assert (len(rows) > 5) == (release != "10.2.0")
    tbl = subprocess.run(["groff", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=200n", str(page)], capture_output=True, text=True, check=True)
    drawn = [line.replace("\u2502", " ").split() for line in tbl.stdout.split("\n")]
    assert all(row in drawn for row in rows), [r for r in rows if r not in drawn]
    included = re.findall(r"^\s*\.\. include:: (\S+)", source, re.M)
    for name in included:  # resolved as in QEMU's docs/system/, where qemu-options.hx is included
        text = (QEMU / release / "docs" / "system" / name).resolve().read_text()
        paragraphs = [_rst_plain(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
        assert paragraphs and all(p in shown for p in paragraphs), [p for p in paragraphs if p not in shown]
    assert bool(included) == (release == "10.2.0")


def test_qdoc_man_refuses_a_page_that_would_lack_included_text(tmp_path):
    """5.0.0's tree in the corpus has no docs/qemu-option-trace.rst.inc: error at the include's line, no page."""
    hx = QEMU / "5.0.0" / "qemu-options.hx"
    line = next(n for n, text in enumerate(hx.read_text().split("\n"), 1) if ".. include::" in text)
    assert not (QEMU / "5.0.0" / "docs" / "qemu-option-trace.rst.inc").exists()
    result = run_qdoc("man", str(hx), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{hx}:{line}: " in result.stderr and str(QEMU / "5.0.0" / "docs" / "qemu-option-trace.rst.inc") in result.stderr
    assert "qdoc-man-" not in result.stderr and "Traceback" not in result.stderr  # no temporary paths, no crash
    assert not (tmp_path / "out").exists()


def test_qdoc_man_refuses_two_sources_of_one_page(tmp_path):
    result = run_qdoc("man", str(QEMU / "4.2.0" / "qemu-options.hx"), str(QEMU / "10.2.0" / "qemu-options.hx"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "both make qemu.1" in result.stderr
    assert not (tmp_path / "out").exists()


def _def_names(hx: Path) -> set[str]:
    """Option names of the DEF lines of a qemu-options.hx, by a plain scan."""
    return {"-" + m for m in re.findall(r'^DEF\("([^"]+)"', hx.read_text(), re.M)}


def test_options_deprecations_and_diff_directives_on_every_source_format(tmp_path):
    """``qemu:options`` over a man page, an HTML page and a texinfo manual, a deprecation
    table and an option diff, in one ``-W`` build: no warning (the rST made from rendered
    pages is valid), and each page read back gives its source's options."""
    src = tmp_path / "src"
    src.mkdir()

    def rel(path: Path) -> str:
        return os.path.relpath(path, src)

    pages = {
        "man": f".. qemu:options:: {rel(CORPUS / 'debian-7.2' / 'man' / 'qemu-system.1')}\n",
        "html": f".. qemu:options:: {rel(CORPUS / 'debian-7.2' / 'html' / 'qemu-manpage.html')}\n   :no-index:\n",
        "texi": f".. qemu:options:: {rel(QEMU / '4.2.0' / 'qemu-doc.texi')}\n   :no-index:\n",
        "tables": f".. qemu:deprecations:: {rel(QEMU / '7.2.0' / 'docs' / 'about' / 'deprecated.rst')} {rel(QEMU / '7.2.0' / 'qemu-options.hx')}\n\n"
                  f".. qemu:option-diff:: {rel(QEMU / '7.2.0' / 'qemu-options.hx')} {rel(QEMU / '10.2.0' / 'qemu-options.hx')}\n",
    }
    (src / "conf.py").write_text(f"extensions = ['qdoc.sphinx']\nqdoc_lint = False\nqdoc_source_root = {str(CORPUS)!r}\n")
    (src / "index.rst").write_text("Sources\n=======\n\n.. toctree::\n\n" + "".join(f"   {name}\n" for name in pages))
    for name, body in pages.items():
        (src / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\n{body}")
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", str(src), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    # Debian's qemu-system.1 rendered by qdoc documents what Debian's own HTML manual does.
    assert load(str(out / "man.html"), "html").names() == load(str(CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"), "html").names()
    assert load(str(out / "texi.html"), "html").names() == load(str(QEMU / "4.2.0" / "qemu-doc.texi")).names()
    tables = (out / "tables.html").read_text()
    deprecations = tables.split('class="rubric">Removed')[0]
    assert re.search(r'<span class="pre">-spice</span> <span class="pre">password</span>.*?<p>6\.0</p>', deprecations, re.S)  # deprecated.rst:76
    old, new = _def_names(QEMU / "7.2.0" / "qemu-options.hx"), _def_names(QEMU / "10.2.0" / "qemu-options.hx")
    removed = tables.split('class="rubric">Removed')[1].split('class="rubric">')[0]
    added = tables.split('class="rubric">Added')[1].split('class="rubric">')[0]
    shown_removed = set(re.findall(r'<span class="pre">(-[\w-]+)</span>', removed))
    shown_added = set(re.findall(r'<span class="pre">(-[\w-]+)</span>', added))
    assert shown_removed and shown_removed <= old - new
    assert shown_added and shown_added <= new - old


# -- styling of man page terms, against QEMU's own texinfo @var markup ---------


def styled_tags(man_text: str) -> dict[str, str]:
    """``.TP`` tag text -> its fonts, one letter per character (B bold, I italic, R roman)."""
    lines = man_text.split("\n")
    tags: dict[str, str] = {}
    escapes = {"-": "-", "e": "\\", ":": "", "&": "", " ": " "}
    for index, line in enumerate(lines[:-1]):
        if line != ".TP":
            continue
        tag = next(ln for ln in lines[index + 1:] if not ln.startswith((".na", ".B .na")))
        font = "B" if tag.startswith(".B ") else "R"
        tag = tag[3:] if tag.startswith(".B ") else tag
        base, text, fonts, position = font, [], [], 0
        while position < len(tag):
            char = tag[position]
            if char == "\\" and tag[position + 1] == "f":
                code = tag[position + 2]
                font = base if code in "PR" else code
                position += 3
                continue
            if char == "\\" and tag[position + 1] == "(":
                char, position = {"aq": "'", "dq": '"'}[tag[position + 2:position + 4]], position + 4
            elif char == "\\":
                char, position = escapes[tag[position + 1]], position + 2
            else:
                position += 1
            text.append(char)
            fonts.extend(font * len(char))
        tags.setdefault("".join(text), "".join(fonts))
    return tags


def texinfo_items(hx: Path) -> dict[str, str]:
    """``@item`` lines of the .hx's STEXI blocks that mark placeholders: plain text -> V (@var) or L per character."""
    items: dict[str, str] = {}
    inside = False
    for line in hx.read_text().split("\n"):
        inside = (inside or line.startswith("STEXI")) and not line.startswith("ETEXI")
        match = re.match(r"@itemx? (.*)$", line) if inside else None
        if not match or "@var{" not in line:
            continue
        text, marks, depth_var = [], [], []
        markup, position = match.group(1).strip(), 0
        while position < len(markup):
            command = re.match(r"@(\w+)\{", markup[position:])
            if command:
                depth_var.append(command.group(1) == "var")
                position += command.end()
                continue
            char = markup[position]
            if char == "@" and position + 1 < len(markup):
                char, position = markup[position + 1], position + 2
            elif char == "}" and depth_var:
                depth_var.pop()
                position += 1
                continue
            else:
                position += 1
            text.append(char)
            marks.append("V" if any(depth_var) else "L")
        items.setdefault("".join(text), "".join(marks))
    return items


def styling_disagreements(tags: dict[str, str], items: dict[str, str]) -> tuple[int, list[str]]:
    """Where a man page's fonts contradict texinfo's markup of the same synopsis, in the unambiguous places.

    The option flag, and every key written as such before ``=`` (``id=``),
    are typed as written: bold.  A ``@var`` right after ``=`` is a
    placeholder: italic.  (Bare words are left out: QEMU's texinfo marks
    ``@var{driver}`` but not ``node`` in ``-numa node``, and no plain text
    says which.)
    """
    compared, wrong = 0, []
    for text, marks in items.items():
        fonts = tags.get(text)
        if fonts is None:
            continue
        compared += 1
        flag = re.match(r"-[\w-]+", text)
        spans = [(0, flag.end(), "B")] if flag else []
        for key in re.finditer(r"[\w.-]+(?==)", text):
            if "V" not in marks[key.start():key.end()]:
                spans.append((key.start(), key.end(), "B"))
        for value in re.finditer(r"V+", marks):
            # Not choices: texinfo writes ``menu=on|off`` but ``share=@var{on|off}``, ``shift=@var{N}|auto``.
            whole_value = re.match(r"[^,\]]*", text[value.start():]).group(0)
            if text[value.start() - 1:value.start()] == "=" and "|" not in whole_value:
                spans.append((value.start(), value.end(), "I"))
        for start, end, font in spans:
            # Letters and digits only: ``/`` in ``/dev/random`` or ``%`` in ``%d`` is punctuation.
            got = "".join(f for c, f in zip(text[start:end], fonts[start:end]) if c.isalnum())
            if got != font * len(got):
                wrong.append(f"{text!r}: {text[start:end]!r} should be {font}, is {fonts[start:end]}")
    return compared, wrong


def test_man_terms_style_keys_bold_and_values_italic_as_qemus_texinfo_marks_them(tmp_path):
    """qdoc man over QEMU 4.2's texinfo .hx: every term's fonts agree with the @item's @var markup."""
    hx = QEMU / "4.2.0" / "qemu-options.hx"
    result = run_man(tmp_path, hx)
    items = texinfo_items(hx)
    # Items the model has no synopsis for (``-bt hci,null`` listed under the
    # form ``-bt hci[...]``) are plain definition-list terms, set bold whole.
    lines = hx.read_text().split("\n")
    known = {synopsis.text for option in load(str(hx)).options for synopsis in all_synopses(option)
             if lines[synopsis.location.line - 1].startswith("@item")}
    compared, wrong = styling_disagreements(styled_tags(result.read_text()), {t: m for t, m in items.items() if t in known})
    assert compared > 250, compared
    assert wrong == []


def test_man_terms_of_rst_releases_agree_with_texinfo_where_the_synopsis_is_unchanged(qemu_build):
    """rST terms carry no markup of placeholders; where 4.2's texinfo wrote the same synopsis, the fonts agree."""
    release, out = qemu_build
    tags = styled_tags((out["man"] / "qemu.1").read_text())
    compared, wrong = styling_disagreements(tags, texinfo_items(QEMU / "4.2.0" / "qemu-options.hx"))
    assert compared > 60, compared
    assert wrong == []
    # Terms the readers split differently from a leading flag are styled by that split.
    assert all(fonts[:1] != "B" or not text.startswith("=") for text, fonts in tags.items())


def run_man(tmp_path: Path, source: Path) -> Path:
    result = run_qdoc("man", str(source), "-o", str(tmp_path / "man"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "man" / "qemu.1"
