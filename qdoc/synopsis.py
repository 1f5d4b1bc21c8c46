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
    for index, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                problems.append(f"unbalanced ']' at column {index + 1}")
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
    problems = bracket_problems(arguments) if ("[" in arguments or "]" in arguments) else []
    # Elements are the comma-separated runs; each chunk of text carries the
    # bracket depth it sits at.  Quotes protect commas ("file1 arg=foo,file2").
    elements: list[list[tuple[str, int]]] = [[]]
    depth = 0
    for chunk in _CHUNK_RE.findall(arguments):
        if chunk == "[":
            elements[-1].append(("[", depth))
            depth += 1
        elif chunk == "]":
            depth = max(0, depth - 1)
            elements[-1].append(("]", depth))
        elif chunk == ",":
            elements.append([])
        else:
            chunk = chunk.strip('"') if chunk[0] == '"' else "".join(chunk.split())
            if chunk.startswith("...") and len(chunk) > 3 and chunk[3] != ".":
                # "[,...][mac=...]" written without a comma: "..." ends an element.
                elements[-1].append(("...", depth))
                elements.append([])
                chunk = chunk[3:]
            if chunk:
                elements[-1].append((chunk, depth))

    parameters: list[SynopsisParameter] = []
    for element in elements:
        content = [(chunk, d) for chunk, d in element if chunk not in "[]"]
        if not content:
            continue
        raw = "".join(chunk for chunk, _ in element)
        text = "".join(chunk for chunk, _ in content)
        if set(text) == {"."}:
            if parameters:
                last = parameters[-1]
                parameters[-1] = SynopsisParameter(last.key, last.value, last.required, last.key_optional, True, last.choices)
            continue
        key: str | None = None
        value: str | None = _balanced(raw)
        key_depth = value_depth = min(d for _, d in content)
        eq = text.find("=")
        if eq > 0 and _KEY_RE.match(text[:eq]):
            key = text[:eq]
            value = _balanced(raw[raw.index("=") + 1:]) or None
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
    return tuple(parameters), tuple(problems)


def _balanced(text: str) -> str:
    """Drop unmatched brackets and brackets that wrap the whole text."""
    if "[" not in text and "]" not in text:
        return text
    keep = [True] * len(text)
    opened: list[int] = []
    for index, ch in enumerate(text):
        if ch == "[":
            opened.append(index)
        elif ch == "]":
            if opened:
                opened.pop()
            else:
                keep[index] = False
    for index in opened:
        keep[index] = False
    text = "".join(ch for ch, k in zip(text, keep) if k)
    while text.startswith("[") and text.endswith("]") and _matching_close(text) == len(text) - 1:
        text = text[1:-1]
    return text


def _matching_close(text: str) -> int:
    depth = 0
    for index, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return index
    return -1


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
