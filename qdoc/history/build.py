"""Building a history: every key of every release, with what the lists say of it.

One option set stands for each release (:func:`qdoc.project.option_set_of`:
the .hx when read, else the built documentation), ordered by version.
Development snapshots (``4.2.50-transition``, ``10.2.50-master``) are not
releases: they are left out unless asked for, and then marked.
"""

from __future__ import annotations

from .. import keys as keyspace
from .. import versions
from ..model import Option, OptionSet
from ..project import ReleaseSources, option_set_of
from . import lists
from .model import History, KeyHistory, ReleaseCounts

#: Deprecations an option's or sub-option's own text states (not a list's).
_TEXT_SOURCES = ("description", "help", "hx-comment")


def _location(node) -> str | None:
    if isinstance(node, Option):
        where = node.locations.get("documentation") or node.locations.get("definition")
        if where is None and node.locations:
            where = next(iter(node.locations.values()))
    else:
        where = node.location
    return f"{where.path}:{where.line}" if where is not None else None


def _kind(node) -> str:
    return "option" if isinstance(node, Option) else (node.kind or "property")


def _read_keys(ordered: list[tuple[str, OptionSet]], snapshots: set[str], sections: dict[str, set[str]]) -> dict[str, KeyHistory]:
    """Every key of every release, with where it is and what its own text says of deprecation.

    ``sections`` gets the headings each option sits under, in any release:
    a list entry about a subsystem ("bluetooth") names the options under its heading.
    """
    rows: dict[str, KeyHistory] = {}
    for label, option_set in ordered:
        for option in option_set.options:
            if option.section:
                sections.setdefault(keyspace.option_key(option.name), set()).add(option.section)
        for k, node in keyspace.walk(option_set):
            row = rows.get(k)
            if row is None:
                row = rows[k] = KeyHistory(k, k.partition(keyspace.SEPARATOR)[0], _kind(node))
                row.first_location = _location(node)
            if not row.present or row.present[-1] != label:  # two items documenting one form: one presence
                row.present.append(label)
                if label in snapshots:
                    row.snapshots_present.append(label)
                row.kind = _kind(node)
                row.last_location = _location(node)
            for deprecation in node.deprecations:
                if deprecation.source in _TEXT_SOURCES:
                    where = f"{deprecation.location.path}:{deprecation.location.line}"
                    if where not in row.deprecation_evidence:
                        row.deprecation_evidence.append(where)
                    if label not in row.deprecated_in:
                        row.deprecated_in.append(label)  # the text of this release says so: see _deprecation_span
    return rows


def _list_records(releases: list[tuple[str, ReleaseSources]]):
    """(release, list, records) for each release's deprecation and removal lists, oldest first."""
    for label, release in releases:
        yield label, "deprecated", release.deprecation_records
        yield label, "removed", release.removal_records


class _Attacher:
    """What the list entries say of each key, each key taking the first entry that lists it.

    Entries come in the order of their first listing (:func:`.lists.pool`),
    so the first entry attached to a key is the one listed first.  The
    replacement is the advice of the entry about the key listed last: QEMU
    updates it (``-accel tcg``, later ``-machine accel=tcg`` for ``-no-kvm``).
    """

    def __init__(self, rows: dict[str, KeyHistory], order: dict[str, int]):
        self.rows, self.order = rows, order
        self._advised: dict[str, int] = {}

    def attach(self, entry, key: str, aspect: bool) -> None:
        row = self.rows[key]
        if entry.id not in row.records:
            row.records.append(entry.id)
        if entry.list == "deprecated":
            if not aspect:  # one use of the key deprecated is not the key deprecated
                self._deprecated(row, entry)
        else:
            self._removed(row, entry, aspect)

    def _deprecated(self, row: KeyHistory, entry) -> None:
        row.deprecation_evidence.extend(w for w in entry.locations if w not in row.deprecation_evidence)
        if row.deprecation_listed_in is None:  # no entry listed earlier names the key
            row.deprecation_listed_in = entry.listed_in[0]
            row.deprecated_since = entry.version
        self._advise(row, entry)

    def _removed(self, row: KeyHistory, entry, aspect: bool) -> None:
        row.removal_evidence.extend(w for w in entry.locations if w not in row.removal_evidence)
        if aspect:  # a part or one use of the key went; the key may live on
            part = f"{entry.feature} (removed in {entry.version})" if entry.version else entry.feature
            if part not in row.removed_features:
                row.removed_features.append(part)
            if row.announced_removal is None:
                row.announced_removal = entry.version
        elif not row.removed_whole:
            row.removed_whole = True
            row.announced_removal = entry.version
            self._advise(row, entry)

    def _advise(self, row: KeyHistory, entry) -> None:
        if entry.replacement is None:
            return
        last = self.order[entry.listed_in[-1]]
        if last >= self._advised.get(row.key, last):  # listed as late as the advice kept, or later
            self._advised[row.key] = last
            row.replacement = entry.replacement


