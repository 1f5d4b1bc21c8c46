"""Keys: one identity for an option, its forms and sub-options, in every format and release."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS, QEMU
from qdoc import keys
from qdoc.loader import load_with_text
from qdoc.model import Location, Option, OptionSet, Source, SubOption

#: A documentation term of an SRST block that opens an option's item: ````-netdev user,...````.
SRST_TERM_RE = re.compile(r"^``(--?[A-Za-z][\w-]*)", re.M)
SRST_BLOCK_RE = re.compile(r"^SRST(?:\([\w-]*\))?\n(.*?)^ERST", re.M | re.S)  # SRST(label) too


def sub(name: str, kind: str = "property", *children: SubOption) -> SubOption:
    return SubOption(name, kind, [], "", Location("x.hx", 1), list(children))


def test_key_joins_the_path_and_spells_the_option_one_way():
    assert keys.key("-netdev", "user", "hostfwd") == "-netdev/user/hostfwd"
    assert keys.key("--preconfig") == "-preconfig"
    assert keys.key("-h") == keys.key("-help") == "-help"
    assert keys.key("-machine", "accel=") == "-machine/accel"
    assert keys.key("-drive", "a/b") == "-drive/a%2Fb"
    assert keys.split_key("-drive/a%2Fb/c") == ("-drive", "a/b", "c")
    assert keys.parent("-netdev/user/hostfwd") == "-netdev/user"
    assert keys.parent("-netdev") is None


def test_walk_yields_every_node_with_its_key_in_source_order():
    option = Option("-netdev", suboptions=[sub("user", "form", sub("hostfwd"), sub("restrict")), sub("tap", "form")])
    option_set = OptionSet("qemu-system", Source("hx", "x.hx"), options=[option, Option("-h")])
    assert [k for k, _ in keys.walk(option_set)] == [
        "-netdev", "-netdev/user", "-netdev/user/hostfwd", "-netdev/user/restrict", "-netdev/tap", "-help",
    ]
    assert keys.option_named(option_set, "-help").name == "-h"


def test_patterns_match_one_component_per_wildcard():
    assert keys.matches("-object/rng-*/opened", "-object/rng-random/opened")
    assert keys.matches("-chardev/*/reconnect", "-chardev/socket/reconnect")
    assert not keys.matches("-chardev/*/reconnect", "-chardev/socket/x/reconnect")
    assert not keys.matches("-object/rng-*/opened", "-object/secret/opened")


def test_find_falls_back_to_the_name_anywhere_under_the_option():
    option = Option("-vnc", suboptions=[sub("display", "value", sub("acl"))])
    option_set = OptionSet("qemu-system", Source("hx", "x.hx"), options=[option])
    assert [k for k, _ in keys.find(option_set, "-vnc/acl")] == ["-vnc/display/acl"]
    assert keys.find(option_set, "-vnc/acl", loose=False) == []
    assert keys.find(option_set, "-nothing/acl") == []


def _documented_options(hx_text: str) -> set[str]:
    """Options that open a documentation item of the .hx, read here from its SRST blocks."""
    names = set()
    for block in SRST_BLOCK_RE.findall(hx_text):
        names.update("-" + n.lstrip("-") for n in SRST_TERM_RE.findall(block))
    return {"-help" if n == "-h" else n for n in names}


@pytest.mark.parametrize("release", ["6.2.0", "7.2.0", "10.2.0"])
def test_keys_are_the_same_in_the_hx_the_html_and_the_man_page(release):
    """The rendered manual of a release names its options and their parts by the same keys as its .hx.

    Option keys equal the options whose SRST item the .hx opens (``-h``
    is ``-help``); every key of the HTML and man pages is one of the .hx's,
    and the big options' forms and properties are there in every format.
    """
    hx_path = QEMU / release / "qemu-options.hx"
    expected_options = _documented_options(hx_path.read_text())
    _, hx = load_with_text(str(hx_path))
    hx_keys = {k for option in hx.options if option.documented for k, _ in keys.walk_option(option)}
    for path in (CORPUS / "built" / release / "qemu-manpage.html", CORPUS / "built" / release / "qemu.1"):
        _, rendered = load_with_text(str(path))
        rendered_keys = {k for k, _ in keys.walk(rendered)}
        assert {k for k in rendered_keys if "/" not in k} == expected_options, path
        assert rendered_keys == hx_keys, path
        assert {"-netdev/user/hostfwd", "-machine/accel", "-object/memory-backend-file", "-display/gtk", "-chardev/socket"} <= rendered_keys


def test_binary_outputs_use_the_same_option_keys():
    """-help names ``-h or -help`` and QMP ``machine``: the keys are ``-help`` and ``-machine/accel``."""
    _, help_set = load_with_text(str(CORPUS / "debian-7.2" / "binary" / "help.txt"))
    _, qmp = load_with_text(str(CORPUS / "debian-7.2" / "binary" / "query-command-line-options.json"))
    defined = {"-" + n for n in re.findall(r'^DEF\("([^"]+)"', (QEMU / "7.2.0" / "qemu-options.hx").read_text(), re.M)}
    help_keys = {k for k, _ in keys.walk(help_set)}
    qmp_keys = {k for k, _ in keys.walk(qmp)}
    assert "-help" in help_keys and "-h" not in help_keys
    assert {k for k in help_keys | qmp_keys if "/" not in k} <= defined
    assert "-machine/accel" in qmp_keys


@pytest.mark.parametrize("release", ["4.2.0", "7.2.0", "10.2.0"])
def test_smbios_forms_are_keyed_by_their_type_value(release):
    """``-smbios type=0,...`` and ``type=1,...`` are forms QEMU tells apart by the value: ``-smbios/type=0``."""
    text = (QEMU / release / "qemu-options.hx").read_text()
    # Each documented term of the .hx (texinfo @item or rST literal) that opens a -smbios type=N form.
    types = set(re.findall(r"^(?:@item|``)\s*-smbios type=(\d+)", text, re.M))
    _, model = load_with_text(str(QEMU / release / "qemu-options.hx"))
    forms = {k for k, _ in keys.walk(model) if k.startswith("-smbios/")}
    assert types and forms == {f"-smbios/type={t}" for t in types} | {"-smbios/file"}


@pytest.mark.parametrize("release", ["4.2.0", "7.2.0"])
def test_a_label_over_a_group_of_properties_names_each_property(release):
    """``TCP options: port=port[,host=host]...`` under ``-chardev socket`` documents port, host...: no property ``TCP``."""
    text = (QEMU / release / "qemu-options.hx").read_text()
    expected = set()
    for group in re.findall(r"^(?:@item|\s*``)\s*(?:TCP|unix) options: (.*?)(?:``)?$", text, re.M):
        group = re.sub(r"@var\{([^}]*)\}", r"\1", group)
        expected.update(re.findall(r"(?:^|[,\[])([a-z][\w-]*)(?==|\]|,|$)", group))
    _, model = load_with_text(str(QEMU / release / "qemu-options.hx"))
    found = {k.rsplit("/", 1)[1] for k, _ in keys.walk(model) if k.startswith("-chardev/socket/")}
    assert {"port", "host", "path"} <= expected <= found
    assert not {"TCP", "unix"} & found
