"""The ``qemu`` Sphinx domain: option objects, cross-reference roles, an option index.

Modelled on Sphinx's std domain (``program``/``option``) and QEMU's own
qapi_domain: every documented option or sub-option is an *object* with a
target id; ``:qemu:option:`-machine``` and ``:qemu:option:`-machine accel```
link to it; the "QEMU option index" lists options grouped by the section of
the manual they belong to.

The domain data is kept per document (``objects[name][docname]``) so that
``clear_doc`` and ``merge_domaindata`` are exact and a ``-j N`` parallel build
gives the same result as a serial one.  A name described in several
documents is a *duplicate* only when the descriptions have different
provenance: QEMU renders qemu-options.hx in both invocation.rst and
qemu-manpage.rst, which is the same description twice, not a conflict.  Links
then go to the first document in sorted order, so the choice does not depend
on the order the documents were read in.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..model import canonical_option_name
from ..synopsis import split_option_name

logger = logging.getLogger(__name__)


class ObjectEntry(NamedTuple):
    """One description of an option in one document."""

    node_id: str
    objtype: str  # "option" or "suboption"
    section: str  # for the index; "" when unknown
    provenance: str  # "path:line" of the description's source
    synopsis: str  # first synopsis, shown in the index


def object_key(name: str) -> str:
    """``--preconfig`` and ``-preconfig`` are one option; ``-machine  accel`` is ``-machine accel``."""
    parts = name.split()
    if not parts:
        return ""
    parts[0] = canonical_option_name(parts[0])
    return " ".join(parts)


class QemuOptionIndex(Index):
    """Options grouped by the section of the manual that documents them."""

    name = "optionindex"
    localname = "QEMU Option Index"
    shortname = "options"

    def generate(self, docnames=None):
        domain: QemuDomain = self.domain  # type: ignore[assignment]
        groups: dict[str, list[tuple[str, IndexEntry]]] = {}
        section_order: dict[str, int] = {}
        for name, (docname, entry) in sorted(domain.canonical_objects().items()):
            if docnames and docname not in docnames:
                continue
            section = entry.section or "Other options"
            section_order.setdefault(section, len(section_order))
            subtype = 2 if entry.objtype == "suboption" else 0
            groups.setdefault(section, []).append(
                (name, IndexEntry(name if subtype == 0 else name.split(" ", 1)[1], subtype, docname, entry.node_id, "", "", entry.synopsis))
            )
        content = []
        for section in sorted(groups, key=lambda s: (s == "Other options", s.lower())):
            entries = sorted(groups[section], key=lambda item: item[0].lstrip("-").lower())
            rows: list[IndexEntry] = []
            options_with_children = {n.split(" ", 1)[0] for n, e in entries if e.subtype == 2}
            for name, entry in entries:
                if entry.subtype == 0 and name in options_with_children:
                    entry = entry._replace(subtype=1)
                rows.append(entry)
            content.append((section, rows))
        return content, True


class QemuDomain(Domain):
    """Options of QEMU programs (``qemu-system-*``, ``qemu-img``...)."""

    name = "qemu"
    label = "QEMU"
    object_types = {
        "option": ObjType("option", "option"),
        "suboption": ObjType("sub-option", "option"),
    }
    roles = {"option": XRefRole()}
    indices = [QemuOptionIndex]
    initial_data: dict[str, Any] = {"objects": {}}
    data_version = 1

    # Directives are added in setup() (they live in directives.py and hxtool.py).

    @property
    def objects(self) -> dict[str, dict[str, ObjectEntry]]:
        return self.data.setdefault("objects", {})

    def note_object(self, name: str, docname: str, entry: ObjectEntry, location=None) -> None:
        """Record that ``docname`` describes ``name``; warn about a conflicting description."""
        key = object_key(name)
        described = self.objects.setdefault(key, {})
        for other_doc, other in described.items():
            if other.provenance != entry.provenance and not self._same_model(docname, other_doc, other, entry):
                logger.warning(
                    "duplicate description of QEMU %s %s: also at %s (in document %s); "
                    "add :no-index: to one of them",
                    entry.objtype, key, other.provenance, other_doc,
                    type="qemu", subtype="duplicate", location=location,
                )
                break
        described.setdefault(docname, entry)

    def _same_model(self, docname: str, other_doc: str, other: ObjectEntry, entry: ObjectEntry) -> bool:
        """Two items of one generated source (not a hand-written page) rendered in one page."""
        path = entry.provenance.rsplit(":", 1)[0]
        if other_doc != docname or other.provenance.rsplit(":", 1)[0] != path:
            return False
        return not str(self.env.doc2path(docname)).endswith(path)

    def canonical_objects(self) -> dict[str, tuple[str, ObjectEntry]]:
        """Each name with the description links go to (first document in sorted order)."""
        return {name: min(per_doc.items()) for name, per_doc in self.objects.items() if per_doc}

    def clear_doc(self, docname: str) -> None:
        for name in list(self.objects):
            per_doc = self.objects[name]
            per_doc.pop(docname, None)
            if not per_doc:
                del self.objects[name]

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for name, per_doc in otherdata["objects"].items():
            for docname, entry in per_doc.items():
                if docname in docnames:
                    self.note_object(name, docname, ObjectEntry(*entry), location=(docname, 0))

    def reference(self, builder, fromdocname: str, target: str, contnode: nodes.Element) -> nodes.reference | None:
        """A link from ``fromdocname`` to the object ``target`` names (where links go), or None."""
        key = object_key(target)
        per_doc = self.objects.get(key)
        if not per_doc:
            return None
        docname, entry = min(per_doc.items())
        return make_refnode(builder, fromdocname, docname, entry.node_id, contnode, key)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        return self.reference(builder, fromdocname, target, contnode)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.reference(builder, fromdocname, target, contnode)
        return [("qemu:option", found)] if found is not None else []

    def get_objects(self):
        for name, (docname, entry) in sorted(self.canonical_objects().items()):
            yield name, name, entry.objtype, docname, entry.node_id, 1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        target = node.get("reftarget")
        return object_key(target) if target else None


def resolve_std_option(app, env, node: nodes.Element, contnode: nodes.Element):
    """Link a Sphinx ``:option:`` reference that names a QEMU option to its ``qemu`` object.

    QEMU's own text uses the std domain's role for the emulator's options
    (``:option:`-trace``` and ``:option:`-trace help``` in
    qemu-option-trace.rst.inc, which qemu-options.hx includes under
    ``-trace``), but the emulator's options are ``qemu`` objects here, so
    Sphinx finds no target and warns.  Called for references nothing else
    resolved; a reference under ``.. program::`` names that program's option
    and is left alone.  Like the std domain, ``-foo bar`` and ``-foo=bar``
    fall back to ``-foo`` when there is no sub-option ``bar``.
    """
    if node.get("refdomain") != "std" or node.get("reftype") != "option" or node.get("std:program"):
        return None
    domain: QemuDomain = env.get_domain("qemu")  # type: ignore[assignment]
    target = node["reftarget"].strip()
    for candidate in dict.fromkeys((target, split_option_name(target)[0])):
        found = domain.reference(app.builder, node["refdoc"], candidate, contnode)
        if found is not None:
            return found
    return None
