"""JSON decoding that remembers where each object starts, for located facts.

The standard library's decoder gives values, not positions.  Its pure-Python
scanner (``json.scanner.py_make_scanner``) calls the decoder's
``parse_object`` hook for every object, with the offset where the object
opens; wrapping that hook records the offset of each decoded dict, from which
the line follows.  Errors are :class:`json.JSONDecodeError` with a line and
column, as usual.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from typing import Any


class PositionedDict(dict):
    """A decoded JSON object that knows its 1-based ``line``."""

    line: int = 0


def loads_with_lines(text: str) -> Any:
    """Decode ``text``; every object in the result is a :class:`PositionedDict`."""
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
