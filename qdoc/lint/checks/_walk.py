"""The walks several checks make over a release: properties, binaries, records.

Checks compare two things (-help against documentation, a removal record
against the DEFs...), and several compare the same pair of collections; the
loops that reach those collections live here, so each check reads as its
comparison.  Every walk keeps the order of the sources, which is the order
of the findings (the lint snapshots rely on it).  The walks over one
option's sub-options and synopses are the model's own
(:func:`~qdoc.model.walk_suboptions`, :func:`~qdoc.model.all_synopses`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Option, OptionSet, Record, SubOption, walk_suboptions
from ...records import whole_options


def properties(option: Option) -> Iterator[SubOption]:
    """The sub-options of an option, at any depth, that document a property (``key=value``)."""
    return (sub for sub in walk_suboptions(option.suboptions) if sub.kind == "property")


def option_text(option: Option) -> str:
    """The prose of an option and of all its sub-options, one description a line.

    Where a check asks whether the documentation mentions something
    anywhere, this is "anywhere".
    """
    return "\n".join([option.description] + [sub.description for sub in walk_suboptions(option.suboptions)])


def help_binaries(release) -> Iterator[OptionSet]:
    """The ``qemu-system-* -help`` outputs read for a release: what the binary really accepts."""
    return (binary for binary in release.binaries if binary.source.format == "help")


def still_defined(record: Record, definitions: OptionSet) -> Iterator[tuple[str, Option]]:
    """The options a deprecation or removal record is about as a whole that ``definitions`` still defines.

    Yields the name as the record spells it and the option it resolves to.
    """
    for name in whole_options(record):
        option = definitions.option(name)
        if option is not None:
            yield name, option
