"""QEMU target-architecture masks (``QEMU_ARCH_I386 | QEMU_ARCH_ARM``) as name sets.

hxtool ignores the arch mask of ``DEF(...)`` and the arch of ``ARCHHEADING``;
qdoc keeps both so checks can tell an option documented for other targets only
from one that is missing.
"""

from __future__ import annotations

import re

ALL = "all"
_ARCH_RE = re.compile(r"QEMU_ARCH_([A-Z0-9_]+)")


def arch_names(expression: str) -> tuple[list[str], list[str]]:
    """Sorted arch names of a mask expression and the tokens not understood.

    ``QEMU_ARCH_ALL`` gives ``["all"]``; ``QEMU_ARCH_ARM | QEMU_ARCH_I386``
    gives ``["arm", "i386"]``.  Anything other than arch constants joined by
    ``|`` is returned as not understood, for a diagnostic.
    """
    names: set[str] = set()
    unknown: list[str] = []
    for token in expression.replace("|", " ").split():
        m = _ARCH_RE.fullmatch(token)
        if m:
            names.add(m.group(1).lower())
        elif token not in ("(", ")"):
            unknown.append(token)
    if ALL in names:
        return [ALL], unknown
    return sorted(names), unknown
