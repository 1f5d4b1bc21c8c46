"""Texinfo fragments of STEXI blocks converted to rST; docutils is the oracle for validity."""

from __future__ import annotations

import copy
import functools

import docutils.utils
import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, roles
from docutils import nodes

from conftest import QEMU
from qdoc.loader import load
from qdoc.readers.texinfo.to_rst import texinfo_block_to_rst
from qdoc.readers.texinfo.to_rst_inline import InlineRenderer


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


@functools.cache
def _default_settings():
    """docutils' default settings for the rST parser, made once: making them costs a third of a small parse."""
    return get_default_settings(Parser)


def _settings():
    """A copy of the default settings, for one document to change as it likes."""
    return copy.copy(_default_settings())


def _rst_errors(text: str, level: int = 3) -> list[str]:
    """docutils' messages about ``text`` at ``level`` or above (2: warnings, 3: errors)."""
    settings = _settings()
    settings.report_level = 5
    settings.halt_level = 5
    settings.file_insertion_enabled = False  # `.. include::` is resolved by Sphinx, not here
    document = docutils.utils.new_document("<option>", settings)
    Parser().parse(text, document)
    return [m.astext() for m in document.findall(nodes.system_message) if m["level"] >= level]


def _rst_text(text: str) -> str:
    """What a reader sees of ``text`` once docutils has parsed it (words, whitespace folded)."""
    assert not _rst_errors(text, 2), _rst_errors(text, 2)
    settings = _settings()
    settings.report_level = 5
    document = docutils.utils.new_document("<option>", settings)
    Parser().parse(text, document)
    return " ".join(document.astext().split())


def test_markup_against_words_is_still_markup():
    """Texinfo writes markup against words; rST needs an escaped space there, or shows the asterisks."""
    r = InlineRenderer()
    cases = {
        "port 5700+@var{display} is used": ("port 5700+\\ *display* is used", "port 5700+display is used"),
        "@code{fd}=@var{h} names": ("``fd``\\ =\\ *h* names", "fd=h names"),
        "VNC @var{display}s": ("VNC *display*\\ s", "VNC displays"),
        "(@var{host}:@var{d},@option{reverse})": ("(*host*:*d*,\\ ``reverse``)", "(host:d,reverse)"),
        "QEMU_AUDIO_ variables and a*b": ("QEMU_AUDIO\\_ variables and a\\*b", "QEMU_AUDIO_ variables and a*b"),
        "-M [SS-4|SS-5] [|SPARCbook]": ("-M [SS-4|SS-5] [\\|SPARCbook]", "-M [SS-4|SS-5] [|SPARCbook]"),
        "@xref{mux_keys, Keys in the multiplexer}.": ('See "Keys in the multiplexer".', 'See "Keys in the multiplexer".'),
    }
    for texinfo, (rst, text) in cases.items():
        assert r.rst(texinfo) == rst
        assert _rst_text(rst) == text
    assert not r.problems


def test_definitions_keep_their_terms():
    """A blank line after @item, grouped terms, table formats: still one definition list, QEMU's way."""
    texi = [
        "@table @var",
        "@item now",
        "",
        "Invalidate password instantly.",
        "@end table",
        "@table @option",
        "@item ipv4",
        "@itemx ipv6",
        "Force using the specified IP version.",
        "@item -serial mon:telnet::4444,server,nowait",
        "@end table",
    ]
    conversion = texinfo_block_to_rst(texi)
    assert not conversion.problems
    assert conversion.text == (
        "*now*\n    Invalidate password instantly.\n\n"
        "``ipv4``\n  \\\n``ipv6``\n    Force using the specified IP version.\n\n"
        "``-serial mon:telnet::4444,server,nowait``\n    \\"
    )
    assert not _rst_errors(conversion.text, 2)
    # The body of each entry is known, so that nested items need no second conversion.
    assert conversion.entries[1, 1] == "Invalidate password instantly."
    assert conversion.entries[6, 2] == "Force using the specified IP version."


#: The .hx files of the texinfo era with descriptions (qemu-img-cmds.hx's STEXI blocks hold synopses only).
TEXINFO_ERA_HX = [
    p
    for r in ("2.12.0", "3.0.0", "3.1.0", "4.0.0", "4.1.0", "4.2.0")
    for p in sorted((QEMU / r).glob("*.hx"))
    if p.name != "qemu-img-cmds.hx"
]


def _descriptions(items):
    for item in items:
        yield item.description
        yield from _descriptions(item.suboptions)


@pytest.mark.parametrize("path", TEXINFO_ERA_HX, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_converted_descriptions_are_valid_rst(path):
    """Every description converted from STEXI blocks (options, sub-options, sections) parses without a docutils warning."""
    roles.register_generic_role("ref", nodes.inline)
    option_set = load(str(path))
    prolog = ".. |qemu_system| replace:: qemu-system-x86_64\n.. |qemu_system_x86| replace:: qemu-system-x86_64\n\n"
    texts = list(_descriptions(option_set.options)) + [s.description for s in option_set.sections]
    assert sum(1 for text in texts if text) > 10
    failures = {}
    for text in texts:
        if text:
            problems = _rst_errors(prolog + text, 2)
            if problems:
                failures[text[:60]] = problems[:2]
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
