"""Turning rendered definition-list items into ``qemu`` domain objects.

QEMU's documentation writes options as rST definition lists (a term
````-machine [type=]name[,...]```` and its description).  Both ``hxtool-doc``
and ``qemu:options`` render that rST with every line mapped to its source
line (ViewList), and the model records each synopsis's text and line.  This
module matches items to the model by their term's text (:mod:`.term_match`;
not by the item's line, which docutils before 0.21 gets wrong) and makes them targets of the
``qemu`` domain (ids, index entries, cross-references), and marks the term
with its level (option or sub-option) so the man builder can style it.  The rendered
HTML stays exactly QEMU's; nothing is re-parsed here.

Objects and ids speak in :mod:`qdoc.keys`: the item of ``-netdev user``'s
``hostfwd`` is the object ``-netdev user hostfwd`` with the id
``qemu-option-netdev-user-hostfwd`` in every release.  An option all of
whose items are forms (``-netdev``, ``-chardev``, ``-device``...) is an
object too, at its first item.  A term that names nothing a user types (a
heading such as ``Valid options for any block driver node:``, an example
such as ``-initrd "file1 arg=foo,file2"``) is no object; what it lists is
named without it.  The monitor's commands (hmp-commands*.hx) are
``command`` objects, apart from the options.
"""

from __future__ import annotations

import re

from docutils import nodes

from .. import keys
from ..model import Option, OptionSet, SubOption, Synopsis
from ..readers.common.terms import split_term
from ..synopsis import names_kinds
from .domain import ObjectEntry, QemuDomain, object_id
from .term_match import match_terms

#: On a term the model knows: the head the readers split off (:func:`split_term`).
SYNOPSIS_ATTRIBUTE = "qdoc_synopsis"
#: On such a term, when its first bare word names a kind (``-netdev user``).
LITERAL_FIRST_ATTRIBUTE = "qdoc_literal_first"


class Described:
    """What one source line documents: an option's synopsis or a sub-option's.

    ``key`` is the :mod:`qdoc.keys` key of what it documents, its option
    named as typed (``info block/-n`` for hmp-commands-info.hx: the id must
    not be that of the command ``block``); ``name`` the object's name (None
    for a term that names nothing: no object); ``commands`` whether it is a
    monitor command or part of one.
    """

    __slots__ = ("option", "suboption", "synopsis", "info_commands", "key", "name", "commands")

    def __init__(self, option: Option, suboption: SubOption | None, synopsis: Synopsis, info_commands: bool = False,
                 key: str = "", name: str | None = "", commands: bool = False):
        self.option = option
        self.suboption = suboption
        self.synopsis = synopsis
        self.info_commands = info_commands
        self.key = key or keys.option_key(option.name)
        self.name = typed_name(option, info_commands) if name == "" else name
        self.commands = commands

    def split(self) -> tuple[str, bool]:
        """The term's head as the reader split it, and whether its first bare word names a kind."""
        option_level = self.suboption is None
        head, _ = split_term(self.synopsis.text, option_level=option_level, info_commands=self.info_commands)
        if not option_level:
            return head, self.suboption.kind == "form"
        return head, names_kinds(split_term(s.text, option_level=True, info_commands=self.info_commands)[1]
                                 for s in self.option.synopses)

    @property
    def objtype(self) -> str:
        """The domain's object type: an option or a command, or a part of one."""
        if self.commands:
            return "command" if self.suboption is None else "command-argument"
        return "option" if self.suboption is None else "suboption"


def lists_commands(option_set: OptionSet) -> bool:
    """Whether ``option_set`` is one of the monitor's tables (hmp-commands.hx, hmp-commands-info.hx)."""
    return option_set.program in ("hmp", "hmp-info")


_NOT_A_NAME_RE = re.compile(r"[\s\"'<>]")


def names_itself(sub: SubOption, typed: str) -> bool:
    """Whether a sub-option's term names something a user types (``hostfwd``, ``user``, ``COMn``).

    Not so: a heading QEMU writes as a term (``Valid options for any block
    driver node:``, ``TCP options: port=...``, ``Example to ...``), or a
    quoted example or a placeholder in angle brackets (``-initrd "file1
    arg=foo,file2"``, ``-incoming <channel>``).  ``typed`` is the option's
    name, which a form's term starts with.
    """
    name = sub.name.strip()
    if name.endswith("=") and len(name) > 1:
        name = name[:-1]
    if not name or _NOT_A_NAME_RE.search(name):
        return False
    if not sub.synopses:
        return True
    text = sub.synopses[0].text.strip()
    for prefix in (typed, sub.synopses[0].text.partition(" ")[0]):
        if text.startswith(prefix + " ") and not text.startswith(name):
            text = text[len(prefix):].lstrip()
    if not text.startswith(name):
        return True
    after = text[len(name):]
    if not after[:1].isspace():
        return True  # accel=..., user,id=..., COMn
    heading = name[0].isupper() or text.endswith(":") or after.split()[0].rstrip(":") == "options"
    return not heading


