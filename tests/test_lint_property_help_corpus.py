"""QD106 (documented-property-not-in-help) on the real corpus equals what an independent scan finds.

The scan reads each release's qemu-options.hx with regular expressions and
docutils (never qdoc's readers) and says, form by form, which documented
properties the -help text of their form does not mention:

- -help side: the DEF's help text (C strings joined) cut into blocks, one
  per line opening with the option.  A block's form is the bare first word
  of its arguments (``user`` of ``-netdev user,id=str``) and, when two or
  more bare words name forms, the key of a first ``key=`` (``vnc`` of
  ``-display vnc=<display>``).  With fewer than two bare words the -help
  has no forms.
- documentation side: the top-level terms naming the option (SRST terms, or
  STEXI ``@item`` of the outer table); with several, each is a form named
  by its first bare word, with one (its ``\\``-joined spellings included)
  the option's properties belong to no form.  Its properties are the nested
  terms ``key=...`` at any depth; a nested term that is a -help form's word
  (``gtk`` under ``-display type``) makes the terms under it that form's.
- a property of a form is compared with the -help blocks of that form and
  the blocks of no form; when -help has no block of that form (or the
  property is of no form), with all of -help.  -help that stands for any key
  (``prop[=value]``, ``PROP1``, ``<optargs>``) and lists no property on a
  line of its own is a summary and lists none exhaustively: not compared.
- a key is mentioned when -help names it as a key (``in|out.dev=`` names
  ``in.dev`` and ``out.dev``), a family stand-in covers it
  (``throttling.option``), or it appears as a whole word (``addr.ipv4``
  mentions ``ipv4``; ``in|out.buffer-len`` mentions neither ``out.buffer``
  nor ``in.buffer``); a stand-in key (``PROP1``) is no property.

One finding per documentation line (``in|out.dev=`` is one item with two keys).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from conftest import CORPUS, QEMU, RELEASES, run_qdoc
from test_lint_checks_corpus import _rst_inline_text, hx_defs, rel, srst_terms, texi_text

#: Words that stand for any form (``-chardev backend,...``, ``-display type``), not a form.
GENERIC_FORMS = {"option", "options", "prop", "props", "property", "driver", "backend", "type", "typename", "name", "help"}
#: Words that stand for any key (``prop[=value]``, ``<optargs>``): -help listing no key exhaustively.
ANY_KEY_WORDS = {"prop", "props", "property", "properties", "option", "options", "optargs", "driver", "backend"}
_ANY_KEY_RE = re.compile(
    r"(?<![\w.-])(?:<?(?:prop|props|property|properties|option|options|optargs)\d*>?|PROP\d*|[A-Z]+\d+)(?:\[?=|\]|,|$|\s)", re.M
)
_PROPERTY_LINE_RE = re.compile(r"^\s+(?:property\s+)?([A-Za-z][\w.|-]*)=", re.M)
_FAMILY_RE = re.compile(r"([\w.-]+)\.(?:option|prop|PROP\w*|<\w+>)")
_TERM_KEY_RE = re.compile(r"([A-Za-z][\w.|-]*)=")
_rendered = lru_cache(maxsize=None)(_rst_inline_text)  # terms repeat from release to release


def stand_in(key: str) -> bool:
    """``PROP1``, ``<argname>``, ``prop``: a word standing for any key, no key."""
    last = key.rpartition(".")[2]
    return "<" in last or last.isupper() or last.rstrip("0123456789").lower() in ANY_KEY_WORDS


def expand(key: str) -> list[str]:
    """``in|out.dev`` is ``in.dev`` and ``out.dev``."""
    m = re.match(r"((?:[\w-]+\|)+[\w-]+)\.(.+)$", key)
    return [f"{prefix}.{m.group(2)}" for prefix in m.group(1).split("|")] if m else [key]


def form_word(arguments: str) -> str | None:
    """The bare word an option's arguments open with (``user`` of ``user,id=str``), or None."""
    m = re.match(r"([a-z][a-z0-9_-]*)(?=$|[,\s\[])", arguments)
    return m.group(1) if m else None


# -- -help ---------------------------------------------------------------------------


