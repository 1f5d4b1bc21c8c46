"""The ``qemu`` Sphinx domain: option objects, cross-reference roles, an option index.

Modelled on Sphinx's std domain (``program``/``option``) and QEMU's own
qapi_domain: every documented option or sub-option is an *object* with a
target id; ``:qemu:option:`-machine``` and ``:qemu:option:`-machine accel```
link to it; the "QEMU option index" lists options grouped by the section of
the manual they belong to.  The monitor's commands (hmp-commands*.hx) are
objects of their own types (``command``, ``command-argument``), with the
role ``:qemu:command:`info block``` and their own index: ``info`` is not an
option of the emulator.

An object is named by its key (:mod:`qdoc.keys`), words joined by spaces:
``-netdev user hostfwd`` is the ``hostfwd`` of ``-netdev user``, the same
name and id (``qemu-option-netdev-user-hostfwd``) in every release.  A
reference that names no object warns (``ref.option``) at its line.

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

import hashlib
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import _make_id, make_id, make_refnode

from ..keys import SEPARATOR, split_key
from ..model import canonical_option_name
from ..synopsis import split_option_name

logger = logging.getLogger(__name__)


#: Object types of options and of what they contain.
OPTION_TYPES = ("option", "suboption")
#: Object types of monitor commands and of what they contain.
COMMAND_TYPES = ("command", "command-argument")
#: The prefix of each kind's target ids (kept apart so that a command
#: ``s`` and an option ``-s`` never share an anchor).
ID_PREFIXES = {"option": "qemu-option", "command": "qemu-command"}


class ObjectEntry(NamedTuple):
    """One description of an option (or command) in one document."""

    node_id: str
    objtype: str  # one of OPTION_TYPES or COMMAND_TYPES
    section: str  # for the index; "" when unknown
    provenance: str  # "path:line" of the description's source
    synopsis: str  # first synopsis, shown in the index


def object_key(name: str) -> str:
    """``--preconfig`` and ``-preconfig`` are one option; ``-machine  accel`` is ``-machine accel``.

    A key as :mod:`qdoc.keys` writes it (``-netdev/user/hostfwd``) names the
    same object as its words (``-netdev user hostfwd``).
    """
    parts = name.split()
    if len(parts) == 1 and parts[0].startswith("-") and SEPARATOR in parts[0]:
        parts = list(split_key(parts[0]))
    if not parts:
        return ""
    parts[0] = canonical_option_name(parts[0])
    return " ".join(parts)


def object_id(env, document, kind: str, key_: str) -> str:
    """The target id of the object whose :mod:`qdoc.keys` key is ``key_``: ``qemu-option-netdev-user-hostfwd``.

    Derived from the key alone, so an anchor names the same thing in every
    release (an id per option and name would point at whichever backend
    came first); Sphinx's :func:`make_id` keeps it a valid HTML and docutils
    id (case kept: ``-S`` and ``-s`` differ).  ``kind`` is ``option`` or
    ``command`` (:data:`ID_PREFIXES`).
    """
    prefix = ID_PREFIXES[kind]
    words = " ".join(split_key(key_))
    # When another object of the page has the plain id (two keys differing
    # only in characters an id cannot hold), a suffix from the key itself,
    # not make_id's serial number, which depends on what the page holds.
    digest = hashlib.sha1(key_.encode()).hexdigest()[:8]
    for term in (words, f"{words} {digest}"):
        node_id = _make_id(f"{prefix}-{term}")
        if node_id != prefix and node_id not in document.ids:
            return node_id
    # Both taken (one .hx rendered three times on a page): Sphinx's serial number.  The
    # words would give make_id the id taken already, so it is given none.
    return make_id(env, document, prefix)


class QemuOptionIndex(Index):
    """Options grouped by the section of the manual that documents them."""

    name = "optionindex"
    localname = "QEMU Option Index"
    shortname = "options"
    objtypes = OPTION_TYPES
    other = "Other options"

    def generate(self, docnames=None):
        domain: QemuDomain = self.domain  # type: ignore[assignment]
        groups: dict[str, list[tuple[str, IndexEntry]]] = {}
        for name, (docname, entry) in sorted(domain.canonical_objects().items()):
            if docnames and docname not in docnames:
                continue
            if entry.objtype not in self.objtypes:
                continue
            section = entry.section or self.other
            subtype = 2 if entry.objtype == self.objtypes[1] else 0
            groups.setdefault(section, []).append(
                (name, IndexEntry(name if subtype == 0 else name.partition(" ")[2], subtype, docname, entry.node_id, "", "", entry.synopsis))
            )
        content = []
        for section in sorted(groups, key=lambda s: (s == self.other, s.lower())):
            entries = sorted(groups[section], key=lambda item: item[0].lstrip("-").lower())
            rows: list[IndexEntry] = []
            options_with_children = {n.split()[0] for n, e in entries if e.subtype == 2}
            for name, entry in entries:
                if entry.subtype == 0 and name in options_with_children:
                    entry = entry._replace(subtype=1)
                rows.append(entry)
            content.append((section, rows))
        return content, True


class QemuCommandIndex(QemuOptionIndex):
    """The monitor's commands, apart from the options: ``info block`` is typed at the ``(qemu)`` prompt."""

    name = "commandindex"
    localname = "QEMU Monitor Command Index"
    shortname = "commands"
    objtypes = COMMAND_TYPES
    other = "Other commands"


