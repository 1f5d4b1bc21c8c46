"""Comparing two option sets key by key: added, removed, renamed, changed, newly deprecated.

Every option, form and sub-option is compared by its key (:mod:`qdoc.keys`),
so a form or property added under an option is an added key, not a vague
"sub-options changed" of the option; what a side cannot show
(:mod:`.sides`) is left out rather than reported as gone; each removal and
deprecation carries the list entry that says so (:mod:`.announcements`).
"""

from __future__ import annotations

import difflib

from .. import keys, versions
from ..model import Option, OptionSet, Record
from .announcements import RecordIndex, plain
from .facts import details, kind_of, synopses
from .result import Change, Deprecation, Entry, NotRead, OptionDiff, Removal, Rename
from .sides import Comparison, Side, compare

#: Descriptions at least this similar make a removed+added pair of options a rename.
RENAME_SIMILARITY = 0.85
#: Where a node's own text says it is deprecated.
_OWN_EVIDENCE = ("description", "help", "hx-comment")


def _label(option_set: OptionSet) -> str:
    return f"{option_set.release or '?'} ({option_set.source.format}: {option_set.source.path})"


def _where(nodes: list):
    node = nodes[0]
    if isinstance(node, Option):
        return node.locations.get("definition") or node.locations.get("documentation") or (
            node.synopses[0].location if node.synopses else None
        )
    return node.location


def _description(option: Option) -> str:
    text = option.description or next((s.description for s in option.suboptions if s.kind == "form"), "")
    return " ".join(text.split()).lower()


def _renames(old: Side, new: Side) -> list[Rename]:
    """Options gone from OLD whose text reappears under a new name in NEW."""
    gone = [k for k in old.nodes if "/" not in k and k not in new.nodes]
    arrived = [k for k in new.nodes if "/" not in k and k not in old.nodes]
    found = []
    # One matcher per gone option, its text as the second sequence (the one
    # SequenceMatcher indexes), reused for every arrived text.
    matchers = {candidate: difflib.SequenceMatcher(b=_description(old.option_of[candidate])) for candidate in gone}
    for name in arrived:
        text = _description(new.option_of[name])
        if len(text) < 40:
            continue
        best, best_ratio = None, 0.0
        for candidate in gone:
            matcher = matchers[candidate]
            matcher.set_seq1(text)
            ratio = _similarity(matcher, max(best_ratio, RENAME_SIMILARITY))
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        if best_ratio >= RENAME_SIMILARITY:
            found.append(Rename(name, best, best_ratio))
            gone.remove(best)
    return found


def _similarity(matcher: difflib.SequenceMatcher, needed: float) -> float:
    """``matcher.ratio()``, or 0.0 when its cheap upper bound shows it stays under ``needed``.

    Only a ratio above the best so far and at least :data:`RENAME_SIMILARITY`
    can make a rename, so the exact ratio (the costly part of a diff of two
    releases with many new options) is computed only where it can.
    """
    if matcher.quick_ratio() < needed:
        return 0.0
    return matcher.ratio()


def _renamed_key(key_: str, renames: dict[str, str]) -> str:
    option, sep, rest = key_.partition("/")
    return renames[option] + sep + rest if option in renames else key_


def _topmost(missing: list[str]) -> dict[str, list[str]]:
    """Missing keys grouped under the highest missing key above each (an added option holds its forms)."""
    groups: dict[str, list[str]] = {}
    present = set(missing)
    for key_ in missing:
        top = key_
        up = keys.parent(key_)
        while up is not None:
            if up in present:
                top = up
            up = keys.parent(up)
        groups.setdefault(top, []).append(key_)
    return groups


def _undocumented(missing: list[str], other: Side, what: str, notes: list[str]) -> None:
    """Take out of ``missing`` the options ``other`` defines without documenting them, and say so in ``notes``.

    A manual held against a tree documents ``-M``; the tree's .hx defines
    it and documents it nowhere: it is neither removed nor added.
    """
    options = [k for k in missing if other.still_defined(k)]
    if options:
        missing[:] = [k for k in missing if k.partition("/")[0] not in options]
        notes.append(f"{what}: {', '.join(options)}")


def _entry(cls, key_: str, side: Side, contained: list[str]):
    nodes = side.nodes[key_]
    option = side.option_of[key_]
    return cls(key_, kind_of(nodes), option.section, _where(nodes), synopses(nodes), contained)


def _version_at_most(version: str | None, limit: str | None) -> bool:
    a, b = versions.parse(version), versions.parse(limit)
    return a is not None and b is not None and a <= b


