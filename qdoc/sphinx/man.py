"""Man pages: option terms with bold flags, italic placeholders and break points.

Sphinx's man builder sets a definition-list term in bold as a whole, and a
long literal synopsis cannot be broken, so groff warns (``can't break
line``; QEMU 7.2's qemu.1 has 8 such warnings).  For terms that document an
option of the model, :class:`ManSynopsisTransform` replaces the term's text
with the styled synopsis (:func:`~qdoc.sphinx.nodes.synopsis_nodes`): the
flag and literal words bold, placeholders italic, a ``\\:`` break point after
each comma.  Sphinx's man translator drops its own ``.B`` when a term holds
strong text, so no custom translator is needed.  Only the man builder is
affected: HTML keeps QEMU's markup.

Characters outside ASCII are written as groff escapes (``\\[u2500]``), with
an ASCII stand-in for devices that lack the glyph (:func:`ascii_troff`).
Docutils writes them as they are, and troff reads its input as Latin-1
unless a preprocessor converts it, so QEMU's UTF-8 box drawing (the -drive
cache table of QEMU <= 4.2) came out as "invalid input character" warnings
and mojibake.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import ragged, synopsis_break, synopsis_nodes
from .objects import LITERAL_FIRST_ATTRIBUTE, SYNOPSIS_ATTRIBUTE


def add_breaks(term: nodes.Element) -> bool:
    """A break point after every comma of ``term``'s text (terms the model does not know); whether it added any."""
    added = False
    for text in list(term.findall(nodes.Text)):
        value = str(text)
        if "," not in value:
            continue
        parent = text.parent
        pieces: list[nodes.Node] = []
        for index, part in enumerate(value.split(",")):
            if index:
                pieces += [nodes.Text(","), synopsis_break()]
            if part:
                pieces.append(nodes.Text(part))
        if pieces and isinstance(pieces[-1], synopsis_break) and value.endswith(","):
            pieces.pop()
        added = added or any(isinstance(piece, synopsis_break) for piece in pieces)
        position = next(i for i, child in enumerate(parent.children) if child is text)  # Text compares by value
        parent[position:position + 1] = pieces
    return added


#: A run of this many characters without a space cannot be filled nicely.
LONG_RUN = 50


_LONG_RUN_RE = re.compile(r"\S{%d}" % LONG_RUN)


def has_long_run(node: nodes.Element) -> bool:
    return _LONG_RUN_RE.search(node.astext()) is not None


def make_ragged(node: nodes.Element) -> None:
    """Wrap ``node``'s children so troff does not justify them."""
    children = list(node.children)
    bold_already = any(node.findall(nodes.strong))  # asked before the node is emptied
    node.clear()
    if isinstance(node, (nodes.term, addnodes.desc_signature)) and not bold_already:
        # Sphinx's translator sets a term with ``.B`` unless it holds strong
        # text; ``.B .na`` would print ".na".  Keep the term bold ourselves.
        children = [nodes.strong("", "", *children)]
    node += ragged("", *children)


def add_choice_breaks(node: nodes.Element) -> None:
    """A break point after every ``|`` of ``node``'s plain text: a long choice list (``-nic [tap|passt|...]``) can wrap."""
    for text in list(node.findall(nodes.Text)):
        value = str(text)
        if "|" not in value or isinstance(text.parent, (nodes.literal, nodes.literal_block)):
            continue
        parent = text.parent
        pieces: list[nodes.Node] = []
        for index, part in enumerate(value.split("|")):
            if index:
                pieces += [nodes.Text("|"), synopsis_break()]
            if part:
                pieces.append(nodes.Text(part))
        position = next(i for i, child in enumerate(parent.children) if child is text)  # Text compares by value
        parent[position:position + 1] = pieces


def is_broken_term(node: nodes.Element) -> bool:
    """Whether a term has break points: a synopsis groff may wrap, which it cannot also justify."""
    return any(True for _ in node.findall(synopsis_break))


class ManSynopsisTransform(SphinxPostTransform):
    """Style option terms for troff (man builder only)."""

    default_priority = 700
    formats = ("man",)

    def run(self, **kwargs) -> None:
        for term in list(self.document.findall(nodes.term)):
            head = term.get(SYNOPSIS_ATTRIBUTE)
            text = term.astext()
            if head is not None and text.startswith(head):
                styled = synopsis_nodes(text, head, literal_first=term.get(LITERAL_FIRST_ATTRIBUTE, False))
                term.clear()
                term.extend(styled)
                broken = any(isinstance(node, synopsis_break) for node in styled)
            else:
                broken = add_breaks(term)
            self.fit(term, text, broken)
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if has_long_run(paragraph):
                add_breaks(paragraph)
                make_ragged(paragraph)
        for signature in list(self.document.findall(addnodes.desc_signature)):
            broken = add_breaks(signature) or is_broken_term(signature)
            self.fit(signature, signature.astext(), broken)

    @staticmethod
    def fit(term: nodes.Element, text: str, broken: bool) -> None:
        """A term groff can set: its long choice lists breakable, and ragged where it may wrap.

        groff cannot justify a wrapped synopsis (``cannot adjust line``) nor
        break a run with no break point (``can't break line``).
        """
        long_run = _LONG_RUN_RE.search(text) is not None
        if long_run:
            add_choice_breaks(term)
        if long_run or broken:
            make_ragged(term)


