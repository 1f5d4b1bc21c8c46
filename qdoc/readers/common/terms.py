"""How the terms of QEMU's option documentation name options and sub-options.

Every reader meets the same terms in a different markup: ````-machine
[type=]name[,prop=value]```` in an .hx SRST block, ``@item -machine
[type=]@var{name}`` in texinfo, a ``<dt>`` of a Sphinx page, a ``.TP`` line
of a man page.  Once a term is plain text, these rules decide which option
or sub-option it documents, of what kind, and which part of it is the
argument synopsis.  They live here, once, so that an .hx file and the HTML
and man pages built from it give the same model; this module is light on
purpose (no markup converters), as the man and HTML readers start with it.
"""

from __future__ import annotations

import re

from ...synopsis import split_option_name

_PROPERTY_NAME_RE = re.compile(r"^[A-Za-z0-9_.@{}-]+")
#: ``kernel|initrd=<file>``, ``in|out.dev=device``: one term for several keys.
_ALTERNATIVE_KEYS_RE = re.compile(r"^([\w.-]+(?:\|[\w.-]+)+)=")
#: ``in|out.stream-name``: QEMU's shorthand for two keys, even without ``=value``.
_DIRECTION_KEYS_RE = re.compile(r"^((?:in\|out|out\|in)\.[\w.-]+)(?:=|$)")
#: ``TCP options: port=port[,host=host][,ipv4]``: a label over a group of keys, each a property.
_GROUP_LABEL_RE = re.compile(r"^[A-Za-z][\w ]*? options:\s*(.+)$")
_GROUP_KEY_RE = re.compile(r"(?:^|[,\[])\s*([A-Za-z][\w.-]*)(?==|\]|,|$)")
#: ``ipv4=on|off; ipv6=on|off`` (-spice; ``ipv4; ipv6`` in 5.0): one term listing several keys, apart by ``;``.
_KEY_LIST_SPLIT_RE = re.compile(r";\s*")
_KEY_START_RE = re.compile(r"^[A-Za-z][\w.-]*(?:=|$)")


def is_option_term(plain: str) -> bool:
    """``-machine ...`` names an option; ``-`` alone or ``- foo`` does not."""
    return plain.startswith("-") and len(plain) > 1 and plain[1] != " "


def suboption_name(term: str, option_name: str) -> str:
    """``accel=accels1[:...]`` -> accel; ``-netdev user,id=...`` -> user; ``"a b,c"`` -> "a b,c"."""
    if term.startswith(option_name + " "):
        term = term[len(option_name) + 1 :].lstrip()
    elif term.startswith("-"):
        head, rest = split_option_name(term)
        if not rest:
            return head
        m = _PROPERTY_NAME_RE.match(rest)
        return f"{head} {m.group(0) if m else rest}"
    term = term.lstrip("[")
    if term.startswith(('"', "'")):
        # ``-initrd "file1 arg=foo,file2"``: a quoted argument is one word, commas and all.
        close = term.find(term[0], 1)
        return term[: close + 1] if close > 0 else term
    m = _PROPERTY_NAME_RE.match(term)
    if not m:
        return term.split(",")[0]
    name = m.group(0)
    return name.split("=")[0] if "=" in name else name


def suboption_kind(first_term: str) -> str:
    """``-netdev user,...`` is a form of the option, ``accel=...`` a property, ``on`` a value."""
    if first_term.startswith("-"):
        return "form"
    if "=" in first_term.split(",")[0] or _DIRECTION_KEYS_RE.match(first_term):
        return "property"
    return "value"


def suboption_names(first_term: str, option_name: str, kind: str) -> list[str]:
    """The names a sub-option term documents: one, or one per alternative key.

    ``kernel|initrd=<file>`` documents ``kernel`` and ``initrd``;
    ``in|out.dev=device`` documents ``in.dev`` and ``out.dev`` (the
    alternatives share the rest of the last key).
    ``TCP options: port=port[,host=host]`` (``-chardev socket``) labels a
    group: it documents ``port`` and ``host``, not a property ``TCP``.
    ``ipv4=on|off; ipv6=on|off`` (``-spice``) lists keys: it documents
    ``ipv4`` and ``ipv6``.
    """
    if kind != "form" and ";" in first_term:
        parts = [part for part in _KEY_LIST_SPLIT_RE.split(first_term.strip()) if part]
        if len(parts) > 1 and all(_KEY_START_RE.match(part) for part in parts):
            return [name for part in parts for name in suboption_names(part, option_name, suboption_kind(part))]
    group = _GROUP_LABEL_RE.match(first_term) if kind == "property" else None
    if group:
        return _GROUP_KEY_RE.findall(group.group(1)) or [suboption_name(first_term, option_name)]
    alternatives = (_ALTERNATIVE_KEYS_RE.match(first_term) or _DIRECTION_KEYS_RE.match(first_term)) if kind == "property" else None
    if not alternatives:
        return [suboption_name(first_term, option_name)]
    keys = alternatives.group(1).split("|")
    _, dot, tail = keys[-1].partition(".")
    if dot and all("." not in key for key in keys[:-1]):
        return [f"{key}.{tail}" for key in keys[:-1]] + [keys[-1]]
    return keys


def item_suboption_names(plains: list[str], option_name: str, kind: str) -> list[str]:
    """The names a sub-option item documents: those of its first term, then any other term's new ones.

    Texinfo pairs keys under one description with ``@item``/``@itemx``
    (``@item rxcookie=...`` ``@itemx txcookie=...``): each term documents
    its key.  Only property terms after a property term count; a value item
    (``@item on`` ``@itemx off``) stays one sub-option named by its first.
    """
    names = suboption_names(plains[0], option_name, kind)
    if kind == "form":
        return names
    for plain in plains[1:]:
        if suboption_kind(plain) == kind:
            names.extend(name for name in suboption_names(plain, option_name, kind) if name not in names)
    return names


def split_term(plain: str, *, option_level: bool, info_commands: bool = False) -> tuple[str, str]:
    """A term as ``(head, arguments)``: the words naming what it documents, and its argument synopsis.

    ``-drive file=...`` is ``("-drive", "file=...")``; a sub-option's
    ``accel=accels1`` and an option-level property list are all arguments
    (``("", "accel=accels1")``).  In hmp-commands-info.hx
    (``info_commands``) a command is named with the ``info`` before it:
    ``("info block", "[-n] [-v] [device]")``.  What the readers record as a
    synopsis's parameters is the parse of the arguments; the Sphinx extension
    styles the head as typed and the arguments by :func:`qdoc.synopsis.word_roles`.
    """
    text = plain.strip()
    if info_commands:
        rest = text[len("info "):] if text.startswith("info ") else text
        arguments = split_option_name(rest)[1]
    else:
        arguments = synopsis_arguments(text, option_level)
    if not arguments:
        return text, ""
    return text[: len(text) - len(arguments)].rstrip(), arguments


def synopsis_arguments(plain: str, option_level: bool) -> str:
    """The part of a term that is the argument synopsis.

    An option's term starts with its name (``-m [size=]megs``); so does a
    form (``-netdev user,...``).  A sub-option's term is all arguments
    (``accel=accels1``), and so is an option-level term that is a property
    list (``file=...`` under a DEF with no term of its own).
    """
    if plain.startswith("-") or (option_level and "=" not in plain.split(",")[0]):
        return split_option_name(plain)[1]
    return plain