class _Lists:
    """The deprecation and removal lists of both sides, indexed by key."""

    def __init__(self, old_set, new_set, old_records, new_deprecations, new_removals, extra, old_release):
        extra_deprecations, extra_removals = extra or ([], [])
        extra_deprecations = list(extra_deprecations)
        self.removals = RecordIndex(list(new_removals or []) + list(new_set.removals) + list(extra_removals))
        old_deprecations = list(old_records or []) + list(old_set.deprecations)
        self.old_deprecations = RecordIndex(
            old_deprecations + [r for r in extra_deprecations if _version_at_most(r.since, old_release)])
        self.old_list_read = bool(old_deprecations) or any(_version_at_most(r.since, old_release) for r in extra_deprecations)
        new_list = list(new_deprecations or []) + list(new_set.deprecations) + extra_deprecations
        self.new_deprecations = RecordIndex(new_list)
        self.new_list_read = bool(new_list)
        self.old_release = old_release


def _own_deprecation(nodes: list):
    for node in nodes:
        for fact in node.deprecations:
            if fact.source in _OWN_EVIDENCE:
                return fact
    return None


def _deprecation(key_: str, nodes: list, index: RecordIndex):
    """(evidence, location, since, replacement) of ``key_`` being deprecated on one side, or None."""
    record = index.first(key_)
    if record is not None:
        return f"listed as deprecated since {record.since or '?'}", record.location, record.since, record.replacement
    fact = _own_deprecation(nodes)
    if fact is not None:
        return fact.text, fact.location, fact.since, fact.replacement
    return None


def _annotate(removal: Removal, nodes: list, lists: _Lists, removal_list: bool) -> None:
    record = lists.removals.first(removal.name, aspects=True)
    removal.announced = None if not removal_list else record is not None
    if record is not None:
        removal.removed_in = record.removed_in
        removal.removal_record = record.location
        removal.replacement = record.replacement
    preceding = lists.old_deprecations.first(removal.name, aspects=True)
    if preceding is not None:
        removal.deprecated_since = preceding.since
        removal.deprecation_record = preceding.location
        if removal.replacement is None:
            removal.replacement = preceding.replacement
    else:
        fact = _own_deprecation(nodes)
        if fact is not None:
            removal.deprecated_since = fact.since
            removal.deprecation_record = fact.location
            if removal.replacement is None:
                removal.replacement = fact.replacement
    if removal.replacement is not None:
        removal.replacement = plain(removal.replacement)


def diff_option_sets(
    old: OptionSet,
    new: OptionSet,
    *,
    old_records: list[Record] | None = None,
    new_deprecations: list[Record] | None = None,
    new_removals: list[Record] | None = None,
    extra_records: tuple[list[Record], list[Record]] | None = None,
    removal_list: bool | None = None,
) -> OptionDiff:
    """Compare two option sets (of any formats), key by key.

    ``old_records`` are the deprecation records of the old side (what was
    deprecated before a removal); ``new_deprecations`` / ``new_removals``
    the lists of the new side; ``extra_records`` lists read on their own
    (``--records``) as (deprecations, removals): the removals and every
    deprecation count on the new side, a deprecation since the old release
    or before on the old side too.
    Records already on the option sets are used too.  ``removal_list`` says
    whether a removal list was read (default: whether any removal record
    was); without one a removal is neither "announced" nor "not announced".
    """
    comparison: Comparison = compare(old, new)
    result = OptionDiff(
        _label(old), _label(new), old.release, new.release, comparison.compared, notes=list(comparison.notes),
    )
    lists = _Lists(old, new, old_records, new_deprecations, new_removals, extra_records, old.release)
    result.removal_list = bool(lists.removals) if removal_list is None else removal_list
    result.deprecation_list = lists.old_list_read
    if comparison.report_added and comparison.report_removed:
        result.renamed = _renames(comparison.old, comparison.new)
    keys_ = _KeyMap({r.old_name: r.name for r in result.renamed})
    unread = _Unread()
    if comparison.report_added:
        result.added = _added(comparison, keys_, unread, result.notes)
    if comparison.report_removed:
        result.removed = _removed(comparison, keys_, unread, result.notes, lists, result.removal_list)
    result.not_read = list(unread.found.values())
    _changes_and_deprecations(comparison, keys_, lists, result)
    return result


class _KeyMap:
    """Keys across a rename: an old option's keys under its new name, and back."""

    def __init__(self, renames: dict[str, str]):
        self.renames = renames
        self.back = {new: old for old, new in renames.items()}

    def forward(self, key_: str) -> str:
        return _renamed_key(key_, self.renames)

    def backward(self, key_: str) -> str:
        return _renamed_key(key_, self.back)


