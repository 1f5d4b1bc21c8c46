"""qemu-img's rendered pages read to one structure: its commands, each documented once.

The facts are taken from the sources, not from qdoc: the commands are the
``DEF("name", ...)`` lines of the release's ``qemu-img-cmds.hx`` and each
command's synopsis is the ``.. option::`` (SRST) or ``@item`` (STEXI) line
that follows its DEF, scanned here with regular expressions.  The rendered
pages list every command (from that .hx) and document it again in its own
section; the image formats (``raw``, ``qcow2``, ``Other``), their creation
options (``preallocation``, ``compat``, ``nocow``) and the command parameters
(``filename``, ``fmt``, ``snapshot``) are not commands.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPUS, QEMU
from qdoc.readers import read

RELEASES = ("2.12.0", "4.2.0", "7.2.0", "10.2.0")

_DEF_RE = re.compile(r'^DEF\("([^"]+)"')
_DOC_LINE_RE = re.compile(r"^(?:\.\. option::|@item)\s+(.*)$")
_TEXI_VAR_RE = re.compile(r"@var\{([^}]*)\}")


def hx_commands(release: str) -> dict[str, str]:
    """Each DEF line's command and the synopsis its SRST/STEXI block documents, in file order."""
    commands: dict[str, str] = {}
    current = None
    for line in (QEMU / release / "qemu-img-cmds.hx").read_text().splitlines():
        m = _DEF_RE.match(line)
        if m:
            current = m.group(1)
            commands[current] = ""
            continue
        m = _DOC_LINE_RE.match(line)
        if m and current is not None and not commands[current]:
            commands[current] = _TEXI_VAR_RE.sub(r"\1", m.group(1))
    return commands


def rendered_pages(release: str) -> list[Path]:
    built = CORPUS / "built" / release
    pages = [built / "qemu-img.1", built / "qemu-img.html", built / "sphinx-5.3" / "qemu-img.1", built / "sphinx-5.3" / "qemu-img.html"]
    if release == "7.2.0":
        pages.append(CORPUS / "debian-7.2" / "man" / "qemu-img.1")
    return [page for page in pages if page.is_file()]


def reading(path: Path, **options):
    return read(path.read_text(encoding="utf-8"), str(path), **options)


def commands_of(option_set) -> dict:
    return {option.name: option for option in option_set.options if not option.name.startswith("-")}


def words(text: str) -> str:
    return " ".join(text.split())


PAGES = [(release, page) for release in RELEASES for page in rendered_pages(release)]
# pod2man 2.12 and 4.2; 7.2 and 10.2: two Sphinx builds x (HTML, man), and Debian's 7.2 man page.
assert len(PAGES) == 1 + 1 + 5 + 4, PAGES


@pytest.mark.parametrize("release,page", PAGES, ids=[str(p.relative_to(CORPUS)) for _, p in PAGES])
def test_commands_are_the_def_lines(release, page):
    """Every command of the page is a DEF line and every DEF line is read, once, with its own synopsis.

    Before: 2.12/4.2 pod2man made ``raw`` and ``Other`` (not ``qcow2``) and
    ``filename``, ``fmt``, ``size``, ``options`` commands; 7.2's man page
    made the qcow2 creation options ``preallocation``, ``compat``,
    ``encryption``, ``nocow`` commands.
    """
    expected = hx_commands(release)
    option_set = reading(page)
    assert option_set.program == "qemu-img"
    commands = commands_of(option_set)
    assert sorted(commands) == sorted(expected)
    for name, synopsis in expected.items():
        command = commands[name]
        assert words(command.synopses[0].text) == words(synopsis), name
    # and the .hx reader reads the same commands with the same synopses
    hx = reading(QEMU / release / "qemu-img-cmds.hx")
    assert [(o.name, [words(s.text) for s in o.synopses]) for o in hx.options] == [(name, [words(synopsis)]) for name, synopsis in expected.items()]


