"""Forms in the rendered readers (HTML and man), and the five readings of QEMU 7.2.

An option documented by several items (``-netdev user,...``, ``-netdev
tap,...``) keeps each item as a sub-option of kind ``form`` holding that
item's synopses and nothing else.  What each rendered page should give is
computed here from the release's ``qemu-options.hx`` with docutils alone
(the SRST blocks parsed as one rST text, as QEMU's hxtool extension feeds
them to Sphinx), never from qdoc's readers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from conftest import CORPUS, QEMU, srst_text
from qdoc.loader import load
from qdoc.model import OptionSet

BUILT = CORPUS / "built"
DEBIAN = CORPUS / "debian-7.2"
RHEL_SEED = CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html"
SPHINX_RELEASES = sorted(p.name for p in BUILT.iterdir() if (p / "qemu-manpage.html").is_file())


# -- the independent scan: SRST terms of a release's qemu-options.hx via docutils ----------


def term_text(term: nodes.term) -> str:
    return " ".join(term.astext().split())


def grouped_items(deflist: nodes.definition_list) -> list[tuple[list[str], nodes.definition]]:
    """(terms, definition) per item; QEMU's grouped terms (a ``\\`` body) join the next item's."""
    items, pending = [], []
    for item in deflist.children:
        terms = [term_text(t) for t in item.children if isinstance(t, nodes.term)]
        bodies = [c for c in item.children if isinstance(c, nodes.definition)]
        if not bodies or not bodies[0].astext().strip():
            pending.extend(terms)
            continue
        items.append((pending + terms, bodies[0]))
        pending = []
    return items


def nested_items(definition: nodes.definition) -> list[tuple]:
    """The definition lists directly in a body, as (terms, children) trees.

    An item whose only term is empty (QEMU 8.0+'s stray ``\\`` in -chardev
    parallel) is not an item of its own: its lists are the body's.
    """
    found = []
    for child in definition.children:
        if isinstance(child, nodes.definition_list):
            for terms, body in grouped_items(child):
                if not any(terms):
                    found.extend(nested_items(body))
                else:
                    found.append((tuple(terms), nested_items(body)))
    return found


@lru_cache(maxsize=None)
def hx_items(release: str) -> dict[str, list[tuple]]:
    """Option name -> its top-level items, each (terms naming it, nested items), in page order."""
    hx = (QEMU / release / "qemu-options.hx").read_text(encoding="utf-8")
    text = srst_text(hx)
    page = QEMU / release / "docs" / "system" / "qemu-manpage.rst"
    if not page.parent.is_dir():
        # A tree without docs/: the included text (-trace's) is not there to read.
        text = re.sub(r"^\s*\.\. include::.*$", "", text, flags=re.M)
    doc = publish_doctree(
        text,
        source_path=str(page),
        settings_overrides={"report_level": 5, "halt_level": 5, "raw_enabled": False},
    )
    for message in list(doc.findall(nodes.system_message)):
        message.parent.remove(message)
    options: dict[str, list[tuple]] = {}
    for deflist in doc.findall(nodes.definition_list):
        if any(isinstance(a, nodes.definition) for a in ancestors(deflist)):
            continue
        for terms, body in grouped_items(deflist):
            by_name: dict[str, list[str]] = {}
            for term in terms:
                if term.startswith("-"):
                    name = term.split()[0]
                    by_name.setdefault(name[1:] if name.startswith("--") else name, []).append(term)
            for name, own in by_name.items():
                options.setdefault(name, []).append((tuple(own), nested_items(body)))
    return options


def ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def hx_forms(release: str) -> dict[str, list[tuple[str, ...]]]:
    """Options documented by several items -> the terms of each item (each a form)."""
    return {name: [terms for terms, _ in items] for name, items in hx_items(release).items() if len(items) > 1}


@lru_cache(maxsize=None)
def hx_def_names(release: str) -> set[str]:
    hx = (QEMU / release / "qemu-options.hx").read_text(encoding="utf-8")
    return {"-" + name for name in re.findall(r'^DEF\("([^"]+)"', hx, re.M)}


# -- qdoc's readings ---------------------------------------------------------------------


@lru_cache(maxsize=None)
def parsed(path: Path) -> OptionSet:
    return load(str(path))


def spaced(text: str) -> str:
    return " ".join(text.split())


def form_parts(option) -> list | None:
    """The option's forms if it was documented by several items, else None.

    An option of one item whose nested items are forms (``-object
    typename,...`` with ``-object memory-backend-file,...`` inside) has its
    own synopsis, not the forms' synopses.
    """
    forms = [s for s in option.suboptions if s.kind == "form"]
    if forms and [s.text for s in option.synopses] == [s.text for f in forms for s in f.synopses]:
        return forms
    return None


def read_forms(option_set: OptionSet) -> dict[str, list[tuple[str, ...]]]:
    found = {}
    for option in option_set.options:
        forms = form_parts(option)
        if forms is not None:
            found[option.name] = [tuple(spaced(s.text) for s in form.synopses) for form in forms]
    return found


def begins_with_form(synopsis: str, option: str, form: str) -> bool:
    """``-netdev user,id=...`` begins with form ``user``; ``-fw_cfg [name=]name,...`` with ``name``."""
    rest = synopsis[len(option) :].lstrip().lstrip("[")
    return rest.startswith(form) and rest[len(form) : len(form) + 1] in ("", ",", ":", "=", "|", "[", "]", " ")


# -- drift of the sources, each with why -----------------------------------------------------


def unquoted(forms: dict[str, list[tuple[str, ...]]]) -> dict[str, list[tuple[str, ...]]]:
    """Sphinx 5.3's man pages: docutils 0.17's man writer leaves ``"`` bare inside ``.B``
    arguments, where troff takes them as argument quotes, so groff renders
    ``-initrd "file1 arg=foo,file2"`` as ``-initrd file1 arg=foo,file2``
    (the Sphinx 9 pages write ``\\(dq``).  The man reader reads what groff shows."""
    return {name: [tuple(t.replace('"', "") for t in terms) for terms in items] for name, items in forms.items()}


#: Pages built from qemu-options.hx, with the release whose .hx they render and the
#: adjustment of the expected forms for drift the page itself introduced.
PAGES = (
    [(BUILT / r / "qemu-manpage.html", r, None) for r in SPHINX_RELEASES]
    + [(BUILT / r / "qemu.1", r, None) for r in SPHINX_RELEASES]
    + [(BUILT / r / "sphinx-5.3" / "qemu-manpage.html", r, None) for r in SPHINX_RELEASES]
    + [(BUILT / r / "sphinx-5.3" / "qemu.1", r, unquoted) for r in SPHINX_RELEASES]
    + [(DEBIAN / "html" / page, "7.2.0", None) for page in ("qemu-manpage.html", "invocation.html")]
    + [(DEBIAN / "man" / page, "7.2.0", None) for page in ("qemu-system.1", "qemu-system-x86_64.1", "qemu-system-i386.1")]
    # RHEL's 6.2 build: the .hx of upstream 6.2.0 gives exactly its forms (the web view's
    # damage is in placeholders and <pre> text, not in the option terms).
    + [(RHEL_SEED, "6.2.0", None)]
)


def page_id(page) -> str:
    return str(page[0].relative_to(CORPUS))


@pytest.mark.parametrize("path,release,drift", PAGES, ids=[page_id(p) for p in PAGES])
def test_each_form_has_its_own_synopses_as_in_the_hx(path: Path, release: str, drift):
    option_set = parsed(path)
    expected = hx_forms(release)
    if drift is not None:
        expected = drift(expected)
    assert len(expected) >= 10
    assert read_forms(option_set) == expected
    for option in option_set.options:
        for form in form_parts(option) or []:
            assert begins_with_form(form.synopses[0].text, option.name, form.name), (option.name, form.name, form.synopses[0].text)


def test_netdev_and_chardev_first_forms_carry_only_their_own_synopsis():
    """The issue's two examples, on the 10.2 page: `passt` and `backend` are the first items."""
    option_set = parsed(BUILT / "10.2.0" / "qemu-manpage.html")
    netdev = {f.name: [s.text for s in f.synopses] for f in option_set.option("-netdev").suboptions}
    assert netdev["passt"] == ["-netdev passt,id=str[,option][,...]"]
    chardev = option_set.option("-chardev").suboptions[0]
    assert (chardev.name, [s.text for s in chardev.synopses]) == ("backend", ["-chardev backend,id=id[,mux=on|off][,options]"])


# -- the stray backslash of -chardev parallel (QEMU 8.0 on) ----------------------------------

def version(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))


