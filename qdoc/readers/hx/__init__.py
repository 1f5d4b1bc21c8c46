"""Reader for QEMU's .hx files: ``qemu-options.hx`` and ``hmp-commands*.hx``.

An .hx file interleaves C (``DEF(...)`` lines, or HMP struct initialisers)
with documentation blocks (``STEXI``/``ETEXI`` texinfo up to QEMU 4.2,
``SRST``/``ERST`` rST since, both in the 4.2.50 transition tree) and
headings (``DEFHEADING``, ``ARCHHEADING``).  QEMU's own hxtool reads only the
blocks; this reader joins each DEF to the documentation item that names it,
so the help text, the arch mask and the docs end up in one :class:`Option`.

Rules of the join, all visible in the corpus:

- A block documents the DEFs that precede it (``-hda``..``-hdd``: four DEFs,
  one block); a term is matched to those DEFs first, then to any DEF in the
  file (documentation placed away from its DEF), by name or by a spelling the
  DEF's help text gives (``-h or -help``; ``--preconfig``).
- An option documented by several items (``-netdev user,...``, ``-netdev
  tap,...``) takes its description from the first; the others become
  sub-options of kind ``form``.
- Items whose terms are not options (``sgx-epc.0.memdev=...`` after
  ``DEF("M")``) are properties of the DEF they follow.
- Every DEF becomes an option; a DEF no item names is kept and reported
  (``xen-domid-restrict``, ``M``, ``qtest``).  Nothing is dropped: lines that
  belong to no construct are reported, section text is kept on the section.
- A file with both markups (QEMU's 4.2.50 transition, when hxtool fed the
  SRST blocks to Sphinx and the STEXI blocks to texinfo) documents each
  option twice.  The SRST blocks are the documentation; the STEXI blocks
  are read as a check of them (:mod:`.transition`), each difference
  reported where the STEXI says it.

Bad input (unclosed blocks, unbalanced DEF parentheses, unclosed ``#if``)
gives ``error`` diagnostics; the reader never raises for input problems.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..._gc import collector_paused
from ...arch import arch_names
from ...model import (
    Deprecation,
    Diagnostic,
    Location,
    Option,
    OptionSet,
    Section,
    Source,
    canonical_option_name,
)
from ...prose import deprecation_sentences, replacement
from .cdecl import CSyntaxError, call_ends, parse_def_at, parse_struct
from .docitems import TexinfoTables
from .hidden import comment_reason, empty_block_reason, hidden_reason
from ..common.forward_find import ForwardFind
from .blocks import INTRUDER_RE, BlockT, ItemT, TermT, compile_block, item_as_section_text
from .tables import make_tables, report_refused_tables, table_budget
from .transition import SECOND_MARKUP_RE, Reading, disagreements

FORMAT = "hx"

_DIRECTIVE_RE = re.compile(
    r"^(?:"
    r"(?P<def>DEF)\("
    r"|(?P<defheading>DEFHEADING)\((?P<dh>.*)\)[ \t]*$"
    r"|(?P<archheading>ARCHHEADING)\((?P<ah>.*)\)[ \t]*$"
    r"|(?P<srst>SRST)(?:\((?P<label>[^)\n]*)\))?[ \t]*$"
    r"|(?P<stexi>STEXI)[ \t]*$"
    r"|(?P<hxcomm>HXCOMM)(?:[ \t][^\n]*)?$"
    r"|[ \t]*\#[ \t]*(?P<cpp>\w+)(?P<cpparg>(?:[^\n\\]++|\\\n|\\)*+)$"  # possessive: a long line is one run
    r"|(?P<struct>[ \t]*\{)[ \t]*$"
    r"|[ \t]*/\*(?P<comment>[^\n]*?)\*/[ \t]*$"
    r"|(?P<stray>(?:ERST|ETEXI)\b[^\n]*$)"
    r")",
    re.M,
)
_IMG_DEF_RE = re.compile(r'^DEF\("[\w-]+",\s*img_\w+\s*,', re.M)
_HELP_ALIAS_RE = re.compile(r"^(--?[\w-]+)((?:\s+or\s+--?[\w-]+)+)")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


class _Entry:
    """A DEF (or HMP command) being assembled, with what the docs said of it."""

    __slots__ = ("option", "keys", "documented_items", "first", "readings")

    def __init__(self, option: Option, spellings: set[str]):
        self.option = option
        self.keys = {canonical_option_name(s) for s in spellings}
        self.documented_items = 0
        self.first: tuple[ItemT, int, set[int]] | None = None
        #: In a file of both markups: what each markup's items say (markup -> readings).
        self.readings: dict[str, list[Reading]] = {}


class HxReader:
    """One pass over one .hx text; use :func:`read_hx`."""

    def __init__(self, text: str, path: str, program: str | None, release: str | None):
        self.text = text
        self.path = path
        self.release = release
        self.hmp = program.startswith("hmp") if program else self._looks_like_hmp(text)
        if program is None:
            if self.hmp:
                program = "hmp-info" if path.endswith("-info.hx") else "hmp"
            elif "img_" in text and _IMG_DEF_RE.search(text):  # a substring test first: the regex scans every line
                program = "qemu-img"
            else:
                program = "qemu-system"
        self.program = program
        self.diagnostics: list[Diagnostic] = []
        self.sections: list[Section] = []
        self.entries: list[_Entry] = []
        self.by_spelling: dict[str, _Entry] = {}
        self.pending: list[_Entry] = []
        self.section: Section | None = None
        # Blocks and DEF calls are read in order: see ForwardFind.
        self.block_ends = {marker: ForwardFind(text, marker) for marker in ("\nERST", "\nETEXI")}
        self.call_ends = call_ends(text)
        #: Text outside items, per section (``id``): see :meth:`_section_text`.
        self.section_texts: dict[int, tuple[Section, list[str]]] = {}
        self.conditions: list[tuple[str, int]] = []
        self.ignored_ifs = 0  # #if levels beyond MAX_CONDITIONS, counted to match their #endif
        self.else_at: dict[int, int] = {}  # depth -> line of the #if whose #else was seen
        self.deprecated_region: int | None = None
        #: The ``HXCOMM`` comment above the DEFs being read (text, line), until a blank line or block.
        self.comment: tuple[str, int] | None = None
        self.defs_under_comment = 0
        self.tables = TexinfoTables()
        #: The markup whose blocks only check the others' (texinfo in a file of both), or None.
        #: (Substring tests first: the anchored regex alone costs a third of reading a 5.0+ file.)
        self.checking_markup = (
            "texinfo" if "SRST" in text and "\nSTEXI" in text and SECOND_MARKUP_RE.search(text) else None
        )
        self._line = 1
        self._line_pos = 0

    @staticmethod
    def _looks_like_hmp(text: str) -> bool:
        return ".name" in text and "\nDEF(" not in text and not text.startswith("DEF(")

    # -- helpers ---------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        """Line number of ``pos``; positions must not decrease between calls."""
        if pos < self._line_pos:
            return self.text.count("\n", 0, pos) + 1
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def loc(self, line: int) -> Location:
        return Location(self.path, line)

    def report(self, severity: str, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.loc(line)))

    # -- the scan --------------------------------------------------------------

    def read(self) -> OptionSet:
        text = self.text
        pos = 0
        n = len(text)
        while pos < n:
            m = _DIRECTIVE_RE.search(text, pos)
            gap_end = m.start() if m else n
            if text[pos:gap_end].strip():
                self._stray(pos, gap_end)
            if not m:
                break
            line = self.line_at(m.start())
            kind = m.lastgroup if m.lastgroup not in ("dh", "ah", "label", "cpparg") else None
            if self.comment is not None and (
                _BLANK_LINE_RE.search(text, pos, gap_end) or not (m.group("def") or m.group("cpp") or m.group("hxcomm"))
            ):
                self.comment = None
            if m.group("def"):
                pos = self._def(m.start(), line)
            elif m.group("defheading") is not None:
                self._heading(m.group("dh"), None, line)
                pos = m.end()
            elif m.group("archheading") is not None:
                self._archheading(m.group("ah"), line)
                pos = m.end()
            elif m.group("srst"):
                pos = self._block(m, line, "rst")
            elif m.group("stexi"):
                pos = self._block(m, line, "texinfo")
            elif m.group("hxcomm"):
                self._hxcomm(m.group(0)[len("HXCOMM"):].strip(), line)
                pos = m.end()
            elif m.group("cpp"):
                self._preprocessor(m.group("cpp"), m.group("cpparg").strip(), line)
                pos = m.end()
            elif m.group("struct"):
                pos = self._struct(m.start(), line)
            elif m.group("comment") is not None:
                self._comment(m.group("comment").strip(), line)
                pos = m.end()
            else:
                assert kind == "stray" or m.group("stray")
                self.report("error", "hx-unmatched-end", f"{m.group('stray').split()[0]} without an open block", line)
                pos = m.end()
            if pos <= m.start():  # pragma: no cover - defensive: always advance
                pos = m.end() + 1
        for condition, line in self.conditions:
            self.report("error", "hx-unclosed-if", f"#{condition} is not closed by #endif (truncated file?)", line)
        return self._finish()

    def _stray(self, start: int, end: int) -> None:
        chunk = self.text[start:end]
        offset = len(chunk) - len(chunk.lstrip())
        line = self.line_at(start + offset)
        first = chunk.strip().splitlines()[0]
        self.report("warning", "hx-stray-text", f"text outside any DEF or documentation block: {first[:60]!r}", line)

    def _hxcomm(self, text: str, line: int) -> None:
        """Keep an ``HXCOMM`` comment for the DEFs below it (a run of comment lines is one comment)."""
        if self.comment is not None and not self.defs_under_comment:
            self.comment = (f"{self.comment[0]} {text}".strip(), self.comment[1])
        else:
            self.comment = (text, line)
            self.defs_under_comment = 0

    def _comment(self, text: str, line: int) -> None:
        """C comments; ``/* BEGIN deprecated */`` .. ``/* END deprecated */`` mark HMP commands."""
        words = text.lower().split()
        if words[:2] == ["begin", "deprecated"]:
            self.deprecated_region = line
        elif words[:2] == ["end", "deprecated"]:
            self.deprecated_region = None

    def _preprocessor(self, command: str, argument: str, line: int) -> None:
        if self.ignored_ifs and command in ("if", "ifdef", "ifndef", "elif", "else", "endif"):
            self.ignored_ifs += {"endif": -1, "elif": 0, "else": 0}.get(command, 1)
            return
        if command in ("if", "ifdef", "ifndef"):
            if len(self.conditions) >= MAX_CONDITIONS:
                # Every option below would carry every condition: the model would grow as the square.
                self.report("error", "hx-if-too-deep", f"#{command} nested deeper than {MAX_CONDITIONS} levels; its condition is not kept", line)
                self.ignored_ifs = 1
                return
            condition = {"if": argument, "ifdef": argument, "ifndef": f"!{argument}"}[command]
            self.conditions.append((condition, line))
        elif command == "else" and self.conditions and self.else_at.get(len(self.conditions)) == self.conditions[-1][1]:
            # A second #else would negate the condition again, and again: "!(!(!(...)))".
            self.report("error", "hx-unmatched-endif", "#else after #else", line)
        elif command == "elif":
            if self.conditions:
                self.conditions[-1] = (argument, self.conditions[-1][1])
            else:
                self.report("error", "hx-unmatched-endif", "#elif without #if", line)
        elif command == "else":
            if self.conditions:
                cond, start = self.conditions[-1]
                self.conditions[-1] = (f"!({cond})", start)
                self.else_at[len(self.conditions)] = start
            else:
                self.report("error", "hx-unmatched-endif", "#else without #if", line)
        elif command == "endif":
            if self.conditions:
                self.conditions.pop()
            else:
                self.report("error", "hx-unmatched-endif", "#endif without #if", line)
        elif command not in ("undef", "define", "include", "pragma"):
            self.report("warning", "hx-preprocessor", f"unknown preprocessor directive #{command}", line)

    # -- headings --------------------------------------------------------------

    def _heading(self, raw: str, arch: list[str] | None, line: int, kind: str = "heading") -> None:
        title = raw.strip().rstrip(":").strip()
        if not title:
            self.section = None
            return
        self.section = Section(title=title, location=self.loc(line), kind=kind, arch=arch or [])
        self.sections.append(self.section)

    def _archheading(self, raw: str, line: int) -> None:
        title, comma, expression = raw.rpartition(",")
        if not comma:
            self.report("error", "hx-archheading", "ARCHHEADING needs a title and an arch mask", line)
            self._heading(raw, None, line, "archheading")
            return
        names, unknown = arch_names(expression)
        if unknown or not names:
            self.report("warning", "hx-arch-mask", f"arch mask not understood: {expression.strip()!r}", line)
        self._heading(title, names, line, "archheading")

    # -- definitions -----------------------------------------------------------

    def _def(self, start: int, line: int) -> int:
        try:
            args = parse_def_at(self.text, start, self.call_ends)
        except CSyntaxError as exc:
            self.report("error", "hx-def-syntax", str(exc), line + self.text.count("\n", start, exc.offset) if exc.offset > start else line)
            # Resume at the next line so later constructs are still read.
            eol = self.text.find("\n", start)
            return len(self.text) if eol < 0 else eol + 1
        subcommands = self.program == "qemu-img"
        option = Option(name=args.name if subcommands else canonical_option_name("-" + args.name))
        # HAS_ARG is 1 in QEMU's headers; some releases spell it out.
        option.has_argument = {"HAS_ARG": True, "1": True, "0": False}.get(args.flags)
        if option.has_argument is None and not subcommands:
            self.report("warning", "hx-def-flags", f"DEF({args.name}) flags {args.flags!r} are neither HAS_ARG nor 0", line)
        option.enum = args.enum
        option.help = args.help
        option.help_synopses = [args.help.strip()] if subcommands else _help_synopses(args.help)
        option.arch_expression = args.arch or None
        names, unknown = arch_names(args.arch)
        option.arch = names
        if (unknown or not names) and not subcommands:
            self.report("warning", "hx-arch-mask", f"DEF({args.name}) arch mask not understood: {args.arch!r}", line)
        help_line = line + self.text.count("\n", start, start + args.help_offset)
        option.locations["definition"] = self.loc(line)
        option.locations["help"] = self.loc(help_line)
        if not subcommands:
            self._hidden(option)
            if option.hidden is None:
                option.hidden = empty_block_reason(self.text, start + args.end)
        self._common(option, line)
        for sentence in deprecation_sentences(args.help):
            option.deprecations.append(Deprecation(sentence, self.loc(help_line), "help", replacement=replacement(sentence)))
        spellings = {option.name}
        alias = _HELP_ALIAS_RE.match(args.help)
        if alias:
            for word in [alias.group(1)] + re.findall(r"--?[\w-]+", alias.group(2)):
                spellings.add(word)
        self._register(option, spellings)
        return start + args.end

    def _hidden(self, option: Option) -> None:
        """Record whether QEMU hides the option on purpose, and why (see :mod:`.hidden`).

        A comment speaks for the first DEF below it and for the hidden ones
        that follow it: ``HXCOMM Deprecated, same as -no-user-config`` is
        about ``-nodefconfig``, not about the ``-no-user-config`` after it.
        """
        comment = self.comment[0] if self.comment else None
        if self.defs_under_comment and (option.help or "").strip():
            comment = None
        self.defs_under_comment += 1
        option.hidden = hidden_reason(option.help or "", comment)
        if option.hidden is not None and option.hidden == comment_reason(comment):
            option.locations["hidden"] = self.loc(self.comment[1])  # the comment that says why

    def _struct(self, start: int, line: int) -> int:
        # The closing "}," must come before the next directive other than a
        # preprocessor line (those may sit between string pieces).
        next_directive = _DIRECTIVE_RE.search(self.text, start + 1)
        while next_directive and next_directive.group("cpp"):
            next_directive = _DIRECTIVE_RE.search(self.text, next_directive.end())
        limit = next_directive.start() if next_directive else len(self.text)
        try:
            fields, end = parse_struct(self.text, start, limit)
        except CSyntaxError as exc:
            self.report("error", "hx-struct-syntax", str(exc), line)
            return limit
        name_field = fields.get("name")
        if name_field is None:
            self.report("warning", "hx-struct-name", "struct initialiser without .name", line)
            return end
        names = name_field.split("|")
        option = Option(name=names[0], aliases=[n for n in names[1:] if n])
        option.has_argument = bool(fields.get("args_type"))
        option.help = fields.get("help", "")
        params = fields.get("params", "")
        option.help_synopses = [f"{names[0]} {params}".strip()]
        option.locations["definition"] = self.loc(line)
        option.locations["help"] = self.loc(line)
        self._common(option, line)
        self._register(option, set(names))
        return end

    def _common(self, option: Option, line: int) -> None:
        if self.deprecated_region is not None:
            option.deprecations.append(
                Deprecation("/* BEGIN deprecated */", self.loc(self.deprecated_region), "hx-comment")
            )
        option.section = self.section.title if self.section else None
        if self.section:
            option.locations["section"] = self.section.location
        option.conditions = [c for c, _ in self.conditions]

    def _register(self, option: Option, spellings: set[str]) -> None:
        entry = _Entry(option, spellings)
        self.entries.append(entry)
        self.pending.append(entry)
        for spelling in spellings:
            key = canonical_option_name(spelling)
            if key in self.by_spelling and spelling == option.name:
                self.report("warning", "hx-duplicate-def", f"{option.name} is defined twice", option.locations["definition"].line)
            self.by_spelling.setdefault(key, entry)

    # -- documentation blocks --------------------------------------------------

    def _block(self, m: re.Match, line: int, markup: str) -> int:
        body_start = m.end() + 1
        end_marker = "\nERST" if markup == "rst" else "\nETEXI"
        marker = "SRST" if markup == "rst" else "STEXI"
        # The end marker: a line that is exactly ERST/ETEXI (trailing blanks allowed).
        search_from = body_start - 1
        while True:
            end = self.block_ends[end_marker].after(search_from)
            if end < 0:
                break
            after = end + len(end_marker)
            eol = self.text.find("\n", after)
            eol = len(self.text) if eol < 0 else eol
            if not self.text[after:eol].strip():
                break
            search_from = after
        if markup == "texinfo" and self.entries and not self.tables.item_depth_fixed:
            # The first block after the first entry tells at which table
            # depth entries are documented.
            self.tables.item_depth = max(1, self.tables.depth)
            self.tables.item_depth_fixed = True
        first_line = line + 1
        # A directive before the end marker means the marker was forgotten.  A
        # long span (a runaway block) is searched in place, stopping at the
        # first directive, so that a file of unclosed blocks is not copied once
        # per block; an ordinary block is checked by its (cached) template.
        limit = end + 1 if end >= 0 else len(self.text)
        if end < 0 or limit - body_start >= _SHORT_SPAN:
            intruder = INTRUDER_RE.search(self.text, body_start, limit)
            if intruder:
                return self._unclosed(marker, line, first_line + self.text.count("\n", body_start, intruder.start()),
                                      intruder.group(0).rstrip("("), intruder.start())
            if end < 0:
                self.report("error", "hx-unclosed-block", f"{marker} block is not closed (no {end_marker[1:]} before the end of the file)", line)
                return len(self.text)
        block = self.text[body_start:limit]
        tables = (self.tables.depth, self.tables.item_depth, self.tables.item_depth_fixed)
        template = compile_block(markup, block, tables, self.program == "hmp-info")
        if template.intruder:
            offset, what = template.intruder
            position = body_start
            for _ in range(offset):
                position = self.text.index("\n", position) + 1
            return self._unclosed(marker, line, first_line + offset, what, position)
        self.tables.depth, self.tables.item_depth, self.tables.item_depth_fixed = template.tables_after
        if markup == self.checking_markup:
            self._check(template, first_line)
        else:
            self._attach(template, markup, first_line, m.group("label"))
        eol = self.text.find("\n", end + 1)
        return len(self.text) if eol < 0 else eol

    def _unclosed(self, marker: str, line: int, at: int, what: str, resume: int) -> int:
        self.report("error", "hx-unclosed-block", f"{marker} block is not closed before {what} at line {at}", line)
        return resume

    def _attach(self, block: BlockT, markup: str, base: int, label: str | None) -> None:
        for offset, code, message in block.problems:
            # An @include qdoc does not expand here is a limit of this reader,
            # not a fault of the file.
            self.report("info" if code == "texinfo-include" else "warning", code, message, base + offset)
        previous: _Entry | None = self.pending[-1] if self.pending else (self.entries[-1] if self.entries else None)
        for item in block.items:
            targets = self._resolve(item, markup, base)
            if targets is None:
                # Not an option term: a property of the DEF the block follows.
                if previous is None:
                    self._section_text(item_as_section_text(item, markup), base + item.line)
                    self.report("warning", "hx-orphan-item", "documentation item names no option and follows no DEF", base + item.line)
                    continue
                previous.option.suboptions.append(item.as_suboption.make(self.path, base, kind="property"))
                if not previous.option.locations.get("documentation"):
                    self.report("warning", "hx-no-option-term", f"{previous.option.name} is documented only by property items, with no term naming the option", base + item.line)
                continue
            for entry, terms in targets:
                self._document(entry, item, terms, base, label)
        if block.loose_text.strip():
            self._section_text(block.loose_text, base + block.loose_line)
        if block.items:
            self.pending = []

    def _check(self, block: BlockT, base: int) -> None:
        """A block that checks the documentation (STEXI in a file of both): its items are recorded, not attached.

        Its own problems are reported as any block's; its items are compared
        with the documentation's at the end (:meth:`_report_disagreements`).
        """
        for offset, code, message in block.problems:
            self.report("info" if code == "texinfo-include" else "warning", code, message, base + offset)
        for item in block.items:
            for term in item.terms:
                entry = self._lookup(term.name)
                if entry is not None:
                    entry.readings.setdefault(self.checking_markup, []).append(Reading.of(term, item, base))

    def _resolve(self, item: ItemT, markup: str, base: int) -> list[tuple[_Entry, list[TermT]]] | None:
        """Which entries the item's terms name, with the terms for each, in order."""
        result: list[tuple[_Entry, list[TermT]]] = []
        unknown: list[TermT] = []
        for term in item.terms:
            entry = self._lookup(term.name)
            if entry is None:
                unknown.append(term)
                continue
            for existing, terms in result:
                if existing is entry:
                    terms.append(term)
                    break
            else:
                result.append((entry, [term]))
        if not result and unknown and not self.hmp and not any(t.name.startswith("-") for t in unknown):
            return None
        for term in unknown:
            line = base + term.synopsis.line
            if not self.entries:
                # Before the first DEF: an introduction, kept as section text.
                self.report("info", "hx-intro-item", f"item {term.plain!r} before the first definition is kept as introduction", line)
                continue
            self.report("warning", "hx-undefined-option", f"documented {term.name or term.plain!r} matches no DEF in this file", line)
        if unknown and not result:
            self._section_text(item_as_section_text(item, markup), base + item.line)
        return result

    def _lookup(self, name: str) -> _Entry | None:
        if not name:
            return None
        key = canonical_option_name(name)
        for entry in self.pending:
            if key in entry.keys:
                return entry
        return self.by_spelling.get(key)

    def _document(self, entry: _Entry, item: ItemT, terms: list[TermT], base: int, label: str | None) -> None:
        option = entry.option
        path = self.path
        for term in terms:
            if term.name and term.name != option.name and term.name not in option.aliases:
                option.aliases.append(term.name)
        synopses = [t.synopsis.make(path, base) for t in terms]
        option.synopses.extend(synopses)
        if self.checking_markup:
            entry.readings.setdefault("documentation", []).extend(Reading.of(t, item, base) for t in terms)
        if entry.documented_items == 0:
            option.description = item.description
            option.suboptions.extend(c.make(path, base) for c in item.children)
            option.locations["documentation"] = Location(path, base + item.line)
            if label:
                option.doc_label = label
            option.deprecations.extend(d.make(path, base) for d in item.own_deprecations)
            option.tables.extend(make_tables(item.own_tables, path, base))
            entry.first = (item, base, {id(s) for s in option.suboptions[-len(item.children):]} if item.children else set())
        else:
            if entry.documented_items == 1:
                self._first_item_to_form(entry)
            form = item.as_suboption.make(path, base, kind="form")
            form.synopses = synopses
            option.suboptions.append(form)
        entry.documented_items += 1

    def _first_item_to_form(self, entry: _Entry) -> None:
        """An option documented by several items keeps each as a ``form``.

        The first item was attached as the option's own description; once a
        second item names the option (``-netdev user,...`` then ``-netdev
        tap,...``) the first becomes a form too, so that no form's text or
        properties pose as the whole option's.
        """
        assert entry.first is not None
        item, base, first_children = entry.first
        option = entry.option
        form = item.as_suboption.make(self.path, base, kind="form")
        form.synopses = option.synopses[: len(item.terms)]
        option.suboptions = [form] + [s for s in option.suboptions if id(s) not in first_children]
        option.deprecations = [d for d in option.deprecations if d.source != "description"]
        option.description = ""
        option.tables = []

    def _section_text(self, text: str, line: int) -> None:
        """Block text outside any item belongs to the section it appears in."""
        if not text.strip():
            return
        section = self.section
        if section is None:
            section = Section(title="", location=self.loc(line), kind="preamble")
            self.sections.append(section)
            self.section = section
        # Joined once at the end: appending to the description each time is quadratic.
        parts = self.section_texts.setdefault(id(section), (section, []))[1]
        if len(parts) > 1:
            parts[-1] = parts[-1].rstrip("\n")
        parts.append(text)

    # -- result ----------------------------------------------------------------

    def _report_disagreements(self) -> None:
        """Where the checking blocks (STEXI) say something else than the documentation (SRST)."""
        checked = self.checking_markup
        for entry in self.entries:
            readings = entry.readings
            if checked not in readings and "documentation" not in readings:
                continue
            for line, message in disagreements(entry.option.name, readings.get("documentation", []), readings.get(checked, [])):
                self.report("warning", "hx-markups-disagree", message, line)

    def _finish(self) -> OptionSet:
        if self.checking_markup:
            self._report_disagreements()
        for section, parts in self.section_texts.values():
            section.description = parts[0] if len(parts) == 1 else "\n\n".join(parts).strip("\n")
        for entry in self.entries:
            option = entry.option
            if not option.synopses:
                definition = option.locations["definition"]
                what = "HMP command" if self.hmp else "DEF"
                if option.hidden:
                    self.report(
                        "info", "hx-undocumented-def",
                        f"{what} {option.name} has no documentation item of its own; QEMU hides it on purpose ({option.hidden})",
                        definition.line,
                    )
                else:
                    self.report("warning", "hx-undocumented-def", f"{what} {option.name} has no documentation item of its own", definition.line)
        self.diagnostics.sort(key=lambda d: (d.location.line if d.location else 0))
        return OptionSet(
            program=self.program,
            source=Source(FORMAT, self.path),
            release=self.release,
            sections=self.sections,
            options=[e.option for e in self.entries],
            diagnostics=self.diagnostics,
        )


