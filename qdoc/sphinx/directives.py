"""The ``qemu`` domain's directives: one option, one sub-option, and options from a file.

``.. qemu:option:: -machine [type=]name[,prop=value[,...]]`` describes an
option (several synopses: one per line); ``:since:``, ``:deprecated:``,
``:removed:``, ``:replacement:``, ``:arch:`` and ``:alias:`` state facts
shown as fields.  ``.. qemu:suboption:: accel=accels1[:accels2[:...]]``
nested in its content describes a sub-option (``-machine accel``).

``.. qemu:options:: PATH`` renders every option of any source qdoc reads
(.hx, texinfo, HTML, man...) as ``qemu:option`` objects: the rST is
generated from the model, each line mapped to the source line it came from
(ViewList), so warnings point into the source file.
"""

from __future__ import annotations

from functools import cached_property

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import ViewList
from sphinx import addnodes
from sphinx.directives import ObjectDescription
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from .._gc import collector_paused
from ..model import Location, Option, OptionSet, SubOption, Synopsis, canonical_option_name, walk_suboptions
from ..readers.common.terms import split_term, suboption_name
from ..synopsis import names_kinds, parse_parameters, split_option_name
from .domain import ObjectEntry, QemuDomain
from .generated import parse_generated
from .lint import report_findings
from .nodes import detached_section, synopsis_nodes
from .objects import lines_of, lists_info_commands, mark_objects, typed_name
from .sources import display_path, option_set, resolve


def split_signature(sig: str, *, option: bool) -> tuple[str, str]:
    """A directive argument as ``(head, arguments)``, whitespace normalised.

    An option's signature always starts with its name; a sub-option's is
    split as the readers split it (:func:`~qdoc.readers.common.terms.split_term`).
    """
    text = " ".join(sig.split())
    return split_option_name(text) if option else split_term(text, option_level=False)


def parse_signature(sig: str, *, option: bool, name: str | None = None) -> tuple[str, Synopsis]:
    """The head and a :class:`Synopsis` of a directive argument (location filled by the caller).

    ``name`` (an option's ``:name:``) is the head when the signature starts
    with it: ``info block`` names one command, not ``info`` with arguments.
    """
    text = " ".join(sig.split())
    if option and name and (text == name or text.startswith(name + " ")):
        head, arguments = name, text[len(name):].strip()
    else:
        head, arguments = split_signature(text, option=option)
    parameters, problems = parse_parameters(arguments)
    return head, Synopsis(text, sig, Location("", 0), parameters, problems)


#: ``:no-index:`` and its kin as Sphinx 7.2 spells them, and as Sphinx 5.3 to 7.1 do (only).
INDEX_FLAG_SPELLINGS = (("no-index", "noindex"), ("no-index-entry", "noindexentry"), ("no-contents-entry", "nocontentsentry"))


