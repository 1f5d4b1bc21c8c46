"""The deprecation and removal lists of every release read, pooled into entries and attached to keys.

Every era's list is read: 2.12's appendix of ``qemu-doc.texi``,
``qemu-deprecated.texi`` (3.0 to 4.2), ``deprecated.rst`` and
``removed-features.rst`` (5.0 onwards).  An entry copied from release to
release is one entry (its stated version and feature are the same), first
listed in the oldest release that carries it.  What it names comes from
:func:`qdoc.records.resolve`, a function of the entry alone, so the same
entry names the same keys whichever release it is read in.
"""

from __future__ import annotations

import re
from typing import Iterable

from .. import keys as keyspace
from ..model import Record
from ..records import resolve
from .model import ListEntry

_SPACES = re.compile(r"\s+")


def _identity(kind: str, record: Record, version: str | None) -> tuple:
    """What makes two copies of an entry one: the list, the feature as written (markup, spacing and case aside) and its version."""
    return kind, _SPACES.sub(" ", record.feature).strip().casefold(), version


def stated_version(kind: str, record: Record) -> str | None:
    """The version an entry states; a removal list may give it as ``(since X)``, which means removed in X."""
    if kind == "removed":
        return record.removed_in or record.since
    return record.since


def pool(lists: Iterable[tuple[str, str, list[Record]]]) -> list[tuple[ListEntry, list[Record]]]:
    """(entry, its records) for every entry of ``lists``: (release, "deprecated"/"removed", records), oldest first."""
    pooled: dict[tuple, tuple[ListEntry, list[Record]]] = {}
    for release, kind, records in lists:
        for record in records:
            version = stated_version(kind, record)
            identity = _identity(kind, record, version)
            found = pooled.get(identity)
            if found is None:
                entry = ListEntry(
                    id=f"{'d' if kind == 'deprecated' else 'r'}{len(pooled) + 1}",
                    list=kind,
                    heading=record.heading or record.feature,
                    feature=record.feature,
                    area=record.area,
                    version=version,
                    replacement=None,  # the copies' advice, below
                )
                found = pooled[identity] = (entry, [])
            entry, copies = found
            copies.append(record)
            if release not in entry.listed_in:
                entry.listed_in.append(release)
            where = f"{record.location.path}:{record.location.line}"
            if where not in entry.locations:
                entry.locations.append(where)
            if record.replacement is not None:
                entry.replacement = record.replacement  # the newest copy's advice
    return list(pooled.values())


class KeyIndex:
    """Every key of the history, to find what an entry's names stand for.

    A name may carry wildcards (``-object/rng-*/opened``), or name a
    property at the option that a release documents under a form
    (``-vnc/acl``): then the key's last name is looked for anywhere under
    its option, as :func:`qdoc.keys.find` does in one release.
    """

    def __init__(self, all_keys: Iterable[str], sections: dict[str, set[str]] | None = None):
        self.known = set(all_keys)
        self.sections = sections or {}
        self.by_option: dict[str, list[str]] = {}
        for k in sorted(self.known):
            self.by_option.setdefault(k.partition(keyspace.SEPARATOR)[0], []).append(k)

    def lookup(self, key: str) -> list[str]:
        """The keys ``key`` names: itself when the history has it, else what its pattern matches (sorted)."""
        if key in self.known:
            return [key]
        under = self.by_option.get(keyspace.option_key(key.partition(keyspace.SEPARATOR)[0]), [])
        exact = [k for k in under if keyspace.matches(key, k)]
        if exact or keyspace.SEPARATOR not in key:
            return exact
        last = key.rpartition(keyspace.SEPARATOR)[2]
        return [k for k in under if keyspace.SEPARATOR in k and keyspace.matches(last, k.rpartition(keyspace.SEPARATOR)[2])]

    def nearest(self, key: str) -> str | None:
        """The closest key above ``key`` that the history has (``-usbdevice`` for ``-usbdevice/audio``)."""
        up = keyspace.parent(key)
        while up is not None and "*" not in up and up not in self.known:
            up = keyspace.parent(up)
        return up if up in self.known else None  # None, or a wildcard the walk up stopped at

    def subsystem(self, word: str) -> list[str]:
        """The options of a subsystem: those under a heading naming it ("Bluetooth(R) options" for bluetooth)."""
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
        return sorted(k for k, headings in self.sections.items() if any(pattern.search(h) for h in headings))


def attach_names(entry: ListEntry, record: Record, index: KeyIndex) -> list[tuple[str, bool]]:
    """Fill the entry's names and keys; (key, aspect) for every key of the history it names.

    ``aspect`` is true when the entry is about one use or one part of the
    key (``-drive`` with bogus interface type; ``-usbdevice audio``, a
    device no release documents as a key of its own), not the key itself.
    """
    found: list[tuple[str, bool]] = []
    for named in resolve(record).names:
        if named.kind == "subsystem":
            matched = index.subsystem(named.name)
        elif named.key and named.key.startswith("-"):
            matched = index.lookup(named.key)
        else:
            matched = []
        entry.names.append({"kind": named.kind, "key": named.key, "name": named.name, "aspect": named.aspect})
        for k in matched:
            if k not in entry.keys:
                entry.keys.append(k)
            found.append((k, named.aspect))
        if not matched and named.key and named.key.startswith("-"):
            # A device, machine type or property no release documents as a key
            # (``-usbdevice audio``): a part of the nearest key that is one.
            owner = index.nearest(named.key)
            if owner is not None:
                found.append((owner, True))
    return found
