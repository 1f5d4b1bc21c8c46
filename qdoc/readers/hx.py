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

Bad input (unclosed blocks, unbalanced DEF parentheses, unclosed ``#if``)
gives ``error`` diagnostics; the reader never raises for input problems.
"""

from __future__ import annotations

import re

from ..arch import arch_names
from ..model import (
    Deprecation,
    Diagnostic,
    Location,
    Option,
    OptionSet,
    Section,
    Source,
    SubOption,
    Synopsis,
    canonical_option_name,
)
from ..prose import deprecation_sentences, replacement, stated_default
from ..synopsis import parse_parameters, split_option_name
from ..texi2rst import InlineRenderer, texinfo_block_to_rst
from .cdecl import CSyntaxError, parse_def, parse_struct
from .docitems import DocItem, Split, TexinfoTables, dedent, split_rst, split_texinfo

FORMAT = "hx"

_DIRECTIVE_RE = re.compile(
    r"^(?:"
    r"(?P<def>DEF)\("
    r"|(?P<defheading>DEFHEADING)\((?P<dh>.*)\)[ \t]*$"
    r"|(?P<archheading>ARCHHEADING)\((?P<ah>.*)\)[ \t]*$"
    r"|(?P<srst>SRST)(?:\((?P<label>[^)\n]*)\))?[ \t]*$"
    r"|(?P<stexi>STEXI)[ \t]*$"
    r"|(?P<hxcomm>HXCOMM)(?:[ \t][^\n]*)?$"
    r"|[ \t]*\#[ \t]*(?P<cpp>\w+)(?P<cpparg>(?:[^\n\\]|\\\n|\\)*)$"
    r"|(?P<struct>[ \t]*\{)[ \t]*$"
    r"|[ \t]*/\*(?P<comment>[^\n]*?)\*/[ \t]*$"
    r"|(?P<stray>(?:ERST|ETEXI)\b[^\n]*$)"
    r")",
    re.M,
)
_ERST_RE = re.compile(r"^ERST[ \t]*$", re.M)
_ETEXI_RE = re.compile(r"^ETEXI[ \t]*$", re.M)
#: Inside a doc block these mean its end marker was forgotten.
_INTRUDER_RE = re.compile(r"^(?:DEF\(|DEFHEADING\(|ARCHHEADING\(|SRST\b|STEXI\b|ERST\b|ETEXI\b)", re.M)
_RST_TERM_MARKUP_RE = re.compile(r"``|\\ |\*\*|\*|\\(?=[^\\])")
_IMG_DEF_RE = re.compile(r'^DEF\("[\w-]+",\s*img_\w+\s*,', re.M)
_HELP_ALIAS_RE = re.compile(r"^(--?[\w-]+)((?:\s+or\s+--?[\w-]+)+)")
_PROPERTY_NAME_RE = re.compile(r"^[A-Za-z0-9_.@{}-]+")


def rst_term_text(markup: str) -> str:
    """Plain text of an rST term: ``-hda file`` -> -hda file; ``help`` or ``?`` [*cmd*] -> help or ? [cmd]."""
    if markup.startswith(".. option::"):
        return " ".join(markup[len(".. option::"):].split())
    return " ".join(_RST_TERM_MARKUP_RE.sub("", markup).split())


class _Entry:
    """A DEF (or HMP command) being assembled, with what the docs said of it."""

    __slots__ = ("option", "spellings", "documented_items", "first")

    def __init__(self, option: Option, spellings: set[str]):
        self.option = option
        self.spellings = spellings
        self.documented_items = 0
        self.first: tuple[DocItem, list[Synopsis], list[SubOption]] | None = None


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
            elif _IMG_DEF_RE.search(text):
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
        self.conditions: list[tuple[str, int]] = []
        self.deprecated_region: int | None = None
        self.tables = TexinfoTables()
        self.inline = InlineRenderer()
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

    def _comment(self, text: str, line: int) -> None:
        """C comments; ``/* BEGIN deprecated */`` .. ``/* END deprecated */`` mark HMP commands."""
        words = text.lower().split()
        if words[:2] == ["begin", "deprecated"]:
            self.deprecated_region = line
        elif words[:2] == ["end", "deprecated"]:
            self.deprecated_region = None

    def _preprocessor(self, command: str, argument: str, line: int) -> None:
        if command in ("if", "ifdef", "ifndef"):
            condition = {"if": argument, "ifdef": argument, "ifndef": f"!{argument}"}[command]
            self.conditions.append((condition, line))
        elif command == "elif":
            if self.conditions:
                self.conditions[-1] = (argument, self.conditions[-1][1])
            else:
                self.report("error", "hx-unmatched-endif", "#elif without #if", line)
        elif command == "else":
            if self.conditions:
                cond, start = self.conditions[-1]
                self.conditions[-1] = (f"!({cond})", start)
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
            args = parse_def(self.text, start)
        except CSyntaxError as exc:
            self.report("error", "hx-def-syntax", str(exc), self.text.count("\n", 0, exc.offset) + 1 if exc.offset != start else line)
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
        help_line = line + self.text.count("\n", start, args.help_offset)
        option.locations["definition"] = self.loc(line)
        option.locations["help"] = self.loc(help_line)
        self._common(option, line)
        for sentence in deprecation_sentences(args.help):
            option.deprecations.append(Deprecation(sentence, self.loc(help_line), "help", replacement=replacement(sentence)))
        spellings = {option.name}
        alias = _HELP_ALIAS_RE.match(args.help)
        if alias:
            for word in [alias.group(1)] + re.findall(r"--?[\w-]+", alias.group(2)):
                spellings.add(word)
        self._register(option, spellings)
        return args.end

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
        end_re = _ERST_RE if markup == "rst" else _ETEXI_RE
        end = end_re.search(self.text, body_start)
        marker = "SRST" if markup == "rst" else "STEXI"
        intruder = _INTRUDER_RE.search(self.text, body_start, end.start() if end else len(self.text))
        if intruder:
            where = self.text.count("\n", 0, intruder.start()) + 1
            self.report("error", "hx-unclosed-block", f"{marker} block is not closed before {intruder.group(0).rstrip('(')} at line {where}", line)
            return intruder.start()
        if not end:
            self.report("error", "hx-unclosed-block", f"{marker} block is not closed (no {'ERST' if markup == 'rst' else 'ETEXI'} before the end of the file)", line)
            return len(self.text)
        block = self.text[body_start : end.start()]
        lines = block.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        first_line = line + 1
        if markup == "rst":
            # hmp-commands-info.hx indents whole fragments so that they nest
            # under the "info" item once concatenated: split each fragment
            # at its own indentation.
            if lines and all(not ln or ln[:1] in (" ", "\t") for ln in lines):
                lines = dedent(lines)
            split = split_rst(lines, first_line)
        else:
            if self.entries and not self.tables.item_depth_fixed:
                # The first block after the first entry tells at which table
                # depth entries are documented.
                self.tables.item_depth = max(1, self.tables.depth)
                self.tables.item_depth_fixed = True
            split = split_texinfo(lines, first_line, self.tables)
        label = m.group("label")
        self._attach(split, markup, line, label)
        return end.end()

    def _attach(self, split: Split, markup: str, line: int, label: str | None) -> None:
        for problem_line, message in split.problems:
            self.report("warning", "hx-doc-structure", message, problem_line)
        previous: _Entry | None = self.pending[-1] if self.pending else (self.entries[-1] if self.entries else None)
        documented_here = False
        for item in split.items:
            targets = self._resolve(item, markup)
            if targets is None:
                # Not an option term: a property of the DEF the block follows.
                if previous is None:
                    self._keep_as_section_text(item, markup)
                    self.report("warning", "hx-orphan-item", "documentation item names no option and follows no DEF", item.line)
                    continue
                previous.option.suboptions.append(self._suboption(item, markup, previous.option.name, kind="property"))
                if not previous.option.locations.get("documentation"):
                    self.report("warning", "hx-no-option-term", f"{previous.option.name} is documented only by property items, with no term naming the option", item.line)
                continue
            for entry, terms in targets:
                documented_here = True
                self._document(entry, item, terms, markup, label)
        if split.loose:
            self._loose(split.loose, markup)
        if documented_here or split.items:
            self.pending = []
        del line

    def _resolve(self, item: DocItem, markup: str) -> list[tuple[_Entry, list]] | None:
        """Which DEFs the item's terms name, with the terms for each, in order."""
        result: list[tuple[_Entry, list]] = []
        unknown = []
        for term in item.terms:
            plain = rst_term_text(term.markup) if markup == "rst" else self.inline.plain(term.markup)
            name, _ = split_option_name(plain)
            if self.program == "hmp-info" and name == "info":
                name, _ = split_option_name(plain[len("info"):])
            entry = self._lookup(name)
            if entry is None:
                unknown.append((term, plain, name))
                continue
            for existing, terms in result:
                if existing is entry:
                    terms.append((term, plain, name))
                    break
            else:
                result.append((entry, [(term, plain, name)]))
        if not result and unknown and not any(name.startswith("-") for _, _, name in unknown) and not self.hmp:
            return None
        for term, plain, name in unknown:
            if not self.entries:
                # Before the first DEF: an introduction, kept as section text.
                self.report("info", "hx-intro-item", f"item {plain!r} before the first definition is kept as introduction", term.line)
                continue
            self.report("warning", "hx-undefined-option", f"documented {name or plain!r} matches no DEF in this file", term.line)
        if unknown and not result:
            self._keep_as_section_text(item, markup)
        return result

    def _lookup(self, name: str) -> _Entry | None:
        if not name:
            return None
        key = canonical_option_name(name)
        for entry in self.pending:
            if key in (canonical_option_name(s) for s in entry.spellings):
                return entry
        return self.by_spelling.get(key)

    def _document(self, entry: _Entry, item: DocItem, terms: list, markup: str, label: str | None) -> None:
        option = entry.option
        synopses = [self._synopsis(term, plain) for term, plain, _ in terms]
        for _, plain, name in terms:
            spelling = name
            if spelling and spelling != option.name and spelling not in option.aliases:
                option.aliases.append(spelling)
        if entry.documented_items == 0:
            option.synopses.extend(synopses)
            option.description, option.description_format = self._description(item, markup)
            children = self._children(item, markup, option.name)
            option.suboptions.extend(children)
            option.locations["documentation"] = self.loc(item.line)
            if label:
                option.doc_label = label
            self._deprecations(option.deprecations, self._own_text(item, markup), item.body_line)
            entry.first = (item, synopses, children)
        else:
            if entry.documented_items == 1:
                self._first_item_to_form(entry)
            option.synopses.extend(synopses)
            option.suboptions.append(self._form(item, markup, option.name, synopses))
        entry.documented_items += 1

    def _synopsis(self, term, plain: str) -> Synopsis:
        _, arguments = split_option_name(plain)
        if self.program == "hmp-info" and plain.startswith("info "):
            _, arguments = split_option_name(plain[len("info "):])
        parameters, problems = parse_parameters(arguments)
        return Synopsis(plain, term.markup, self.loc(term.line), parameters, problems)

    def _description(self, item: DocItem, markup: str) -> tuple[str, str]:
        if markup == "rst":
            return "\n".join(item.body).strip("\n"), "rst"
        conversion = texinfo_block_to_rst(item.body)
        for problem in conversion.problems:
            self.report("warning", problem.code, problem.message, item.body_line + problem.line_offset)
        return conversion.text, "rst"

    def _own_text(self, item: DocItem, markup: str) -> str:
        own = item.own_text()
        if markup == "texinfo":
            return self.inline.plain(own)
        return own

    def _deprecations(self, into: list[Deprecation], text: str, line: int) -> None:
        for sentence in deprecation_sentences(text):
            into.append(Deprecation(sentence, self.loc(line), "description", replacement=replacement(sentence)))

    def _children(self, item: DocItem, markup: str, option_name: str) -> list[SubOption]:
        return [self._suboption(child, markup, option_name) for child in item.children]

    def _suboption(self, item: DocItem, markup: str, option_name: str, kind: str | None = None) -> SubOption:
        plains = [rst_term_text(t.markup) if markup == "rst" else self.inline.plain(t.markup) for t in item.terms]
        first = plains[0]
        if kind is None:
            if first.startswith(option_name + " ") or first == option_name:
                kind = "form"
            elif first.startswith("-"):
                kind = "form"
            elif "=" in first.split(",")[0]:
                kind = "property"
            else:
                kind = "value"
        name = _suboption_name(first, option_name)
        synopses = []
        for term, plain in zip(item.terms, plains):
            parameters, problems = parse_parameters(plain if not plain.startswith("-") else split_option_name(plain)[1])
            synopses.append(Synopsis(plain, term.markup, self.loc(term.line), parameters, problems))
        description, _ = self._description(item, markup)
        sub = SubOption(name=name, kind=kind, synopses=synopses, description=description, location=self.loc(item.line))
        sub.default = stated_default(description) if description else None
        self._deprecations(sub.deprecations, self._own_text(item, markup) if item.children else description, item.body_line)
        sub.suboptions = [self._suboption(child, markup, option_name) for child in item.children]
        return sub

    def _form(self, item: DocItem, markup: str, option_name: str, synopses: list[Synopsis]) -> SubOption:
        sub = self._suboption(item, markup, option_name, kind="form")
        sub.synopses = synopses
        return sub

    def _first_item_to_form(self, entry: _Entry) -> None:
        """An option documented by several items keeps each as a ``form``.

        The first item was attached as the option's own description; once a
        second item names the option (``-netdev user,...`` then ``-netdev
        tap,...``) the first becomes a form too, so that no form's text or
        properties pose as the whole option's.
        """
        assert entry.first is not None
        item, synopses, children = entry.first
        option = entry.option
        child_ids = {id(c) for c in children}
        option.suboptions = [s for s in option.suboptions if id(s) not in child_ids]
        name = _suboption_name(synopses[0].text, option.name) if synopses else option.name
        form = SubOption(
            name=name,
            kind="form",
            synopses=list(synopses),
            description=option.description,
            location=self.loc(item.line),
            suboptions=children,
            default=None,
            deprecations=[d for d in option.deprecations if d.source == "description"],
        )
        option.deprecations = [d for d in option.deprecations if d.source != "description"]
        option.description = ""
        option.suboptions.insert(0, form)

    def _loose(self, loose: list[tuple[int, str]], markup: str) -> None:
        """Block text outside any item belongs to the section it appears in."""
        lines = [text for _, text in loose]
        if markup == "texinfo":
            text = texinfo_block_to_rst(lines).text
        else:
            text = "\n".join(lines)
        if not text.strip():
            return
        section = self.section
        if section is None:
            section = Section(title="", location=self.loc(loose[0][0]), kind="preamble")
            self.sections.append(section)
            self.section = section
        section.description = (section.description + "\n\n" + text).strip("\n") if section.description else text

    def _keep_as_section_text(self, item: DocItem, markup: str) -> None:
        lines = [t.markup for t in item.terms] + ["    " + ln if ln else "" for ln in item.body]
        self._loose([(item.line, ln) for ln in lines], markup)

    # -- result ----------------------------------------------------------------

    def _finish(self) -> OptionSet:
        for entry in self.entries:
            option = entry.option
            if not option.synopses:
                definition = option.locations["definition"]
                what = "HMP command" if self.hmp else "DEF"
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
    """Help lines that begin with an option, cut before the aligned explanation."""
    found = []
    for line in help_text.split("\n"):
        if line.startswith("-"):
            found.append(re.split(r"\s{2,}", line.strip(), maxsplit=1)[0])
    return found


def _suboption_name(term: str, option_name: str) -> str:
    """``accel=accels1[:...]`` -> accel; ``-netdev user,id=...`` -> user."""
    if term.startswith(option_name + " "):
        term = term[len(option_name) + 1 :].lstrip()
    elif term.startswith("-"):
        head, rest = split_option_name(term)
        return head if not rest else f"{head} {_PROPERTY_NAME_RE.match(rest).group(0) if _PROPERTY_NAME_RE.match(rest) else rest}"
    term = term.lstrip("[")
    m = _PROPERTY_NAME_RE.match(term)
    if not m:
        return term.split(",")[0]
    name = m.group(0)
    return name.split("=")[0] if "=" in name else name


def read_hx(text: str, path: str, *, program: str | None = None, release: str | None = None) -> OptionSet:
    """Read an .hx file's text into an :class:`OptionSet`.

    ``program`` is detected from the content when not given: ``qemu-system``
    for DEF-based files, ``hmp`` (or ``hmp-info`` for ``*-info.hx``) for HMP
    command tables.
    """
    return HxReader(text, path, program, release).read()
