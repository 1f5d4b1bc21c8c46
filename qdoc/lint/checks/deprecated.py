"""Deprecated: what the docs say against QEMU's deprecation and removal lists."""

from __future__ import annotations

import os
import re

from ... import keys, versions
from ...model import walk_suboptions
from ...records import describe, nodes_named, options_named, resolve, subsystem_options
from ...synopsis import split_option_name
from ..rules import rule
from . import defined_names
from ._hidden import hidden_on_purpose

_OPTION_IN_TEXT_RE = re.compile(r"(?<![\w-])(--?[a-z][\w-]*)")
_STATEMENT_SOURCES = ("description", "help")


def _resolved(records):
    return [resolve(record) for record in records]


def _listed_patterns(release) -> list[str]:
    """Key patterns the release's deprecation list names, aspects included (statements about them are listed)."""
    return [n.key for r in _resolved(release.deprecation_records) for n in r.names if n.key and n.key.startswith("-")]


def _removed_keys(release, project) -> list[str]:
    """What removal lists of any release read say was removed in this release or before it, as key patterns."""
    found = []
    for other in project.releases:
        for resolution in _resolved(other.removal_records):
            removed_in = resolution.removed_in
            if removed_in and release.release and versions.sort_key(removed_in) > versions.sort_key(release.release):
                continue
            found.extend(named.key for named in resolution.whole())
    return found


def _names_node(pattern: str, node_key: str) -> bool:
    """Whether ``pattern`` names the node, or (loosely) its name under the same option: ``-vnc/acl``, ``-vnc/x/acl``."""
    if keys.matches(pattern, node_key):
        return True
    option, _, rest = pattern.partition("/")
    return bool(rest) and "/" in node_key and node_key.partition("/")[0] == option and keys.matches(
        pattern.rsplit("/", 1)[1], node_key.rsplit("/", 1)[1]
    )


def _covered(node_key: str, patterns: list[str]) -> bool:
    """Whether an entry names the node, the option it belongs to, or a part of it.

    An entry for an option covers statements about its parts; an entry for a
    part covers the text of the node it sits in (``-display sdl``'s text on
    its ``alt_grab``).
    """
    option = node_key.partition("/")[0]
    return any(p == option or p.startswith(node_key + "/") or _names_node(p, node_key) for p in patterns)


def deprecated_unlisted(release, project):
    """The documentation says an option, form or property is deprecated; deprecated.rst does not list it.

    Runs only when the release's deprecation list was read.  An entry for an
    option covers statements about its forms and properties; an entry about
    a subsystem ("bluetooth") covers the options under its heading.  A
    property a removal list says is gone is QD108/QD205 (documented after
    removal), not this.
    """
    definitions = release.system_definitions
    if definitions is None or not release.has_deprecation_list:
        return
    listed = _listed_patterns(release)
    removed = _removed_keys(release, project)
    subsystems = {
        option.name
        for resolution in _resolved(release.deprecation_records)
        for subsystem in resolution.subsystems
        for option in subsystem_options(subsystem, definitions)
    }
    for option in definitions.options:
        if option.name in subsystems:
            continue
        for node_key, node in keys.walk_option(option):
            facts = node.deprecations if node is not option else [
                f for f in option.deprecations if f.source in _STATEMENT_SOURCES
            ]
            if not facts or _covered(node_key, listed) or any(_names_node(p, node_key) for p in removed):
                continue
            what = option.name if node is option else f"{option.name} {node.name}"
            for fact in facts:
                if _about_listed_options(node, fact, option.name, listed):
                    continue
                yield deprecated_unlisted.rule.finding(
                    f"{what} is said to be deprecated (\"{fact.text[:80]}\"); the deprecation list does not name it: "
                    "add an entry to deprecated.rst, or drop the statement",
                    fact.location,
                )


def _about_listed_options(node, fact, own: str, listed: list[str]) -> bool:
    """Whether the statement's paragraph speaks of other options the list names.

    2.12's ``-netdev user`` text: "Legacy stand-alone options -tftp, -bootp,
    -smb and -redir are still processed [...]. Their use for new applications
    is discouraged": a statement about the listed options, not about
    ``-netdev user``.
    """
    anchor = fact.text[:40]
    for paragraph in node.description.split("\n\n"):
        flat = " ".join(paragraph.split())
        if anchor and anchor in flat:
            others = {keys.option_key(n) for n in _OPTION_IN_TEXT_RE.findall(flat)} - {own}
            return any(o in listed for o in others)
    return False


