"""An option's forms as -help gives them and as the documentation gives them.

``-netdev user,...`` and ``-netdev tap,...`` are two forms of one option:
each has its own synopsis in -help (one per form, continuation lines
joined by the reader) and its own item in the documentation.  Comparing
the option as one blob hides a form missing on one side and lets a key of
one form stand in for another form's; the checks compare form by form.

A form is named by the first word of a synopsis's arguments when that word
is typed as written (``user`` in ``-netdev user,id=str``), or by a key with a
number (``type=8`` of ``-smbios``); ``[driver=]driver``, ``backend`` or
``type`` name any form (generic), and their keys apply to every form.  An
option is compared form by form when its -help names forms; the
documentation's items of a form are found by that name.  The keys of a synopsis are read by :func:`synopsis_keys`, which
knows QEMU's stand-ins: ``throttling.option=value`` names the family
``throttling.`` (no key), ``PROP1=VALUE1`` and ``<argname>`` no key, and
``in|out.dev=`` the two keys ``in.dev`` and ``out.dev``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...model import Option, SubOption, walk_suboptions
from ...readers.binary.help import continuation_text, is_continuation, split_help_line
from ...synopsis import GENERIC_WORDS, parse_parameters, split_option_name

_FORM_WORD_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
#: Words that are a form's stand-in, not a form (``-chardev backend,...``, ``-display type``).
_GENERIC_FORMS = GENERIC_WORDS | {"type", "typename", "name", "help"}
_DIRECTION_RE = re.compile(r"^((?:[\w-]+\|)+[\w-]+)\.(.+)$")


def _stand_in(word: str) -> bool:
    """``PROP1``, ``<argname>``, ``prop1``, ``option``: a word that stands for any key."""
    return "<" in word or word.isupper() or word.rstrip("0123456789").lower() in GENERIC_WORDS


def _any_key(word: str) -> bool:
    """``prop``, ``PROP1``, ``options``, ``<optargs>``: a stand-in for any key (not for a value)."""
    return word.strip("<>").rstrip("0123456789").lower() in _ANY_KEY_WORDS


_ANY_KEY_WORDS = frozenset({"prop", "props", "property", "properties", "option", "options", "optargs"})


@dataclass
class Keys:
    """Keys a side names, the families it names by a stand-in, and the keys only implied."""

    named: dict[str, object] = field(default_factory=dict)  # key -> a parameter that names it
    families: set[str] = field(default_factory=set)  # "throttling." for throttling.option=value
    implied: set[str] = field(default_factory=set)  # "type" for [type=]name
    #: A stand-in for any key (``prop[=value]``, ``PROP1=VALUE1``): the side lists no key exhaustively.
    any: bool = False

    def covers(self, key: str) -> bool:
        """Whether ``key`` is named here, directly or by its family."""
        return key in self.named or key in self.implied or any(key.startswith(f) for f in self.families)

    def update(self, other: "Keys", without: str | None = None) -> None:
        """Add ``other``'s keys (but ``without``: a form's own name is no key of it)."""
        for key, parameter in other.named.items():
            if key != without:
                self.named.setdefault(key, parameter)
        self.families |= other.families
        self.implied |= other.implied
        self.any = self.any or other.any


def expand_key(key: str) -> list[str]:
    """``in|out.dev`` -> ``in.dev``, ``out.dev``; any other key is itself."""
    match = _DIRECTION_RE.match(key)
    if match:
        return [f"{prefix}.{match.group(2)}" for prefix in match.group(1).split("|")]
    return [key]


def add_key(keys: Keys, key: str, parameter=None, *, implied: bool = False) -> None:
    """Record ``key`` in ``keys``: a key, a family named by a stand-in, or nothing (a stand-in).

    ``implied``: the key of ``[type=]name``, which a synopsis may leave out.
    """
    for one in expand_key(key.lstrip(".")):  # "[,...][mac=addr]": the "..." is no part of the key
        head, _, last = one.rpartition(".")
        if _stand_in(last):
            if head:
                keys.families.add(head.lower() + ".")
            elif _any_key(last):
                keys.any = True
            continue
        one = one.lower()
        if implied:
            keys.implied.add(one)
        else:
            keys.named.setdefault(one, parameter)


def _synopsis_keys(arguments: str) -> Keys:
    """The keys of one synopsis's arguments (the text after the option name).

    Shared between equal synopses (releases repeat most): never change the result.
    """
    keys = Keys()
    parameters, _ = parse_parameters(arguments)
    for parameter in parameters:
        if parameter.key:
            # Only "[type=]name" implies its key; "[,a=b]|[[,c=d]]" leaves a key optional too.
            implied = parameter.key_optional and f"[{parameter.key}=]" in arguments
            add_key(keys, parameter.key, parameter, implied=implied)
        elif parameter.value and _any_key(parameter.value.split("=")[0].strip("[]")):
            keys.any = True  # "[,prop[=value]]", "[,options]", "[,<optargs>]"
    return keys


#: Cached by a call rather than a decorator, so that mutmut (benchmarks/mutation.py),
#: which leaves decorated functions alone, measures the function's body.
synopsis_keys = lru_cache(maxsize=8192)(_synopsis_keys)


def form_word(arguments: str, *, keyed: bool = False) -> str | None:
    """The word that names the form of a synopsis's arguments (``user`` of ``user,id=str``), or None.

    A bare first word, or a key with a number (``type=8`` of ``-smbios``);
    with ``keyed``, also the key of a first ``key=value`` (``vnc=<display>``
    of ``-display``, whose other forms are bare words).
    """
    parameters, _ = parse_parameters(arguments)
    if not parameters:
        return None
    first = parameters[0]
    if first.key and first.value and first.value.isdigit() and first.required:
        return f"{first.key}={first.value}"  # "-smbios type=8,...": the number names the form
    if first.key:
        word = first.key if keyed and not first.key_optional else None
    else:
        word = first.value
    if word is None or not _FORM_WORD_RE.match(word):
        return None
    return word


def is_generic(word: str | None) -> bool:
    """``driver``, ``backend``, ``type``: a synopsis that stands for every form."""
    return word is None or word in _GENERIC_FORMS


@dataclass
class Form:
    """One form as one side gives it: its synopses, keys and (documentation) items and text.

    ``keys`` are all the keys the side names for the form, anywhere (what
    covers a key of the other side); ``own`` those its synopses and property
    items name (what the other side must cover).
    """

    name: str
    synopses: list[str] = field(default_factory=list)
    keys: Keys = field(default_factory=Keys)
    own: Keys = field(default_factory=Keys)
    items: list[SubOption] = field(default_factory=list)
    location: object = None
    #: -help: the explanation lines under the form's synopses.
    text: str = ""


def help_forms(option: Option) -> dict[str, Form]:
    """The forms of an option's -help text, in order; generic synopses under ``""``.

    Each synopsis (continuation lines joined) goes to its form with the
    explanation lines under it, up to the next synopsis.  Synopses name
    forms only when two or more start with different bare words
    (``-netdev user``, ``-netdev tap``); ``-name string1[,...]`` is one
    synopsis of no form, ``-action reboot=...`` and ``-action panic=...``
    keys of one; or when the word names a documented form (a lone
    ``-netdev user,...`` beside documented ``user`` and ``tap`` forms).
    """
    blocks: list[list[str]] = []  # [synopsis, explanation...]
    following = False
    for line in (option.help or "").split("\n"):
        if line.startswith("-"):
            synopsis, explanation = split_help_line(line)
            blocks.append([synopsis, explanation])
            following = True
        elif following and is_continuation(line):
            blocks[-1][0] += continuation_text(line)
        elif blocks:
            following = False
            blocks[-1].append(line)
    arguments = [split_option_name(block[0])[1] for block in blocks]
    bare = {form_word(a) for a in arguments} - {None} - _GENERIC_FORMS
    documented = {sub.name for sub in option.suboptions if sub.kind == "form" and _FORM_WORD_RE.match(sub.name)}
    forms: dict[str, Form] = {}
    for (synopsis, *explanation), argument in zip(blocks, arguments):
        name = form_word(argument, keyed=len(bare) > 1)
        if len(bare) < 2 and name not in documented:
            name = None
        name = "" if is_generic(name) else name
        form = forms.setdefault(name, Form(name))
        form.synopses.append(synopsis)
        keys = synopsis_keys(argument)
        own_name = name.split("=")[0]  # "vnc=<display>", "type=8": the form's name is no key of it
        form.keys.update(keys, own_name)
        form.own.update(keys, own_name)
        form.text += "\n".join(explanation) + "\n"
    return forms


def documented_forms(option: Option, help_names=()) -> dict[str, Form]:
    """The forms of an option's documentation: its synopses by first word, and its items of that name.

    A form is a documented synopsis or item named as a -help form
    (``gtk`` under ``-display type``), or an item of kind ``form``
    (``-netdev user``), with everything under it.  Other items (``id=``
    under ``-fsdev``) and synopses (``-chardev backend,...``) are under
    ``""``, and count for every form.
    """
    forms: dict[str, Form] = {}
    form_items = {
        sub.name for sub in option.suboptions if sub.kind == "form" and _FORM_WORD_RE.match(sub.name) and not is_generic(sub.name)
    }
    names = {name for name in help_names if name} | form_items

    def form_of(name: str) -> Form:
        return forms.setdefault(name, Form(name))

    for synopsis in option.synopses:
        arguments = split_option_name(synopsis.text)[1]
        word = form_word(arguments, keyed=True)
        form = form_of(word if word in names or (word and "=" in word) else "")
        form.synopses.append(synopsis.text)
        keys = synopsis_keys(arguments)
        form.keys.update(keys, form.name.split("=")[0])
        form.own.update(keys, form.name.split("=")[0])
        form.location = form.location or synopsis.location
    for sub in option.suboptions:
        named_form = sub.name in names
        form = form_of(sub.name if named_form else "")
        form.items.append(sub)
        form.location = form.location or sub.location
        for inner in [sub, *walk_suboptions(sub.suboptions)]:
            own = named_form and (inner is sub or inner.kind == "property")
            for synopsis in inner.synopses:
                arguments = synopsis.text
                if inner is sub and named_form:
                    # "-netdev user,id=id[,...]" or "gtk[,full-screen=on|off]": the form word is no key.
                    if arguments.startswith(option.name):
                        arguments = split_option_name(arguments)[1]
                    if form_word(arguments) == sub.name:
                        arguments = arguments[len(sub.name):]
                keys = synopsis_keys(arguments)
                form.keys.update(keys, form.name)
                if own:
                    form.own.update(keys, form.name)
            if inner is not sub or not named_form:
                add_key(form.keys, inner.name)
    return forms


def option_forms(option: Option) -> tuple[dict[str, Form], dict[str, Form]]:
    """:func:`help_forms` and :func:`documented_forms` of an option, the documentation's matched to -help's form names.

    Read afresh on each call: the synopses' keys, the costly part, are
    cached by :func:`synopsis_keys`, and the rest is cheap.
    """
    helps = help_forms(option)
    return helps, documented_forms(option, set(helps))


def form_properties(form: Form):
    """The property items of a documented form, at any depth, in order."""
    return (
        inner for sub in form.items for inner in [sub, *walk_suboptions(sub.suboptions)] if inner.kind == "property"
    )


def mentioned_as_key(name: str) -> bool:
    """Whether an item's name is a key at all (``TCP`` of ``TCP options:`` is a label, ``PROP1`` a stand-in)."""
    return not any(_stand_in(key.rpartition(".")[2]) for key in expand_key(name))


def form_text(form: Form) -> str:
    """The prose of a documented form's items, one description a line (what "mentions" searches)."""
    return "\n".join(
        inner.description for sub in form.items for inner in [sub, *walk_suboptions(sub.suboptions)]
    )


def has_several_forms(help_side: dict[str, Form]) -> bool:
    """Whether the option is compared form by form: -help names forms.

    A -help of one synopsis for all forms (``-object TYPENAME[,PROP1=...]``)
    is compared with the documentation as a whole.
    """
    return any(help_side)
