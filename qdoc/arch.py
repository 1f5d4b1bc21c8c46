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


#: QEMU target names (the suffix of qemu-system-*) to the QEMU_ARCH_* family
#: their DEF masks use.
_TARGET_FAMILIES = {
    "x86_64": "i386", "i386": "i386", "aarch64": "arm", "arm": "arm",
    "ppc": "ppc", "ppc64": "ppc", "mips": "mips", "mipsel": "mips", "mips64": "mips",
    "mips64el": "mips", "riscv32": "riscv", "riscv64": "riscv", "s390x": "s390x",
    "sparc": "sparc", "sparc64": "sparc", "loongarch64": "loongarch", "m68k": "m68k",
    "xtensa": "xtensa", "xtensaeb": "xtensa", "nios2": "nios2", "lm32": "lm32",
    "alpha": "alpha", "hppa": "hppa", "microblaze": "microblaze", "microblazeel": "microblaze",
    "or1k": "openrisc", "sh4": "sh4", "sh4eb": "sh4", "tricore": "tricore", "avr": "avr",
    "rx": "rx", "cris": "cris", "hexagon": "hexagon", "unicore32": "unicore32", "moxie": "moxie",
}


def arch_family(target: str) -> str:
    """``x86_64`` -> ``i386``: the arch name a DEF mask uses for a binary's target."""
    return _TARGET_FAMILIES.get(target, target)


def applies_to(arch: list[str], target: str | None) -> bool:
    """Whether an option with arch set ``arch`` exists in a binary for ``target``."""
    if not arch or ALL in arch or target is None:
        return True
    return arch_family(target) in arch
