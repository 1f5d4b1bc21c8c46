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
    """What a check found.  ``code`` is the rule's (``QD101``); ``name`` its slug.

    Besides the message a person reads, a finding carries what it is about
    as data, so that code working with findings (matching a rendered copy's
    finding to its source's, :mod:`qdoc.lint.copies`) never parses messages:

    - ``subject``: the key (:mod:`qdoc.keys`) of the option the finding is
      about, which need not be the option whose text holds its line (a DEF
      whose help text sits in another option's item);
    - ``text``: the offending text as the file writes it (a leaked
      ``@var{ms}``, with a man page's ``\\-`` or an HTML ``&#64;``; a
      synopsis with unbalanced brackets; an item that names no option);
    - ``reader_code``: for a reader warning (QD001), the reader's own code
      (``html-orphan-item``).
    """

    code: str
    name: str
    message: str
    location: Location | None
    severity: str = "warning"
    subject: str | None = None
    text: str | None = None
    reader_code: str | None = None

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
