"""The ``qemu`` domain's object names, ids, index and references, built IN-PROCESS.

The other Sphinx tests run ``sphinx-build`` as a subprocess; these build
small projects with :class:`sphinx.application.Sphinx` in this process (so
a mutation run sees which test reaches qdoc/sphinx/objects.py and
domain.py) and call the functions directly.  What should be there is
computed here from the files themselves (the ``.hx`` DEF and SRST lines by
regular expressions, the hmp tables' ``.name`` lines, QEMU's documented id
shape ``qemu-option-netdev-user-hostfwd``), never copied from qdoc's output;
what is there is read back with Sphinx's own readers (objects.inv) and lxml.

A build is a module fixture, and a mutation run credits what a fixture calls
to the first test that uses it only; so each build has ONE test that checks
everything the build decides (its objects, ids, links, warnings), as named
checks in turn, and the other tests call the domain's methods themselves.
The real build renders a slice of 10.2.0's qemu-options.hx (the DEF blocks of
:data:`KEPT_DEFS`, cut at the DEF lines, headings kept) to stay fast.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from conftest import QEMU

from qdoc import keys
from qdoc.loader import load
from qdoc.sphinx import domain as qdomain
from qdoc.sphinx import objects as qobjects

RELEASE = "10.2.0"
HERE = Path(__file__).resolve().parent
SMALL = HERE / "sphinx_projects" / "small"


def build(src: Path, out: Path, **overrides) -> tuple[Sphinx, str]:
    """An HTML build of ``src`` in this process: the application and the warnings it wrote."""
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None,
                     warning=warnings, freshenv=True, confoverrides={"qdoc_lint": False, **overrides})
        app.build()
    return app, warnings.getvalue()


def warned(text: str) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every warning of a build."""
    return [(Path(path).name, int(line), message)
            for path, line, message in re.findall(r"^(\S+?):(\d+): WARNING: (.*)$", text, re.M)]


def inventory(out: Path) -> dict[str, dict[str, str]]:
    """objects.inv read by Sphinx: ``domain:type`` -> name -> uri."""
    from sphinx.util.inventory import InventoryFile

    with open(out / "html" / "objects.inv", "rb") as handle:
        found = InventoryFile.load(handle, "", lambda base, uri: uri)
    return {kind: {name: (item.uri if hasattr(item, "uri") else item[2]) for name, item in entries.items()}
            for kind, entries in found.items()}


def links(page: Path) -> dict[str, list[str]]:
    """Each linked text of a built page's body -> the hrefs it links to, by lxml."""
    from lxml import html

    found: dict[str, list[str]] = {}
    for a in html.parse(str(page)).getroot().xpath("//*[@role='main']//a[@href]"):
        found.setdefault(" ".join(a.text_content().split()), []).append(a.get("href"))
    return found


# -- independent scans of QEMU's files ----------------------------------------------------------


#: The DEFs of 10.2.0's qemu-options.hx the real build renders: forms (-netdev, -chardev, -smbios
#: type=N), headings over sub-options (-blockdev), aliases (-h, --preconfig), ids told apart by
#: case only (-S/-s, -d/-D), an option documented by property items only (-M), an include (-trace);
#: -netdev, -nic and -net are documented together after the last of the three DEFs.
KEPT_DEFS = {"help", "machine", "M", "blockdev", "snapshot", "smbios", "netdev", "nic", "net", "chardev", "append", "initrd",
             "preconfig", "S", "s", "d", "D", "trace"}


def sliced(hx: str, keep: set[str]) -> str:
    """The .hx with only the DEF blocks of ``keep`` (each block from its DEF line to the next DEF or heading)."""
    chunks: list[list[str]] = [[]]
    for line in hx.split("\n"):
        if re.match(r"(DEF|DEFHEADING|ARCHHEADING)\(", line):
            chunks.append([])
        chunks[-1].append(line)
    kept = [chunk for chunk in chunks
            if not (m := re.match(r'DEF\("([^"]+)"', chunk[0] if chunk else "")) or m.group(1) in keep]
    return "\n".join(line for chunk in kept for line in chunk)


def hx_text(name: str) -> str:
    """A file of the tree the real build renders: qemu-options.hx sliced, hmp-commands-info.hx to ``info sync-profile``'s end."""
    text = (QEMU / RELEASE / name).read_text(encoding="utf-8")
    if name == "qemu-options.hx":
        return sliced(text, KEPT_DEFS)
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("``info sync-profile"))
    return "\n".join(lines[:lines.index("ERST", start) + 1]) + "\n"


def srst_top_terms(hx: str) -> list[tuple[int, str]]:
    """(line, text) of every unindented ````-option ...```` term line of an .hx's SRST blocks (a plain scan)."""
    found, inside = [], False
    for number, line in enumerate(hx.split("\n"), 1):
        if line.startswith("SRST"):
            inside = True
        elif line.startswith("ERST"):
            inside = False
        elif inside and (m := re.match(r"``(-[^`]*)``\s*$", line)):
            found.append((number, m.group(1)))
    return found


def def_headings(hx: str) -> list[str]:
    """The non-empty ``DEFHEADING(...)`` and ``ARCHHEADING(..., ARCH)`` titles, without their colon."""
    titles = re.findall(r"^DEFHEADING\((.*)\)\s*$", hx, re.M) + re.findall(r"^ARCHHEADING\((.*),[^,]*\)\s*$", hx, re.M)
    return [m.strip().rstrip(":") for m in titles if m.strip()]


def hmp_names(hx: str) -> list[str]:
    """The ``.name`` of every command of an hmp-commands*.hx table."""
    return re.findall(r'^\s*\.name\s*=\s*"([^"]+)"', hx, re.M)


def anchor(prefix: str, *words: str) -> str:
    """QEMU's documented id shape: the prefix, then the words without their leading dashes, joined by ``-``."""
    return "-".join([prefix, *(re.sub(r"[^A-Za-z0-9.]+", "-", w).strip("-") for w in words)])


# -- the build of QEMU's real option and monitor tables ----------------------------------------

REFERENCES = """\
References
==========

Known: :qemu:option:`-machine accel`.

Key: :qemu:option:`-netdev/user/hostfwd`.

Words: :qemu:option:`-netdev user hostfwd`.

Formless: :qemu:option:`-netdev hostfwd`.

Ambiguous: :qemu:option:`-netdev id`.

Alias: :qemu:option:`--preconfig`.

Short: :qemu:option:`-h`.

Unknown: :qemu:option:`-no-such-option`.

Wrong kind option: :qemu:option:`info block`.

Command: :qemu:command:`info block`.

Wrong kind command: :qemu:command:`-machine`.

Unknown command: :qemu:command:`no-such-command`.

Any option: :any:`-machine accel`.

Any command: :any:`info block`.

Std: :option:`-trace help`.

Std sub-option: :option:`-machine accel`.

Std equals: :option:`-machine=foo`.

.. toctree::

   system/options
"""

PROGRAM = """\
Elsewhere
=========

.. program:: other-tool

Std under program: :option:`-machine`.
"""


HX_FILES = ("qemu-options.hx", "hmp-commands-info.hx")


@pytest.fixture(scope="module")
def qemu_site(tmp_path_factory):
    """A tree shaped like QEMU's: qemu-options.hx and the monitor's tables rendered by ``hxtool-doc``."""
    tmp = tmp_path_factory.mktemp("ids")
    tree = tmp / "tree"
    docs = tree / "docs"
    (docs / "system").mkdir(parents=True)
    for name in HX_FILES:
        (tree / name).write_text(hx_text(name), encoding="utf-8")
    for name in ("qemu-option-trace.rst.inc", "defs.rst.inc"):
        shutil.copyfile(QEMU / RELEASE / "docs" / name, docs / name)
    (docs / "conf.py").write_text(
        "extensions = ['qdoc.sphinx']\nrst_epilog = open('defs.rst.inc').read()\n"
        "exclude_patterns = ['*.inc']\nsuppress_warnings = ['ref.ref']\n")
    (docs / "index.rst").write_text(REFERENCES + "   elsewhere\n")
    (docs / "elsewhere.rst").write_text(PROGRAM)
    (docs / "system" / "options.rst").write_text(
        "Options\n=======\n\n" + "".join(f".. hxtool-doc:: {name}\n\n" for name in HX_FILES))
    app, warnings = build(docs, tmp)
    return app, warnings, tmp, docs


