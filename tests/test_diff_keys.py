"""qdoc diff at every level, checked against an independent scan of the two .hx files.

The scan here reads what each .hx file defines and documents without
qdoc: its ``DEF("name"`` lines, and its SRST blocks parsed by docutils
(as hxtool hands them to Sphinx), whose top-level terms name options (and,
when an option has several items, its forms) and whose nested terms name
sub-options.  Keys are built from those names as QEMU's syntax writes them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import jsonschema
import pytest
from docutils import nodes
from docutils.core import publish_doctree

from conftest import CORPUS, QEMU, ROOT, run_qdoc, srst_text

DEF_RE = re.compile(r'^DEF\("([^"]+)"', re.M)
NAME_RE = re.compile(r"[A-Za-z0-9_.@{}-]+")
GROUP_RE = re.compile(r"^[A-Za-z][\w ]*? options:\s*(.+)$")  # ``TCP options: port=port[,host=host]``
GROUP_KEY_RE = re.compile(r"(?:^|[,\[])\s*([A-Za-z][\w.-]*)(?==|\]|,|$)")
ALTERNATIVES_RE = re.compile(r"^([\w.-]+(?:\|[\w.-]+)+)=")  # ``kernel|initrd=<file>``
DIRECTIONS_RE = re.compile(r"^((?:in\|out|out\|in)\.[\w.-]+)(?:=|$)")  # ``in|out.dev=device``
SETTINGS = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False}


def normal(text: str) -> str:
    return " ".join(text.split())


def option_of(term: str) -> str:
    name = term.split(None, 1)[0].split(",", 1)[0]
    name = "-" + name.lstrip("-")
    return "-help" if name == "-h" else name


def escape(name: str) -> str:
    return name.replace("%", "%25").replace("/", "%2F")


def form_name(term: str) -> str:
    """``-netdev user,id=...`` -> user; ``-smbios type=0[,...]`` -> type=0; ``-initrd "a b"`` -> "a b"."""
    rest = term.split(None, 1)[1] if " " in term else ""
    rest = rest.lstrip("[")
    if rest[:1] in ('"', "'"):
        return rest[: rest.find(rest[0], 1) + 1]
    match = NAME_RE.match(rest)
    return match.group(0).split("=")[0] if match else rest.split(",")[0]


def selector(term: str, name: str) -> str:
    rest = term.split(None, 1)[1].lstrip("[") if " " in term else ""
    match = re.match(re.escape(name) + r"=([\w.-]+)", rest)
    return f"{name}={match.group(1)}" if match else name


def suboption_names(term: str) -> list[str]:
    """The names a nested term documents, as QEMU writes them in the term."""
    first_part = term.split(",")[0]
    is_property = "=" in first_part or DIRECTIONS_RE.match(term)
    if is_property:
        group = GROUP_RE.match(term)
        if group:
            return GROUP_KEY_RE.findall(group.group(1))
        alternatives = ALTERNATIVES_RE.match(term) or DIRECTIONS_RE.match(term)
        if alternatives:
            names = alternatives.group(1).split("|")
            _, dot, tail = names[-1].partition(".")
            if dot and all("." not in n for n in names[:-1]):
                return [f"{n}.{tail}" for n in names[:-1]] + [names[-1]]
            return names
    text = term.lstrip("[")
    if text[:1] in ('"', "'"):
        return [text[: text.find(text[0], 1) + 1]]
    match = NAME_RE.match(text)
    if not match:
        return [text.split(",")[0]]
    return [match.group(0).split("=")[0]]


def items_of(definition_list: nodes.definition_list) -> list[tuple[nodes.definition_list_item, list[str]]]:
    """(item, terms) of a list; QEMU's grouped terms (an item whose text is a lone ``\\``) join the next item's."""
    found, pending = [], []
    for child in definition_list.children:
        if not isinstance(child, nodes.definition_list_item):
            continue
        terms = pending + [normal(t.astext()) for t in child.children if isinstance(t, nodes.term)]
        definition = next((c for c in child.children if isinstance(c, nodes.definition)), None)
        if definition is not None and not any(
            c.astext().strip() for c in definition.children if not isinstance(c, nodes.system_message)
        ):
            pending = terms
            continue
        found.append((child, terms))
        pending = []
    return found


def nested(item: nodes.definition_list_item, prefix: str, found: dict[str, set[str]]) -> None:
    """The sub-option keys of an item's nested terms, with their terms; an empty term's items are its parent's."""
    definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
    if definition is None:
        return
    for block in definition.children:
        if not isinstance(block, nodes.definition_list):
            continue
        for child, terms in items_of(block):
            if not terms or not terms[0]:
                nested(child, prefix, found)
                continue
            if terms[0].startswith("-"):  # a form documented inside its option's item (-object's types)
                own = option_of(terms[0]) == prefix.split("/")[0]
                names = [form_name(terms[0]) if own else f"{terms[0].split()[0]} {form_name(terms[0])}"]
            else:
                names = suboption_names(terms[0])
            for name in names:
                here = f"{prefix}/{escape(name)}"
                found.setdefault(here, set()).update(terms)
                nested(child, here, found)