class QemuObject(ObjectDescription[str]):
    """Common part of options and sub-options: signature, target, fact fields."""

    objtype = "option"
    option_spec = {
        **ObjectDescription.option_spec,
        **{spelling: directives.flag for pair in INDEX_FLAG_SPELLINGS for spelling in pair},
        "since": directives.unchanged,
        "deprecated": directives.unchanged,
        "removed": directives.unchanged,
        "replacement": directives.unchanged,
        "arch": directives.unchanged,
        "alias": directives.unchanged,
        "section": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        for new, old in INDEX_FLAG_SPELLINGS:  # either spelling, for every Sphinx
            if new in self.options or old in self.options:
                self.options[new] = self.options[old] = None
        return super().run()

    def handle_signature(self, sig: str, signode: addnodes.desc_signature) -> str:
        option = self.objtype == "option"
        head, synopsis = parse_signature(sig, option=option, name=self.options.get("name"))
        if option:
            literal_first = self.signatures_name_kinds
        else:
            literal_first = bool(head)  # a form: ``-netdev user,...``
        styled = synopsis_nodes(synopsis.text, head, literal_first=literal_first)
        if styled:
            signode += addnodes.desc_name("", "", styled[0])
            signode.extend(styled[1:])
        return self.object_name(synopsis)

    @cached_property
    def signatures_name_kinds(self) -> bool:
        """Whether this option's signatures start with words naming kinds (``-numa node,...``, ``-numa dist,...``).

        A fact of the whole directive, computed once: :meth:`handle_signature`
        runs once per signature, and recomputing it there made a directive
        of n signatures cost n² (2,000 ``-x`` entries of a man page: seconds).
        """
        return names_kinds(split_signature(s, option=True)[1] for s in self.get_signatures())

    def object_name(self, synopsis: Synopsis) -> str:
        return self.options.get("name") or canonical_option_name(split_option_name(synopsis.text)[0])

    def provenance(self) -> str:
        source, line = self.get_source_info()
        return f"{source}:{line}"

    def add_target_and_index(self, name: str, sig: str, signode: addnodes.desc_signature) -> None:
        node_id = make_id(self.env, self.state.document, "qemu-option", name)
        signode["ids"].append(node_id)
        self.state.document.note_explicit_target(signode)
        domain: QemuDomain = self.env.get_domain("qemu")  # type: ignore[assignment]
        section = self.options.get("section") or self.env.ref_context.get("qemu:section", "")
        entry = ObjectEntry(node_id, self.objtype, section, self.provenance(), " ".join(sig.split()))
        domain.note_object(name, self.env.docname, entry, location=signode)
        if self.objtype == "option":
            for alias in (self.options.get("alias") or "").split():
                domain.note_object(alias, self.env.docname, entry, location=signode)
        if "no-index-entry" not in self.options:
            self.indexnode["entries"].append(("single", f"{name} (QEMU {self.objtype})", node_id, "", None))

    FIELDS = (("alias", "Aliases"), ("arch", "Architectures"), ("since", "Since"),
              ("deprecated", "Deprecated"), ("replacement", "Replacement"), ("removed", "Removed"))

    def transform_content(self, content_node: addnodes.desc_content) -> None:
        fields = nodes.field_list()
        for key, label in self.FIELDS:
            if key in self.options:
                value = self.options[key] or ("yes" if key == "deprecated" else "")
                if key == "alias":  # an alias the signature already shows (``-h`` of -help) is not repeated
                    shown = {split_signature(s, option=True)[0] for s in self.get_signatures()}
                    value = " ".join(alias for alias in value.split() if alias not in shown)
                    if not value:
                        continue
                body = nodes.field_body("", nodes.paragraph(value, value))
                fields += nodes.field("", nodes.field_name(label, label), body)
        if fields.children:
            content_node.insert(0, fields)


class QemuOption(QemuObject):
    """``.. qemu:option:: -machine [type=]name[,prop=value[,...]]``.

    The object is named by the signature's first word unless ``:name:``
    gives the words that name it (``:name: info block`` for the HMP command
    ``info block [-n] [-v] [device]``).
    """

    objtype = "option"

    def before_content(self) -> None:
        if self.names:
            self.env.ref_context["qemu:option"] = self.names[0]

    def after_content(self) -> None:
        self.env.ref_context.pop("qemu:option", None)


class QemuSubOption(QemuObject):
    """``.. qemu:suboption:: accel=accels1[:accels2[:...]]`` inside a ``qemu:option``."""

    objtype = "suboption"

    def object_name(self, synopsis: Synopsis) -> str:
        parent = self.env.ref_context.get("qemu:option", "")
        own = self.options.get("name") or suboption_name(synopsis.text, parent)
        return f"{parent} {own}".strip()


# -- generating qemu:option rST from the model -------------------------------


def _body_origin(source_lines: list[str], after: int, text: str) -> int | None:
    """The 1-based source line where ``text`` (a description) starts, at or after ``after``."""
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), None)
    if first is None:
        return None
    for index in range(max(after - 1, 0), min(len(source_lines), after + 200)):
        if source_lines[index].strip() == first:
            return index + 1
    return None


def _term_text(line: str) -> str:
    """A description line as the text of a literal term: ````accel=...```` -> ``accel=...``."""
    stripped = line.strip()
    if len(stripped) > 4 and stripped.startswith("``") and stripped.endswith("``"):
        return stripped[2:-2]
    return stripped


