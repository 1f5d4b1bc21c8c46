"""Each check on the real corpus equals what an independent scan of the files finds.

For every check not covered elsewhere, the expected findings (code, file,
line) are computed here from the sources with regular expressions, docutils
and lxml, never with qdoc's readers, and lint must find exactly those.  A
check with no instance in the corpus (QD204, QD302, QD303, QD304) is
asserted the other way round as well: the scan finds none on every release
either, so "no finding" is a fact about QEMU's files, not a blind spot.
The small inputs that trigger each check and the ones that do not are in
tests/test_lint_rules.py.  QD106 is in tests/test_lint_property_help_corpus.py,
QD001 in tests/test_lint_reader_warnings_corpus.py.  Findings about a DEF's
-help text (QD402, QD105) are at the line of its first help string, computed
here from the DEF call.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import docutils.core
import docutils.nodes
import lxml.html
import pytest

from conftest import CORPUS, QEMU, RELEASES, run_qdoc
from list_scan import list_entries

HELP = CORPUS / "debian-7.2" / "binary" / "help.txt"
HX_7_2 = QEMU / "7.2.0" / "qemu-options.hx"
SEEDS = [CORPUS / "seeds" / "qemu-manpage-6.2-rhel.html", CORPUS / "seeds" / "guest-loader-6.2-rhel.html"]

#: QEMU's feature releases in order, from the first whose deprecations the policy counts (2.10).
FEATURE_RELEASES = [
    "2.10", "2.11", "2.12", "3.0", "3.1", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2",
    "7.0", "7.1", "7.2", "8.0", "8.1", "8.2", "9.0", "9.1", "9.2", "10.0", "10.1", "10.2",
]
CODES = ("QD102", "QD103", "QD104", "QD105", "QD203", "QD204", "QD302", "QD303", "QD304", "QD305", "QD402", "QD403")


def _lint(*args: str) -> list[dict]:
    result = run_qdoc("lint", *args, "--select", ",".join(CODES), "--severity", "info", "--format", "json", cwd=CORPUS)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@lru_cache(maxsize=1)
def all_releases() -> list[dict]:
    return _lint(*[f"qemu/{r}" for r in RELEASES])


@lru_cache(maxsize=1)
def with_debian() -> list[dict]:
    return _lint("qemu/7.2.0", "debian-7.2", "--release", "7.2.0")


@lru_cache(maxsize=None)
def with_page(hx: Path, page: Path) -> list[dict]:
    """A release's sources linted with one built HTML page of it."""
    return _lint(rel(hx.parent), rel(page), "--release", hx.parent.name)


@lru_cache(maxsize=1)
def seeds() -> list[dict]:
    return _lint(*[str(p.relative_to(CORPUS)) for p in SEEDS], "--release", "6.2.0")


def found(findings: list[dict], code: str) -> set[tuple[str, int]]:
    return {(f["location"]["path"], f["location"]["line"]) for f in findings if f["code"] == code}


def rel(path: Path) -> str:
    return str(path.relative_to(CORPUS))


# -- the .hx, read line by line ----------------------------------------------------

_C_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def hx_defs(text: str) -> list[dict]:
    """Every DEF of an .hx: name, line, arch mask, help text (C strings joined), its #if conditions, the heading above."""
    defs = []
    lines = text.split("\n")
    conditions: list[str] = []
    heading = (None, None)  # (kind, mask)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#if"):
            conditions.append(line)
        elif line.startswith("#endif") and conditions:
            conditions.pop()
        elif line.startswith("DEFHEADING"):
            heading = ("DEFHEADING", None)
        elif line.startswith("ARCHHEADING("):
            heading = ("ARCHHEADING", line[line.rindex(",") + 1 :].strip().rstrip(")").strip())
        elif line.startswith("DEF("):
            start, call = i, line
            while call.count("(") - call.count(")") > 0 and i + 1 < len(lines):
                i += 1
                call += "\n" + lines[i]
            args = call[len("DEF(") : call.rindex(")")]
            name = re.match(r'"([^"]+)"', args).group(1)
            mask = args[args.rindex(",") + 1 :].strip().rstrip("\\").strip()
            help_arg = args.split(",", 3)[3]
            help_part = help_arg.rsplit(",", 1)[0]
            help_text = "".join(_C_STRING_RE.findall(help_part)).replace("\\n", "\n").replace('\\"', '"')
            # The line of the help text's first C string: where -help's text starts, where its findings belong.
            first_string = len("DEF(") + len(args) - len(help_arg) + help_part.index('"')
            help_line = start + 1 + call.count("\n", 0, first_string)
            defs.append({"name": "-" + name, "line": start + 1, "end": i + 1, "help_line": help_line, "mask": mask,
                         "help": help_text, "conditions": list(conditions), "heading": heading})
        i += 1
    return defs


