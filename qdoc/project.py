"""What qdoc reads for lint, diff and history: the sources of each release, and the releases in order.

``qdoc lint PATH...`` takes files of any format, QEMU source trees, docs
build folders and binary outputs.  Each file becomes a :class:`SourceFile`
(its text is kept for checks that must point at exact lines, such as
leaked texinfo markup), files are grouped by release, and releases are
ordered by version so checks can compare a release with the one before.
Which files of a tree are read is :mod:`qdoc.discovery`'s to say.  What a
file includes is read from inside its source root only: the ``--root`` of
the run, else the path named on the command line (a tree for every file
found in it, a file its own folder).
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from functools import cached_property

from . import readers, versions
from .discovery import TREE_NAMES, documentation_files, outside_root
from .loader import load_with_text, release_from_path
from .model import Diagnostic, Option, OptionSet, Record, distinct
from .source import InputError, SourceRoot

DEFINITION_FORMATS = ("hx",)
BINARY_FORMATS = ("help", "qmp")
_USAGE_RE = re.compile(r"usage: qemu-system-([\w-]+)")


@dataclass
class SourceFile:
    """One input file: its path, text and what its reader made of it.

    ``named`` is the path on the command line it was found under (the file
    itself, or the tree holding it): files found under one path are one
    release's outputs unless they say otherwise (:func:`group_releases`).
    """

    path: str
    text: str
    option_set: OptionSet
    named: str | None = None

    @property
    def format(self) -> str:
        return self.option_set.source.format


@dataclass
class ReleaseSources:
    """Everything read for one release (or for sources that name no release)."""

    release: str | None
    files: list[SourceFile] = field(default_factory=list)

    def sets(self, formats: tuple[str, ...] | None = None, program: str | None = None) -> list[OptionSet]:
        return [
            f.option_set
            for f in self.files
            if (formats is None or f.format in formats) and (program is None or f.option_set.program == program)
        ]

    @cached_property
    def definitions(self) -> list[OptionSet]:
        """The .hx option sets: what the code defines (DEF lines, HMP tables)."""
        return self.sets(DEFINITION_FORMATS)

    @cached_property
    def system_definitions(self) -> OptionSet | None:
        """The qemu-options.hx set, when read."""
        found = self.sets(DEFINITION_FORMATS, "qemu-system")
        return found[0] if found else None

    @cached_property
    def documents(self) -> list[OptionSet]:
        """Built documentation (HTML, man, texinfo, OCR...) with options of its own in it.

        A texinfo manual of a source tree (``qemu-doc.texi``) includes what
        QEMU's build generated from the .hx, and those options carry the
        .hx's locations: they are the .hx read a second time, not a second
        source, so they are left out here (compared with the .hx they would
        only ever disagree where two readings of one text do).  The
        manual's own options (``-M`` of the SPARC chapter) stay.
        """
        read = {os.path.normpath(s.source.path) for s in self.definitions}
        found = []
        for document in self.sets():
            if document.source.format in DEFINITION_FORMATS + BINARY_FORMATS:
                continue
            own = [o for o in document.options if not _documented_in(o, read)]
            if len(own) != len(document.options):
                document = dataclasses.replace(document, options=own)
            if own:
                found.append(document)
        return found

    @cached_property
    def system_documents(self) -> list[OptionSet]:
        """The built documentation of the system emulator: what lint holds against its .hx, history reads without one.

        A qemu-img or qemu-storage-daemon page read alongside it documents
        another program's command line, which says nothing of the emulator's.
        """
        return [document for document in self.documents if document.program == "qemu-system"]

    @cached_property
    def binaries(self) -> list[OptionSet]:
        return self.sets(BINARY_FORMATS)

    @cached_property
    def deprecation_records(self) -> list[Record]:
        return [r for s in self.sets() for r in s.deprecations]

    @cached_property
    def removal_records(self) -> list[Record]:
        return [r for s in self.sets() for r in s.removals]

    @property
    def has_deprecation_list(self) -> bool:
        return any(s.deprecations for s in self.sets()) or any(
            os.path.basename(f.path) in ("deprecated.rst", "qemu-deprecated.texi") for f in self.files
        )

    @property
    def has_removal_list(self) -> bool:
        return any(os.path.basename(f.path) == "removed-features.rst" for f in self.files)

    def defined(self, name: str) -> Option | None:
        definitions = self.system_definitions
        return definitions.option(name) if definitions else None


def _documented_in(option: Option, paths: set[str]) -> bool:
    """Whether ``option``'s documentation item is in one of the files ``paths``."""
    where = option.locations.get("documentation")
    return where is not None and os.path.normpath(where.path) in paths


