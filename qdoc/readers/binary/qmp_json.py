"""JSON decoding that remembers where each object starts, for located facts.

The standard library's decoder gives values, not positions.  Its pure-Python
scanner (``json.scanner.py_make_scanner``) calls the decoder's
``parse_object`` hook for every object, with the offset where the object
opens; wrapping that hook records the offset of each decoded dict, from which
the line follows.  Errors are :class:`json.JSONDecodeError` with a line and
column, as usual; so is what the decoder would accept but qdoc could not
use, found by one scan of the text before decoding (:func:`check_tokens`):
nesting deeper than :data:`MAX_DEPTH` (the decoder recurses once per level,
and a reply is at most four deep), which would otherwise exhaust Python's
stack; an integer longer than Python converts (``sys.get_int_max_str_digits``,
4300 digits), which would raise a bare ``ValueError``; and a ``\\u`` escape of a
lone surrogate (``"\\ud800"``), which decodes to a string no output can encode.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
import sys
from typing import Any, Iterator

#: Deepest nesting of arrays and objects accepted; QEMU's replies are four levels deep.
MAX_DEPTH = 100

#: What the scan looks at: a string (whole, so brackets and digits inside it are skipped), a bracket, a number.
#: A string start always matches, as far as the string reaches; ``close`` tells whether it ends
#: there.  Possessive: a character is either plain or escaped, there is nothing to backtrack into.
_TOKEN_RE = re.compile(r'"(?:[^"\\]++|\\.)*+(?P<close>")?|[\[\]{}]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')
#: The tokens other than strings: what is found in the text of a string that never ends.
_BARE_TOKEN_RE = re.compile(r'[\[\]{}]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')
_ESCAPE_RE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


class PositionedDict(dict):
    """A decoded JSON object that knows its 1-based ``line``."""

    line: int = 0


def _lone_surrogate(string: str) -> tuple[int, int] | None:
    """Offset in the JSON string literal ``string`` and code of a ``\\u`` escape that is half a pair."""
    high: tuple[int, int, int] | None = None  # (start, end, code) of an unpaired high surrogate
    for m in _ESCAPE_RE.finditer(string):
        code = int(m.group(1), 16) if m.group(1) else None
        if high is not None:
            if code is not None and 0xDC00 <= code <= 0xDFFF and m.start() == high[1]:
                high = None
                continue
            return high[0], high[2]
        if code is not None and 0xD800 <= code <= 0xDBFF:
            high = (m.start(), m.end(), code)
        elif code is not None and 0xDC00 <= code <= 0xDFFF:
            return m.start(), code
    return (high[0], high[2]) if high is not None else None


def tokens(text: str) -> Iterator[re.Match]:
    """The strings, brackets and numbers of ``text``, scanning left to right once.

    A string that never ends is no token: the scan goes on inside it, where
    it finds brackets and numbers but no string (each ``"`` in it is
    escaped, and a string starting there would end where this one stopped).
    Letting the regular expression retry it at every such ``"`` cost the
    square of its length (``"\\"`` repeated 20,000 times: 7 s).
    """
    position = 0
    while (m := _TOKEN_RE.search(text, position)) is not None:
        if m.group()[0] == '"' and m.group("close") is None:
            yield from _BARE_TOKEN_RE.finditer(text, m.start() + 1, m.end())
        else:
            yield m
        position = m.end()


def check_tokens(text: str) -> None:
    """Raise :class:`json.JSONDecodeError`, located, for JSON the decoder takes but qdoc cannot use (see above)."""
    depth = 0
    digits_limit = sys.get_int_max_str_digits()
    for m in tokens(text):
        token = m.group()
        first = token[0]
        if first == '"':
            if "\\u" in token:
                lone = _lone_surrogate(token)
                if lone is not None:
                    offset, code = lone
                    raise json.JSONDecodeError(
                        f"string holds a lone surrogate \\u{code:04x} (half of a UTF-16 pair, not a character)", text, m.start() + offset
                    )
        elif first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, m.start())
        elif first in "]}":
            depth -= 1
        elif digits_limit and "." not in token and "e" not in token and "E" not in token:
            digits = len(token.lstrip("-"))
            if digits > digits_limit:
                raise json.JSONDecodeError(f"an integer of {digits} digits (more than the {digits_limit} Python reads)", text, m.start())


def loads_with_lines(text: str) -> Any:
    """Decode ``text``; every object in the result is a :class:`PositionedDict`."""
    check_tokens(text)
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    decoder = json.JSONDecoder()
    plain_object = decoder.parse_object

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None, _w=json.decoder.WHITESPACE.match):
        opened = s_and_end[1] - 1
        value, end = plain_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo, _w)
        located = PositionedDict(value)
        located.line = bisect.bisect_right(starts, opened)
        return located, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)
