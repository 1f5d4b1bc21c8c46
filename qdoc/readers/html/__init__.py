"""Reader for Sphinx-built HTML pages (``qemu-manpage.html``, ``guest-loader.html``...).

What users have installed is rendered documentation, not .hx files.  This
reader reads a Sphinx page back into the option model with the .hx
reader's conventions (see :mod:`qdoc.readers.common.outline_options`), so an
installed QEMU's documentation can be diffed against a release's sources.

The page is parsed with lxml directly (the whole read must stay within a
small multiple of lxml's own parse time, which rules out BeautifulSoup's
tree building); line numbers are lxml's ``sourceline``.  The generator and
theme are detected rather than assumed:

- the main text is the theme's article body (Read-the-Docs
  ``itemprop="articleBody"``, the basic/alabaster/classic ``div.body``,
  ``<main>``, ``<article>``), so navigation, sidebars and footers never
  reach the model; a page without any is read whole, furniture skipped;
- sections are HTML5 ``<section>`` (docutils >= 0.18) or ``<div
  class="section">``; both are just containers of headings here;
- definition lists are read whatever their class (``docutils``,
  ``simple``, ``std option``).

Damaged pages (entities decoded by a web view, so ``<file>`` is a tag) are
recovered and reported (``html-entity-damage``); a page with no line
breaks is reported once (``html-collapsed-lines``).
"""

from __future__ import annotations

import os
import re

from lxml import etree

from ..._gc import collector_paused
from ...model import Diagnostic, Location, OptionSet, Source
from .blocks import BLOCK_TAGS, INLINE_TAGS, HtmlOutliner
from ..common.outline_options import OutlineBuilder
from ..common.qemu_img import QEMU_IMG_TERMS

FORMAT = "html"

#: Where themes put the page text, most specific first (Read the Docs,
#: basic/alabaster/classic, HTML5 themes such as furo).
_BODY_PATHS = (
    ".//div[@itemprop='articleBody']",
    ".//div[@role='main']",
    ".//div[@class='body']",
    ".//main",
    ".//article",
    ".//body",
)
_KNOWN_TAGS = INLINE_TAGS | BLOCK_TAGS
#: Deepest element nesting read, as for the other readers' nesting (Sphinx's
#: pages nest about fifteen deep; the outline recurses per level).
MAX_DEPTH = 100
#: The elements one level deeper than :data:`MAX_DEPTH` below ``<html>``, in document order.
_BEYOND_MAX_DEPTH = etree.XPath("/*" + "/*" * MAX_DEPTH)
#: Looked for in <head> only: searching the whole page would walk every element.
_GENERATOR_XPATH = etree.XPath("/html/head/meta[@name='generator']/@content")
_SPHINX_MARKERS = ("headerlink", "docutils", "_static/", "Sphinx", "sphinx")
_TAG_RE = re.compile(r"<([A-Za-z][^\s<>/]*)")


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import html as sniff  # noqa: E402,F401


def _source_spellings(text: str) -> dict[str, str]:
    """Tag names as written in the source, for placeholders the parser lower-cased."""
    spellings: dict[str, str] = {}
    for name in _TAG_RE.findall(text):
        lower = name.lower()
        if lower not in INLINE_TAGS and lower not in BLOCK_TAGS and lower not in spellings:
            spellings[lower] = name
    return spellings


