"""Stable keys for everything an option contains: ``-netdev/user/hostfwd``.

An option, each of its forms (the backend, type or kind its first word
chooses: ``-netdev user``, ``-chardev socket``, ``-object
memory-backend-file``, ``-display sdl``) and each of its sub-options, nested
too, gets a key that is the same in every release and every format (.hx,
texinfo, HTML, man, ``-help``, QMP): the option's canonical name, then the
names of the sub-options on the way down, joined by ``/``::

    -machine                  the option
    -machine/accel            a property of it
    -netdev/user              a form
    -netdev/user/hostfwd      a property of that form
    -smbios/type=0            a form QEMU chooses by a key's value

Keys are what lint, diff, history and the Sphinx ids speak in, so that they
cannot disagree about what "the same thing" is.  Spellings of one option
map to one key: ``--preconfig`` and ``-preconfig``, ``-h`` and ``-help``
(:func:`option_key`); a sub-option keeps its name as QEMU spells it, minus
the ``=`` a synopsis writes after it.  A name holding ``/`` or ``%`` has
them escaped (``%2F``, ``%25``), so a key always splits back into its path
(:func:`split_key`).

Pure functions over the model: no I/O, nothing cached.
"""

from __future__ import annotations

import re
from typing import Iterator, Union

from .model import Option, OptionSet, SubOption, canonical_option_name

#: Spellings QEMU accepts for one option or command that the sources name
#: either way: ``DEF("help")`` is documented as ``-h`` (and Sphinx's man page
#: names it so); HMP's ``.name = "quit|q"`` makes ``q`` another ``quit``.
ALIASES = {
    "-h": "-help",
    "?": "help",
    "q": "quit",
    "c": "cont",
    "s": "stop",
    "p": "print",
}

SEPARATOR = "/"

Node = Union[Option, SubOption]


def option_key(spelling: str) -> str:
    """The key of an option as any source spells it: ``--preconfig`` -> ``-preconfig``, ``-h`` -> ``-help``."""
    name = canonical_option_name(spelling.strip())
    return ALIASES.get(name, name)


def _component(name: str) -> str:
    """A sub-option's name as one path component: no trailing ``=``, ``/`` and ``%`` escaped."""
    name = name.strip()
    if name.endswith("=") and len(name) > 1:
        name = name[:-1]
    return name.replace("%", "%25").replace(SEPARATOR, "%2F")


def key(option: str, *path: str) -> str:
    """The key of ``option``'s sub-option at ``path``: ``key("-netdev", "user", "hostfwd")``."""
    return SEPARATOR.join([option_key(option), *(_component(p) for p in path)])


def split_key(key_: str) -> tuple[str, ...]:
    """A key back into its option and sub-option names (unescaped)."""
    return tuple(part.replace("%2F", SEPARATOR).replace("%25", "%") for part in key_.split(SEPARATOR))


def parent(key_: str) -> str | None:
    """The key one level up (``-netdev/user`` for ``-netdev/user/hostfwd``), None for an option."""
    head, sep, _ = key_.rpartition(SEPARATOR)
    return head if sep else None


def walk_option(option: Option) -> Iterator[tuple[str, Node]]:
    """(key, node) for an option and every sub-option under it, in the sources' order.

    Two items of one source documenting one form (7.2's two ``-netdev
    socket`` items) give the same key twice: the key names the thing, the
    nodes are what each item says of it.
    """
    root = option_key(option.name)
    yield root, option
    yield from _walk_subs(root, option.suboptions)


def _walk_subs(prefix: str, subs: list[SubOption]) -> Iterator[tuple[str, Node]]:
    shared = _shared_form_names(subs)
    for sub in subs:
        name = _selector(sub) if sub.name in shared else sub.name
        here = prefix + SEPARATOR + _component(name)
        yield here, sub
        yield from _walk_subs(here, sub.suboptions)


def _shared_form_names(subs: list[SubOption]) -> set[str]:
    """Names that several forms of one option share (``-smbios type=0,...``, ``type=1,...``)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for sub in subs:
        if sub.kind == "form":
            (shared if sub.name in seen else seen).add(sub.name)
    return shared


def _selector(form: SubOption) -> str:
    """A form chosen by a ``key=value`` pair, named as QEMU's syntax writes it: ``type=0``.

    ``-smbios type=0,vendor=str`` and ``-smbios type=1,...`` are forms that
    QEMU tells apart by the value of ``type``, so the value is part of the
    key (``-smbios/type=0``).  Forms chosen by their first word (7.2's two
    ``-netdev socket`` items) keep that word: one form, two items.  The pair
    opens the synopsis's arguments, after the option's name if the synopsis
    writes it and after any ``[`` (``-rtc [base=utc...``).
    """
    selector = re.compile(r"(?:-\S*\s+)?\[*" + re.escape(form.name) + r"=([\w.-]+)")
    for synopsis in form.synopses:
        match = selector.match(synopsis.text)
        if match:
            return f"{form.name}={match.group(1)}"
    return form.name


def walk(option_set: OptionSet) -> Iterator[tuple[str, Node]]:
    """(key, node) for every option of a set and everything it contains."""
    for option in option_set.options:
        yield from walk_option(option)


def option_named(option_set: OptionSet, spelling: str) -> Option | None:
    """The option of a set whose key is that of ``spelling`` (its name or one of its aliases)."""
    wanted = option_key(spelling)
    for option in option_set.options:
        name = option.name
        if name == wanted or (
            (name in ALIASES or name.startswith("--") or option.aliases)
            and (option_key(name) == wanted or any(option_key(a) == wanted for a in option.aliases))
        ):
            return option
    return None


def _glob(pattern: str, name: str) -> bool:
    """Whether one key component ``name`` matches ``pattern``, where ``*`` stands for any run of characters.

    Every other character stands for itself.  ``re`` keeps its own cache of
    compiled expressions, so none is kept here.
    """
    if "*" not in pattern:
        return pattern == name
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), name) is not None


def matches(pattern: str, key_: str) -> bool:
    """Whether ``key_`` is what ``pattern`` names.

    A pattern is a key whose components may hold shell wildcards
    (``-object/rng-*/opened``, ``-chardev/*/reconnect``); ``*`` stands for
    one component's name, never for several.
    """
    wanted, actual = pattern.split(SEPARATOR), key_.split(SEPARATOR)
    return len(wanted) == len(actual) and all(
        _glob(w, a) for w, a in zip(wanted, actual)
    )


def find(option_set: OptionSet, pattern: str, loose: bool = True) -> list[tuple[str, Node]]:
    """The (key, node) pairs of ``option_set`` that ``pattern`` names.

    ``loose`` also accepts the last name of ``pattern`` anywhere under its
    option when nothing matches exactly: a property a record names at the
    option (``-vnc/acl``, ``-net/vlan``) may be documented under a form in
    one source and at the option in another.
    """
    option = option_named(option_set, pattern.partition(SEPARATOR)[0])
    if option is None:
        return []
    pairs = list(walk_option(option))
    exact = [(k, node) for k, node in pairs if matches(pattern, k)]
    if exact or not loose or SEPARATOR not in pattern:
        return exact
    last = pattern.rpartition(SEPARATOR)[2]
    return [(k, node) for k, node in pairs[1:] if _glob(last, k.rpartition(SEPARATOR)[2])]
