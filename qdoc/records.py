"""Reading deprecation and removal records for what they name: options, their parts, or other things.

:func:`resolve` turns an entry into the things it names, each with its kind
(option, form, property, device, machine type, subsystem...), its key
(:mod:`qdoc.keys`: ``-display sdl,alt_grab=on`` is ``-display/sdl/alt_grab``)
and whether the entry is about the thing or one use of it; the entry's
stated version and replacement come with it.  It is a function of the entry
alone, so one entry names the same keys in every release it is read in;
:func:`nodes_named` and :func:`subsystem_options` then find what it names in
one release's model.

The older readings below serve diff and history, which compare whole options.

A record's targets name every option its heading mentions, but a heading
may be about the option itself (````-tdf`` (removed in 2.12)``) or about
one aspect of it (````-drive`` with bogus interface type (removed in
6.0)``, ``Using ``-audiodev`` to define the default audio backend``).  Only
the first says the option is gone; treating the second as a removal would
report every surviving option as "still present after its removal".

So there are two readings.  :func:`mentioned_options`: every option a
record names (with no sub-option); enough to explain why an option that did
disappear is gone ("Creating sound card devices using ``-soundhw``").
:func:`whole_options`: only options the heading names and nothing else;
needed before claiming that an option *should* be gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .keys import find, key, option_named, split_key
from .model import Record, canonical_option_name
from .synopsis import parse_parameters, split_option_name

_VERSION_NOTE_RE = re.compile(r"\((?:since|removed(?: in)?|deprecated in)[^)]*\)", re.I)
_LITERAL_RE = re.compile(r"``(.+?)``")
_CONNECTORS = re.compile(r"\b(?:and|or|the|option|options|argument|arguments|parameter|parameters|flag|flags)\b|[,&/:;]", re.I)


def _spellings(option: str) -> set[str]:
    return {option, "-" + option} if option.startswith("-") else {option}


def names_only(record: Record) -> bool:
    """Whether the heading is nothing but names (``-alt-grab`` and ``-display sdl,alt_grab=on``)."""
    heading = _VERSION_NOTE_RE.sub("", record.heading or record.feature)
    return bool(_LITERAL_RE.search(heading)) and not _CONNECTORS.sub("", _LITERAL_RE.sub("", heading)).strip()


def about_whole_option(record: Record, option: str) -> bool:
    """Whether ``record`` is about ``option`` itself, not an aspect of it."""
    heading = _VERSION_NOTE_RE.sub("", record.heading or record.feature)
    literals = _LITERAL_RE.findall(heading)
    if not any(literal.strip() in _spellings(option) for literal in literals):
        return False
    rest = _LITERAL_RE.sub("", heading)
    return not _CONNECTORS.sub("", rest).strip()


def whole_options(record: Record) -> list[str]:
    """The command-line options a record is about as a whole (``-tdf``, ``-alt-grab``)."""
    return [
        t.option
        for t in record.targets
        if t.option.startswith("-") and t.suboption is None and about_whole_option(record, t.option)
    ]


def mentioned_options(record: Record) -> list[str]:
    """Every command-line option a record names without a sub-option."""
    return [t.option for t in record.targets if t.option.startswith("-") and t.suboption is None]


# -- Resolution: what each entry names, as keys ---------------------------------

#: What a name of a record can be.  ``option``, ``form`` and ``property`` are
#: parts of the option model (:mod:`qdoc.keys`); ``device``, ``device
#: property``, ``machine type`` and ``cpu model`` are values of ``-device``,
#: ``-machine`` and ``-cpu`` (keyed under them, though no option set
#: documents every one); ``command`` a monitor command; ``subsystem`` a
#: whole area of QEMU, covering the options of that area; ``other`` what no
#: key can stand for (host architectures, build system, other programs).
KINDS = (
    "option", "form", "property", "device", "device property",
    "machine type", "cpu model", "subsystem", "command", "other",
)

#: Options whose first word chooses a backend, type or kind: a form.
FORM_OPTIONS = frozenset({
    "-netdev", "-net", "-nic", "-chardev", "-object", "-display", "-audiodev", "-numa",
    "-fsdev", "-virtfs", "-tpmdev", "-accel", "-blockdev",
})
#: Options whose first word is a device, machine type or CPU model.
_VALUE_KINDS = {
    "-device": ("device", "device property"),
    "-usbdevice": ("device", "device property"),
    "-machine": ("machine type", "property"),
    "-M": ("machine type", "property"),
    "-cpu": ("cpu model", "property"),
}
#: Areas whose bare literals name a backend (form) or property of one option.
_AREA_OPTIONS = (
    ("character device", "-chardev"),
    ("net device", "-netdev"),
    ("network device", "-netdev"),
    ("block device", "-blockdev"),
    ("cpu device", "-cpu"),
    ("emulated device", "-device"),
)
#: Nouns naming the option whose types a phrase ("property of ``rng-*`` objects") speaks of.
_NOUN_OPTIONS = (("character device", "-chardev"), ("chardev", "-chardev"), ("object", "-object"), ("device", "-device"))
_COMMAND_AREAS = ("qmp", "hmp", "machine protocol", "monitor protocol", "monitor commands", "qapi", "events")
_OTHER_AREAS = (
    "guest agent", "tools", "related binaries", "user-mode", "user mode", "linux-user", "build system",
    "host architecture", "backwards compatibility", "binaries", "migration", "guest emulator isa",
    "accelerators", "tcg introspection", "qemu-img", "build options",
)
_PLAIN_OPTION_RE = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")
_WORDISH_RE = re.compile(r"^[A-Za-z][\w.*+-]*$")
_SIMPLE_VALUE_RE = re.compile(r"^(?:[A-Za-z_<>][\w.|<>-]*|\.\.\.)?$")
_PLACEHOLDER_RE = re.compile(r"\\?\s*\*[^*]+\*")
_SUBSYSTEM_RE = re.compile(r"\b(?:the\s+)?([\w-]+)\s+subsystem\b", re.I)
_PROPERTY_OF_RE = re.compile(
    r"^``([\w.-]+)``\s+(?:property|option)\s+(?:of|for)\s+(.+?)\s*$", re.I
)
_ASPECT_WORDS = re.compile(
    r"\b(?:and|or|the|option|options|argument|arguments|parameter|parameters|flag|flags|"
    r"backend|backends|driver|drivers|machine|machines|cpu|cpus|model|models|names?|device|devices)\b|[,&/:;+]",
    re.I,
)


@dataclass(frozen=True)
class Named:
    """One thing a record names: its ``kind`` (one of :data:`KINDS`) and ``key``.

    ``key`` is a :mod:`qdoc.keys` key, possibly with wildcards
    (``-object/rng-*/opened``), None where nothing in the model stands for
    it (a subsystem, a host architecture).  ``name`` is the thing as the
    record names it.  ``aspect`` says the record is about one use of it
    (``-drive`` with bogus interface type, ``-smp`` invalid topologies), not
    the thing itself: such a record does not say the thing is gone or
    deprecated.
    """

    kind: str
    key: str | None
    name: str
    aspect: bool = False


@dataclass(frozen=True)
class Resolution:
    """A record resolved: what it names, with its stated versions and replacement."""

    record: Record
    names: tuple[Named, ...]

    @property
    def since(self) -> str | None:
        return self.record.since

    @property
    def removed_in(self) -> str | None:
        return self.record.removed_in

    @property
    def replacement(self) -> str | None:
        return self.record.replacement

    @property
    def kind(self) -> str:
        """The kind of the first thing named, ``other`` when nothing is."""
        return self.names[0].kind if self.names else "other"

    def whole(self, *kinds: str) -> list[Named]:
        """The names the record is about as a whole, of the ``kinds`` given (all when none)."""
        return [n for n in self.names if not n.aspect and n.key and (not kinds or n.kind in kinds)]

    @property
    def subsystems(self) -> list[str]:
        return [n.name for n in self.names if n.kind == "subsystem"]


def resolve(record: Record) -> Resolution:
    """What ``record`` names, as keys: a function of the record alone, the same in every release.

    The entry's area says what its literals can be (options, monitor
    commands, machine types, CPU models, backends of one option); a literal
    option phrase says which part of the option (``-display sdl,alt_grab=on``
    is property ``alt_grab`` of form ``sdl``: ``-display/sdl/alt_grab``);
    words beside the names say whether the entry is about the thing or one
    use of it.
    """
    cached = _RESOLVED.get(id(record))
    if cached is not None and cached.record is record:
        return cached
    if len(_RESOLVED) >= _RESOLVED_LIMIT:
        _RESOLVED.clear()
    resolution = _RESOLVED[id(record)] = Resolution(record, tuple(_names(record)))
    return resolution


#: Resolutions by record identity: every check of a lint run resolves the
#: same records, each release's against every other's.  The resolution holds
#: its record, so an id is never reused while its entry lives; the limit
#: (the whole corpus has about 1,500 entries) keeps a long-lived process,
#: a Sphinx build, from holding every record it ever read.
_RESOLVED: dict[int, Resolution] = {}
_RESOLVED_LIMIT = 20_000


def _names(record: Record) -> list[Named]:
    area = record.area.lower()
    heading = _VERSION_NOTE_RE.sub("", record.heading or record.feature).strip()
    rst = "``" in heading or record.location.path.endswith(".rst")
    literals = [lit.strip() for lit in _LITERAL_RE.findall(heading)] if rst else []
    if any(word in area for word in _COMMAND_AREAS):
        return [
            Named("command", "/".join(filter(None, (t.option, t.suboption))), t.option, False)
            for t in record.targets
        ] or [Named("other", None, record.feature)]
    if any(word in area for word in _OTHER_AREAS):
        return [Named("other", None, record.feature)]
    aspect = _has_aspect_words(heading, rst)
    names: list[Named] = []
    subsystem = _SUBSYSTEM_RE.search(record.feature)
    area_option = next((opt for words, opt in _AREA_OPTIONS if words in area), None)
    if "machines" in area:
        names = _machine_names(record, literals, rst) or [Named("machine type", None, record.feature)]
    elif "cpu" in area and "device" not in area:
        names = _cpu_names(record, heading, literals, rst) or [Named("cpu model", None, record.feature)]
    elif "devices" in area and not rst and not record.feature.startswith("-") and area_option is None:
        # texinfo-era "System emulator devices": ``ide-drive``, or a whole subsystem ("bluetooth").
        word = record.feature.split()[0] if record.feature.split() else record.feature
        if re.search(rf"\b{re.escape(word)}\s+subsystem\b", record.text, re.I):
            return [Named("subsystem", None, word)]
        names = [Named("device", key("-device", n), n) for n in _value_names(record, literals, rst)]
    elif "devices" in area and area_option is None and rst and literals and not literals[0].startswith("-"):
        names = [Named("device", key("-device", n), n) for n in literals]
    else:
        names = _option_names(record, heading, literals, rst, area, aspect)
    if subsystem and "subsystem" not in (n.kind for n in names):
        names.append(Named("subsystem", None, subsystem.group(1)))
    return names or [Named("other", None, record.feature)]


def _has_aspect_words(heading: str, rst: bool) -> bool:
    """Whether the heading says more than names: then it is about one use of them."""
    if rst:
        # ``-numa node,mem=``\ *size*: the emphasis is the literal's placeholder.
        rest = _PLACEHOLDER_RE.sub("", _LITERAL_RE.sub("", heading))
    elif heading.startswith("-"):
        rest = heading.partition(" ")[2].strip()
        if not rest or "=" in rest.split(" ")[0] or _WORDISH_RE.match(rest):
            rest = ""
    else:
        rest = _PLAIN_OPTION_RE.sub("", heading)
    rest = _SUBSYSTEM_RE.sub("", rest)
    return bool(_ASPECT_WORDS.sub("", rest).strip())


def _value_names(record: Record, literals: list[str], rst: bool) -> list[str]:
    """Devices, machine types or CPU models named: the literals, or the names of a texinfo heading.

    Texinfo headings have no markup: a name there is the first word of each
    listed part, spelled as QEMU spells them (lower case: ``pc-0.12``,
    ``spike_v1.9.1``, ``prep``), not prose ("Xilinx EP108", "RISC-V ISA CPUs").
    """
    if rst:
        return literals
    names = []
    for part in re.split(r",\s*|\s+and\s+", record.feature):
        words = part.split()
        if words and re.match(r"^[a-z][\w.+-]*$", words[0]):
            names.append(words[0])
    return names


def _cpu_names(record: Record, heading: str, literals: list[str], rst: bool) -> list[Named]:
    """CPU models, or a property of CPUs (``compat`` property of server class POWER CPUs)."""
    m = _PROPERTY_OF_RE.match(heading) if rst else None
    if m:
        owners = _LITERAL_RE.findall(m.group(2)) or ["*"]
        return [Named("property", key("-cpu", owner, m.group(1)), f"{owner} {m.group(1)}") for owner in owners]
    names = []
    for name in _value_names(record, literals, rst):
        if name.startswith("-"):  # RISC-V 'any' CPU type ``-cpu any``
            names.extend(_phrase_names(name, False, True))
        else:
            names.append(Named("cpu model", key("-cpu", name), name))
    return names


def _machine_names(record: Record, literals: list[str], rst: bool) -> list[Named]:
    heading = record.heading.lower()
    if rst and len(literals) == 2 and "property" in heading:
        machine, prop = literals
        return [Named("property", key("-machine", machine, prop), f"{machine} {prop}")]
    return [Named("machine type", key("-machine", n), n) for n in _value_names(record, literals, rst)]


def _phrases(record: Record, heading: str, literals: list[str], rst: bool) -> list[str]:
    """The option phrases a heading names (``-display sdl,alt_grab=on``)."""
    if rst:
        phrases = [lit for lit in literals if _PLAIN_OPTION_RE.match(lit)]
        # 5.2's "``Configuring floppies with ``-global``": markup QEMU broke, options still named.
        return phrases or list(dict.fromkeys(_PLAIN_OPTION_RE.findall(record.feature.replace("`", " "))))
    feature = record.feature
    if feature.startswith("-"):
        head = feature.split(" (", 1)[0].strip()
        name, _, rest = head.partition(" ")
        if rest and "=" not in rest and not _WORDISH_RE.match(rest.strip()):
            return [name]
        return [head]
    return list(dict.fromkeys(_PLAIN_OPTION_RE.findall(feature)))


def _option_names(record: Record, heading: str, literals: list[str], rst: bool, area: str, aspect: bool) -> list[Named]:
    canonical = "command line" in area or "option" in area or "device" in area
    names: list[Named] = []
    for phrase in _phrases(record, heading, literals, rst):
        names.extend(_phrase_names(phrase, aspect, canonical))
    names = _with_target_parts(names, record)
    m = _PROPERTY_OF_RE.match(heading) if rst else None
    if m and not names:
        prop, owners = m.group(1), m.group(2)
        option = next((opt for noun, opt in _NOUN_OPTIONS if noun in owners.lower()), None)
        if option:
            for owner in _LITERAL_RE.findall(owners) or [owners.split()[0]]:
                names.append(Named("property", key(option, owner, prop), f"{owner} {prop}"))
            return names
    bare = [lit for lit in literals if _WORDISH_RE.match(lit) and not lit.startswith("-")]
    options = [n for n in names if n.kind == "option"]
    if len(options) == 1 and bare and re.search(r"\bbackends?\b", heading, re.I):
        # ``-chardev`` backend aliases ``tty`` and ``parport``: forms of the option.
        names.extend(Named("form", key(options[0].key, lit), lit) for lit in bare)
    area_option = next((opt for words, opt in _AREA_OPTIONS if words in area), None)
    if area_option and not names and rst:
        names.extend(_area_names(record, heading, literals, area_option))
    return names


def _with_target_parts(names: list[Named], record: Record) -> list[Named]:
    """Names agreeing with the reader's targets: a target with a sub-option names a part, never the whole option.

    The readers read the targets from the same heading; where they single
    out a sub-option the phrase did not (a heading markup hid), the entry is
    about that part.
    """
    parts = {key(t.option): t.suboption for t in record.targets if t.suboption}
    if not parts:
        return names
    return [
        Named("property", key(n.key, parts[n.key]), n.name, n.aspect) if n.kind == "option" and n.key in parts else n
        for n in names
    ]


def _phrase_names(phrase: str, aspect: bool, canonical: bool) -> list[Named]:
    """``-numa node,mem=...`` -> property ``-numa/node/mem``; ``-usbdevice audio`` -> device."""
    name, rest = split_option_name(phrase)
    if not name:
        return []
    option = canonical_option_name(name) if canonical else name
    if not canonical:
        return [Named("other", None, phrase, aspect)]
    parameters, _ = parse_parameters(rest) if rest else ([], [])
    first = parameters[0] if parameters else None
    leading = first.value if first is not None and first.key is None and first.value and _WORDISH_RE.match(first.value) else None
    keyed = [p for p in parameters if p.key and _WORDISH_RE.match(p.key)]
    value_kind, value_property = _VALUE_KINDS.get(option, ("form", "property"))
    form = leading if leading and (option in FORM_OPTIONS or option in _VALUE_KINDS) else None
    if keyed:
        # ``-mon ...,control=readline,pretty=on|off`` is about ``pretty``:
        # a key given one plain value is context; ``cyls=...,heads=...``
        # (placeholders, choices) name every key.
        named = [p for p in keyed if not _context_value(p.value)] if len(keyed) > 1 else keyed
        named = named or keyed[-1:]
        # ... and a key named in that context is named in one use of it
        # (``pretty`` with ``control=readline``), not as a whole.
        aspect = aspect or len(named) < len(keyed)
        kind = value_property if form else "property"
        found = []
        for parameter in named:
            value = (parameter.value or "").strip()
            names_a_value = bool(value) and (not _SIMPLE_VALUE_RE.match(value) or value.isdigit())
            path = [form, parameter.key] if form else [parameter.key]
            found.append(Named(kind, key(option, *path), phrase, aspect or names_a_value))
        return found
    if leading and form is None:
        return [Named("property", key(option, leading), phrase, aspect)]  # ``-vnc acl``
    if form:
        return [Named(value_kind, key(option, form), phrase, aspect)]
    return [Named("option", key(option), phrase, aspect)]


def _context_value(value: str | None) -> bool:
    """A plain word value (``control=readline``): the phrase's context, not what it names."""
    value = (value or "").strip()
    return len(value) > 1 and "|" not in value and value != "..." and bool(re.fullmatch(r"[a-z][\w-]*", value))


