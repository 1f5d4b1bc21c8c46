"""Contradictory: two sources, or two parts of one source, disagree."""

from __future__ import annotations

import re

from ..rules import rule
from . import quoted_keys
from ...synopsis import split_option_name
from ._forms import Form, Keys, form_text, has_several_forms, option_forms, synopsis_keys
from ._walk import option_text, properties

_HELP_DEFAULT_RE = re.compile(
    r"^\s+(?:property\s+)?([A-Za-z][\w.-]*)=\S*.*?\(default(?::|=)?\s*([^)]+?)\s*\)", re.M
)


def _choices(parameter) -> set[str]:
    return {c.strip("<>").lower() for c in getattr(parameter, "choices", None) or ()}


def _mentions(text: str, key: str) -> bool:
    """Whether prose names ``key`` as a key (``use 'fd=h'``, ````show-tabs````)."""
    return f"{key}=" in text or f"``{key}``" in text


#: "``-drive`` accepts all options that are accepted by ``-blockdev``": that option's keys are documented too.
_ACCEPTS_ALL_RE = re.compile(r"accepts all options (?:that are )?accepted by ``(-[\w-]+)``")

_AGREE = ": make the DEF's help text and the documentation agree"

#: A side's generic form when it has none: no keys, no items, no text (read only).
_NO_FORM = Form("")


def synopsis_mismatch(release, project):
    """The -help synopses and the documented synopses of an option disagree, form by form.

    Compared on parsed synopses, not text.  An option with several forms
    (``-netdev user``, ``-netdev tap``; ``-display gtk`` under ``-display
    type``) is compared form by form: a form -help has and the
    documentation has no item for; a documented form -help lacks (unless
    -help gives one synopsis for every form, ``-object TYPENAME,...``);
    and, for a form on both sides, a key of its -help synopsis that the
    documentation of the form never names, a key of its documented
    synopsis that -help never names (unless -help lists ``prop[=value]``),
    and different choices (``on|off`` against ``on|off|auto``).  An option
    of one form is compared the same way as a whole, and a key required on
    one side and optional on the other is a finding too.  Keys of a
    synopsis that stands for every form (``-chardev backend,id=id``,
    ``-audiodev [driver=]driver``) count for each form.  Stand-ins are no
    keys (``PROP1``; ``throttling.option=value`` names the ``throttling.``
    family), ``[type=]name`` only implies its key, and ``in|out.dev`` is
    ``in.dev`` and ``out.dev``.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for option in definitions.options:
        if not option.help_synopses or not option.synopses:
            continue
        helps, docs = option_forms(option)
        if has_several_forms(helps):
            yield from _form_findings(option, helps, docs)
            continue
        help_side, doc_side = _merged(helps.values()), _merged(docs.values())
        doc_side.own = Keys()  # as a whole, what the option's own synopses name must be in -help
        for synopsis in option.synopses:
            doc_side.own.update(synopsis_keys(split_option_name(synopsis.text)[1]))
        for other in _ACCEPTS_ALL_RE.findall(option_text(option)):
            if definitions.option(other) is not None:
                doc_side.keys.update(_merged(option_forms(definitions.option(other))[1].values()).keys)
        problems = _key_problems(option.name, help_side, doc_side, option_text(option), option.help or "", whole=True)
        if len(option.help_synopses) == 1 and len(option.synopses) == 1:
            problems += _required_problems(option.help_synopses[0], option.synopses[0].text)
        if problems:
            yield synopsis_mismatch.rule.finding("; ".join(problems) + _AGREE, option.synopses[0].location)


def _merged(forms) -> Form:
    """One form made of several: the keys, items and text of all (what the comparison reads)."""
    merged = Form("")
    texts = []
    for form in forms:
        merged.keys.update(form.keys)
        merged.own.update(form.own)
        merged.items += form.items
        texts.append(form.text)
    merged.text = "".join(texts)
    return merged


def _form_findings(option, helps: dict[str, Form], docs: dict[str, Form]):
    """QD301's findings for an option of several forms: forms on one side only, then each form's keys."""
    generic_help, generic_doc = helps.get("", _NO_FORM), docs.get("", _NO_FORM)
    where = option.synopses[0].location  # the term of the option's first item: where it is documented
    for name, form in helps.items():
        if name and name not in docs:
            yield synopsis_mismatch.rule.finding(
                f"-help documents {option.name} {name} ({form.synopses[0]}); the documentation has no item for it"
                + _AGREE,
                where,
            )
    if "" not in helps:
        for name, form in docs.items():
            if name and name not in helps:
                yield synopsis_mismatch.rule.finding(
                    f"the documentation describes {option.name} {name}; -help has no synopsis for it" + _AGREE,
                    form.location,
                )
    for name, form in docs.items():
        if not name or name not in helps:
            continue
        help_side = _merged([helps[name], generic_help])
        doc_side = _merged([form, generic_doc])
        doc_side.own = form.own  # what the form's own synopses and items name; generic items only cover
        problems = _key_problems(f"{option.name} {name}", help_side, doc_side, form_text(doc_side), help_side.text)
        if problems:
            yield synopsis_mismatch.rule.finding("; ".join(problems) + _AGREE, form.location)


def _key_problems(what: str, help_side: Form, doc_side: Form, doc_text: str, help_text: str, *, whole: bool = False) -> list[str]:
    """What one side's keys say that the other's do not, as sentences about ``what`` (``-netdev tap``)."""
    help_keys, doc_keys = help_side.keys, doc_side.keys
    only_help = sorted(
        key for key in help_keys.named if not doc_keys.covers(key) and not _mentions(doc_text, key)
    )
    help_prose = help_text.lower()
    # -help says "prop[=value]", or "-action event=action": the documented
    # synopsis of a whole option names a stand-in for the keys -help lists,
    # and the text then uses those keys.
    stand_in = help_keys.any or (
        whole and any(_mentions(doc_text, key) for key in help_keys.named if key not in doc_keys.named)
    )
    only_doc = [] if stand_in else sorted(
        key for key in doc_side.own.named
        if not help_keys.covers(key) and key not in help_prose  # "{data|file}=", "use 'fd=h'"
    )
    problems = []
    if only_help:
        problems.append(f"-help documents {quoted_keys(only_help)} for {what}; the documentation does not")
    if only_doc:
        problems.append(f"the documentation of {what} names {quoted_keys(only_doc)}; -help does not")
    for key in sorted(set(help_keys.named) & set(doc_keys.named)):
        help_choices, doc_choices = _choices(help_keys.named[key]), _choices(doc_keys.named[key])
        if help_choices and doc_choices and help_choices != doc_choices:
            problems.append(
                f"{key}= takes {'|'.join(sorted(help_choices))} in -help, {'|'.join(sorted(doc_choices))} in the documentation"
            )
    return problems


def _required_problems(help_synopsis: str, documented_synopsis: str) -> list[str]:
    """A key required in the one synopsis of one side and optional in the other's."""
    help_keys = synopsis_keys(split_option_name(help_synopsis)[1]).named
    doc_keys = synopsis_keys(split_option_name(documented_synopsis)[1]).named
    problems = []
    for key in sorted(set(help_keys) & set(doc_keys)):
        help_parameter, doc_parameter = help_keys[key], doc_keys[key]
        if help_parameter.required != doc_parameter.required:
            state = "required" if help_parameter.required else "optional"
            problems.append(f"{key}= is {state} in -help but not in the documentation")
    return problems