def help_blocks(help_text: str, option: str) -> list[tuple[str | None, str]]:
    """(form word, text) of each block of a DEF's help: a line opening with the option and the lines under it."""
    blocks: list[list[str]] = []
    for line in help_text.split("\n"):
        if line.startswith("-"):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    result = []
    for block in blocks:
        first = block[0]
        arguments = first[len(option):].strip() if first.startswith(option) else ""
        result.append((form_word(arguments), "\n".join(block)))
    bare = {word for word, _ in result if word and word not in GENERIC_FORMS}
    if len(bare) > 1:  # "-display vnc=<display>" beside "-display gtk": the key names a form too
        result = [(word or keyed_word(text, option), text) for word, text in result]
    return result


def keyed_word(block: str, option: str) -> str | None:
    m = re.match(re.escape(option) + r"\s+([a-z][a-z0-9_-]*)=", block)
    return m.group(1) if m else None


def mentions(text: str, key: str) -> bool:
    """Whether -help ``text`` mentions ``key``: as a key, under a family stand-in, or as a whole word."""
    keys = {k.lower() for named in re.findall(r"([\w.|-]+)=", text) for k in expand(named)}
    families = {family.lower() + "." for family in _FAMILY_RE.findall(text)}
    return (
        key.lower() in keys
        or any(key.lower().startswith(family) for family in families)
        or re.search(r"(?<![\w|-])" + re.escape(key) + r"(?![\w-])", text) is not None
    )


# -- the documentation ------------------------------------------------------------------


def documentation_terms(text: str) -> list[tuple[int, int, str, bool]]:
    """(line, depth or indent, shown text, joined to the term before) of the terms of the documentation blocks.

    The SRST blocks when the file has them (indent 0 is top level), else the
    STEXI ``@item``/``@itemx`` of ``@table``s (depth 0 is the outer table).
    """
    if "\nSRST" in text:
        lines = text.split("\n")
        return [
            (number, len(raw) - len(raw.lstrip()), _rendered(raw.strip()), lines[number - 2].strip() == "\\")
            for number, raw in srst_terms(text)
        ]
    terms, environments, inside = [], [], False
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(("STEXI", "ETEXI")):
            inside = line.startswith("STEXI")
            continue
        if not inside:
            continue
        opening, closing = re.match(r"@(\w+)", line), re.match(r"@end (\w+)", line)
        item = re.match(r"@(itemx?) (.*)", line)
        if opening and opening.group(1) in ("table", "ftable", "vtable", "itemize", "enumerate", "multitable"):
            environments.append(opening.group(1))
        elif closing and environments and closing.group(1) == environments[-1]:
            environments.pop()
        elif item and environments and environments[-1].endswith("table") and environments[-1] != "multitable":
            depth = sum(e.endswith("table") and e != "multitable" for e in environments)
            terms.append((number, depth - 1, texi_text(item.group(2)), item.group(1) == "itemx"))
    return terms


def documented_items(text: str) -> dict[str, list[tuple[str | None, list[tuple[int, int, str]]]]]:
    """Option -> its top-level items: (form word, the nested terms under it as (line, indent, text))."""
    items: dict[str, list] = {}
    current = None
    for number, indent, term, joined in documentation_terms(text):
        if indent:
            if current is not None:
                current[1].append((number, indent, term))
            continue
        words = term.split()
        if not words or not words[0].startswith("-"):
            current = None
            continue
        name = "-" + words[0].split(",")[0].lstrip("-")
        if joined and current is not None and items.get(name) and items[name][-1] is current:
            continue  # another spelling of the same item
        current = (form_word(term[len(words[0]):].strip()), [])
        items.setdefault(name, []).append(current)
    return items


def properties_by_form(items, help_forms: set[str]) -> list[tuple[str | None, list[tuple[int, str]]]]:
    """(form, [(line, key)]) of the ``key=`` terms of each item; terms under a nested -help form word are that form's."""
    result = []
    for form, terms in items:
        top = (form if len(items) > 1 else None, [])
        result.append(top)
        inner = None  # (indent, (form, keys)) of a nested form term
        for number, indent, term in terms:
            if inner and indent <= inner[0]:
                inner = None
            if form_word(term) in help_forms and not _TERM_KEY_RE.match(term):
                inner = (indent, (form_word(term), []))
                result.append(inner[1])
                continue
            m = _TERM_KEY_RE.match(term)
            if m:
                (inner[1] if inner else top)[1].append((number, m.group(1)))
    return result


