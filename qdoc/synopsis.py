"""Parse option synopses: ``-machine [type=]name[,prop=value[,...]]`` into parameters.

QEMU writes synopses in a small informal grammar: ``[...]`` marks optional
parts, ``a|b`` choices, ``,...`` or ``[,...]`` repetition, ``key=value``
properties and bare words (``-hda file``, ``-numa node``).  Checks compare
synopses from different sources (DEF help text, rST, texinfo, HTML, man) on
this parsed form rather than on raw text, so formatting differences do not
count as contradictions.

Terms also carry prose around the parameters, and a value is never glued to
it: ``xtsup=on|off (default: off)`` is the key ``xtsup`` with the choices
``on`` and ``off``; see :func:`parameter_text` for what counts as prose.
"""

from __future__ import annotations

import re
from dataclasses import replace
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
    text = parameter_text(arguments)
    problems = tuple(bracket_problems(arguments)) if "[" in arguments or "]" in arguments else ()
    if "[" not in text and "]" not in text and '"' not in text:
        return _flat_parameters(text), problems
    return _nested_parameters(text), problems


# -- the prose around parameters -------------------------------------------------

#: Words that join two parameters in prose (``ipv4=on|off and ipv6=on|off``).
_CONNECTORS = frozenset({"and", "or"})
#: Pieces of a synopsis for :func:`parameter_text`: quoted text, brackets,
#: parentheses, white space, ``;`` and runs of anything else.
_PROSE_PIECE_RE = re.compile(r'"[^"]*"?|[\[\]()]|\s+|;|[^\[\]()"\s;]+')
_LABEL_WORD_RE = re.compile(r"^[A-Za-z][\w-]*:?$")
#: Prose needs white space, a ``;`` or a parenthesis.
_MAY_HOLD_PROSE_RE = re.compile(r"[\s;(]")
#: White space beside the grammar's separators carries nothing (``[ vnc | spice ]``).
_SPACE_AT_SEPARATOR_RE = re.compile(r"\s*([\[\],|=;])\s*")


def parameter_text(arguments: str) -> str:
    """``arguments`` as parameters only: the prose QEMU writes around them taken out.

    Which prose, in the order QEMU's terms show it:

    - a classifier, everything after a lone ``:`` (the rST term
      ````show-tabs=on|off`` : Display the tab bar``, as its plain text);
    - a remark in parentheses after white space (``(default: off)``,
      ``(possible values are 4k, 8k; default: host)``, commas and all); a
      group of options (``(--merge SOURCE | --add)``) starts with a dash
      and is no remark;
    - a label ending in a colon before the parameters (``TCP options:
      port=port``; a term that is a label only, ``QEMU Options:``, has no
      parameters);
    - the words ``and`` and ``or`` between parameters (``ipv4=on|off and
      ipv6=on|off``).

    Outside brackets, white space ends a value: ``key=value`` and a bracket
    group are parameters of their own, written back with a comma before the
    next; ``;`` separates parameters as a comma does.  Runs of plain words
    stay one value, single-spaced (``TCP options or unix options``,
    ``Driver-specific options for file``), and white space beside ``[ ] ,
    | = ;`` is dropped.  What is left is what the rest of this module parses.
    """
    if not _MAY_HOLD_PROSE_RE.search(arguments):
        return arguments  # most synopses: nothing to take out
    words = _outer_words(arguments)
    label_end = next((i for i, (word, _) in enumerate(words) if word.endswith(":")), -1)
    if label_end >= 0 and all(_LABEL_WORD_RE.match(word) for word, _ in words[: label_end + 1]):
        words = words[label_end + 1 :]
    pieces: list[str] = []
    previous_plain = False
    hard_break = False
    for word, breaks in words:
        if word == ":":
            break  # a classifier: the rest describes, it is no parameter
        if word in _CONNECTORS:
            hard_break = True
            continue
        word = " ".join(word.split())
        plain = not any(c in word for c in "=[],")
        if pieces:
            pieces.append(" " if plain and previous_plain and not (hard_break or breaks) else ",")
        pieces.append(word)
        previous_plain = plain
        hard_break = False
    return _SPACE_AT_SEPARATOR_RE.sub(r"\1", "".join(pieces))


