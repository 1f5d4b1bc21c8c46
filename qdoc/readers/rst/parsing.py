"""docutils parsing of QEMU's rST pages, with Sphinx markup tolerated and messages kept.

QEMU's pages are written for Sphinx: they use roles (``:doc:``, ``:kbd:``,
``:option:``) and directives (``.. option::``, ``.. hxtool-doc::``) that
plain docutils does not know.  Like Sphinx itself (``sphinx.util.docutils``),
:func:`parse` swaps docutils' role and directive lookups for the duration of
one parse, so that Sphinx's names parse as harmless nodes instead of errors,
and restores them afterwards: docutils' global registries are left as found.

docutils reports problems as system messages with a level and a line; each
one becomes a :class:`~qdoc.model.Diagnostic` (``rst-docutils-<level>``)
instead of being printed, and the parse never halts.  Only the parser runs,
not the transforms: the readers need the structure as written (headings,
literals, directive positions), not a rendered document.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import warnings
from typing import Callable, Iterator


class _DeferredPygments:
    """``pygments`` for docutils' code analyser, imported the first time code is highlighted.

    Stands in for the module in :mod:`docutils.utils.code_analyzer`, whose
    ``Lexer`` only touches ``pygments.util`` and ``pygments.lex``.
    """

    def __getattr__(self, name: str):
        importlib.import_module("pygments.lexers")  # with pygments.util, as the analyser's own import had
        return getattr(sys.modules["pygments"], name)


def _lexer_by_name(*args, **kwargs):
    return importlib.import_module("pygments.lexers").get_lexer_by_name(*args, **kwargs)


def _ttype_class(*args, **kwargs):
    return importlib.import_module("pygments.formatters.html")._get_ttype_class(*args, **kwargs)


def _defer_pygments() -> None:
    """Import docutils' code analyser without importing pygments until a code block is highlighted.

    ``docutils.parsers.rst.roles`` imports the analyser, which imports
    pygments, which reads every installed package's entry points
    (``importlib.metadata``, ``email``): about a tenth of what ``qdoc lint``
    takes, for ``.. code::`` blocks QEMU's pages barely have.  The analyser
    is imported with pygments hidden, then handed stand-ins that import it
    on first use, so highlighting (and its "no lexer" messages) is as
    before.  Nothing is done when either is already imported (a Sphinx
    build) or pygments is not installed (docutils then goes without).
    """
    if "docutils.utils.code_analyzer" in sys.modules or "pygments" in sys.modules:
        return
    if importlib.util.find_spec("pygments") is None:
        return
    sys.modules["pygments"] = None  # the analyser's ``import pygments`` fails: with_pygments = False
    try:
        from docutils.utils import code_analyzer
    finally:
        del sys.modules["pygments"]
    code_analyzer.pygments = _DeferredPygments()
    code_analyzer.get_lexer_by_name = _lexer_by_name
    code_analyzer._get_ttype_class = _ttype_class
    code_analyzer.with_pygments = True


_defer_pygments()  # before docutils' parser is imported

from docutils import frontend, nodes, statemachine, utils
from docutils.parsers import rst
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en as _english

from ...model import Diagnostic, Location
from . import depth
from .inliner import LONG_RUNS_CODE, LONG_RUNS_MESSAGE, LongRunBudget, linear_inliner

#: Roles Sphinx (and QEMU's extensions) define; they parse as literal text.
SPHINX_ROLES = frozenset(
    "abbr any command dfn doc download envvar file guilabel kbd keyword makevar manpage "
    "menuselection mimetype numref option program qapi ref regexp samp term token".split()
)
#: Directives of Sphinx and QEMU's extensions whose content is rST.
SPHINX_DIRECTIVES = frozenset(
    "centered deprecated envvar glossary hlist index kernel-doc only option productionlist "
    "program qapi-doc qapi-schema seealso tabularcolumns toctree todo versionadded "
    "versionchanged versionremoved hxtool-doc".split()
)
#: Directives whose content is code, kept as a literal block.
SPHINX_CODE_DIRECTIVES = frozenset("code-block sourcecode highlight literalinclude".split())

#: Longest run of non-blank lines handed to docutils: its inline parser searches the
#: rest of a text block for every start-string, so time grows with the square of a
#: block's length (QEMU's longest block is about 8,000 characters).
MAX_BLOCK = 16_000

#: Longest rST text handed to docutils, in characters.  docutils reads about
#: half a megabyte a second (measured by ``benchmarks/bench_hostile.py`` on
#: deprecated.rst repeated, ``qdoc parse`` in a child process: 0.5 MB 1.0 s and
#: 56 MB, 1 MB 3.7 s and 87 MB, 4 MB 15.6 s and 270 MB, 8 MB 29 s and 515 MB),
#: so the general input limit (:data:`qdoc.source.MAX_INPUT_BYTES`) would let
#: one page take half a minute; QEMU's largest rST page is 82 KB.
MAX_RST_CHARS = 512 * 1024

_LOOKUP_CHATTER = ("No role entry for", "No directive entry for")
_SEVERITY = {0: "info", 1: "info", 2: "warning", 3: "error", 4: "error"}
_LEVEL_NAME = {0: "debug", 1: "info", 2: "warning", 3: "error", 4: "severe"}


class ParseResult:
    """The doctree of one page and what was said about it.

    ``diagnostics`` holds docutils' messages and the hooks' own reports, in
    the order they were made.
    """

    def __init__(self, document: nodes.document, diagnostics: list[Diagnostic]):
        self.document = document
        self.diagnostics = diagnostics


class _AnyOptions(dict):
    """An option spec that accepts every ``:name: value`` (Sphinx directives have many)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str):
        return directives.unchanged


