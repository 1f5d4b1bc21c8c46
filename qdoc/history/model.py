"""What a history says: one row per key, the list entries behind them, and counts per release.

A row is about one key (:mod:`qdoc.keys`: an option, a form, a sub-option,
nested too) over every release read.  CSV and JSON carry the same rows
(:meth:`KeyHistory.to_row`), so a spreadsheet and a script see one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ListEntry:
    """One entry of a deprecation or removal list, pooled over every release whose list carries it.

    The same entry is copied from release to release (6.2's ``-no-hpet`` is
    still in 9.2's list): it is one entry, listed first in one release, with
    the file:line of each copy as its evidence.  ``version`` is what the entry
    states: the release it was deprecated in (``(since 2.10.0)``) or removed
    in.  ``keys`` are the keys of the history it names; ``names`` everything
    it names (:func:`qdoc.records.resolve`), keys read in no release and
    things no key stands for (a QMP command, a host) included.
    """

    id: str
    list: str  # "deprecated" or "removed"
    heading: str
    feature: str
    area: str
    version: str | None
    replacement: str | None
    listed_in: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "list": self.list,
            "heading": self.heading,
            "feature": self.feature,
            "area": self.area,
            "version": self.version,
            "replacement": self.replacement,
            "listed_in": self.listed_in,
            "locations": self.locations,
            "names": self.names,
            "keys": self.keys,
        }


@dataclass
class KeyHistory:
    """The life of one key: when it was there, deprecated, removed, and the evidence for each.

    ``deprecated_since`` is the version the list entry states and
    ``deprecation_listed_in`` the release whose list first said so; once
    deprecated a key stays deprecated (``deprecated_in``) until it is gone.
    ``removed_in`` is the first release read without it after it was last
    there; ``announced_removal`` the version a removal entry states, the
    entry about the key itself when there is one.  What entries removed of
    a key that may live on (``-drive`` with bogus interface type,
    ``-usbdevice audio``) is ``removed_features``, each with its version.
    """

    key: str
    option: str
    kind: str
    present: list[str] = field(default_factory=list)
    snapshots_present: list[str] = field(default_factory=list)
    first_location: str | None = None
    last_location: str | None = None
    deprecated_since: str | None = None
    deprecation_listed_in: str | None = None
    deprecated_in: list[str] = field(default_factory=list)
    removed_in: str | None = None
    announced_removal: str | None = None
    removed_features: list[str] = field(default_factory=list)
    removed_whole: bool = False  # a removal entry is about the key itself
    replacement: str | None = None
    deprecation_evidence: list[str] = field(default_factory=list)
    removal_evidence: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)

    @property
    def first_seen(self) -> str | None:
        return self.present[0] if self.present else None

    @property
    def last_seen(self) -> str | None:
        return self.present[-1] if self.present else None

    @property
    def depth(self) -> int:
        """0 for an option, 1 for its forms and sub-options, 2 below those..."""
        return self.key.count("/")

    def to_row(self) -> dict:
        """The row CSV and JSON both carry (lists stay lists here; CSV joins them with spaces)."""
        return {
            "key": self.key,
            "option": self.option,
            "kind": self.kind,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "releases": self.present,
            "snapshots_present": self.snapshots_present,
            "deprecated_since": self.deprecated_since,
            "deprecation_listed_in": self.deprecation_listed_in,
            "deprecated_in": self.deprecated_in,
            "removed_in": self.removed_in,
            "announced_removal": self.announced_removal,
            "removed_features": self.removed_features,
            "replacement": self.replacement,
            "first_location": self.first_location,
            "last_location": self.last_location,
            "deprecation_evidence": self.deprecation_evidence,
            "removal_evidence": self.removal_evidence,
            "records": self.records,
        }

    def option_summary(self) -> dict:
        """The whole-option row of ``qdoc history``'s first JSON format (``options``), kept for its readers."""
        return {
            "name": self.key,
            "first_seen": self.first_seen,
            "deprecated": self.deprecated_in[0] if self.deprecated_in else None,
            "removed": self.removed_in,
            "last_seen": self.last_seen,
            "announced_removal": self.announced_removal,
            "releases": self.present,
            "deprecated_in": self.deprecated_in,
        }


#: The columns of a row, in order: the CSV header.
ROW_FIELDS = tuple(KeyHistory("", "", "").to_row())


@dataclass
class ReleaseCounts:
    """What one release holds and what changed from the release before it (None for the first)."""

    options: int
    keys: int
    added: int | None
    removed: int | None
    deprecated: int | None

    def to_dict(self) -> dict:
        return {
            "options": self.options,
            "keys": self.keys,
            "added": self.added,
            "removed": self.removed,
            "deprecated": self.deprecated,
        }


@dataclass
class History:
    releases: list[str]
    snapshots: list[str]
    keys: list[KeyHistory]
    entries: list[ListEntry]
    per_release: dict[str, ReleaseCounts]
    findings: list[str]
    left_out: list[str] = field(default_factory=list)  # development snapshots read but not asked for

    @property
    def options(self) -> list[KeyHistory]:
        return [k for k in self.keys if k.depth == 0]

    @property
    def counts(self) -> dict[str, int]:
        """Options per release."""
        return {r: c.options for r, c in self.per_release.items()}

    def to_dict(self) -> dict:
        return {
            "qdoc_history": 1,
            "releases": self.releases,
            "snapshots": self.snapshots,
            "counts": self.counts,
            "per_release": {r: c.to_dict() for r, c in self.per_release.items()},
            "options": [o.option_summary() for o in self.options],
            "keys": [k.to_row() for k in self.keys],
            "records": [e.to_dict() for e in self.entries],
            "findings": self.findings,
        }
