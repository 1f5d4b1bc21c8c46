"""Nested inline markup flattened for the man writer in one pass, not by Sphinx's quadratic one.

troff cannot nest fonts, so Sphinx's man writer first flattens bold,
italic and literal nodes nested in one another (its
``NestedInlineTransform``: ``<strong>a<emphasis>b</emphasis></strong>``
becomes ``<strong>a</strong><emphasis>b</emphasis>``).  It moves the
children one at a time with ``list.remove`` and ``list.insert``, so a
node with n children costs n squared: a synopsis of 16,000 texinfo
``@var{`` (a styled term of 32,000 pieces) took 6 s there, 60,000 over a
minute.  :class:`FlatInlineTransform` does the same rewrite just before
the writer, each parent's children rebuilt once, so Sphinx's own pass
finds nothing left to move.  The result is the same tree, node for node.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The nodes Sphinx's man writer will not nest (``NestedInlineTransform``).
_FONT_NODES = (nodes.literal, nodes.emphasis, nodes.strong)


def _nests_fonts(node: nodes.Node) -> bool:
    return isinstance(node, _FONT_NODES) and any(isinstance(child, _FONT_NODES) for child in node.children)


def _flattened(node: nodes.Element) -> list[nodes.Node]:
    """What Sphinx puts in place of ``node`` (a font node holding font nodes).

    Font children stand for themselves (flattened in turn if they nest
    fonts); any other child is wrapped in a copy of ``node`` without
    children, keeping its attributes.  Iterative: a deep nest of fonts
    costs no Python stack.
    """
    result: list[nodes.Node] = []
    pending = [(node, iter(list(node.children)))]
    while pending:
        outer, children = pending[-1]
        child = next(children, None)
        if child is None:
            pending.pop()
            outer.clear()
            continue
        if isinstance(child, _FONT_NODES):
            if _nests_fonts(child):
                pending.append((child, iter(list(child.children))))
            else:
                result.append(child)
        else:
            result.append(outer.__class__("", "", child, **outer.attributes))
    return result


def flatten_fonts(tree: nodes.Element) -> None:
    """Rewrite ``tree`` as Sphinx's ``NestedInlineTransform`` would, in time linear in its size."""
    parents: list[nodes.Element] = [tree]
    while parents:
        parent = parents.pop()
        if any(_nests_fonts(child) for child in parent.children):
            children: list[nodes.Node] = []
            for child in parent.children:
                children.extend(_flattened(child) if _nests_fonts(child) else [child])
            parent.children = []
            parent.extend(children)
        parents.extend(child for child in parent.children if isinstance(child, nodes.Element))


class FlatInlineTransform(SphinxPostTransform):
    """Flatten nested fonts for the man writer (man builder only, after every other post-transform)."""

    default_priority = 990
    formats = ("man",)

    def run(self, **kwargs) -> None:
        flatten_fonts(self.document)
