"""The facts of one key compared across two sides: synopses, default, choices, arch, help text.

A key may be documented by several nodes (two items of one form); its
facts are those of all of them.  Synopses are compared as the source
writes them (whitespace aside), and shown before -> after as written; an
option's own synopses leave out the terms that open its forms, which are
the forms' own (a new ``-display dbus`` form is an added form, not a
changed ``-display`` synopsis).
"""

from __future__ import annotations

from ..model import Option, SubOption
from .result import Detail


def _normal(text: str) -> str:
    return " ".join(text.split())


def synopses(nodes: list) -> list[str]:
    """The synopses of a key as written, each once, in the sources' order."""
    texts: dict[str, None] = {}
    for node in nodes:
        own = node.synopses
        if isinstance(node, Option):
            forms = {_normal(s.text) for sub in node.suboptions if sub.kind == "form" for s in sub.synopses}
            own = [s for s in own if _normal(s.text) not in forms]
        for synopsis in own:
            texts.setdefault(_normal(synopsis.text), None)
    return list(texts)


def _choices(nodes: list[SubOption]) -> list[str]:
    """The values a property's synopsis offers for its own key (``vmport=on|off|auto``).

    Only sub-options come here (an option's key holds options only, and
    :func:`details` returns before): a parameter without a key (a bare
    value) is never the property's own.
    """
    found: dict[str, None] = {}
    for node in nodes:
        for synopsis in node.synopses:
            for parameter in synopsis.parameters:
                if parameter.choices and parameter.key and parameter.key.removesuffix("=") == node.name:
                    found.update(dict.fromkeys(parameter.choices))
    return sorted(found)


def _first(nodes: list[SubOption], attribute: str):
    """The first value the nodes of a key state (of two items of one key, the one that says it), or None."""
    return next((value for value in (getattr(n, attribute) for n in nodes) if value), None)


def _default(nodes: list) -> str | None:
    """A property's stated default, quotes and line breaks aside (``“auto”`` of the RHEL page is ``auto``).

    Only properties: the text of a form or a value speaks of the defaults
    of the properties it lists (``-display gtk``'s "(default: on)").
    """
    if nodes[0].kind != "property":
        return None
    value = _first(nodes, "default")
    return _normal(value).strip("“”\"'`") or None if value else None


def kind_of(nodes: list) -> str:
    node = nodes[0]
    return "option" if isinstance(node, Option) else node.kind


def details(before: list, after: list, *, help_format: bool) -> list[Detail]:
    """What changed between the nodes of one key on the old and the new side."""
    found: list[Detail] = []
    old_synopses, new_synopses = synopses(before), synopses(after)
    if old_synopses and new_synopses and set(old_synopses) != set(new_synopses):
        # Only the terms that differ: -numa's one corrected term of six is the change.
        found.append(Detail(
            "synopsis", [s for s in old_synopses if s not in new_synopses], [s for s in new_synopses if s not in old_synopses]))
    if isinstance(before[0], Option):  # a key names an option on both sides, or a sub-option on both
        _option_details(before[0], after[0], found, help_format)
        return found
    old_default, new_default = _default(before), _default(after)
    if (old_default or new_default) and old_default != new_default:
        found.append(Detail("default", old_default, new_default))
    old_choices, new_choices = _choices(before), _choices(after)
    if old_choices and new_choices and old_choices != new_choices:
        found.append(Detail("choices", old_choices, new_choices))
    old_type, new_type = _first(before, "value_type"), _first(after, "value_type")
    if old_type and new_type and old_type != new_type:
        found.append(Detail("type", old_type, new_type))
    return found


def _option_details(before: Option, after: Option, found: list[Detail], help_format: bool) -> None:
    if help_format:
        old_help = [_normal(s) for s in before.help_synopses]
        new_help = [_normal(s) for s in after.help_synopses]
        if old_help and new_help and set(old_help) != set(new_help):
            found.append(Detail("help synopsis", old_help, new_help))
    if before.arch and after.arch and set(before.arch) != set(after.arch):
        found.append(Detail("arch", sorted(before.arch), sorted(after.arch)))
    if before.help is not None and after.help is not None and _normal(before.help).lower() != _normal(after.help).lower():
        found.append(Detail("help text", before.help, after.help))
