"""What ``qdoc lint`` imports: only the readers that read, and no syntax highlighter (issue 20, speed).

Start-up is most of a lint's time, so a module imported for nothing is a
cost every run pays.  Python's own ``-X importtime`` report says what a
whole ``qdoc lint`` process imported; the other tests check that leaving
the modules out changed nothing: docutils still highlights code blocks as
it does on its own, and format sniffing still tells every corpus file's format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import CORPUS, ROOT

RELEASE = CORPUS / "qemu" / "7.2.0"
OUTPUTS = CORPUS / "debian-7.2"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _imported_by_lint() -> set[str]:
    """Every module a ``qdoc lint`` of 7.2.0 with Debian's outputs (help.txt, the QMP reply) imports, as Python reports them."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qdoc", "lint", str(RELEASE), str(OUTPUTS), "-o", os.devnull],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr[-2000:]  # findings, no error
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_lint_imports_no_reader_it_does_not_read_with_nor_pygments():
    imported = _imported_by_lint()
    assert "qdoc.readers.binary.help" in imported and "docutils.parsers.rst" in imported  # the report is read right
    unused_readers = sorted(m for m in imported if m.startswith(("qdoc.readers.texinfo", "qdoc.readers.ocr")))
    assert unused_readers == [], "telling the format of help.txt and the QMP reply imported readers that read neither"
    highlighter = sorted(m for m in imported if m.startswith("pygments.") or m == "importlib.metadata")
    assert highlighter == [], "docutils' code analyser imported pygments though no code block was highlighted"


_CODE_PAGE = """\
Title
=====

.. code:: c

   int main(void) { return 0; }

.. code:: python
   :number-lines:

   def f(x):
       return x + 1

.. code:: no-such-language

   a b c
"""

_LITERALS = """
import json, sys
from docutils import nodes
def literals(document):
    return [node.pformat() for node in document.findall(nodes.literal_block)]
"""


def _run(script: str) -> dict:
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=ENV,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_code_is_highlighted_as_docutils_alone_highlights_it():
    page = _CODE_PAGE
    # docutils on its own, pygments imported as it imports it: the reference.
    alone = _run(_LITERALS + f"""
from docutils import frontend, utils
from docutils.parsers import rst
settings = frontend.get_default_settings(rst.Parser)
settings.report_level = 5
document = utils.new_document("page.rst", settings)
rst.Parser().parse({page!r}, document)
print(json.dumps({{"literals": literals(document)}}))
""")
    # qdoc's parser, in a process that has not imported pygments before.
    qdoc = _run(_LITERALS + f"""
from qdoc.readers.rst.parsing import parse
before = "pygments" in sys.modules
result = parse({page!r}, "page.rst")
print(json.dumps({{"literals": literals(result.document), "before": before}}))
""")
    assert qdoc["before"] is False  # importing qdoc's parser did not import pygments
    assert any("keyword" in literal for literal in alone["literals"])  # the reference was highlighted
    assert qdoc["literals"] == alone["literals"]


def test_content_alone_tells_the_format_that_each_corpus_files_name_tells():
    """Sniffing (:mod:`qdoc.readers.sniff`, which imports no reader) tells every corpus file's format from its text.

    The independent fact is the file's name (``.hx``, ``.texi``, ``.html``,
    a man section, ``help.txt``, QMP's reply); the text is handed over under
    a name that tells nothing.  Only the two ``version.texi`` (four ``@set``
    lines, no texinfo structure) cannot be told, and are not.
    """
    from qdoc import readers

    by_suffix = {".hx": "hx", ".texi": "texinfo", ".html": "html", ".1": "man", ".7": "man", ".8": "man"}
    wrong, told = [], 0
    for path in sorted(CORPUS.rglob("*")):
        fmt = "help" if path.name == "help.txt" else "qmp" if path.name.startswith("query-command-line-options") \
            else by_suffix.get(path.suffix)
        if not path.is_file() or fmt is None:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        expected = None if path.name == "version.texi" else fmt
        told += 1
        if readers.detect_format("unnamed", text) != expected:
            wrong.append((str(path.relative_to(CORPUS)), fmt))
    assert told > 250
    assert wrong == []
