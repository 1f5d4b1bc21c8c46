"""The deprecation and removal records of a diff, found by key.

Each entry of QEMU's lists is resolved once (:func:`qdoc.records.resolve`)
to the keys it names, with its stated versions and replacement; a removed
or deprecated key then finds its entries by key, at any level: ``-soundhw``
(an option), ``-net/dump`` (a form), ``-display/sdl/alt_grab`` (a
property).  An entry about one use of a thing (``-drive`` with bogus
interface type) explains a removal only when no entry about the thing
itself does, and never says the thing is deprecated.
"""

from __future__ import annotations

import re

from .. import keys
from ..model import Record
from ..records import Named, resolve

#: Kinds of names that are parts of the option model (diffable keys).
MODEL_KINDS = ("option", "form", "property", "device", "device property", "machine type", "cpu model")
_LITERAL_RE = re.compile(r"``(.+?)``")


def plain(text: str | None) -> str | None:
    """A record's rST text as plain words: ````-device``` -> ``-device``."""
    if text is None:
        return None
    return " ".join(_LITERAL_RE.sub(r"\1", text).split())


class RecordIndex:
    """Records by the option their names belong to, for lookups by key."""

    def __init__(self, records: list[Record]):
        self._by_option: dict[str, list[tuple[Record, Named]]] = {}
        for record in records:
            for named in resolve(record).names:
                if named.key and named.kind in MODEL_KINDS:
                    self._by_option.setdefault(named.key.partition(keys.SEPARATOR)[0], []).append((record, named))

    def __bool__(self) -> bool:
        return bool(self._by_option)

    def naming(self, key_: str, *, aspects: bool) -> list[tuple[Record, Named]]:
        """The (record, name) pairs that name ``key_``: about the thing itself first, then (``aspects``) about one use of it.

        A name matches exactly or by its wildcards (``-object/rng-*/opened``);
        failing that, a property named at its option (``-vnc/acl``) matches
        the same property under a form (``-vnc/display/acl``).
        """
        candidates = self._by_option.get(key_.partition(keys.SEPARATOR)[0], ())
        exact = [(r, n) for r, n in candidates if n.key == key_ or ("*" in n.key and keys.matches(n.key, key_))]
        if not exact and keys.SEPARATOR in key_:
            last = key_.rsplit(keys.SEPARATOR, 1)[1]
            exact = [
                (r, n) for r, n in candidates
                if n.kind in ("property", "device property") and keys.SEPARATOR in n.key
                and n.key.count(keys.SEPARATOR) < key_.count(keys.SEPARATOR) and n.key.rsplit(keys.SEPARATOR, 1)[1] == last
            ]
        whole = [(r, n) for r, n in exact if not n.aspect]
        if whole or not aspects:
            return whole
        return [(r, n) for r, n in exact if n.aspect]

    def first(self, key_: str, *, aspects: bool = False) -> Record | None:
        found = self.naming(key_, aspects=aspects)
        return found[0][0] if found else None