@pytest.mark.parametrize("release,page", PAGES, ids=[str(p.relative_to(CORPUS)) for _, p in PAGES])
def test_a_command_documented_twice_is_one_command(release, page):
    """The list entry and the command's own section are one command with no forms.

    Before: the second documentation turned both into forms named after the
    first argument (``create`` had the forms ['--object', '--object']).  The
    description comes from the section (the list entry has none).
    """
    for name, command in commands_of(reading(page)).items():
        assert [s.name for s in command.suboptions if s.kind == "form"] == [], name
        assert command.description.strip(), name
        texts = [words(s.text) for s in command.synopses]
        assert len(texts) == len(set(texts)), name
        assert all(text.split(" ", 1)[0] == name for text in texts), name


#: Where the readings of one release may differ, and why.  Empty: the HTML and
#: man pages of a Sphinx build agree on every command and option.
RENDERED_DIFFERENCES: dict[tuple[str, str], str] = {}


def structure(option_set) -> dict[str, tuple]:
    """Per option or command: its synopses and its sub-options' names and kinds."""
    return {
        option.name: ([words(s.text) for s in option.synopses], [(s.name, s.kind) for s in option.suboptions])
        for option in option_set.options
    }


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_html_and_man_read_the_same_commands_and_options(release):
    built = CORPUS / "built" / release
    html = structure(reading(built / "qemu-img.html"))
    man = structure(reading(built / "qemu-img.1"))
    differences = {name for name in set(html) | set(man) if html.get(name) != man.get(name)}
    assert differences == {name for (rel, name) in RENDERED_DIFFERENCES if rel == release}
    if release == "7.2.0":
        assert structure(reading(CORPUS / "debian-7.2" / "man" / "qemu-img.1")) == man


#: texinfo (qemu-img.texi with the build's qemu-img-cmds.texi) against the
#: pod2man page built from it: what differs, and why.
TEXINFO_DIFFERENCES = {
    "commands": "the texinfo reader reads no qemu-img command: its tables take only '-' terms "
                "(qdoc/readers/texinfo, not changed here); the man page's commands are checked against the .hx above",
    "-a": "the snapshot parameters table opens with '@item snapshot', which the texinfo reader does not read past",
    "-d": "as -a",
    "-l": "as -a",
    "-c": "documented twice (convert's compress flag, snapshot's create): man makes two forms; texinfo reads snapshot's table not at all",
}


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_texinfo_and_man_read_the_same_options(release):
    texinfo = structure(reading(QEMU / release / "qemu-img.texi", include_dirs=[str(CORPUS / "built" / release)]))
    man = structure(reading(CORPUS / "built" / release / "qemu-img.1"))
    differences = {name for name in set(texinfo) | set(man) if texinfo.get(name) != man.get(name)}
    commands = set(hx_commands(release))
    assert differences - commands == set(TEXINFO_DIFFERENCES) - {"commands"}
    # TEXINFO_DIFFERENCES["commands"]: the man page's commands, and nothing else, are missing from texinfo
    assert differences & commands == commands and not any(name in texinfo for name in commands)


@pytest.mark.parametrize("release,page", PAGES, ids=[str(p.relative_to(CORPUS)) for _, p in PAGES])
def test_the_list_of_commands_is_not_reported(release, page):
    """A command listed without a body (hxtool-doc's list) is not a term missing its definition.

    Before: every listed command (Sphinx) or the last one (pod2man) was
    reported as ``*-grouped-term``: "has no definition".
    """
    commands = set(hx_commands(release))
    for diagnostic in reading(page).diagnostics:
        assert not (diagnostic.code.endswith("-grouped-term") and diagnostic.message.split("'")[1].split(" ", 1)[0] in commands), diagnostic
        assert not diagnostic.code.endswith("-undescribed-command"), diagnostic


LISTED_ONLY = """.TH QEMU-IMG 1
.SH OPTIONS
The following commands are supported:
.TP
.B amend [\\-p] FILENAME
.TP
.B check [\\-q] FILENAME
.PP
Command description:
.TP
.B check [\\-q] FILENAME
Perform a consistency check.
"""


def test_a_listed_command_described_nowhere_is_reported():
    option_set = read(LISTED_ONLY, "qemu-img.1", fmt="man")
    assert sorted(o.name for o in option_set.options) == ["amend", "check"]
    found = [(d.code, d.location.line) for d in option_set.diagnostics if d.code.startswith("man-") and "command" in d.code]
    assert found == [("man-undescribed-command", 5)]
    check = next(o for o in option_set.options if o.name == "check")
    assert check.description.strip() == "Perform a consistency check." and check.suboptions == []
