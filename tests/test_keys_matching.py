"""Keys at their edges: escaping, forms told apart by a value, spellings of an option, patterns and find.

Small option sets written for each behaviour, with hand-written
expectations, and one check on the real 7.2 .hx: a wildcard pattern finds
exactly the ``-object`` forms whose SRST items the .hx opens.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from conftest import QEMU, srst_text
from qdoc import keys
from qdoc.loader import load_with_text
from qdoc.model import Location, Option, OptionSet, Source, SubOption, Synopsis

HERE = Location("x.hx", 1)


def sub(name: str, kind: str = "property", *children: SubOption, synopses: tuple[str, ...] = ()) -> SubOption:
    return SubOption(name, kind, [Synopsis(s, "rst", HERE) for s in synopses], "", HERE, list(children))


def option_set(*options: Option) -> OptionSet:
    return OptionSet("qemu-system", Source("hx", "x.hx"), options=list(options))


def found(options: OptionSet, pattern: str, loose: bool = True) -> list[str]:
    return [k for k, _ in keys.find(options, pattern, loose)]


def test_a_trailing_equals_sign_is_dropped_from_a_short_name_but_a_lone_one_is_kept():
    """``s=`` names the property ``s``; ``=`` alone has no name before it to drop it from."""
    assert keys.key("-x", "s=") == "-x/s"
    assert keys.key("-x", "=") == "-x/="


def test_percent_and_slash_in_a_name_are_escaped_and_split_back():
    """``%`` is escaped first, so a name that already reads ``%2F`` keeps it and splits back unchanged."""
    assert keys.key("-x", "50%") == "-x/50%25"
    assert keys.key("-x", "a/b%2Fc") == "-x/a%2Fb%252Fc"
    assert keys.split_key("-x/a%2Fb%252Fc/50%25") == ("-x", "a/b%2Fc", "50%")


def test_forms_sharing_a_name_are_keyed_by_the_value_their_synopsis_gives_it():
    """Two forms named ``type`` are ``type=0`` and ``type=1``, found after the option's name or a ``[``.

    A synopsis that writes no value (``-smbios`` alone) gives none, the
    next synopsis of the form does; a form whose synopses give no value
    keeps its name, and a name used by one form only stays as it is.
    """
    smbios = Option("-smbios", suboptions=[
        sub("file", "form", synopses=("-smbios file=binary",)),
        sub("type", "form", synopses=("-smbios", "-smbios type=0[,vendor=str][,version=str]")),
        sub("type", "form", synopses=("type=1[,manufacturer=str]",)),
        sub("type", "form", synopses=("-smbios [type=2][,product=str]",)),
        sub("type", "form", synopses=("-smbios file=x,type=3",)),
    ])
    rtc = Option("-rtc", suboptions=[sub("base", "form", synopses=("-rtc [base=utc]",)), sub("clock", "form")])
    walked = [k for k, _ in keys.walk(option_set(smbios, rtc))]
    assert walked == ["-smbios", "-smbios/file", "-smbios/type=0", "-smbios/type=1", "-smbios/type=2",
                      "-smbios/type", "-rtc", "-rtc/base", "-rtc/clock"]


def test_two_items_of_one_form_chosen_by_its_first_word_share_its_key():
    """7.2 documents ``-netdev socket`` in two items: one form ``socket``, given twice."""
    netdev = Option("-netdev", suboptions=[
        sub("socket", "form", sub("fd"), synopses=("-netdev socket,id=str[,fd=h]",)),
        sub("socket", "form", sub("mcast"), synopses=("-netdev socket,id=str,mcast=maddr:port",)),
    ])
    assert [k for k, _ in keys.walk_option(netdev)] == [
        "-netdev", "-netdev/socket", "-netdev/socket/fd", "-netdev/socket", "-netdev/socket/mcast"]


def test_an_option_is_found_by_its_name_its_long_spelling_or_an_alias_and_nothing_else():
    """Options listed before the one asked for (an alias spelling, an option with aliases) are passed over."""
    help_ = Option("-h")
    aliased = Option("-help2", aliases=["-h2"])
    preconfig = Option("--preconfig")
    machine = Option("-machine")
    options = option_set(help_, aliased, preconfig, machine)
    assert keys.option_named(options, "-machine") is machine
    assert keys.option_named(options, "--machine") is machine
    assert keys.option_named(options, "-preconfig") is preconfig
    assert keys.option_named(options, "-help") is help_
    assert keys.option_named(options, "-h2") is aliased
    assert keys.option_named(options, "--h2") is aliased
    assert keys.option_named(options, "-accel") is None


@pytest.mark.parametrize("pattern, name, expected", [
    ("rng-*", "rng-random", True),
    ("rng-*", "rng-", True),             # a run of no characters
    ("*-backend-*", "memory-backend-file", True),
    ("*", "anything.at=all", True),
    ("a.c*", "abcd", False),              # "." is itself, not any character
    ("a.c*", "a.cd", True),
    ("type=[0]*", "type=0", False),       # brackets are themselves too
    ("type=[0]*", "type=[0]1", True),
    ("rng-*", "xrng-random", False),      # the whole name, not a part of it
    ("rng*m", "rng-random-", False),
])
def test_glob_star_matches_a_run_of_characters_and_every_other_character_itself(pattern, name, expected):
    assert keys.matches(f"-object/{pattern}", f"-object/{name}") is expected


def netdev_and_machine() -> OptionSet:
    netdev = Option("-netdev", suboptions=[
        sub("user", "form", sub("hostfwd"), sub("restrict")), sub("tap", "form", sub("ifname")),
    ])
    machine = Option("-machine", suboptions=[sub("accel"), sub("pc", "form", sub("vmport"))])
    return option_set(netdev, machine)


def test_find_takes_the_option_from_the_first_component_of_a_deep_pattern():
    options = netdev_and_machine()
    assert found(options, "-netdev/user/hostfwd") == ["-netdev/user/hostfwd"]
    assert found(options, "-netdev/*/ifname") == ["-netdev/tap/ifname"]
    assert found(options, "-netdev") == ["-netdev"]
    assert found(options, "--machine/accel") == ["-machine/accel"]


def test_loose_find_looks_for_the_last_name_of_a_deep_pattern_anywhere_under_its_option():
    """A property a record names under a form may be documented at the option, the first thing under it."""
    options = netdev_and_machine()
    assert found(options, "-netdev/tap/hostfwd") == ["-netdev/user/hostfwd"]
    assert found(options, "-netdev/tap/hostfwd", loose=False) == []
    assert found(options, "-machine/pc/accel") == ["-machine/accel"]
    assert found(options, "-machine/q35/vm*") == ["-machine/pc/vmport"]
    assert found(options, "-machine/q35") == []   # a name nothing under the option has
    assert found(options, "-netdev/bridge") == []


def test_loose_find_never_names_the_option_itself():
    assert found(option_set(Option("-usb")), "-usb/*") == []
    assert found(option_set(Option("-usb")), "-usb/-usb") == []


@lru_cache(maxsize=None)
def hx_7_2() -> tuple[str, OptionSet]:
    return load_with_text(str(QEMU / "7.2.0" / "qemu-options.hx"))


@pytest.mark.parametrize("prefix", ["rng-", "tls-creds-", "memory-backend-", "filter-", "authz-"])
def test_a_wildcard_pattern_finds_every_object_form_the_hx_documents(prefix):
    """``-object/rng-*`` on 7.2's .hx: the forms whose SRST item opens with ``-object rng-...``, and no property."""
    text, model = hx_7_2()
    term = r"^\s*``-object (" + re.escape(prefix) + r"[\w-]+)"
    terms = {f"-object/{name}" for name in re.findall(term, srst_text(text), re.M)}
    assert len(terms) >= 3, terms
    assert set(found(model, f"-object/{prefix}*")) == terms
