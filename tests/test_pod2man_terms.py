"""pod2man's man pages keep their nested terms, and an ``@include``d table has one reading.

QEMU 2.12 and 4.2 built ``qemu.1`` with texi2pod and pod2man, which writes a
code-formatted item term twice (``.ie n .IP`` for nroff, ``.el .IP`` for
troff).  The man reader must read those terms as the nested items they are:
the expected terms come from the STEXI blocks of the same release's
``qemu-options.hx``, scanned here with a few lines of texinfo (tables,
items, ``@include`` followed as texi2pod follows it), never from qdoc's
readers.

``-trace``'s STEXI item ``@include``s ``qemu-option-trace.texi``, whose
``@table`` lists its sub-options: the texinfo, .hx and man readings all
give them as sub-options, located where the source has them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPUS, QEMU
from qdoc.loader import load

BUILT = CORPUS / "built"
RELEASES = ["2.12.0", "4.2.0"]
TABLES = {"table", "vtable", "ftable"}
#: Blocks whose lines are not commands (an ``@item`` in an example is text).
VERBATIM = {"example", "smallexample", "ignore", "verbatim"}
BLOCKS = TABLES | VERBATIM | {"itemize", "enumerate", "multitable", "quotation", "display"}
_BRACED = re.compile(r"@[a-zA-Z]+\{([^{}]*)\}")


# -- the independent scan of the source ----------------------------------------------


def texinfo_plain(markup: str) -> str:
    """Texinfo inline markup removed (``@var{x}`` -> x, ``@@`` -> @), words single-spaced."""
    previous = None
    while previous != markup:
        previous, markup = markup, _BRACED.sub(lambda m: m.group(1), markup)
    return " ".join(markup.replace("@@", "@").replace("@{", "{").replace("@}", "}").split())


def stexi_lines(release: str) -> list[str]:
    """The texinfo of the STEXI blocks, as hxtool -t joins them, with ``@include`` spliced in."""
    folder = QEMU / release
    out: list[str] = []
    inside = False
    for line in (folder / "qemu-options.hx").read_text(encoding="utf-8").split("\n"):
        stripped = line.strip()
        if stripped.startswith("STEXI"):
            inside = True
        elif stripped.startswith("ETEXI"):
            inside = False
        elif inside and not stripped.startswith("HXCOMM"):
            include = re.match(r"@include\s+(\S+)", stripped)
            if include:
                out += [ln.strip() for ln in (folder / include.group(1)).read_text(encoding="utf-8").split("\n")]
            else:
                out.append(stripped)
    return out


def nested_items(lines: list[str]) -> dict[str, list[tuple[int, str, str]]]:
    """Per option: (depth, term, first words of its body) of every @item/@itemx in its nested tables."""
    stack: list[str] = []
    option = ""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for index, line in enumerate(lines):
        m = re.match(r"@(\w+)\b\s*(.*)", line)
        if not m:
            continue
        command, argument = m.groups()
        if command == "end":
            if stack and argument.split()[:1] == [stack[-1]]:
                stack.pop()
            continue
        if stack and stack[-1] in VERBATIM:
            continue
        if command in BLOCKS:
            stack.append(command)
        elif command in ("item", "itemx") and stack and stack[-1] in TABLES:
            depth = sum(1 for block in stack if block in TABLES)
            term = texinfo_plain(argument)
            if depth == 1:
                option = term.split()[0] if term.startswith("-") else option
                continue
            body = []
            for following in lines[index + 1:]:
                if following.startswith(("@item", "@table", "@end")):
                    break
                if not following.startswith("@findex"):
                    body.append(following)
            found.setdefault(option, []).append((depth - 1, term, " ".join(texinfo_plain(" ".join(body)).split()[:4])))
    return found


def model_nested_terms(option) -> list[tuple[int, str]]:
    """(depth, synopsis) of an option's sub-options, in order; the forms of its own items are not nested."""
    own = {synopsis.text for synopsis in option.synopses}
    out: list[tuple[int, str]] = []

    def walk(subs, depth: int) -> None:
        seen = set()
        for sub in subs:
            key = (sub.location.line if sub.location else None, tuple(s.text for s in sub.synopses))
            if key in seen:  # ``kernel|initrd=...``: one term, a sub-option per key
                continue
            seen.add(key)
            if sub.kind == "form" and depth == 1 and {s.text for s in sub.synopses} <= own:
                walk(sub.suboptions, depth)
                continue
            out.extend((depth, s.text) for s in sub.synopses)
            walk(sub.suboptions, depth + 1)

    walk(option.suboptions, 1)
    return out


def rst_plain(text: str) -> str:
    """rST inline markup removed, typeset double quotes (pod2man's \\*(L" and \\*(R") as the source's."""
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"``([^`]*)``|\*([^*]*)\*", lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.replace("\\ ", "").split())


@pytest.fixture(scope="module", params=RELEASES)
def release(request) -> str:
    return request.param


# -- pod2man's nested terms ------------------------------------------------------------


def test_pod2man_nested_terms_equal_the_stexi_items(release):
    expected = {option: [(depth, term) for depth, term, _ in items] for option, items in nested_items(stexi_lines(release)).items()}
    assert sum(map(len, expected.values())) > 250  # the scan reads the whole file
    option_set = load(str(BUILT / release / "qemu.1"))
    read = {option.name: model_nested_terms(option) for option in option_set.options}
    read = {name: terms for name, terms in read.items() if terms}
    assert read == expected