STRAY_PAGES = [
    (BUILT / r / build / page, r)
    for r in SPHINX_RELEASES
    if version(r) >= (8, 0)
    for build in ("", "sphinx-5.3")
    for page in ("qemu-manpage.html", "qemu.1")
]


def all_suboptions(option_set: OptionSet):
    stack = [s for o in option_set.options for s in o.suboptions]
    while stack:
        sub = stack.pop()
        yield sub
        stack.extend(sub.suboptions)


@pytest.mark.parametrize("path,release", STRAY_PAGES, ids=[str(p.relative_to(CORPUS)) for p, _ in STRAY_PAGES])
def test_stray_backslash_is_reported_not_modelled(path: Path, release: str):
    hx_lines = (QEMU / release / "qemu-options.hx").read_text(encoding="utf-8").splitlines()
    start = hx_lines.index("``-chardev parallel,id=id,path=path``")
    assert hx_lines[start + 1].strip() == "\\"  # the source's stray backslash, indented body after it
    option_set = parsed(path)
    assert all(s.name for s in all_suboptions(option_set))
    parallel = next(f for f in option_set.option("-chardev").suboptions if f.name == "parallel")
    assert parallel.suboptions == []
    assert parallel.description.startswith("``parallel`` is only available on Linux")
    reported = [d for d in option_set.diagnostics if d.code.endswith("-empty-term")]
    assert len(reported) == 1 and reported[0].severity == "warning"
    assert reported[0].location.line > parallel.location.line
    page_lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".html":
        assert "<dt></dt>" in page_lines[reported[0].location.line - 1]
    else:
        assert page_lines[reported[0].location.line - 1].strip() == ".B"


