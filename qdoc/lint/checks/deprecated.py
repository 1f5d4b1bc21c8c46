"""Deprecated: what the docs say against QEMU's deprecation and removal lists."""

from __future__ import annotations

import re

from ... import versions
from ...model import walk_suboptions
from ...records import names_only
from ..rules import rule
from . import defined_names, option_targets, whole_option_targets
from ._walk import still_defined

_OPTION_IN_TEXT_RE = re.compile(r"(?<![\w-])(--?[a-z][\w-]*)")
_STATEMENT_SOURCES = ("description", "help")


_SIMPLE_VALUE_RE = re.compile(r"^[\w.|<>-]*$")


def _names_a_value(record, suboption: str) -> bool:
    """Whether the heading deprecates one value of a property (``file=json:{...}``) rather than it."""
    for literal in re.findall(r"``(.+?)``", record.heading or ""):
        m = re.search(rf"(?:^|[ ,]){re.escape(suboption)}=([^,]*)", literal)
        if m and not _SIMPLE_VALUE_RE.match(m.group(1)):
            return True
    return False


def _listed(release) -> set[tuple[str, str | None]]:
    return {target for record in release.deprecation_records for target in option_targets(record)}


@rule("QD201", "deprecated-unlisted")
def deprecated_unlisted(release, project):
    """The documentation says an option or property is deprecated; deprecated.rst does not list it.

    Runs only when the release's deprecation list was read.  A record for an
    option covers statements about its properties.
    """
    definitions = release.system_definitions
    if definitions is None or not release.has_deprecation_list:
        return
    listed = _listed(release)
    listed_options = {option for option, _ in listed}
    for option in definitions.options:
        if option.name in listed_options:
            continue
        for fact in option.deprecations:
            if fact.source in _STATEMENT_SOURCES:
                yield deprecated_unlisted.rule.finding(
                    f"{option.name} is said to be deprecated (\"{fact.text[:80]}\") but the deprecation list does not name it",
                    fact.location,
                )
        for sub in walk_suboptions(option.suboptions):
            if (option.name, sub.name) in listed:
                continue
            for fact in sub.deprecations:
                yield deprecated_unlisted.rule.finding(
                    f"{option.name} {sub.name} is said to be deprecated (\"{fact.text[:80]}\") but the deprecation list does not name it",
                    fact.location,
                )


@rule("QD202", "listed-unmarked")
def listed_unmarked(release, project):
    """deprecated.rst lists an option, but its documentation does not say it is deprecated."""
    definitions = release.system_definitions
    if definitions is None:
        return
    for record in release.deprecation_records:
        for name, suboption in option_targets(record):
            option = definitions.option(name)
            if option is None or not option.documented:
                continue
            if suboption is None and name not in whole_option_targets(record):
                continue  # about one aspect of the option, not the option
            if suboption is not None and (not names_only(record) or _names_a_value(record, suboption)):
                continue  # "-drive if=none for the sifive_u OTP device", "file=json:{...}": one use, not the property
            if suboption is None:
                if not any(f.source in _STATEMENT_SOURCES for f in option.deprecations):
                    yield listed_unmarked.rule.finding(
                        f"{name} is deprecated since {record.since or '?'} but its documentation does not say so",
                        option.locations.get("documentation"),
                    )
            else:
                for sub in walk_suboptions(option.suboptions):
                    if sub.name == suboption and not sub.deprecations:
                        yield listed_unmarked.rule.finding(
                            f"{name} {suboption} is deprecated since {record.since or '?'} but its documentation does not say so",
                            sub.location,
                        )


@rule("QD203", "deprecation-overdue")
def deprecation_overdue(release, project):
    """A deprecated option is still present more than two releases after its deprecation.

    QEMU's policy keeps a deprecated feature for the release that deprecated
    it and one more; it is overdue for removal once present in a release
    more than two feature releases later (deprecations before 2.10 count
    from 2.10).
    """
    definitions = release.system_definitions
    if definitions is None or not release.release:
        return
    for record in release.deprecation_records:
        if not record.since:
            continue
        start = versions.policy_start(record.since)
        distance = versions.releases_between(start, release.release)
        if distance is None or distance <= 2:
            continue
        for name, _ in still_defined(record, definitions):
            yield deprecation_overdue.rule.finding(
                f"{name} deprecated since {record.since} is still present in {release.release}, "
                f"{distance} releases later (removal is due after 2)",
                record.location,
            )


@rule("QD204", "replacement-unknown")
def replacement_unknown(release, project):
    """A deprecation's replacement names an option that does not exist.

    Looks at the replacement text of deprecation records about the command
    line and of deprecation statements in option descriptions.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    known = defined_names(definitions)

    def unknown(text: str) -> list[str]:
        names = []
        for name in _OPTION_IN_TEXT_RE.findall(text):
            canonical = name[1:] if name.startswith("--") else name
            if canonical not in known and name not in known:
                names.append(name)
        return names

    for record in release.deprecation_records:
        if record.replacement and "command line" in record.area.lower():
            for name in unknown(record.replacement):
                yield replacement_unknown.rule.finding(
                    f"replacement for {record.feature!r} names {name}, which {definitions.source.path} does not define",
                    record.location,
                )
    for option in definitions.options:
        for fact in option.deprecations:
            for name in unknown(fact.replacement or ""):
                yield replacement_unknown.rule.finding(
                    f"{option.name}: the suggested replacement {name} is not defined", fact.location
                )


@rule("QD205", "documented-after-removal", severity="error")
def documented_after_removal(release, project):
    """An option is defined or documented in a release after the one that removed it.

    Uses the removed-features lists of every release read; an entry of this
    release's own list is QD108.
    """
    definitions = release.system_definitions
    if definitions is None or not release.release:
        return
    seen = set()
    for other in project.releases:
        if other is release:
            continue
        for record in other.removal_records:
            if not record.removed_in or versions.sort_key(record.removed_in) > versions.sort_key(release.release):
                continue
            for name, option in still_defined(record, definitions):
                key = (name, record.removed_in)
                if key in seen:
                    continue
                seen.add(key)
                yield documented_after_removal.rule.finding(
                    f"{name} is still defined in {release.release}, but removed-features ({other.release}) "
                    f"says it was removed in {record.removed_in}",
                    option.locations.get("definition"),
                )
