"""An independent scan of QEMU's deprecation and removal lists, for tests: docutils' section tree, not qdoc's reader.

Shared by the lint tests that check list headings (QD501) and the entries
lint resolves (QD203, QD305...).
"""

from __future__ import annotations

import docutils.core
import docutils.nodes


def list_entries(path) -> list[tuple[int, str, str, str, int]]:
    """``(line, title, body, kind, depth)`` of each entry of a deprecation/removal page, from docutils' section tree.

    An entry is a section with no sections in it, one level or more below
    the page (depth 1 is an area's level); its kind is that of the nearest
    "... features" title above it (QEMU 5.x kept both lists on one page),
    else the page's.
    """
    text = path.read_text(encoding="utf-8")
    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "doctitle_xform": False}
    document = docutils.core.publish_doctree(text, settings_overrides=settings)
    found = []

    def walk(node, depth, kind):
        for child in node.children:
            if not isinstance(child, docutils.nodes.section):
                continue
            title = child[0].astext()
            lowered = title.lower()
            if "features" in lowered and "removed" in lowered:
                kind = "removal"
            elif "features" in lowered and "deprecated" in lowered:
                kind = "deprecation"
            if any(isinstance(c, docutils.nodes.section) for c in child.children):
                walk(child, depth + 1, kind)
            elif depth >= 1:
                body = "\n".join(c.astext() for c in child.children[1:])
                found.append((child[0].line - 1, title, body, kind, depth))

    walk(document, 0, "deprecation" if path.name == "deprecated.rst" else "removal")
    return found