_TEXI_MARKUP_RE = re.compile(r"@(?:var|code|option|samp|emph|strong|file)\{([^{}]*)\}")


def texi_text(texinfo: str) -> str:
    """The words a texinfo term shows (``-m @var{size}`` is ``-m size``), single-spaced."""
    for _ in range(3):
        texinfo = _TEXI_MARKUP_RE.sub(r"\1", texinfo)
    return " ".join(texinfo.replace("@{", "{").replace("@}", "}").replace("@@", "@").split())


def srst_terms(text: str) -> list[tuple[int, str]]:
    """(line, term) of every definition-list term in the SRST blocks.

    A term is a line opening with a ````...```` literal that starts a block
    (after a blank line, the block's start or another term's ``\\``
    continuation) and is followed by an indented line: its definition, or
    the ``\\`` that joins the next term.  A paragraph that merely starts
    with a literal (``-device loader,...`` shown on a line of its own) is
    no term.
    """
    terms = []
    lines = text.split("\n")
    inside = False
    for index, line in enumerate(lines):
        if line.startswith("SRST"):
            inside = True
        elif line.startswith("ERST"):
            inside = False
        elif inside and line.lstrip().startswith("``"):
            previous = lines[index - 1]
            following = lines[index + 1] if index + 1 < len(lines) else ""
            indent = len(line) - len(line.lstrip())
            starts_block = not previous.strip() or previous.startswith("SRST") or previous.strip() == "\\"
            defined = following.strip() and len(following) - len(following.lstrip()) > indent
            if starts_block and defined:
                terms.append((index + 1, line))
    return terms


def documented_options(text: str) -> set[str]:
    """Options a top-level SRST term or STEXI ``@item`` names, and the spellings a DEF's help gives (``-h or -help``)."""
    names = set(re.findall(r"^``(--?[\w-]+)", text, re.M)) | set(re.findall(r"^@itemx? (--?[\w-]+)", text, re.M))
    return {"-" + n.lstrip("-") for n in names}


def spellings_of(d: dict) -> set[str]:
    """A DEF's name and the spellings its help text opens with (``-h or -help``, ``-fda/-fdb``)."""
    names = {d["name"]}
    m = re.match(r"(--?[\w-]+)((?:/-[\w-]+)*)(?: or (--?[\w-]+))?", d["help"])
    if m:
        names.update("-" + s.lstrip("-") for s in [m.group(1), *m.group(2).split("/")[1:], m.group(3)] if s)
    return names


# -- QD103 / QD104: the binary's -help against the .hx of its release ---------------


def help_options(path: Path = HELP) -> dict[str, int]:
    """Option -> line of the -help output lines that start with an option (``-h or -help`` gives both)."""
    options = {}
    for number, line in enumerate(path.read_text().split("\n"), 1):
        m = re.match(r"(--?[\w-]+)((?:/-[\w-]+)*)(?: or (--?[\w-]+))?", line)  # "-fda/-fdb file", "-h or -help"
        if m:
            for spelling in [m.group(1), *m.group(2).split("/")[1:], m.group(3)]:
                if spelling:
                    options.setdefault("-" + spelling.lstrip("-"), number)
    return options


def test_qd103_equals_the_help_options_the_hx_documents_nowhere():
    text = HX_7_2.read_text()
    documented = documented_options(text)
    for d in hx_defs(text):  # "-h or -help": a DEF is documented under any of its spellings
        if spellings_of(d) & documented:
            documented |= spellings_of(d)
    expected = {(rel(HELP), line) for name, line in help_options().items() if name not in documented}
    assert expected == {("debian-7.2/binary/help.txt", 465)}  # -xen-domid-restrict: its help is in -xen-attach's item
    assert found(with_debian(), "QD103") == expected


