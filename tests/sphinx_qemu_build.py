"""A build of QEMU's real docs with a conf.py shaped like QEMU's, on either Sphinx toolchain.

Shared by the drop-in tests (tests/test_sphinx_dropin*.py), the object
model tests and benchmarks/bench_sphinx.py: QEMU's docs/system/qemu-manpage.rst
and invocation.rst, which both render qemu-options.hx with ``.. hxtool-doc::``,
built together from the corpus tree (nothing copied) with what QEMU's
docs/conf.py sets for them: ``hxtool_srctree`` at the source tree's top,
``rst_epilog`` from docs/defs.rst.inc, ``default_role = 'any'`` and the
``qemu.1`` entry of ``man_pages``.

Two toolchains: ``newest`` (the Sphinx and docutils this Python has) and
``sphinx-5.3`` (Sphinx 5.3.0 with docutils 0.18.1, the oldest qdoc declares,
in the virtual environment .ci/install-test-deps makes under .cache/).

:data:`HXTOOL_STANDIN` is a stand-in for QEMU's docs/sphinx/hxtool.py,
written from its documented behaviour (the config value ``hxtool_srctree``,
the directive ``hxtool-doc``, ``SRST(label)`` named ``DOCNAME-HXNAME-LABEL``),
to load beside qdoc.sphinx and to measure qdoc against.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
QEMU = (ROOT / ".." / "shared" / "corpus" / "qemu").resolve()

#: The pages QEMU renders qemu-options.hx in.
PAGES = ("system/qemu-manpage", "system/invocation")

TOOLCHAINS = {
    "newest": Path(sys.executable),
    "sphinx-5.3": ROOT / ".cache" / "sphinx-5.3" / "bin" / "python",
}


def toolchain_python(name: str) -> Path:
    """The Python of toolchain ``name``; the test fails (never skips) when it is not installed."""
    python = TOOLCHAINS[name]
    if not python.exists():
        import pytest

        pytest.fail(f"the {name} Sphinx toolchain is missing ({python}): run bash .ci/install-test-deps", pytrace=False)
    return python


def sphinx(*args: str, toolchain: str = "newest", cwd: Path = ROOT, pythonpath: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``sphinx-build --no-color ARGS`` on ``toolchain``, qdoc taken from this checkout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*pythonpath, str(ROOT)])}
    return subprocess.run([str(toolchain_python(toolchain)), "-m", "sphinx", "--no-color", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def qemu_conf_text(release: str, *, extensions: tuple[str, ...] = ("qdoc.sphinx",), lint: bool = False,
                   pages: tuple[str, ...] = PAGES, srctree: Path | None = None, extra: str = "") -> str:
    """conf.py as QEMU's docs/conf.py sets what these pages need, building only ``pages``."""
    srctree = srctree or QEMU / release
    lines = [
        "project = 'QEMU'",
        f"release = version = {release!r}",
        f"extensions = {list(extensions)!r}",
        f"hxtool_srctree = {str(srctree)!r}",
        "default_role = 'any'",
        f"rst_epilog = open({str(srctree / 'docs' / 'defs.rst.inc')!r}).read()",
        "man_pages = [('system/qemu-manpage', 'qemu', 'QEMU User Documentation', ['Fabrice Bellard'], 1)]",
        f"root_doc = {pages[-1]!r}",
        f"include_patterns = {[page + '.rst' for page in pages] + ['qdoc-rest-of-manual.rst']!r}",
    ]
    if "qdoc.sphinx" in extensions:
        lines.append(f"qdoc_lint = {lint!r}")
    return "\n".join(lines) + "\n" + extra


_REF_RE = re.compile(r":ref:`(?:[^`<]*<([^>`]+)>|([^`]+))`")


def references_outside(tree: Path, pages: tuple[str, ...] = PAGES) -> list[str]:
    """Labels the pages (and the .hx they render) refer to that QEMU defines in its other pages (a plain scan)."""
    texts = [(tree / "docs" / f"{page}.rst").read_text() for page in pages] + [(tree / "qemu-options.hx").read_text()]
    wanted = {(m.group(1) or m.group(2)).strip() for text in texts for m in _REF_RE.finditer(text)}
    defined: dict[str, str] = {}
    for path in sorted((tree / "docs").rglob("*.rst")):
        if str(path.relative_to(tree / "docs"))[:-4] in pages:
            continue
        for label in re.findall(r"^\.\. _([^:`]+):\s*$", path.read_text(errors="replace"), re.M):
            defined.setdefault(label.lower(), label)
    return sorted(label for label in wanted if label.lower() in defined)


