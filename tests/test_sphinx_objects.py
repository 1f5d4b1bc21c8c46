"""The ``qemu`` domain's objects on QEMU's real pages: every documented option, stable ids, links that resolve.

Built with the shared build of 10.2.0's (and 7.2.0's) qemu-manpage.rst and
invocation.rst (tests/sphinx_qemu_build.py).  What should be there is
computed here from the .hx with docutils alone (the SRST blocks as hxtool
hands them over: conftest.srst_text), never from qdoc's reader; what is there
is read from objects.inv (Sphinx's own reader) and the built HTML (lxml).
"""

from __future__ import annotations

import functools
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from conftest import QEMU, srst_text
from sphinx_qemu_build import at_once, build_qemu_docs, inventory, sphinx

# -- the independent scan: SRST definition lists of a qemu-options.hx ---------------------


def _inside_definition(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.definition):
            return True
        parent = parent.parent
    return False


def _term(item: nodes.definition_list_item) -> str:
    term = item.next_node(nodes.term)
    return " ".join(term.astext().split()) if term is not None else ""


@lru_cache(maxsize=None)
def hx_items(release: str) -> tuple[tuple[str, str, tuple], ...]:
    """(option, top-level term, nested terms) per top-level item, each nested term (term, its nested terms)."""
    text = srst_text((QEMU / release / "qemu-options.hx").read_text(encoding="utf-8"))
    doc = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5, "raw_enabled": False,
                                                    "file_insertion_enabled": False})

    def nested(definition: nodes.definition) -> tuple:
        found = []
        for child in definition.children:
            if isinstance(child, nodes.definition_list):
                for item in child.children:
                    body = item.next_node(nodes.definition)
                    found.append((_term(item), nested(body) if body is not None else ()))
        return tuple(found)

    items = []
    for deflist in doc.findall(nodes.definition_list):
        if _inside_definition(deflist):
            continue
        for item in deflist.children:
            term = _term(item)
            body = item.next_node(nodes.definition)
            # A top-level term without a flag continues the option before it
            # (10.2.0's DEF("M") documents ``sgx-epc.0.memdev=...`` alone).
            option = term.split()[0] if term.startswith("-") else ""
            items.append((option, term, nested(body) if body is not None else ()))
    return tuple(items)


def canonical(option: str) -> str:
    return option[1:] if option.startswith("--") else option


def documented_options(release: str) -> set[str]:
    return {canonical(option) for option, _, _ in hx_items(release) if option}


def def_names(release: str) -> set[str]:
    """The options of the DEF lines (a plain scan)."""
    return {"-" + name for name in re.findall(r'^DEF\("([^"]+)"', (QEMU / release / "qemu-options.hx").read_text(), re.M)}


def options_with_forms(release: str) -> set[str]:
    """Options QEMU documents with several items, each a form (``-netdev user,...``, ``-netdev tap,...``)."""
    counts: dict[str, int] = {}
    for option, _, _ in hx_items(release):
        if option:
            counts[canonical(option)] = counts.get(canonical(option), 0) + 1
    return {option for option, count in counts.items() if count > 1}


_TOKEN_END = "=,[:|."


def term_tokens(release: str) -> set[str]:
    """Every word a term starts with, as a user types it: ``user`` of ``-netdev user,id=...``, ``hostfwd`` of ``hostfwd=...``.

    A term whose first word is followed by a space (``Valid options for any
    block driver node:``, ``TCP options: port=...``) is a heading, not a
    name: it gives no token.  ``in|out.voices=`` gives ``in.voices`` and
    ``out.voices``; ``type=0`` of ``-smbios type=0,...`` is a word too.
    """
    tokens: set[str] = set()

    def add(term: str, option: str | None) -> None:
        if option and term.startswith(option + " "):
            term = term[len(option) + 1:]
        term = term.lstrip("[")
        if ";" in term and re.fullmatch(r"[\w.-]+=[^;]*(;\s*[\w.-]+=[^;]*)+", term):
            for part in term.split(";"):  # ``ipv4=on|off``; \ ``ipv6=on|off``: a term listing several keys
                add(part.strip(), None)
            return
        m = re.match(r"(in\|out)\.([\w-]+)", term)
        if m:
            tokens.update({f"in.{m.group(2)}", f"out.{m.group(2)}"})
            return
        tokens.update(re.findall(r"[\[,]([\w.-]+)=", term))  # the keys a synopsis lists: ``[,nodelay=on|off]``
        m = re.match(r"([^\s=,\[:|]+)(=[\w.-]+)?", term)
        if not m or term[len(m.group(1)):][:1].isspace():
            return
        tokens.add(m.group(1))
        tokens.add(m.group(0))  # a form chosen by a value: ``type=0`` of ``-smbios type=0,...``

    def walk(entries: tuple, option: str) -> None:
        for term, children in entries:
            add(term, option)
            walk(children, option)

    for option, term, children in hx_items(release):
        add(term, option)
        walk(children, option)
    return tokens


