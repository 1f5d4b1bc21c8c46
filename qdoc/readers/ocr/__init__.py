"""Reader for OCR text of a printed QEMU manual (``qemu-doc-2.12.50-ocr.md``).

Old manuals survive as PDF prints and their OCR text: Markdown ``#`` on
random lines, ``QBNU`` for QEMU, ``onloff`` for ``on|off``, paragraphs merged
across pages, and many option lines simply lost.  This reader recovers what
can be trusted and says how sure it is:

- sections from the numbered headings (:mod:`qdoc.readers.ocr.headings`);
- options from the system emulator's option list (the ``Invocation``
  section), from lines that start with an option (:mod:`qdoc.readers.ocr.terms`), with
  their sub-options (``dump-guest-core=on|off``) and further forms
  (``-chardev pipe,...``);
- the deprecation appendix as :class:`~qdoc.model.Record` entries
  (:mod:`qdoc.readers.ocr.appendix`).

Names are read against a vocabulary (:mod:`qdoc.readers.ocr.vocabulary`): a reference
option set when one is given (``--reference`` a nearby release's
``qemu-options.hx``), else qdoc's built-in list of well-known names.  With a
reference, the text is also aligned with the reference's option list
(:mod:`.align`), which recovers options whose name line the OCR lost from
their surviving description.  Every option says how it was found:
``recovery`` is ``recovered`` (the name is printed as such), ``repaired``
(read from damaged text: ``original_text`` holds what was read, a misspelt
name or the description that identified it) or ``unmatched`` (looks like an
option but is in no vocabulary); ``confidence`` is 0..1.  An ``ocr-summary``
diagnostic counts them and names the reference options not found.

Text with no option list (not a QEMU manual: fewer than
:data:`MIN_KNOWN_OPTIONS` known names, which chance resemblances such as
``-msz`` for ``-msg`` cannot reach) gives no options and an ``ocr-no-options``
warning rather than an error: the input was read completely, it just
documents nothing, and a tree build should not stop on it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..._gc import collector_paused
from ...model import (
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
from ...prose import deprecation_sentences, replacement, stated_default
from ...synopsis import parse_parameters
from . import align
from ..common.terms import suboption_name
from .appendix import find_entries, records
from .headings import Heading, find_headings
from .terms import Term, read_term
from .text import OcrLine, clean_lines, words
from .vocabulary import Vocabulary

FORMAT = "ocr"

#: A damaged name is repaired only to a name at least this similar.
MIN_REPAIR_SIMILARITY = 0.75
#: Confidence of each kind of evidence before its own similarity is applied.
EXACT_CONFIDENCE = 0.95
TERM_REPAIR_FACTOR = 0.9
DESCRIPTION_FACTOR = 0.8
UNMATCHED_CONFIDENCE = 0.2
#: Below this many options with known names, the text is not a QEMU option
#: list: nothing in it is taken as an option (the warning names what was seen).
MIN_KNOWN_OPTIONS = 5

_TITLE_RE = re.compile(r"\bversion\s+(\d+\.\d+(?:\.\d+)?)\b", re.I)
_PROPERTY_LINE_RE = re.compile(r"^[a-z][\w.-]*(?:=\S*|\[\S*)?$")
_RST_SPECIAL_RE = re.compile(r"([\\*`|])")


@dataclass(slots=True)
class _Hit:
    """One piece of evidence for an option, at a place in the text."""

    position: tuple[int, int]
    name: str
    recovery: str
    confidence: float
    read: str
    term: Term | None = None
    kind: str = "term"


@dataclass(slots=True)
class _Result:
    hits: list[_Hit] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import ocr as sniff  # noqa: E402,F401


@collector_paused
def read_ocr(
    text: str,
    path: str,
    *,
    release: str | None = None,
    program: str | None = None,
    reference: OptionSet | None = None,
) -> OptionSet:
    """Read OCR text of a QEMU manual into an option set (see the module doc)."""
    return _OcrReader(text, path, release, program, reference).read()


class _OcrReader:
    def __init__(self, text: str, path: str, release: str | None, program: str | None, reference: OptionSet | None):
        self.text = text
        self.path = path
        self.reference = reference
        self.vocabulary = Vocabulary.from_reference(reference) if reference else Vocabulary.built_in()
        self.document = clean_lines(text)
        self.lines = self.document.lines
        if release is None:
            first = next((ln.text for ln in self.lines[:3] if _TITLE_RE.search(ln.text)), "")
            m = _TITLE_RE.search(first)
            release = m.group(1) if m else None
        self.option_set = OptionSet(program=program or "qemu-system", source=Source(FORMAT, path), release=release)
        self.diagnostics = self.option_set.diagnostics
        self.rejected: list[_Hit] = []

    def loc(self, line: int) -> Location:
        return Location(self.path, line)

    def report(self, severity: str, code: str, message: str, line: int | None) -> None:
        """``line`` None is about the whole text: located at line 1, so it still reads ``path:1:``."""
        self.diagnostics.append(Diagnostic(severity, code, message, self.loc(line or 1)))

    # -- the whole document ------------------------------------------------------

    def read(self) -> OptionSet:
        headings = find_headings(self.lines)
        self.headings = headings
        self.option_set.sections = [Section(h.title, self.loc(h.line)) for h in headings]
        if self.document.contents:
            first, last = self.document.contents
            self.report("info", "ocr-contents-skipped", f"table of contents (lines {first}-{last}) not read: it repeats headings", first)
        region = self._option_region(headings)
        terms = self._terms(region)
        hits = self._aligned_hits(region, terms) if self.reference else self._vocabulary_hits(terms)
        known = {h.name for h in hits if h.recovery != "unmatched"}
        if len(known) < MIN_KNOWN_OPTIONS:
            # A handful of near-names in unrelated text is chance ("-msz"
            # is one letter from -msg), not an option list.
            self.rejected, hits = hits, []
        self.option_set.options = self._options(hits, region)
        self.option_set.deprecations = self._appendix()
        self._summarise(hits)
        return self.option_set

    def _option_region(self, headings: list[Heading]) -> list[OcrLine]:
        """Lines of the system emulator's option list: the "Invocation" section."""
        start = next((h for h in headings if words(h.title) == ["invocation"]), None)
        if start is None:
            if self.lines:
                self.report("info", "ocr-no-invocation-section", "no 'Invocation' heading found: options are read from the whole text", None)
            return [ln for ln in self.lines if not self._is_heading_line(ln.number)]
        end = next((h for h in headings[headings.index(start) + 1:] if h.depth <= start.depth), None)
        stop = end.line if end else float("inf")
        return [ln for ln in self.lines if start.line < ln.number < stop and not self._is_heading_line(ln.number)]

    def _is_heading_line(self, number: int) -> bool:
        return any(h.line == number and h.column == 0 for h in self.headings)

    def _terms(self, region: list[OcrLine]) -> list[Term]:
        terms = []
        previous = None
        for line in region:
            term = read_term(line, previous, self.vocabulary)
            if term:
                terms.append(term)
            previous = line
        return terms

    # -- naming the evidence -----------------------------------------------------

    def _term_hit(self, term: Term, name: str, similarity: float) -> _Hit:
        spelled = canonical_option_name(term.read if term.read.startswith("-") else "-" + term.read)
        if spelled == name:
            return _Hit((term.line, 0), name, "recovered", EXACT_CONFIDENCE, term.read, term)
        ratio = difflib.SequenceMatcher(None, spelled.lstrip("-.·_"), name.lstrip("-")).ratio()
        confidence = round(TERM_REPAIR_FACTOR * max(similarity if similarity < 1 else ratio, ratio, 0.5), 3)
        return _Hit((term.line, 0), name, "repaired", confidence, term.read, term)

    def _unmatched(self, term: Term) -> _Hit | None:
        if not term.dashed or len(term.read.lstrip("-.·_")) < 3:
            return None  # too little to call it an option of its own
        name = canonical_option_name("-" + term.read.lstrip("-.·_–—−").replace(" ", "_"))
        return _Hit((term.line, 0), name, "unmatched", UNMATCHED_CONFIDENCE, term.read, term)

    def _vocabulary_hits(self, terms: list[Term]) -> list[_Hit]:
        hits = []
        for term in terms:
            matches = self.vocabulary.nearest(term.read)
            if matches and matches[0].similarity >= MIN_REPAIR_SIMILARITY:
                hits.append(self._term_hit(term, matches[0].name, matches[0].similarity))
            else:
                hit = self._unmatched(term)
                if hit:
                    hits.append(hit)
        return hits

    def _aligned_hits(self, region: list[OcrLine], terms: list[Term]) -> list[_Hit]:
        items = align.reference_items(self.reference)
        item_of = {name: i for i, item in enumerate(items) for name in item.names}
        for option in self.reference.options:
            for alias in option.aliases:
                if canonical_option_name(alias) not in item_of and option.name in item_of:
                    item_of[canonical_option_name(alias)] = item_of[option.name]
        evidence: list[align.Evidence] = []
        term_matches = []
        for index, term in enumerate(terms):
            matches = [m for m in self.vocabulary.nearest(term.read) if m.similarity >= MIN_REPAIR_SIMILARITY and m.name in item_of]
            term_matches.append(matches)
            for match in matches:
                weight = align.EXACT_TERM_WEIGHT if match.exact else align.FUZZY_TERM_WEIGHT * match.similarity
                evidence.append(
                    align.Evidence((term.line, 0), item_of[match.name], weight, "term", match.similarity, term.read, index)
                )
        evidence += align.description_evidence(items, align.segments(region))
        chain = align.heaviest_chain(evidence, len(items))
        hits: list[_Hit] = []
        chained_terms = {}
        for link in chain:
            if link.kind == "term":
                term = terms[link.term_index]
                name = next(m.name for m in term_matches[link.term_index] if item_of[m.name] == link.item)
                chained_terms[link.term_index] = name
                hits.append(self._term_hit(term, name, link.score))
            else:
                for name in items[link.item].names:
                    confidence = round(DESCRIPTION_FACTOR * link.score, 3)
                    hits.append(_Hit(link.position, name, "repaired", confidence, link.read, None, "description"))
        # Terms left out of the chain: further forms of an option (-chardev
        # pipe, -chardev pty...) or options out of the reference's order.
        for index, term in enumerate(terms):
            if index in chained_terms:
                continue
            matches = term_matches[index]
            if matches:
                hits.append(self._term_hit(term, matches[0].name, matches[0].similarity))
            else:
                hit = self._unmatched(term)
                if hit:
                    hits.append(hit)
        hits.sort(key=lambda h: h.position)
        return hits

    # -- building the options ----------------------------------------------------

    def _options(self, hits: list[_Hit], region: list[OcrLine]) -> list[Option]:
        by_name: dict[str, Option] = {}
        order: list[str] = []
        # Where each hit's text ends: at the next hit elsewhere in the text.
        positions = sorted({h.position for h in hits})
        for hit in hits:
            body = self._body(hit.position, positions, region, hit.term)
            option = by_name.get(hit.name)
            if option is None:
                option = Option(name=hit.name)
                known = self.reference.option(hit.name) if self.reference else None
                if known is not None:
                    option.aliases = list(known.aliases)  # spellings the reference documents
                by_name[hit.name] = option
                order.append(hit.name)
                self._first_hit(option, hit, body)
            else:
                self._further_hit(option, hit, body)
        return [by_name[name] for name in order]

    def _first_hit(self, option: Option, hit: _Hit, body: list[tuple[int, str]]) -> None:
        option.recovery = hit.recovery
        option.confidence = hit.confidence
        option.original_text = None if hit.recovery == "recovered" else hit.read
        option.locations["documentation"] = self.loc(hit.position[0])
        section = self._section_at(hit.position)
        if section:
            option.section = section.title
            option.locations["section"] = self.loc(section.line)
        if hit.term:
            option.synopses = self._synopses(option.name, hit.term)
            option.has_argument = any(s.parameters for s in option.synopses)
        description, suboptions = self._split_body(option.name, body)
        option.description = description
        option.suboptions = suboptions
        for sentence in deprecation_sentences(description):
            option.deprecations.append(
                Deprecation(sentence, self.loc(hit.position[0]), "description", replacement=replacement(sentence))
            )

    def _further_hit(self, option: Option, hit: _Hit, body: list[tuple[int, str]]) -> None:
        """Another term for a known option: a further form, or its name line after its text.

        ``recovery`` and ``confidence`` stay those of the first evidence,
        which is where the option's location points.
        """
        if hit.term is None:
            return
        synopses = self._synopses(option.name, hit.term)
        if not option.synopses:
            option.synopses = synopses
            option.locations.setdefault("term", self.loc(hit.term.line))
            return
        description, suboptions = self._split_body(option.name, body)
        option.suboptions.append(
            SubOption(
                name=suboption_name(synopses[0].text, option.name),
                kind="form",
                synopses=synopses,
                description=description,
                location=self.loc(hit.term.line),
                suboptions=suboptions,
                default=stated_default(description),
            )
        )

    def _synopses(self, name: str, term: Term) -> list[Synopsis]:
        """The term's synopses (a line may hold several: ``-numa node... -numa dist...``)."""
        pieces = re.split(r"\s+(?=" + re.escape(term.read) + r"\s)", term.arguments) if term.arguments else [""]
        out = []
        for piece in pieces:
            arguments = piece[len(term.read):].strip() if piece.startswith(term.read) else piece.strip()
            arguments = self._repair_first_word(name, arguments)
            parameters, problems = parse_parameters(arguments) if arguments else ([], [])
            text = f"{name} {arguments}".strip()
            out.append(Synopsis(text, f"{term.read} {arguments}".strip(), self.loc(term.line), parameters, problems))
        return out

    def _repair_first_word(self, name: str, arguments: str) -> str:
        """``ringbuf.id=id`` -> ``ringbuf,id=id`` where the reference knows form ``ringbuf``.

        OCR reads a comma as a dot; but a dot can be right (``-global
        driver.prop=value``), so only a reference can tell.
        """
        option = self.reference.option(name) if self.reference else None
        m = re.match(r"([a-z][\w-]*)\.(?=[a-z][\w-]*=)", arguments)
        if option is None or m is None:
            return arguments
        known = {s.name for s in option.suboptions if s.kind == "form"}
        known |= {s.text.split()[1].split(",")[0] for s in option.synopses if len(s.text.split()) > 1}
        return f"{m.group(1)},{arguments[m.end():]}" if m.group(1) in known else arguments

    def _body(self, start: tuple[int, int], positions, region: list[OcrLine], term: Term | None) -> list[tuple[int, str]]:
        """Lines (number, text) from ``start`` to the next hit or section."""
        later = [p for p in positions if p > start]
        stop = later[0] if later else None
        headings = [(h.line, h.column) for h in self.headings if (h.line, h.column) > start]
        if headings and (stop is None or headings[0] < stop):
            stop = headings[0]
        out: list[tuple[int, str]] = []
        for line in region:
            if line.number < start[0]:
                continue
            if stop and (line.number, 0) >= stop and not (line.number == stop[0] and stop[1] > 0):
                break
            text = line.text
            if stop and line.number == stop[0] and stop[1] > 0:
                text = text[: stop[1] - 1]
            if line.number == start[0]:
                text = term.description if term else text[max(start[1] - 1, 0):]
            if text.strip():
                out.append((line.number, text.strip()))
            if stop and line.number == stop[0]:
                break
        return out

    def _split_body(self, name: str, body: list[tuple[int, str]]) -> tuple[str, list[SubOption]]:
        """Description text and the property sub-options (``dump-guest-core=on|off``) in it."""
        description: list[str] = []
        suboptions: list[SubOption] = []
        current: SubOption | None = None
        current_text: list[str] = []

        def close() -> None:
            if current is not None:
                current.description = _rst("\n".join(current_text))
                current.default = stated_default(current.description)

        for number, text in body:
            if _PROPERTY_LINE_RE.match(text) and len(text) <= 80:
                close()
                parameters, problems = parse_parameters(text)
                synopsis = Synopsis(text, text, self.loc(number), parameters, problems)
                current = SubOption(suboption_name(text, ""), "property", [synopsis], "", self.loc(number))
                current_text = []
                suboptions.append(current)
            elif current is not None:
                current_text.append(text)
            else:
                description.append(text)
        close()
        return _rst("\n\n".join(description)), suboptions

    def _section_at(self, position: tuple[int, int]) -> Heading | None:
        found = None
        for heading in self.headings:
            if (heading.line, heading.column) <= position:
                found = heading
            else:
                break
        return found

    # -- appendix and summary ----------------------------------------------------

    def _appendix(self):
        entries = find_entries(self.lines)
        # Targets are not repaired against the vocabulary: a deprecated
        # option is often one the vocabulary no longer has (-bootp is not a
        # misspelt -boot).
        found = records(entries, self.lines, self.headings, self.path)
        for entry in entries:
            if entry.printed.replace(" ", ".") != entry.label:
                self.report("info", "ocr-repaired-number", f"appendix entry number {entry.printed!r} read as {entry.label}", entry.line.number)
        for record in found:
            if not record.area:
                self.report("info", "ocr-lost-heading", f"the section heading of {record.heading!r} is lost: area unknown", record.location.line)
        return found

    def _summarise(self, hits: list[_Hit]) -> None:
        options = self.option_set.options
        if not options:
            message = f"no QEMU command-line options found in {len(self.lines)} lines of text: it does not look like a QEMU manual's option list"
            if self.rejected:
                examples = ", ".join(repr(h.read) for h in self.rejected[:3])
                message += f" ({len(self.rejected)} option-like lines set aside as chance resemblances: {examples})"
            self.report("warning", "ocr-no-options", message, None)
            return
        counts = {kind: sum(o.recovery == kind for o in options) for kind in ("recovered", "repaired", "unmatched")}
        from_descriptions = sum(o.recovery == "repaired" and not o.synopses for o in options)
        message = (
            f"{len(options)} options: {counts['recovered']} recovered, {counts['repaired']} repaired"
            f" ({from_descriptions} from their descriptions), {counts['unmatched']} unmatched;"
            f" vocabulary: {self.vocabulary.source}"
        )
        if self.reference is not None:
            documented = [o.name for o in self.reference.options if o.documented]
            missed = [n for n in documented if self.option_set.option(n) is None]
            message += f"; {len(missed)} of {len(documented)} documented reference options missed"
            if missed:
                message += ": " + " ".join(missed)
        self.report("info", "ocr-summary", message, None)
        for option in options:
            if option.recovery == "unmatched":
                self.report("warning", "ocr-unmatched-option", f"{option.original_text!r} looks like an option but matches no known name", option.locations["documentation"].line)


def _rst(text: str) -> str:
    """OCR text as rST: characters with a meaning in rST are escaped."""
    return _RST_SPECIAL_RE.sub(r"\\\1", text)