def mirror_docs(tmp: Path, tree: Path, pages: tuple[str, ...] = PAGES) -> Path:
    """``tmp/docs``: the docs/ of QEMU's source ``tree`` as symbolic links, plus an orphan page standing for the rest of QEMU's manual.

    That page defines the labels of QEMU's other pages that these pages
    refer to (:func:`references_outside`), as the whole manual would, and
    refers to every ``SRST(label)`` anchor on every page as QEMU's
    docs/system/i386/xen.rst does (``system/invocation-qemu-options-initrd``),
    so a ``-W`` build fails if one is missing.
    """
    docs = tmp / "docs"
    docs.mkdir(parents=True)
    for entry in sorted((tree / "docs").iterdir()):
        os.symlink(entry, docs / entry.name)
    labels = srst_labels(tree / "qemu-options.hx")
    lines = [":orphan:", "", "The rest of QEMU's manual", "=========================", ""]
    for label in references_outside(tree, pages):
        lines += [f".. _{label}:", "", label, "-" * len(label), "", "Text.", ""]
    lines += ["Links to the hxtool labels", "--------------------------", ""]
    lines += [f"- :ref:`{page}-qemu-options-{label}`" for page in pages for label in labels]
    (docs / "qdoc-rest-of-manual.rst").write_text("\n".join(lines) + "\n")
    return docs


class Build(NamedTuple):
    process: subprocess.CompletedProcess
    out: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.process.stderr.splitlines() if "WARNING" in line or "ERROR" in line]


def build_qemu_docs(tmp: Path, release: str = "10.2.0", *, toolchain: str = "newest", builder: str = "html",
                    lint: bool = False, extensions: tuple[str, ...] = ("qdoc.sphinx",), args: tuple[str, ...] = (),
                    pythonpath: tuple[str, ...] = (), srctree: Path | None = None, fresh: bool = True,
                    out: Path | None = None, extra_conf: str = "") -> Build:
    """``sphinx-build -E -b BUILDER`` of :data:`PAGES` of ``release`` into ``tmp/BUILDER``.

    The source folder is ``tmp/docs`` (:func:`mirror_docs`, made by the first
    build in ``tmp``); ``srctree`` replaces the corpus tree of ``release``
    (a copy to edit).  ``args`` go before the folders (``-W``, ``-j 2``...);
    ``fresh=False`` builds incrementally (no ``-E``) over the last build.
    """
    confdir = tmp / "conf"
    confdir.mkdir(parents=True, exist_ok=True)
    (confdir / "conf.py").write_text(qemu_conf_text(release, extensions=extensions, lint=lint, srctree=srctree, extra=extra_conf))
    out = out or tmp / builder
    docs = tmp / "docs" if (tmp / "docs").is_dir() else mirror_docs(tmp, srctree or QEMU / release)
    process = sphinx(*(["-E"] if fresh else []), "-b", builder, "-c", str(confdir), "-d", str(tmp / f"doctrees-{builder}"), *args,
                     str(docs), str(out), toolchain=toolchain, pythonpath=pythonpath)
    return Build(process, out)