def test_real_options_and_commands_are_objects_with_key_ids_and_links(qemu_site):
    """What the build of QEMU's real tables decides, each check named after what it pins (see the module's docstring)."""
    every_srst_option_term_is_an_option_object_at_its_words(qemu_site)
    suboption_and_form_ids_are_their_key_words(qemu_site)
    spellings_of_one_option_are_one_object(qemu_site)
    monitor_commands_are_command_objects_typed_as_at_the_prompt(qemu_site)
    references_resolve_by_name_key_alias_and_unique_form(qemu_site)
    a_reference_naming_nothing_of_its_kind_warns_at_its_line(qemu_site)
    std_option_under_a_program_is_left_to_the_std_domain(qemu_site)
    terms_carry_the_readers_split_and_only_names_get_ids(qemu_site)


def terms_carry_the_readers_split_and_only_names_get_ids(qemu_site):
    """Each matched term says what the reader split off (for the man builder); headings and examples get no id.

    An option's term starts with the option (``-d item1[,...]``: ``-d``); a form's
    term too, and its first bare word names a kind (``-chardev null,id=id``); a
    sub-option's term is all arguments; an ``info`` command is named with its
    ``info``.  ``-S`` and ``-s`` keep their case in their ids.
    """
    app = qemu_site[0]
    terms = {" ".join(t.astext().split()): t for t in app.env.get_doctree("system/options").findall(nodes.term)}
    hx = hx_text("qemu-options.hx")
    top = [term for _, term in srst_top_terms(hx)]
    forms = [term for term in top if sum(t.split()[0] == term.split()[0] for t in top) > 1]
    assert len(forms) > 10
    for term in forms:
        if term.split()[1].startswith('"'):
            continue
        assert terms[term][qobjects.SYNOPSIS_ATTRIBUTE] == term.split()[0], term
        assert terms[term].get(qobjects.LITERAL_FIRST_ATTRIBUTE) is True, term
    for term in ("-snapshot", "-d item1[,...]", "-S", "-s"):
        assert term in top
        assert terms[term][qobjects.SYNOPSIS_ATTRIBUTE] == term.split()[0]
        assert qobjects.LITERAL_FIRST_ATTRIBUTE not in terms[term]
    assert terms["-S"]["ids"] == ["qemu-option-S"] and terms["-s"]["ids"] == ["qemu-option-s"]
    assert re.search(r"^        ``accel=accels1\[:accels2\[:...\]\]``$", hx, re.M) or "``accel=" in hx
    assert terms["accel=accels1[:accels2[:...]]"][qobjects.SYNOPSIS_ATTRIBUTE] == ""
    # A heading over properties and a quoted example name nothing a user types.
    for heading in ("Valid options for any block driver node:", "Driver-specific options for file"):
        assert f"``{heading}``" in hx
        assert terms[heading]["ids"] == [], heading
    example = next(term for term in top if term.startswith('-initrd "'))
    assert terms[example]["ids"] == []
    assert terms["node-name"]["ids"] == ["qemu-option-blockdev-Valid-node-name"]
    found = inventory(qemu_site[2])
    assert found["qemu:suboption"]["-blockdev node-name"].endswith("#qemu-option-blockdev-Valid-node-name")
    assert not [name for name in found["qemu:suboption"] if " Valid" in name or '"' in name]
    # ``TCP options: port=...`` names each property it lists, under the form.
    tcp = next(t for text, t in terms.items() if text.startswith("TCP options: port=port"))
    assert {"qemu-option-chardev-socket-port", "qemu-option-chardev-socket-host"} <= set(tcp["ids"])
    # A term listing one key twice (``guestfwd=...-dev``; \ ``guestfwd=...-cmd:command``) is one target.
    twice = next(text for text, _ in terms.items() if text.startswith("guestfwd=") and text.count("guestfwd=") == 2)
    assert re.search(r"^\s+``guestfwd=[^`]*``; \\ ``guestfwd=", hx, re.M)
    assert terms[twice]["ids"] == ["qemu-option-netdev-user-guestfwd"]
    info = hmp_names(hx_text("hmp-commands-info.hx"))
    assert terms["info block"][qobjects.SYNOPSIS_ATTRIBUTE] == "info block" and "block" in info


def every_srst_option_term_is_an_option_object_at_its_words(qemu_site):
    """Each option an SRST term documents is a ``qemu:option`` whose anchor is ``qemu-option-`` and its name."""
    _, _, out, _ = qemu_site
    options = inventory(out)["qemu:option"]
    terms = srst_top_terms(hx_text("qemu-options.hx"))
    documented = {term.split()[0].rstrip(",") for _, term in terms}
    documented = {name[1:] if name.startswith("--") else name for name in documented}
    assert len(documented) >= len(KEPT_DEFS) - 1  # -M has no term of its own
    assert sorted(documented - set(options)) == []
    for name in documented:
        if re.fullmatch(r"-[A-Za-z0-9][A-Za-z0-9-]*", name) and name not in ("-h",):
            assert options[name] == f"system/options.html#{anchor('qemu-option', name)}", name


def suboption_and_form_ids_are_their_key_words(qemu_site):
    """``-netdev user``'s ``hostfwd`` is ``qemu-option-netdev-user-hostfwd``: option, form and sub-option, as QEMU's docs name it."""
    _, _, out, _ = qemu_site
    found = inventory(out)
    subs = found["qemu:suboption"]
    hx = hx_text("qemu-options.hx")
    assert re.search(r"^``-netdev user,", hx, re.M) and re.search(r"^\s+``hostfwd=", hx, re.M)
    assert subs["-netdev user hostfwd"] == "system/options.html#qemu-option-netdev-user-hostfwd"
    assert subs["-netdev user"] == "system/options.html#qemu-option-netdev-user"
    assert subs["-machine accel"] == "system/options.html#qemu-option-machine-accel"
    # A form QEMU tells apart by a value: ``-smbios type=0,...``.
    assert re.search(r"^``-smbios type=0", hx, re.M)
    assert subs["-smbios type=0"] == "system/options.html#qemu-option-smbios-type-0"
    # An option all of whose items are forms is an object at its first item.
    first_netdev = next(term for _, term in srst_top_terms(hx) if term.startswith("-netdev "))
    assert found["qemu:option"]["-netdev"] == "system/options.html#qemu-option-netdev"
    app = qemu_site[0]
    assert app.env.get_domain("qemu").objects["-netdev"]["system/options"].synopsis == first_netdev


def spellings_of_one_option_are_one_object(qemu_site):
    """``-h`` is ``-help`` (one anchor); ``--preconfig`` is the object ``-preconfig``."""
    _, _, out, _ = qemu_site
    options = inventory(out)["qemu:option"]
    hx = hx_text("qemu-options.hx")
    assert re.search(r"^``-h``$", hx, re.M) and re.search(r"^``--preconfig``$", hx, re.M)
    assert options["-h"] == options["-help"] == "system/options.html#qemu-option-help"
    assert options["-preconfig"] == "system/options.html#qemu-option-preconfig"
    assert "--preconfig" not in options