def _normal(text: str) -> str:
    return " ".join(text.replace("``", "").split())


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
                    f"the {document.source.format} page gives {option.name} "
                    + (f"the synopsis {'; '.join(extra)!r}, which {definitions.source.path} does not" if extra
                       else f"fewer synopses than {definitions.source.path}")
                    + ": rebuild the page from this release's .hx",
                    option.synopses[0].location,
                )


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
            theirs = sub.default.lower()  # stated_default() has stripped its spaces and quotes
            if ours != theirs:
                yield default_mismatch.rule.finding(
                    f"-help gives {option.name} {sub.name}= the default {help_defaults[sub.name]!r}; "
                    f"the documentation says {sub.default!r}: make them agree",
                    sub.location,
                )


def archheading_mask_mismatch(release, project):
    """An option under an ARCHHEADING has a DEF arch mask that does not match it.

    The mask is named as the DEF writes it; a DEF with no mask at all (the
    reader warns that it is not understood) has an empty one.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    headings = {s.title: s for s in definitions.sections if s.kind == "archheading"}
    for option in definitions.options:
        section = headings.get(option.section)
        if section is None or not section.arch:
            continue
        if not set(section.arch) & set(option.arch):  # QEMU_ARCH_ALL (["all"]) shares no target with a heading
            yield archheading_mask_mismatch.rule.finding(
                f"{option.name} is documented under '{section.title}' ({', '.join(section.arch)}), but its DEF "
                f"mask is {option.arch_expression or 'empty'}: move the option or correct the mask",
                option.locations.get("definition"),
            )


def removal_heading_since(release, project):
    """A removed-features heading says ``(since X.Y)`` instead of ``(removed in X.Y)``."""
    for record in release.removal_records:
        heading = record.heading or record.feature
        if "(since" in heading and "removed in" not in heading:
            yield removal_heading_since.rule.finding(
                f"removed-features heading {heading!r} says 'since'; an entry of that list states the release "
                "that removed it: write '(removed in X.Y)'",
                record.location,
            )


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD301", "synopsis-mismatch")(synopsis_mismatch)
rule("QD302", "documented-differently")(documented_differently)
rule("QD303", "default-mismatch")(default_mismatch)
rule("QD304", "archheading-mask-mismatch")(archheading_mask_mismatch)
rule("QD305", "removal-heading-since")(removal_heading_since)