def listed_unmarked(release, project):
    """deprecated.rst lists an option, form or property, but its own documentation does not say it is deprecated.

    Each entry is resolved to what it names (``-display sdl,alt_grab=on``
    is ``-display/sdl/alt_grab``); an entry about one use of a thing
    (``-drive if=none`` for the sifive_u OTP device, ``-smp`` invalid
    topologies) says nothing the thing's text should repeat.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for resolution in _resolved(release.deprecation_records):
        since = resolution.since or "?"
        for named in resolution.whole("option", "form", "property", "device property"):
            if named.kind == "option":
                option = keys.option_named(definitions, named.key)
                if option is None or not option.documented:
                    continue
                if not any(f.source in _STATEMENT_SOURCES for f in option.deprecations):
                    yield listed_unmarked.rule.finding(
                        f"{option.name} is deprecated since {since} (the deprecation list); its documentation does not "
                        "say so: add a deprecation note to its item",
                        option.locations.get("documentation"),
                        subject=keys.option_key(option.name),
                    )
                continue
            where = [node.location for k, node in nodes_named(named, definitions) if "/" in k and not node.deprecations]
            if not nodes_named(named, definitions):
                where = _unmarked_synopsis(named, definitions)
            for location in where:
                yield listed_unmarked.rule.finding(
                    f"{describe(named)} is deprecated since {since} ({os.path.basename(resolution.record.location.path)}); "
                    "its documentation does not say so: add a deprecation note to it",
                    location,
                )


def _unmarked_synopsis(named, definitions) -> list:
    """Where a part documented only in a synopsis goes unmarked.

    A property of its option's synopsis (4.2's ``-numa node[,mem=size]``),
    or a form that is another synopsis of one item (6.2's ``-chardev
    parallel`` \\ ``-chardev parport``).  Marked means some deprecation
    statement of the option, or of the item, names it.  ``named`` is a
    part (a form or a property): its key has a path below the option.
    """
    option_name, *path = keys.split_key(named.key)
    option = keys.option_named(definitions, option_name)
    if option is None or not path:
        return []
    prop, forms = path[-1], path[:-1]
    if any(prop in fact.text for fact in option.deprecations):
        return []
    if named.kind == "form":
        return _unmarked_form_synopsis(option, prop)
    # A sub-option's item (2.12's ``cyls=c,heads=h,secs=s[,trans=t]``) that
    # says it is deprecated marks every key of its synopsis.
    items = [(synopsis, False) for synopsis in option.synopses] + [
        (synopsis, bool(sub.deprecations))
        for sub in walk_suboptions(option.suboptions)
        for synopsis in sub.synopses
    ]
    found = []
    for synopsis, marked in items:
        words = split_option_name(synopsis.text)[1]
        if forms and "*" not in forms[0] and not words.startswith(forms[0]):
            continue
        if any(p.key == prop for p in synopsis.parameters):
            if marked:
                return []
            found.append(synopsis.location)
    return found[:1]


def _unmarked_form_synopsis(option, form: str) -> list:
    """The first synopsis showing ``form``, unless the option or an item showing it says it is deprecated.

    The option's synopses include every item's, so each showing the form
    is looked at: the item that carries it (``-chardev parallel`` \\
    ``-chardev parport``) may mark it.
    """
    items = [(synopsis, bool(option.deprecations)) for synopsis in option.synopses] + [
        (synopsis, bool(sub.deprecations)) for sub in walk_suboptions(option.suboptions) for synopsis in sub.synopses
    ]
    showing = [(synopsis, marked) for synopsis, marked in items
               if re.match(rf"{re.escape(form)}(?:[,\s\[]|$)", split_option_name(synopsis.text)[1])]
    if not showing or any(marked for _, marked in showing):
        return []
    return [showing[0][0].location]


def deprecation_overdue(release, project):
    """A deprecated option is still present more than two releases after its deprecation.

    Only entries about the option itself count (:func:`qdoc.records.resolve`):
    ``-smp`` (invalid topologies) deprecates one use of ``-smp``, not it.

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
        for name, _ in options_named(resolve(record), definitions):
            yield deprecation_overdue.rule.finding(
                f"{name} deprecated since {record.since} is still present in {release.release}, "
                f"{distance} releases later: QEMU's policy removes it after 2; remove it or say in the entry why it stays",
                record.location,
            )


