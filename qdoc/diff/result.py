"""What a diff found, key by key: the result types and their JSON form.

Every entry names what it is about by its key (:mod:`qdoc.keys`:
``-netdev/user/hostfwd``), with its kind (option, form, property, value)
and the option it belongs to, so one list holds options, forms and
sub-options alike and a release note can group them under their option.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Location


def _location(location: Location | None) -> dict | None:
    return location.to_dict() if location else None


@dataclass
class Entry:
    """Something present on one side only: ``keys`` is it and everything under it."""

    name: str  # the key
    kind: str
    section: str | None
    location: Location | None
    synopses: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.name

    @property
    def option(self) -> str:
        return self.name.partition("/")[0]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "key": self.name,
            "kind": self.kind,
            "option": self.option,
            "section": self.section,
            "location": _location(self.location),
            "synopses": self.synopses,
            "keys": self.keys,
        }


@dataclass
class Removal(Entry):
    """Something removed, with the record that announced it.

    ``announced`` is None when no removal list was read (nothing can be
    said either way), else whether an entry of it names this key.
    """

    announced: bool | None = None
    removed_in: str | None = None
    removal_record: Location | None = None
    deprecated_since: str | None = None
    deprecation_record: Location | None = None
    replacement: str | None = None

    def to_dict(self) -> dict:
        data = super().to_dict()
        data.update(
            announced=self.announced,
            removed_in=self.removed_in,
            removal_record=_location(self.removal_record),
            deprecated_since=self.deprecated_since,
            deprecation_record=_location(self.deprecation_record),
            replacement=self.replacement,
        )
        return data


@dataclass
class Rename:
    name: str  # the new key
    old_name: str
    similarity: float

    def to_dict(self) -> dict:
        return {"name": self.name, "old_name": self.old_name, "similarity": round(self.similarity, 3)}


@dataclass
class Detail:
    """One fact of a key that changed: ``what`` (synopsis, default, choices, arch, help text), before and after."""

    what: str
    before: str | list[str] | None
    after: str | list[str] | None

    def to_dict(self) -> dict:
        return {"what": self.what, "before": self.before, "after": self.after}


@dataclass
class Change:
    """A key present on both sides whose documented shape changed."""

    name: str  # the key
    kind: str
    details: list[Detail]

    @property
    def changes(self) -> list[str]:
        """What changed, one word each (``synopsis``, ``default``, ``arch i386 -> all``)."""
        return [
            f"arch {','.join(d.before)} -> {','.join(d.after)}" if d.what == "arch" else d.what
            for d in self.details
        ]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "changes": self.changes,
            "details": [d.to_dict() for d in self.details],
        }


@dataclass
class Deprecation:
    """A key deprecated on the new side and not on the old (or the other way: no longer deprecated)."""

    name: str  # the key
    kind: str
    evidence: str
    location: Location | None
    since: str | None = None
    replacement: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "evidence": self.evidence,
            "location": _location(self.location),
            "since": self.since,
            "replacement": self.replacement,
        }


@dataclass
class NotRead:
    """What one side could not show: sub-options of an option whose included table was not read."""

    name: str  # the option's key
    side: str  # "old" or "new"
    reason: str
    location: Location | None

    def to_dict(self) -> dict:
        return {"name": self.name, "side": self.side, "reason": self.reason, "location": _location(self.location)}


@dataclass
class OptionDiff:
    """The whole comparison: lists by what happened, and what was compared.

    ``compared`` says which facts of the two sides were held against each
    other: ``defined`` (.hx DEF lines, ``-help``, QMP) or ``documented``
    (the documentation items of any format); ``notes`` say what a side
    could not show, so an absence there is not read as a removal.
    ``removal_list`` is whether a removal list was read at all (on the new
    side or given), ``deprecation_list`` whether one was for the old side.
    """

    old: str
    new: str
    old_release: str | None = None
    new_release: str | None = None
    compared: str = "defined"
    removal_list: bool = False
    deprecation_list: bool = False
    notes: list[str] = field(default_factory=list)
    added: list[Entry] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    deprecated: list[Deprecation] = field(default_factory=list)
    undeprecated: list[Deprecation] = field(default_factory=list)
    not_read: list[NotRead] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "qdoc_diff": 1,
            "old": self.old,
            "new": self.new,
            "old_release": self.old_release,
            "new_release": self.new_release,
            "compared": self.compared,
            "removal_list": self.removal_list,
            "deprecation_list": self.deprecation_list,
            "notes": self.notes,
            "added": [e.to_dict() for e in self.added],
            "removed": [e.to_dict() for e in self.removed],
            "renamed": [e.to_dict() for e in self.renamed],
            "changed": [e.to_dict() for e in self.changed],
            "deprecated": [e.to_dict() for e in self.deprecated],
            "undeprecated": [e.to_dict() for e in self.undeprecated],
            "not_read": [e.to_dict() for e in self.not_read],
        }

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.deprecated or self.undeprecated)
