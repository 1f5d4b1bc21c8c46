"""qdoc's structured option model: the contract between readers, checks and writers.

Every reader turns its format into an :class:`OptionSet`; everything downstream
(lint checks, diffs, the Sphinx extension, writers) works on this model and never
on a file format.  The module does no I/O: it defines the data classes and their
stable JSON form, so that two option sets can be diffed textually and snapshots
committed, as libvirt does with its per-release QEMU capability files.

Every fact carries its provenance as a :class:`Location` (path and 1-based line)
so that a finding or a Sphinx warning can point at a real source line.

JSON form: ``OptionSet.to_json()`` produces a document with sorted keys and a
``schema_version`` field; ``OptionSet.from_json()`` reads it back.  The round trip
JSON -> model -> JSON is the identity (tested on every corpus file), which is
why every field has a fixed JSON type and no field is omitted.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Any, Callable, ClassVar, Iterable, Iterator

#: Bumped whenever the JSON form changes incompatibly.
SCHEMA_VERSION = 1

#: Diagnostic severities, in increasing order.  ``error`` means the input could
#: not be read completely: the CLI reports it and exits with status 2.
SEVERITIES = ("info", "warning", "error")


class _Record:
    """Mixin giving dataclasses a faithful, explicit dict form.

    Subclasses list in ``_nested`` which fields hold records (or lists of them)
    so that ``from_dict`` can rebuild them; everything else is plain JSON data.
    """

    _nested: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        return {name: _dump(value) for name, value in zip(*_layout_values(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs: dict[str, Any] = {}
        nested = cls._nested
        for name in (_LAYOUTS.get(cls) or _layout(cls))[0]:  # the field names, without fields() per record
            if name not in data:
                continue
            value = data[name]
            kind = nested.get(name)
            if kind is not None and value is not None:
                if isinstance(value, list):
                    value = [kind.from_dict(v) for v in value]
                else:
                    value = kind.from_dict(value)
            kwargs[name] = value
        return cls(**kwargs)


#: Per record class: its field names in declaration order, and a function
#: returning their values as a tuple (``fields()`` and ``getattr`` per field
#: are slow enough to matter when a whole option set is dumped).
_LAYOUTS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple]]] = {}
_SCALARS = (str, bool, int, float, type(None))


def _layout(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple]]:
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    getter = operator.attrgetter(*names)
    values_of = getter if len(names) > 1 else (lambda record: (getter(record),))
    layout = _LAYOUTS[cls] = (names, values_of)
    return layout


def _dump(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        if not value or type(value[0]) is str:  # typed fields: a list of str holds only str
            return list(value)
        return [_dump(v) for v in value]
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Location(_Record):
    """Where a fact comes from: a path as given to the reader and a 1-based line.

    ``column`` is 1-based too, 0 when unknown (most facts are line-granular).
    """

    path: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        if self.column:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}"


@dataclass(slots=True)
class Diagnostic(_Record):
    """A message about the input, tied to a location (docutils' system messages).

    Readers never raise for bad input: they return diagnostics.  ``code`` is a
    stable identifier (``hx-undocumented-def``) that tests and filters can use.
    """

    severity: str
    code: str
    message: str
    location: Location | None = None

    _nested: ClassVar[dict[str, type]] = {"location": Location}

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message} [{self.code}]"


def distinct(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` in order, each distinct one (path, line, code, message) once.

    A file read on its own and ``@include``d by another is read twice, and
    each reading reports the problems of its text: one problem, two
    identical diagnostics.  Commands report what is wrong, once each.
    """
    seen: set[tuple] = set()
    kept = []
    for diagnostic in diagnostics:
        location = diagnostic.location
        key = (location.path if location else None, location.line if location else None, diagnostic.code, diagnostic.message)
        if key not in seen:
            seen.add(key)
            kept.append(diagnostic)
    return kept


@dataclass(frozen=True, slots=True)
class SynopsisParameter(_Record):
    """One parameter of a parsed synopsis.

    ``-machine [type=]name[,prop=value[,...]]`` gives ``name`` (key ``type``,
    key optional, required) and ``prop=value`` (optional, repeatable).
    ``key`` is None for positional words (``-hda file``, ``-numa node``).
    """

    key: str | None
    value: str | None
    required: bool
    key_optional: bool = False
    repeatable: bool = False
    choices: list[str] = field(default_factory=list)

    # Frozen (shared between equal synopses) but holding a list: hash by value.
    def __hash__(self) -> int:
        return hash((self.key, self.value, self.required, self.key_optional, self.repeatable, tuple(self.choices)))


@dataclass(slots=True)
class Synopsis(_Record):
    """One documented synopsis line (an rST term or a texinfo ``@item``).

    ``text`` is the term with markup removed; ``markup`` the term as written
    in the source; ``parameters`` the parse of ``text`` after the option name;
    ``problems`` the reasons a parse was incomplete (unbalanced brackets...).
    """

    text: str
    markup: str
    location: Location
    parameters: list[SynopsisParameter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    _nested: ClassVar[dict[str, type]] = {
        "location": Location,
        "parameters": SynopsisParameter,
    }


@dataclass(slots=True)
class Deprecation(_Record):
    """That an option or sub-option is deprecated, with the words that say so.

    ``source`` names the kind of evidence (``description``, ``help``,
    ``deprecated.rst``...) so checks can compare what different sources claim.
    """

    text: str
    location: Location
    source: str
    since: str | None = None
    replacement: str | None = None

    _nested: ClassVar[dict[str, type]] = {"location": Location}


@dataclass(slots=True)
class Table(_Record):
    """A table of an option's or sub-option's text (``-drive cache=``'s modes).

    ``rows`` are the table's rows from the top, each a list of its cells'
    plain text (markup removed, whitespace made single spaces; an empty cell
    is ""), the same whether the table was read from rST, HTML or tbl.
    ``header_rows`` is how many of the first rows are headings, where the
    source marks them (rST and HTML do; the tbl of Sphinx's man pages does
    not, so it reads 0 there).  ``location`` is where the table starts.
    """

    rows: list[list[str]]
    location: Location
    header_rows: int = 0

    _nested: ClassVar[dict[str, type]] = {"location": Location}


@dataclass(slots=True)
class SubOption(_Record):
    """A sub-option (``accel=`` of ``-machine``) or a documented form of an option.

    ``kind`` is ``property`` for ``key=value`` items documented inside an
    option, ``form`` for an option documented by several items (each
    ``-netdev user,...``, ``-netdev tap,...`` item after the first), and
    ``value`` for other nested terms.  Sub-options nest (``-netdev`` form
    ``user`` has property ``restrict``).  ``value_type`` is the parameter
    type where a source states one (QMP's ``string``, ``boolean``, ``number``,
    ``size``).  ``tables`` are the tables of its own text, not of its
    sub-options' text (each is with the sub-option whose text holds it).
    """

    name: str
    kind: str
    synopses: list[Synopsis]
    description: str
    location: Location
    suboptions: list["SubOption"] = field(default_factory=list)
    default: str | None = None
    deprecations: list[Deprecation] = field(default_factory=list)
    value_type: str | None = None
    tables: list[Table] = field(default_factory=list)

    _nested: ClassVar[dict[str, type]] = {
        "synopses": Synopsis,
        "location": Location,
        "deprecations": Deprecation,
        "tables": Table,
    }


# Sub-options contain sub-options: the class exists only after its body ran.
SubOption._nested = dict(SubOption._nested, suboptions=SubOption)


def walk_suboptions(subs: list[SubOption]) -> Iterator[SubOption]:
    """Every sub-option of ``subs`` at any depth, each before its own sub-options (the sources' order)."""
    for sub in subs:
        yield sub
        yield from walk_suboptions(sub.suboptions)


def all_synopses(option: "Option") -> Iterator[Synopsis]:
    """The synopses of an option, then those of its sub-options at any depth."""
    yield from option.synopses
    for sub in walk_suboptions(option.suboptions):
        yield from sub.synopses


@dataclass(slots=True)
class Option(_Record):
    """One command-line option (or HMP command) as all sources describe it.

    ``name`` is canonical with one leading dash for command-line options
    (``-machine``, ``-preconfig``); documented spellings that differ
    (``-h``, ``--preconfig``) are ``aliases``.  ``help`` is the text of the
    ``DEF(...)`` help string (what ``-help`` prints), ``help_synopses`` its
    lines that start with an option.  ``arch`` is the set of target
    architectures as sorted names, ``["all"]`` for ``QEMU_ARCH_ALL``.
    ``conditions`` are the preprocessor conditions (``CONFIG_SPICE``) the
    definition sits under.  ``locations`` maps each fact (``definition``,
    ``documentation``, ``help``, ``section``) to where it was read.
    Readers of damaged sources (OCR text) set ``confidence`` (0..1),
    ``recovery`` (``recovered``, ``repaired`` or ``unmatched``) and the
    ``original_text`` a repaired name was read from; exact sources leave them
    None.  ``tables`` are the tables of the option's own text (as for
    :class:`SubOption`); the text keeps a readable rendering of each.
    ``hidden`` says why QEMU keeps the option out of ``-help`` and the
    manual on purpose (``HXCOMM Internal use``, an empty DEF help text: see
    :mod:`qdoc.readers.hx.hidden`), None for an option meant to be seen.
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    synopses: list[Synopsis] = field(default_factory=list)
    description: str = ""
    description_format: str = "rst"
    suboptions: list[SubOption] = field(default_factory=list)
    section: str | None = None
    arch: list[str] = field(default_factory=list)
    arch_expression: str | None = None
    conditions: list[str] = field(default_factory=list)
    has_argument: bool | None = None
    enum: str | None = None
    help: str | None = None
    help_synopses: list[str] = field(default_factory=list)
    doc_label: str | None = None
    since: str | None = None
    deprecations: list[Deprecation] = field(default_factory=list)
    removed: str | None = None
    locations: dict[str, Location] = field(default_factory=dict)
    confidence: float | None = None
    recovery: str | None = None
    original_text: str | None = None
    tables: list[Table] = field(default_factory=list)
    hidden: str | None = None

    _nested: ClassVar[dict[str, type]] = {
        "synopses": Synopsis,
        "suboptions": SubOption,
        "deprecations": Deprecation,
        "tables": Table,
    }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Option":
        # Not super(): slots=True dataclasses are rebuilt classes, which
        # breaks zero-argument super().
        option = _Record.from_dict.__func__(cls, data)
        option.locations = {
            k: Location.from_dict(v) for k, v in data.get("locations", {}).items()
        }
        return option

    @property
    def documented(self) -> bool:
        """True when some documentation item names this option."""
        return bool(self.synopses)


@dataclass(slots=True)
class Section(_Record):
    """A heading of the option list (``DEFHEADING``/``ARCHHEADING``).

    ``arch`` is empty for ordinary headings and the architectures of an
    ``ARCHHEADING``; ``description`` holds documentation that belongs to the
    section rather than to an option (intro paragraphs, notes).  ``level``
    is the heading's depth where the source has one (texinfo ``@chapter`` 1,
    ``@section`` 2, ``@subsection`` 3...), 0 for flat lists of headings
    (.hx ``DEFHEADING``).
    """

    title: str
    location: Location
    kind: str = "heading"
    arch: list[str] = field(default_factory=list)
    description: str = ""
    level: int = 0

    _nested: ClassVar[dict[str, type]] = {"location": Location}


@dataclass(slots=True)
class RecordTarget(_Record):
    """An option (and optionally one of its sub-options) a record names.

    ``-display sdl,alt_grab=on`` names option ``-display``, sub-option
    ``alt_grab``; HMP commands and QMP names use ``option`` for the name.
    """

    option: str
    suboption: str | None = None


@dataclass(slots=True)
class Record(_Record):
    """An entry of QEMU's deprecation or removal list (deprecated.rst...).

    ``heading`` is the entry's heading as written; ``feature`` the feature it
    names (markup removed); ``area`` the section it sits under ("System
    emulator command line arguments", "QEMU Machine Protocol (QMP)
    commands"...); ``targets`` the options and sub-options it names (one
    heading may name several: ``-alt-grab`` and ``-display sdl,alt_grab=on``);
    ``since`` / ``removed_in`` the versions it states; ``replacement`` what it
    says to use instead (None when it says nothing, "" for "no replacement").
    """

    feature: str
    area: str
    text: str
    location: Location
    heading: str = ""
    targets: list[RecordTarget] = field(default_factory=list)
    since: str | None = None
    removed_in: str | None = None
    replacement: str | None = None

    _nested: ClassVar[dict[str, type]] = {"location": Location, "targets": RecordTarget}


@dataclass(slots=True)
class Source(_Record):
    """What was read: the format's reader name and the path as given."""

    format: str
    path: str


@dataclass(slots=True)
class OptionSet(_Record):
    """Everything one source says about one program's options.

    ``target`` is the binary's target when the source is specific to one
    (``x86_64`` for ``qemu-system-x86_64 -help``), None for documentation
    that covers every target.
    """

    program: str
    source: Source
    release: str | None = None
    target: str | None = None
    sections: list[Section] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    deprecations: list[Record] = field(default_factory=list)
    removals: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    _nested: ClassVar[dict[str, type]] = {
        "source": Source,
        "sections": Section,
        "options": Option,
        "deprecations": Record,
        "removals": Record,
        "diagnostics": Diagnostic,
    }

    # -- queries -------------------------------------------------------------

    def option(self, name: str) -> Option | None:
        """The option called ``name`` or documented under that alias."""
        wanted = canonical_option_name(name)
        for option in self.options:
            if option.name == wanted or name in option.aliases:
                return option
        return None

    def names(self) -> list[str]:
        return [o.name for o in self.options]

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics that mean the input could not be read completely."""
        return [d for d in self.diagnostics if d.severity == "error"]

    # -- JSON ----------------------------------------------------------------

    def to_json(self) -> str:
        """Stable JSON text: sorted keys, fixed field set, one record per line.

        Each option (and each section, diagnostic, record) is one line, so a
        textual diff of two releases' JSON is a diff of options.  orjson
        writes the lines, asking :func:`_fields_of` for each record's fields:
        no intermediate dicts of dicts are built in Python.
        """
        parts = []
        for name, value in sorted(zip(*_layout_values(self))):
            if isinstance(value, list) and value:
                parts.append(_encode(name) + b": [\n " + b",\n ".join(map(_encode, value)) + b"\n]")
            else:
                parts.append(_encode(name) + b": " + _encode(value))
        return (b"{" + b",\n".join(parts) + b"}\n").decode("utf-8")

    @classmethod
    def from_json(cls, text: str) -> "OptionSet":
        import json  # only JSON input needs it: see _encode

        data = json.loads(text)
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported qdoc schema_version {version!r} (expected {SCHEMA_VERSION})")
        return cls.from_dict(data)


def _layout_values(record: _Record) -> tuple[tuple[str, ...], tuple]:
    names, values_of = _LAYOUTS.get(type(record)) or _layout(type(record))
    return names, values_of(record)


def _fields_of(record: Any) -> dict[str, Any]:
    """One level of a record as a dict, for orjson (which sorts the keys and recurses)."""
    if isinstance(record, _Record):
        return dict(zip(*_layout_values(record)))
    raise TypeError(f"{type(record).__name__} is not JSON serialisable")


def _encode(value: Any) -> bytes:
    """Compact JSON of a value (records included), keys sorted.

    orjson refuses values nested deeper than 254 levels; the standard
    library writes the same text for those (sub-options nested a hundred
    deep only come from hostile input, which must still give its JSON).

    The JSON libraries are imported here, at the first record written, not
    with the model: every qdoc command, reader, lint run and Sphinx build
    imports the model, most never write JSON, and importing orjson alone
    (it loads datetime, uuid and zoneinfo) costs 5-6 ms of each start.
    """
    import orjson

    try:
        return orjson.dumps(value, default=_fields_of, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS)
    except orjson.JSONEncodeError:
        import json

        plain = _dump(value)
        return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def canonical_option_name(spelling: str) -> str:
    """``--preconfig`` and ``-preconfig`` are the same QEMU option: use one dash.

    QEMU's option parser accepts either spelling for every option, so the
    model keys options by the single-dash form.  Non-dash names (HMP commands)
    are returned unchanged.
    """
    if spelling.startswith("--") and len(spelling) > 2:
        return spelling[1:]
    return spelling
