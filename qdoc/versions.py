"""QEMU release numbers: ordering, and distance in releases for the deprecation policy.

QEMU's policy (deprecated.rst): a deprecated feature "will remain functional
for the release in which it was deprecated and one further release", and is
liable to be removed after those two; features deprecated before 2.10 count
as deprecated in 2.10.  Distances are counted in feature releases, whose
numbering is fixed history: 1.0-1.7, 2.0-2.12, 3.0-3.1, then x.0-x.2 per year.
"""

from __future__ import annotations

import re

_VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")
_MINORS = {1: 8, 2: 13, 3: 2}  # number of feature releases per major
POLICY_FLOOR = (2, 10)


def parse(version: str | None) -> tuple[int, int, int] | None:
    """``7.2.0`` -> (7, 2, 0); ``4.2.50-transition`` -> (4, 2, 50); ``3.1`` -> (3, 1, 0)."""
    if not version:
        return None
    m = _VERSION_RE.match(version.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def is_snapshot(release: str | None) -> bool:
    """Whether a release label names a development state: QEMU numbers those x.y.50 and up."""
    parsed = parse(release)
    return parsed is not None and parsed[2] >= 50


def sort_key(version: str | None) -> tuple:
    parsed = parse(version)
    return (0, parsed) if parsed else (1, (version or "",))


def release_index(version: str | tuple[int, int, int]) -> int | None:
    """Position of a feature release (major.minor) in QEMU's release history."""
    parsed = parse(version) if isinstance(version, str) else version
    if parsed is None:
        return None
    major, minor, _ = parsed
    index = 0
    for m in range(1, major):
        index += _MINORS.get(m, 3)
    return index + minor


def releases_between(older: str, newer: str) -> int | None:
    """How many feature releases ``newer`` comes after ``older`` (7.0 -> 7.2 is 2)."""
    a, b = release_index(older), release_index(newer)
    if a is None or b is None:
        return None
    return b - a


def policy_start(since: str) -> str:
    """The release a deprecation counts from: features deprecated before 2.10 count from 2.10."""
    parsed = parse(since)
    if parsed and (parsed[0], parsed[1]) < POLICY_FLOOR:
        return "2.10"
    return since
