"""QEMU's option pages (``invocation.rst``, ``qemu-manpage.rst``) with what they pull in.

These pages hold almost no option text themselves: ``.. hxtool-doc::
qemu-options.hx`` inserts the documentation blocks of the .hx file (QEMU's
``docs/sphinx/hxtool.py`` does this at build time) and ``.. include::`` adds
``.rst.inc`` fragments (key bindings, the device URL syntax).  Reading a page
resolves both, so the model lists the options in the order and under the
sections a reader of the built page sees: the page's own headings, then the
.hx file's headings and options where the directive stands, then what
follows.

Each .hx file is read as what it is, exactly as when it is read on its own:
``qemu-img-cmds.hx`` (``docs/tools/qemu-img.rst``) documents qemu-img's
commands, ``hmp-commands.hx`` and ``hmp-commands-info.hx``
(``docs/system/monitor.rst``) the monitor's.  The page takes the program of
what it includes, so checks that hold documentation against
``qemu-options.hx`` (QD102) only ever see pages about the system emulator.

Included files are read through a :class:`~qdoc.readers.rst.resolve.SourceTree`
confined to the run's source root (by default the page's folder: a QEMU page
needs ``--root`` at the tree's top to read its .hx) and charged to the run's
input budget; an included file that is missing is a warning (the corpus keeps
only some trees whole), an .hx that is missing, a file outside the root or
unreadable an error.  An included rST file goes through the same guards as
the page: the block size (:data:`~qdoc.readers.rst.parsing.MAX_BLOCK`),
the page size, its text counted in
(:data:`~qdoc.readers.rst.parsing.MAX_RST_CHARS`), and the page's budget
for long unbroken runs (:class:`~qdoc.readers.rst.inliner.LongRunBudget`);
an .hx named by several ``hxtool-doc`` directives is read and modelled once
per run (each directive is still charged to the budget, which bounds their
number).
"""

from __future__ import annotations

import os

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from ...model import Diagnostic, Location, Option, OptionSet, Section, Source
from ...source import SourceRoot
from ..hx import read_hx
from .parsing import without_huge_blocks
from .parsing import MAX_BLOCK, MAX_RST_CHARS, heading_line, parse, source_lines
from .inliner import LONG_RUNS_CODE, LONG_RUNS_MESSAGE, page_long_runs
from .resolve import ResolveError, SourceTree

#: An include chain longer than this is taken to be a loop.
MAX_INCLUDES = 64

_SEVERITY = {"rst-missing-file": "warning"}


class hxtool_doc(nodes.General, nodes.Element):
    """Where a ``.. hxtool-doc::`` directive stands; ``file`` is its argument."""


class HxtoolDocDirective(Directive):
    required_arguments = 1
    final_argument_whitespace = False

    def run(self) -> list[nodes.Node]:
        node = hxtool_doc(file=self.arguments[0])
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return [node]