def _area_names(record: Record, heading: str, literals: list[str], option: str) -> list[Named]:
    """Bare literals under one option's area: ``gluster`` backend, Stream ``reconnect``, ``iscsi,password=``."""
    names = []
    backend = re.search(r"\b(?:backend|driver)s?\b", heading, re.I)
    words = _ASPECT_WORDS.sub("", _LITERAL_RE.sub("", heading)).split()
    aspect = len(words) > 1 or (len(words) == 1 and not heading.startswith(words[0]))
    for literal in literals:
        if not _WORDISH_RE.match(literal.split(",")[0].split("=")[0]):
            continue
        if "," in literal:  # ``iscsi,password=xxx``: a property of a backend
            names.extend(
                Named(n.kind, n.key, literal, n.aspect or aspect) for n in _phrase_names(f"{option} {literal}", False, True)
            )
        elif "=" in literal:  # ``pmu-num=n`` on RISC-V CPUs: a property of any type
            names.append(Named("property", key(option, "*", literal.split("=", 1)[0]), literal, aspect))
        elif backend:
            names.append(Named("device" if option == "-device" else "form", key(option, literal), literal, aspect))
        else:
            # Stream ``reconnect``: a property of the form named before it.
            before = heading.split("``" + literal, 1)[0].strip().split()
            owner = before[-1].lower() if len(before) == 1 and before[-1].isalpha() else "*"
            names.append(Named("property", key(option, owner, literal), literal, aspect))
    return names


