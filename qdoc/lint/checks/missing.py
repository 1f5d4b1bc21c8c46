"""Missing: options defined but not documented, documented but not defined, gone unannounced."""

from __future__ import annotations

import re

from ... import keys, versions
from ...arch import applies_to
from ..rules import rule
from ...records import describe, mentioned_options, options_named, resolve
from . import defined_names, documented_keys, help_property_keys, named_in, quoted_keys
from ._forms import Keys, add_key, expand_key, form_properties, mentioned_as_key, option_forms
from ._hidden import hidden_on_purpose
from ._walk import help_binaries, option_text
from .placement import misplaced
from .deprecated import _parts_documented


def def_undocumented(release, project):
    """A DEF (or HMP command) has no documentation item of its own.

    Every ``DEF(...)`` in an .hx file should be followed by a documentation
    item whose term names it.  ``DEF("xen-domid-restrict")`` whose text was
    appended to ``-xen-attach``, and ``DEF("M")`` documented only through
    its ``sgx-epc`` properties, are findings; aliases (``-h`` documenting
    ``DEF("help")``, ``--preconfig``) are not.  An option QEMU hides on
    purpose (an empty DEF help text, ``HXCOMM Internal use``, ``HXCOMM
    Deprecated by ...``: ``-qtest``, ``-no-kvm``; a DEF followed by an empty
    SRST block: ``-writeconfig`` in 6.0 to 7.0) is information, saying why.
    """
    for option_set in release.definitions:
        what = "DEF" if option_set.program == "qemu-system" else "command"
        elsewhere = misplaced(option_set)  # documented, in the wrong place: QD109
        for option in option_set.options:
            if option_set.program == "hmp" and option.name == "info":
                continue  # documented by hmp-commands-info.hx, its sub-table
            if option.name in elsewhere:
                continue
            if not option.documented and "definition" in option.locations:
                hidden = hidden_on_purpose(
                    def_undocumented.rule, option, f"{what} {option.name} is not documented", option.locations["definition"]
                )
                if hidden:
                    yield hidden
                    continue
                yield def_undocumented.rule.finding(
                    f"{what} {option.name} has a help text but no documentation item names it: "
                    f"add an item for {option.name} after its {what}",
                    option.locations["definition"],
                    subject=keys.option_key(option.name),
                )


def documented_undefined(release, project):
    """An option is documented but nothing defines it.

    In an .hx file, a documentation term that matches no ``DEF``; in built
    documentation (HTML, man) of a release whose .hx was read, an option the
    .hx does not define.
    """
    for option_set in release.definitions:
        before_entry = {case.documentation for case in misplaced(option_set).values() if case.host is None}  # QD109
        for diagnostic in option_set.diagnostics:
            if diagnostic.code == "hx-undefined-option" and diagnostic.location not in before_entry:
                yield documented_undefined.rule.finding(
                    f"{diagnostic.message}: correct the term, or add the DEF it documents", diagnostic.location
                )
    definitions = release.system_definitions
    if definitions is None:
        return
    known = defined_names(definitions)
    for document in release.system_documents:
        for option in document.options:
            if not named_in(option, known):
                where = option.locations.get("documentation") or (option.synopses[0].location if option.synopses else None)
                yield documented_undefined.rule.finding(
                    f"the {document.source.format} page documents {option.name}; {definitions.source.path} has no DEF "
                    "for it: the page was built from other sources, rebuild it from this release's .hx",
                    where,
                )


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
                    f"the -help of qemu-system-{binary.target or '?'} lists {option.name}; the documentation does not: "
                    f"add an item for {option.name} to qemu-options.hx",
                    where,
                    subject=keys.option_key(option.name),
                )


def documented_not_in_binary(release, project):
    """A documented option is not in the binary's -help.

    Arch-aware: an option whose DEF mask excludes the binary's target is
    information ("documented for other targets only"), as is one under a
    build condition (``#ifdef CONFIG_SPICE``) the binary may lack, and one
    QEMU keeps out of -help on purpose (an empty DEF help text).
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
                    f"the documentation has {option.name} for other targets only ({', '.join(option.arch)}); "
                    f"qemu-system-{binary.target} rightly lacks it",
                    where,
                    severity="info",
                )
                continue
            hidden = hidden_on_purpose(
                documented_not_in_binary.rule, option,
                f"the documentation has {option.name}; the -help of qemu-system-{binary.target or '?'} does not", where,
            )
            if hidden:
                yield hidden
            elif option.conditions:
                yield documented_not_in_binary.rule.finding(
                    f"the documentation has {option.name}; the -help of qemu-system-{binary.target or '?'} does not, "
                    f"as it is built only with {' && '.join(option.conditions)}, which this binary may lack",
                    where,
                    severity="info",
                )
            else:
                yield documented_not_in_binary.rule.finding(
                    f"the documentation has {option.name}; the -help of qemu-system-{binary.target or '?'} does not list it: "
                    "drop the item if the option is gone, or give its DEF a help text",
                    where,
                )


def help_property_undocumented(release, project):
    """The -help text of an option describes a property the documentation does not.

    The properties are the indented ``key=...`` lines of the DEF help
    string (what ``-help`` prints), such as ``vmport=on|off|auto controls
    emulation of vmport`` under ``-machine`` (``in|out.dev=`` under
    ``-audiodev`` names ``in.dev`` and ``out.dev``).  A property the documentation
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
        documented = {key.lower() for key in documented_keys(option)}
        missing = {
            key for key in help_property_keys(option.help) - documented
            if f"{key}=" not in text and f"``{key}``" not in text
        }
        if missing:
            yield help_property_undocumented.rule.finding(
                f"-help documents {quoted_keys(sorted(missing))} for {option.name}; the documentation does not: "
                f"describe {'it' if len(missing) == 1 else 'them'} in the item of {option.name}",
                option.locations.get("help"),
            )