# -- the five readings of QEMU 7.2 ------------------------------------------------------------

FIVE_READINGS = {
    "hx": QEMU / "7.2.0" / "qemu-options.hx",
    "built html": BUILT / "7.2.0" / "qemu-manpage.html",
    "built man": BUILT / "7.2.0" / "qemu.1",
    "debian html": DEBIAN / "html" / "qemu-manpage.html",
    "debian man": DEBIAN / "man" / "qemu-system.1",
}

#: Options the .hx reader has and no rendered page can: DEF lines whose
#: option has no SRST item (-M, -qtest, -qtest-log, -xen-domid-restrict),
#: and -help, which the .hx knows by its DEF and documents as ``-h``.
HX_DEF_ONLY = "DEF without an SRST item of its own"

#: Sub-option terms whose reading is not yet the docutils term, with whose work fixes it.
#: ``show-tabs=on|off`` : Display the tab bar... is a term with an rST classifier; the
#: four readers glue the classifier to the term four ways (issue 19, classifier terms:
#: another engineer's bullet).  Compared up to the term until that lands.
PENDING_TERMS = {"show-tabs=on|off": "classifier term (issue 19: classifier terms and glued prose)"}



def tree_of(option) -> list[tuple]:
    """The option's items as (synopses, names, nested items), sub-options split by names joined."""

    def walk(suboptions) -> list[tuple]:
        found: list[tuple] = []
        for sub in suboptions:
            synopses = tuple(pending_term(spaced(s.text)) for s in sub.synopses)
            if found and found[-1][0] == synopses:  # ``kernel|initrd=...``: one item, two names
                found[-1][1].append(sub.name)
                continue
            found.append((synopses, [sub.name], walk(sub.suboptions)))
        return found

    forms = form_parts(option)
    if forms is not None:
        return walk(forms)
    # The option's own item: its name is the reading's key (-help and -h compared by documented()).
    return [(tuple(spaced(s.text) for s in option.synopses), [], walk(option.suboptions))]


def pending_term(text: str) -> str:
    for term in PENDING_TERMS:
        if text.startswith(term):
            return term
    return text


def synopses_only(tree: list[tuple]) -> list[tuple]:
    return [(synopses, synopses_only(children)) for synopses, _names, children in tree]


def hx_tree(items: list[tuple]) -> list[tuple]:
    return [(tuple(terms), hx_tree(children)) for terms, children in items]


@lru_cache(maxsize=None)
def reading(label: str) -> dict[str, list[tuple]]:
    option_set = parsed(FIVE_READINGS[label])
    assert not option_set.errors, option_set.errors
    return {option.name: tree_of(option) for option in option_set.options}


