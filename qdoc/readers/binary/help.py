"""Reader for the output of ``qemu-system-* -help``: the binary's own option list.

``-help`` prints, for the binary's target, the help string of every ``DEF``
of ``qemu-options.hx`` in file order, under the ``DEFHEADING`` titles::

    QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)
    usage: qemu-system-x86_64 [options] [disk_image]
    ...
    Standard options:
    -h or -help     display this help and exit
    -machine [type=]name[,prop[=value][,...]]
                    selects emulated machine ('-machine help' for list)

A line that starts with ``-`` in column 0 begins an option; the lines below
it, up to the next option or heading, are its help.  The synopsis is cut
from the explanation by two spaces, or at column 16 where QEMU aligns help
text after a long name (``-option-rom rom load a file``).  ``-h or -help``
spells one option (the longer name is canonical, as in the DEF);
``-fda/-fdb file`` two.  Headings are unindented lines ending in ``:`` after
a blank line; the text before the first heading and the key bindings after
the options are kept as sections too.  Output that is not QEMU's is an error.
"""

from __future__ import annotations

import re

from ..._gc import collector_paused
from ...model import Deprecation, Diagnostic, Location, Option, OptionSet, Section, Source, canonical_option_name
from ...prose import deprecation_sentences, replacement, stated_since

FORMAT = "help"

_VERSION_RE = re.compile(r"^QEMU emulator version (\d+\.\d+(?:\.\d+)?)", re.M)
_USAGE_RE = re.compile(r"^usage: (qemu-system-([\w-]+))\b", re.M)
_OPTION_LINE_RE = re.compile(r"^--?[A-Za-z0-9]")
_NAME_RE = re.compile(r"--?[A-Za-z0-9][\w.-]*")
_ALIGN_COLUMN = 16


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import help as sniff  # noqa: E402,F401


def split_help_line(line: str) -> tuple[str, str]:
    """``-cpu cpu        select CPU`` -> (``-cpu cpu``, ``select CPU``).

    The explanation starts after the first run of spaces that reaches the
    alignment column (``-dtb    file    use 'file'...`` has a gap inside its
    synopsis), or at the column itself after a name that fills it.
    """
    line = line.rstrip()
    for gap in re.finditer(r"\s{2,}", line):
        if gap.end() >= _ALIGN_COLUMN - 1:
            return " ".join(line[: gap.start()].split()), line[gap.end():].strip()
    if len(line) > _ALIGN_COLUMN and line[_ALIGN_COLUMN - 1] == " " and line[_ALIGN_COLUMN - 2] != " ":
        return line[: _ALIGN_COLUMN - 1].strip(), line[_ALIGN_COLUMN:].strip()
    return " ".join(line.split()), ""


def is_continuation(line: str) -> bool:
    """Whether a help line carries on the synopsis above it (``         [,ipv6=on|off]...``).

    QEMU spreads a long synopsis over several C string lines; the lines after
    the first start, after any indentation, with ``[`` or ``,``.  Explanations
    never do, so the test needs no column.
    """
    return line.lstrip().startswith(("[", ","))


def continuation_text(line: str) -> str:
    """The synopsis part of a continuation line: its text up to any gap of two spaces."""
    return re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]


def help_synopses(help_text: str) -> list[str]:
    """The synopses of an option's help text, one per form, continuation lines joined.

    ``-netdev user,id=str[,ipv4=on|off]...`` and the five lines below it are
    one synopsis; a bracket opened on one line and closed on the next is
    balanced, and one never closed shows as such (QD402).
    """
    synopses: list[str] = []
    following = False
    for line in help_text.split("\n"):
        if line.startswith("-"):
            synopses.append(split_help_line(line)[0])
            following = True
        elif following and is_continuation(line):
            synopses[-1] += continuation_text(line)
        else:
            following = False
    return synopses


def option_spellings(synopsis: str) -> list[list[str]]:
    """Options a synopsis names, each as its spellings: ``-h or -help`` -> [[-h, -help]]."""
    head = synopsis.split(" ", 1)[0]
    groups = [[name] for name in head.split("/") if _NAME_RE.fullmatch(name)]
    rest = synopsis[len(head):]
    while groups:
        m = re.match(r"\s+or\s+(--?[A-Za-z0-9][\w.-]*)", rest)
        if not m:
            break
        groups[-1].append(m.group(1))
        rest = rest[m.end():]
    return groups


