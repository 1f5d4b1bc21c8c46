"""What changed in the command line between two option sets, in any formats, at every level.

Packagers moving between releases, libvirt developers tracking what QEMU
accepts and release managers writing notes ask the same question.  The
answer is computed on the model, key by key (:mod:`qdoc.keys`): options,
their forms and their sub-options are added, removed, renamed, changed
(synopsis before -> after, default, choices, arch) or newly deprecated;
each removal carries the list entry that announced it, the deprecation
before it and the replacement.  Two sides are compared on what both can
show (:mod:`.sides`), so a rendered manual held against a source tree
does not turn "undocumented" into "removed".

- :mod:`.result`: the result types and their JSON form;
- :mod:`.sides`: what each format can show, and what an absence means;
- :mod:`.facts`: the facts of one key compared;
- :mod:`.announcements`: list entries found by key;
- :mod:`.compare`: the comparison itself.
"""

from .compare import RENAME_SIMILARITY, compared_set, diff_option_sets, diff_releases
from .result import Change, Deprecation, Detail, Entry, NotRead, OptionDiff, Removal, Rename

__all__ = [
    "RENAME_SIMILARITY", "Change", "Deprecation", "Detail", "Entry", "NotRead", "OptionDiff", "Removal", "Rename",
    "compared_set", "diff_option_sets", "diff_releases",
]
