"""The option names an OCR'd manual is read against, and nearest-name repair.

With a reference option set (a nearby release's ``qemu-options.hx``) the
vocabulary is that set's option names and aliases; without one it is
:data:`WELL_KNOWN_OPTIONS`, a list of long-standing ``qemu-system`` options
written for qdoc from general knowledge of QEMU's command line (not taken
from any corpus file).  The built-in list is deliberately a vocabulary of
names only: it lets a misread name be repaired, but it cannot vouch for an
option whose name line the OCR lost, which needs the reference's texts.

Repair is by similarity of spelling (:class:`difflib.SequenceMatcher`), with
the OCR's typical damage undone first: a dash read as ``.``, ``·`` or ``_``,
``_`` read as a space, ``v`` read as ``y``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ...model import OptionSet, canonical_option_name

#: qemu-system options that have existed for many releases (name only).
WELL_KNOWN_OPTIONS = tuple(
    "-" + name
    for name in """
    accel acpitable add-fd alt-grab append audio-help audiodev balloon bios blockdev boot bt
    cdrom chardev chroot cpu ctrl-grab curses d D daemonize debugcon device dfilter display
    drive dtb dump-vmstate echr enable-fips enable-hax enable-kvm fda fdb fsdev full-screen
    fw_cfg g gdb global h hda hdb hdc hdd help icount incoming initrd iscsi k kernel L
    loadvm localtime m M machine mem-path mem-prealloc mon monitor msg mtdblock name net
    netdev nic no-acpi no-fd-bootchk no-frame no-hpet no-quit no-reboot no-shutdown
    no-user-config nodefaults nodefconfig nographic numa object old-param only-migratable
    option-rom overcommit parallel pflash pidfile portrait preconfig prom-env qmp qmp-pretty
    readconfig realtime rotate rtc rtc-td-hack runas s S sandbox sd sdl semihosting
    semihosting-config serial set show-cursor singlestep smbios smp snapshot soundhw spice
    startdate tb-size tpmdev trace usb usbdevice uuid version vga virtfs virtfs_synth
    virtioconsole vnc watchdog watchdog-action win2k-hack writeconfig xen-attach xen-create
    xen-domid xen-domid-restrict
    """.split()
)


@dataclass(frozen=True, slots=True)
class Match:
    """A vocabulary name for a spelling read from the text, and how sure."""

    name: str
    similarity: float

    @property
    def exact(self) -> bool:
        return self.similarity >= 1.0


def _variants(token: str) -> list[str]:
    """Spellings ``token`` may stand for once typical OCR damage is undone."""
    body = token.lstrip("-.·_–—−")
    variants = [body, body.replace(".", "-"), body.replace(" ", "_"), body.replace(" ", "-")]
    variants.append(body.replace("y", "v"))
    out = []
    for v in variants:
        if v and v not in out:
            out.append(v)
    return out


class Vocabulary:
    """Option names, each with its position in the reference (or list) order."""

    def __init__(self, names: list[str], source: str):
        self.source = source
        self.order: dict[str, int] = {}
        for name in names:
            self.order.setdefault(name, len(self.order))
        self._bare = {name.lstrip("-"): name for name in self.order}

    @classmethod
    def built_in(cls) -> "Vocabulary":
        return cls(list(WELL_KNOWN_OPTIONS), "built-in")

    @classmethod
    def from_reference(cls, reference: OptionSet) -> "Vocabulary":
        names: list[str] = []
        for option in reference.options:
            names.append(option.name)
            names.extend(canonical_option_name(a) for a in option.aliases if a.startswith("-"))
        return cls(names, f"reference {reference.source.path}")

    def __contains__(self, name: str) -> bool:
        return name in self.order

    def exact(self, token: str) -> str | None:
        """The name ``token`` spells once dash and underscore damage is undone."""
        for variant in _variants(token):
            if variant in self._bare:
                return self._bare[variant]
        return None

    def nearest(self, token: str, limit: int = 3) -> list[Match]:
        """The closest names to ``token``, best first (exact spellings score 1)."""
        found = self.exact(token)
        if found:
            return [Match(found, 1.0)]
        best: dict[str, float] = {}
        for variant in _variants(token):
            if len(variant) < 3:
                continue  # one- and two-letter names differ by one letter from many others
            for bare, name in self._bare.items():
                if len(bare) < 3 or abs(len(bare) - len(variant)) > max(2, len(bare) // 3):
                    continue
                ratio = difflib.SequenceMatcher(None, variant, bare).ratio()
                # A lost beginning ("tchdog" for "watchdog") is common on a
                # line's first word: score a long suffix match as well.
                if len(variant) >= 4 and bare.endswith(variant):
                    ratio = max(ratio, 0.7 + 0.3 * len(variant) / len(bare))
                if ratio > best.get(name, 0.0):
                    best[name] = ratio
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.order[item[0]]))
        return [Match(name, round(score, 3)) for name, score in ranked[:limit]]

    def suffix_match(self, word: str) -> str | None:
        """A name whose last letters ``word`` is (its beginning lost), if only one."""
        if len(word) < 4:
            return None
        found = [name for bare, name in self._bare.items() if bare.endswith(word) and len(bare) > len(word)]
        return found[0] if len(found) == 1 else None