# -- the scan -----------------------------------------------------------------------


def unmentioned_properties(hx: Path) -> dict[tuple[str, int], set[str]]:
    """(file, line) -> the keys of each documented property that its form's -help does not mention."""
    text = hx.read_text()
    documented = documented_items(text)
    found: dict[tuple[str, int], set[str]] = {}
    for d in hx_defs(text):
        if not d["help"].strip() or d["name"] not in documented:
            continue  # hidden on purpose, or undocumented (QD101's)
        blocks = help_blocks(d["help"], d["name"])
        help_forms = {word for word, _ in blocks if word and word not in GENERIC_FORMS}
        for form, properties in properties_by_form(documented[d["name"]], help_forms):
            own = [block for word, block in blocks if word == form] if form else []
            if len(help_forms) > 1:
                generic = [block for word, block in blocks if not word or word in GENERIC_FORMS]
            else:  # no forms in -help: every block is the option's
                generic = [block for word, block in blocks if word not in documented_forms(documented[d["name"]])]
            described = own + generic if own else [block for _, block in blocks]
            help_text = "\n".join(described)
            lists = any(not stand_in(key) for key in _PROPERTY_LINE_RE.findall(help_text))
            if _ANY_KEY_RE.search(help_text) and not lists:
                continue  # "-device driver[,prop[=value][,...]]": a summary
            for line, key in properties:
                keys = expand(key)
                if any(stand_in(k) for k in keys):
                    continue
                missing = {k for k in keys if not mentions(help_text, k)}
                if len(missing) == len(keys):
                    found.setdefault((rel(hx), line), set()).update(missing)
    return found


def documented_forms(items) -> set[str]:
    return {form for form, _ in items if form and form not in GENERIC_FORMS} if len(items) > 1 else set()


@lru_cache(maxsize=1)
def lint_findings() -> dict[tuple[str, int], set[str]]:
    result = run_qdoc(
        "lint", *[f"qemu/{r}" for r in RELEASES], "--select", "QD106", "--severity", "info", "--format", "json", cwd=CORPUS
    )
    assert result.returncode in (0, 1), result.stderr
    found: dict[tuple[str, int], set[str]] = {}
    for finding in json.loads(result.stdout):
        assert finding["severity"] == "info"
        keys = set(re.findall(r"`([^`]+)=`", finding["message"]))
        found.setdefault((finding["location"]["path"], finding["location"]["line"]), set()).update(keys)
    return found


def test_qd106_equals_the_documented_properties_their_forms_help_does_not_mention():
    expected: dict[tuple[str, int], set[str]] = {}
    for release in RELEASES:
        expected.update(unmentioned_properties(QEMU / release / "qemu-options.hx"))
    # Facts of QEMU's files, so that the scan is known to see them.
    assert expected[("qemu/10.2.0/qemu-options.hx", 2514)] == {"to"}  # -vnc's to=, not in -vnc's -help
    assert expected[("qemu/10.2.0/qemu-options.hx", 1073)] == {"in.dev", "out.dev"}  # -audiodev sndio
    assert expected[("qemu/8.2.0/qemu-options.hx", 2175)] == {"zoom-to-fit"}  # -display gtk, SRST "term : classifier"
    assert expected[("qemu/2.12.0/qemu-options.hx", 75)] == {"gfx_passthru"}  # -machine, STEXI
    got = lint_findings()
    assert set(got) == set(expected)
    differing = {where for where in expected if {k.lower() for k in got[where]} != {k.lower() for k in expected[where]}}
    # 4.0/4.1's -audiodev `in|out.buffer=`: both keys are missing from -help, whose "in|out.buffer-len" names neither.
    assert differing == set()
    assert expected[("qemu/4.0.0/qemu-options.hx", 526)] == {"in.buffer", "out.buffer"}