def monitor_commands_are_command_objects_typed_as_at_the_prompt(qemu_site):
    """hmp-commands-info.hx's commands are ``info NAME`` with ``qemu-command-info-NAME`` ids; options stay options."""
    _, _, out, _ = qemu_site
    found = inventory(out)
    commands = found["qemu:command"]
    info = [f"info {name}" for name in hmp_names(hx_text("hmp-commands-info.hx"))]
    assert len(info) > 15 and "info sync-profile" in info
    assert sorted(set(info) - set(commands)) == []
    assert commands["info block"] == "system/options.html#qemu-command-info-block"
    assert "network" not in commands and commands["info network"] == "system/options.html#qemu-command-info-network"
    assert {uri.split("#")[1].split("-")[1] for uri in commands.values()} == {"command"}
    assert not [name for name in {**found["qemu:option"], **found["qemu:suboption"]} if not name.startswith("-")]
    arguments = found.get("qemu:command-argument", {})
    assert arguments and all(uri.split("#")[1].startswith("qemu-command-") for uri in arguments.values())
    assert all(uri.split("#")[1].startswith("qemu-option-") for uri in found["qemu:suboption"].values())


def references_resolve_by_name_key_alias_and_unique_form(qemu_site):
    """The roles link to the object by its words, its key, its alias, or a sub-option named without its one form."""
    _, _, out, _ = qemu_site
    found = links(out / "html" / "index.html")
    page = "system/options.html#"
    assert found["-machine accel"] == [page + "qemu-option-machine-accel"] * 3  # :qemu:option:, :any: and :option:
    assert found["-netdev/user/hostfwd"] == [page + "qemu-option-netdev-user-hostfwd"]
    assert found["-netdev user hostfwd"] == [page + "qemu-option-netdev-user-hostfwd"]
    assert found["-netdev hostfwd"] == [page + "qemu-option-netdev-user-hostfwd"]
    assert found["--preconfig"] == [page + "qemu-option-preconfig"]
    assert found["-h"] == [page + "qemu-option-help"]
    assert found["info block"] == [page + "qemu-command-info-block"] * 2
    # Sphinx's own :option: falls back to the qemu object, the option alone when no sub-option matches.
    assert found["-trace help"] == [page + "qemu-option-trace"]
    assert found["-machine=foo"] == [page + "qemu-option-machine"]


def a_reference_naming_nothing_of_its_kind_warns_at_its_line(qemu_site):
    """Unknown names, an option named by :qemu:command: and the reverse, an ambiguous form-less name: each a warning at its line."""
    _, warnings, _, docs = qemu_site
    lines = (docs / "index.rst").read_text().split("\n")

    def line_of(label: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if text.startswith(label + ":"))

    assert {name for name, _, _ in warned(warnings)} == {"index.rst", "elsewhere.rst"}, warnings
    got = [(name, line) for name, line, message in warned(warnings) if name == "index.rst"]
    expected = [("index.rst", line_of(label)) for label in
                ("Ambiguous", "Unknown", "Wrong kind option", "Wrong kind command", "Unknown command")]
    assert got == expected, warnings
    messages = [message for name, _, message in warned(warnings) if name == "index.rst"]
    assert "no QEMU option or sub-option named '-netdev id'" in messages[0]
    assert "no QEMU monitor command named 'no-such-command'" in messages[4]
    assert "no QEMU monitor command named '-machine'" in messages[3]


def std_option_under_a_program_is_left_to_the_std_domain(qemu_site):
    """Under ``.. program::`` Sphinx's :option: names that program's option: not linked to the emulator's ``-machine``."""
    _, warnings, out, _ = qemu_site
    found = links(out / "html" / "elsewhere.html")
    assert "-machine" not in found
    assert [m for name, _, m in warned(warnings) if name == "elsewhere.rst"] != []


def test_option_index_groups_options_by_the_hx_headings(qemu_site):
    """The option index: one group per DEFHEADING that documents options, sub-options under their option."""
    app, _, _, _ = qemu_site
    domain = app.env.get_domain("qemu")
    content, collapse = qdomain.QemuOptionIndex(domain).generate()
    assert collapse is True
    sections = [section for section, _ in content]
    headings = def_headings(hx_text("qemu-options.hx"))
    assert set(sections) <= set(headings) | {"Other options"}
    assert sections == sorted(sections, key=lambda s: (s == "Other options", s.lower()))
    rows = dict(content)
    standard = rows["Standard options"]
    names = [row.name for row in standard]
    machine = names.index("-machine")
    assert standard[machine].subtype == 1  # it has sub-options listed under it
    assert standard[machine].anchor == "qemu-option-machine"
    assert standard[machine].docname == "system/options"
    assert "accel" in names and standard[names.index("accel")].subtype == 2
    assert standard[names.index("accel")].descr.startswith("accel=")
    boot = rows["Boot Image or Kernel specific"]
    assert [row.subtype for row in boot if row.name == "-append"] == [0]  # nothing under it
    tops = [row.name for row in standard if row.subtype != 2]
    assert tops == sorted(tops, key=lambda n: n.lstrip("-").lower())
    assert all(row.docname == "system/options" for _, rows_ in content for row in rows_)
    assert qdomain.QemuOptionIndex(domain).generate(["index"]) == ([], True)


def test_command_index_lists_the_monitor_commands_only(qemu_site):
    app, _, _, _ = qemu_site
    domain = app.env.get_domain("qemu")
    content, _ = qdomain.QemuCommandIndex(domain).generate()
    tops = {row.name for _, rows in content for row in rows if row.subtype != 2}
    assert "info block" in tops and not any(name.startswith("-") for name in tops)
    arguments = sorted(row.name for _, rows in content for row in rows if row.subtype == 2)
    expected = sorted(name.split(" ", 1)[1] for name, per_doc in domain.objects.items()
                      if next(iter(per_doc.values())).objtype == "command-argument")
    assert arguments == expected and len(arguments) > 1
    assert [section for section, _ in content][-1] == "Other commands"


# -- direct calls -------------------------------------------------------------------------------


def test_object_key_names_the_option_by_its_canonical_spelling():
    assert qdomain.object_key("--preconfig") == "-preconfig"
    assert qdomain.object_key("-machine   accel") == "-machine accel"
    assert qdomain.object_key("-netdev/user/hostfwd") == "-netdev user hostfwd"
    assert qdomain.object_key("info block") == "info block"
    assert qdomain.object_key("a/b") == "a/b"  # a command's word is no key
    assert qdomain.object_key("   ") == ""


def fresh_document() -> nodes.document:
    return new_document("<test>", get_default_settings(Parser))


def test_object_id_adds_a_hash_of_the_key_when_the_plain_id_is_taken():
    """Two keys an id cannot tell apart get the plain id and one with the key's own short hash, whatever the order."""
    document = fresh_document()
    first = qdomain.object_id(None, document, "option", "-foo/a_b")
    assert first == "qemu-option-foo-a_b"
    document.ids[first] = document
    digest = hashlib.sha1("-foo/a_b".encode()).hexdigest()[:8]
    assert qdomain.object_id(None, document, "option", "-foo/a_b") == f"qemu-option-foo-a_b-{digest}"
    assert qdomain.object_id(None, fresh_document(), "command", "info block") == "qemu-command-info-block"


def test_object_id_of_a_key_with_no_id_characters_is_the_keys_hash():
    """``qemu-option`` alone would name no object: a key of no id characters gets its short hash."""
    digest = hashlib.sha1("!!!".encode()).hexdigest()[:8]
    assert qdomain.object_id(None, fresh_document(), "option", "!!!") == f"qemu-option-{digest}"


def test_object_id_falls_back_to_a_serial_number_when_both_ids_are_taken():
    env = SimpleNamespace(new_serialno=lambda category="": 7, temp_data={}, docname="x")
    document = fresh_document()
    digest = hashlib.sha1("-foo/a_b".encode()).hexdigest()[:8]
    taken = {"qemu-option-foo-a_b", f"qemu-option-foo-a_b-{digest}"}
    for node_id in taken:
        document.ids[node_id] = document
    made = qdomain.object_id(env, document, "option", "-foo/a_b")
    assert made.startswith("qemu-option") and made not in taken