class SphinxDirective(Directive):
    """Stand-in for a Sphinx directive: arguments kept, content parsed as rST."""

    optional_arguments = 64
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self) -> list[nodes.Node]:
        container = nodes.container(classes=["sphinx-" + self.name])
        container["directive"] = self.name
        container["arguments"] = " ".join(self.arguments)
        container.source, container.line = self.state_machine.get_source_and_line(self.lineno)
        if self.name in SPHINX_CODE_DIRECTIVES:
            container += nodes.literal_block("\n".join(self.content), "\n".join(self.content))
        elif self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


def sphinx_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stand-in for a Sphinx role: its text as a literal."""
    node = nodes.literal(rawtext, utils.unescape(text))
    node["role"] = name
    return [node], []


def _docutils_role(role_name: str, language_module):
    """The role docutils itself defines under ``role_name`` (this language's or English), else None.

    Looked up in docutils' registry of its own roles, never through the
    current ``roles.role``: inside a Sphinx build (``.. qemu:deprecations::``
    reading deprecated.rst) that finds Sphinx's roles first, which need the
    Sphinx environment of the page being built, not of this parse.
    """
    name = role_name.lower()
    canonical = (getattr(language_module, "roles", {}).get(name) or _english.roles.get(name)) if name else roles.DEFAULT_INTERPRETED_ROLE
    return roles._role_registry.get(canonical)


def _docutils_directive(directive_name: str, language_module):
    """The directive class docutils itself defines under ``directive_name``, else None (see :func:`_docutils_role`)."""
    name = directive_name.lower()
    canonical = getattr(language_module, "directives", {}).get(name) or _english.directives.get(name)
    entry = directives._directive_registry.get(canonical)
    if entry is None:
        return None
    module_name, class_name = entry
    return getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module_name}"), class_name, None)


@contextlib.contextmanager
def _lenient_lookups(hooks: dict[str, type[Directive]], unknown: list[tuple[str, str, int]]) -> Iterator[None]:
    """Resolve docutils' own names, Sphinx names (and ``hooks``) while parsing; note unknown names.

    Only docutils' own roles and directives are looked up, so a parse gives
    the same tree in a plain process and inside a Sphinx build, where the
    global lookups would find Sphinx's (and extensions') first.
    """
    original_role = roles.role
    original_directive = directives.directive

    def role(role_name, language_module, lineno, reporter):
        found = _docutils_role(role_name, language_module)
        if found is not None:
            return found, []
        if role_name not in SPHINX_ROLES and ":" not in role_name:
            unknown.append(("role", role_name, lineno))
        return sphinx_role, []

    def directive(directive_name, language_module, document):
        if directive_name in hooks:
            return hooks[directive_name], []
        found = _docutils_directive(directive_name, language_module)
        if found is not None:
            return found, []
        if directive_name not in SPHINX_DIRECTIVES | SPHINX_CODE_DIRECTIVES and ":" not in directive_name:
            unknown.append(("directive", directive_name, getattr(document, "current_line", 0) or 0))
        return SphinxDirective, []

    roles.role = role
    directives.directive = directive
    try:
        yield
    finally:
        roles.role = original_role
        directives.directive = original_directive


def _default_settings() -> frontend.Values:
    """docutils' defaults for the rST parser, on every docutils qdoc declares (0.18 on).

    ``get_default_settings`` came in docutils 0.19; 0.18 (Sphinx 5.3's
    toolchain, which QEMU still accepts) has only the ``OptionParser`` route,
    deprecated since.
    """
    if hasattr(frontend, "get_default_settings"):
        return frontend.get_default_settings(rst.Parser)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return frontend.OptionParser(components=(rst.Parser,)).get_default_values()


def _settings(**extra) -> frontend.Values:
    settings = _default_settings()
    settings.report_level = 5  # nothing printed: messages go to the observer
    settings.halt_level = 5  # never raise for bad input
    settings.warning_stream = False
    settings.file_insertion_enabled = False  # docutils' own include and raw never touch files
    settings.raw_enabled = False
    settings.character_level_inline_markup = False
    for key, value in extra.items():
        setattr(settings, key, value)
    return settings


def parse(
    text: str,
    path: str,
    hooks: dict[str, type[Directive]] | None = None,
    **settings,
) -> ParseResult:
    """Parse ``text`` (read from ``path``) into a doctree; never raises for bad rST.

    ``hooks`` replaces directives by name (the tree reader's ``include`` and
    ``hxtool-doc``).  Extra keyword arguments become docutils settings, which
    hooks can read through ``self.state.document.settings``; a hook reports
    through ``settings.qdoc_report(severity, code, message, path, line)``.
    """
    diagnostics: list[Diagnostic] = []

    def report(severity: str, code: str, message: str, where: str | None, line: int | None) -> None:
        diagnostics.append(Diagnostic(severity, code, message, Location(where or path, line or 0)))

    document = utils.new_document(path, _settings(qdoc_report=report, **settings))

    def observe(message: nodes.system_message) -> None:
        level = message["level"]
        text_ = message.children[0].astext() if message.children else message.astext()
        if level <= 1 and text_.startswith(_LOOKUP_CHATTER):
            return  # docutils trying English names before canonical ones: not about the input
        report(
            _SEVERITY.get(level, "error"),
            f"rst-docutils-{_LEVEL_NAME.get(level, 'severe')}",
            " ".join(text_.split()),
            message.get("source"),
            message.get("line"),
        )

    document.reporter.attach_observer(observe)
    if len(text) > MAX_RST_CHARS:
        report(
            "error", "input-too-large",
            f"more than {MAX_RST_CHARS // 1024} K characters of rST: too large for one page; not parsed", None, 0,
        )
        return ParseResult(document, diagnostics)
    text = without_huge_blocks(text, lambda line: report(
        "error", "rst-block-too-long",
        f"text block of more than {MAX_BLOCK} characters without a blank line: not parsed", None, line,
    ))
    document.settings.qdoc_long_runs = long_runs = LongRunBudget()
    text = long_runs.strip(text, lambda line: report("error", LONG_RUNS_CODE, LONG_RUNS_MESSAGE, None, line))
    unknown: list[tuple[str, str, int]] = []
    with _lenient_lookups(hooks or {}, unknown):
        try:
            rst.Parser(inliner=linear_inliner()).parse(text, document)
        except RecursionError as exc:
            report("error", depth.CODE, depth.MESSAGE, *depth.deepest_block(exc))
    for kind, name, lineno in dict.fromkeys(unknown):
        report("info", "rst-unknown-markup", f"unknown {kind} {name!r} (neither docutils nor Sphinx): kept as text", None, lineno)
    return ParseResult(document, diagnostics)


def without_huge_blocks(text: str, refuse: Callable[[int], None]) -> str:
    """``text`` with every block longer than :data:`MAX_BLOCK` emptied (line numbers kept)."""
    if len(text) <= MAX_BLOCK:
        return text
    lines = text.split("\n")
    start, size, emptied = 0, 0, False
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            size += len(line) + 1
            continue
        if size > MAX_BLOCK:
            refuse(start + 1)
            lines[start:number] = [""] * (number - start)
            emptied = True
        start, size = number + 1, 0
    return "\n".join(lines) if emptied else text


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` as docutils numbers them (tabs expanded)."""
    return statemachine.string2lines(text, 8, convert_whitespace=True)


def heading_line(title: nodes.title) -> int:
    """The 1-based line of a section title's text (docutils gives the underline's)."""
    line = title.line or 0
    return max(1, line - 1)


def walk_sections(node: nodes.Node, visit: Callable[[nodes.section, int], None], depth: int = 1) -> None:
    """Call ``visit(section, depth)`` for every section under ``node``, in document order."""
    for child in node.children:
        if isinstance(child, nodes.section):
            visit(child, depth)
            walk_sections(child, visit, depth + 1)
        elif isinstance(child, nodes.Element):
            walk_sections(child, visit, depth)
