"""QMP: the sub-options a binary's ``query-command-line-options`` reply lists, against the documentation.

The reply lists, for each option group the binary registered (``drive``,
``chardev``, ``vnc``...), every key its parser accepts: a complete list
where -help is a summary.  A key the reply has and the documentation of
the option does not name is a user-settable sub-option nobody documented,
unless the reply itself explains why the documentation may leave it out:

- an *implied* key: QEMU's parser takes the first value without a key and
  stores it under this name (``-chardev socket,...`` sets ``backend``,
  ``-fsdev local,...`` sets ``fsdriver``); the documentation shows the
  value, not the key name, and rightly so;
- a key the DEF's -help text already names: the documentation's gap is
  then visible from the .hx alone, and reported there (QD105, QD301); the reply
  is a second witness;
- a key the documentation names under its legacy spelling (``-drive
  bps_rd=`` for ``throttling.bps-read``, both accepted);
- a ``-machine`` key: that group does not describe one machine type.  In
  QEMU up to 7.2 it is a frozen list kept for libvirt (``loadparm`` and
  ``dea-key-wrap`` of s390x, ``dtb`` of device-tree boards, ``iommu`` long
  gone, whatever the binary's target); later, the properties of every
  machine type of the binary together.  Neither says what one machine
  accepts, so the documentation of ``-machine`` is not held to it (the
  arch-aware rule of -help: a key of other targets is no finding against
  documentation that covers every target).

Those are information; the rest is a warning.  Options documented to
accept another option's keys (``-drive`` "accepts all options that are
accepted by ``-blockdev``") count that option's documentation as theirs.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from typing import Iterator

from ...arch import applies_to
from ...model import Option, OptionSet
from ..rules import rule
from . import documented_keys, help_keys
from ._walk import option_text

#: ``implied_opt_name`` of QEMU's option groups (softmmu/vl.c and the
#: subsystems' QemuOptsList): the key the first, key-less value is stored under.
IMPLIED_KEYS = {
    "-machine": "type", "-boot": "order", "-smp": "cpus", "-m": "size", "-numa": "type",
    "-net": "type", "-netdev": "type", "-nic": "type", "-fsdev": "fsdriver", "-virtfs": "fsdriver",
    "-chardev": "backend", "-sandbox": "enable", "-option-rom": "romfile", "-vnc": "vnc",
    "-name": "guest", "-icount": "shift", "-trace": "enable", "-accel": "accel", "-tpmdev": "type",
    "-object": "qom-type", "-device": "driver", "-audiodev": "driver", "-plugin": "file",
}

#: The legacy -drive throttling keys each ``throttling.*`` key of the reply stands for.
_THROTTLING_LEGACY = {
    "bps-total": "bps", "bps-read": "bps_rd", "bps-write": "bps_wr",
    "iops-total": "iops", "iops-read": "iops_rd", "iops-write": "iops_wr",
    "iops-size": "iops_size", "group": "group",
}
_ACCEPTS_ALL_RE = re.compile(r"accepts all options that are accepted by\W+(-[\w-]+)")
#: The words of a text, each a maximal run, with the ``=`` that follows it: one linear pass.
_WORD_RE = re.compile(r"[\w.-]+=?")
_LITERAL_RE = re.compile(r"``([\w.-]+)``")


def qmp_replies(release) -> Iterator[OptionSet]:
    """The ``query-command-line-options`` replies read for a release."""
    return (binary for binary in release.binaries if binary.source.format == "qmp")


def reply_target(reply: OptionSet, release) -> str | None:
    """The target of the binary that gave ``reply``.

    The reply does not say; the -help output saved beside it (the same
    folder, the same binary) does (``usage: qemu-system-x86_64``).
    """
    if reply.target:
        return reply.target
    folder = os.path.dirname(reply.source.path)
    for binary in release.binaries:
        if binary.source.format == "help" and os.path.dirname(binary.source.path) == folder:
            return binary.target
    return None


def _legacy_name(key: str) -> str | None:
    """``throttling.bps-read-max`` -> ``bps_rd_max``: the -drive spelling QEMU also accepts."""
    if not key.startswith("throttling."):
        return None
    rest = key[len("throttling."):]
    suffix = ""
    for tail in ("-max-length", "-max"):
        if rest.endswith(tail):
            rest, suffix = rest[: -len(tail)], tail.replace("-", "_")
            break
    base = _THROTTLING_LEGACY.get(rest)
    return base + suffix if base else None


class _Documentation:
    """What the documentation of one option names: its keys, the keys its text names, and its -help text.

    The text is scanned once for every key it names (``key=``,
    ````key````, and ``noKEY``, which QemuOpts reads as ``KEY=off``: so
    ``nodelay`` names ``delay``), each as a whole word: ``logappend=`` does
    not name ``append``.
    """

    def __init__(self, option: Option, definitions: OptionSet):
        self.option = option
        self.keys = documented_keys(option)
        text = option_text(option)
        for name in _ACCEPTS_ALL_RE.findall(text):  # "by ``-blockdev``": \W+ takes the backquotes
            other = definitions.option(name)
            if other is not None:
                self.keys |= documented_keys(other)
                text += "\n" + option_text(other)
        words = set(_WORD_RE.findall(text))
        self.named = {w[:-1] for w in words if w.endswith("=")} | set(_LITERAL_RE.findall(text))
        self.negated = {w.removesuffix("=")[2:] for w in words | self.keys if w.startswith("no")}

    @cached_property
    def help(self) -> set[str]:
        """Keys the DEF's -help text names (only asked for keys the documentation lacks)."""
        option = self.option
        return help_keys(option.help, option.name) | {w[:-1] for w in _WORD_RE.findall(option.help or "") if w.endswith("=")}

    def names(self, key: str) -> bool:
        """Whether the documentation names ``key``: a sub-option, a synopsis key, or in its text."""
        return key in self.keys or key in self.named or key in self.negated

    def why_not_needed(self, key: str) -> str | None:
        """Why the documentation may leave ``key`` out, or None when it should name it."""
        name = self.option.name
        if name == "-machine":
            return ("the reply's -machine group is not one machine type's properties "
                    "(a frozen compatibility list up to QEMU 7.2, properties of every machine type later)")
        if IMPLIED_KEYS.get(name) == key:
            return f"{key} is the implied key: `{name} VALUE,...` sets it, and the documentation shows the value"
        legacy = _legacy_name(key)
        if legacy and self.names(legacy):
            return f"the documentation names it by its legacy spelling `{legacy}=`"
        if key in self.help:
            return "the DEF's -help text names it, and the -help checks (QD105, QD301) report the gap at the DEF"
        return None