def test_qd104_equals_the_documented_options_missing_from_help_each_at_the_level_its_reason_gives():
    text = HX_7_2.read_text()
    listed = set(help_options())
    terms = {}
    for number, line in srst_terms(text):
        m = re.match(r"``(--?[\w-]+)", line)
        if m and not line.startswith(" "):
            terms.setdefault("-" + m.group(1).lstrip("-"), number)
    expected = {}
    for d in hx_defs(text):
        if d["name"] not in terms or d["name"] in listed:
            continue
        mask = d["mask"]
        other_targets = mask != "QEMU_ARCH_ALL" and "QEMU_ARCH_I386" not in mask
        hidden = not d["help"].strip()
        # x86_64 is the binary's target; for other targets only, hidden or built conditionally: information.
        severity = "info" if other_targets or hidden or d["conditions"] else "warning"
        expected[(rel(HX_7_2), terms[d["name"]])] = severity
    got = {(f["location"]["path"], f["location"]["line"]): f["severity"] for f in with_debian() if f["code"] == "QD104"}
    assert got == expected
    assert len(expected) == 5 and set(expected.values()) == {"info"}  # -g, -prom-env, -semihosting(-config), -old-param


# -- QD203: deprecated options kept past QEMU's policy --------------------------------


def rst_entries(path: Path) -> list[tuple[int, str, str]]:
    """(line, title, kind) of each entry of a deprecation/removal page (:func:`list_scan.list_entries`)."""
    return [(line, title, kind) for line, title, _body, kind, _depth in list_entries(path)]


def texinfo_entries(path: Path) -> list[tuple[int, str, str]]:
    """(line, title, kind) of each ``@subsection`` of the deprecation and removal chapters of a texinfo manual.

    A chapter (``@node``/``@appendix``/``@chapter``/``@section`` titled
    "Deprecated features" or "Recently removed features") sets the kind;
    another appendix or chapter ends it.
    """
    entries, kind = [], None
    for number, line in enumerate(path.read_text().split("\n"), 1):
        lowered = line.lower()
        if line.startswith(("@node", "@appendix", "@chapter", "@section", "@unnumbered")):
            if "removed features" in lowered:
                kind = "removal"
            elif "deprecated features" in lowered:
                kind = "deprecation"
            elif line.startswith(("@appendix", "@chapter", "@unnumbered")):
                kind = None
        elif line.startswith("@subsection ") and kind:
            entries.append((number, line[len("@subsection "):].strip(), kind))
    return entries


def list_files(release: str) -> list[tuple[Path, list[tuple[int, str, str]]]]:
    root = QEMU / release
    found_lists = [(p, rst_entries(p)) for p in sorted(root.glob("docs/*/deprecated.rst")) + sorted(root.glob("docs/*/removed-features.rst"))]
    for name in ("qemu-deprecated.texi", "qemu-doc.texi"):
        if (root / name).is_file():
            found_lists.append((root / name, texinfo_entries(root / name)))
    return found_lists


def releases_after(since: str, release: str) -> int | None:
    """How many feature releases ``release`` comes after ``since`` (counted from 2.10 for older deprecations)."""
    major_minor = lambda v: ".".join(v.split(".")[:2])  # noqa: E731
    start, now = major_minor(since), major_minor(release)
    if tuple(map(int, start.split("."))) < (2, 10):
        start = "2.10"
    if start not in FEATURE_RELEASES or now not in FEATURE_RELEASES:
        return None
    return FEATURE_RELEASES.index(now) - FEATURE_RELEASES.index(start)


_WHOLE_OPTION_HEADING_RE = re.compile(r"^(?:``)?(-[\w-]+)(?:``)? \(since (\d+\.\d+(?:\.\d+)?)\)$")


def test_qd203_equals_the_whole_option_entries_older_than_two_releases_whose_def_remains():
    expected = set()
    for release in RELEASES:
        hx = QEMU / release / "qemu-options.hx"
        defined = {d["name"] for d in hx_defs(hx.read_text())}
        for path, entries in list_files(release):
            for line, title, kind in entries:
                m = _WHOLE_OPTION_HEADING_RE.match(title)
                if kind != "deprecation" or not m or m.group(1) not in defined:
                    continue
                distance = releases_after(m.group(2), release)
                if distance is not None and distance > 2:
                    expected.add((rel(path), line))
    assert found(all_releases(), "QD203") == expected
    assert ("qemu/5.2.0/docs/system/deprecated.rst", 78) in expected  # -realtime since 4.1, still there in 5.2