def _help_synopses(help_text: str) -> list[str]:
    return list(_help_synopses_cached(help_text))


@lru_cache(maxsize=8192)
def _help_synopses_cached(help_text: str) -> tuple[str, ...]:
    """The synopses of a DEF help string, continuation lines joined, as -help prints them."""
    from ..binary.help import help_synopses  # the -help reader knows QEMU's layout of synopses

    return tuple(help_synopses(help_text))


#: Deepest ``#if`` nesting kept (QEMU's files nest two deep).
MAX_CONDITIONS = 32
#: Blocks longer than this are searched in place for a forgotten end marker.
_SHORT_SPAN = 16 * 1024



# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import hx as sniff  # noqa: E402,F401


@collector_paused
def read_hx(text: str, path: str, *, program: str | None = None, release: str | None = None, resolver=None) -> OptionSet:
    """Read an .hx file's text into an :class:`OptionSet`.

    ``program`` is detected from the content when not given: ``qemu-system``
    for DEF-based files, ``hmp`` (or ``hmp-info`` for ``*-info.hx``) for HMP
    command tables.  ``resolver`` (a texinfo include resolver) reads the
    files STEXI items ``@include`` (``-trace``'s sub-options, QEMU <= 4.2):
    see :mod:`qdoc.readers.texinfo.included_tables`; without one they are
    reported, not read.
    """
    with table_budget() as tables:
        option_set = HxReader(text, path, program, release).read()
    report_refused_tables(option_set, tables, path)
    if resolver is not None and "@include" in text:
        from ..texinfo.included_tables import expand_stexi_includes

        expand_stexi_includes(option_set, text, path, resolver)
    return option_set