def test_get_full_qualified_name_is_the_object_key(qemu_site):
    app = qemu_site[0]
    domain = app.env.get_domain("qemu")
    assert domain.get_full_qualified_name(nodes.literal(reftarget="--preconfig")) == "-preconfig"
    assert domain.get_full_qualified_name(nodes.literal()) is None


def test_clear_doc_and_merge_restore_the_objects(qemu_site):
    import copy

    app = qemu_site[0]
    domain = app.env.get_domain("qemu")
    saved = copy.deepcopy(domain.data["objects"])
    try:
        domain.clear_doc("index")
        assert domain.data["objects"] == saved
        domain.clear_doc("system/options")
        assert domain.data["objects"] == {}
        domain.merge_domaindata({"index"}, {"objects": saved})
        assert domain.data["objects"] == {}
        domain.merge_domaindata({"system/options"}, {"objects": saved})
        assert domain.data["objects"] == saved
    finally:
        domain.data["objects"] = saved


def test_object_names_leave_out_headings_and_examples(sliced_models):
    """``-blockdev``'s ``Valid options for any block driver node:`` names nothing; ``driver`` under it is ``-blockdev driver``."""
    model = sliced_models["qemu-options.hx"][0]
    blockdev = next(o for o in model.options if o.name == "-blockdev")
    named = qobjects.object_names(blockdev, "-blockdev")
    by_key = {key_: name for key_, name in named.values()}
    assert by_key["-blockdev"] == "-blockdev"
    headings = [k for k in by_key if k.startswith("-blockdev/Valid")]
    assert by_key[headings[0]] is None
    assert by_key[next(k for k in headings if k.endswith("/driver"))] == "-blockdev driver"
    netdev = next(o for o in model.options if o.name == "-netdev")
    by_key = {key_: name for key_, name in qobjects.object_names(netdev, "-netdev").values()}
    assert by_key["-netdev/user/hostfwd"] == "-netdev user hostfwd"
    assert by_key["-netdev/user"] == "-netdev user"


# -- a small project: one .hx on several pages, hand-written objects ---------------------------

TWICE_HX = """\
HXCOMM Two sections each documenting -foo, as an .hx may (two DEFs, one option).
DEFHEADING(First options:)
DEF("foo", HAS_ARG, QEMU_OPTION_foo,
    "-foo bar=on|off   foo\\n", QEMU_ARCH_ALL)
SRST
``-foo bar=on|off``
    Foo with bar.

    ``bar=on|off``
        Bar.

    ``a@b=on|off``
        Two keys an id cannot tell apart (``@`` is no id character): ...

    ``a-b=on|off``
        ... so the second has its key's hash.
ERST
DEFHEADING()
DEFHEADING(Second options:)
DEF("foo", HAS_ARG, QEMU_OPTION_foo,
    "-foo baz=on|off   foo\\n", QEMU_ARCH_ALL)
SRST
``-foo baz=on|off``
    Foo with baz.
ERST
DEFHEADING()
"""

GROUPS_HX = """\
HXCOMM An option with an alias, and one whose properties are under two headings: two keys, one name.
DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit.
ERST
DEF("grp", HAS_ARG, QEMU_OPTION_grp,
    "-grp [size=n][,count=n]   groups\\n", QEMU_ARCH_ALL)
SRST
``-grp [size=n][,count=n]``
    Properties in groups.

    ``size=n``
        The size.

    ``First options:``
        ``size=n``
            The size, in the first group.

    ``Second options:``
        ``size=n``; \\ ``count=n``
            The size and the count, in the second group.

    ``size=n``; \\ ``depth=n``
        The size again (one target per key), and the depth.
ERST
"""

ONCE_HX = """\
DEF("one", HAS_ARG, QEMU_OPTION_one, "-one bar=on|off   one\\n", QEMU_ARCH_ALL)
SRST
``-one bar=on|off``
    One.
ERST
"""