def _by_release(files: list[SourceFile]) -> list[ReleaseSources]:
    groups: dict[str | None, ReleaseSources] = {}
    for source in files:
        key = source.option_set.release
        groups.setdefault(key, ReleaseSources(key)).files.append(source)
    return sorted(groups.values(), key=lambda r: versions.sort_key(r.release))


def option_set_of(release: ReleaseSources) -> OptionSet | None:
    """The one set that stands for a release when releases are compared.

    Its .hx when the tree has one (what the release defines), else its first
    built document: history, diff and the build's release pages all compare
    releases through this choice, so they agree on what a release contains.
    """
    if release.system_definitions is not None:
        return release.system_definitions
    documents = release.system_documents
    return documents[0] if documents else None


@dataclass
class Project:
    """The releases read, in version order.

    ``input_errors`` are the errors of reading them (files ``--keep-going``
    went past, problems of files read: lint reports each as QD000), and
    ``unread`` the paths of the files not read at all.  ``notes`` say how
    files were grouped into releases (:func:`group_releases`), for the user.
    """

    releases: list[ReleaseSources]
    input_errors: list[Diagnostic] = field(default_factory=list)
    unread: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_files(cls, files: list[SourceFile]) -> Project:
        """The files grouped by release, releases in version order so checks can compare neighbours."""
        return cls(_by_release(files))

    def previous(self, release: ReleaseSources) -> ReleaseSources | None:
        index = self.releases.index(release)
        return self.releases[index - 1] if index > 0 else None

    def later(self, release: ReleaseSources) -> list[ReleaseSources]:
        return self.releases[self.releases.index(release) + 1 :]


_POINT_RELEASE_RE = re.compile(r"^\d+\.\d+\.\d+$")


def _stable_point_release(release: str | None) -> tuple[int, int] | None:
    """``7.2.22`` -> (7, 2): a stable release of the 7.2 series; None for ``7.2.0``, ``4.2.50`` (development) or no version."""
    if not release or not _POINT_RELEASE_RE.match(release):
        return None
    major, minor, patch = versions.parse(release)
    return (major, minor) if 0 < patch < 50 else None


def _listed(files: list[SourceFile]) -> str:
    """``binary/help.txt``: the files as found under the path named, else as given."""
    def shown(source: SourceFile) -> str:
        named = source.named
        if named and named != source.path and os.path.isdir(named):
            return os.path.relpath(source.path, named)
        return source.path

    names = [shown(f) for f in files]
    if len(names) > _LISTED:
        names = names[: _LISTED - 1] + [f"{len(names) - _LISTED + 1} more"]
    return ", ".join(names)


#: How many files a note names before it counts the rest.
_LISTED = 5


def _where(files: list[SourceFile]) -> str:
    """The paths named on the command line these files were found under."""
    return ", ".join(dict.fromkeys(f.named or f.path for f in files))


def group_releases(project: Project) -> None:
    """Group the outputs of one release with its sources, when what they say of their release allows only one reading.

    A distribution's outputs (Debian's ``debian-7.2``: the ``-help`` of
    QEMU 7.2.22, an HTML manual, man pages and a QMP reply that name no
    release) document the release its sources are, so lint compares them
    with that tree, as ``--release 7.2.0`` would have it:

    1. files that name no release, found under the same path on the command
       line as files that all name one, are of that release (the pages
       beside Debian's ``help.txt`` are 7.2.22);
    2. a stable point release (``7.2.22``) that brings no sources of its own
       (no .hx) is linted with the one feature release of its series whose
       sources were read (``7.2.0``): a stable release fixes bugs, it
       documents the same options;
    3. files that still name no release are of the only release read.

    Each move is a note on the project (:attr:`Project.notes`), which ``qdoc
    lint`` prints, so the user sees how the files were grouped.  The option
    sets moved take the release of their group, as with ``--release``.
    """
    files = [f for release in project.releases for f in release.files]
    notes = _beside_their_release(files)
    notes += _stable_with_feature_release(files)
    notes += _with_the_only_release(files)
    project.releases = _by_release(files)
    project.notes.extend(notes)


def _beside_their_release(files: list[SourceFile]) -> list[str]:
    """Rule 1 of :func:`group_releases`: unversioned files take the one release of the files found with them."""
    notes = []
    by_path: dict[str, list[SourceFile]] = {}
    for source in files:
        if source.named is not None:
            by_path.setdefault(source.named, []).append(source)
    for named, found in by_path.items():
        versioned = [f for f in found if f.option_set.release is not None]
        unversioned = [f for f in found if f.option_set.release is None]
        named_releases = {f.option_set.release for f in versioned}
        if len(named_releases) == 1 and unversioned:
            (release,) = named_releases
            for source in unversioned:
                source.option_set.release = release
            notes.append(f"{named}: {_listed(versioned)} says {release}; {_listed(unversioned)} beside it, "
                         f"which name no release, are read as {release}")
    return notes


