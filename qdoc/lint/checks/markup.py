"""Markup: texinfo leaking into other formats, damaged synopses and HTML, reader warnings."""

from __future__ import annotations

import re

from ...model import Location, all_synopses
from ...synopsis import bracket_problems
from ..copies import plain
from ..rules import rule

# In HTML the "@" may be written as a character reference (Sphinx writes
# ``&#64;``), so the leak is matched in both spellings.
_LEAK_RE = re.compile(
    r"(?:@|&#64;|&#x40;|&commat;)"
    r"(?:var|code|option|samp|file|emph|strong|url|uref|ref|xref|pxref|value|dots|key|kbd|env|command|math|minus)\{"
)
#: Formats whose text must not contain texinfo markup.
_NOT_TEXINFO = ("html", "man", "help", "rst")


def _hx_rst_lines(text: str):
    """Lines of an .hx file that reach rST or -help output, each with what it is part of.

    SRST blocks are rST (``"SRST text"``); the other lines outside STEXI
    blocks are the DEF calls whose help strings ``-help`` prints (``"DEF
    help text"``).  STEXI blocks are texinfo by right, and HXCOMM lines are
    comments.
    """
    part = "DEF help text"
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("STEXI"):
            part = None
        elif line.startswith("SRST"):
            part = "SRST text"
        elif line.startswith(("ETEXI", "ERST")):
            part = "DEF help text"
        elif part and not line.startswith("HXCOMM"):
            yield number, line, part


#: What each kind of file does with texinfo markup, and so where it must be fixed.
_LEAK_PLACES = {
    "rst": ("rST text", "rST shows it as written"),
    "html": ("HTML page", "readers see it as written; fix it in the .hx or rST the page is built from"),
    "man": ("man page", "readers see it as written; fix it in the .hx or rST the page is built from"),
    "help": ("-help output", "users see it as written; fix it in the DEF's help text"),
}


def _leak_advice(snippet: str, place: str, why: str) -> str:
    """What the leak is and what to write instead, in plain text: a man page's ``input\\-policy\\fP`` is ``input-policy``.

    A snippet runs to the first ``}`` after its markup, so a closed one ends
    with it; what to write is the text after the last ``{`` (``@var{@code{x}``,
    nested markup cut at its inner brace, is ``x``).
    """
    inner = plain(snippet[snippet.rfind("{") + 1 : -1]) if snippet.endswith("}") else ""
    fix = f"write {inner!r} without the markup" if inner else "remove it, or name the placeholder"
    return f"texinfo markup {snippet!r} in the {place}: {why}; {fix}"


def texinfo_leak(release, project):
    """Texinfo markup (``@var{...}``, ``@code{``...) leaked into rST, HTML, man or -help text.

    QEMU's 2020 move from texinfo to rST left ``@var{}`` behind in places;
    it then shows up verbatim in the HTML, the man page and ``-help``.
    Reported at each occurrence, with its column.
    """
    for source in release.files:
        if source.format == "hx":
            lines = _hx_rst_lines(source.text)
        elif source.format in _NOT_TEXINFO:
            place, why = _LEAK_PLACES[source.format]
            lines = ((number, line, place) for number, line in enumerate(source.text.split("\n"), 1))
        else:
            continue
        for number, line, place in lines:
            if "@" not in line and "&#" not in line and "&commat;" not in line:
                continue
            for m in _LEAK_RE.finditer(line):
                end = line.find("}", m.end())
                snippet = line[m.start() : end + 1 if end >= 0 else m.end() + 10]
                written = snippet
                for reference in ("&#64;", "&#x40;", "&commat;"):
                    snippet = snippet.replace(reference, "@")
                if source.format == "hx":
                    why = "rST shows it as written" if place == "SRST text" else "-help prints it as written"
                yield texinfo_leak.rule.finding(
                    _leak_advice(snippet, place, why), Location(source.path, number, m.start() + 1), text=written
                )


def synopsis_brackets(release, project):
    """A synopsis has unbalanced ``[`` / ``]``."""
    for source in release.files:
        for option in source.option_set.options:
            for synopsis in all_synopses(option):
                for problem in synopsis.problems:
                    yield synopsis_brackets.rule.finding(
                        f"the documented synopsis {synopsis.text!r} has {problem}: balance its brackets", synopsis.location,
                        text=synopsis.text,
                    )
            for line in option.help_synopses:
                for problem in bracket_problems(line):
                    yield synopsis_brackets.rule.finding(
                        f"the -help synopsis {line!r} has {problem}: balance its brackets in the DEF's help text",
                        option.locations.get("help"),
                        text=line,
                    )


#: Reader diagnostics that are findings of a specific rule, or covered by one.
_READER_CODES = {
    "hx-undefined-option": None,  # QD102
    "hx-undocumented-def": None,  # QD101
    "hx-no-option-term": None,  # QD101
    "hx-intro-item": None,
}


#: Reader diagnostics about a content convention (heading styles): QD305's and QD501's, not QD001's.
_CONTENT_CONVENTION_CODES = frozenset({"rst-heading-convention", "rst-entry-level"})


#: What the HTML reader reports when a page's entities were decoded (placeholders parsed as tags).
_HTML_DAMAGE_CODES = frozenset({"html-entity-damage"})


def _is_html_damage(source, diagnostic) -> bool:
    """A reader diagnostic about a damaged HTML page: QD403's, not QD001's."""
    return source.format == "html" and diagnostic.code in _HTML_DAMAGE_CODES


def html_damage(release, project):
    """An HTML page was damaged (decoded entities turned placeholders into tags)."""
    for source in release.files:
        for diagnostic in source.option_set.diagnostics:
            if _is_html_damage(source, diagnostic):
                yield html_damage.rule.finding(
                    f"{diagnostic.message}: publish the page as Sphinx built it, not a copy whose entities were decoded",
                    diagnostic.location,
                )


def reader_warning(release, project):
    """A reader reported a problem in its input (structure it could not follow, markup it did not know).

    Every reader diagnostic of severity warning that no other rule covers
    is a finding, so nothing a reader noticed is lost.  What the input says
    against a content convention (a list heading with no version) is not a
    reading problem and has its own codes (QD305, QD501).
    """
    for source in release.files:
        for diagnostic in source.option_set.diagnostics:
            if diagnostic.severity != "warning" or diagnostic.code in _READER_CODES:
                continue
            if _is_html_damage(source, diagnostic):
                continue  # QD403
            if diagnostic.code in _CONTENT_CONVENTION_CODES:
                continue  # QD305 and QD501: the content breaks a convention, the reader had no problem
            yield reader_warning.rule.finding(
                f"{diagnostic.message} [{diagnostic.code}]", diagnostic.location,
                reader_code=diagnostic.code, text=_quoted(diagnostic.message),
            )


#: What a reader's message quotes: ``item 'sgx-epc.0.memdev=...' names no option``.
_QUOTED_RE = re.compile(r"'((?:[^'\\]|\\.)+)'")


def _quoted(message: str) -> str | None:
    """The input text a reader diagnostic quotes, or None.

    A reader's :class:`~qdoc.model.Diagnostic` keeps no field for it; its
    message quotes it, so it is taken from there once, here, and handed on
    as the finding's ``text``.
    """
    m = _QUOTED_RE.search(message)
    return m.group(1) if m else None


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD401", "texinfo-leak")(texinfo_leak)
rule("QD402", "synopsis-brackets")(synopsis_brackets)
rule("QD403", "html-damage")(html_damage)
rule("QD001", "reader-warning")(reader_warning)