def _outer_words(arguments: str) -> list[tuple[str, bool]]:
    """The words of ``arguments`` split at white space and ``;`` outside brackets, quotes and remarks.

    Each word comes with whether a ``;`` or a remark stood before it (a
    break as firm as a comma).  Remarks are left out.
    """
    words: list[tuple[str, bool]] = []
    current: list[str] = []
    depth = 0
    breaks = False
    pieces = _PROSE_PIECE_RE.findall(arguments)
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        index += 1
        if depth == 0 and (piece.isspace() or piece == ";" or (piece == "(" and not current and _is_remark(pieces, index))):
            if current:
                words.append(("".join(current), breaks))
                current, breaks = [], False
            if piece == ";":
                breaks = True
            elif piece == "(":
                index = _after_remark(pieces, index)
                breaks = True
            continue
        if piece == "[":
            depth += 1
        elif piece == "]":
            depth = max(0, depth - 1)
        current.append(piece)
    if current:
        words.append(("".join(current), breaks))
    return words


def _is_remark(pieces: list[str], index: int) -> bool:
    """``(`` at ``index - 1`` opens prose, unless a group of options (``(--merge SOURCE``) follows."""
    return index >= len(pieces) or not pieces[index].startswith("-")


def _after_remark(pieces: list[str], index: int) -> int:
    """The index after the ``)`` that closes the remark opened before ``index`` (or the end)."""
    open_parentheses = 1
    while index < len(pieces) and open_parentheses:
        if pieces[index] == "(":
            open_parentheses += 1
        elif pieces[index] == ")":
            open_parentheses -= 1
        index += 1
    return index


def _flat_parameters(arguments: str) -> tuple[SynopsisParameter, ...]:
    """The parameters of a synopsis without brackets or quotes: every part is required.

    Two thirds of the synopses of a manual are of this kind (``vmport=on|off|auto``,
    ``bmc=id``).  They are what :func:`_nested_parameters` would make of them, each
    comma-separated part one chunk at depth 0, without its bookkeeping.
    """
    parameters: list[SynopsisParameter] = []
    for part in arguments.split(","):
        text = " ".join(part.split())
        if text.startswith("...") and len(text) > 3 and text[3] != ".":
            # "...,mac=..." written as "...mac=...": "..." ends the part before.
            _mark_repeatable(parameters)
            text = text[3:].lstrip()
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
                repeatable=bool(value and "..." in value),
                choices=_choices(value),
            )
        )
    return tuple(parameters)


def _choices(value: str | None) -> list[str]:
    """``on|off`` -> ``["on", "off"]``; a value with white space or brackets offers no choices."""
    if not value or "|" not in value or " " in value or "[" in value:
        return []
    return [c for c in value.split("|") if c]


