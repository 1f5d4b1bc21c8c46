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
"""

from __future__ import annotations

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
