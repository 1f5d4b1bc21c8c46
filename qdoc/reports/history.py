"""A history as CSV, JSON, or a self-contained HTML report.

CSV and JSON carry the same rows, one per key (:data:`qdoc.history.ROW_FIELDS`;
CSV joins a list with spaces).  The HTML report (:mod:`.history_html`) is one
file with no external assets.
"""

from __future__ import annotations

import csv
import io
import json

from ..history import ROW_FIELDS, History
from .history_html import as_html


#: List columns whose items hold spaces: joined with "; " (the others with a space).
_PHRASE_LISTS = frozenset({"removed_features"})


def _cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ("; " if name in _PHRASE_LISTS else " ").join(value)
    return str(value)


def as_csv(history: History) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_FIELDS)
    for row in history.keys:
        values = row.to_row()
        writer.writerow([_cell(name, values[name]) for name in ROW_FIELDS])
    return out.getvalue()


def as_json(history: History) -> str:
    return json.dumps(history.to_dict(), indent=1, sort_keys=True) + "\n"


FORMATS = {"csv": as_csv, "json": as_json, "html": as_html}