# -- the builds -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The shared build (HTML, lint off) of 7.2.0 and 10.2.0, the two run at once."""
    releases = ("7.2.0", "10.2.0")
    done = at_once(*(functools.partial(build_qemu_docs, tmp_path_factory.mktemp(f"objects-{release}"), release, args=("-q",))
                     for release in releases))
    found = {}
    for release, build in zip(releases, done):
        assert build.process.returncode == 0, build.process.stderr
        found[release] = build.out
    return found


def option_objects(out: Path) -> dict[str, tuple[str, str]]:
    found = inventory(out)
    return {**found.get("qemu:option", {}), **found.get("qemu:suboption", {})}


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_every_documented_option_is_an_object(builds, release):
    """Each option an SRST term documents, those documented only by forms too (-netdev, -chardev, -device...)."""
    options = set(inventory(builds[release])["qemu:option"])
    documented = documented_options(release)
    assert len(documented) > 100
    assert sorted(documented - options) == []
    assert {"-netdev", "-chardev", "-device", "-nic", "-audiodev", "-initrd", "-incoming"} <= options
    # Ids Sphinx itself would make: a letter, then letters, digits, ``.``, ``_`` and single hyphens.
    anchors = [uri.split("#", 1)[1] for uri, _ in option_objects(builds[release]).values()]
    assert [a for a in anchors if not re.fullmatch(r"qemu-option-[A-Za-z0-9._]+(-[A-Za-z0-9._]+)*", a)] == []


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_object_names_are_words_of_the_terms(builds, release):
    """Every word of every object's name starts a term of the .hx as a user types it.

    No heading (``-blockdev Valid``, ``-chardev socket TCP``), no quoted
    example (``-initrd "file1 arg=foo,file2"``), no ``<channel>``.
    """
    tokens = term_tokens(release)
    options = documented_options(release) | def_names(release)
    wrong = []
    for name in option_objects(builds[release]):
        option, *words = name.split(" ")
        if option not in options:
            wrong.append(name)
        wrong.extend(f"{name} ({word})" for word in words if word not in tokens)
    assert wrong == []


def term_word(text: str) -> str:
    """The word a term is known by: ``hostfwd`` of ``hostfwd=...``, ``memory-backend-file`` of ``-object memory-backend-file,...``."""
    text = text.strip()
    if text.startswith("-") and " " in text:
        text = text.split(" ", 1)[1]
    m = re.match(r"(in\|out\.)?[^\s=,\[:|]+", text.lstrip("["))
    return m.group(0) if m else ""


def dt_ids(page: Path) -> dict[tuple[str, ...], set[str]]:
    """(option, form or "", nested term words...) -> the ids of that ``<dt>`` in a built page, by lxml.

    An option documented by several items is identified by the word after
    it (its form: ``-netdev user``); a nested term by its first word.
    """
    from lxml import html

    root = html.parse(str(page)).getroot()
    found: dict[tuple[str, ...], set[str]] = {}

    def ids_of(dt) -> set[str]:
        return {i for i in [dt.get("id"), *dt.xpath("./span/@id")] if i}

    first_word = term_word

    def walk(dl, path: tuple[str, ...]) -> None:
        for dt in dl.xpath("./dt"):
            text = " ".join(dt.text_content().split())
            here = (*path, first_word(text))
            found.setdefault(here, set()).update(ids_of(dt))
            dd = dt.getnext()
            if dd is not None and dd.tag == "dd":
                for inner in dd.xpath("./dl"):
                    walk(inner, here)

    for dl in root.xpath("//dl[not(ancestor::dd)]"):
        for dt in dl.xpath("./dt"):
            text = " ".join(dt.text_content().split())
            if not text.startswith("-"):
                continue
            words = text.split(" ", 1)
            form = first_word(words[1]) if len(words) > 1 else ""
            here = (canonical(words[0]), form)
            found.setdefault(here, set()).update(ids_of(dt))
            dd = dt.getnext()
            if dd is not None and dd.tag == "dd":
                for inner in dd.xpath("./dl"):
                    walk(inner, here)
    return found