@lru_cache(maxsize=None)
def scan(release: str) -> tuple[set[str], dict[str, set[str]]]:
    """(DEF option keys, {key: its terms} of every documented option, form and sub-option) of one .hx."""
    text = (QEMU / release / "qemu-options.hx").read_text()
    defined = {"-" + n for n in DEF_RE.findall(text)}
    # An include stays a comment (hxtool's Sphinx would read the file; the tree may not hold it).
    tree = publish_doctree(srst_text(text).replace(".. include::", ".. not included:"), settings_overrides=SETTINGS)
    items: dict[str, list] = {}
    for definition_list in tree.findall(nodes.definition_list):
        if isinstance(definition_list.parent, nodes.definition):
            continue  # nested: read below, under its item
        for item, terms in items_of(definition_list):
            if terms and terms[0].startswith("-"):
                items.setdefault(option_of(terms[0]), []).append((item, terms))
    found: dict[str, set[str]] = {}
    for option, documented in items.items():
        found.setdefault(option, set())
        forms = [form_name(terms[0]) for _, terms in documented] if len(documented) > 1 else []
        for index, (item, terms) in enumerate(documented):
            own = [t for t in terms if option_of(t) == option]
            if forms:
                name = forms[index]
                key = f"{option}/{escape(selector(terms[0], name) if forms.count(name) > 1 else name)}"
                found.setdefault(key, set()).update(own)
                nested(item, key, found)
            else:
                found[option].update(own)
                nested(item, option, found)
    return defined, found


def keys_of(release: str) -> set[str]:
    defined, documented = scan(release)
    return {k for k in documented if k.split("/", 1)[0] in defined} | defined