class _LazySpellings(dict):
    """Computed from the source only when a damaged placeholder needs it."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def get(self, key, default=None):
        if self._text is not None:
            self.update(_source_spellings(self._text))
            self._text = None
        return super().get(key, default)


def _program(root, path: str, given: str | None) -> str:
    if given:
        return given
    title = root.findtext("head/title") or ""
    name = os.path.basename(path).lower()
    if "qemu-img" in name or "disk image utility" in title.lower():
        return "qemu-img"
    return "qemu-system"


def _parse(text: str):
    """The page's element tree, parsed from the text itself.

    Parsing the ``str`` saves encoding the page to UTF-8 first (a tenth of
    the parse); lxml refuses a ``str`` that starts with an XML declaration
    naming an encoding (XHTML pages): those are parsed as UTF-8 bytes, as
    every page was before.
    """
    try:
        return etree.fromstring(text, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        return etree.fromstring(text.encode("utf-8"), parser=_PARSER)


def _too_deep(root) -> tuple[int, str] | None:
    """Where the page nests elements deeper than :data:`MAX_DEPTH`, and what to say; None if it does not.

    libxml2 stops reading a page at its own depth limit (256, 2048 with
    ``huge_tree``) and, recovering, returns what it has read as if that were
    the whole page: everything after the deep point would be lost without a
    word.  Its limit is raised so that ours, far lower, is met first and
    reported with the line of the first element too deep; a page beyond even
    libxml2's raised limit is reported from its error log.
    """
    beyond = _BEYOND_MAX_DEPTH(root)
    if beyond:
        return beyond[0].sourceline or 1, f"elements nested deeper than {MAX_DEPTH} levels: the page is not read"
    for error in _PARSER.error_log:
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            return error.line or 1, f"the HTML parser stopped here ({error.message.strip()}): the page is not read"
    return None


@collector_paused
def read_html(text: str, path: str, *, release: str | None = None, program: str | None = None) -> OptionSet:
    """Read a Sphinx HTML page into an :class:`OptionSet`."""
    diagnostics: list[Diagnostic] = []

    def report(severity: str, code: str, message: str, line: int) -> None:
        diagnostics.append(Diagnostic(severity, code, message, Location(path, line)))

    def empty_set(prog: str) -> OptionSet:
        return OptionSet(program=prog, source=Source(FORMAT, path), release=release, diagnostics=diagnostics)

    if not text.strip():
        report("error", "html-empty", "empty file: no HTML to read", 1)
        return empty_set(program or "qemu-system")
    try:
        root = _parse(text)
        if root is None:
            raise etree.ParserError("no document element")
    except (etree.ParserError, ValueError) as exc:
        report("error", "html-unparsable", f"not readable as HTML: {exc}", 1)
        return empty_set(program or "qemu-system")

    too_deep = _too_deep(root)
    if too_deep is not None:
        line, message = too_deep
        report("error", "html-too-deep", message, line)
        return empty_set(program or "qemu-system")

    last_line = text.count("\n") + 1
    if "</html>" not in text[-4096:].lower():
        report("error", "html-truncated", "the page ends before </html>: truncated file?", last_line)
    generator = " ".join(_GENERATOR_XPATH(root))
    if not generator and not any(marker in text for marker in _SPHINX_MARKERS):
        report("warning", "html-not-sphinx", "no sign of Sphinx or docutils (generator, headerlink anchors, docutils classes): read as plain HTML", 1)

    body = next((found for found in map(root.find, _BODY_PATHS) if found is not None), root)
    damaged = any(el.tag not in _KNOWN_TAGS for el in body.iter(etree.Element))
    outliner = HtmlOutliner(_LazySpellings(text), damaged=damaged)
    blocks = outliner.outline(body)

    seen: set[tuple[int, str]] = set()
    for line, placeholder in outliner.damage:
        if (line, placeholder) in seen:
            continue
        seen.add((line, placeholder))
        report("warning", "html-entity-damage", f"{placeholder} was parsed as an HTML tag (the page's entities were decoded); read back as text", line)
    if last_line < 5 and len(text) > 2000:
        report("warning", "html-collapsed-lines", "the page has no line breaks: literal blocks lost their newlines and every location is line 1", 1)

    prog = _program(root, path, program)
    builder = OutlineBuilder(path, FORMAT, prog, release, diagnostics, **(QEMU_IMG_TERMS if prog == "qemu-img" else {}))
    option_set = builder.build(blocks)
    if not option_set.options:
        report("warning", "html-no-options", "no documented option found on this page", 1)
    option_set.diagnostics.sort(key=lambda d: (d.location.line if d.location else 0))
    return option_set


#: lxml's plain HTML parser: elements without lxml.html's per-element class
#: lookup, which would cost more than the parse itself on a large page.  Pages
#: are untrusted: nothing is fetched (``no_network``); libxml2's HTML parser
#: expands no DTD entities (``<!ENTITY x SYSTEM "file:...">`` stays text).
#: ``huge_tree`` raises libxml2's depth limit, at which it silently stops
#: reading, above :data:`MAX_DEPTH`, which is checked and reported
#: (:func:`_too_deep`); the text-size limits it also lifts are moot for
#: inputs under :data:`qdoc.source.MAX_INPUT_BYTES`.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)
