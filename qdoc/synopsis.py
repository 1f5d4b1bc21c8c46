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