def documented(label: str) -> dict[str, list[tuple]]:
    """A reading without what only the .hx reader can know (HX_DEF_ONLY), -help named -h as documented."""
    found = dict(reading(label))
    if label == "hx":
        scanned = hx_items("7.2.0")
        for name in hx_def_names("7.2.0") - set(scanned):
            if name == "-help":
                found["-h"] = found.pop("-help")
            else:
                assert found.pop(name)[0][0] == (), (name, HX_DEF_ONLY)
    return found


def synopses_of(label: str) -> dict[str, list[tuple]]:
    return {name: synopses_only(tree) for name, tree in documented(label).items()}


def names_of(tree: list[tuple]) -> list[tuple]:
    return [(tuple(names), names_of(children)) for _synopses, names, children in tree]


def names_by_option(label: str) -> dict[str, list[tuple]]:
    return {name: names_of(tree) for name, tree in documented(label).items()}


RENDERED_72 = [label for label in FIVE_READINGS if label != "hx"]


@pytest.mark.parametrize("label", RENDERED_72)
def test_72_readings_agree_with_the_hx_and_its_docutils_scan(label: str):
    """Option names, form names, sub-option names and sub-option synopses of 7.2.

    Synopses (the option's, each form's, each nested item's, in order) are
    the docutils terms of the .hx; names are the .hx reader's, and each of
    those is a token of its docutils term.  The only differences are listed
    above (HX_DEF_ONLY, PENDING_TERMS).
    """
    scanned = hx_items("7.2.0")
    expected = {name: hx_tree(items) for name, items in scanned.items()}
    assert len(expected) > 100
    for reader in ("hx", label):
        got = synopses_of(reader)
        assert set(got) == set(expected), reader
        for name in expected:
            assert got[name] == expected[name], (reader, name)
    hx_names = names_by_option("hx")
    assert names_by_option(label) == hx_names
    for name, items in scanned.items():
        assert_names_are_tokens_of_terms(name, items, hx_names[name])


def assert_names_are_tokens_of_terms(option: str, items: list[tuple], names: list[tuple]) -> None:
    assert len(items) == len(names), option
    for (terms, children), (own, nested) in zip(items, names):
        tokens = {name for token in re.split(r"[\s\[\],=:]+", terms[0]) for name in alternatives(token)}
        tokens.update(re.findall(r'"[^"]*"', terms[0]))  # a quoted argument is one shell word
        for name in own:
            assert name == option or name in tokens, (option, name, terms[0])
        assert_names_are_tokens_of_terms(option, children, nested)


def alternatives(token: str) -> list[str]:
    """``on|off`` -> on, off; ``in|out.dev`` -> in.dev, out.dev (QEMU's alternative keys), and the parts."""
    parts = token.split("|")
    last = parts[-1]
    suffix = last[last.index(".") :] if "." in last else ""
    return parts + [part + suffix for part in parts[:-1] if "." not in part]


EMPTY_TERM_HTML = """<html><body><section><h2>Options</h2><dl>
<dt><code>-foo bar,id=id</code></dt><dd><dl>
<dt></dt><dd><p>This option is deprecated; use -baz instead.</p>
<dl><dt><code>id=id</code></dt><dd><p>The identifier.</p></dd></dl>
</dd></dl></dd>
</dl></section></body></html>
"""

EMPTY_TERM_MAN = r""".TH FOO 1
.SH OPTIONS
.TP
.B \fB\-foo bar,id=id\fP
.INDENT 7.0
.TP
.B
This option is deprecated; use \-baz instead.
.INDENT 7.0
.TP
.B \fBid=id\fP
The identifier.
.UNINDENT
.UNINDENT
"""


@pytest.mark.parametrize("name,text", [("page.html", EMPTY_TERM_HTML), ("page.1", EMPTY_TERM_MAN)], ids=["html", "man"])
def test_text_under_an_empty_term_is_the_enclosing_items(tmp_path: Path, name: str, text: str):
    """What an empty term's body says (a deprecation, a property list) belongs to the item around it."""
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    option = load(str(page)).option("-foo")
    assert [s.name for s in option.suboptions] == ["id"]
    assert option.description.startswith("This option is deprecated")
    assert [d.text for d in option.deprecations if d.source == "description"] == ["This option is deprecated; use -baz instead."]
