"""A format-neutral outline of a rendered manual page, and its rST form.

Sphinx's HTML builder and its man builder (and pod2man) render the same
source shapes: headings, paragraphs, literal blocks, bullet lists and
definition lists whose items have one or more terms and a body.  The HTML
and man readers each turn their format into this outline; one builder
(:mod:`qdoc.readers.outline_options`) then turns the outline into the option
model, so both readers follow exactly the same conventions as the .hx reader.

Paragraph text is kept as rST inline markup (``literal``, *emphasis*) so a
body can be rendered back to rST with :func:`render_rst`.  Every block carries
the 1-based line of its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(slots=True)
class Heading:
    title: str
    level: int
    line: int


@dataclass(slots=True)
class Para:
    """A paragraph as rST inline text."""

    text: str
    line: int


@dataclass(slots=True)
class Literal:
    text: str
    line: int


@dataclass(slots=True)
class Term:
    """A definition-list term: plain text, the source markup, its line."""

    plain: str
    markup: str
    line: int


@dataclass(slots=True)
class Item:
    terms: list[Term]
    body: list = field(default_factory=list)
    body_line: int = 0

    @property
    def line(self) -> int:
        return self.terms[0].line


@dataclass(slots=True)
class DefList:
    items: list[Item]
    line: int


@dataclass(slots=True)
class Bullets:
    items: list[list]
    line: int
    ordered: bool = False


@dataclass(slots=True)
class Container:
    """Indented material: a block quote, or an admonition (``kind`` note, warning...)."""

    kind: str
    blocks: list
    line: int


# -- inline rST --------------------------------------------------------------

_RST_SPECIAL_RE = re.compile(r"([\\*`|])(?=\S)|(?<=\S)([\\*`|])|(?<=\w)(_)(?!\w)")
_RST_SPECIAL_CHAR_RE = re.compile(r"[\\*`|_]")


def escape_rst(text: str) -> str:
    """Plain text made safe as rST inline text (markup characters escaped)."""
    if not _RST_SPECIAL_CHAR_RE.search(text):
        return text
    return _RST_SPECIAL_RE.sub(lambda m: "\\" + m.group(0), text)


def literal_rst(text: str, before: str, after: str) -> str:
    """``text`` as an rST literal, with escaped spaces where words touch it."""
    text = " ".join(text.split())
    if not text:
        return ""
    out = f"``{text}``" if "``" not in text else escape_rst(text)
    if before and (before[-1].isalnum() or before[-1] in "`*"):
        out = "\\ " + out
    if after and (after[0].isalnum() or after[0] in "`*"):
        out = out + "\\ "
    return out


def emphasis_rst(text: str, marker: str, before: str, after: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    out = f"{marker}{escape_rst(text)}{marker}"
    if before and (before[-1].isalnum() or before[-1] in "`*"):
        out = "\\ " + out
    if after and (after[0].isalnum() or after[0] in "`*"):
        out = out + "\\ "
    return out


# -- rST rendering ---------------------------------------------------------------


def render_rst(blocks: list, indent: str = "", cache: dict[int, str] | None = None) -> str:
    """The blocks as rST text (no trailing newline).

    ``cache`` (id of block -> text) lets a caller that renders nested
    bodies again and again (an option, then each of its sub-options) render
    each block once; it must not outlive the blocks.
    """
    parts: list[str] = []
    for block in blocks:
        if cache is None:
            text = _render_block(block, None)
        else:
            key = id(block)
            text = cache.get(key)
            if text is None:
                text = cache[key] = _render_block(block, cache)
        if text:
            parts.append(text)
    text = "\n\n".join(parts)
    if indent and text:
        text = "\n".join(indent + ln if ln else "" for ln in text.split("\n"))
    return text


def _render_block(block, cache) -> str:
    kind = type(block)
    if kind is Para:
        return block.text
    if kind is Literal:
        body = block.text.rstrip("\n")
        if not body.strip():
            return ""
        return "::\n\n" + "\n".join("    " + ln if ln.strip() else "" for ln in body.split("\n"))
    if kind is DefList:
        return "\n\n".join(_render_item(item, cache) for item in block.items)
    if kind is Bullets:
        out = []
        for number, item in enumerate(block.items, 1):
            marker = f"{number}. " if block.ordered else "* "
            body = render_rst(item, "", cache) or "\\"
            pad = " " * len(marker)
            lines = body.split("\n")
            out.append(marker + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
        return "\n".join(out) if all("\n" not in o for o in out) else "\n\n".join(out)
    if kind is Container:
        body = render_rst(block.blocks, "   " if block.kind != "quote" else "    ", cache)
        if block.kind == "quote":
            return body
        return f".. {block.kind}::\n\n{body}" if body else ""
    if kind is Heading:
        return f"**{escape_rst(block.title)}**"
    return ""


def term_rst(term: Term) -> str:
    return f"``{term.plain}``" if term.plain and "``" not in term.plain else escape_rst(term.plain)


def _render_item(item: Item, cache) -> str:
    lines = []
    for term in item.terms[:-1]:
        lines.append(term_rst(term) + "\n  \\")
    body = render_rst(item.body, "    ", cache)
    lines.append(term_rst(item.terms[-1]) + "\n" + (body if body else "  \\"))
    return "\n".join(lines)


def is_empty(blocks: list) -> bool:
    """True for a body with no text at all (QEMU's placeholder between grouped terms)."""
    for block in blocks:
        kind = type(block)
        if kind is Para or kind is Literal:
            if block.text.strip() and block.text.strip() != "\\":
                return False
        elif kind is Container:
            if not is_empty(block.blocks):
                return False
        else:
            return False
    return True