class HelpReader:
    """One pass over one ``-help`` text; use :func:`read_help`."""

    def __init__(self, text: str, path: str, release: str | None, program: str | None):
        self.lines = text.split("\n")
        self.path = path
        self.option_set = OptionSet(program=program or "qemu-system", source=Source(format=FORMAT, path=path), release=release)
        self.by_name: dict[str, Option] = {}
        self.section: Section | None = None
        self.current: list[Option] = []
        #: The text lines of each option (help) and section (description), by ``id``:
        #: joined once in :meth:`_finish`, since appending to an attribute is quadratic.
        self.texts: dict[int, list[str]] = {}

    def loc(self, line: int) -> Location:
        return Location(self.path, line)

    def report(self, severity: str, code: str, message: str, line: int) -> None:
        self.option_set.diagnostics.append(Diagnostic(severity, code, message, self.loc(line)))

    def read(self) -> OptionSet:
        text = "\n".join(self.lines)
        version = _VERSION_RE.search(text)
        usage = _USAGE_RE.search(text)
        if not usage:
            self.report("error", "help-not-qemu", "not the -help output of a QEMU system emulator (no 'usage: qemu-system-...' line)", 1)
            return self.option_set
        if version and not self.option_set.release:
            self.option_set.release = version.group(1)
        self.option_set.target = usage.group(2)
        self.section = Section(title="", location=self.loc(1), kind="preamble")
        self.option_set.sections.append(self.section)
        previous_blank = True
        for number, line in enumerate(self.lines, 1):
            if not line.strip():
                previous_blank = True
                self._text(line, number)
                continue
            if _OPTION_LINE_RE.match(line):
                self._option_line(line, number)
            elif previous_blank and not line[0].isspace() and line.rstrip().endswith(":"):
                self._heading(line, number)
            else:
                self._text(line, number)
            previous_blank = False
        self._finish()
        return self.option_set

    def _heading(self, line: str, number: int) -> None:
        self.section = Section(title=line.strip().rstrip(":").strip(), location=self.loc(number))
        self.option_set.sections.append(self.section)
        self.current = []

    def _text(self, line: str, number: int) -> None:
        if self.current:
            for option in self.current:
                self._append(option, line)
        elif self.section is not None and (line.strip() or id(self.section) in self.texts):
            self._append(self.section, line)

    def _append(self, owner: Option | Section, line: str) -> None:
        self.texts.setdefault(id(owner), []).append(line + "\n")

    def _option_line(self, line: str, number: int) -> None:
        synopsis, _ = split_help_line(line)
        groups = option_spellings(synopsis)
        if not groups:
            self.report("warning", "help-option-line", f"option line names no option: {line.strip()[:60]!r}", number)
            self._text(line, number)
            return
        options = []
        for spellings in groups:
            name = canonical_option_name(max(spellings, key=len))
            option = self.by_name.get(name)
            if option is None or option not in self.current:
                option = option or self._new_option(name, spellings, synopsis, number)
            options.append(option)
            for spelling in spellings:
                if spelling != name and spelling not in option.aliases:
                    option.aliases.append(spelling)
        self.current = options
        for option in options:
            self._append(option, line)

    def _new_option(self, name: str, spellings: list[str], synopsis: str, number: int) -> Option:
        if name in self.by_name:
            self.report("warning", "help-duplicate-option", f"{name} is listed again, apart from its first listing", number)
            return self.by_name[name]
        option = Option(name=name)
        option.has_argument = len(synopsis.split()) > 1 + 2 * (len(spellings) - 1)
        option.locations["help"] = self.loc(number)
        if self.section is not None and self.section.kind != "preamble":
            option.section = self.section.title
            option.locations["section"] = self.section.location
        self.by_name[name] = option
        self.option_set.options.append(option)
        return option

    def _finish(self) -> None:
        for option in self.option_set.options:
            option.help = "".join(self.texts.get(id(option), ())).rstrip("\n") + "\n"
            # A synopsis printed twice (one per build branch) is one synopsis.
            option.help_synopses = list(dict.fromkeys(help_synopses(option.help)))
            line = option.locations["help"].line
            for sentence in deprecation_sentences(option.help or ""):
                option.deprecations.append(
                    Deprecation(sentence, self.loc(line), "help", since=stated_since(sentence), replacement=replacement(sentence))
                )
        for section in self.option_set.sections:
            section.description = "".join(self.texts.get(id(section), ())).strip("\n")
        if not self.option_set.options:
            self.report("error", "help-no-options", "no option lines found", 1)


@collector_paused
def read_help(text: str, path: str, *, release: str | None = None, program: str | None = None) -> OptionSet:
    """Read ``qemu-system-* -help`` output into an option set (program ``qemu-system``)."""
    return HelpReader(text, path, release, program).read()
