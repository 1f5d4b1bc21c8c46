"""Sphinx HTML elements (parsed by lxml) to a page outline.

Handles what docutils' HTML writers emit across generations: HTML5
``<section>`` and the older ``<div class="section">``, paragraphs as ``<p>``
or (docutils < 0.18, "compact" lists) as bare text inside ``<dd>``/``<li>``,
literal blocks as ``<pre class="literal-block">`` or Pygments'
``<div class="highlight-*"><pre>``, admonitions, block quotes, and
``.. option::`` signatures (``<dt class="sig">``).

Damaged pages: when a page was copied through a tool that decoded its
entities, ``&lt;file&gt;`` became ``<file>``, which the parser takes for an
element.  Sphinx never emits such elements, so any element outside the set
Sphinx uses is read back as the placeholder text it was and recorded in
:attr:`HtmlOutliner.damage`.
"""

from __future__ import annotations

import re

from lxml import etree

from ..common.outline import (
    Bullets,
    Container,
    DefList,
    Heading,
    Item,
    Literal,
    Para,
    Term,
    emphasis_rst,
    escape_rst,
    literal_rst,
    normalize_space,
)
from .tables import read_table

#: Inline elements docutils/Sphinx emit (anything else inline is a damaged placeholder).
INLINE_TAGS = frozenset(
    "a abbr b big br cite code em i img kbd mark q s samp small span strong sub sup tt u var wbr del ins math svg".split()
)
#: Block elements docutils/Sphinx emit inside a document body.
BLOCK_TAGS = frozenset(
    "p pre div ul ol li dl dt dd blockquote table thead tbody tfoot tr td th caption colgroup col section "
    "h1 h2 h3 h4 h5 h6 hr figure figcaption aside nav footer header form script style noscript main article "
    "details summary center address iframe object button input label select textarea".split()
)
_BLOCK_ONLY_TAGS = BLOCK_TAGS - INLINE_TAGS
_SKIP_TAGS = frozenset({"script", "style", "nav", "footer", "header", "form", "noscript", "hr", "button", "input", "select", "textarea", "iframe", "object", "img"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_ADMONITIONS = ("note", "warning", "attention", "caution", "danger", "error", "hint", "important", "tip", "seealso")
_Comment = etree._Comment
_ProcessingInstruction = etree._ProcessingInstruction


class HtmlOutliner:
    """Walks a Sphinx page body and produces a flat outline (headings and blocks)."""

    def __init__(self, spellings: dict[str, str] | None = None, damaged: bool = True):
        #: Lower-cased tag name -> the spelling in the source (``<LOOPBACK,UP>``).
        self.spellings = spellings or {}
        #: False when the page has no element Sphinx would not emit: text
        #: can then be taken in one piece from libxml2, without inspecting tags.
        self.damaged = damaged
        #: (line, placeholder text) of every element read back as text.
        self.damage: list[tuple[int, str]] = []

    # -- structure -----------------------------------------------------------------

    def outline(self, root) -> list:
        """Sections and headings become a flat sequence; other content becomes blocks."""
        return self.blocks(root, structural=True)

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, el, structural: bool = False, admonition: bool = False) -> list:
        out: list = []
        run_text = el.text
        run: list = []
        run_line = el.sourceline or 1
        for child in el:
            tag = child.tag
            if tag in _BLOCK_ONLY_TAGS:
                if admonition and tag == "p" and "admonition-title" in child.get("class", ""):
                    run_text = child.tail
                    continue
                if run or (run_text and run_text.strip()):
                    self._flush(run_text, run, run_line, out)
                    run = []
                run_text = child.tail
                if run_text:
                    run_line = child.sourceline or run_line
                self._block(child, out, structural)
            elif not isinstance(tag, str):
                if run or (run_text and run_text.strip()):
                    run.append(child)  # keep the comment's tail in the run
                else:
                    run_text = child.tail
                    run_line = child.sourceline or run_line
            else:
                if not run and not (run_text and run_text.strip()):
                    run_line = child.sourceline or run_line
                run.append(child)
        if run or (run_text and run_text.strip()):
            self._flush(run_text, run, run_line, out)
        return out

    def _flush(self, text, elements, line, out) -> None:
        rst = self.inline_seq(text, elements)
        if rst:
            out.append(Para(rst, line))

    def _block(self, el, out: list, structural: bool) -> None:
        tag = el.tag
        line = el.sourceline or 1
        if tag == "p":
            out.append(Para(self.inline_seq(el.text, el), line))
        elif tag == "pre":
            out.append(Literal(self.text(el).strip("\n"), line))
        elif tag in ("ul", "ol"):
            items = [self.blocks(li) for li in el if li.tag == "li"]
            out.append(Bullets(items, line, ordered=tag == "ol"))
        elif tag == "dl":
            out.append(self.deflist(el))
        elif tag == "blockquote":
            out.append(Container("quote", self.blocks(el), line))
        elif tag in _HEADINGS:
            if structural:
                out.append(Heading(self.plain(el), _HEADINGS[tag], line))
            else:
                out.append(Para(f"**{escape_rst(self.plain(el))}**", line))
        elif tag in ("section", "div", "main", "article", "figure", "center", "aside", "details", "address"):
            classes = el.get("class", "").split()
            if tag == "div" and "admonition" in classes:
                kind = next((c for c in classes if c in _ADMONITIONS), "note")
                out.append(Container(kind, self.blocks(el, admonition=True), line))
            elif tag == "div" and any(c.startswith("highlight") for c in classes):
                pre = next(el.iter("pre"), None)
                if pre is not None:
                    out.append(Literal(self.text(pre).strip("\n"), pre.sourceline or line))
            else:
                out.extend(self.blocks(el, structural))
        elif tag == "table":
            out.append(read_table(el, self.text))
        elif tag in _SKIP_TAGS:
            return
        else:
            # dt/dd/li/caption outside their lists, and the like: keep the text.
            out.extend(self.blocks(el, structural))

    def deflist(self, dl) -> DefList:
        items: list[Item] = []
        terms: list[Term] = []
        classifiers: list[str] = []
        for child in dl:
            tag = child.tag
            if tag == "dt":
                term = self.term(child)
                if 'class="classifier"' in term.markup:
                    taken = self.take_classifiers(child)
                    if taken:
                        classifiers += taken
                        term = Term(self.term(child).plain, term.markup, term.line)  # the markup as written
                terms.append(term)
            elif tag == "dd":
                body = self.blocks(child)
                if classifiers:
                    body = _with_classifiers(classifiers, body, child.sourceline or 1)
                    classifiers = []
                if not terms:
                    terms = [Term("", "", child.sourceline or 1)]
                items.append(Item(terms, body, child.sourceline or terms[-1].line))
                terms = []
        if terms:
            items.append(Item(terms, [], terms[-1].line))
        return DefList(items, dl.sourceline or 1)

    def take_classifiers(self, dt) -> list[str]:
        """The classifiers of a term (``<span class="classifier">``), as rST, taken out of ``dt``.

        A classifier is no part of the synopsis (:func:`qdoc.readers.hx.blocks.split_rst_classifier`
        says why); it opens the description, as in the .hx reader.
        """
        found = [span for span in dt.iter("span") if "classifier" in span.get("class", "").split()]
        texts = []
        for span in found:
            texts.append(self.inline_seq(span.text, span))
            previous, parent = span.getprevious(), span.getparent()
            if span.tail:
                if previous is not None:
                    previous.tail = (previous.tail or "") + span.tail
                else:
                    parent.text = (parent.text or "") + span.tail
            parent.remove(span)
        return [t for t in texts if t]

    def term(self, dt) -> Term:
        markup = etree.tostring(dt, encoding="unicode", method="html", with_tail=False)
        markup = markup[markup.index(">") + 1 : markup.rindex("</")]
        if self.damaged or "headerlink" in markup:
            plain = self.plain(dt)
            markup = _HEADERLINK_RE.sub("", markup)
        else:
            plain = _text_of(dt)
        return Term(" ".join(plain.split()), markup.strip(), dt.sourceline or 1)

    # -- text ----------------------------------------------------------------------------

    def plain(self, el) -> str:
        """Text of ``el`` without headerlink anchors, placeholders read back as text."""
        parts: list[str] = []
        self._plain_into(el, parts)
        return "".join(parts).strip()

    def _plain_into(self, el, parts: list[str]) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if tag == "a" and _is_headerlink(child):
                    pass
                elif tag in INLINE_TAGS or tag in BLOCK_TAGS:
                    self._plain_into(child, parts)
                else:
                    parts.append(self._placeholder(child))
                    self._plain_into(child, parts)
            if child.tail:
                parts.append(child.tail)

    def code(self, el) -> str:
        """Text of inline code (no headerlinks there)."""
        if not self.damaged:
            return _text_of(el)
        return self.plain(el)

    def text(self, el) -> str:
        """Text of a literal block (whitespace kept)."""
        if not self.damaged:
            return _text_of(el)
        parts: list[str] = []
        self._plain_into(el, parts)
        return "".join(parts)

    def _placeholder(self, el) -> str:
        name = self.spellings.get(el.tag, el.tag)
        attributes = "".join(f" {k}" if not v else f' {k}="{v}"' for k, v in el.attrib.items())
        placeholder = f"<{name}{attributes}>"
        self.damage.append((el.sourceline or 1, placeholder))
        return placeholder

    def inline_seq(self, text, elements) -> str:
        """rST inline markup of ``text`` followed by ``elements`` (with their tails)."""
        parts: list[str] = [escape_rst(text)] if text else []
        for el in elements:
            tag = el.tag
            tail = el.tail or ""
            before = parts[-1] if parts else ""
            if tag == "code" or tag == "tt" or tag == "kbd" or tag == "samp":
                parts.append(literal_rst(self.code(el), before, tail))  # the common case first
            elif not isinstance(tag, str):
                pass
            elif tag == "em" or tag == "i" or tag == "cite" or tag == "var":
                parts.append(emphasis_rst(self.plain(el), "*", before, tail))
            elif tag == "strong" or tag == "b":
                parts.append(emphasis_rst(self.plain(el), "**", before, tail))
            elif tag == "a":
                if not _is_headerlink(el):
                    parts.append(self.inline_seq(el.text, el))
            elif tag == "br":
                parts.append("\n")
            elif tag == "span":
                if "pre" in el.get("class", "").split():
                    parts.append(literal_rst(self.code(el), before, tail))
                else:
                    parts.append(self.inline_seq(el.text, el))
            elif tag in INLINE_TAGS:
                parts.append(self.inline_seq(el.text, el))
            elif tag in BLOCK_TAGS:
                parts.append(" " + escape_rst(self.plain(el)) + " ")
            else:
                parts.append(escape_rst(self._placeholder(el)))
                parts.append(self.inline_seq(el.text, el))
            if tail:
                parts.append(escape_rst(tail))
        return normalize_space("".join(parts))


def _with_classifiers(classifiers: list[str], body: list, line: int) -> list:
    """``body`` opened by the classifiers of its terms: joined to its first paragraph, else one of their own."""
    text = " ".join(classifiers)
    if body and isinstance(body[0], Para):
        return [Para(f"{text}\n{body[0].text}", body[0].line)] + body[1:]
    return [Para(text, line)] + body


def _text_of(el) -> str:
    """All text inside ``el`` (not its tail), concatenated by libxml2.

    Serialising as text is several times faster than joining ``itertext()``,
    which makes a Python string per text node: Sphinx wraps every word of
    inline code in its own ``<span class="pre">``.
    """
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


_HEADERLINK_RE = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')


#: The classes of the self-links generators put after a heading or term: Sphinx's
#: ``headerlink`` and texi2any's ``copiable-anchor`` (`` &para;``, QEMU <= 4.2's manual).
_SELF_LINK_CLASSES = frozenset(("headerlink", "copiable-anchor"))


def _is_headerlink(el) -> bool:
    return el.tag == "a" and not _SELF_LINK_CLASSES.isdisjoint(el.get("class", "").split())