class _Unread:
    """The options whose sub-options a side could not read, each once per side."""

    def __init__(self):
        self.found: dict[tuple[str, str], NotRead] = {}

    def __call__(self, key_: str, side: Side, name: str) -> bool:
        """Whether ``key_`` may be missing from ``side`` only because it was not read (and note it)."""
        reason = side.unread_reason(key_)
        if reason is None:
            return False
        option = key_.partition("/")[0]
        self.found.setdefault((name, option), NotRead(option, name, reason[0], reason[1]))
        return True


def _added(comparison: Comparison, keys_: _KeyMap, unread: _Unread, notes: list[str]) -> list[Entry]:
    old_side, new_side = comparison.old, comparison.new
    old_keys = {keys_.forward(k) for k in old_side.nodes}
    # A renamed option's kept parts are in old_keys under its new name; a part it gained is added.
    arrived = [k for k in new_side.nodes if k not in old_keys]
    arrived = [k for k in arrived if not unread(keys_.backward(k), old_side, "old")]
    _undocumented(arrived, old_side, "newly documented, defined before too", notes)
    return [_entry(Entry, top, new_side, contained) for top, contained in _topmost(arrived).items()]


def _removed(comparison: Comparison, keys_: _KeyMap, unread: _Unread, notes: list[str], lists: _Lists,
             removal_list: bool) -> list[Removal]:
    old_side, new_side = comparison.old, comparison.new
    new_keys = set(new_side.nodes)
    gone = [k for k in old_side.nodes if keys_.forward(k) not in new_keys]
    gone = [k for k in gone if not unread(keys_.forward(k), new_side, "new")]
    _undocumented(gone, new_side, "no longer documented, still defined", notes)
    removed = []
    for top, contained in _topmost(gone).items():
        removal = _entry(Removal, top, old_side, contained)
        _annotate(removal, old_side.nodes[top], lists, removal_list)
        removed.append(removal)
    return removed


def _changes_and_deprecations(comparison: Comparison, keys_: _KeyMap, lists: _Lists, result: OptionDiff) -> None:
    """What changed in each key on both sides, and which became (or stopped being) deprecated."""
    old_side, new_side = comparison.old, comparison.new
    help_format = "help" in (old_side.category, new_side.category)
    for key_, nodes in new_side.nodes.items():
        old_key = keys_.backward(key_)
        before = old_side.nodes.get(old_key)
        if before is None:
            continue
        found = details(before, nodes, help_format=help_format)
        if found:
            result.changed.append(Change(key_, kind_of(nodes), found))
        now = _deprecation(key_, nodes, lists.new_deprecations)
        was = _deprecation(old_key, before, lists.old_deprecations)
        if now and not was and not lists.old_list_read and _version_at_most(now[2], lists.old_release):
            was = now  # no list read for OLD: its own release already had this entry
        if now and not was:
            result.deprecated.append(Deprecation(key_, kind_of(nodes), now[0], now[1], now[2], plain(now[3])))
        elif was and not now and lists.new_list_read and lists.old_deprecations.first(old_key) is not None:
            # Only a list entry says so reliably (a node's own text may speak of a
            # parameter in it), and only a list read on the new side can drop it.
            result.undeprecated.append(Deprecation(key_, kind_of(nodes), was[0], was[1], was[2], plain(was[3])))


def compared_set(release) -> OptionSet | None:
    """The set that stands for a release in a diff: as history's (its .hx, else its manual), else its ``-help`` or QMP reply.

    A binary's output is a side of its own (``qdoc diff 6.2.0/ help.txt``):
    what it can show is :mod:`.sides`' to say.
    """
    from ..project import option_set_of

    found = option_set_of(release)
    if found is not None:
        return found
    binaries = [s for s in release.binaries if s.program == "qemu-system"] or release.binaries
    return binaries[0] if binaries else None


def diff_releases(old, new, extra_records: tuple[list[Record], list[Record]] | None = None) -> OptionDiff:
    """Diff two :class:`~qdoc.project.ReleaseSources`, with their deprecation and removal lists."""
    return diff_option_sets(
        compared_set(old),
        compared_set(new),
        old_records=old.deprecation_records,
        new_deprecations=new.deprecation_records,
        new_removals=new.removal_records,
        extra_records=extra_records,
        removal_list=new.has_removal_list or bool(extra_records and extra_records[1]),
    )