#: A ruled line of a box-drawn table (``─────┼─────``): its header rows are above it.
_BOX_RULE_RE = re.compile(r"^[\u2500\u2501]+[\u253c\u254b][\u2500\u2501\u253c\u254b]*$")
_BOX_BAR = "\u2502"
_COLUMN_GAP_RE = re.compile(r"\s{2,}")


def box_table_rows(text: str) -> tuple[list[list[str]], int] | None:
    """The cells of a table drawn with box characters (QEMU <= 4.2's -drive cache modes) and its header rows.

    Such a table is an ``@example`` in the .hx (texi2pod had no
    ``@multitable``): a ``│`` after the row labels, a ``─┼─`` rule under
    the header, columns apart by two spaces or more.  None for anything
    else, or rows of unequal width: the literal block then stays.
    """
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    rules = [index for index, line in enumerate(lines) if _BOX_RULE_RE.match(line.strip())]
    if len(rules) != 1 or not 0 < rules[0] < len(lines) - 1:
        return None
    rows: list[list[str]] = []
    for index, line in enumerate(lines):
        if index == rules[0]:
            continue
        label, bar, rest = line.partition(_BOX_BAR)
        if not bar:
            return None
        rows.append([label.strip(), *_COLUMN_GAP_RE.split(rest.strip())])
    if len({len(row) for row in rows}) != 1 or len(rows[0]) < 2:
        return None
    return rows, rules[0]


def box_table(rows: list[list[str]], header_rows: int) -> nodes.table:
    group = nodes.tgroup(cols=len(rows[0]))
    group.extend(nodes.colspec(colwidth=1) for _ in rows[0])

    def row(cells: list[str]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", nodes.paragraph(cell, cell)) if cell else nodes.entry() for cell in cells))

    group += nodes.thead("", *(row(r) for r in rows[:header_rows]))
    group += nodes.tbody("", *(row(r) for r in rows[header_rows:]))
    return nodes.table("", group)


class ManBoxTableTransform(SphinxPostTransform):
    """Box-drawn tables in literal blocks as real tables: tbl's ``.TS``/``.TE`` in the man page (man builder only)."""

    default_priority = 690
    formats = ("man",)

    def run(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            found = box_table_rows(block.astext())
            if found is not None:
                block.replace_self(box_table(*found))


_SPACE_AFTER_HEADING_RE = re.compile(r"^(\.S[HS] [^\n]*\n)\.sp\n", re.M)


def tidy_troff(text: str) -> str:
    """Drop a ``.sp`` right after ``.SH``/``.SS``: the heading spaces already (``mandoc -Tlint`` warns)."""
    return _SPACE_AFTER_HEADING_RE.sub(r"\1", text)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def ascii_stand_in(char: str) -> str:
    """What a device without ``char``'s glyph prints instead (box drawing as ``-``, ``|``, ``+``)."""
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        return "-" if horizontal and not vertical else "|" if vertical and not horizontal else "+"
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def ascii_troff(text: str) -> str:
    """``text`` (troff source) in ASCII: each other character as ``\\[uXXXX]``.

    For each character used, a ``.char`` request before ``.TH`` gives devices
    that lack its glyph (groff's default PostScript device has no box
    drawing) a stand-in; ``.if !c`` keeps the real glyph where there is one,
    as on the UTF-8 terminals ``man`` renders for.
    """
    used = sorted(set(_NON_ASCII_RE.findall(text)))
    if not used:
        return text
    body = _NON_ASCII_RE.sub(lambda m: f"\\[u{ord(m.group(0)):04X}]", text)
    stand_ins = "".join(
        f".if !c\\[u{ord(c):04X}] .char \\[u{ord(c):04X}] {ascii_stand_in(c)}\n" for c in used
    )
    head, marker, rest = body.partition("\n.TH ")
    if not marker:
        return stand_ins + body
    return f"{head}\n{stand_ins}.TH {rest}"


class AsciiManTranslatorMixin:
    """Makes a man page translator's output ASCII (see :func:`ascii_troff`)."""

    def astext(self) -> str:
        return ascii_troff(tidy_troff(super().astext()))  # type: ignore[misc]


def use_ascii_man_translator(app) -> None:
    """At ``builder-inited``: the man builder's translator, whichever it is, writes ASCII."""
    if app.builder.name != "man":
        return
    base = app.registry.get_translator_class(app.builder)
    if not issubclass(base, AsciiManTranslatorMixin):
        app.set_translator("man", type(f"Ascii{base.__name__}", (AsciiManTranslatorMixin, base), {}), override=True)
