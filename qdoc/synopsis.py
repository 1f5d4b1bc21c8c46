"""Parse option synopses: ``-machine [type=]name[,prop=value[,...]]`` into parameters.

QEMU writes synopses in a small informal grammar: ``[...]`` marks optional
parts, ``a|b`` choices, ``,...`` or ``[,...]`` repetition, ``key=value``
properties and bare words (``-hda file``, ``-numa node``).  Checks compare
synopses from different sources (DEF help text, rST, texinfo, HTML, man) on
this parsed form rather than on raw text, so formatting differences do not
count as contradictions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .model import SynopsisParameter

_KEY_RE = re.compile(r"^[A-Za-z0-9_.@<>-]+$")
_BRACKET_RE = re.compile(r"[\[\]]")
_BRACKET_SPLIT_RE = re.compile(r"([\[\]])")
_OPTION_NAME_RE = re.compile(r"^(--?[A-Za-z0-9][\w.-]*|[A-Za-z_?][\w.?-]*)")


def split_option_name(text: str) -> tuple[str, str]:
    """Split ``-machine [type=]name`` into ``("-machine", "[type=]name")``."""
    text = text.strip()
    m = _OPTION_NAME_RE.match(text)
    if not m:
        return "", text
    return m.group(1), text[m.end():].strip()


def bracket_problems(text: str) -> list[str]:
    """Unbalanced ``[``/``]`` in a synopsis, as human-readable problems."""
    problems = []
    depth = 0
    for match in _BRACKET_RE.finditer(text):
        if match.group() == "[":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                problems.append(f"unbalanced ']' at column {match.start() + 1}")
                depth = 0
    if depth > 0:
        problems.append(f"{depth} unclosed '['")
    return problems


_CHUNK_RE = re.compile(r'"[^"]*"?|[\[\],]|[^\[\],"]+')


def parse_parameters(arguments: str) -> tuple[list[SynopsisParameter], list[str]]:
    """Parameters of the part of a synopsis after the option name.

    Returns the parameters and a list of problems (unbalanced brackets).  The
    parse is total: every input gives some parameters, so a damaged synopsis
    can still be compared.  Results are shared between equal inputs (the
    parameters are immutable): consecutive releases repeat most synopses.
    """
    parameters, problems = _parse_parameters_cached(arguments)
    return list(parameters), list(problems)


@lru_cache(maxsize=8192)
def _parse_parameters_cached(arguments: str) -> tuple[tuple[SynopsisParameter, ...], tuple[str, ...]]:
    if "[" not in arguments and "]" not in arguments and '"' not in arguments:
        return _flat_parameters(arguments), ()
    return _nested_parameters(arguments), tuple(bracket_problems(arguments))


def _flat_parameters(arguments: str) -> tuple[SynopsisParameter, ...]:
    """The parameters of a synopsis without brackets or quotes: every part is required.

    Two thirds of the synopses of a manual are of this kind (``vmport=on|off|auto``,
    ``bmc=id``).  They are what :func:`_nested_parameters` would make of them, each
    comma-separated part one chunk at depth 0, without its bookkeeping.
    """
    parameters: list[SynopsisParameter] = []
    for part in arguments.split(","):
        text = "".join(part.split())
        if text.startswith("...") and len(text) > 3 and text[3] != ".":
            # "...,mac=..." written as "...mac=...": "..." ends the part before.
            _mark_repeatable(parameters)
            text = text[3:]
        if not text:
            continue
        if text.strip(".") == "":
            _mark_repeatable(parameters)
            continue
        key: str | None = None
        value: str | None = text
        eq = text.find("=")
        if eq > 0 and _KEY_RE.match(text, 0, eq):
            key, value = text[:eq], text[eq + 1:] or None
        parameters.append(
            SynopsisParameter(
                key=key,
                value=value,
                required=True,
                key_optional=False,
                repeatable=bool(value and "..." in value),
                choices=[c for c in value.split("|") if c] if value and "|" in value else [],
            )
        )
    return tuple(parameters)


def _mark_repeatable(parameters: list[SynopsisParameter]) -> None:
    """``,...`` after a parameter: the one before it may be repeated."""
    if parameters:
        last = parameters[-1]
        parameters[-1] = SynopsisParameter(last.key, last.value, last.required, last.key_optional, True, last.choices)


def _nested_parameters(arguments: str) -> tuple[SynopsisParameter, ...]:
    """The parameters of any synopsis: brackets make parts optional, quotes protect commas.

    Elements are the comma-separated runs.  Each keeps its pieces as written
    (``raw``: text chunks and the brackets, each bracket a piece of its own)
    and its text chunks with the bracket depth they sit at (``content``).
    """
    quoted = '"' in arguments
    parameters: list[SynopsisParameter] = []
    raw: list[str] = []
    content: list[tuple[str, int]] = []
    depth = 0
    for chunk in _CHUNK_RE.findall(arguments):
        if chunk == ",":
            if content:
                _add_element(raw, content, quoted, parameters)
            raw, content = [], []
        elif chunk == "[":
            raw.append(chunk)
            depth += 1
        elif chunk == "]":
            raw.append(chunk)
            depth = max(0, depth - 1)
        else:
            chunk = chunk.strip('"') if chunk[0] == '"' else "".join(chunk.split())
            if chunk.startswith("...") and len(chunk) > 3 and chunk[3] != ".":
                # "[,...][mac=...]" written without a comma: "..." ends an element.
                raw.append("...")
                content.append(("...", depth))
                _add_element(raw, content, quoted, parameters)
                raw, content = [], []
                chunk = chunk[3:]
            if chunk:
                raw.append(chunk)
                if chunk not in "[]":  # a quoted "[" is no bracket, but no content either
                    content.append((chunk, depth))
    if content:
        _add_element(raw, content, quoted, parameters)
    return tuple(parameters)


def _add_element(raw: list[str], content: list[tuple[str, int]], quoted: bool, parameters: list[SynopsisParameter]) -> None:
    """The parameter of one element, appended to ``parameters`` (or the one before marked repeatable)."""
    text = "".join([chunk for chunk, _ in content])
    if text.strip(".") == "":
        _mark_repeatable(parameters)
        return
    key: str | None = None
    key_depth = value_depth = min([d for _, d in content])
    eq = text.find("=")
    if eq > 0 and _KEY_RE.match(text, 0, eq):
        key = text[:eq]
        if len(content) > 1:
            # The key's depth is that of the chunks up to the "=", the value's of those after it.
            seen = 0
            key_depths = []
            value_depths = []
            for chunk, d in content:
                if seen <= eq:
                    key_depths.append(d)
                if seen + len(chunk) > eq + 1:
                    value_depths.append(d)
                seen += len(chunk)
            key_depth = min(key_depths)
            value_depth = min(value_depths, default=key_depth)
        # The value is what follows the first "=" (brackets have none).
        at = next(i for i, piece in enumerate(raw) if "=" in piece)
        piece = raw[at]
        value = _balanced_pieces([piece[piece.index("=") + 1:]] + raw[at + 1:], quoted) or None
    else:
        value = _balanced_pieces(raw, quoted)
    choices: list[str] = []
    if value and "|" in value and " " not in value and "[" not in value:
        choices = [c for c in value.split("|") if c]
    parameters.append(
        SynopsisParameter(
            key=key,
            value=value,
            required=min(key_depth, value_depth) == 0,
            key_optional=key is not None and key_depth > value_depth,
            repeatable=bool(value and "..." in value),
            choices=choices,
        )
    )


def _balanced_pieces(pieces: list[str], quoted: bool) -> str:
    """The pieces joined, without unmatched brackets and brackets that wrap the whole text.

    Brackets are pieces of their own, except inside quoted text: quoted
    pieces are joined and cut again at every bracket.
    """
    if quoted:
        pieces = _BRACKET_SPLIT_RE.split("".join(pieces))
    pieces = [piece for piece in pieces if piece]
    partner: dict[int, int] = {}
    opened: list[int] = []
    for index, piece in enumerate(pieces):
        if piece == "[":
            opened.append(index)
        elif piece == "]" and opened:
            partner[opened.pop()] = index
    if 2 * len(partner) < pieces.count("[") + pieces.count("]"):
        # Unmatched brackets are dropped; the others keep their partners.
        matched = set(partner) | set(partner.values())
        kept = [i for i, piece in enumerate(pieces) if (piece != "[" and piece != "]") or i in matched]
        position = {old: new for new, old in enumerate(kept)}
        partner = {position[o]: position[c] for o, c in partner.items()}
        pieces = [pieces[i] for i in kept]
    start, end = 0, len(pieces) - 1
    while start < end and partner.get(start) == end:
        start, end = start + 1, end - 1
    return "".join(pieces[start:end + 1])


# -- which words a reader types as written, and which it replaces --------------

#: Roles of the pieces of a synopsis (:func:`word_roles`).
LITERAL, PLACEHOLDER, PLAIN = "literal", "placeholder", "plain"

_ROLE_TOKEN_RE = re.compile(r"-*[A-Za-z0-9_@][\w@.-]*|\.\.+|\s+|.", re.S)
_KEY_PART_RE = re.compile(r"^[\w.@<>|-]+$")
#: QEMU's names for "any property" or "some kind": placeholders wherever they stand
#: (``-device driver[,prop[=value]]``, ``-chardev backend,id=id[,options]``).
GENERIC_WORDS = frozenset({"option", "options", "prop", "props", "property", "driver", "backend"})


def word_roles(arguments: str, *, literal_first: bool = False) -> list[tuple[str, str]]:
    """``arguments`` cut into pieces, each with its role: typed as written, replaced, or punctuation.

    The pieces concatenate to ``arguments`` exactly.  Roles follow from the
    position of a word in QEMU's synopsis grammar, as QEMU's texinfo manuals
    marked them with ``@var``: in ``key=value`` the key is typed as written
    (``id=``), and so is a value that is a choice (``on|off``); any other
    value is a placeholder (``id=id`` is the literal ``id=`` and a name).
    A bare word is a placeholder (``-hda file``) unless it is a flag
    (``[-n]`` of an HMP command) or ``literal_first`` says that the first
    word names a kind (``-netdev user,...``, ``-numa node,...``).  Position
    decides, never the word itself: ``fd=fd`` is a key and a placeholder.
    """
    tokens = _ROLE_TOKEN_RE.findall(arguments)
    roles = [PLAIN] * len(tokens)
    start = 0
    first = True
    for end in [i for i, token in enumerate(tokens) if token == ","] + [len(tokens)]:
        _element_roles(tokens, roles, start, end, literal_first=literal_first, first_element=first)
        first = False
        start = end + 1
    pieces: list[tuple[str, str]] = []
    for token, role in zip(tokens, roles):
        if role == PLACEHOLDER and token[0] == "-":
            # ``firstcpu[-lastcpu]``: the dash is punctuation, the name the placeholder.
            name = token.lstrip("-")
            pieces += [(token[: len(token) - len(name)], PLAIN), (name, PLACEHOLDER)]
        else:
            pieces.append((token, role))
    return pieces


_FIRST_WORD_RE = re.compile(r"[A-Za-z0-9_][\w.-]*")


def names_kinds(arguments: Iterable[str]) -> bool:
    """Whether the first bare words of one option's synopses (their arguments) name kinds.

    ``-numa node,...`` and ``-numa dist,...`` start with different words:
    each names a kind the option takes, typed as written.  A single
    synopsis (``-hda file``) starts with a value to replace.
    """
    firsts = {match.group(0) for match in map(_FIRST_WORD_RE.match, arguments) if match}
    return len(firsts) > 1


def _is_word(token: str) -> bool:
    return token[0] == "-" or token[0].isalnum() or token[0] in "_@"


def _element_roles(tokens: list[str], roles: list[str], start: int, end: int, *, literal_first: bool, first_element: bool) -> None:
    """Roles of the words of one comma-separated element ``tokens[start:end]``."""
    equals = next((i for i in range(start, end) if tokens[i] == "="), None)
    if equals is not None:
        key_start = equals  # the key: the words and brackets right before "=" (``[type=]``, ``in|out.dev=``)
        while key_start > start and (_is_word(tokens[key_start - 1]) or tokens[key_start - 1] in "[]|"):
            key_start -= 1
        key = "".join(t for t in tokens[key_start:equals] if t not in "[]")
        if key and _KEY_PART_RE.match(key):
            # Words before the key: ``"file1 arg=foo,file2"`` (-initrd).
            _bare_roles(tokens, roles, start, key_start, literal_first=literal_first, first_element=first_element)
            value = "".join(t for t in tokens[equals + 1:end] if t not in "[]")
            # A choice (``on|off``) or a number (``type=0``) is typed as written.
            fixed = ("|" in value and not any(c.isspace() for c in value)) or value.strip().isdigit()
            for index in range(key_start, end):
                if _is_word(tokens[index]):
                    roles[index] = LITERAL if index < equals or fixed else PLACEHOLDER
            return
    _bare_roles(tokens, roles, start, end, literal_first=literal_first, first_element=first_element)


def _bare_roles(tokens: list[str], roles: list[str], start: int, end: int, *, literal_first: bool, first_element: bool) -> None:
    """Roles of words that are not part of ``key=value``."""
    flat = "".join(t for t in tokens[start:end] if t not in "[]")
    choice = "|" in flat and not any(c.isspace() for c in flat)
    prose = " " in flat.strip()
    first_word = True
    for index in range(start, end):
        token = tokens[index]
        if not _is_word(token):
            continue
        if token[0] == "-" and _starts_a_flag(tokens, index):
            roles[index] = LITERAL
        elif token in GENERIC_WORDS or prose:
            roles[index] = PLACEHOLDER
        elif choice or (literal_first and first_word) or not first_element:
            # A bare word after a comma is a boolean property (``[,readonly]``).
            roles[index] = LITERAL
        else:
            roles[index] = PLACEHOLDER
        first_word = False


def _starts_a_flag(tokens: list[str], index: int) -> bool:
    """``-n`` in ``[-n]``, ``cmd -n`` or ``[-m|-n]`` is a flag; ``-lastcpu`` in ``firstcpu[-lastcpu]`` is a range's end."""
    previous = index - 1
    while previous >= 0 and tokens[previous] == "[":
        previous -= 1
    if previous >= 1 and tokens[previous] == "|" and tokens[previous - 1][0] == "-":
        return _starts_a_flag(tokens, previous - 1)  # an alternative to the flag before it
    return previous < 0 or tokens[previous].isspace()
