"""The inline rST helpers the HTML and man readers share (qdoc.readers.common.outline).

Both have a quick form for speed; each must say exactly what its plain
definition says, checked here against that definition on drawn text made
of the characters that matter (markup characters, every kind of
whitespace, word and non-word characters).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qdoc.readers.common.outline import escape_rst, normalize_space

#: The rule as one regular expression: ``\\ * ` |`` next to a non-space on
#: either side, ``_`` after a word character and before none.
_MARKUP_RE = re.compile(r"([\\*`|])(?=\S)|(?<=\S)([\\*`|])|(?<=\w)(_)(?!\w)")

_TEXT = st.text(alphabet=st.sampled_from(list("ab1é_*`|\\ -.\n\t\r\x0b\x0c\x1c\x85\xa0\u2003\u2028")), max_size=12)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_escape_rst_escapes_what_rst_would_read_as_markup(text):
    assert escape_rst(text) == _MARKUP_RE.sub(lambda m: "\\" + m.group(0), text)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_normalize_space_is_split_and_join(text):
    assert normalize_space(text) == " ".join(text.split())


def test_escape_rst_examples():
    assert escape_rst("file_name and name_ here") == "file_name and name\\_ here"
    assert escape_rst("a * b, *word*, |x|") == "a * b, \\*word\\*, \\|x\\|"


def test_markup_neighbours_follow_docutils_rules():
    """The quick sets (ASCII, typographic quotes and dashes) equal docutils' own start/end-string patterns."""
    from docutils.utils import punctuation_chars as p

    from qdoc.readers.common import outline

    before = re.compile(f"[{p.openers}{p.delimiters}]")
    after = re.compile(f"[{p.closing_delimiters}{p.delimiters}{p.closers}]")
    domain = outline._QUICK_DOMAIN
    assert outline._QUICK_MAY_PRECEDE == {c for c in domain if before.fullmatch(c)}
    assert outline._QUICK_MAY_FOLLOW == {c for c in domain if after.fullmatch(c)}
    assert outline.literal_rst("websocket", "syntax ", "=port.") == "``websocket``\\ "  # as QEMU writes it
    assert outline.literal_rst("a", "«", "»") == "``a``"  # Unicode quotes delimit, as in docutils
    assert outline.literal_rst("a", "x", "y") == "\\ ``a``\\ "


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(list("ab ,.=(«»—\\:;!?'\"")), st.sampled_from(list("ab ,.=(«»—\\:;!?'\"")))
def test_a_literal_between_any_neighbours_is_one_literal(left, right):
    """docutils parses ``left + literal + right`` into exactly one literal node holding the text."""
    from docutils.core import publish_doctree
    from docutils import nodes

    from qdoc.readers.common.outline import literal_rst

    source = "x" + left + literal_rst("a b", "x" + left, right + "y") + right + "y"
    tree = publish_doctree(source, settings_overrides={"report_level": 5})
    literals = list(tree.findall(nodes.literal))
    assert [node.astext() for node in literals] == ["a b"], source