def at_once(*builds: Callable[[], Build]) -> list[Build]:
    """The results of ``builds`` (each a call of :func:`build_qemu_docs` with its arguments), run at the same time.

    Each build is a sphinx-build process that waits on nothing but itself;
    run one after another, one of CI's two cores stays idle.  Builds run at
    once must not share a folder.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(builds)) as pool:
        running = [pool.submit(build) for build in builds]
    return [future.result() for future in running]


def inventory(out: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """objects.inv of an HTML build: ``domain:type`` -> name -> (uri, display name), read by Sphinx."""
    from sphinx.util.inventory import InventoryFile

    with open(out / "objects.inv", "rb") as handle:
        found = InventoryFile.load(handle, "", lambda base, uri: uri)
    def uri_and_name(item) -> tuple[str, str]:  # Sphinx 8.2 on: attributes; before, a tuple
        return (item.uri, item.display_name) if hasattr(item, "uri") else (item[2], item[3])

    return {kind: {name: uri_and_name(item) for name, item in entries.items()} for kind, entries in found.items()}


def html_ids(page: Path, *, main: bool = False) -> set[str]:
    """Every ``id`` of an HTML page (``main``: of its text only, not the theme's frame), by lxml."""
    from lxml import html

    return set(html.parse(str(page)).getroot().xpath("//*[@role='main']//@id" if main else "//@id"))


def srst_labels(hx: Path) -> dict[str, int]:
    """The labels of the ``SRST(label)`` lines of an .hx, with their line (a plain scan)."""
    return {m.group(1): number for number, line in enumerate(hx.read_text().split("\n"), 1)
            if (m := re.match(r"SRST\(([^)]+)\)", line))}


HXTOOL_STANDIN = '''\
"""A stand-in for QEMU's docs/sphinx/hxtool.py, as QEMU documents it.

``.. hxtool-doc:: FILE`` renders the rST between the SRST and ERST lines of
``hxtool_srctree``/FILE, each non-empty DEFHEADING or ARCHHEADING opening a
section; ``SRST(label)`` puts a label ``DOCNAME-HXNAME-LABEL`` there; a
misplaced SRST/ERST stops the build with the file and line.
"""

import os
import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import ViewList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import switch_source_input
from sphinx.util.nodes import nested_parse_with_titles


def serror(path, lnum, text):
    raise ExtensionError("%s line %d: syntax error: %s" % (path, lnum, text))


class HxtoolDocDirective(Directive):
    required_arguments = 1
    optional_arguments = 1
    option_spec = {"hxfile": directives.unchanged_required}
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        hxfile = env.config.hxtool_srctree + "/" + self.arguments[0]
        env.note_dependency(os.path.abspath(hxfile))
        in_rst, rst, section, sections = False, ViewList(), None, []
        with open(hxfile) as handle:
            for lnum, line in enumerate((ln.rstrip() for ln in handle), 1):
                word = re.split(r"\\W", line)[0]
                if word == "HXCOMM":
                    continue
                if word == "SRST":
                    if in_rst:
                        serror(hxfile, lnum, "expected ERST, found SRST")
                    in_rst = True
                    label = re.match(r"SRST(\\((.*?)\\))?", line).group(2)
                    if label:
                        hx = os.path.splitext(os.path.basename(hxfile))[0]
                        rst.append("", hxfile, lnum - 1)
                        rst.append(".. _%s-%s-%s:" % (env.docname, hx, label), hxfile, lnum - 1)
                elif word == "ERST":
                    if not in_rst:
                        serror(hxfile, lnum, "expected SRST, found ERST")
                    in_rst = False
                elif word in ("DEFHEADING", "ARCHHEADING"):
                    pattern = r"DEFHEADING\\((.*?):?\\)" if word == "DEFHEADING" else r"ARCHHEADING\\((.*?):?,.*\\)"
                    heading = re.match(pattern, line).group(1)
                    if not heading:
                        continue
                    if len(rst):
                        if section is None:
                            serror(hxfile, lnum, "first DEFHEADING must precede all rST text")
                        self.parse(rst, section)
                        rst = ViewList()
                    if section is not None:
                        sections.append(section)
                    section = nodes.section(ids=["hxtool-%d" % env.new_serialno("hxtool")])
                    section += nodes.title(heading, heading)
                elif in_rst:
                    rst.append(line, hxfile, lnum - 1)
        if section is None:
            section = nodes.section()
            self.parse(rst, section)
            return section.children
        if len(rst):
            self.parse(rst, section)
        sections.append(section)
        return sections

    def parse(self, rst, node):
        with switch_source_input(self.state, rst):
            nested_parse_with_titles(self.state, rst, node)


def setup(app):
    app.add_config_value("hxtool_srctree", None, "env")
    app.add_directive("hxtool-doc", HxtoolDocDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
'''


def write_hxtool_standin(folder: Path) -> Path:
    """``folder/hxtool.py``: :data:`HXTOOL_STANDIN`, importable as ``hxtool`` with ``folder`` on the path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hxtool.py").write_text(HXTOOL_STANDIN)
    return folder
