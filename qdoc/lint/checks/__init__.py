"""The checks, by family.  Importing this package registers them all.

Helpers shared by several checks live here: the names a release defines,
and the keys (``accel``, ``vmport``) that help text and documentation
mention.  The loops several checks share (properties, binaries) are in
:mod:`._walk`; an option's forms as -help and the documentation give them
(``-netdev user``, ``-netdev tap``), and the keys each names, in
:mod:`._forms`; whether QEMU hides an option on purpose, and the
information finding that says why, in :mod:`._hidden`; an option's
sub-options and synopses at any depth are the model's walks
(:func:`~qdoc.model.walk_suboptions`, :func:`~qdoc.model.all_synopses`), a
release's system documents
:attr:`~qdoc.project.ReleaseSources.system_documents`.
"""

from __future__ import annotations

import re

from ...model import Option, all_synopses
from ...synopsis import parse_parameters, split_option_name
from ._walk import properties

_HELP_PROPERTY_RE = re.compile(r"^\s+(?:property\s+)?([A-Za-z][\w.|-]*)=", re.M)


def defined_names(option_set) -> set[str]:
    """Canonical names and alias spellings of every option of a set."""
    names = set()
    if option_set is None:
        return names
    for option in option_set.options:
        names.add(option.name)
        names.update(option.aliases)
    return names


def named_in(option: Option, names: set[str]) -> bool:
    """Whether ``names`` holds the option under its name or any of its aliases."""
    return option.name in names or not names.isdisjoint(option.aliases)


def _placeholder(key: str) -> bool:
    """``PROP1``, ``<argname>``: a synopsis' stand-in for any key, not a key."""
    return "<" in key or key.isupper()


def help_synopsis_keys(help_text: str | None, option_name: str) -> set[str]:
    """Property keys in the synopsis lines of an option's -help text."""
    keys = set()
    for line in help_text.split("\n") if help_text else ():
        stripped = line.strip()
        if stripped.startswith(option_name + " ") or stripped == option_name:
            synopsis = re.split(r"\s{2,}", stripped)[0]  # the explanation column is no part of it
            parameters, _ = parse_parameters(split_option_name(synopsis)[1])
            keys.update(p.key for p in parameters if p.key and not _placeholder(p.key))
    return keys


def help_property_keys(help_text: str | None) -> set[str]:
    """Keys of the indented -help lines that describe one property each.

    ``vmport=on|off|auto controls emulation of vmport (default: auto)`` under
    ``-machine``.
    """
    from ._forms import expand_key  # in|out.dev= is in.dev= and out.dev=

    return {
        key.lower() for k in (_HELP_PROPERTY_RE.findall(help_text) if help_text else ()) if not _placeholder(k) for key in expand_key(k)
    }


def help_keys(help_text: str | None, option_name: str) -> set[str]:
    """Every property key the -help text of an option mentions."""
    return help_synopsis_keys(help_text, option_name) | help_property_keys(help_text)


def quoted_keys(keys) -> str:
    """Keys as a message names them: ```user=` and `password=```."""
    quoted = [f"`{k}=`" for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def documented_keys(option: Option) -> set[str]:
    """Property keys the documentation of an option names (sub-options and synopses)."""
    keys = {p.key for synopsis in all_synopses(option) for p in synopsis.parameters if p.key}
    keys.update(sub.name for sub in properties(option))
    return keys


# Importing the family modules registers their rules.
from . import contradictory, conventions, deprecated, hmp, markup, missing, placement, qmp  # noqa: E402

FAMILY_MODULES = (missing, placement, qmp, deprecated, contradictory, markup, conventions, hmp)
