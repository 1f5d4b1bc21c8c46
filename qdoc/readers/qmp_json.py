"""JSON decoding that remembers where each object starts, for located facts.

The standard library's decoder gives values, not positions.  Its pure-Python
scanner (``json.scanner.py_make_scanner``) calls the decoder's
``parse_object`` hook for every object, with the offset where the object
opens; wrapping that hook records the offset of each decoded dict, from which
the line follows.  Errors are :class:`json.JSONDecodeError` with a line and
column, as usual; so is nesting deeper than :data:`MAX_DEPTH` (the
decoder recurses once per level, and a reply is at most four deep), which
would otherwise exhaust Python's stack.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any

#: Deepest nesting of arrays and objects accepted; QEMU's replies are four levels deep.
MAX_DEPTH = 100

_BRACKET_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class PositionedDict(dict):
    """A decoded JSON object that knows its 1-based ``line``."""

    line: int = 0


def _check_depth(text: str) -> None:
    depth = 0
    for m in _BRACKET_RE.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, m.start())
        elif token in "]}":
            depth -= 1


def loads_with_lines(text: str) -> Any:
    """Decode ``text``; every object in the result is a :class:`PositionedDict`."""
    _check_depth(text)
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