def _deprecation_span(row: KeyHistory) -> None:
    """The releases in which the key is deprecated.

    A list entry's deprecation holds from the version it states (or the
    release whose list first said so, if that is older) until the key is
    gone, through the releases whose list was not read (3.0 to 4.1 have none
    in a tree of .hx files).  The key's own text says so for the releases
    whose text says it (a reader's sentence is a fact of that release only).
    """
    starts = []
    if row.deprecated_since:
        since = versions.sort_key(row.deprecated_since)
        starts.extend(versions.sort_key(r) for r in row.present if versions.sort_key(r) >= since)
    if row.deprecation_listed_in:
        starts.append(versions.sort_key(row.deprecation_listed_in))
    start = min(starts) if starts else None
    said = set(row.deprecated_in)
    row.deprecated_in = [r for r in row.present if r in said or (start is not None and versions.sort_key(r) >= start)]


def _findings(rows: dict[str, KeyHistory], labels: list[str]) -> list[str]:
    """Where the releases and the lists disagree.

    For every key: still there after the release a removal entry says it
    went.  For whole options also: gaps, and a last release other than the
    one before the removal (a sub-option comes and goes with its docs, so
    those two would only report how the docs were written).
    """
    findings = []
    position = {label: i for i, label in enumerate(labels)}
    # A removal entry about the key itself (``removed_whole``) gave it its evidence: never empty there.
    for row in rows.values():
        if row.depth:
            if row.announced_removal and row.removed_whole:
                still = [r for r in row.present if versions.sort_key(r) >= versions.sort_key(row.announced_removal)]
                if still:
                    where = row.removal_evidence[0]
                    findings.append(
                        f"{row.key}: removed in {row.announced_removal} ({where}) but still documented in {', '.join(still)}"
                    )
            continue
        first, last = position[row.first_seen], position[row.last_seen]
        gaps = [label for label in labels[first : last + 1] if label not in row.present]
        if gaps:
            findings.append(f"{row.key} is missing from {', '.join(gaps)} but present before and after")
        if row.announced_removal and row.removed_whole:
            where = row.removal_evidence[0]
            still = [r for r in row.present if versions.sort_key(r) >= versions.sort_key(row.announced_removal)]
            expected = [r for r in labels if versions.sort_key(r) < versions.sort_key(row.announced_removal)]
            if still:
                findings.append(f"{row.key}: removed in {row.announced_removal} ({where}) but still present in {', '.join(still)}")
            elif row.last_seen != expected[-1]:  # not still there: some release read comes before the removal
                findings.append(
                    f"{row.key}: removed in {row.announced_removal} ({where}); last seen in {row.last_seen}, "
                    f"not in {expected[-1]}, the release before"
                )
    return findings


def _counts(rows: list[KeyHistory], labels: list[str]) -> dict[str, ReleaseCounts]:
    present: dict[str, set[str]] = {label: set() for label in labels}
    newly_deprecated = {label: 0 for label in labels}
    for row in rows:
        for label in row.present:
            present[label].add(row.key)
        if row.deprecated_in:
            newly_deprecated[row.deprecated_in[0]] += 1
    counts = {}
    previous: set[str] | None = None
    for label in labels:
        here = present[label]
        counts[label] = ReleaseCounts(
            options=sum(1 for k in here if keyspace.SEPARATOR not in k),
            keys=len(here),
            added=len(here - previous) if previous is not None else None,
            removed=len(previous - here) if previous is not None else None,
            deprecated=newly_deprecated[label] if previous is not None else None,
        )
        previous = here
    return counts


def build_history(releases: list[ReleaseSources], include_snapshots: bool = False) -> History:
    """The history of every key over ``releases``; snapshots only with ``include_snapshots``."""
    chosen = [
        r for r in releases
        if option_set_of(r) is not None and (include_snapshots or not versions.is_snapshot(r.release))
    ]
    chosen.sort(key=lambda r: versions.sort_key(r.release))
    labels = [r.release or "?" for r in chosen]
    order = {label: i for i, label in enumerate(labels)}
    snapshots = [label for label in labels if versions.is_snapshot(label)]
    sections: dict[str, set[str]] = {}
    rows = _read_keys([(label, option_set_of(r)) for r, label in zip(chosen, labels)], set(snapshots), sections)
    pooled = lists.pool(_list_records(list(zip(labels, chosen))))
    index, attacher = lists.KeyIndex(rows, sections), _Attacher(rows, order)
    for entry, records in pooled:
        for key, aspect in lists.attach_names(entry, records[0], index):
            attacher.attach(entry, key, aspect)
    for row in rows.values():
        last = order[row.last_seen]
        if last + 1 < len(labels):
            row.removed_in = labels[last + 1]
        _deprecation_span(row)
    findings = _findings(rows, labels)
    ordered_rows = sorted(rows.values(), key=lambda r: _row_order(r, rows, order))
    kept = {id(r) for r in chosen}
    # Only a snapshot is left out when it has options; a release with no label is never one.
    left_out = [r.release for r in releases if id(r) not in kept and option_set_of(r) is not None]
    return History(
        labels, snapshots, ordered_rows, [entry for entry, _ in pooled], _counts(ordered_rows, labels), findings, left_out
    )


def _row_order(row: KeyHistory, rows: dict[str, KeyHistory], order: dict[str, int]) -> tuple:
    """Options by first release then name; each option's keys right under it, in key order.

    Every key's option has a row: :func:`qdoc.keys.walk_option` gives the
    option's key before any key under it.  The option's key comes first of
    its keys, as it begins every one of them.
    """
    return (order[rows[row.option].first_seen], row.option, row.key)