@lru_cache(maxsize=None)
def diff(old: str, new: str) -> dict:
    result = run_qdoc("diff", str(QEMU / old), str(QEMU / new), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


PAIRS = [("6.2.0", "7.2.0"), ("7.2.0", "8.2.0")]


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_added_and_removed_keys_equal_a_scan_of_the_two_hx_files(old, new):
    """Every option, form and sub-option added or removed, and nothing else, at every level."""
    data = diff(old, new)
    jsonschema.validate(data, json.loads((ROOT / "qdoc" / "schema" / "diff.schema.json").read_text()))
    assert data["renamed"] == [] and data["not_read"] == []
    added = [k for entry in data["added"] for k in entry["keys"]]
    removed = [k for entry in data["removed"] for k in entry["keys"]]
    assert len(added) == len(set(added)) and len(removed) == len(set(removed))
    assert set(added) == keys_of(new) - keys_of(old)
    assert set(removed) == keys_of(old) - keys_of(new)
    # Below the options too: forms and sub-options, each under its option.
    assert any("/" in k for k in added) and any(entry["kind"] != "option" for entry in data["removed"] + data["added"])
    for entry in data["added"] + data["removed"]:
        assert all(k == entry["key"] or k.startswith(entry["key"] + "/") for k in entry["keys"])
        assert entry["option"] == entry["key"].split("/")[0]


@pytest.mark.parametrize("old,new", PAIRS, ids=lambda r: r)
def test_changed_synopses_are_the_source_terms_that_differ(old, new):
    """A changed synopsis shows the terms as the source writes them: those only in OLD -> those only in NEW."""
    data = diff(old, new)
    _, before_terms = scan(old)
    _, after_terms = scan(new)
    reported = {}
    for change in data["changed"]:
        for detail in change["details"]:
            if detail["what"] == "synopsis":
                reported[change["name"]] = (set(detail["before"]), set(detail["after"]))
    expected = {}
    for key in before_terms.keys() & after_terms.keys():
        before, after = before_terms[key], after_terms[key]
        if before and after and before != after:
            expected[key] = (before - after, after - before)
    assert reported == expected
    assert reported  # 6.2 -> 7.2: -smp gains clusters=; 7.2 -> 8.2: -chardev file gains input-path=


def test_removals_carry_their_record_version_and_replacement():
    """7.2.0 -> 8.2.0: each removal names its removed-features entry, the deprecation before it, and what to use."""
    data = diff("7.2.0", "8.2.0")
    assert data["removal_list"] is True
    removed_text = (QEMU / "8.2.0" / "docs" / "about" / "removed-features.rst").read_text().split("\n")
    deprecated_text = (QEMU / "7.2.0" / "docs" / "about" / "deprecated.rst").read_text().split("\n")
    by_key = {entry["key"]: entry for entry in data["removed"]}
    for entry in data["removed"]:
        record = entry["removal_record"]
        assert entry["announced"] is True and record["path"].endswith("8.2.0/docs/about/removed-features.rst")
        heading = removed_text[record["line"] - 1]
        assert f"(removed in {entry['removed_in']})" in heading, (entry["key"], heading)
        deprecation = deprecated_text[entry["deprecation_record"]["line"] - 1]
        assert f"(since {entry['deprecated_since']})" in deprecation, (entry["key"], deprecation)
    # A property and a form, not only options: -spice password=, -chardev tty.
    assert by_key["-spice/password"]["kind"] == "property" and by_key["-chardev/tty"]["kind"] == "form"
    assert "password-secret" in by_key["-spice/password"]["replacement"]


def test_newly_deprecated_keys_are_the_new_lists_entries_with_their_versions():
    """7.2.0 -> 8.2.0: options and forms deprecated in 8.0/8.1 by 8.2's deprecated.rst, each with its stated version."""
    data = diff("7.2.0", "8.2.0")
    text = (QEMU / "8.2.0" / "docs" / "about" / "deprecated.rst").read_text().split("\n")
    deprecated = {d["name"]: d for d in data["deprecated"]}
    assert {"-no-hpet", "-no-acpi", "-singlestep", "-fsdev/proxy"} <= deprecated.keys()
    for item in deprecated.values():
        heading = text[item["location"]["line"] - 1]
        assert f"(since {item['since']})" in heading
        assert item["since"] in ("8.0", "8.1", "8.2")
    assert deprecated["-no-hpet"]["replacement"] == "-machine hpet=off"


def test_an_included_table_that_was_not_read_is_not_a_removal():
    """3.0.0's tree lacks qemu-option-trace.texi, which its .hx @includes for -trace's sub-options."""
    data = diff("2.12.0", "3.0.0")
    assert not [e for e in data["removed"] if e["option"] == "-trace"]
    assert [(n["name"], n["side"]) for n in data["not_read"]] == [("-trace", "new")]
    assert "qemu-option-trace.texi" in data["not_read"][0]["reason"]
    text = run_qdoc("diff", str(QEMU / "2.12.0"), str(QEMU / "3.0.0")).stdout
    assert "? -trace: sub-options not read in NEW" in text and "-trace/" not in text


def defs(release: str) -> set[str]:
    return {"-" + n for n in DEF_RE.findall((QEMU / release / "qemu-options.hx").read_text())}


@pytest.mark.parametrize(
    "old,new,extra",
    [
        (CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html", CORPUS / "debian-7.2" / "man" / "qemu-system.1",
         ("--old-release", "6.2.0", "--new-release", "7.2.0")),
        (QEMU / "6.2.0", CORPUS / "debian-7.2" / "man" / "qemu-system.1", ("--new-release", "7.2.0")),
        (QEMU / "6.2.0", CORPUS / "debian-7.2" / "binary" / "help.txt", ("--new-release", "7.2.0")),
        (CORPUS / "debian-7.2" / "binary" / "help.txt", QEMU / "7.2.0", ("--old-release", "7.2.0")),
    ],
    ids=["rhel-html-to-debian-man", "tree-to-debian-man", "tree-to-help", "help-to-tree"],
)
def test_across_formats_nothing_is_removed_that_the_new_release_defines(old, new, extra):
    """An option still defined by 7.2's DEF lines is never "removed", whatever the two formats."""
    result = run_qdoc("diff", str(old), str(new), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    removed_options = {e["option"] for e in data["removed"]}
    added_options = {e["key"] for e in data["added"] if e["kind"] == "option"}
    assert not removed_options & defs("7.2.0")
    assert not added_options & defs("6.2.0") if "6.2.0" in str(old) else True
    if "help.txt" not in str(old) + str(new):
        # Documented with documented: the options 6.2 documented and 7.2 dropped, and at
        # every level nothing that 7.2's .hx still documents.
        assert removed_options == {"-soundhw", "-curses", "-alt-grab", "-ctrl-grab", "-no-quit", "-sdl", "-watchdog", "-enable-fips"} & defs("6.2.0")
        removed = {k for entry in data["removed"] for k in entry["keys"]}
        assert removed and not removed & set(scan("7.2.0")[1])


def test_qmp_as_a_side_lists_no_absence_it_cannot_see():
    """QMP lists only options with property lists: against a tree, nothing it lacks is removed."""
    qmp = CORPUS / "debian-7.2" / "binary" / "query-command-line-options.json"
    result = run_qdoc("diff", str(QEMU / "6.2.0"), str(qmp), "--format", "json", "--new-release", "7.2.0")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["removed"] == [] and any("nothing is listed as removed" in n for n in data["notes"])


def test_without_a_removal_list_a_removal_is_not_called_unannounced():
    page = CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html"
    man = CORPUS / "debian-7.2" / "man" / "qemu-system.1"
    plain = run_qdoc("diff", str(page), str(man), "--format", "json")
    data = json.loads(plain.stdout)
    assert data["removal_list"] is False and all(e["announced"] is None for e in data["removed"])
    assert "NOT announced" not in run_qdoc("diff", str(page), str(man)).stdout
    given = run_qdoc("diff", str(page), str(man), "--format", "json", "--records", str(QEMU / "7.2.0" / "docs" / "about"))
    assert given.returncode == 0, given.stderr
    data = json.loads(given.stdout)
    lines = (QEMU / "7.2.0" / "docs" / "about" / "removed-features.rst").read_text().split("\n")
    assert data["removal_list"] is True and data["removed"]
    for entry in data["removed"]:
        assert entry["announced"] is True
        assert f"``{entry['key']}``" in lines[entry["removal_record"]["line"] - 1].replace("``--", "``-")


def test_release_notes_name_releases_and_say_what_to_use_instead():
    """Markdown and rST: headings name the releases, not paths; a "use instead" column; no empty cell."""
    from docutils.core import publish_doctree as parse_rst
    from markdown_it import MarkdownIt

    old, new = str(QEMU / "7.2.0"), str(QEMU / "8.2.0")
    markdown = run_qdoc("diff", old, new, "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Command-line changes from QEMU 7.2.0 to QEMU 8.2.0"
    assert not any("/" in h and "corpus" in h for h in headings)
    cells = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type in ("td_open", "th_open")]
    assert "use instead" in cells and all(c.strip() for c in cells)
    rst = run_qdoc("diff", old, new, "--format", "rst").stdout
    document = parse_rst(rst, settings_overrides=SETTINGS)
    assert document.next_node(nodes.title).astext() == "Command-line changes from QEMU 7.2.0 to QEMU 8.2.0"
    assert not list(document.findall(nodes.system_message)) and not list(document.findall(nodes.comment))
    entries = list(document.findall(nodes.entry))
    assert entries and all(entry.astext().strip() for entry in entries)
    headers = [e.astext() for e in document.findall(nodes.entry) if isinstance(e.parent.parent, nodes.thead)]
    assert "use instead" in headers
    # The replacement the removed-features entry gives is in the row of what it replaces.
    row = next(r for r in document.findall(nodes.row) if r.astext().startswith("-spice/password"))
    assert "password-secret" in row.astext()