class QemuDomain(Domain):
    """Options of QEMU programs (``qemu-system-*``, ``qemu-img``...) and the monitor's commands."""

    name = "qemu"
    label = "QEMU"
    object_types = {
        "option": ObjType("option", "option"),
        "suboption": ObjType("sub-option", "option"),
        "command": ObjType("monitor command", "command"),
        "command-argument": ObjType("monitor command argument", "command"),
    }
    # warn_dangling: a reference to nothing is a warning at its line, with or
    # without -n, as for Sphinx's own :option: and :ref:.
    roles = {"option": XRefRole(warn_dangling=True), "command": XRefRole(warn_dangling=True)}
    dangling_warnings = {
        "option": "no QEMU option or sub-option named %(target)r (:qemu:option: reference)",
        "command": "no QEMU monitor command named %(target)r (:qemu:command: reference)",
    }
    indices = [QemuOptionIndex, QemuCommandIndex]
    initial_data: dict[str, Any] = {"objects": {}}
    data_version = 2

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

    def find(self, target: str, objtypes: tuple[str, ...] = OPTION_TYPES + COMMAND_TYPES) -> tuple[str, str, ObjectEntry] | None:
        """(name, docname, entry) of the object ``target`` names among ``objtypes``, or None.

        ``-netdev hostfwd`` (a sub-option named without its form, as
        qdoc named them before forms had objects) finds the one
        ``-netdev FORM hostfwd`` when there is exactly one.
        """
        key = object_key(target)
        per_doc = {d: e for d, e in self.objects.get(key, {}).items() if e.objtype in objtypes}
        if per_doc:
            return (key, *min(per_doc.items()))
        words = key.split()
        if len(words) != 2:
            return None
        found = {
            name: min(described.items())
            for name, described in self.objects.items()
            if len(parts := name.split()) == 3 and (parts[0], parts[2]) == (words[0], words[1])
            and any(e.objtype in objtypes for e in described.values())
        }
        if len(found) != 1:
            return None
        ((name, (docname, entry)),) = found.items()
        return name, docname, entry

    def reference(self, builder, fromdocname: str, target: str, contnode: nodes.Element,
                  objtypes: tuple[str, ...] = OPTION_TYPES + COMMAND_TYPES) -> nodes.reference | None:
        """A link from ``fromdocname`` to the object ``target`` names (where links go), or None."""
        found = self.find(target, objtypes)
        if found is None:
            return None
        name, docname, entry = found
        return make_refnode(builder, fromdocname, docname, entry.node_id, contnode, name)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        return self.reference(builder, fromdocname, target, contnode, tuple(self.objtypes_for_role(typ) or ()))

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.find(target)
        if found is None:
            return []
        name, docname, entry = found
        role = "command" if entry.objtype in COMMAND_TYPES else "option"
        return [(f"qemu:{role}", make_refnode(builder, fromdocname, docname, entry.node_id, contnode, name))]

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
        found = domain.reference(app.builder, node["refdoc"], candidate, contnode, OPTION_TYPES)
        if found is not None:
            return found
    return None