def hx_suboptions(release: str) -> set[tuple[str, ...]]:
    """(option, form or "", nested words...) of every nested term of the .hx (the independent scan)."""
    found: set[tuple[str, ...]] = set()

    first_word = term_word

    def walk(entries: tuple, path: tuple[str, ...]) -> None:
        for term, children in entries:
            here = (*path, first_word(term))
            found.add(here)
            walk(children, here)

    for option, term, children in hx_items(release):
        if not option:
            continue
        words = term.split(" ", 1)
        form = first_word(words[1]) if len(words) > 1 else ""
        walk(children, (canonical(option), form))
    return found


def test_suboption_ids_are_stable_across_releases(builds):
    """A sub-option in both 7.2.0 and 10.2.0 (``-netdev user``'s ``id=``) has the same anchor in both.

    Before ids came from keys, ``qemu-option-netdev-id`` was the ``id=`` of
    whichever backend came first: ``user`` in 7.2.0, ``passt`` in 10.2.0.
    """
    old, new = (dt_ids(builds[r] / "system" / "invocation.html") for r in ("7.2.0", "10.2.0"))
    both = hx_suboptions("7.2.0") & hx_suboptions("10.2.0")
    assert len(both) > 250
    # Terms the HTML shows once per release (the scan's identity is not ambiguous there).
    compared = [path for path in sorted(both) if path in old and path in new]
    assert len(compared) > 0.9 * len(both)
    qemu_ids = {path: ({i for i in old[path] if i.startswith("qemu-option-")}, {i for i in new[path] if i.startswith("qemu-option-")})
                for path in compared}
    with_ids = [path for path, (a, b) in qemu_ids.items() if a and b]
    assert len(with_ids) > 0.9 * len(compared)
    assert {path: ids for path, ids in qemu_ids.items() if ids[0] != ids[1]} == {}
    assert qemu_ids[("-netdev", "user", "id")] == ({"qemu-option-netdev-user-id"},) * 2


# -- cross-references -----------------------------------------------------------------------


def reference_project(tmp: Path, release: str, text: str, hx_files: tuple[str, ...] = ("qemu-options.hx",)) -> Path:
    """A tree shaped like QEMU's (the .hx at the top, docs/ below) whose docs/index.rst holds ``text``.

    docs/system/options.rst renders ``hx_files`` with ``hxtool-doc``, as
    QEMU's pages do (qemu-options.hx's ``.. include:: ../qemu-option-trace.rst.inc``
    is read from docs/).  The files are copied from the corpus into ``tmp``.
    Returns the docs folder (source and configuration folder).
    """
    tree = tmp / "tree"
    (tree / "docs" / "system").mkdir(parents=True)
    for name in hx_files:
        shutil.copyfile(QEMU / release / name, tree / name)
    for name in ("qemu-option-trace.rst.inc", "defs.rst.inc"):
        shutil.copyfile(QEMU / release / "docs" / name, tree / "docs" / name)
    docs = tree / "docs"
    (docs / "conf.py").write_text(
        "extensions = ['qdoc.sphinx']\nqdoc_lint = False\nrst_epilog = open('defs.rst.inc').read()\n"
        "exclude_patterns = ['*.inc']\n"
        "suppress_warnings = ['ref.ref']\n"  # the .hx's links to pages this project leaves out
    )
    (docs / "index.rst").write_text(f"References\n==========\n\n{text}\n\n.. toctree::\n\n   system/options\n")
    (docs / "system" / "options.rst").write_text(
        "Options\n=======\n\n" + "".join(f".. hxtool-doc:: {name}\n\n" for name in hx_files))
    return docs


