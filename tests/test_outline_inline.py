"""The inline rST helpers the HTML and man readers share (qdoc.readers.outline).

Both have a quick form for speed; each must say exactly what its plain
definition says, checked here against that definition on drawn text made
of the characters that matter (markup characters, every kind of
whitespace, word and non-word characters).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qdoc.readers.outline import escape_rst, normalize_space

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
