"""Docutils nodes for option synopses (the flag bold, placeholders italic), and sections to render into.

Sphinx's man builder bolds a whole option signature (Sphinx issue 10259);
hand-written man pages set what is typed literally (``-machine``, ``type``,
``on``) in bold and what the user replaces (``name``, ``value``) in italic.
:func:`synopsis_nodes` builds that markup from the model's parsed synopsis,
so every builder shows the same distinction.  A long synopsis also needs
break points: :class:`synopsis_break` becomes ``\\:`` in troff (groff may
break the line there) and ``<wbr>`` in HTML.
"""

from __future__ import annotations

import re

from docutils import nodes

from ..synopsis import LITERAL, PLACEHOLDER, word_roles


class synopsis_break(nodes.Inline, nodes.Element):
    """A place where a long synopsis may be broken across lines (no visible text)."""


class ragged(nodes.Inline, nodes.Element):
    """Content set ragged-right in troff (``.na`` ... ``.ad``).

    A synopsis broken at its commas leaves lines with no spaces to stretch,
    and groff warns ``cannot adjust line`` when justifying them.
    """


_SYNOPSIS_MARKS_RE = re.compile(r"[=\[\]|,<>]")
#: Words of a synopsis styled one by one at most; a longer one is set bold as a whole.
#: QEMU's longest has about 150; each styled word is a node or two that every Sphinx
#: transform walks, and 64,000 ``@var{`` of a hostile synopsis took 20 s to write.
MAX_STYLED_WORDS = 2_000


def synopsis_nodes(text: str, head: str, *, literal_first: bool = False, breaks: bool = True) -> list[nodes.Node]:
    """Inline nodes for a synopsis ``text`` that starts with ``head``: typed words strong, placeholders emphasis.

    ``head`` is what the readers take as the name (``-machine``, ``info
    block``, nothing for ``accel=...``; :func:`qdoc.readers.common.terms.split_term`);
    the rest is styled by :func:`qdoc.synopsis.word_roles`.  The text of the
    result (``astext()``) equals ``text``: styling never changes what a
    reader of the page copies.
    """
    if not head and not _SYNOPSIS_MARKS_RE.search(text):
        # A value (``std`` under ``-vga``) or a heading-like term
        # ("Driver-specific options for qcow2"): words typed as they are.
        return [nodes.strong(text, text)]
    result: list[nodes.Node] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            result.append(nodes.Text("".join(plain)))
            plain.clear()

    roles = word_roles(text[len(head):], literal_first=literal_first)
    if len(roles) > MAX_STYLED_WORDS:
        return [nodes.strong(text, text)]
    if head:
        result.append(nodes.strong(head, head))
    for word, role in roles:
        if role == LITERAL:
            flush()
            result.append(nodes.strong(word, word))
        elif role == PLACEHOLDER:
            flush()
            result.append(nodes.emphasis(word, word))
        else:
            plain.append(word)
            if word == "," and breaks:
                flush()
                result.append(synopsis_break())
    flush()
    return result


# -- visitors: what a break point is in each output format -------------------


def visit_break_html(translator, node) -> None:
    translator.body.append("<wbr>")
    raise nodes.SkipNode


def visit_break_man(translator, node) -> None:
    translator.body.append("\\:")
    raise nodes.SkipNode


def visit_ragged_man(translator, node) -> None:
    # After Sphinx's ``.B `` (a term without strong text) this ends the line:
    # ``.B`` without arguments sets the next text line bold.
    translator.ensure_eol()
    translator.body.append(".na\n")


def depart_ragged_man(translator, node) -> None:
    translator.body.append("\n.ad")


def visit_ragged_none(translator, node) -> None:
    pass


def depart_ragged_none(translator, node) -> None:
    pass


RAGGED_VISITORS = {
    fmt: (visit_ragged_man, depart_ragged_man) if fmt == "man" else (visit_ragged_none, depart_ragged_none)
    for fmt in ("html", "man", "text", "latex", "texinfo")
}


def visit_break_none(translator, node) -> None:
    raise nodes.SkipNode


BREAK_VISITORS = {
    "html": (visit_break_html, None),
    "man": (visit_break_man, None),
    "text": (visit_break_none, None),
    "latex": (visit_break_none, None),
    "texinfo": (visit_break_none, None),
}


def detached_section(document: nodes.document, *children: nodes.Node, **attributes) -> nodes.section:
    """A section to parse a rendered file into, which knows its document before it is placed in it.

    For every node it adds, docutils asks the parent for its document (to
    give the node the current source and line); a section not in the
    document yet would look for it through every ancestor and find none,
    once per node of the rendered file (38,000 times for QEMU 7.2's
    qemu-options.hx).
    """
    section = nodes.section("", *children, **attributes)
    section.document = document
    return section