# -- Resolutions against a model --------------------------------------------------


def nodes_named(named: Named, option_set) -> list:
    """The (key, node) pairs of ``option_set`` that a resolved name stands for (see :func:`qdoc.keys.find`)."""
    if not named.key or not named.key.startswith("-"):
        return []
    return find(option_set, named.key)


def options_named(resolution: Resolution, option_set) -> list:
    """(key, option) for each option the entry is about as a whole that ``option_set`` still defines."""
    found = []
    for named in resolution.whole("option"):
        option = option_named(option_set, named.key)
        if option is not None:
            found.append((named.key, option))
    return found


def subsystem_options(subsystem: str, option_set) -> list:
    """The options of a subsystem: those under a heading that names it ("Bluetooth(R) options" for bluetooth)."""
    word = re.compile(rf"\b{re.escape(subsystem)}\b", re.I)
    return [o for o in option_set.options if o.section and word.search(o.section)]


def describe(named: Named) -> str:
    """How a finding names a resolved thing: ``-display sdl,alt_grab=`` style, from its key."""
    if not named.key:
        return named.name
    option, *path = split_key(named.key)
    if not path:
        return option
    if named.kind in ("property", "device property"):
        *forms, prop = path
        return f"{option} {','.join(forms + [prop + '='])}" if forms else f"{option} {prop}="
    return f"{option} {' '.join(path)}"