def object_names(option: Option, typed: str) -> dict[int, tuple[str, str | None]]:
    """id(node) -> (its key, its object name or None) for an option and everything under it.

    A name is the option's typed name and the key's words below it, leaving
    out the terms that name nothing (:func:`names_itself`):
    ``-blockdev/Valid/driver`` is the object ``-blockdev driver``.
    """
    found: dict[int, tuple[str, str | None]] = {}
    bases: dict[str, str] = {}
    for key_, node in keys.walk_option(option):
        up = keys.parent(key_)
        if up is None:
            bases[key_] = typed
            found[id(node)] = (key_, typed)
            continue
        base = bases[up]  # walk_option yields every node after its parent
        if names_itself(node, typed):  # type: ignore[arg-type]
            own = f"{base} {keys.split_key(key_)[-1]}"
            bases.setdefault(key_, own)
            found[id(node)] = (key_, own)
        else:
            bases.setdefault(key_, base)
            found[id(node)] = (key_, None)
    return found


def typed_key(key_: str, info_commands: bool) -> str:
    """A :mod:`qdoc.keys` key with its command named as typed: ``info block/-n`` (see :func:`typed_name`)."""
    return f"info {key_}" if info_commands else key_


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
    """Source line -> what the model says is documented there (for ``path`` only).

    An option whose every item is a form (``-netdev user,...``, ``-netdev
    tap,...``) is documented at its first form's item too, after the form.
    """
    found: dict[int, list[Described]] = {}
    info_commands = lists_info_commands(option_set)
    commands = lists_commands(option_set)
    for option in option_set.options:
        typed = typed_name(option, info_commands)
        named = object_names(option, typed)
        option_key = typed_key(named[id(option)][0], info_commands)
        form_lines = {s.location.line for sub in option.suboptions if sub.kind == "form" for s in sub.synopses}
        own = [s for s in option.synopses if s.location.path == path]
        for synopsis in own:
            if synopsis.location.line not in form_lines:
                found.setdefault(synopsis.location.line, []).append(
                    Described(option, None, synopsis, info_commands, option_key, typed, commands))
        for key_, sub in keys.walk_option(option):
            if sub is option:
                continue
            name = named[id(sub)][1]
            for synopsis in sub.synopses:
                if synopsis.location.path == path:
                    found.setdefault(synopsis.location.line, []).append(
                        Described(option, sub, synopsis, info_commands, typed_key(key_, info_commands), name, commands))  # type: ignore[arg-type]
        if own and all(s.location.line in form_lines for s in own):
            first = min(own, key=lambda s: s.location.line)
            found.setdefault(first.location.line, []).append(
                Described(option, None, first, info_commands, option_key, typed, commands))
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
        if not isinstance(node, (nodes.TextElement, nodes.Text)):
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
    seen_keys: set[str] = set()
    seen_names: set[str] = set()
    # By the term's text, never the item's line (wrong before docutils 0.21): see term_match.
    for item, term, line, matches in match_terms(definition_list_items(container), described, source,
                                                 lambda found: found.synopsis.text):
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
            # One target per key and one object per name: -overcommit
            # documents two items, 7.2's -netdev two "socket" forms; the
            # first is where links go.
            if match.name is None or match.key in seen_keys:
                continue
            seen_keys.add(match.key)
            node_id = object_id(env, document, "command" if match.commands else "option", match.key)
            term["ids"].append(node_id)
            document.note_explicit_target(term)
            if match.name in seen_names:
                continue
            seen_names.add(match.name)
            entry = ObjectEntry(node_id, match.objtype, match.option.section or "", f"{source}:{line}", match.synopsis.text)
            domain.note_object(match.name, env.docname, entry, location=term)
            if match.suboption is None:
                for alias in match.option.aliases:
                    domain.note_object(alias, env.docname, entry, location=term)
    return marked

