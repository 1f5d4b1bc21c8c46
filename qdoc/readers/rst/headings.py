"""What the heading of a deprecation or removal entry says.

QEMU's convention is a heading that names the feature, with its literals in
``double backquotes``, followed by the version in parentheses::

    ``-display sdl,alt_grab=on`` (since 4.2)
    ``-hdachs`` (removed in 2.12)
    ``blockdev-open-tray``, ``blockdev-close-tray`` argument ``device`` (since 2.8)

The heading is read from its docutils title node, so literals are known as
literals rather than guessed from backquotes; only the plain text of the
final parenthesis is matched against the version phrases.  Headings that
depart from the convention (no version, ``removed 5.2``, ``Since``, a
``since`` in a removal list) are still read, with the departure described in
``problems`` for the caller to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docutils import nodes

from ...model import RecordTarget, canonical_option_name
from ...synopsis import parse_parameters, split_option_name

_VERSION = r"v?\d+\.\d+(?:\.\d+)?"
_TRAILING_PARENS_RE = re.compile(r"\(([^()]*)\)\s*$")
_SINCE_RE = re.compile(rf"\b(?P<word>[Ss]ince)\s+(?P<version>{_VERSION})")
_REMOVED_RE = re.compile(rf"\b[Rr]emoved\s+(?P<in>in\s+)?(?P<version>{_VERSION})")
_OPTION_LITERAL_RE = re.compile(r"^--?[A-Za-z]")
_WORD_RE = re.compile(r"^[a-z][\w.-]*$")
_COMMAND_RE = re.compile(r"^[a-z][\w-]*(?:\.[\w-]+)*$|^[A-Z][A-Z0-9_]+$")
_MEMBER_WORDS = r"(?:arguments?|results?|members?|fields?|options?|parameters?|propert(?:y|ies))\b"
_MEMBER_WORDS_RE = re.compile(r"\b" + _MEMBER_WORDS, re.I)
# "``arch`` output member (since 3.0)": the last literal is a member.
_MEMBER_LAST_RE = re.compile(r"^\s*(?:\w+\s+)?" + _MEMBER_WORDS + r"\s*(?:\([^()]*\))?\s*$", re.I)
# "``hub_id`` parameter of ``hostfwd_add``": a member named before its commands.
_MEMBER_OF_RE = re.compile(r"^\s*(?:\w+\s+)?" + _MEMBER_WORDS + r"\s+(?:of|to|for)\b", re.I)
_JOINERS = {",", "and", "or", "&", ", and", ", or", "/"}


@dataclass
class Heading:
    """The facts of one entry heading; ``problems`` lists departures from the convention."""

    feature: str
    since: str | None = None
    removed_in: str | None = None
    targets: list[RecordTarget] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_heading(title: nodes.title, kind: str, commands: bool, canonical: bool = True) -> Heading:
    """Read an entry title; ``kind`` is ``deprecation`` or ``removal``.

    ``commands`` says the entry sits under a QMP/HMP area, where literals
    name monitor commands (and their arguments) rather than options.
    ``canonical`` spells option names the qemu-system way (one dash); other
    programs' options (``qemu-ga --blacklist``) keep their spelling.
    """
    text = " ".join(title.astext().split())
    heading = Heading(feature=text)
    m = _TRAILING_PARENS_RE.search(text)
    since = _SINCE_RE.search(m.group(1)) if m else None
    removed = _REMOVED_RE.search(m.group(1)) if m else None
    if since or removed:
        heading.feature = text[: m.start()].rstrip()
    else:
        # "Big endian MIPS since 7.2; ...": a version, but not in parentheses.
        since, removed = _SINCE_RE.search(text), _REMOVED_RE.search(text)
        if since or removed:
            heading.problems.append("states its version outside parentheses")
    if since:
        heading.since = since.group("version")
        if since.group("word") != "since":
            heading.problems.append(f"'{since.group('word')}' is capitalised")
    if removed:
        heading.removed_in = removed.group("version")
        if not removed.group("in"):
            heading.problems.append("'removed' without 'in'")
    if not since and not removed:
        heading.problems.append(f"states no version: expected '(since X.Y)'{' or (removed in X.Y)' if kind == 'removal' else ''}")
    elif kind == "removal" and not removed:
        heading.problems.append("a removal heading states 'since', not 'removed in'")
    elif kind == "deprecation" and removed:
        heading.problems.append("a deprecation heading states 'removed in'")
    heading.targets = _command_targets(title) if commands else _option_targets(title, canonical)
    return heading


def _literals(title: nodes.title) -> list[tuple[str, str, str]]:
    """Each literal of the title with the plain text before and after it."""
    pieces: list[tuple[bool, str]] = []
    for child in title.children:
        is_literal = isinstance(child, nodes.literal)
        pieces.append((is_literal, child.astext()))
    found = []
    for index, (is_literal, text) in enumerate(pieces):
        if not is_literal:
            continue
        before = pieces[index - 1][1] if index and not pieces[index - 1][0] else ""
        after = pieces[index + 1][1] if index + 1 < len(pieces) and not pieces[index + 1][0] else ""
        found.append((text.strip(), before, after))
    return found


def option_target(literal: str, canonical: bool = True) -> RecordTarget | None:
    """``-display sdl,alt_grab=on`` -> ``-display`` / ``alt_grab``; None if not an option."""
    if not _OPTION_LITERAL_RE.match(literal):
        return None
    name, rest = split_option_name(literal)
    if not name:
        return None
    return RecordTarget(canonical_option_name(name) if canonical else name, suboption_named(rest))


def suboption_named(arguments: str) -> str | None:
    """The sub-option a synopsis fragment singles out.

    The last ``key=`` wins (``-mon ...,control=readline,pretty=on|off`` is
    about ``pretty``); without one, a leading bare word (``-vnc acl``,
    ``-net dump``) names a property or form.
    """
    if not arguments:
        return None
    parameters, _ = parse_parameters(arguments)
    keys = [p.key for p in parameters if p.key and _WORD_RE.match(p.key.lower())]
    if keys:
        return keys[-1]
    first = parameters[0] if parameters else None
    if first is not None and first.key is None and first.value and _WORD_RE.match(first.value):
        return first.value
    return None


def _option_targets(title: nodes.title, canonical: bool) -> list[RecordTarget]:
    targets = []
    for literal, _, _ in _literals(title):
        target = option_target(literal, canonical)
        if target is not None and target not in targets:
            targets.append(target)
    return targets


def _command_targets(title: nodes.title) -> list[RecordTarget]:
    """``a``, ``b`` argument ``x`` -> a/x, b/x; ``c`` and ``d`` -> c, d.

    Also ``x`` parameter of ``a`` / ``b`` -> a/x, b/x.
    """
    targets: list[RecordTarget] = []
    commands: list[str] = []
    members: list[str] = []
    leading: list[str] = []  # members named before their commands
    literals = _literals(title)
    for index, (literal, before, after) in enumerate(literals):
        if not literal:
            continue
        word = literal.split()[0]
        if not commands and _MEMBER_OF_RE.match(after):
            leading.append(word)
            continue
        member_last = index == len(literals) - 1 and _MEMBER_LAST_RE.match(after)
        if member_last and not commands:
            continue  # a member of something that is not a command literal
        if commands and (_MEMBER_WORDS_RE.search(before) or member_last or (members and before.strip() in _JOINERS)):
            members.append(word)
            continue
        if not _COMMAND_RE.match(word):
            continue
        if members:  # a new command after members: close the previous group
            targets += [RecordTarget(c, m) for c in commands for m in members]
            commands, members = [], []
        commands.append(word)
    members = members or leading
    if members:
        targets += [RecordTarget(c, m) for c in commands for m in members]
    else:
        targets += [RecordTarget(c) for c in commands]
    return targets
