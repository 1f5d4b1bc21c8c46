"""Contradictory: two sources, or two parts of one source, disagree."""

from __future__ import annotations

import re

from ...model import walk_suboptions
from ...synopsis import parse_parameters, split_option_name
from ..rules import rule
from . import _placeholder, has_forms
from ._walk import option_text, properties

_HELP_DEFAULT_RE = re.compile(
    r"^\s+(?:property\s+)?([A-Za-z][\w.-]*)=\S*.*?\(default(?::|=)?\s*([^)]+?)\s*\)", re.M
)


def _parameters_by_key(synopsis_texts: list[str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for text in synopsis_texts:
        parameters, _ = parse_parameters(split_option_name(text)[1])
        for parameter in parameters:
            if parameter.key and not _placeholder(parameter.key):
                found.setdefault(parameter.key.lower(), []).append(parameter)
    return found


def _same_family(key: str, others: dict) -> bool:
    """``driver.prop`` against ``driver.property``, ``throttling.option`` against ``throttling.bps-total``."""
    if "." not in key:
        return False
    prefix = key.split(".", 1)[0] + "."
    return any(other.startswith(prefix) for other in others)


def _choices(parameters) -> set[str]:
    return {c.strip("<>").lower() for p in parameters for c in p.choices}


@rule("QD301", "synopsis-mismatch")
def synopsis_mismatch(release, project):
    """The DEF help synopsis and the documented synopsis of an option disagree.

    Compared on parsed synopses, not text: a parameter in one and not the
    other (unless the documentation describes it elsewhere in its text),
    different choices (``on|off`` against ``on|off|auto``), or a parameter
    required in one and optional in the other.  A placeholder
    (``hierarchy=hierarchy``, ``PROP1``) is not a contradiction, and options
    documented by several forms (``-netdev user``, ``-netdev tap``) are
    left alone: their -help synopsis is a summary of all forms.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.help_synopses or not option.synopses or has_forms(option):
            continue
        help_params = _parameters_by_key(option.help_synopses)
        doc_params = _parameters_by_key([s.text for s in option.synopses])
        text = option_text(option).lower()
        sub_names = {s.name.lower() for s in walk_suboptions(option.suboptions)}
        help_text = (option.help or "").lower()
        problems = []
        only_help = sorted(
            k for k in help_params
            if k not in doc_params and k not in sub_names and f"{k}=" not in text and not _same_family(k, doc_params)
        )
        only_doc = sorted(k for k in doc_params if k not in help_params and k not in help_text and not _same_family(k, help_params))
        if only_doc and any(f"{k}=" in text for k in help_params if k not in doc_params):
            # "-action event=action": the synopsis names a stand-in for the
            # keys -help lists, and the text then uses those keys.
            only_doc = []
        if only_help:
            problems.append(f"-help synopsis has {', '.join(only_help)}")
        if only_doc:
            problems.append(f"documented synopsis has {', '.join(only_doc)}")
        for key in sorted(set(help_params) & set(doc_params)):
            help_choices, doc_choices = _choices(help_params[key]), _choices(doc_params[key])
            if help_choices and doc_choices and help_choices != doc_choices:
                problems.append(f"{key}= choices {'|'.join(sorted(help_choices))} in -help, {'|'.join(sorted(doc_choices))} in the docs")
            if len(option.help_synopses) == 1 and len(option.synopses) == 1:
                help_required = help_params[key][0].required
                if help_required != doc_params[key][0].required:
                    state = "required" if help_required else "optional"
                    problems.append(f"{key}= is {state} in -help but not in the docs")
        if problems:
            yield synopsis_mismatch.rule.finding(
                f"{option.name}: " + "; ".join(problems), option.synopses[0].location
            )


def _normal(text: str) -> str:
    return " ".join(text.replace("``", "").split())


@rule("QD302", "documented-differently")
def documented_differently(release, project):
    """The same option is documented differently by two sources of one release.

    The .hx documentation and built documentation (HTML, man) of one
    release should give the same synopses; a difference means one of them
    was edited or built from something else.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for document in release.system_documents:
        for option in document.options:
            defined = definitions.option(option.name)
            if defined is None or not defined.synopses or not option.synopses:
                continue
            ours = {_normal(s.text) for s in defined.synopses}
            theirs = {_normal(s.text) for s in option.synopses}
            if ours != theirs:
                extra = sorted(theirs - ours)[:2]
                yield documented_differently.rule.finding(
                    f"{option.name} synopsis differs from {definitions.source.path}: {'; '.join(extra) or 'fewer synopses'}",
                    option.synopses[0].location,
                )


@rule("QD303", "default-mismatch")
def default_mismatch(release, project):
    """A property's default is stated differently in -help and in the documentation."""
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.help:
            continue
        help_defaults = {key: value for key, value in _HELP_DEFAULT_RE.findall(option.help)}
        for sub in properties(option):
            if sub.default is None or sub.name not in help_defaults:
                continue
            choices = {c.lower() for syn in sub.synopses for p in syn.parameters for c in p.choices}
            if choices and sub.default.lower() not in choices:
                continue  # "the default is full acceleration": prose, not a value
            ours = help_defaults[sub.name].strip().strip("'\"").lower()
            theirs = sub.default.strip().strip("'\"").lower()
            if ours != theirs:
                yield default_mismatch.rule.finding(
                    f"{option.name} {sub.name}: default {help_defaults[sub.name]!r} in -help, {sub.default!r} in the docs",
                    sub.location,
                )


@rule("QD304", "archheading-mask-mismatch")
def archheading_mask_mismatch(release, project):
    """An option under an ARCHHEADING has a DEF arch mask that does not match it."""
    definitions = release.system_definitions
    if definitions is None:
        return
    headings = {s.title: s for s in definitions.sections if s.kind == "archheading"}
    for option in definitions.options:
        section = headings.get(option.section or "")
        if section is None or not section.arch:
            continue
        if "all" in option.arch or not set(section.arch) & set(option.arch):
            yield archheading_mask_mismatch.rule.finding(
                f"{option.name} is under '{section.title}' ({', '.join(section.arch)}) but its DEF mask is "
                f"{option.arch_expression or ', '.join(option.arch)}",
                option.locations.get("definition"),
            )


@rule("QD305", "removal-heading-since")
def removal_heading_since(release, project):
    """A removed-features heading says ``(since X.Y)`` instead of ``(removed in X.Y)``."""
    for record in release.removal_records:
        heading = record.heading or record.feature
        if "(since" in heading and "removed in" not in heading:
            yield removal_heading_since.rule.finding(
                f"removed-features heading {heading!r} says 'since', not 'removed in'", record.location
            )