def _item_terms(option: Option, suboptions: list[SubOption]) -> dict[str, Location]:
    """Synopsis text -> location, for the synopses under ``suboptions`` that a description lists as items.

    By :func:`_rendered_as_item`, the one rule for which sub-option
    synopses are items (and so become objects by their line).
    """
    terms: dict[str, Location] = {}
    for sub in walk_suboptions(suboptions):
        for synopsis in sub.synopses:
            if _rendered_as_item(option, sub, synopsis):
                terms.setdefault(synopsis.text, synopsis.location)
    return terms


class OptionRenderer:
    """Writes the rST of an option set into a ViewList with source line numbers."""

    def __init__(self, model: OptionSet, source_lines: list[str], no_index: bool):
        self.model = model
        self.source_lines = source_lines
        self.no_index = no_index
        self.out = ViewList()

    def add(self, text: str, location: Location | None, offset: int = 0) -> None:
        path = location.path if location else self.model.source.path
        line = (location.line if location else 1) + offset
        self.out.append(text, path, max(line - 1, 0))

    def text_block(self, text: str, location: Location | None, indent: str, terms: dict[str, Location] | None = None) -> None:
        """``text`` indented, each line at its source line.

        A description converted from texinfo is not in the source verbatim:
        its lines stay at ``location``, except terms that document a
        sub-option (``terms``, by synopsis text), which go to the ``@item``
        line the model records, so that they become ``qemu`` objects too.
        """
        origin = None
        if location is not None and location.path == self.model.source.path:
            origin = _body_origin(self.source_lines, location.line, text)
        lines = text.strip("\n").split("\n")
        first_index = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
        for index, line in enumerate(lines):
            mapped = origin - 1 + index - first_index if origin is not None else None
            verbatim = mapped is not None and 0 <= mapped < len(self.source_lines) and self.source_lines[mapped].strip() == line.strip()
            if not verbatim and line and terms and _term_text(line) in terms:
                self.add(indent + line, terms[_term_text(line)])
            elif mapped is not None:
                self.out.append(indent + line if line else "", location.path, mapped)
            else:
                self.add(indent + line if line else "", location)

    def option(self, option: Option) -> None:
        forms = [sub for sub in option.suboptions if sub.kind == "form"]
        form_lines = {s.location.line for sub in forms for s in sub.synopses}
        synopses = [s for s in option.synopses if s.location.line not in form_lines] or [
            Synopsis(option.name, option.name, option.locations.get("definition") or Location(self.model.source.path, 1))
        ]
        where = synopses[0].location
        self.add(f".. qemu:option:: {synopses[0].text}", where)
        for synopsis in synopses[1:]:
            self.add(f"                 {synopsis.text}", synopsis.location)
        if lists_info_commands(self.model):
            self.add(f"   :name: {typed_name(option, info_commands=True)}", where)
        facts = {
            "section": option.section,
            "alias": " ".join(option.aliases),
            "arch": ", ".join(a for a in option.arch if a != "all"),
            "since": option.since,
            "removed": option.removed,
        }
        if option.deprecations:
            facts["deprecated"] = option.deprecations[0].since or ""
            facts["replacement"] = next((d.replacement for d in option.deprecations if d.replacement), None)
        for key, value in facts.items():
            if value or (key == "deprecated" and value is not None):
                self.add(f"   :{key}: {value}".rstrip(), where)
        if self.no_index:
            self.add("   :no-index:", where)
        self.add("", where)
        if option.description:
            self.text_block(option.description, synopses[-1].location, "   ", _item_terms(option, option.suboptions))
        elif option.help and not any(form.description for form in forms) and not _repeats_synopsis(option):
            # The -help text only where nothing documents the option (its forms included), marked as such.
            self.add("   Not documented in the source; QEMU's ``-help`` says::", where)
            self.add("", where)
            self.text_block(option.help, option.locations.get("help"), "      ")
        for form in forms:
            if _nested_in_description(option, form):
                continue  # rendered (and made an object) where the description lists it
            self.add("", form.location)
            self.add(f"   .. qemu:suboption:: {form.synopses[0].text if form.synopses else form.name}", form.location)
            for synopsis in form.synopses[1:]:  # a term joined to the next (``-incoming tcp:...`` then ``rdma:...``)
                if not _lists(form.description, synopsis):
                    self.add(f"                       {synopsis.text}", synopsis.location)
            self.add(f"      :name: {form.name}", form.location)
            if self.no_index:
                self.add("      :no-index:", form.location)
            self.add("", form.location)
            self.text_block(form.description, form.synopses[-1].location if form.synopses else form.location, "      ",
                            _item_terms(option, [form]))
        self.add("", where)