def _stable_with_feature_release(files: list[SourceFile]) -> list[str]:
    """Rule 2 of :func:`group_releases`: a stable point release without an .hx joins its series' one source tree."""
    notes = []
    releases = _by_release(files)
    for group in releases:
        series = _stable_point_release(group.release)
        if series is None or group.definitions:
            continue
        sources = [other for other in releases if other is not group and other.definitions
                   and (versions.parse(other.release) or ())[:2] == series]
        if len(sources) == 1:
            target = sources[0].release
            for source in group.files:
                source.option_set.release = target
            notes.append(f"{_where(group.files)}: {group.release}, a stable release of {series[0]}.{series[1]} with no "
                         f".hx of its own, is linted with the sources of {target} (a stable release documents the "
                         f"options of its feature release; --release RELEASE sets another)")
    return notes


def _with_the_only_release(files: list[SourceFile]) -> list[str]:
    """Rule 3 of :func:`group_releases`: files still without a release are of the only release read."""
    versioned = {f.option_set.release for f in files} - {None}
    unversioned = [f for f in files if f.option_set.release is None]
    if not unversioned or len(versioned) != 1:
        return []
    (release,) = versioned
    for source in unversioned:
        source.option_set.release = release
    return [f"{_listed(unversioned)}: name no release; linted as {release}, the only release read "
            f"(--release RELEASE sets another)"]


@dataclass
class Skipped:
    """A file not read: ``reason`` says why; ``error`` when it could not be read (``--keep-going`` went past it)."""

    path: str
    reason: str
    error: Diagnostic | None = None


def load_file(path: str, release: str | None = None, fmt: str | None = None,
              root: SourceRoot | str | None = None) -> SourceFile:
    """Read one file with the reader ``fmt`` names, else the one its name or content calls for.

    ``qdoc build`` reads every file of its tree with this too (``root``: the
    tree), so that a file both commands read is the same model in both.
    """
    text, option_set = load_with_text(path, fmt, release=release_from_path(path) or release, root=root)
    if option_set.release is None and release:
        option_set.release = release
    if option_set.source.format == "help" and option_set.target is None:
        m = _USAGE_RE.search(text[:2000])
        if m:
            option_set.target = m.group(1)
    return SourceFile(path, text, option_set)


def collect(
    paths: list[str], release: str | None = None, names: frozenset[str] = TREE_NAMES,
    root: str | None = None, keep_going: bool = False,
) -> tuple[Project, list[SourceFile], list[Skipped]]:
    """Read ``paths`` (files or trees) into a :class:`Project`.

    Files named explicitly must be readable (errors propagate); files found
    in a tree whose format has no reader in this version, or that link to
    a file outside the source root (:func:`~qdoc.discovery.outside_root`),
    are skipped and listed.  With ``keep_going`` (``--keep-going``) a file
    that cannot be read at all is skipped too, its error kept
    (:attr:`Skipped.error`), and the others are read.  ``root`` is the source root of every file (``--root``); by
    default each path named is its own (a file: its folder).  Returns the
    project, every file read, and the skipped files.
    """
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for path in paths:
        found_in_tree = os.path.isdir(path)
        source_root = SourceRoot.given(root, path)
        for found in documentation_files(path, names):
            refused = outside_root(found, source_root) if found_in_tree else None
            if refused:
                skipped.append(Skipped(found, refused))
                continue
            try:
                source = load_file(found, release, root=source_root)
                source.named = path
                files.append(source)
            except readers.UnsupportedFormat as exc:
                if not found_in_tree:
                    raise
                skipped.append(Skipped(found, str(exc)))
            except InputError as exc:
                if not keep_going:
                    raise
                skipped.append(Skipped(found, exc.diagnostic.message, exc.diagnostic))
    project = Project.from_files(files)
    project.input_errors = input_errors(files, skipped)
    project.unread = frozenset(s.path for s in skipped if s.error is not None)
    return project, files, skipped


def input_errors(files: list[SourceFile], skipped: list[Skipped] = ()) -> list[Diagnostic]:
    """The errors of reading ``files`` (and of the ``skipped`` files not read), each distinct one once, in the order read.

    A file read on its own and ``@include``d by another (or included by
    two files read) reports the problems of its text at every reading:
    ``qdoc lint``, ``diff`` and ``history`` report each problem once.
    """
    unread = (s.error for s in skipped if s.error is not None)
    return distinct([*unread, *(d for f in files for d in f.option_set.errors)])
