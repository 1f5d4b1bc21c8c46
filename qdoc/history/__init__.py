"""The history of everything an option contains over many releases: first seen, deprecated, removed, last seen.

Built from one option set per release (the .hx definitions when read, else
built documentation), ordered by version, one row per key (:mod:`qdoc.keys`):
options, their forms and sub-options, nested too.  The deprecation and
removal lists of every era are read and attached to the keys they name
(:mod:`.lists`), and checked against what the releases show: an option
``(removed in X.Y)`` must last appear in the release before X.Y; a
disagreement is a finding, not silently smoothed over (:mod:`.build`).
"""

from ..versions import is_snapshot
from .build import build_history
from .model import ROW_FIELDS, History, KeyHistory, ListEntry, ReleaseCounts

__all__ = ["build_history", "is_snapshot", "History", "KeyHistory", "ListEntry", "ReleaseCounts", "ROW_FIELDS"]