def _mark_repeatable(parameters: list[SynopsisParameter]) -> None:
    """``,...`` after a parameter: the one before it may be repeated (parameters are frozen: a copy)."""
    if parameters:
        parameters[-1] = replace(parameters[-1], repeatable=True)


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
            chunk = chunk.strip('"') if chunk[0] == '"' else " ".join(chunk.split())
            if chunk.startswith("...") and len(chunk) > 3 and chunk[3] != ".":
                # "[,...][mac=...]" written without a comma: "..." ends an element.
                raw.append("...")
                content.append(("...", depth))
                _add_element(raw, content, quoted, parameters)
                raw, content = [], []
                chunk = chunk[3:].lstrip()
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
    key_depth = value_depth = min(d for _, d in content)
    eq = text.find("=")
    if eq > 0 and _KEY_RE.match(text, 0, eq):
        key = text[:eq]
        # The key's depth is that of the text up to the "=", the value's of the text after it.
        depths = [d for chunk, d in content for _ in chunk]
        key_depth = min(depths[: eq + 1])
        value_depth = min(depths[eq + 1 :], default=key_depth)
        # The value is what follows the first "=" (brackets have none).
        at = next(i for i, piece in enumerate(raw) if "=" in piece)
        piece = raw[at]
        value = _balanced_pieces([piece[piece.index("=") + 1:]] + raw[at + 1:], quoted) or None
    else:
        value = _balanced_pieces(raw, quoted)
    parameters.append(
        SynopsisParameter(
            key=key,
            value=value,
            required=min(key_depth, value_depth) == 0,
            key_optional=key is not None and key_depth > value_depth,
            repeatable=bool(value and "..." in value),
            choices=_choices(value),
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
    # Unmatched brackets are dropped; the others keep their partners.
    matched = set(partner) | set(partner.values())
    kept = [i for i, piece in enumerate(pieces) if (piece != "[" and piece != "]") or i in matched]
    position = {old: new for new, old in enumerate(kept)}
    partner = {position[o]: position[c] for o, c in partner.items()}
    pieces = [pieces[i] for i in kept]
    # Peel brackets that wrap all that is left (a partner always lies after its bracket, so this ends).
    start, end = 0, len(pieces) - 1
    while partner.get(start) == end:
        start, end = start + 1, end - 1
    return "".join(pieces[start:end + 1])


# -- which words a reader types as written, and which it replaces --------------

#: Roles of the pieces of a synopsis (:func:`word_roles`).
LITERAL, PLACEHOLDER, PLAIN = "literal", "placeholder", "plain"

_ROLE_TOKEN_RE = re.compile(r"-*[A-Za-z0-9_@][\w@.-]*|\.\.+|\s+|.", re.S)
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
    for end in [i for i, token in enumerate(tokens) if token == ","] + [len(tokens)]:
        _element_roles(tokens, roles, start, end, literal_first=literal_first, first_element=start == 0)
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
    """Roles of the words of one comma-separated element ``tokens[start:end]``.

    A value ends at the element's end, at white space outside the brackets
    it opens, or at the ``]`` that closes a bracket opened before it; what
    follows is read the same way, so white space separates ``key=value``
    pairs as a comma does (qemu-img's ``[bs=block_size] [count=blocks]
    if=input``, ``[--flush-interval=FLUSH_INTERVAL] [-i AIO]``).
    """
    equals = next((i for i in range(start, end) if tokens[i] == "="), None)
    if equals is not None:
        key_start = equals  # the key: the words and brackets right before "=" (``[type=]``, ``in|out.dev=``)
        while key_start > start and (_is_word(tokens[key_start - 1]) or tokens[key_start - 1] in "[]|"):
            key_start -= 1
        if any(tokens[i] not in "[]" for i in range(key_start, equals)):
            # Words before the key: ``"file1 arg=foo,file2"`` (-initrd).
            _bare_roles(tokens, roles, start, key_start, literal_first=literal_first, first_element=first_element)
            value_end = _value_end(tokens, equals + 1, end)
            value = "".join(t for t in tokens[equals + 1:value_end] if t not in "[]")
            # A choice (``on|off``) or a number (``type=0``) is typed as written.
            fixed = ("|" in value and not any(c.isspace() for c in value.strip())) or value.strip().isdigit()
            for index in range(key_start, value_end):
                if _is_word(tokens[index]):
                    roles[index] = LITERAL if index < equals or fixed else PLACEHOLDER
            _element_roles(tokens, roles, value_end, end, literal_first=False, first_element=first_element)
            return
    _bare_roles(tokens, roles, start, end, literal_first=literal_first, first_element=first_element)


def _value_end(tokens: list[str], start: int, end: int) -> int:
    """Where the value starting at ``tokens[start]`` ends: white space at its own depth, or a ``]`` closing an outer bracket."""
    depth = 0
    for index in range(start, end):
        token = tokens[index]
        if token == "[":
            depth += 1
        elif token == "]":
            depth -= 1
            if depth < 0:
                return index
        elif depth == 0 and token.isspace():
            return index
    return end


def _bare_roles(tokens: list[str], roles: list[str], start: int, end: int, *, literal_first: bool, first_element: bool) -> None:
    """Roles of words that are not part of ``key=value``."""
    flat = "".join(t for t in tokens[start:end] if t not in "[]")
    choice = "|" in flat and not any(c.isspace() for c in flat.strip())  # `` [tap|user]``: a choice all the same
    prose = " " in flat.strip()
    words = [index for index in range(start, end) if _is_word(tokens[index])]
    for index in words:
        token = tokens[index]
        if token[0] == "-" and _starts_a_flag(tokens, index):
            roles[index] = LITERAL
        elif token in GENERIC_WORDS or prose:
            roles[index] = PLACEHOLDER
        elif choice or (literal_first and index == words[0]) or not first_element:
            # A bare word after a comma is a boolean property (``[,readonly]``).
            roles[index] = LITERAL
        else:
            roles[index] = PLACEHOLDER


def _starts_a_flag(tokens: list[str], index: int) -> bool:
    """``-n`` in ``[-n]``, ``cmd -n`` or ``[-m|-n]`` is a flag; ``-lastcpu`` in ``firstcpu[-lastcpu]`` is a range's end.

    A group of options opens like a bracket: ``--merge`` in qemu-img's
    ``bitmap (--merge SOURCE | --add)`` is a flag.
    """
    previous = index - 1
    while previous >= 0 and tokens[previous] in ("[", "("):
        previous -= 1
    if previous >= 1 and tokens[previous] == "|" and tokens[previous - 1][0] == "-":
        return _starts_a_flag(tokens, previous - 1)  # an alternative to the flag before it
    return previous < 0 or tokens[previous].isspace()