def test_blockdev_has_all_its_suboptions_each_with_its_own_text(release):
    expected = nested_items(stexi_lines(release))["-blockdev"]
    assert len(expected) >= 27
    option = load(str(BUILT / release / "qemu.1")).option("-blockdev")
    assert model_nested_terms(option) == [(depth, term) for depth, term, _ in expected]
    groups = option.suboptions
    subs = [(group, sub) for group in groups for sub in group.suboptions]
    assert len(groups) + len(subs) == len(expected)
    # Each term keeps its own text, not merged into the term before it.
    words = {term: body for _, term, body in expected}
    for group, sub in subs:
        assert rst_plain(sub.description).startswith(words[sub.synopses[0].text]), sub.name


# -- one reading of -trace's included table ----------------------------------------------


def trace_items(release: str) -> list[tuple[str, int]]:
    """The @item terms of qemu-option-trace.texi, with their lines."""
    path = QEMU / release / "qemu-option-trace.texi"
    return [
        (texinfo_plain(line[len("@item "):]), number)
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
        if line.startswith("@item ")
    ]


READINGS = {
    "texinfo": lambda release: QEMU / release / "qemu-doc.texi",
    "hx": lambda release: QEMU / release / "qemu-options.hx",
    "pod2man": lambda release: BUILT / release / "qemu.1",
}


@pytest.mark.parametrize("reading", READINGS)
def test_trace_has_the_included_table_as_suboptions(release, reading):
    items = trace_items(release)
    assert [term for term, _ in items] == ["[enable=]pattern", "events=file", "file=file"]
    path = READINGS[reading](release)
    option_set = load(str(path))
    trace = option_set.option("-trace")
    assert [(s.kind, [x.text for x in s.synopses]) for s in trace.suboptions] == [("property", [term]) for term, _ in items]
    assert [s.name for s in trace.suboptions] == ["enable", "events", "file"]
    assert all(s.description for s in trace.suboptions)
    assert "not expanded" not in trace.description
    assert not [d for d in option_set.diagnostics if "qemu-option-trace.texi" in d.message]
    if reading != "pod2man":  # located in the file the table is in
        included = str(QEMU / release / "qemu-option-trace.texi")
        assert [(s.location.path, s.location.line) for s in trace.suboptions] == [(included, line) for _, line in items]


def test_trace_reads_the_same_in_texinfo_and_hx(release):
    texinfo = load(str(READINGS["texinfo"](release))).option("-trace")
    hx = load(str(READINGS["hx"](release))).option("-trace")
    assert hx.suboptions == texinfo.suboptions
    assert hx.description == texinfo.description


def test_an_hx_include_that_cannot_be_read_says_why():
    """The .hx of 3.0.0 names qemu-option-trace.texi, which that corpus tree does not have."""
    hx = QEMU / "3.0.0" / "qemu-options.hx"
    assert not (hx.parent / "qemu-option-trace.texi").exists()
    option_set = load(str(hx))
    notes = [d for d in option_set.diagnostics if d.code == "texinfo-include"]
    line = next(n for n, text in enumerate(hx.read_text().split("\n"), 1) if text.startswith("@include"))
    assert [(d.severity, d.location.line) for d in notes] == [("info", line)]
    assert "not expanded" in notes[0].message and "file not found" in notes[0].message
    assert option_set.option("-trace").suboptions == []
    # As the message says, -I DIR names a folder that has it (2.12.0's file, the same table).
    given = load(str(hx), include_dirs=[str(QEMU / "2.12.0")])
    assert [s.name for s in given.option("-trace").suboptions] == ["enable", "events", "file"]
    assert not [d for d in given.diagnostics if d.code == "texinfo-include"]


def test_an_hx_include_is_read_inside_the_source_root_only(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    table = "@table @option\n@item {key}=@var{{x}}\nText.\n@end table\n"
    (tree / "inside.texi").write_text(table.format(key="near"))
    (tmp_path / "outside.texi").write_text(table.format(key="secret"))
    (tree / "qemu-options.hx").write_text(
        'DEF("in", HAS_ARG, QEMU_OPTION_in,\n    "-in x\\n", QEMU_ARCH_ALL)\n'
        'DEF("out", HAS_ARG, QEMU_OPTION_out,\n    "-out x\\n", QEMU_ARCH_ALL)\n'
        'DEF("two", HAS_ARG, QEMU_OPTION_two,\n    "-two x\\n", QEMU_ARCH_ALL)\n'
        "STEXI\n@table @option\n@item -in @var{x}\n@include inside.texi\n"
        "@item -out @var{x}\n@include ../outside.texi\n"
        "@item -two a\n@include inside.texi\n@item -two b\nSecond form.\n@end table\nETEXI\n"
    )
    option_set = load(str(tree / "qemu-options.hx"))
    near = option_set.option("-in").suboptions
    assert [(s.name, s.location.path, s.location.line) for s in near] == [("near", str(tree / "inside.texi"), 2)]
    assert "``near=x``" in option_set.option("-in").description
    assert option_set.option("-out").suboptions == []
    notes = [d for d in option_set.diagnostics if d.code == "texinfo-include"]
    assert [d.location.line for d in notes] == [12] and "outside the source root" in notes[0].message
    # An option documented by several items: the table goes to the form that includes it.
    forms = option_set.option("-two").suboptions
    assert [(f.kind, f.name, [s.name for s in f.suboptions]) for f in forms] == [("form", "a", ["near"]), ("form", "b", [])]
