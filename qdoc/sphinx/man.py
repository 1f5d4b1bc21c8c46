"""Man pages: option terms with bold flags, italic placeholders and break points.

Sphinx's man builder sets a definition-list term in bold as a whole, and a
long literal synopsis cannot be broken, so groff warns (``can't break
line``; QEMU 7.2's qemu.1 has 8 such warnings).  For terms that document an
option of the model, :class:`ManSynopsisTransform` replaces the term's text
with the styled synopsis (:func:`~qdoc.sphinx.nodes.synopsis_nodes`): the
flag and literal words bold, placeholders italic, a ``\\:`` break point after
each comma.  Sphinx's man translator drops its own ``.B`` when a term holds
strong text, so no custom translator is needed.  Only the man builder is
affected: HTML keeps QEMU's markup.

Characters outside ASCII are written as groff escapes (``\\[u2500]``), with
an ASCII stand-in for devices that lack the glyph (:func:`ascii_troff`).
Docutils writes them as they are, and troff reads its input as Latin-1
unless a preprocessor converts it, so QEMU's UTF-8 box drawing (the -drive
cache table of QEMU <= 4.2) came out as "invalid input character" warnings
and mojibake.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import ragged, synopsis_break, synopsis_nodes
from .objects import LITERAL_FIRST_ATTRIBUTE, SYNOPSIS_ATTRIBUTE


def add_breaks(term: nodes.Element) -> None:
    """A break point after every comma of ``term``'s text (terms the model does not know)."""
    for text in list(term.findall(nodes.Text)):
        value = str(text)
        if "," not in value:
            continue
        parent = text.parent
        pieces: list[nodes.Node] = []
        for index, part in enumerate(value.split(",")):
            if index:
                pieces += [nodes.Text(","), synopsis_break()]
            if part:
                pieces.append(nodes.Text(part))
        if pieces and isinstance(pieces[-1], synopsis_break) and value.endswith(","):
            pieces.pop()
        position = parent.index(text)
        parent[position:position + 1] = pieces


#: A run of this many characters without a space cannot be filled nicely.
LONG_RUN = 50


def has_long_run(node: nodes.Element) -> bool:
    return any(len(word) >= LONG_RUN for word in node.astext().split())


def make_ragged(node: nodes.Element) -> None:
    """Wrap ``node``'s children so troff does not justify them."""
    children = list(node.children)
    node.clear()
    if isinstance(node, (nodes.term, addnodes.desc_signature)) and not any(node.findall(nodes.strong)):
        # Sphinx's translator sets a term with ``.B`` unless it holds strong
        # text; ``.B .na`` would print ".na".  Keep the term bold ourselves.
        children = [nodes.strong("", "", *children)]
    node += ragged("", *children)


class ManSynopsisTransform(SphinxPostTransform):
    """Style option terms for troff (man builder only)."""

    default_priority = 700
    formats = ("man",)

    def run(self, **kwargs) -> None:
        for term in list(self.document.findall(nodes.term)):
            head = term.get(SYNOPSIS_ATTRIBUTE)
            text = term.astext()
            if head is not None and text.startswith(head):
                term.clear()
                term.extend(synopsis_nodes(text, head, literal_first=term.get(LITERAL_FIRST_ATTRIBUTE, False)))
            else:
                add_breaks(term)
            if has_long_run(term):
                make_ragged(term)
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if has_long_run(paragraph):
                add_breaks(paragraph)
                make_ragged(paragraph)
        for signature in self.document.findall(lambda n: isinstance(n, nodes.Element) and n.tagname == "desc_signature"):
            add_breaks(signature)
            if has_long_run(signature):
                make_ragged(signature)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def ascii_stand_in(char: str) -> str:
    """What a device without ``char``'s glyph prints instead (box drawing as ``-``, ``|``, ``+``)."""
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        return "-" if horizontal and not vertical else "|" if vertical and not horizontal else "+"
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def ascii_troff(text: str) -> str:
    """``text`` (troff source) in ASCII: each other character as ``\\[uXXXX]``.

    For each character used, a ``.char`` request before ``.TH`` gives devices
    that lack its glyph (groff's default PostScript device has no box
    drawing) a stand-in; ``.if !c`` keeps the real glyph where there is one,
    as on the UTF-8 terminals ``man`` renders for.
    """
    used = sorted(set(_NON_ASCII_RE.findall(text)))
    if not used:
        return text
    body = _NON_ASCII_RE.sub(lambda m: f"\\[u{ord(m.group(0)):04X}]", text)
    stand_ins = "".join(
        f".if !c\\[u{ord(c):04X}] .char \\[u{ord(c):04X}] {ascii_stand_in(c)}\n" for c in used
    )
    head, marker, rest = body.partition("\n.TH ")
    if not marker:
        return stand_ins + body
    return f"{head}\n{stand_ins}.TH {rest}"


class AsciiManTranslatorMixin:
    """Makes a man page translator's output ASCII (see :func:`ascii_troff`)."""

    def astext(self) -> str:
        return ascii_troff(super().astext())  # type: ignore[misc]


def use_ascii_man_translator(app) -> None:
    """At ``builder-inited``: the man builder's translator, whichever it is, writes ASCII."""
    if app.builder.name != "man":
        return
    base = app.registry.get_translator_class(app.builder)
    if not issubclass(base, AsciiManTranslatorMixin):
        app.set_translator("man", type(f"Ascii{base.__name__}", (AsciiManTranslatorMixin, base), {}), override=True)
