"""Missing: options defined but not documented, documented but not defined, gone unannounced."""

from __future__ import annotations

from ... import versions
from ...arch import applies_to
from ..rules import rule
from ...records import mentioned_options
from . import defined_names, documented_keys, help_keys, help_property_keys, named_in
from ._walk import help_binaries, option_text, properties, still_defined


@rule("QD101", "def-undocumented")
def def_undocumented(release, project):
    """A DEF (or HMP command) has no documentation item of its own.

    Every ``DEF(...)`` in an .hx file should be followed by a documentation
    item whose term names it.  ``DEF("xen-domid-restrict")`` whose text was
    appended to ``-xen-attach``, and ``DEF("M")`` documented only through
    its ``sgx-epc`` properties, are findings; aliases (``-h`` documenting
    ``DEF("help")``, ``--preconfig``) are not.  Suppress deliberately
    internal options (``-qtest``) with ``HXCOMM qdoc: ignore QD101``.
    """
    for option_set in release.definitions:
        what = "DEF" if option_set.program == "qemu-system" else "command"
        for option in option_set.options:
            if option_set.program == "hmp" and option.name == "info":
                continue  # documented by hmp-commands-info.hx, its sub-table
            if not option.documented and "definition" in option.locations:
                yield def_undocumented.rule.finding(
                    f"{what} {option.name} has no documentation item of its own", option.locations["definition"]
                )


@rule("QD102", "documented-undefined")
def documented_undefined(release, project):
    """An option is documented but nothing defines it.

    In an .hx file, a documentation term that matches no ``DEF``; in built
    documentation (HTML, man) of a release whose .hx was read, an option the
    .hx does not define.
    """
    for option_set in release.definitions:
        for diagnostic in option_set.diagnostics:
            if diagnostic.code == "hx-undefined-option":
                yield documented_undefined.rule.finding(diagnostic.message, diagnostic.location)
    definitions = release.system_definitions
    if definitions is None:
        return
    known = defined_names(definitions)
    for document in release.system_documents:
        for option in document.options:
            if not named_in(option, known):
                where = option.locations.get("documentation") or (option.synopses[0].location if option.synopses else None)
                yield documented_undefined.rule.finding(
                    f"{option.name} is documented in {document.source.format} but {definitions.source.path} does not define it",
                    where,
                )


@rule("QD103", "binary-undocumented")
def binary_undocumented(release, project):
    """An option the binary accepts (its -help) is not documented.

    Compares the options listed by ``qemu-system-* -help`` with the
    documented options of the same release: those of the system emulator
    only.  A qemu-img or qemu-storage-daemon page read alongside documents
    another program's command line, and its ``-T`` or ``--blockdev`` must
    not count as documenting the emulator's.
    """
    documented = set()
    for option_set in [release.system_definitions, *release.system_documents]:
        if option_set is None:
            continue
        for option in option_set.options:
            if option.documented:
                documented.add(option.name)
                documented.update(option.aliases)
    if not documented:
        return
    for binary in help_binaries(release):
        for option in binary.options:
            if not named_in(option, documented):
                where = option.locations.get("help") or option.locations.get("definition")
                yield binary_undocumented.rule.finding(
                    f"{option.name} is in the -help of qemu-system-{binary.target or '?'} but not documented", where
                )


@rule("QD104", "documented-not-in-binary")
def documented_not_in_binary(release, project):
    """A documented option is not in the binary's -help.

    Arch-aware: an option whose DEF mask excludes the binary's target is
    information ("documented for other targets only"), as is one under a
    build condition (``#ifdef CONFIG_SPICE``) the binary may lack.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for binary in help_binaries(release):
        present = defined_names(binary)
        for option in definitions.options:
            if not option.documented or named_in(option, present):
                continue
            where = option.locations.get("documentation")
            if not applies_to(option.arch, binary.target):
                yield documented_not_in_binary.rule.finding(
                    f"{option.name} is documented for other targets only ({', '.join(option.arch)}), "
                    f"not in qemu-system-{binary.target}",
                    where,
                    severity="info",
                )
            elif option.conditions:
                yield documented_not_in_binary.rule.finding(
                    f"{option.name} is not in the -help of qemu-system-{binary.target or '?'}; "
                    f"it is built only with {' && '.join(option.conditions)}",
                    where,
                    severity="info",
                )
            else:
                yield documented_not_in_binary.rule.finding(
                    f"{option.name} is documented but not in the -help of qemu-system-{binary.target or '?'}", where
                )


@rule("QD105", "help-property-undocumented")
def help_property_undocumented(release, project):
    """The -help text of an option describes a property the documentation does not.

    The properties are the indented ``key=...`` lines of the DEF help
    string (what ``-help`` prints), such as ``vmport=on|off|auto controls
    emulation of vmport`` under ``-machine``.  A property the documentation
    mentions anywhere in its text counts as documented.  Synopsis lines are
    compared by QD301.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.documented:
            continue
        text = option_text(option)
        missing = {
            key for key in help_property_keys(option.help) - documented_keys(option)
            if f"{key}=" not in text and f"``{key}``" not in text
        }
        if missing:
            yield help_property_undocumented.rule.finding(
                f"{option.name}: -help names {', '.join(sorted(missing))}, the documentation does not",
                option.locations.get("help"),
            )


@rule("QD106", "documented-property-not-in-help", severity="info")
def documented_property_not_in_help(release, project):
    """A documented property of an option is not mentioned in its -help text.

    Information by default: -help texts are summaries; a property missing
    there may be deliberate, but is worth a look.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.help or not option.documented:
            continue
        mentioned = help_keys(option.help, option.name)
        for sub in properties(option):
            if sub.name not in mentioned and sub.name not in option.help:
                yield documented_property_not_in_help.rule.finding(
                    f"{option.name} property {sub.name} is documented but not in the -help text", sub.location
                )


def _announced_removals(project) -> set[tuple[str, str]]:
    """(option, removed_in) pairs of every removal record in the project."""
    announced = set()
    for release in project.releases:
        for record in release.removal_records:
            for option in mentioned_options(record):
                announced.add((option, record.removed_in or ""))
    return announced


@rule("QD107", "removed-unannounced")
def removed_unannounced(release, project):
    """An option disappears between two releases without a removed-features entry.

    Compares the DEFs of this release with the previous release read.  An
    option is announced when any removed-features list read (this release's
    or a later one's) names it.
    """
    previous = project.previous(release)
    if previous is None or previous.system_definitions is None or release.system_definitions is None:
        return
    now = {o.name for o in release.system_definitions.options}
    announced = {option for option, _ in _announced_removals(project)}
    lists = any(r.has_removal_list for r in project.releases if versions.sort_key(r.release) >= versions.sort_key(release.release))
    for option in previous.system_definitions.options:
        if option.name in now or option.name in announced:
            continue
        note = "" if lists else " (no removed-features list was read for this or a later release)"
        yield removed_unannounced.rule.finding(
            f"{option.name} (defined in {previous.release}) is gone in {release.release} and no removed-features entry names it{note}",
            option.locations.get("definition"),
        )


@rule("QD108", "removed-still-defined", severity="error")
def removed_still_defined(release, project):
    """A removed-features entry names an option that is still defined."""
    definitions = release.system_definitions
    if definitions is None:
        return
    for record in release.removal_records:
        for name, _ in still_defined(record, definitions):
            yield removed_still_defined.rule.finding(
                f"removed-features says {name} was removed in {record.removed_in or '?'}, "
                f"but {definitions.source.path} still defines it",
                record.location,
            )

