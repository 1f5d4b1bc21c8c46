"""No prose glued to values: every parameter of every QEMU 10.2.0 synopsis is a token of its term.

The terms are found here without qdoc: the SRST blocks of 10.2.0's
``qemu-options.hx`` parsed by docutils (a term's classifier is a node of its
own there), the ``<dt>`` elements of the built HTML pages via lxml (less
their ``<span class="classifier">``), and the ``.TP`` terms of the built man
pages with their troff escapes undone.  A token is a run of the term's text
between the synopsis grammar's separators (white space, quotes, ``[ ] , | = ; ( ) :``);
white space beside ``[ ] , | = ;`` carries nothing (``[ vnc | spice ]``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from lxml import html as lxml_html

from conftest import CORPUS, QEMU, srst_text
from qdoc.loader import load

RELEASE = "10.2.0"
HX = QEMU / RELEASE / "qemu-options.hx"
BUILT = CORPUS / "built" / RELEASE
HTML_PAGES = [BUILT / "qemu-manpage.html", BUILT / "sphinx-5.3" / "qemu-manpage.html"]
MAN_PAGES = [BUILT / "qemu.1", BUILT / "sphinx-5.3" / "qemu.1"]

_BESIDE_SEPARATOR_RE = re.compile(r"\s*([\[\],|=;])\s*")
_DELIMITERS = set(" []|,=;():\"")


# -- the terms, read without qdoc ------------------------------------------------------------------


@lru_cache(maxsize=None)
def hx_terms() -> dict[str, str]:
    """Each SRST term's text (classifier apart) -> its classifier's text ('' for none)."""
    tree = publish_doctree(srst_text(HX.read_text(encoding="utf-8")), settings_overrides={"report_level": 5, "halt_level": 5})
    terms = {}
    for item in tree.findall(nodes.definition_list_item):
        term = next(c for c in item.children if isinstance(c, nodes.term))
        classifier = " ".join(c.astext() for c in item.children if isinstance(c, nodes.classifier))
        terms[" ".join(term.astext().split())] = " ".join(classifier.split())
    return terms


@lru_cache(maxsize=None)
def html_terms(page: Path) -> set[str]:
    tree = lxml_html.fromstring(page.read_bytes())
    terms = set()
    for dt in tree.iter("dt"):
        for span in dt.xpath('.//span[@class="classifier"] | .//a[@class="headerlink"]'):
            span.drop_tree()
        terms.add(" ".join(dt.text_content().split()))
    return terms


_TROFF_ESCAPE_RE = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)|\\\(aq|\\\(dq|\\[-&e ]")
_TROFF_CHARACTERS = {"\\(aq": "'", "\\(dq": '"', "\\-": "-", "\\&": "", "\\e": "\\", "\\ ": " "}


def untroff(line: str) -> str:
    """A troff text line as it prints: font changes gone, escaped characters themselves."""
    return _TROFF_ESCAPE_RE.sub(lambda m: _TROFF_CHARACTERS.get(m.group(0), ""), line)


def macro_arguments(text: str) -> list[str]:
    """The arguments of a troff macro call: split at spaces; one that opens with ``"`` runs to the next lone ``"``."""
    arguments, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] == " ":
            i += 1
        if i == n:
            break
        word = []
        if text[i] == '"':
            i += 1
            while i < n and not (text[i] == '"' and text[i + 1 : i + 2] != '"'):
                word.append(text[i])
                i += 2 if text[i] == '"' else 1  # "" is a quote
            i += 1
        else:
            while i < n and text[i] != " ":
                word.append(text[i : i + 2] if text[i] == "\\" else text[i])
                i += 2 if text[i] == "\\" else 1
        arguments.append("".join(word))
    return arguments


@lru_cache(maxsize=None)
def man_terms(page: Path) -> set[str]:
    """The line after each ``.TP`` as groff prints it: ``.B`` arguments joined, troff escapes undone."""
    lines = page.read_text(encoding="utf-8").split("\n")
    terms = set()
    for previous, line in zip(lines, lines[1:]):
        if previous.strip() == ".TP":
            if line.startswith(".B "):
                line = " ".join(macro_arguments(line[3:]))
            terms.add(" ".join(untroff(line).split()))
    return terms


# -- the check -----------------------------------------------------------------------------------


#: Prose inside a value: a remark after white space, a classifier, a second parameter after ``;``.
_PROSE_IN_VALUE_RE = re.compile(r"\s\(|\s:\s|;")


def is_token(value: str, term: str) -> bool:
    """``value`` stands in ``term`` between separators (or at its ends), with no prose in it."""
    if _PROSE_IN_VALUE_RE.search(value):
        return False
    text = _BESIDE_SEPARATOR_RE.sub(r"\1", " ".join(term.split()))
    value = _BESIDE_SEPARATOR_RE.sub(r"\1", " ".join(value.split()))
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        if (start == 0 or text[start - 1] in _DELIMITERS or value[0] in _DELIMITERS) and (
            end == len(text) or text[end] in _DELIMITERS or value[-1] in _DELIMITERS
        ):
            return True
        start = text.find(value, start + 1)
    return False


def all_synopses(option_set):
    def walk(owner, suboptions):
        for sub in suboptions:
            for synopsis in sub.synopses:
                yield f"{owner}/{sub.name}", synopsis
            yield from walk(f"{owner}/{sub.name}", sub.suboptions)

    for option in option_set.options:
        for synopsis in option.synopses:
            yield option.name, synopsis
        yield from walk(option.name, option.suboptions)


def glued(path: Path, terms: set[str]) -> tuple[list[str], list[str]]:
    """The synopses that are no term of the page, and the values and choices that are no token of their term."""
    strangers, problems = [], []
    checked = 0
    for owner, synopsis in all_synopses(load(str(path))):
        text = " ".join(synopsis.text.split())
        if text not in terms:
            strangers.append(f"{owner}: {text!r}")
            continue
        for parameter in synopsis.parameters:
            for value in [parameter.value or ""] + list(parameter.choices):
                checked += 1
                if value and not is_token(value, text):
                    problems.append(f"{owner}: {value!r} of {text!r}")
    assert checked > 1000, checked  # not vacuous: 10.2.0 has thousands of values and choices
    return strangers, problems


def test_hx_values_are_tokens_of_the_srst_terms():
    # The oracle itself, on QEMU's terms (written by hand):
    assert is_token("on|off", "xtsup=on|off (default: off)")
    assert is_token("off", "xtsup=on|off (default: off)")
    assert not is_token("on|off(default:off)", "xtsup=on|off (default: off)")
    assert not is_token("off(default:off)", "xtsup=on|off (default: off)")
    assert not is_token("TCPoptionsorunixoptions", "-chardev socket,id=id[,TCP options or unix options]")
    assert is_token("TCP options or unix options", "-chardev socket,id=id[,TCP options or unix options]")
    assert is_token("vnc|spice", "set_password [ vnc | spice ] password")
    assert not is_token("of", "prof=x")
    assert not is_token("on|off (default: off)", "xtsup=on|off (default: off)")
    assert not is_token("on|off : Display the tab bar", "show-tabs=on|off : Display the tab bar")
    # Option-level synopses are terms too ("-chardev socket,id=id[,TCP options or unix options]...").
    strangers, problems = glued(HX, set(hx_terms()))
    assert not strangers
    assert not problems


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: str(p.relative_to(BUILT)))
def test_html_values_are_tokens_of_the_dt_terms(page):
    strangers, problems = glued(page, html_terms(page))
    assert not strangers
    assert not problems


@pytest.mark.parametrize("page", MAN_PAGES, ids=lambda p: str(p.relative_to(BUILT)))
def test_man_values_are_tokens_of_the_tp_terms(page):
    strangers, problems = glued(page, man_terms(page))
    assert not strangers
    assert not problems


# -- classifier terms: one synopsis in every reader ---------------------------------------------------


def classified() -> dict[str, str]:
    found = {term: classifier for term, classifier in hx_terms().items() if classifier}
    assert len(found) >= 4, found  # show-tabs, zoom-to-fit (gtk and cocoa), full-grab, swap-opt-cmd
    return found


def parse_of(synopsis) -> list[tuple]:
    return [(p.key, p.value, p.required, tuple(p.choices)) for p in synopsis.parameters]


def readings_of(path: Path) -> dict[str, list]:
    """Synopsis text -> the sub-options it belongs to, for one file."""
    found: dict[str, list] = {}

    def walk(suboptions):
        for sub in suboptions:
            for synopsis in sub.synopses:
                found.setdefault(" ".join(synopsis.text.split()), []).append((synopsis, sub))
            walk(sub.suboptions)

    for option in load(str(path)).options:
        walk(option.suboptions)
    return found


def test_classifier_terms_give_one_synopsis_in_every_reader():
    """hx, both HTML builds and Sphinx 5.3's man page: the term without its classifier, which opens the description.

    Sphinx 9's man writer prints a classifier as ``term (classifier)``, the
    way the page prints a remark written in the term (``xtsup=on|off
    (default: off)``): the text keeps it there, the parse is the same.
    """
    files = {"hx": HX, **{f"html {p.parent.name}": p for p in HTML_PAGES}, "man sphinx-5.3": MAN_PAGES[1], "man": MAN_PAGES[0]}
    readings = {label: readings_of(path) for label, path in files.items()}
    for term, classifier in classified().items():
        hx = readings["hx"][term]
        for label, found in readings.items():
            text = f"{term} ({classifier})" if label == "man" else term
            assert text in found, (label, term)
            assert [parse_of(s) for s, _ in found[text]] == [parse_of(s) for s, _ in hx], (label, term)
            if label != "man":
                for _, sub in found[text]:
                    assert " ".join(sub.description.split()).startswith(classifier), (label, term, sub.description[:80])
