"""The walks several checks make over a release: properties, binaries.

Checks compare two things (-help against documentation, a binary's -help
against the DEFs...), and several compare the same pair of collections; the
loops that reach those collections live here, so each check reads as its
comparison.  Every walk keeps the order of the sources, which is the order
of the findings (the lint snapshots rely on it).  The walks over one
option's sub-options and synopses are the model's own
(:func:`~qdoc.model.walk_suboptions`, :func:`~qdoc.model.all_synopses`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Option, OptionSet, SubOption, walk_suboptions


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