def qmp_suboption_undocumented(release, project):
    """A key the binary's QMP ``query-command-line-options`` reply lists is not documented.

    The reply lists every key of the option groups it covers; one the
    documentation of the option names nowhere (no sub-option item, no
    synopsis, no ``key=`` in its text) is a warning: ``-option-rom
    bootindex``, ``-chardev tn3270``.  Information only when the
    documentation need not name it: the implied key (``-chardev``'s
    ``backend``), a key the DEF's -help text names (QD105 or QD301 report it), a
    throttling key documented by its legacy spelling, and every key of
    ``-machine``, whose group mixes the machine types of every target.
    Options of other targets than the binary's are not compared.
    """
    definitions = release.system_definitions
    if definitions is None:
        return
    for reply in qmp_replies(release):
        target = reply_target(reply, release)
        for group in reply.options:
            option = definitions.option(group.name)  # a free-form group (-device) lists no keys: none is missing
            if option is None or not option.documented or not applies_to(option.arch, target):
                continue
            documentation = _Documentation(option, definitions)
            missing = [sub.name for sub in group.suboptions if not documentation.names(sub.name)]
            if not missing:
                continue
            where = group.locations.get("qmp")
            reasons = {key: documentation.why_not_needed(key) for key in missing}
            warned = [key for key in missing if reasons[key] is None]
            if warned:
                binary = f"qemu-system-{target}" if target else "the binary"
                yield qmp_suboption_undocumented.rule.finding(
                    f"{option.name}: {binary} accepts {_listed(warned)} (QMP query-command-line-options); "
                    f"the documentation does not name {'them' if len(warned) > 1 else 'it'}: "
                    f"describe {'them' if len(warned) > 1 else 'it'} in the item of {option.name}",
                    option.locations.get("documentation") or where,
                )
            for key in missing:
                reason = reasons[key]
                if reason is not None:
                    yield qmp_suboption_undocumented.rule.finding(
                        f"{option.name}: QMP lists `{key}=`, the documentation does not name it; {reason}",
                        where,
                        severity="info",
                    )


def _listed(keys: list[str]) -> str:
    return ", ".join(f"`{key}=`" for key in keys)


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD110", "qmp-suboption-undocumented")(qmp_suboption_undocumented)