def documented_property_not_in_help(release, project):
    """A documented property of an option's form is not mentioned in that form's -help text.

    Form by form: a property documented under ``-netdev tap`` is looked for
    in the -help synopsis and lines of ``-netdev tap`` (and of a synopsis
    that stands for every form), not anywhere in the help of ``-netdev``.
    A -help that says ``prop[=value]`` and lists no property line by line
    lists none exhaustively (``-device``), and
    ``in|out.dev=`` in -help mentions ``in.dev`` and ``out.dev``.
    Information by default: -help texts are summaries; a property missing
    there may be deliberate, but is worth a look.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.help or not option.documented:
            continue
        helps, docs = option_forms(option)
        for name, form in docs.items():
            described = [helps[n] for n in (name, "") if n in helps] if name in helps or "" in helps else list(helps.values())
            mentioned = Keys()
            listed = False  # -help lists properties line by line (``vmport=on|off|auto ...``)
            for help_form in described:
                mentioned.update(help_form.keys)
                for key in help_property_keys(help_form.text):
                    add_key(mentioned, key)
                    listed = listed or mentioned_as_key(key)  # "prop=value,... sets properties" lists none
            if mentioned.any and not listed:
                continue  # "-device driver[,prop[=value][,...]]" and nothing more: a summary
            prose = "".join(help_form.text + "\n".join(help_form.synopses) for help_form in described)
            unmentioned: dict = {}  # location -> names: "in|out.dev=" is two items at one line, one finding
            for sub in form_properties(form):
                keys = expand_key(sub.name)
                if any(mentioned.covers(key.lower()) or _named_in(key, prose) for key in keys) or not mentioned_as_key(sub.name):
                    continue
                unmentioned.setdefault(sub.location, []).append(sub.name)
            what = f"{option.name} {name}" if name else option.name
            for location, names in unmentioned.items():
                yield documented_property_not_in_help.rule.finding(
                    f"the documentation describes {quoted_keys(names)} of {what}; its -help text does not mention "
                    f"{'it' if len(names) == 1 else 'them'}",
                    location,
                )


def _named_in(key: str, prose: str) -> bool:
    """Whether -help's text names ``key`` as a whole word: ``out.buffer`` is not in ``in|out.buffer-len``."""
    return re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", prose) is not None


def _announced_removals(project) -> set[str]:
    """The options the removal records of every release read name (in whichever release they say)."""
    return {
        option for release in project.releases for record in release.removal_records for option in mentioned_options(record)
    }


def removed_unannounced(release, project):
    """An option disappears between two releases without a removed-features entry.

    Compares the DEFs of this release with the previous release read.  An
    option is announced when any removed-features list read (this release's
    or a later one's) names it.  An option QEMU hid on purpose (``HXCOMM
    Silently ignored for compatibility``, an empty help text: ``-clock``)
    was never shown to users, so its silent removal is information.
    """
    previous = project.previous(release)
    if previous is None or previous.system_definitions is None or release.system_definitions is None:
        return
    now = {o.name for o in release.system_definitions.options}
    announced = _announced_removals(project)
    lists = any(r.has_removal_list for r in project.releases if versions.sort_key(r.release) >= versions.sort_key(release.release))
    for option in previous.system_definitions.options:
        if option.name in now or option.name in announced:
            continue
        note = "" if lists else " (no removed-features list was read for this or a later release)"
        hidden = hidden_on_purpose(
            removed_unannounced.rule, option,
            f"{option.name} is defined in {previous.release} and gone in {release.release} with no removed-features entry",
            option.locations.get("definition"), so="users were never shown it",
        )
        if hidden:
            yield hidden
            continue
        yield removed_unannounced.rule.finding(
            f"{option.name} is defined in {previous.release} and gone in {release.release}, but no removed-features "
            f"entry names it{note}: add an entry '(removed in {release.release})'",
            option.locations.get("definition"),
        )


def removed_still_defined(release, project):
    """A removed-features entry names an option that is still defined, or a form or property still documented.

    Each entry is resolved to what it names (:func:`qdoc.records.resolve`):
    ``-vnc acl`` (removed in 6.0) is the property ``-vnc/acl``, reported at
    the line documenting it, where the fix is.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for record in release.removal_records:
        for name, _ in options_named(resolve(record), definitions):
            yield removed_still_defined.rule.finding(
                f"removed-features says {name} was removed in {record.removed_in or '?'}, "
                f"but {definitions.source.path} still defines it: remove the DEF or the entry",
                record.location,
            )
        for named, _, node in _parts_documented(resolve(record), definitions):
            yield removed_still_defined.rule.finding(
                f"removed-features ({record.location}) says {describe(named)} was removed in {record.removed_in or '?'}, "
                f"but {definitions.source.path} still documents it: delete its documentation",
                node.location,
            )


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD101", "def-undocumented")(def_undocumented)
rule("QD102", "documented-undefined")(documented_undefined)
rule("QD103", "binary-undocumented")(binary_undocumented)
rule("QD104", "documented-not-in-binary")(documented_not_in_binary)
rule("QD105", "help-property-undocumented")(help_property_undocumented)
rule("QD106", "documented-property-not-in-help", severity="info")(documented_property_not_in_help)
rule("QD107", "removed-unannounced")(removed_unannounced)
rule("QD108", "removed-still-defined", severity="error")(removed_still_defined)