# -- QD204: a deprecation's replacement that names no option ----------------------------

_INSTEAD_RE = re.compile(r"[^.]*\b(?:instead|replaced by|replacement|[Uu]se)\b[^.]*\.")
_OPTION_RE = re.compile(r"``(--?[a-z][\w-]*)")


def test_qd204_neither_the_scan_nor_lint_finds_an_unknown_replacement_on_any_release():
    """Every option the replacement sentence of a system-emulator command-line entry names is defined."""
    unknown = []
    for release in RELEASES:
        defined = {d["name"] for d in hx_defs((QEMU / release / "qemu-options.hx").read_text())}
        for path in sorted((QEMU / release).glob("docs/*/deprecated.rst")):
            area = None
            lines = path.read_text().split("\n")
            for number, (line, under) in enumerate(zip(lines, lines[1:] + [""]), 1):
                if under.startswith("---") and set(under) == {"-"}:
                    area = line
                lowered = (area or "").lower()
                if "command line" not in lowered or re.search(r"user[- ]mode|qemu-img|qemu-nbd|storage-daemon", lowered):
                    continue
                for sentence in _INSTEAD_RE.findall(line):
                    for name in _OPTION_RE.findall(sentence):
                        if "-" + name.lstrip("-") not in defined and name not in defined:
                            unknown.append((rel(path), number, name))
    assert unknown == []
    assert found(all_releases(), "QD204") == set()


# -- QD302: the built HTML gives the .hx's synopses -------------------------------------


def _rst_inline_text(term: str) -> str:
    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False}
    document = docutils.core.publish_doctree(term, settings_overrides=settings)
    return " ".join(document.astext().split())


def hx_synopses(hx: Path) -> dict[str, set[str]]:
    """Option -> the text of its top-level SRST terms, as docutils renders them."""
    synopses: dict[str, set[str]] = {}
    for _, line in srst_terms(hx.read_text()):
        if line.startswith(" ") or not re.match(r"``--?[\w-]", line):
            continue
        text = _rst_inline_text(line.strip())
        synopses.setdefault("-" + re.match(r"--?([\w-]+)", text).group(1), set()).add(text)
    return synopses


def html_synopses(page: Path) -> dict[str, set[str]]:
    """Option -> the text of the ``<dt>`` terms of the page's option lists that start with an option."""
    tree = lxml.html.fromstring(page.read_bytes())
    synopses: dict[str, set[str]] = {}
    for dt in tree.iter("dt"):
        if dt.getparent() is None or dt.getparent().getparent() is None:
            continue
        text = " ".join(dt.text_content().replace("\u00b6", "").split())
        m = re.match(r"--?([\w-]+)", text)
        if m and not (dt.getparent().getparent().tag == "dd"):  # a sub-option's item sits inside an option's <dd>
            synopses.setdefault("-" + m.group(1), set()).add(text)
    return synopses


