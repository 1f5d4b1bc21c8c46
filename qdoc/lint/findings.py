"""A finding: one thing a check reports, with the source line it concerns."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Location

#: Finding severities in increasing order; ``--severity`` picks the threshold.
SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    """What a check found.  ``code`` is the rule's (``QD101``); ``name`` its slug."""

    code: str
    name: str
    message: str
    location: Location | None
    severity: str = "warning"

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path if loc else "", loc.line if loc else 0, loc.column if loc else 0, self.code, self.message)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict() if self.location else None,
        }