#: Areas of the lists about another program's command line: its options are not qemu-options.hx's.
_OTHER_PROGRAM_AREA_RE = re.compile(r"user[- ]mode|linux-user|bsd-user|qemu-img|qemu-nbd|qemu-io|storage-daemon|guest agent", re.I)


def _about_system_emulator_options(area: str) -> bool:
    """Whether a list entry under ``area`` is about the system emulator's command line.

    2.12's "qemu-img command line arguments" (``convert -s``, use ``-l``) and
    8.1's "User-mode emulator command line arguments" (``-singlestep``, use
    ``-one-insn-per-tb``) name other programs' options, which
    qemu-options.hx rightly does not define.
    """
    return "command line" in area.lower() and not _OTHER_PROGRAM_AREA_RE.search(area)


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
        if record.replacement and _about_system_emulator_options(record.area):
            for name in unknown(record.replacement):
                yield replacement_unknown.rule.finding(
                    f"the deprecation entry {record.feature!r} suggests {name} instead; {definitions.source.path} does not "
                    "define it: name the option that replaces it",
                    record.location,
                )
    for option in definitions.options:
        for fact in option.deprecations:
            for name in unknown(fact.replacement or ""):
                yield replacement_unknown.rule.finding(
                    f"the documentation of {option.name} suggests {name} instead; no DEF defines {name}: name the option "
                    "that replaces it",
                    fact.location,
                )


def documented_after_removal(release, project):
    """An option, form or property is defined or documented in a release after the one that removed it.

    Uses the removed-features lists of every other release read, each entry
    resolved to what it names (``-vnc acl`` is property ``-vnc/acl``); an
    entry of this release's own list is QD108.
    """
    definitions = release.system_definitions
    if definitions is None or not release.release:
        return
    own = {named.key for r in _resolved(release.removal_records) for named in r.whole() if named.key}
    seen = set()
    for other in project.releases:
        if other is release:
            continue
        for resolution in _resolved(other.removal_records):
            removed_in = resolution.removed_in
            if not removed_in or versions.sort_key(removed_in) > versions.sort_key(release.release):
                continue
            for name, option in options_named(resolution, definitions):
                if (name, removed_in) in seen:
                    continue
                seen.add((name, removed_in))
                # QEMU keeps a removed option's DEF, hidden and undocumented, to ignore it or say it is gone.
                hidden = None if "documentation" in option.locations else hidden_on_purpose(
                    documented_after_removal.rule, option,
                    f"{name} is still defined in {release.release}, though removed-features ({other.release}) "
                    f"says it was removed in {removed_in}", option.locations.get("definition"), so="it stays undocumented",
                )
                if hidden:
                    yield hidden
                    continue
                yield documented_after_removal.rule.finding(
                    f"{name} is still defined in {release.release}, but removed-features ({other.release}) "
                    f"says it was removed in {removed_in}: remove its DEF and documentation",
                    option.locations.get("definition"),
                )
            for named, node_key, node in _parts_documented(resolution, definitions):
                if named.key in own or (node_key, removed_in) in seen:
                    continue
                seen.add((node_key, removed_in))
                yield documented_after_removal.rule.finding(
                    f"{describe(named)} is documented in {release.release}, but removed-features ({other.release}) "
                    f"says it was removed in {removed_in}: delete its documentation",
                    node.location,
                )


def _parts_documented(resolution, definitions):
    """(name, key, node) for each form or property an entry says is gone that ``definitions`` documents."""
    for named in resolution.whole("form", "property", "device property"):
        for node_key, node in nodes_named(named, definitions):
            if "/" in node_key:
                yield named, node_key, node


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD201", "deprecated-unlisted")(deprecated_unlisted)
rule("QD202", "listed-unmarked")(listed_unmarked)
rule("QD203", "deprecation-overdue")(deprecation_overdue)
rule("QD204", "replacement-unknown")(replacement_unknown)
rule("QD205", "documented-after-removal", severity="error")(documented_after_removal)