HTML_PAIRS = [
    (QEMU / "7.2.0" / "qemu-options.hx", CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"),
    *[(QEMU / r / "qemu-options.hx", CORPUS / "built" / r / "qemu-manpage.html")
      for r in ("5.0.0", "6.2.0", "7.2.0", "8.2.0", "9.2.0", "10.2.0")],
]


@pytest.mark.parametrize("hx,page", HTML_PAIRS, ids=lambda p: rel(p) if isinstance(p, Path) else str(p))
def test_qd302_neither_the_scan_nor_lint_finds_a_page_with_other_synopses(hx, page):
    assert page.is_file(), page
    ours, theirs = hx_synopses(hx), html_synopses(page)
    differing = {name: (ours[name], theirs[name]) for name in ours.keys() & theirs.keys() if ours[name] != theirs[name]}
    assert len(ours.keys() & theirs.keys()) > 100
    assert differing == {}
    assert found(with_page(hx, page), "QD302") == set()


# -- QD303: a property's default in -help and in its documentation ------------------------

_HELP_DEFAULT_RE = re.compile(r"^\s+(?:property\s+)?([A-Za-z][\w.-]*)=\S*.*?\(default(?::|=)?\s*([^)]+?)\s*\)", re.M)
_DOC_DEFAULT_RE = re.compile(
    r"\(default(?::|=| is)?\s*([^)]+?)\s*\)|[Dd]efault(?:s to| is| value is)\s+(?:``|@var\{|@code\{)?([\w.-]+)"
)
#: A default stated under a condition describes what another value resolves to (vmport's "auto"), not the default.
_CONDITIONAL_RE = re.compile(r"\b(?:if|for|when|unless|otherwise)\b", re.I)


def documentation_blocks(text: str, markup: str) -> dict[str, list[list[tuple[int, str]]]]:
    """DEF name -> the numbered lines of each SRST (or STEXI) block after it."""
    opening, closing = ("SRST", "ERST") if markup == "rst" else ("STEXI", "ETEXI")
    blocks: dict[str, list] = {}
    current, block = None, None
    for number, line in enumerate(text.split("\n"), 1):
        m = re.match(r'DEF\("([^"]+)"', line)
        if m:
            current = "-" + m.group(1)
        elif line.startswith(opening) and current:
            block = []
            blocks.setdefault(current, []).append(block)
        elif line.startswith(closing):
            block = None
        elif block is not None:
            block.append((number, line))
    return blocks


def item_defaults(block: list[tuple[int, str]], markup: str) -> dict[str, tuple[int, str, set[str]]]:
    """key -> (line, default its text states, its choices) for each ``key=...`` item of a block that states one."""
    items = {}
    for index, (number, line) in enumerate(block):
        term = re.match(r"(\s*)``([\w.-]+)=([^`]*)``", line) if markup == "rst" else re.match(r"()@item ([\w.-]+)=(\S*)", line)
        if not term:
            continue
        body = [line[term.end():]]
        for _, following in block[index + 1 :]:
            if markup == "rst" and following.strip() and len(following) - len(following.lstrip()) <= len(term.group(1)):
                break
            if markup == "texinfo" and following.startswith(("@item", "@end")):
                break
            body.append(following)
        choices = {c.strip("[]<>").lower() for c in term.group(3).split("|")} if "|" in term.group(3) else set()
        for sentence in re.split(r"(?<=\.)\s", " ".join(" ".join(body).split())):
            m = _DOC_DEFAULT_RE.search(sentence)
            if m and not _CONDITIONAL_RE.search(sentence[: m.start()]):
                value = (m.group(1) or m.group(2)).strip("'\"`.}").lower()
                if not choices or value in choices:
                    items[term.group(2)] = (number, value, choices)
                break
    return items


def test_qd303_neither_the_scan_nor_lint_finds_a_default_stated_differently_on_any_release():
    compared, differing = 0, []
    for release in RELEASES:
        text = (QEMU / release / "qemu-options.hx").read_text()
        markup = "rst" if "\nSRST" in text else "texinfo"
        blocks = documentation_blocks(text, markup)
        for d in hx_defs(text):
            help_defaults = {k: v.strip().strip("'\"").lower() for k, v in _HELP_DEFAULT_RE.findall(d["help"])}
            for block in blocks.get(d["name"], []):
                for key, (line, value, _) in item_defaults(block, markup).items():
                    if key in help_defaults:
                        compared += 1
                        if value != help_defaults[key]:
                            differing.append((release, d["name"], key, line, help_defaults[key], value))
    assert compared >= 150  # -machine dump-guest-core=, nvdimm=, hmat=... in every release
    assert differing == []
    assert found(all_releases(), "QD303") == set()


# -- QD304: an option under an ARCHHEADING whose DEF mask does not fit it -------------------


def test_qd304_neither_the_scan_nor_lint_finds_an_option_outside_its_archheading_on_any_release():
    under, misfits = 0, []
    for release in RELEASES:
        for d in hx_defs((QEMU / release / "qemu-options.hx").read_text()):
            kind, heading_mask = d["heading"]
            if kind != "ARCHHEADING":
                continue
            under += 1
            heading_targets = set(re.findall(r"QEMU_ARCH_\w+", heading_mask))
            targets = set(re.findall(r"QEMU_ARCH_\w+", d["mask"]))
            if "QEMU_ARCH_ALL" in targets or not targets & heading_targets:
                misfits.append((release, d["name"], d["mask"], heading_mask))
    assert under >= 26  # at least -no-fd-bootchk's i386 heading in every release
    assert misfits == []
    assert found(all_releases(), "QD304") == set()


# -- QD305: removal entries whose heading says "since" ------------------------------------


def test_qd305_equals_the_removal_headings_that_say_since():
    expected = set()
    for release in RELEASES:
        for path, entries in list_files(release):
            for line, title, kind in entries:
                if kind == "removal" and re.search(r"\(since \d+\.\d+", title) and "removed in" not in title:
                    expected.add((rel(path), line))
    assert ("qemu/7.2.0/docs/about/removed-features.rst", 406) in expected  # ``-watchdog`` (since 7.2)
    assert ("qemu/4.2.0/qemu-deprecated.texi", 387) in expected  # texinfo: "Recently removed features"
    assert found(all_releases(), "QD305") == expected


# -- QD402: synopses whose brackets do not balance ------------------------------------------


def unbalanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def help_synopses(help_text: str) -> list[str]:
    """The synopses of a DEF's help text: a line opening with the option, and the indented ``[,...`` lines continuing it."""
    synopses = []
    for line in help_text.split("\n"):
        if line.startswith("-"):
            synopses.append(re.split(r"\s{2,}", line, maxsplit=1)[0])
        elif synopses and line.strip().startswith(("[", ",")) and len(line) - len(line.lstrip()) < 16:
            synopses[-1] += line.strip()
    return synopses


def documented_synopsis_lines(text: str, texinfo: bool) -> list[tuple[int, str]]:
    """Terms of the SRST blocks, and (when the STEXI blocks are the documentation) their ``@item`` lines."""
    lines = srst_terms(text)
    if texinfo:
        inside = False
        for number, line in enumerate(text.split("\n"), 1):
            if line.startswith(("STEXI", "ETEXI")):
                inside = line.startswith("STEXI")
            elif inside and line.startswith(("@item ", "@itemx ")):
                lines.append((number, line.split(" ", 1)[1]))
    return lines


def test_qd402_equals_the_synopses_whose_brackets_do_not_balance():
    """-help synopses (at the line of the DEF's first help string) and documented terms (at the term's line)."""
    expected = set()
    for release in RELEASES:
        hx = QEMU / release / "qemu-options.hx"
        text = hx.read_text()
        for d in hx_defs(text):
            if any(unbalanced(synopsis) for synopsis in help_synopses(d["help"])):
                expected.add((rel(hx), d["help_line"]))
        texinfo = "\nSRST" not in text  # 4.2.50's STEXI blocks only check its SRST ones
        for number, line in documented_synopsis_lines(text, texinfo):
            if unbalanced(line):
                expected.add((rel(hx), number))
    assert ("qemu/7.2.0/qemu-options.hx", 1892) in expected  # -iscsi: header-digest's '[' never closed
    assert ("qemu/10.2.0/qemu-options.hx", 2303) in expected  # -spice: video-codec's and max-refresh-rate's
    assert ("qemu/5.0.0/qemu-options.hx", 4630) in expected  # -object colo-compare's term lacks its ']'
    assert found(all_releases(), "QD402") == expected


# -- QD105: -help property lines the documentation never names ---------------------------

_HELP_PROPERTY_RE = re.compile(r"^\s+(?:property\s+)?([A-Za-z][\w.|-]*)=", re.M)


def expand_prefixes(key: str) -> list[str]:
    """``in|out.dev`` names ``in.dev`` and ``out.dev``."""
    m = re.match(r"([\w-]+(?:\|[\w-]+)+)\.(.*)", key)
    return [f"{prefix}.{m.group(2)}" for prefix in m.group(1).split("|")] if m else [key]


def block_texts(text: str) -> dict[str, str]:
    """DEF name -> the text of the documentation blocks (SRST or STEXI) after it."""
    blocks: dict[str, list[str]] = {}
    current, inside = None, False
    for line in text.split("\n"):
        m = re.match(r'DEF\("([^"]+)"', line)
        if m:
            current = "-" + m.group(1)
        elif line.startswith(("SRST", "STEXI")):
            inside = True
        elif line.startswith(("ERST", "ETEXI")):
            inside = False
        elif inside and current:
            blocks.setdefault(current, []).append(line)
    return {name: "\n".join(lines) for name, lines in blocks.items()}


def test_qd105_equals_the_help_properties_the_documentation_names_nowhere():
    """A ``key=`` line of a DEF's help text whose key the DEF's blocks never write as ``key=``, ````key```` or ``@var{key}``."""
    expected = set()
    for release in RELEASES:
        hx = QEMU / release / "qemu-options.hx"
        text = hx.read_text()
        blocks = block_texts(text)
        for d in hx_defs(text):
            if d["name"] not in blocks:
                continue  # undocumented: QD101's
            keys = {k.lower() for key in _HELP_PROPERTY_RE.findall(d["help"]) if "<" not in key and not key.isupper()
                    for k in expand_prefixes(key)}
            block = blocks[d["name"]]
            words = re.findall(r"``([\w.|-]+)``", block) + re.findall(r"([\w.|-]+)=", block) + re.findall(r"@var\{([\w.-]+)\}", block)
            named = {k.lower() for word in words for k in expand_prefixes(word)}
            if keys - named:
                expected.add((rel(hx), d["help_line"]))
    assert ("qemu/8.2.0/qemu-options.hx", 275) in expected  # -smp: books= and drawers=
    assert ("qemu/4.0.0/qemu-options.hx", 431) in expected  # -audiodev: in|out.buffer-len=
    assert found(all_releases(), "QD105") == expected


# -- QD403: HTML pages whose decoded entities became tags ----------------------------------

#: Every element name of HTML (WHATWG), and the obsolete ones browsers still parse.
HTML_ELEMENTS = set("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup
data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head
header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript object
ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select slot small source
span strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track u ul var video wbr
svg path math center font tt big strike acronym frame frameset noframes marquee nobr
""".split())


def decoded_tags(page: Path) -> set[str]:
    """Names in ``<name>`` that are no HTML element: placeholders (``<file>``) a web view decoded into tags."""
    names = set()
    for m in re.finditer(r"<([A-Za-z][^\s>/]*)", page.read_text()):
        if m.group(1).lower() not in HTML_ELEMENTS:
            names.add(m.group(1).lower())
    return names


@pytest.mark.parametrize("page", SEEDS, ids=lambda p: p.name)
def test_qd403_equals_the_placeholders_turned_into_tags(page):
    expected = decoded_tags(page)
    assert {"file", "addr"} <= expected
    reported = {
        re.match(r"<([^>\s]+)", f["message"]).group(1).lower()
        for f in seeds() if f["code"] == "QD403" and f["location"]["path"] == rel(page)
    }
    assert reported == expected
    # Sphinx's own pages, entities intact, have none.
    assert decoded_tags(CORPUS / "debian-7.2" / "html" / "qemu-manpage.html") == set()
    assert found(with_debian(), "QD403") == set()


# -- QD102: documented options nothing defines -------------------------------------------


def def_spellings(text: str) -> set[str]:
    """Every DEF's name and the spellings its help text gives it."""
    return {name for d in hx_defs(text) for name in spellings_of(d)}


def test_qd102_neither_the_scan_nor_lint_finds_a_documented_option_without_a_def():
    """Top-level terms of every qemu-options.hx (SRST, or STEXI ``@item``), and the built HTML's, each name a DEF."""
    undefined = []
    for release in RELEASES:
        hx = QEMU / release / "qemu-options.hx"
        text = hx.read_text()
        known = def_spellings(text)
        if "\nSRST" in text:
            terms = [(n, line) for n, line in srst_terms(text) if not line.startswith(" ")]
        else:
            terms = [(n, line.split(" ", 1)[1]) for n, line in enumerate(text.split("\n"), 1) if re.match(r"@itemx? -", line)]
        assert len(terms) > 150, release
        for number, term in terms:
            m = re.match(r"(?:``)?(--?[\w-]+)", term)
            if m and "-" + m.group(1).lstrip("-") not in known:
                undefined.append((rel(hx), number))
    for hx, page in HTML_PAIRS:
        known = def_spellings(hx.read_text())
        undefined += [(rel(page), name) for name in html_synopses(page) if name not in known]
    assert undefined == []
    assert found(all_releases(), "QD102") == set()
    for hx, page in HTML_PAIRS:
        assert found(with_page(hx, page), "QD102") == set()
