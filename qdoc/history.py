"""The history of every option over many releases: first seen, deprecated, removed, last seen.

Built from one option set per release (the .hx definitions when read, else
built documentation), ordered by version.  The removal records of the
releases read are checked against what the history shows: an option
``(removed in X.Y)`` must last appear in the release before X.Y; a
disagreement is a finding, not silently smoothed over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import versions
from .model import OptionSet, Record
from .project import ReleaseSources, option_set_of
from .records import about_whole_option, mentioned_options, whole_options


@dataclass
class OptionHistory:
    name: str
    present: list[str] = field(default_factory=list)
    deprecated_in: list[str] = field(default_factory=list)
    removed_in: str | None = None  # first release read without it, after it was present
    announced_removal: str | None = None  # what removed-features says

    @property
    def first_seen(self) -> str | None:
        return self.present[0] if self.present else None

    @property
    def last_seen(self) -> str | None:
        return self.present[-1] if self.present else None

    @property
    def deprecated(self) -> str | None:
        return self.deprecated_in[0] if self.deprecated_in else None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "first_seen": self.first_seen,
            "deprecated": self.deprecated,
            "removed": self.removed_in,
            "last_seen": self.last_seen,
            "announced_removal": self.announced_removal,
            "releases": self.present,
            "deprecated_in": self.deprecated_in,
        }


@dataclass
class History:
    releases: list[str]
    options: list[OptionHistory]
    counts: dict[str, int]
    findings: list[str]

    def to_dict(self) -> dict:
        return {
            "qdoc_history": 1,
            "releases": self.releases,
            "counts": self.counts,
            "options": [o.to_dict() for o in self.options],
            "findings": self.findings,
        }


def _deprecated_names(release: ReleaseSources, option_set: OptionSet) -> set[str]:
    names = set()
    for record in release.deprecation_records:
        names.update(whole_options(record))
    for option in option_set.options:
        if any(f.source in ("description", "help", "hx-comment") for f in option.deprecations):
            names.add(option.name)
    return names


def _removal_records(releases: list[ReleaseSources]) -> dict[str, Record]:
    """Option -> the removal record about it, from the newest list read.

    A record about the whole option wins over one that only mentions it.
    """
    found: dict[str, Record] = {}
    for release in reversed(releases):
        for record in release.removal_records:
            if not record.removed_in:
                continue
            for option in mentioned_options(record):
                current = found.get(option)
                if current is None or (not about_whole_option(current, option) and about_whole_option(record, option)):
                    found[option] = record
    return found


def build_history(releases: list[ReleaseSources]) -> History:
    ordered = sorted((r for r in releases if option_set_of(r) is not None), key=lambda r: versions.sort_key(r.release))
    labels = [r.release or "?" for r in ordered]
    by_name: dict[str, OptionHistory] = {}
    counts: dict[str, int] = {}
    for release, label in zip(ordered, labels):
        option_set = option_set_of(release)
        assert option_set is not None
        counts[label] = len(option_set.options)
        deprecated = _deprecated_names(release, option_set)
        for option in option_set.options:
            entry = by_name.setdefault(option.name, OptionHistory(option.name))
            entry.present.append(label)
            if option.name in deprecated:
                entry.deprecated_in.append(label)
    findings = []
    for entry in by_name.values():
        last = labels.index(entry.last_seen)
        if last + 1 < len(labels):
            entry.removed_in = labels[last + 1]
        gaps = [label for label in labels[labels.index(entry.first_seen) : last + 1] if label not in entry.present]
        if gaps:
            findings.append(f"{entry.name} is missing from {', '.join(gaps)} but present before and after")
    for name, record in sorted(_removal_records(ordered).items()):
        entry = by_name.get(name)
        removed = record.removed_in
        if entry is not None:
            entry.announced_removal = removed
        expected = [label for label in labels if versions.sort_key(label) < versions.sort_key(removed)]
        still = [label for label in (entry.present if entry else []) if versions.sort_key(label) >= versions.sort_key(removed)]
        where = f"{record.location.path}:{record.location.line}"
        if not about_whole_option(record, name) and (entry is None or entry.removed_in is None):
            continue  # an aspect of an option still present: no claim about the option
        if still:
            findings.append(f"{name}: removed in {removed} ({where}) but still present in {', '.join(still)}")
        elif entry is not None and expected and entry.last_seen != expected[-1]:
            findings.append(
                f"{name}: removed in {removed} ({where}); last seen in {entry.last_seen}, not in {expected[-1]}, the release before"
            )
    options = sorted(by_name.values(), key=lambda e: (labels.index(e.first_seen), e.name))
    return History(labels, options, counts, findings)
