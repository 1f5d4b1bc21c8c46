"""Which files of a folder qdoc reads: one walk for every command, and the names that document options.

Every command that takes a folder (``qdoc build``, ``lint``, ``diff``,
``history``) walks it the same way (:func:`tree_files`): sorted, the files of
a folder before those of its sub-folders, without hidden files and folders
(``.git``, ``.venv``) and without folders of generated files (``build``,
Sphinx's ``_build``, ``__pycache__``, ``node_modules``).  Built output inside
a tree is a copy of the docs made from that tree: reading it too would
report everything twice, and whoever wants it read can name it.

What a command keeps of that walk differs, on purpose:

- ``qdoc build`` keeps every file, models what it has a reader for, and lists
  every other file with the reason it was skipped, so that its summary
  accounts for the whole tree.
- ``qdoc lint``, ``diff`` and ``history`` are pointed at whole QEMU source
  trees and build folders, where a dozen files, known by name
  (:data:`TREE_NAMES`), document the command line among thousands that do
  not: they keep only those (:func:`documentation_files`).  A file named on
  their command line is read whatever its name.

A file of the walk that is a symbolic link to a file outside the source
root (``--root``, by default the folder walked) is not read: a tree is
data, and a link in it must not bring ``/etc/passwd`` or a file of the
user's home into a model or a report (:func:`outside_root`).  The commands
list it as skipped, with the reason, so nothing is dropped silently.

What is *linted* is decided once, here, for both commands: ``qdoc build``
lints, of the files it modelled, those :func:`documentation_files` names,
so its ``lint.txt`` is what ``qdoc lint`` says of the same tree.  The other
pages a build models (the rest of QEMU's manual, qemu-img's and the
monitor's pages, the QMP reference) are not what the checks are written
for: linted, they gave only false findings (a manual page "has no
options", qemu-img's commands "are not defined by qemu-options.hx").
"""

from __future__ import annotations

import os

from .source import SourceRoot

#: Folders left out of every walk, at any depth, besides hidden ones: build
#: output (QEMU's ``build``, Sphinx's ``_build``) and tool caches.
SKIPPED_DIRS = frozenset({"build", "_build", "__pycache__", "node_modules"})

#: Files of a QEMU source tree, docs build output or binary-output folder
#: that lint reads, by name, at any depth.  Other files (developer docs,
#: images...) carry no option documentation.
TREE_NAMES = frozenset(
    {
        "qemu-options.hx",
        "hmp-commands.hx",
        "hmp-commands-info.hx",
        "qemu-img-cmds.hx",
        "deprecated.rst",
        "removed-features.rst",
        "qemu-deprecated.texi",
        "qemu-doc.texi",  # the texinfo manual (<= 4.2): its own option text, 2.12's deprecation appendix
        "qemu-manpage.html",
        "qemu.1",
        "qemu-system.1",
        "help.txt",
        "query-command-line-options.json",
    }
)

#: What diff and history need: the system emulator's options and the lists.
OPTION_HISTORY_NAMES = TREE_NAMES - {"hmp-commands.hx", "hmp-commands-info.hx", "qemu-img-cmds.hx"}


def _hidden(name: str) -> bool:
    return name.startswith(".")


def tree_files(root: str) -> list[str]:
    """Every file qdoc considers in the tree at ``root``, in a stable order; a file is a tree of one."""
    if os.path.isfile(root):
        return [root]
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and d not in SKIPPED_DIRS)
        found.extend(os.path.join(directory, name) for name in sorted(files) if not _hidden(name))
    return found


def walked(root: str, path: str) -> bool:
    """Whether :func:`tree_files` of ``root`` goes through ``path`` (a folder inside it, not hidden or skipped)."""
    if not SourceRoot(root).contains(path):
        return False
    parts = os.path.relpath(os.path.realpath(path), os.path.realpath(root)).split(os.sep)
    return not any(_hidden(p) or p in SKIPPED_DIRS for p in parts if p != ".")


def outside_root(path: str, root) -> str | None:
    """Why ``path``, found by walking a tree, is not read: its real path leaves ``root``; None when it may be read.

    ``root`` is a :class:`qdoc.source.SourceRoot`.  Symbolic links are
    resolved first, so a link inside the tree that points outside is outside.
    """
    if root.contains(path):
        return None
    return (f"a symbolic link to {os.path.realpath(path)}, outside the source root {root}; "
            "not read (pass --root to read it)")


def named_files(root: str, names: frozenset[str] = TREE_NAMES) -> list[str]:
    """The files of the tree at ``root`` called by one of ``names``, in the order of :func:`tree_files`."""
    return [path for path in tree_files(root) if os.path.basename(path) in names]


def documentation_files(path: str, names: frozenset[str] = TREE_NAMES) -> list[str]:
    """The files ``qdoc lint PATH`` reads, and the files ``qdoc build PATH`` lints.

    A folder gives its files called by one of ``names`` (:func:`named_files`);
    anything else was named by the user and is read whatever its name.
    """
    return named_files(path, names) if os.path.isdir(path) else [path]
