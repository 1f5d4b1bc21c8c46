"""What changed in the command line between two option sets, in any formats.

Packagers moving between releases, libvirt developers tracking what QEMU
accepts and release managers writing notes ask the same question.  The
answer is computed on the model, so an option is the same whether it came
from .hx, HTML or a man page, and synopses are compared on their parsed
parameters, not their text.  Each removal is annotated with the
removed-features entry that announced it and the deprecation that preceded
it, or flagged when there was none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .model import Location, Option, OptionSet, Record
from .records import about_whole_option, mentioned_options, whole_options
from .synopsis import parse_parameters, split_option_name

#: Descriptions at least this similar make a removed+added pair a rename.
RENAME_SIMILARITY = 0.85


@dataclass
class Entry:
    """An option on one side of the diff."""

    name: str
    section: str | None
    location: Location | None

    def to_dict(self) -> dict:
        return {"name": self.name, "section": self.section, "location": self.location.to_dict() if self.location else None}


@dataclass
class Removal(Entry):
    """A removed option, with what announced it (or None: unannounced)."""

    removed_in: str | None = None
    removal_record: Location | None = None
    deprecated_since: str | None = None
    deprecation_record: Location | None = None

    @property
    def announced(self) -> bool:
        return self.removal_record is not None

    def to_dict(self) -> dict:
        data = super().to_dict()
        data.update(
            announced=self.announced,
            removed_in=self.removed_in,
            removal_record=self.removal_record.to_dict() if self.removal_record else None,
            deprecated_since=self.deprecated_since,
            deprecation_record=self.deprecation_record.to_dict() if self.deprecation_record else None,
        )
        return data


@dataclass
class Rename:
    name: str  # the new name
    old_name: str
    similarity: float

    def to_dict(self) -> dict:
        return {"name": self.name, "old_name": self.old_name, "similarity": round(self.similarity, 3)}


@dataclass
class Change:
    """An option present on both sides whose documented shape changed."""

    name: str
    changes: list[str]
    suboptions_added: list[str] = field(default_factory=list)
    suboptions_removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "changes": self.changes,
            "suboptions_added": self.suboptions_added,
            "suboptions_removed": self.suboptions_removed,
        }


@dataclass
class Deprecation:
    name: str
    evidence: str
    location: Location | None

    def to_dict(self) -> dict:
        return {"name": self.name, "evidence": self.evidence, "location": self.location.to_dict() if self.location else None}


@dataclass
class OptionDiff:
    old: str
    new: str
    added: list[Entry] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    deprecated: list[Deprecation] = field(default_factory=list)
    undeprecated: list[Deprecation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "qdoc_diff": 1,
            "old": self.old,
            "new": self.new,
            "added": [e.to_dict() for e in self.added],
            "removed": [e.to_dict() for e in self.removed],
            "renamed": [e.to_dict() for e in self.renamed],
            "changed": [e.to_dict() for e in self.changed],
            "deprecated": [e.to_dict() for e in self.deprecated],
            "undeprecated": [e.to_dict() for e in self.undeprecated],
        }

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.deprecated or self.undeprecated)


def _label(option_set: OptionSet) -> str:
    return f"{option_set.release or '?'} ({option_set.source.format}: {option_set.source.path})"


def _where(option: Option) -> Location | None:
    return option.locations.get("definition") or option.locations.get("documentation") or (
        option.synopses[0].location if option.synopses else None
    )


def _parameter_shape(option: Option) -> set[tuple]:
    """The parsed synopses as comparable tuples: (form, key, required, choices)."""
    shape = set()
    for synopsis in option.synopses:
        _, arguments = split_option_name(synopsis.text)
        parameters, _ = parse_parameters(arguments)
        form = next((p.value for p in parameters if p.key is None and p.required), None)
        for p in parameters:
            if p.key:
                shape.add((form, p.key.lower(), p.required, tuple(sorted(c.lower() for c in p.choices))))
    return shape


def _suboption_names(option: Option) -> set[str]:
    return {s.name for s in option.suboptions}


def _deprecation_evidence(option: Option, records: dict[str, Record]) -> tuple[str, Location | None] | None:
    record = records.get(option.name)
    if record is not None:
        return f"listed in the deprecation list (since {record.since or '?'})", record.location
    for fact in option.deprecations:
        if fact.source in ("description", "help", "hx-comment"):
            return fact.text, fact.location
    return None


def _option_records(records: list[Record], strict: bool = False) -> dict[str, Record]:
    """Option -> a record naming it; one about the whole option wins.

    ``strict`` keeps only records about the whole option (not one aspect of
    it): needed to say an option is deprecated, not to explain a removal.
    """
    found: dict[str, Record] = {}
    for record in records:
        for option in whole_options(record) if strict else mentioned_options(record):
            current = found.get(option)
            if current is None or (not about_whole_option(current, option) and about_whole_option(record, option)):
                found[option] = record
    return found


def _normal_text(text: str) -> str:
    return " ".join(text.split()).lower()


def diff_option_sets(
    old: OptionSet,
    new: OptionSet,
    *,
    old_records: list[Record] | None = None,
    new_deprecations: list[Record] | None = None,
    new_removals: list[Record] | None = None,
) -> OptionDiff:
    """Compare two option sets (of any formats).

    ``old_records`` are the deprecation records on the old side (what was
    deprecated before the removal); ``new_deprecations`` / ``new_removals``
    the lists on the new side.  Records already on the option sets are used
    too.
    """
    result = OptionDiff(_label(old), _label(new))
    old_by_name = {o.name: o for o in old.options}
    new_by_name = {o.name: o for o in new.options}
    for option in old.options:
        for alias in option.aliases:
            old_by_name.setdefault(alias.replace("--", "-", 1) if alias.startswith("--") else alias, option)
    for option in new.options:
        for alias in option.aliases:
            new_by_name.setdefault(alias.replace("--", "-", 1) if alias.startswith("--") else alias, option)

    old_names = {o.name for o in old.options}
    new_names = {o.name for o in new.options}
    gone = [o for o in old.options if o.name not in new_by_name]
    arrived = [o for o in new.options if o.name not in old_by_name]

    # Renames: same text, new name.
    for option in list(arrived):
        text = _normal_text(option.description)
        if len(text) < 40:
            continue
        best, best_ratio = None, 0.0
        for candidate in gone:
            ratio = difflib.SequenceMatcher(None, text, _normal_text(candidate.description)).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        if best is not None and best_ratio >= RENAME_SIMILARITY:
            result.renamed.append(Rename(option.name, best.name, best_ratio))
            arrived.remove(option)
            gone.remove(best)

    result.added = [Entry(o.name, o.section, _where(o)) for o in arrived]

    removals = _option_records(list(new_removals or []) + list(new.removals))
    deprecation_records = _option_records(list(old_records or []) + list(old.deprecations))
    for option in gone:
        removal = Removal(option.name, option.section, _where(option))
        record = removals.get(option.name)
        if record is not None:
            removal.removed_in = record.removed_in
            removal.removal_record = record.location
        preceding = deprecation_records.get(option.name)
        if preceding is not None:
            removal.deprecated_since = preceding.since
            removal.deprecation_record = preceding.location
        elif option.deprecations:
            removal.deprecation_record = option.deprecations[0].location
        result.removed.append(removal)

    # Changes of options on both sides.
    new_deprecation_records = _option_records(list(new_deprecations or []) + list(new.deprecations), strict=True)
    old_deprecation_records = _option_records(list(old_records or []) + list(old.deprecations), strict=True)
    for option in new.options:
        before = old_by_name.get(option.name)
        if before is None or option.name not in old_names and before.name not in new_names:
            continue
        changes = []
        if before.synopses and option.synopses and _parameter_shape(before) != _parameter_shape(option):
            changes.append("synopsis")
        old_subs, new_subs = _suboption_names(before), _suboption_names(option)
        added_subs = sorted(new_subs - old_subs) if before.documented and option.documented else []
        removed_subs = sorted(old_subs - new_subs) if before.documented and option.documented else []
        if added_subs:
            changes.append("suboptions added")
        if removed_subs:
            changes.append("suboptions removed")
        if before.arch and option.arch and set(before.arch) != set(option.arch):
            changes.append(f"arch {','.join(before.arch)} -> {','.join(option.arch)}")
        if before.help is not None and option.help is not None and _normal_text(before.help) != _normal_text(option.help):
            changes.append("help text")
        if changes:
            result.changed.append(Change(option.name, changes, added_subs, removed_subs))
        was = _deprecation_evidence(before, old_deprecation_records)
        now = _deprecation_evidence(option, new_deprecation_records)
        if now and not was:
            result.deprecated.append(Deprecation(option.name, now[0], now[1]))
        elif was and not now:
            result.undeprecated.append(Deprecation(option.name, was[0], was[1]))
    return result


def diff_releases(old, new) -> OptionDiff:
    """Diff two :class:`~qdoc.project.ReleaseSources`, with their deprecation and removal lists."""
    from .project import option_set_of

    return diff_option_sets(
        option_set_of(old),
        option_set_of(new),
        old_records=old.deprecation_records,
        new_deprecations=new.deprecation_records,
        new_removals=new.removal_records,
    )