SMALL_PAGES = {
    "index.rst": "Demo\n====\n\n.. toctree::\n\n   b\n   a\n   c\n   0hand\n   hand\n   twice\n   thrice\n",
    # Read first (documents are read in sorted order): hand-written -h and -grp, which groups.hx describes too.
    "0hand.rst": "Zero\n====\n\n.. qemu:option:: -h\n\n   Help.\n\n.. qemu:option:: -grp\n\n   Groups.\n",
    # Two pages render one .hx (as QEMU's invocation.rst and qemu-manpage.rst): no duplicate.
    "a.rst": "A\n=\n\n.. hxtool-doc:: demo-options.hx\n\n.. hxtool-doc:: groups.hx\n",
    "b.rst": "B\n=\n\n.. hxtool-doc:: demo-options.hx\n\n.. hxtool-doc:: groups.hx\n",
    "c.rst": "C\n=\n\n.. hxtool-doc:: demo-options.hx\n   :no-index:\n",
    # A hand-written description of an option the .hx describes, and one described twice.
    "hand.rst": ("Hand\n====\n\n.. qemu:option:: -snapshot\n\n   Again.\n\n"
                 ".. qemu:option:: -bar\n\n   Bar.\n\n.. qemu:option:: -bar\n\n   Bar again.\n"),
    "twice.rst": "Twice\n=====\n\n.. qemu:options:: twice.hx\n",
    # One .hx three times on one page: the plain id, the key's hash, then Sphinx's serial number.
    "thrice.rst": "Thrice\n======\n\n" + ".. hxtool-doc:: once.hx\n\n" * 3,
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("small-ids")
    src = tmp / "src"
    src.mkdir()
    shutil.copyfile(SMALL / "demo-options.hx", src / "demo-options.hx")
    (src / "twice.hx").write_text(TWICE_HX)
    (src / "groups.hx").write_text(GROUPS_HX)
    (src / "once.hx").write_text(ONCE_HX)
    (src / "conf.py").write_text("extensions = ['qdoc.sphinx']\nhxtool_srctree = '.'\n")
    for name, text in SMALL_PAGES.items():
        (src / name).write_text(text)
    app, warnings = build(src, tmp)
    return app, warnings, tmp, src


def test_one_hx_on_several_pages_and_hand_written_objects(small_site):
    """What the small build decides: duplicates, where links go, :no-index: (see the module's docstring)."""
    only_descriptions_of_other_provenance_are_duplicates(small_site)
    links_go_to_the_first_page_in_sorted_order(small_site)
    no_index_pages_carry_the_terms_but_no_targets(small_site)
    ids_an_id_cannot_tell_apart_get_the_keys_hash(small_site)
    one_hx_thrice_on_a_page_has_three_ids_per_term(small_site)
    properties_of_one_name_under_two_headings_are_one_object(small_site)


def hx_line(hx: str, text: str) -> int:
    return next(n for n, line in enumerate(hx.split("\n"), 1) if line == text)


def only_descriptions_of_other_provenance_are_duplicates(small_site):
    """Two pages rendering one .hx, or one option in two sections of one .hx, are no duplicate; a hand-written one is, once."""
    _, warnings, _, src = small_site
    hx = (SMALL / "demo-options.hx").read_text()
    hand = SMALL_PAGES["hand.rst"].split("\n")
    snapshot = hand.index(".. qemu:option:: -snapshot") + 1
    bars = [n for n, line in enumerate(hand, 1) if line == ".. qemu:option:: -bar"]
    zero = SMALL_PAGES["0hand.rst"].split("\n")
    groups = GROUPS_HX.split("\n")
    from_hx = [("groups.hx", hx_line(GROUPS_HX, "``-h``")), ("groups.hx", hx_line(GROUPS_HX, "``-grp [size=n][,count=n]``"))]
    found = warned(warnings)
    assert [(name, line) for name, line, _ in found] == from_hx * 2 + [("hand.rst", snapshot), ("hand.rst", bars[1])], warnings
    # At the .hx term: the alias -h, then -grp, each against the hand-written page read first (a, then b).
    h_line = zero.index(".. qemu:option:: -h") + 1
    grp_line = zero.index(".. qemu:option:: -grp") + 1
    assert [message.split(";")[0] for _, _, message in found[:2]] == [
        f"duplicate description of QEMU option -h: also at {src / '0hand.rst'}:{h_line} (in document 0hand)",
        f"duplicate description of QEMU option -grp: also at {src / '0hand.rst'}:{grp_line} (in document 0hand)"]
    assert len(groups) > 10
    found = found[4:]
    assert found[0][2].startswith(f"duplicate description of QEMU option -snapshot: also at {src / 'demo-options.hx'}:"
                                  f"{hx_line(hx, '``-snapshot``')} (in document a);")
    assert found[1][2].startswith(f"duplicate description of QEMU option -bar: also at {src / 'hand.rst'}:{bars[0]} "
                                  "(in document hand);")
    assert "[qemu.duplicate]" in found[0][2]


def links_go_to_the_first_page_in_sorted_order(small_site):
    """Read b before a (the toctree's order), links still go to ``a``: the choice does not depend on reading order."""
    app, _, out, _ = small_site
    options = inventory(out)
    assert options["qemu:option"]["-machine"] == "a.html#qemu-option-machine"
    assert options["qemu:suboption"]["-machine accel"] == "a.html#qemu-option-machine-accel"
    assert options["qemu:option"]["-bar"] == "hand.html#qemu-option-bar"
    domain = app.env.get_domain("qemu")
    assert domain.canonical_objects()["-snapshot"][0] == "a"
    assert sorted(domain.objects["-snapshot"]) == ["a", "b", "hand"]  # c is :no-index:
    content, _ = qdomain.QemuOptionIndex(domain).generate()
    assert [section for section, _ in content] == ["First options", "Standard options", "Other options"]
    others = [(row.name, row.subtype) for row in dict(content)["Other options"]]
    assert others == [("-bar", 0), ("-grp", 1), ("count", 2), ("depth", 2), ("size", 2), ("-h", 0), ("-help", 0), ("-one", 0)]


def one_hx_thrice_on_a_page_has_three_ids_per_term(small_site):
    app = small_site[0]
    ids = [t["ids"] for t in app.env.get_doctree("thrice").findall(nodes.term) if t.astext() == "-one bar=on|off"]
    digest = hashlib.sha1("-one".encode()).hexdigest()[:8]
    assert ids[:2] == [["qemu-option-one"], [f"qemu-option-one-{digest}"]]
    assert len(ids) == 3 and len(ids[2]) == 1 and ids[2][0].startswith("qemu-option-") and ids[2][0] not in ids[0] + ids[1]


def properties_of_one_name_under_two_headings_are_one_object(small_site):
    """``size`` under two headings is one object, ``-grp size`` (no duplicate on the second page); ``count`` beside it is one too."""
    app, _, out, _ = small_site
    subs = inventory(out)["qemu:suboption"]
    assert subs["-grp size"] == "a.html#qemu-option-grp-size"
    assert subs["-grp count"] == "a.html#qemu-option-grp-Second-count"
    assert subs["-grp depth"] == "a.html#qemu-option-grp-depth"
    terms = {t.astext(): t["ids"] for t in app.env.get_doctree("a").findall(nodes.term)}
    assert terms["size=n; depth=n"] == ["qemu-option-grp-depth"]
    assert terms["size=n; count=n"] == ["qemu-option-grp-Second-size", "qemu-option-grp-Second-count"]


def ids_an_id_cannot_tell_apart_get_the_keys_hash(small_site):
    app = small_site[0]
    terms = {t.astext(): t for t in app.env.get_doctree("twice").findall(nodes.term)}
    digest = hashlib.sha1("-foo/a-b".encode()).hexdigest()[:8]
    assert terms["a@b=on|off"]["ids"] == ["qemu-option-foo-a-b"]
    assert terms["a-b=on|off"]["ids"] == [f"qemu-option-foo-a-b-{digest}"]


def no_index_pages_carry_the_terms_but_no_targets(small_site):
    """``:no-index:`` (c): the terms keep their reading for the man builder, but no ids; a and b have the key ids."""
    app, _, _, _ = small_site
    def terms(docname):
        return {" ".join(t.astext().split()): t for t in app.env.get_doctree(docname).findall(nodes.term)}

    indexed, shown = terms("a"), terms("c")
    hx = (SMALL / "demo-options.hx").read_text()
    assert "``accel=accels1[:accels2[:...]]``" in hx
    assert indexed["-machine [type=]name[,prop=value[,...]]"]["ids"][-1:] == ["qemu-option-machine"]
    assert indexed["accel=accels1[:accels2[:...]]"]["ids"] == ["qemu-option-machine-accel"]
    assert indexed["-snapshot"]["ids"] == ["qemu-option-snapshot"]
    assert not [t["ids"] for t in shown.values() if any(i.startswith("qemu-") for i in t["ids"])]
    assert all(qobjects.SYNOPSIS_ATTRIBUTE in t for t in shown.values()) and len(shown) == 4
    for found in (indexed, shown):
        assert found["-machine [type=]name[,prop=value[,...]]"][qobjects.SYNOPSIS_ATTRIBUTE] == "-machine"
        assert found["accel=accels1[:accels2[:...]]"][qobjects.SYNOPSIS_ATTRIBUTE] == ""  # all arguments
        assert qobjects.LITERAL_FIRST_ATTRIBUTE not in found["-machine [type=]name[,prop=value[,...]]"]


# -- names of hand-written items ----------------------------------------------------------------


def item(name: str, text: str | None, kind: str = "property", subs: list | None = None, line: int = 1, path: str = "x.hx"):
    from qdoc.model import Location, SubOption, Synopsis

    synopses = [Synopsis(text, text, Location(path, line))] if text is not None else []
    return SubOption(name, kind, synopses, "", Location("x.hx", 1), suboptions=subs or [])


@pytest.mark.parametrize("name, text, typed", [
    ("hostfwd", "hostfwd=[tcp|udp]:hostport-guestport", "-netdev"),
    ("user", "-netdev user,id=id", "-netdev"),
    ("COMn", "COMn", "-serial"),
    ("accel=", "accel=accels1", "-machine"),
    ("=", "=", "-x"),  # a lone ``=`` is a name (nothing to strip)
    ("x", None, "-x"),  # a property with no synopsis of its own
    ("foo", "foo bar", "-x"),  # a lower-case word and more words: still a name
    ("xy=", "x options", "-x"),  # only the one ``=`` is left out: ``xy`` is not the word ``x``
    ("tcp", "tcp optionsX", "-x"),  # only ``options`` (with or without its colon) makes a heading
])
def test_a_term_naming_what_a_user_types_names_itself(name, text, typed):
    assert qobjects.names_itself(item(name, text), typed) is True


@pytest.mark.parametrize("name, text, typed", [
    ("Valid options for any block driver node:", "Valid options for any block driver node:", "-blockdev"),
    ('"file1', '-initrd "file1 arg=foo,file2"', "-initrd"),
    ("<channel>", "-incoming <channel>", "-incoming"),
    ("", "", "-x"),
    ("X=", "X options", "-x"),  # ``X=`` is the word ``X`` of a heading
    ("Example", "Example to start a guest", "-x"),  # a capital word then more: a heading
    ("foo", "foo bar:", "-x"),  # a term ending with a colon: a heading
    ("tcp", "tcp options: port=1", "-x"),  # ``NAME options``: a heading
    ("TCP", "-chardev TCP options: port=1", "-chardev"),  # after the option's name
    ("TCP", "-chardev  TCP options: port=1", "-chardev"),
    ("TCP", "-machine TCP options: port=1", "-M"),  # after the synopsis's own first word
    ("tcp", " tcp options", "-x"),
])
def test_a_heading_example_or_placeholder_names_nothing(name, text, typed):
    assert qobjects.names_itself(item(name, text), typed) is False


def test_object_names_leave_a_heading_out_of_what_it_lists():
    from qdoc.model import Option

    option = Option("-x", suboptions=[
        item("Group options:", "Group options:", "value", [item("k=", "k=v")]),
        item("user", "-x user,id=1", "form", [item("a=", "a=1", subs=[item("b", "b")]),
                                              item("TCP options:", "TCP options:", "value", [item("port=", "port=1")])]),
    ])
    named = {key_: name for key_, name in qobjects.object_names(option, "-x").values()}
    assert named == {"-x": "-x", "-x/Group options:": None, "-x/Group options:/k": "-x k",
                     "-x/user": "-x user", "-x/user/a": "-x user a", "-x/user/a/b": "-x user a b",
                     "-x/user/TCP options:": None, "-x/user/TCP options:/port": "-x user port"}
    typed = {key_: name for key_, name in qobjects.object_names(option, "info x").values()}
    assert typed["-x"] == "info x" and typed["-x/user/a"] == "info x user a"


def test_typed_names_and_keys_of_info_commands():
    from qdoc.model import Option, OptionSet

    block = Option("block")
    assert qobjects.typed_name(block, True) == "info block"
    assert qobjects.typed_name(block, False) == "block"
    assert qobjects.typed_key("block/-n", True) == "info block/-n"
    assert qobjects.typed_key("block/-n", False) == "block/-n"
    for program, commands, info in (("hmp", True, False), ("hmp-info", True, True), ("qemu-system", False, False)):
        option_set = OptionSet.__new__(OptionSet)
        object.__setattr__(option_set, "program", program)
        assert qobjects.lists_commands(option_set) is commands
        assert qobjects.lists_info_commands(option_set) is info


def test_described_defaults_and_object_types():
    from qdoc.model import Option

    option = Option("--preconfig", synopses=[])
    described = qobjects.Described(option, None, item("x", "--preconfig").synopses[0])
    assert (described.key, described.name, described.commands, described.objtype) == ("-preconfig", "--preconfig", False, "option")
    info = qobjects.Described(Option("block"), None, item("x", "info block").synopses[0], True, commands=True)
    assert (info.key, info.name, info.objtype) == ("block", "info block", "command")
    argument = qobjects.Described(Option("block"), item("-n", "-n"), item("-n", "-n").synopses[0], True, "info block/-n",
                                  "info block -n", True)
    assert (argument.key, argument.name, argument.objtype) == ("info block/-n", "info block -n", "command-argument")
    nameless = qobjects.Described(option, item("Group:", "Group:"), item("Group:", "Group:").synopses[0], name=None)
    assert nameless.name is None and nameless.objtype == "suboption"


@pytest.fixture(scope="module")
def sliced_models(tmp_path_factory):
    """The models of the real build's files (sliced qemu-options.hx, hmp-commands-info.hx), with their paths."""
    tmp = tmp_path_factory.mktemp("models")
    found = {}
    for name in HX_FILES:
        (tmp / name).write_text(hx_text(name), encoding="utf-8")
        found[name] = (load(str(tmp / name)), str(tmp / name))
    return found


def test_lines_of_maps_each_term_line_to_what_it_documents(sliced_models):
    """An option's term line documents the option; a form's line the form, and the first form's the option too."""
    model, path = sliced_models["qemu-options.hx"]
    hx = hx_text("qemu-options.hx")
    described = qobjects.lines_of(model, path)
    assert qobjects.lines_of(model, "elsewhere.hx") == {}
    top = srst_top_terms(hx)
    netdev = [line for line, term in top if term.startswith("-netdev ")]
    assert len(netdev) > 5
    first = described[netdev[0]]
    assert sorted((d.objtype, d.key, d.name) for d in first)[:1] == [("option", "-netdev", "-netdev")]
    assert [d.objtype for d in first].count("option") == 1 and "suboption" in [d.objtype for d in first]
    for line in netdev[1:]:
        assert {d.objtype for d in described[line]} == {"suboption"}, line
    user = next(line for line, term in top if term.startswith("-netdev user,"))
    hostfwd = next(n for n, text in enumerate(hx.split("\n"), 1) if text.strip().startswith("``hostfwd="))
    assert [(d.key, d.name) for d in described[user]] == [("-netdev/user", "-netdev user")]
    assert [(d.key, d.name, d.commands) for d in described[hostfwd]] == [("-netdev/user/hostfwd", "-netdev user hostfwd", False)]
    snapshot = next(line for line, term in top if term == "-snapshot")
    assert [(d.objtype, d.key, d.name, d.suboption) for d in described[snapshot]] == [("option", "-snapshot", "-snapshot", None)]
    heading = next(n for n, text in enumerate(hx.split("\n"), 1) if text.strip() == "``Valid options for any block driver node:``")
    assert [(keys.parent(d.key), d.name) for d in described[heading]] == [("-blockdev", None)]  # a heading: no name
    # The split the man builder styles: an option's term, a form's, a sub-option's.
    assert described[snapshot][0].split() == ("-snapshot", False)
    assert [d.split() for d in described[user]] == [("-netdev", True)]
    assert described[hostfwd][0].split()[0] == ""


def test_lines_of_names_info_commands_as_typed(sliced_models):
    model, path = sliced_models["hmp-commands-info.hx"]
    text = hx_text("hmp-commands-info.hx")
    described = qobjects.lines_of(model, path)
    block = next(n for n, line in enumerate(text.split("\n"), 1) if line.strip() == "``info block``")
    assert [(d.key, d.name, d.objtype, d.commands) for d in described[block]] == [("info block", "info block", "command", True)]
    assert described[block][0].split() == ("info block", False)
    arguments = [d for found in described.values() for d in found if d.suboption is not None]
    assert arguments and all(d.key.startswith("info ") and d.objtype == "command-argument" for d in arguments)


# -- the domain's bookkeeping, on a domain of its own ------------------------------------------


def fresh_domain() -> qdomain.QemuDomain:
    """A ``qemu`` domain over a stand-in environment: documents are /src/DOCNAME.rst."""
    return qdomain.QemuDomain(SimpleNamespace(domaindata={}, doc2path=lambda docname: Path(f"/src/{docname}.rst")))


def entry(node_id: str, objtype: str = "suboption", provenance: str = "/src/opts.hx:1", section: str = "",
          synopsis: str = "") -> qdomain.ObjectEntry:
    return qdomain.ObjectEntry(node_id, objtype, section, provenance, synopsis)


#: Stands for the HTML builder: a page's address from another.
BUILDER = SimpleNamespace(get_relative_uri=lambda here, there: f"{there}.html")


def test_find_names_an_object_by_words_key_or_its_one_form():
    domain = fresh_domain()
    domain.note_object("-netdev user hostfwd", "b", entry("qemu-option-netdev-user-hostfwd", provenance="/src/o.hx:9"))
    domain.note_object("-netdev user hostfwd", "a", entry("qemu-option-netdev-user-hostfwd", provenance="/src/o.hx:9"))
    domain.note_object("-netdev user id", "a", entry("u-id"))
    domain.note_object("-netdev tap id", "a", entry("t-id"))
    domain.note_object("-netdevx user vlan", "a", entry("x-vlan"))
    domain.note_object("-netdev a b vlan", "a", entry("deep-vlan"))
    domain.note_object("info block", "a", entry("qemu-command-info-block", "command"))
    domain.note_object("info block -n", "a", entry("qemu-command-info-block-n", "command-argument"))
    hostfwd = ("-netdev user hostfwd", "a", entry("qemu-option-netdev-user-hostfwd", provenance="/src/o.hx:9"))
    assert domain.find("-netdev/user/hostfwd") == hostfwd  # the key, and the first document in sorted order
    assert domain.find("--netdev  user hostfwd") == hostfwd
    assert domain.find("-netdev hostfwd") == hostfwd  # its one form
    assert domain.find("-netdev id") is None  # two forms have one
    assert domain.find("-netdev vlan") is None  # neither -netdevx's nor a deeper one
    assert domain.find("hostfwd") is None and domain.find("-netdev user") is None
    assert domain.find("-netdev hostfwd", qdomain.COMMAND_TYPES) is None
    assert domain.find("info block", qdomain.OPTION_TYPES) is None
    assert domain.find("info -n", qdomain.OPTION_TYPES) is None
    assert domain.find("info -n", qdomain.COMMAND_TYPES)[0] == "info block -n"
    assert domain.find("info block", qdomain.COMMAND_TYPES)[0] == "info block"


def test_references_link_to_the_object_and_say_which_role_found_it():
    domain = fresh_domain()
    domain.note_object("-machine", "system/a", entry("qemu-option-machine", "option"))
    domain.note_object("info block", "system/a", entry("qemu-command-info-block", "command"))
    text = nodes.literal("", "x")
    link = domain.resolve_xref(None, "index", BUILDER, "option", "-machine", None, text)
    assert (link["refuri"], link["reftitle"]) == ("system/a.html#qemu-option-machine", "-machine")
    assert domain.resolve_xref(None, "index", BUILDER, "command", "-machine", None, text) is None
    assert domain.resolve_xref(None, "index", BUILDER, "option", "info block", None, text) is None
    assert domain.resolve_xref(None, "index", BUILDER, "command", "info block", None, text)["refuri"] == \
        "system/a.html#qemu-command-info-block"
    ((role, found),) = domain.resolve_any_xref(None, "index", BUILDER, "info block", None, text)
    assert (role, found["refuri"], found["reftitle"]) == ("qemu:command", "system/a.html#qemu-command-info-block", "info block")
    ((role, found),) = domain.resolve_any_xref(None, "index", BUILDER, "-machine", None, text)
    assert (role, found["refuri"]) == ("qemu:option", "system/a.html#qemu-option-machine")
    assert domain.resolve_any_xref(None, "index", BUILDER, "-nothing", None, text) == []
    assert list(domain.get_objects()) == [("-machine", "-machine", "option", "system/a", "qemu-option-machine", 1),
                                          ("info block", "info block", "command", "system/a", "qemu-command-info-block", 1)]


def test_std_option_references_fall_back_to_the_option_alone():
    domain = fresh_domain()
    domain.note_object("-trace", "sys", entry("qemu-option-trace", "option"))
    domain.note_object("-machine accel", "sys", entry("qemu-option-machine-accel"))
    domain.note_object("info block", "sys", entry("qemu-command-info-block", "command"))
    app = SimpleNamespace(builder=BUILDER)
    env = SimpleNamespace(get_domain=lambda name: domain)

    def resolve(target, **attributes):
        node = nodes.Element(**{"refdomain": "std", "reftype": "option", "reftarget": target, "refdoc": "index", **attributes})
        found = qdomain.resolve_std_option(app, env, node, nodes.literal("", target))
        return found["refuri"] if found is not None else None

    assert resolve(" -trace help ") == "sys.html#qemu-option-trace"
    assert resolve("-trace=x") == "sys.html#qemu-option-trace"
    assert resolve("-machine accel") == "sys.html#qemu-option-machine-accel"
    assert resolve("-nothing") is None and resolve("info block") is None
    assert resolve("-trace", **{"std:program": "qemu-img"}) is None
    assert resolve("-trace", refdomain="py") is None
    assert resolve("-trace", reftype="ref") is None


class Recorder:
    """Stands for the domain's logger: each warning's message as Sphinx would format it, and its type."""

    def __init__(self):
        self.warnings: list[tuple[str, str, str]] = []
        self.locations: list = []

    def warning(self, message, *args, type=None, subtype=None, location=None):
        self.warnings.append((message % args, type, subtype))
        self.locations.append(location)


def test_a_conflicting_description_warns_once_and_the_first_stays(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(qdomain, "logger", recorder)
    domain = fresh_domain()
    first = entry("qemu-option-x", "option", "/src/opts.hx:3")
    domain.note_object("-x", "a", first)
    domain.note_object("-x", "b", first)  # the same .hx rendered again: no conflict
    domain.note_object("-x", "c", entry("qemu-option-x", "option", "/src/c.rst:5"))  # conflicts with a and b: one warning
    assert recorder.warnings == [("duplicate description of QEMU option -x: also at /src/opts.hx:3 (in document a); "
                                  "add :no-index: to one of them", "qemu", "duplicate")]
    recorder.warnings.clear()
    # One .hx's two items on its page are no conflict (a path may hold a colon); a second .hx's item is.
    domain.note_object("-y", "a", entry("qemu-option-y", "option", "/src/op:ts.hx:3"))
    domain.note_object("-y", "a", entry("qemu-option-y-2", "option", "/src/op:ts.hx:30"))
    domain.note_object("-y", "a", entry("qemu-option-y-3", "option", "/src/op:other.hx:30"))
    assert [message for message, _, _ in recorder.warnings] == [
        "duplicate description of QEMU option -y: also at /src/op:ts.hx:3 (in document a); add :no-index: to one of them"]
    recorder.warnings.clear()
    # One .hx's two items on two pages are.
    domain.note_object("-w", "a", entry("qemu-option-w", "option", "/src/opts.hx:3"))
    domain.note_object("-w", "b", entry("qemu-option-w", "option", "/src/opts.hx:4"))
    assert [message for message, _, _ in recorder.warnings] == [
        "duplicate description of QEMU option -w: also at /src/opts.hx:3 (in document a); add :no-index: to one of them"]
    recorder.warnings.clear()
    domain.note_object("-z", "c", entry("qemu-option-z", "option", "/src/c.rst:5"))
    domain.note_object("--z", "c", entry("qemu-option-z-2", "option", "/src/c.rst:9"))  # the page itself, twice
    assert [message for message, _, _ in recorder.warnings] == [
        "duplicate description of QEMU option -z: also at /src/c.rst:5 (in document c); add :no-index: to one of them"]
    assert domain.objects["-x"]["a"] == first and domain.objects["-x"]["c"].provenance == "/src/c.rst:5"
    assert domain.objects["-y"]["a"].provenance == "/src/op:ts.hx:3"  # the first description stays


def test_merging_a_parallel_readers_objects_warns_at_the_document(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(qdomain, "logger", recorder)
    domain = fresh_domain()
    domain.note_object("-x", "a", entry("x", "option", "/src/a.rst:3"))
    domain.merge_domaindata({"b"}, {"objects": {"-x": {"b": tuple(entry("x", "option", "/src/b.rst:4"))}}})
    assert recorder.locations == [("b", 0)] and len(recorder.warnings) == 1


def test_clear_doc_forgets_only_that_documents_objects():
    domain = fresh_domain()
    domain.note_object("-x", "a", entry("x", "option"))
    domain.note_object("-x", "b", entry("x", "option"))
    domain.note_object("-y", "b", entry("y", "option"))
    domain.clear_doc("b")
    assert domain.objects == {"-x": {"a": entry("x", "option")}}
    domain.clear_doc("nothing")
    domain.clear_doc("a")
    assert domain.objects == {}
    merged = fresh_domain()
    merged.merge_domaindata({"b"}, {"objects": {"-y": {"b": tuple(entry("y", "option"))}, "-z": {"c": entry("z", "option")}}})
    assert merged.objects == {"-y": {"b": entry("y", "option")}}
    assert isinstance(merged.objects["-y"]["b"], qdomain.ObjectEntry)


def test_index_rows_nest_sub_options_under_their_option_by_section():
    domain = fresh_domain()
    domain.note_object("-b", "p", entry("b", "option", section="beta"))
    domain.note_object("-b sub", "p", entry("bs", section="beta", synopsis="sub=x"))
    domain.note_object("-zed", "p", entry("z", "option", section="Alpha"))
    domain.note_object("-Yes", "p", entry("Y", "option", section="Alpha"))
    domain.note_object("abc", "q", entry("abc", "option", section="Alpha"))
    domain.note_object("-Xa", "q", entry("Xa", "option", section="Alpha"))
    domain.note_object("-_u", "q", entry("_u", "option", section="Alpha"))
    domain.note_object("-c f g", "q", entry("cfg", section="_under"))  # only a form's property under -c
    domain.note_object("-c", "q", entry("c", "option", section="_under"))
    domain.note_object("-g", "p", entry("g", "option", section="Gamma"))
    domain.note_object("-n", "p", entry("n", "option"))
    domain.note_object("info x", "p", entry("ix", "command"))
    content, collapse = qdomain.QemuOptionIndex(domain).generate()
    assert {(row.extra, row.qualifier) for _, rows in content for row in rows} == {("", "")}
    shape = [(section, [(row.name, row.subtype, row.docname, row.anchor, row.descr) for row in rows]) for section, rows in content]
    # Sections and rows by their words, case and leading dashes aside (``_`` before letters).
    assert shape == [
        ("_under", [("-c", 1, "q", "c", ""), ("f g", 2, "q", "cfg", "")]),
        ("Alpha", [("-_u", 0, "q", "_u", ""), ("abc", 0, "q", "abc", ""), ("-Xa", 0, "q", "Xa", ""),
                   ("-Yes", 0, "p", "Y", ""), ("-zed", 0, "p", "z", "")]),
        ("beta", [("-b", 1, "p", "b", ""), ("sub", 2, "p", "bs", "sub=x")]),
        ("Gamma", [("-g", 0, "p", "g", "")]),
        ("Other options", [("-n", 0, "p", "n", "")]),
    ]
    assert collapse is True
    assert [section for section, _ in qdomain.QemuOptionIndex(domain).generate(["q"])[0]] == ["_under", "Alpha"]
    assert qdomain.QemuCommandIndex(domain).generate()[0] == [("Other commands", [content[1][1][0]._replace(
        name="info x", docname="p", anchor="ix")])]
    domain.note_object("info x -n", "p", entry("ixn", "command-argument", section="Monitor", synopsis="-n"))
    assert qdomain.QemuCommandIndex(domain).generate()[0][0] == ("Monitor", [content[1][1][0]._replace(
        name="x -n", subtype=2, docname="p", anchor="ixn", descr="-n")])


def test_mark_objects_counts_the_items_it_found_so_a_missing_one_is_noticed(tmp_path):
    """The count hxtool-doc compares with what the model documents: an item not rendered is not counted."""
    from docutils.core import publish_doctree

    path = tmp_path / "twice.hx"
    path.write_text(TWICE_HX)
    model = load(str(path))
    described = qobjects.lines_of(model, str(path))
    terms = re.findall(r"^\s*``([^`]+)``\s*$", TWICE_HX, re.M)
    assert len(described) == len(terms) == 5
    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False}
    # The SRST blocks' text where it stands (every other line blank), each item with its .hx source.
    whole = "\n".join(line if not line.startswith(("SRST", "ERST", "DEF", "HXCOMM", "    \"")) else ""
                      for line in TWICE_HX.split("\n"))
    domain = fresh_domain()
    env = SimpleNamespace(get_domain=lambda name: domain, docname="page")
    for block, expected in ((whole, 5), (whole.replace("``a-b=on|off``", "``a-b=on``"), 4)):
        doctree = publish_doctree(block, source_path=str(path), settings_overrides=settings)
        found = qobjects.mark_objects(doctree, described, str(path), env=env, document=doctree, no_index=False)
        assert found == expected
    hidden = fresh_domain()
    env = SimpleNamespace(get_domain=lambda name: hidden, docname="page")
    doctree = publish_doctree(whole, source_path=str(path), settings_overrides=settings)
    assert qobjects.mark_objects(doctree, described, str(path), env=env, document=doctree, no_index=True) == 5
    assert hidden.objects == {}


def synopsis(text: str, line: int = 1, path: str = "x.hx"):
    from qdoc.model import Location, Synopsis

    return Synopsis(text, text, Location(path, line))


def test_split_reads_monitor_commands_as_typed():
    """A command's term starts with its name (``help or ? [cmd]``: ``help``); two synopses starting
    with different words after it name kinds, ``info`` commands read after their ``info``."""
    from qdoc.model import Option

    help_ = Option("help", synopses=[synopsis("help or ? [cmd]")])
    assert qobjects.Described(help_, None, help_.synopses[0], commands=True).split() == ("help", False)
    drive = Option("drive_add", synopses=[synopsis("drive_add node a"), synopsis("drive_add pci b")])
    assert qobjects.Described(drive, None, drive.synopses[0], commands=True).split() == ("drive_add", True)
    snapshots = Option("snapshots", synopses=[synopsis("info snapshots list"), synopsis("info snapshots tree")])
    assert qobjects.Described(snapshots, None, snapshots.synopses[0], True, commands=True).split() == ("info snapshots", True)
    one = Option("block", synopses=[synopsis("info block [-n]")])
    assert qobjects.Described(one, None, one.synopses[0], True, commands=True).split() == ("info block", False)


def test_an_info_commands_argument_word_is_typed_as_written():
    """In hmp-commands-info.hx a nested term is a word typed as is (``verbose``), not arguments to replace."""
    from qdoc.model import Option

    block = Option("block", synopses=[synopsis("info block [verbose]", 3)], suboptions=[item("verbose", "verbose", line=5)])
    (argument,) = qobjects.lines_of(option_set("hmp-info", [block]), "x.hx")[5]
    assert (argument.key, argument.objtype, argument.split()) == ("info block/verbose", "command-argument", ("verbose", False))
    (plain,) = qobjects.lines_of(option_set("qemu-system", [block]), "x.hx")[5]
    assert plain.split() == ("", False)


def option_set(program: str, options: list):
    from qdoc.model import OptionSet, Source

    return OptionSet(program, Source("x.hx", "hx"), options=options)


def test_lines_of_documents_a_form_only_command_at_its_first_form_as_typed():
    """An ``info`` command documented by forms only is the command ``info NAME`` at its first form's item."""
    from qdoc.model import Option

    forms = [item("list", "info snapshots list", "form", line=3), item("tree", "info snapshots tree", "form", line=7)]
    snapshots = Option("snapshots", synopses=[synopsis("info snapshots list", 3), synopsis("info snapshots tree", 7)],
                       suboptions=forms)
    described = qobjects.lines_of(option_set("hmp-info", [snapshots]), "x.hx")
    assert sorted(described) == [3, 7]
    command = [d for d in described[3] if d.suboption is None]
    assert [(d.key, d.name, d.objtype, d.split()) for d in command] == [("info snapshots", "info snapshots", "command",
                                                                          ("info snapshots", True))]
    assert [(d.key, d.objtype) for d in described[7]] == [("info snapshots/tree", "command-argument")]


def test_lines_of_an_option_on_a_line_a_form_of_another_file_shares():
    """Lines are per file: an option's own item at line 5 is documented there though a form of another file is at line 5 too."""
    from qdoc.model import Option

    form = item("user", "-x user,id=1", "form", line=5, path="other.hx")
    option = Option("-x", synopses=[synopsis("-x [opts]", 5)], suboptions=[form])
    described = qobjects.lines_of(option_set("qemu-system", [option]), "x.hx")
    assert [(d.key, d.objtype) for d in described[5]] == [("-x", "option")]