def test_references_to_every_form_bearing_option_resolve(tmp_path):
    """``:qemu:option:`-netdev``` links to the first -netdev item, for every option documented by forms only."""
    from lxml import html

    release = "10.2.0"
    wanted = sorted(options_with_forms(release))
    assert {"-netdev", "-chardev", "-device", "-nic", "-audiodev", "-initrd", "-incoming"} <= set(wanted)
    lines = [f"* :qemu:option:`{option}`" for option in wanted]
    src = reference_project(tmp_path, release, "\n".join(lines))
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", str(src), str(tmp_path / "html"))
    assert result.returncode == 0, result.stderr
    index = html.parse(str(tmp_path / "html" / "index.html")).getroot()
    page = html.parse(str(tmp_path / "html" / "system" / "options.html")).getroot()
    links = {" ".join(a.text_content().split()): a.get("href") for a in index.xpath("//a[code[contains(@class, 'qemu')]]")}
    assert sorted(links) == wanted
    first_terms = {}
    for option, term, _ in hx_items(release):
        first_terms.setdefault(canonical(option), term)
    for option, href in links.items():
        assert href.startswith("system/options.html#"), (option, href)
        target = page.xpath(f"//*[@id='{href.split('#', 1)[1]}']")
        assert target, (option, href)
        dt = target[0] if target[0].tag == "dt" else target[0].getparent()
        assert " ".join(dt.text_content().split()) == first_terms[option]


def test_an_unresolved_reference_warns_at_its_line(tmp_path):
    """Only the references naming nothing warn, each at its line; a sub-option of a form is named by its words or its key."""
    text = ("Known: :qemu:option:`-machine accel`.\n\nForm: :qemu:option:`-netdev user hostfwd`.\n\n"
            "Key: :qemu:option:`-netdev/user/hostfwd`.\n\n"
            "Unknown: :qemu:option:`-no-such-option`.\n\nCommand: :qemu:command:`no-such-command`.")
    src = reference_project(tmp_path, "10.2.0", text)
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", str(src), str(tmp_path / "html"))
    assert result.returncode != 0
    index = src / "index.rst"
    lines = index.read_text().split("\n")
    unknown = next(n for n, line in enumerate(lines, 1) if "-no-such-option" in line)
    command = next(n for n, line in enumerate(lines, 1) if "no-such-command" in line)
    warned = re.findall(r"^(\S+):(\d+): WARNING: (.*)$", result.stderr, re.M)
    assert [(path, int(line)) for path, line, _ in warned] == [(str(index), unknown), (str(index), command)], result.stderr
    assert "-no-such-option" in warned[0][2] and "no-such-command" in warned[1][2]


# -- the monitor's commands -------------------------------------------------------------------


def hmp_names(hx: Path) -> set[str]:
    """The ``.name`` of every command an hmp-commands*.hx table defines, by a plain scan."""
    return set(re.findall(r'^\s*\.name\s*=\s*"([^"]+)"', hx.read_text(), re.M))


def test_monitor_commands_are_commands_not_options(tmp_path):
    """hmp-commands*.hx on the page with the options: ``qemu:command`` objects, ``qemu-command-`` ids, their own index."""
    release = "10.2.0"
    src = reference_project(tmp_path, release, ":qemu:command:`info block` and :qemu:option:`-machine`",
                            ("qemu-options.hx", "hmp-commands.hx", "hmp-commands-info.hx"))
    result = sphinx("-E", "-q", "-W", "--keep-going", "-b", "html", str(src), str(tmp_path / "html"))
    assert result.returncode == 0, result.stderr
    found = inventory(tmp_path / "html")
    commands = {**found["qemu:command"], **found.get("qemu:command-argument", {})}
    options = {**found["qemu:option"], **found["qemu:suboption"]}
    info = {f"info {name}" for name in hmp_names(QEMU / release / "hmp-commands-info.hx")}
    assert info <= set(found["qemu:command"])
    assert not {name for name in options if not name.startswith("-")}
    assert all(uri.split("#")[1].startswith("qemu-command-") for uri, _ in commands.values())
    assert all(uri.split("#")[1].startswith("qemu-option-") for uri, _ in options.values())
    assert found["qemu:command"]["info block"][0] == "system/options.html#qemu-command-info-block"
    index = (tmp_path / "html" / "qemu-commandindex.html").read_text()
    assert "info block" in index and "-machine" not in index
    assert "info block" not in (tmp_path / "html" / "qemu-optionindex.html").read_text()
