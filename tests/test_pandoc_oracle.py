"""The man and HTML readers' text against pandoc's reading of the same page.

pandoc (installed by .ci/install-test-deps) reads troff man pages and HTML
with readers of its own; ``pandoc -t plain`` of a page is its text as a
reader that knows nothing of QEMU sees it.  For Debian's QEMU 7.2 manual page,
as man page and as Sphinx HTML:

- every paragraph and literal block of every option's description, as
  docutils reads the rST qdoc made of it, is in pandoc's text (whitespace and
  typographic quotes normalised): qdoc dropped, garbled or invented nothing;
- the option terms pandoc shows (a line starting with an option, a blank line,
  then text indented below it) are exactly the options qdoc read, so none is
  lost or made up.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import docutils.core
import docutils.nodes
import pytest

from conftest import CORPUS
from qdoc.loader import load

PAGES = {
    "man": CORPUS / "debian-7.2" / "man" / "qemu-system.1",
    "html": CORPUS / "debian-7.2" / "html" / "qemu-manpage.html",
}


def _normalised(text: str) -> str:
    """Words single-spaced, typographic quotes plain (pandoc's HTML reader makes "x" into “x”)."""
    return " ".join(text.translate(str.maketrans("“”‘’", "\"\"''")).split())


@cache
def pandoc_plain(fmt: str) -> str:
    assert shutil.which("pandoc"), "pandoc is needed (apt-get install pandoc, as .ci/install-test-deps does)"
    result = subprocess.run(["pandoc", "-f", fmt, "-t", "plain", "--wrap=none", str(PAGES[fmt])],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@cache
def read(fmt: str):
    return load(str(PAGES[fmt]))


def _blocks(rst: str) -> list[str]:
    """The text of each paragraph and literal block of ``rst``, as docutils parses it (its own messages left out)."""
    tree = docutils.core.publish_doctree(rst, settings_overrides={"report_level": 5, "halt_level": 5})
    blocks = []
    for node in tree.findall(lambda n: isinstance(n, (docutils.nodes.paragraph, docutils.nodes.literal_block))):
        parent = node.parent
        while parent is not None and not isinstance(parent, docutils.nodes.system_message):
            parent = parent.parent
        if parent is None:
            blocks.append(node.astext())
    return blocks


def pandoc_terms(plain: str) -> set[str]:
    """The options of the definition terms in pandoc's plain text: ``-fda file`` over an indented body.

    A term line starts with an option; after a blank line its body is
    indented deeper (a body may be blank: ``-fda file`` shares ``-fdb``'s).
    """
    lines = plain.splitlines()
    terms = set()
    for i, line in enumerate(lines[:-2]):
        term = re.match(r"^( *)--?[\w-]+", line)
        if term and not lines[i + 1].strip() and lines[i + 2].startswith(term.group(1) + "  "):
            terms.add("-" + term.group(0).strip().lstrip("-"))
    return terms


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_every_paragraph_the_reader_gives_an_option_is_text_pandoc_reads_on_the_page(fmt):
    text = _normalised(pandoc_plain(fmt))
    # One docutils run over all descriptions: an empty comment at column 0 ends whatever block came before.
    blocks = [_normalised(block) for block in _blocks("\n\n..\n\n".join(o.description or "" for o in read(fmt).options))]
    assert len(blocks) > 600, len(blocks)  # 117 options, most with several paragraphs
    assert [block for block in blocks if block not in text] == []


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_the_option_terms_pandoc_shows_are_the_options_the_reader_read(fmt):
    terms = pandoc_terms(pandoc_plain(fmt))
    assert {"-machine", "-fda", "-fdb", "-preconfig", "-h"} <= terms
    assert {option.name for option in read(fmt).options} == terms
