"""Turning rendered definition-list items into ``qemu`` domain objects.

QEMU's documentation writes options as rST definition lists (a term
````-machine [type=]name[,...]```` and its description).  Both ``hxtool-doc``
and ``qemu:options`` render that rST with every line mapped to its source
line (ViewList), so a definition-list item's line says which option of the
model it documents: the model records each synopsis's line.  This module
matches items to the model by that line and makes them targets of the
``qemu`` domain (ids, index entries, cross-references), and marks the term
with its level (option or sub-option) so the man builder can style it.  The rendered
HTML stays exactly QEMU's; nothing is re-parsed here.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.nodes import make_id

from ..model import Option, OptionSet, SubOption, Synopsis, walk_suboptions
from ..readers.common.terms import split_term
from ..synopsis import names_kinds
from .domain import ObjectEntry, QemuDomain

#: On a term the model knows: the head the readers split off (:func:`split_term`).
SYNOPSIS_ATTRIBUTE = "qdoc_synopsis"
#: On such a term, when its first bare word names a kind (``-netdev user``).
LITERAL_FIRST_ATTRIBUTE = "qdoc_literal_first"


class Described:
    """What one source line documents: an option's synopsis or a sub-option's."""

    __slots__ = ("option", "suboption", "synopsis", "info_commands")

    def __init__(self, option: Option, suboption: SubOption | None, synopsis: Synopsis, info_commands: bool = False):
        self.option = option
        self.suboption = suboption
        self.synopsis = synopsis
        self.info_commands = info_commands

    def split(self) -> tuple[str, bool]:
        """The term's head as the reader split it, and whether its first bare word names a kind."""
        option_level = self.suboption is None
        head, _ = split_term(self.synopsis.text, option_level=option_level, info_commands=self.info_commands)
        if not option_level:
            return head, self.suboption.kind == "form"
        return head, names_kinds(split_term(s.text, option_level=True, info_commands=self.info_commands)[1]
                                 for s in self.option.synopses)

    @property
    def name(self) -> str:
        """The object's name as a user types it: ``info block`` for the ``block`` of hmp-commands-info.hx."""
        option = typed_name(self.option, self.info_commands)
        return option if self.suboption is None else f"{option} {self.suboption.name}"


def lists_info_commands(option_set: OptionSet) -> bool:
    """Whether ``option_set`` is hmp-commands-info.hx: commands typed after ``info``."""
    return option_set.program == "hmp-info"


def typed_name(option: Option, info_commands: bool) -> str:
    """``option``'s name as typed: an HMP ``info`` subcommand is named with its ``info``.

    The model names the commands of hmp-commands-info.hx as QEMU's table
    does (``block``); as domain objects they would clash with the commands of
    hmp-commands.hx that share the word (``migrate``, ``balloon``), which
    QEMU's monitor.rst renders on the same page.
    """
    return f"info {option.name}" if info_commands else option.name


def lines_of(option_set: OptionSet, path: str) -> dict[int, list[Described]]:
    """Source line -> what the model says is documented there (for ``path`` only)."""
    found: dict[int, list[Described]] = {}
    info_commands = lists_info_commands(option_set)
    for option in option_set.options:
        form_lines = {s.location.line for sub in option.suboptions if sub.kind == "form" for s in sub.synopses}
        for synopsis in option.synopses:
            if synopsis.location.path == path and synopsis.location.line not in form_lines:
                found.setdefault(synopsis.location.line, []).append(Described(option, None, synopsis, info_commands))
        for sub in walk_suboptions(option.suboptions):
            for synopsis in sub.synopses:
                if synopsis.location.path == path:
                    found.setdefault(synopsis.location.line, []).append(Described(option, sub, synopsis, info_commands))
    return found


def definition_list_items(container: nodes.Element) -> list[nodes.definition_list_item]:
    """The definition-list items under ``container``, in document order.

    ``container.findall()`` would visit every node of the rendered file,
    its inline markup and text included (three quarters of the nodes), by
    nested generators.  Lists are body elements, and a text element
    (paragraph, term, literal block...) holds only inline markup, so this
    walk does not enter text elements.
    """
    found: list[nodes.definition_list_item] = []
    pending: list[nodes.Node] = [container]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.definition_list_item):
            found.append(node)
        if isinstance(node, nodes.Element) and not isinstance(node, nodes.TextElement):
            pending.extend(reversed(node.children))
    return found


def mark_objects(
    container: nodes.Element,
    described: dict[int, list[Described]],
    source: str,
    *,
    env,
    document: nodes.document,
    no_index: bool,
) -> int:
    """Make the items of ``container`` that the model knows domain objects; return how many."""
    domain: QemuDomain = env.get_domain("qemu")  # type: ignore[assignment]
    marked = 0
    seen: set[str] = set()
    for item in definition_list_items(container):
        if item.source != source or item.line is None:
            continue
        matches = described.get(item.line)
        if not matches:
            continue
        term = item.next_node(nodes.term)
        if term is None:
            continue
        first = matches[0]
        # Only the reader's split: the man builder styles the term's own
        # text, rather than every doctree carrying the parsed synopsis.
        head, literal_first = first.split()
        term[SYNOPSIS_ATTRIBUTE] = head
        if literal_first:
            term[LITERAL_FIRST_ATTRIBUTE] = True
        marked += 1
        if no_index:
            continue
        for match in matches:
            # One target per name: -overcommit documents two items, -serial
            # two "telnet" forms; the first is where links go.
            if match.name in seen:
                continue
            seen.add(match.name)
            node_id = make_id(env, document, "qemu-option", match.name)
            term["ids"].append(node_id)
            document.note_explicit_target(term)
            objtype = "option" if match.suboption is None else "suboption"
            entry = ObjectEntry(node_id, objtype, match.option.section or "", f"{source}:{item.line}", match.synopsis.text)
            domain.note_object(match.name, env.docname, entry, location=term)
            if match.suboption is None:
                for alias in match.option.aliases:
                    domain.note_object(alias, env.docname, entry, location=term)
    return marked

