"""Texinfo fragments of STEXI blocks converted to rST; docutils is the oracle for validity."""

from __future__ import annotations

import docutils.utils
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, roles
from docutils import nodes

from conftest import QEMU
from qdoc.loader import load
from qdoc.texi2rst import InlineRenderer, texinfo_block_to_rst


def test_inline_markup():
    r = InlineRenderer()
    assert r.rst("Select @var{name}; use @code{-machine help}.") == "Select *name*; use ``-machine help``."
    assert r.plain("-machine [type=]@var{name}[,prop=@var{value}[,...]]") == "-machine [type=]name[,prop=value[,...]]"
    assert r.rst("@code{-drive file=@var{file}}") == "``-drive file=file``"
    assert r.rst("mail @@ home, braces @{ @}") == "mail @ home, braces { }"
    assert r.rst("``pc-i440fx-2.8''") == '"pc-i440fx-2.8"'
    assert r.rst("@value{qemu_system} -hda x") == "|qemu_system| -hda x"


def test_unbalanced_braces_are_reported():
    r = InlineRenderer()
    r.rst("@code{open")
    assert r.problems


def test_table_example_and_list():
    texi = [
        "Supported properties are:",
        "@table @option",
        "@item accel=@var{accels}",
        "Enable an accelerator.",
        "@item vmport=on|off",
        "Emulate VMWare IO port.",
        "@end table",
        "@example",
        "qemu -machine pc,accel=kvm",
        "@end example",
        "@itemize @minus",
        "@item first",
        "@item second",
        "@end itemize",
    ]
    conversion = texinfo_block_to_rst(texi)
    assert not conversion.problems
    text = conversion.text
    assert "``accel=accels``\n    Enable an accelerator." in text
    assert "::\n\n    qemu -machine pc,accel=kvm" in text
    assert "- first\n\n- second" in text


def _rst_errors(text: str) -> list[str]:
    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.file_insertion_enabled = False  # `.. include::` is resolved by Sphinx, not here
    document = docutils.utils.new_document("<option>", settings)
    Parser().parse(text, document)
    return [m.astext() for m in document.findall(nodes.system_message) if m["level"] >= 3]


def test_converted_descriptions_are_valid_rst_2_12():
    """Every option description converted from 2.12.0's texinfo parses as rST without errors."""
    roles.register_generic_role("ref", nodes.inline)
    option_set = load(str(QEMU / "2.12.0" / "qemu-options.hx"))
    prolog = ".. |qemu_system| replace:: qemu-system-x86_64\n.. |qemu_system_x86| replace:: qemu-system-x86_64\n\n"
    failures = {}
    for option in option_set.options:
        if option.description:
            errors = _rst_errors(prolog + option.description)
            if errors:
                failures[option.name] = errors[:2]
    assert not failures


def test_rst_descriptions_stay_valid_rst_7_2():
    """Splitting SRST blocks into items keeps each description valid rST."""
    roles.register_generic_role("ref", nodes.inline)
    option_set = load(str(QEMU / "7.2.0" / "qemu-options.hx"))
    failures = {}
    for option in option_set.options:
        for text in [option.description] + [s.description for s in option.suboptions]:
            errors = _rst_errors(text)
            if errors:
                failures[option.name] = errors[:2]
    assert not failures