class QemuOptionsDirective(SphinxDirective):
    """``.. qemu:options:: PATH``: every option of a source file, from qdoc's model."""

    required_arguments = 1
    has_content = False
    option_spec = {"no-index": directives.flag, "section": directives.unchanged}

    @collector_paused  # a whole file: see qdoc._gc
    def run(self) -> list[nodes.Node]:
        path = resolve(self.env, self.env.docname, self.arguments[0])
        model = option_set(self.env, self.env.docname, path, self.get_location())
        if model is None:
            return []
        shown = display_path(self.env, path)
        report_findings(self.env, model, shown)
        from ..source import read_text

        source_lines = read_text(path).split("\n") if model.source.path == shown else []
        no_index = "no-index" in self.options
        result: list[nodes.Node] = []
        titles = [s.title for s in model.sections]
        by_section: dict[str | None, list[Option]] = {}
        for option in model.options:
            by_section.setdefault(option.section if option.section in titles else None, []).append(option)
        wanted = self.options.get("section")
        sub_lines = _sub_lines(model, shown)  # the whole file's, once: every section's items are matched against it
        for section in [None, *model.sections]:
            title = section.title if section else None
            if wanted and title != wanted:
                continue
            options = by_section.pop(title, [])
            if not options and not (section and section.description):
                continue
            renderer = OptionRenderer(model, source_lines, no_index)
            if section and section.description:
                renderer.text_block(section.description, section.location, "")
                renderer.add("", section.location)
            for option in options:
                renderer.option(option)
            if title:
                ids = [make_id(self.env, self.state.document, "qemu-section", title)]
                container: nodes.Element = detached_section(self.state.document, nodes.title(title, title), ids=ids)
            else:
                container = nodes.container()
                container.document = self.state.document
            self.env.ref_context["qemu:section"] = title or ""
            parse_generated(self.state, renderer.out, container)
            self.env.ref_context.pop("qemu:section", None)
            mark_objects(container, sub_lines, shown, env=self.env, document=self.state.document,
                         no_index=no_index)
            result.extend(container.children if not title else [container])
        return result


def _repeats_synopsis(option: Option) -> bool:
    """Whether ``option``'s -help text says no more than its synopsis (a qemu-img command's DEF string)."""
    return " ".join(option.help.split()) in {" ".join(s.text.split()) for s in option.synopses}


def _sub_lines(model: OptionSet, shown: str):
    """Only sub-options: the options themselves are ``qemu:option`` objects already, and so are most forms."""
    return {line: [d for d in found if d.suboption is not None and _rendered_as_item(d.option, d.suboption, d.synopsis)]
            for line, found in lines_of(model, shown).items()}


def _rendered_as_item(option: Option, sub: SubOption, synopsis: Synopsis) -> bool:
    """Whether a sub-option's synopsis is rendered as a definition-list item of a description.

    Forms are ``qemu:suboption`` objects, except those listed in their
    option's description (``-object``'s kinds), forms of a form, and the
    further synopses a form lists in its own description (``-bt hci,null``
    under ``-bt hci[...]``).
    """
    if sub.kind != "form" or _nested_in_description(option, sub):
        return True
    if not any(sub is top for top in option.suboptions):
        return True  # a form of a form
    return synopsis is not sub.synopses[0] and _lists(sub.description, synopsis)


def _lists(description: str, synopsis: Synopsis) -> bool:
    return f"``{synopsis.text}``" in description


def _nested_in_description(option: Option, form: SubOption) -> bool:
    """Whether ``option``'s description lists ``form`` as one of its items (``-object``'s kinds do).

    Such a form is rendered there; rendering it again as a
    ``qemu:suboption`` would show it twice.
    """
    return bool(form.synopses) and _lists(option.description, form.synopses[0])