class IncludeDirective(Directive):
    """``.. include::`` read through the page's source tree, never from anywhere else."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"literal": directives.flag, "code": directives.unchanged, "parser": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        source, line = self.state_machine.get_source_and_line(self.lineno)
        target = directives.path(self.arguments[0])
        settings.qdoc_includes[0] += 1
        if settings.qdoc_includes[0] > MAX_INCLUDES:
            settings.qdoc_report("error", "rst-include-loop", f"more than {MAX_INCLUDES} includes: {target!r} not read (an include loop?)", source, line)
            return []
        if target.startswith("<") and target.endswith(">"):
            settings.qdoc_report("warning", "rst-include-standard", f"docutils standard include {target} is not read", source, line)
            return []
        try:
            path, text = settings.qdoc_tree.read(target, relative_to=source)
        except ResolveError as exc:
            settings.qdoc_report(_SEVERITY.get(exc.code, "error"), exc.code, _message("include", exc), source, line)
            return []
        if "literal" in self.options or "code" in self.options:
            block = nodes.literal_block(text, text)
            block.source, block.line = path, 1
            return [block]
        settings.qdoc_rst_chars[0] += len(text)
        if settings.qdoc_rst_chars[0] > MAX_RST_CHARS:  # the page's own limit, included text counted in
            settings.qdoc_report(
                "error", "input-too-large",
                f"include: {target!r} would make the page more than {MAX_RST_CHARS // 1024} K characters of rST; not read",
                source, line,
            )
            return []
        text = without_huge_blocks(text, lambda block_line: settings.qdoc_report(
            "error", "rst-block-too-long",
            f"text block of more than {MAX_BLOCK} characters without a blank line: not parsed", path, block_line,
        ))
        text = page_long_runs(self.state.document).strip(text, lambda block_line: settings.qdoc_report(
            "error", LONG_RUNS_CODE, LONG_RUNS_MESSAGE, path, block_line,
        ))
        self.state_machine.insert_input(source_lines(text), path)
        return []


def _message(directive: str, exc: ResolveError) -> str:
    """What a refusal says at the directive's line (the input budget's words are the same for every include)."""
    return str(exc) if exc.code == "input-budget" else f"{directive}: {exc}"


def page_program(programs: list[str]) -> str:
    """The program a page documents: that of the first .hx file it includes.

    ``monitor.rst`` includes ``hmp-commands.hx`` then ``hmp-commands-info.hx``:
    the page is the monitor's (``hmp``), its ``info`` commands with it.  A
    page whose .hx files could not be read is the system emulator's, every
    reader's default.
    """
    return programs[0] if programs else "qemu-system"


class _IncludedOptions:
    """The .hx files a page has included so far: their programs, and the option names of each.

    An option is documented again only when the same program's documentation
    already named it: ``balloon`` (a monitor command, ``hmp-commands.hx``)
    and ``info balloon`` (``hmp-commands-info.hx``, whose reader calls it
    ``balloon`` of program ``hmp-info``) are two commands.
    """

    def __init__(self) -> None:
        self.programs: list[str] = []
        self.names: dict[str, set[str]] = {}

    def add(self, program: str, names: list[str]) -> list[str]:
        """Record one .hx file's option names; returns those its program's earlier files already named."""
        self.programs.append(program)
        seen = self.names.setdefault(program, set())
        again = [name for name in names if name in seen]
        seen.update(names)
        return again


def read_tree(text: str, path: str, tree: SourceTree | None, release: str | None, program: str | None) -> OptionSet:
    """Read an option page and everything it includes into one option set."""
    tree = tree or SourceTree(SourceRoot(os.path.dirname(path) or "."))
    result = parse(
        text, path,
        hooks={"include": IncludeDirective, "hxtool-doc": HxtoolDocDirective},
        qdoc_tree=tree, qdoc_includes=[0], qdoc_rst_chars=[len(text)],
    )
    option_set = OptionSet(program=program or "qemu-system", source=Source(format="rst", path=path), release=release)
    diagnostics: list[Diagnostic] = list(result.diagnostics)
    included = _IncludedOptions()
    hx_files = 0
    for node in result.document.findall(lambda n: isinstance(n, (nodes.section, hxtool_doc))):
        if isinstance(node, nodes.section):
            option_set.sections.append(_section(node, path))
            continue
        hx_files += 1
        _insert_hx(option_set, node, tree, release, program, included, diagnostics, path)
    if not hx_files:
        diagnostics.append(Diagnostic("warning", "rst-no-hxtool-doc", "the page has no hxtool-doc directive: no options", Location(path, 1)))
    if program is None:
        option_set.program = page_program(included.programs)
    option_set.diagnostics = diagnostics
    return option_set


def _section(section: nodes.section, page: str) -> Section:
    title = section[0]
    body = []
    for child in section.children[1:]:
        if isinstance(child, (nodes.section, hxtool_doc, nodes.system_message)):
            continue  # subsections and the .hx file's options are read on their own
        body.append(child.rawsource.strip() if child.rawsource else child.astext())
    where = Location(title.source or section.source or page, heading_line(title))
    return Section(title=" ".join(title.astext().split()), location=where, description="\n\n".join(b for b in body if b))


def _insert_hx(
    option_set: OptionSet, node: hxtool_doc, tree: SourceTree, release, program: str | None,
    included: _IncludedOptions, diagnostics, page: str,
) -> None:
    """Read the .hx file a directive names (as its own program's, unless the caller said) into the page."""
    where = Location(node.source or page, node.line or 0)
    try:
        hx_path, hx_text = tree.read(node["file"])
    except ResolveError as exc:
        severity = "error"  # without the .hx file the page's options cannot be read
        diagnostics.append(Diagnostic(severity, exc.code, _message("hxtool-doc", exc), where))
        return
    key = ("rst-hxtool-doc", os.path.realpath(hx_path), hx_path, release, program)
    hx_set = tree.run.memo.get(key)
    if hx_set is None:  # a model is a value once read: directives naming the same file share it
        hx_set = tree.run.memo[key] = read_hx(hx_text, hx_path, release=release, program=program)
    diagnostics.extend(hx_set.diagnostics)
    option_set.sections.extend(hx_set.sections)
    options = sorted(hx_set.options, key=_reading_position)
    for name in included.add(hx_set.program, [o.name for o in options]):
        diagnostics.append(Diagnostic("warning", "rst-duplicate-option", f"{name} is documented again by {hx_path}", where))
    option_set.options.extend(options)


def _reading_position(option: Option) -> int:
    """Where a reader meets the option: its documentation, else (undocumented) its DEF."""
    found = option.locations.get("documentation") or option.locations.get("definition")
    return found.line if found else 0
