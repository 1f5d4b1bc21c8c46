"""Independent scans of the corpus for the history tests: what each .hx documents, what each list lists.

Written from QEMU's file formats alone (DEF lines, the SRST blocks read by
docutils, the STEXI blocks' ``@table``/``@item`` structure, the lists'
headings), never from qdoc's code, so that ``qdoc history`` can be held
against them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

#: The options whose forms and sub-options the acceptance checks key by key.
BIG = ("-machine", "-drive", "-netdev", "-display", "-chardev", "-object", "-smp", "-numa", "-audiodev", "-vnc", "-spice")

_DEF = re.compile(r'^DEF\("([^"]+)"')
_NAME = re.compile(r"^([^=,\[\s:;]+)")
_OPTION_WORD = re.compile(r"^-[\w-]+\s+")
_OPTIONAL_KEY = re.compile(r"^\[[\w-]+=\]")
_GROUP = re.compile(r"^[A-Za-z]\w* options:(.*)$")
_GROUP_KEY = re.compile(r"(?:^|[,\[])\s*([A-Za-z][\w.-]*)(?=[=\],]|$)")
_TEXI_COMMAND = re.compile(r"@(?:var|code|samp|option|emph|strong|file|env|dfn|kbd|key|t|b|i)\{([^{}]*)\}")


def names(term: str) -> list[str]:
    """The key names one term documents: its first word up to ``=``, ``,``, ``[``, ``:``, ``;`` or a space.

    QEMU's conventions: a term that starts with the option
    (``-object memory-backend-file,...``) names a type of it;
    ``[driver=]driver`` is the word ``driver``; ``in|out.dev=`` is
    ``in.dev`` and ``out.dev``; ``TCP options: port=port[,host=host]``
    labels the keys ``port`` and ``host``.
    """
    term = _OPTIONAL_KEY.sub("", _OPTION_WORD.sub("", term.strip()))
    group = _GROUP.match(term)
    if group:
        return _GROUP_KEY.findall(group.group(1).strip())
    m = _NAME.match(term)
    if not m:
        return []
    name = m.group(1)
    if name.startswith("in|out."):
        return ["in." + name[7:], "out." + name[7:]]
    return [name]


def later_names(term: str) -> list[str]:
    """Names a term lists after its first, ``;``-separated (``ipv4=on|off``; \\ ``ipv6=on|off``)."""
    parts = term.split(";")[1:]
    return [n for part in parts for n in names(part.strip().lstrip("\\").strip())]


def _blocks(hx: str, start: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in hx.splitlines():
        if line.startswith(start):
            inside = True
            lines.append("")
        elif line.startswith(end):
            inside = False
            lines.append("")
        elif inside:
            lines.append(line)
    return lines


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _term(item) -> str:
    return item.next_node(nodes.term).astext().strip()


def _empty(item) -> bool:
    definition = item.next_node(nodes.definition)
    return definition is None or not definition.astext().strip()


def _rst_items(text: str) -> list:
    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    document = new_document("<hx>", settings)
    Parser().parse(text, document)
    for message in list(document.findall(nodes.system_message)):
        message.parent.remove(message)
    top = [
        dl for dl in document.findall(nodes.definition_list)
        if not any(isinstance(a, nodes.definition_list_item) for a in _ancestors(dl))
    ]
    return [item for dl in top for item in dl.children if isinstance(item, nodes.definition_list_item)]


def _nested(item, later: list) -> list[tuple[str, ...]]:
    """Paths of the terms nested under a definition list item, at any depth."""
    found = []
    definition = item.next_node(nodes.definition)
    if definition is None:
        return found
    for dl in definition.findall(nodes.definition_list):
        owner = next(a for a in _ancestors(dl) if isinstance(a, nodes.definition_list_item))
        if owner is not item:
            continue
        for sub in dl.children:
            if not isinstance(sub, nodes.definition_list_item):
                continue
            term = _term(sub)
            for name in names(term):
                found.append((name,))
                found.extend((name, *rest) for rest in _nested(sub, later))
            later.extend((name,) for name in later_names(term))
    return found


def _rst_groups(text: str) -> dict[str, list[tuple[str, list, list]]]:
    """option -> (first term, nested paths, later-listed paths) per documentation item.

    Consecutive terms of one option whose text is empty (hxtool's ``\\ ``
    line) are one item with several synopses.
    """
    out: dict[str, list] = {}
    pending: list = []
    for item in _rst_items(text):
        term = _term(item)
        if not term.startswith("-"):
            pending = []
            continue
        option = term.split()[0].split(",")[0]
        if pending and pending[0][0] != option:
            pending = []
        pending.append((option, item))
        if not _empty(item):
            later: list = []
            paths = [p for _, it in pending for p in _nested(it, later)]
            out.setdefault(option, []).append((_term(pending[0][1]), paths, later))
            pending = []
    return out


def _texi_plain(text: str) -> str:
    for _ in range(3):
        text = _TEXI_COMMAND.sub(r"\1", text)
    return text.replace("@@", "@").replace("@{", "{").replace("@}", "}").strip()


def _texi_groups(lines: list[str]) -> dict[str, list[tuple[str, list, list]]]:
    """The same from STEXI blocks: ``@item -opt`` at the outer ``@table``, nested ``@table`` items under it."""
    out: dict[str, list] = {}
    depth, stack, current = 0, [], None
    for line in lines:
        s = line.strip()
        if re.match(r"@[fv]?table\b", s):
            depth += 1
            continue
        if re.match(r"@end [fv]?table\b", s):
            depth -= 1
            continue
        if not (s.startswith("@item ") or s.startswith("@itemx ")):
            continue
        text = _texi_plain(s.split(None, 1)[1])
        if depth == 1:
            if not text.startswith("-"):
                current = None
            elif not (s.startswith("@itemx ") and current is not None):
                current = (text, [], [])
                out.setdefault(text.split()[0].split(",")[0], []).append(current)
                stack = []
        elif depth >= 2 and current is not None:
            level = depth - 2
            found = names(text)
            current[1].extend(tuple(stack[:level] + [n]) for n in found)
            current[2].extend(tuple(stack[:level] + [n]) for n in later_names(text))
            if found:
                stack = stack[:level] + [found[-1]]
    return out


@lru_cache(maxsize=None)
def hx_keys(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """(keys, later-listed keys) of one qemu-options.hx.

    keys: every DEF as an option, and the forms and nested terms of the
    :data:`BIG` options (the SRST blocks when the file has them, else the
    STEXI blocks).  An option documented by several items has each item's
    first word as a form.  Later-listed keys are those a term names after
    its first, ``;``-separated (``ipv4=on|off``; \\ ``ipv6=on|off``): keys
    too, also returned apart so that a test can see the scan found them.
    """
    hx = Path(path).read_text()
    keys = {"-" + m.group(1) for m in map(_DEF.match, hx.splitlines()) if m}
    later = set()
    if any(line.startswith("SRST") for line in hx.splitlines()):
        groups = _rst_groups("\n".join(_blocks(hx, "SRST", "ERST")))
    else:
        groups = _texi_groups(_blocks(hx, "STEXI", "ETEXI"))
    for option in BIG:
        items = groups.get(option, [])
        for term, paths, more in items:
            first = names(term)
            prefix = (first[0],) if len(items) > 1 and first else ()
            if prefix:
                keys.add("/".join((option, *prefix)))
            keys.update("/".join((option, *prefix, *p)) for p in paths)
            later.update("/".join((option, *prefix, *p)) for p in more)
    return frozenset(keys | later), frozenset(later)


# -- The deprecation and removal lists --------------------------------------------

_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
VERSION = re.compile(r"\((?:[Ss]ince|[Rr]emoved(?: in)?|deprecated in)\s+v?(\d+\.\d+(?:\.\d+)?)")


def rst_list_entries(path: Path) -> list[tuple[int, str, str]]:
    """(line, title, list) of every entry of an rST list: a heading with no heading under it, below the areas, or one stating a version.

    The list is ``removed`` in removed-features.rst and under a part of
    deprecated.rst titled "Recently removed features" (5.0 to 6.0).
    """
    lines = path.read_text().splitlines()
    order: list[str] = []
    heads = []
    for i in range(1, len(lines)):
        m = _ADORNMENT.match(lines[i])
        title = lines[i - 1].strip()
        if m and title and not _ADORNMENT.match(lines[i - 1]) and len(lines[i].rstrip()) >= len(title) - 2:
            char = ("over" if i >= 2 and _ADORNMENT.match(lines[i - 2]) else "") + m.group(1)
            if char not in order:
                order.append(char)
            heads.append((i, title, order.index(char)))
    entries = []
    removed = path.name == "removed-features.rst"
    part = ""
    for n, (line, title, level) in enumerate(heads):
        if level <= 1 and not VERSION.search(title):
            part = title if level == 0 or "removed" in title.lower() or "removed" not in part.lower() else part
        deeper_next = n + 1 < len(heads) and heads[n + 1][2] > level
        if level >= 1 and not deeper_next and (level >= 2 or VERSION.search(title)):
            entries.append((line, title, "removed" if removed or "removed" in part.lower() else "deprecated"))
    return entries


def texi_list_entries(path: Path, start: str | None = None, stop: str | None = None) -> list[tuple[int, str, str]]:
    """(line, title, list) of every leaf ``@subsection``/``@subsubsection`` between ``start`` and ``stop``.

    An entry under an ``@appendix`` or ``@section`` saying "removed" is a removal.
    """
    depth = {"@subsection": 1, "@subsubsection": 2}
    heads, inside, part, section = [], start is None, "", ""
    for i, line in enumerate(path.read_text().splitlines(), 1):
        if start and line.startswith(start):
            inside = True
            continue
        if inside and stop and line.startswith(stop):
            break
        if not inside:
            continue
        word = line.split(" ", 1)[0]
        if word in ("@appendix", "@chapter", "@unnumbered"):
            part, section = line, ""
        elif word == "@section":
            section = line
        elif word in depth:
            kind = "removed" if "removed" in (part + section).lower() else "deprecated"
            heads.append((i, line[len(word) + 1 :].strip(), kind, depth[word]))
    return [(i, t, k) for n, (i, t, k, d) in enumerate(heads) if n + 1 == len(heads) or heads[n + 1][3] <= d]
