"""Where qdoc writes, and how: outputs that lose nothing and are never half-written.

Every command writes through this module, so that one set of rules holds:

- **Nothing read is written over.**  A file given to ``-o`` that is one of
  the command's inputs (the same file by :func:`os.path.samefile`, so also
  through a symlink or a hard link) is refused before anything is written.
- **Nothing qdoc did not write is deleted.**  A folder qdoc writes carries a
  manifest, :data:`MARKER` (``.qdoc-output``), listing what qdoc put there.
  ``qdoc build`` replaces its folder whole, so it writes only to a new or
  empty folder or one whose every entry the manifest lists, never to a
  folder that holds its sources, lies inside them (the next build would read
  this one's output) or holds the working directory.  ``qdoc convert`` and
  ``qdoc man`` write named files into a folder (:class:`FilesFolder`): they
  replace only files they wrote before and leave everything else alone.
- **Streams are streams.**  ``-`` is standard output; a character device,
  FIFO or socket (``/dev/null``, ``/dev/stdout``, a pipe) is opened and
  written, never replaced by a regular file.
- **Permissions are the user's.**  A file written over keeps its mode (and,
  as root, its owner); new files and folders get the umask's mode.  A
  symlinked output is written through: the link stays, its target changes.
- **All or nothing.**  Text goes to ``.qdoc-tmp-PID-*.tmp`` beside its target
  and is renamed over it once complete; a folder is assembled in
  ``.qdoc-build-PID-*`` beside it and swapped in.  They are removed on every
  exit path (the CLI turns SIGTERM and SIGINT into exceptions so ``finally``
  blocks run), and what a killed process (SIGKILL) left is removed by the
  next run that writes there, once that process is gone.

Refusals raise :class:`UnsafeOutput`; the CLI prints its message and exits 2.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from typing import Iterable, Iterator

from .interrupts import raise_if_interrupted

#: The manifest a folder qdoc wrote carries: JSON, the entries qdoc put there.
MARKER = ".qdoc-output"
_MANIFEST_LIMIT = 32 * 1024 * 1024


class UnsafeOutput(Exception):
    """An output qdoc will not write, because writing it could lose data; the message says what to do."""


# -- leftovers of killed runs -------------------------------------------------

#: Temporary files and folders: ``.qdoc-<kind>-<pid>-<token>[.tmp]``.
_LEFTOVER_RE = re.compile(r"^\.qdoc-[a-z]+-(\d+)-[0-9a-z_]+(?:\.tmp)?$")
_swept: set[str] = set()


def _temporary_name(directory: str, kind: str, suffix: str = "") -> str:
    return os.path.join(directory, f".qdoc-{kind}-{os.getpid()}-{os.urandom(6).hex()}{suffix}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_leftovers(directory: str) -> None:
    """Remove the temporary files and folders that killed qdoc processes left in ``directory``.

    Only names qdoc makes (``.qdoc-tmp-PID-...``) whose process is gone;
    each folder is swept once per run.
    """
    key = os.path.realpath(directory)
    if key in _swept:
        return
    _swept.add(key)
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        m = _LEFTOVER_RE.match(name)
        if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        path = os.path.join(directory, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            _unlink_quietly(path)


@contextmanager
def scratch_folder(kind: str) -> Iterator[str]:
    """A private working folder in the system's temporary directory (``qdoc man``'s Sphinx project).

    Named as qdoc names its temporary files (``.qdoc-KIND-PID-...``) so that
    what a killed run (SIGKILL) left there is removed by the next run, as
    beside an output; removed on every other exit path.
    """
    parent = tempfile.gettempdir()
    remove_leftovers(parent)
    path = _temporary_name(parent, kind)
    os.mkdir(path, 0o700)  # private: it holds links into the user's tree
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# -- what a command read ------------------------------------------------------


def paths_read(*records) -> Iterator[str]:
    """Every file the models ``records`` were read from: their sources and each fact's location.

    A texinfo manual's facts point at the files it ``@include``d, an .hx
    page's at the .hx, so writing over any of them is refused too.
    Generated lazily: it is walked only when an output already exists.
    """
    from .model import Location, Source

    seen: set[str] = set()
    stack = list(records)
    while stack:
        value = stack.pop()
        if isinstance(value, (Location, Source)):
            if value.path not in seen:
                seen.add(value.path)
                yield value.path
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            # Records name the fields that hold records (``_nested``); the rest is plain data.
            names = getattr(value, "_nested", None)
            names = (*names, "locations") if names is not None else [f.name for f in dataclasses.fields(value)]
            stack.extend(getattr(value, name, None) for name in names)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _input_at(target: str, inputs: Iterable[str]) -> str | None:
    """The input that is the same file as ``target`` (through links), if any."""
    wanted = _identity(target)
    if wanted is None:
        return None
    seen = set()
    for path in inputs:
        if path in seen:
            continue
        seen.add(path)
        if _identity(path) == wanted:
            return path
    return None


def _contains(folder: str, path: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it, symlinks resolved (and bind mounts: compared by inode)."""
    wanted = _identity(folder)
    if wanted is None:
        return False
    current = os.path.realpath(path)
    while True:
        if _identity(current) == wanted:
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


# -- single files ---------------------------------------------------------------


def is_stream(path: str) -> bool:
    """``-``, or an existing character device, FIFO or socket: written to, never replaced."""
    if path == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def check_file(path: str, inputs: Iterable[str] = ()) -> None:
    """Refuse (:class:`UnsafeOutput`) an output file that is a folder, a block device or one of ``inputs``."""
    if is_stream(path):
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # a new file (or a dangling link, written through): it cannot have been read
    except OSError as exc:
        raise UnsafeOutput(f"{path}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UnsafeOutput(f"{path}: is a folder; give -o a file name (or - for standard output)")
    if not stat.S_ISREG(mode):
        raise UnsafeOutput(f"{path}: not a regular file, a character device or a FIFO; nothing written")
    source = _input_at(path, inputs)
    if source is not None:
        same = "" if os.path.abspath(source) == os.path.abspath(path) else f" (the same file as {source})"
        raise UnsafeOutput(f"{path}: is an input of this command{same}; writing the output there would destroy it: "
                           "choose another -o (nothing written)")


def write_file(path: str | os.PathLike, text: str, inputs: Iterable[str] = ()) -> None:
    """Write ``text`` (UTF-8) to ``path`` by the rules above: ``-`` and devices as streams, files replaced whole.

    ``inputs`` are the files the command read (paths; may be lazy): writing
    over one of them is refused.
    """
    target = os.fspath(path)
    check_file(target, inputs)
    raise_if_interrupted()
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif is_stream(target):
        _write_stream(target, text.encode("utf-8"))
    else:
        replace_file(target, text.encode("utf-8"))


def _write_stream(path: str, data: bytes) -> None:
    if stat.S_ISSOCK(os.stat(path).st_mode):
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(path)
            connection.sendall(data)
        return
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)  # no O_CREAT: a device that vanished is not made a file
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def replace_file(path: str, data: bytes, follow_link: bool = True) -> None:
    """Put ``data`` at ``path`` in one rename; the file's mode (and, as root, owner) is kept.

    A symlink at ``path`` is written through, or with ``follow_link=False``
    replaced (files inside an output folder: a link there is not the user's
    ``-o``).  No checks: :func:`write_file` is the door for command outputs;
    this is for files inside a folder qdoc is assembling.
    """
    raise_if_interrupted()
    target = os.path.realpath(path) if follow_link and os.path.islink(path) else os.path.abspath(path)
    directory = os.path.dirname(target)
    os.makedirs(directory, exist_ok=True)  # mode 0o777 less the umask
    remove_leftovers(directory)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    temporary = _temporary_name(directory, "tmp", ".tmp")
    try:
        # 0o666 less the umask, as a new file of any program; mkstemp would give 0600.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        with os.fdopen(fd, "wb") as handle:
            if old is not None:
                _keep_owner_and_mode(handle.fileno(), old)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        raise_if_interrupted()
        os.replace(temporary, target)
    except BaseException:
        _unlink_quietly(temporary)
        raise


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    if os.geteuid() == 0:  # the new file is root's: give it back to the old one's owner
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except OSError:
            pass
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


# -- folders ----------------------------------------------------------------------


def _entries(folder: str) -> set[str]:
    """Everything in ``folder``, relative, ``/``-separated; folders end with ``/``; links are not followed."""
    found = set()
    for directory, dirs, files in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in dirs:
            link = os.path.islink(os.path.join(directory, name))
            found.add(prefix + name + ("" if link else "/"))
        found.update(prefix + name for name in files)
    found.discard(MARKER)
    return found


def read_manifest(folder: str, command: str, shown: str | None = None) -> set[str] | None:
    """The entries the manifest of ``folder`` lists; None if it has none (or one qdoc cannot read).

    A folder belongs to the command that wrote it: one written by another
    (``qdoc man -o`` a build's folder) is refused (:class:`UnsafeOutput`), so
    that neither deletes nor takes over the other's files.
    """
    marker = os.path.join(folder, MARKER)
    try:
        st = os.lstat(marker)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MANIFEST_LIMIT:
            return None
        with open(marker, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("qdoc_output") != 1 or not isinstance(data.get("entries"), list):
        return None
    if data.get("written_by") != f"qdoc {command}":
        raise UnsafeOutput(f"{shown or folder}: written by {data.get('written_by')!s:.40}, not by qdoc {command}; "
                           "give -o another folder (nothing written)")
    return {e for e in data["entries"] if isinstance(e, str)}


def _manifest_text(command: str, entries: Iterable[str]) -> str:
    return json.dumps(
        {"qdoc_output": 1, "written_by": f"qdoc {command}", "entries": sorted(entries)}, indent=1
    ) + "\n"


def _listing(paths: list[str], folder: str) -> str:
    shown = ", ".join(os.path.join(folder, p.rstrip("/")) for p in sorted(paths)[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _folder_target(path: str, command: str) -> str:
    """The real folder behind ``-o path`` (a symlinked folder is written through); refuses non-folders."""
    if path == "-" or is_stream(path):
        raise UnsafeOutput(f"{path}: qdoc {command} writes a folder; give -o a folder")
    if os.path.lexists(path) and not os.path.isdir(path):
        raise UnsafeOutput(f"{path}: exists and is not a folder; give -o a folder (nothing written)")
    return os.path.realpath(path)


class ReplacedFolder:
    """An output folder replaced whole by each run (``qdoc build``): it must be qdoc's to replace.

    Created before anything is read, so a refusal comes at once.  The
    folder is new, empty, or carries a manifest listing every entry in it
    (a file the user added since is reported, never deleted).  It must not
    be or contain a source, lie inside one (the next run would read this
    run's output), or contain the working directory.
    """

    def __init__(self, path: str, *, sources: Iterable[str], command: str = "build"):
        self.path = path
        self.command = command
        self.real = _folder_target(path, command)
        for source in sources:
            if _contains(self.real, source):
                what = "is" if _identity(self.real) == _identity(source) else "contains"
                raise UnsafeOutput(f"{path}: {what} the source {source}; qdoc {command} replaces its output "
                                   "folder whole, so give -o a folder outside the sources (nothing written)")
            if os.path.isdir(source) and _contains(source, self.real):
                raise UnsafeOutput(f"{path}: is inside the source {source}, so the next qdoc {command} would read "
                                   "this one's output: give -o a folder outside it (nothing written)")
        if _contains(self.real, os.getcwd()):
            raise UnsafeOutput(f"{path}: contains the current directory; qdoc {command} replaces its output folder "
                               "whole: give -o a folder beside or below it (nothing written)")
        self._check_ours()

    def _check_ours(self) -> None:
        if not os.path.isdir(self.real):
            return
        found = _entries(self.real)
        manifest = read_manifest(self.real, self.command, self.path)
        if manifest is None:
            if found or os.path.lexists(os.path.join(self.real, MARKER)):
                raise UnsafeOutput(
                    f"{self.path}: not empty and not written by qdoc (no readable {MARKER}); qdoc {self.command} "
                    "replaces its output folder whole, so it writes only to a new or empty folder or one it "
                    "wrote before: give -o another folder, or empty this one yourself (nothing written)"
                )
            return
        unknown = sorted(found - manifest)
        if unknown:
            raise UnsafeOutput(
                f"{_listing(unknown, self.path)}: not written by qdoc (not in {os.path.join(self.path, MARKER)}); "
                f"qdoc {self.command} replaces {self.path} whole and would delete {'it' if len(unknown) == 1 else 'them'}: "
                f"move {'it' if len(unknown) == 1 else 'them'} out of {self.path} first (nothing written)"
            )

    @contextmanager
    def staging(self) -> Iterator[str]:
        """A new folder beside the output to assemble the run's files in; removed unless committed."""
        parent = os.path.dirname(self.real)
        os.makedirs(parent, exist_ok=True)
        remove_leftovers(parent)
        staging = _temporary_name(parent, self.command)
        try:
            os.mkdir(staging, 0o777)  # the umask's mode, where mkdtemp gives 0700
            yield staging
        finally:
            if os.path.lexists(staging):
                shutil.rmtree(staging, ignore_errors=True)

    def commit(self, staging: str, inputs: Iterable[str] = ()) -> list[str]:
        """Swap the assembled ``staging`` in for the output; returns the files written (manifest left out).

        Refuses when one of ``inputs`` (every file read, ``@include``\\ s
        included) lies in the folder being replaced.
        """
        for source in inputs:
            if _contains(self.real, source):
                raise UnsafeOutput(f"{self.path}: holds {source}, an input of this qdoc {self.command}; "
                                   "replacing the folder would delete it: give -o another folder (nothing written)")
        self._check_ours()  # again: a file may have been added while the run read its sources
        entries = _entries(staging)
        raise_if_interrupted()
        with open(os.path.join(staging, MARKER), "w", encoding="utf-8") as handle:
            handle.write(_manifest_text(self.command, entries))
        if os.path.isdir(self.real):
            os.chmod(staging, stat.S_IMODE(os.stat(self.real).st_mode))  # the old folder's mode
        raise_if_interrupted()
        replace_dir(staging, self.real)
        return sorted(os.path.join(self.path, e) for e in entries if not e.endswith("/"))


class FilesFolder:
    """A folder qdoc writes named files into (``qdoc convert``, ``qdoc man``), leaving the rest alone.

    A file is replaced only when the folder's manifest says qdoc wrote it;
    the manifest is updated with each file written.  ``own_folder`` (convert,
    which writes a whole Sphinx project) also asks for a new, empty or
    qdoc-written folder, and removes the files of its previous run that this
    run no longer writes; without it (man, which may write into any man
    folder) nothing is ever removed.  A folder holding one of ``sources``,
    or one the walk of a source tree in ``roots`` goes through, is refused:
    a page written beside its .hx or under the tree's ``docs/`` is read
    back by the next ``qdoc lint`` of the tree.
    """

    def __init__(self, path: str, *, command: str, own_folder: bool, sources: Iterable[str] = (),
                 roots: Iterable[str] = ()):
        self.path = path
        self.command = command
        self.own_folder = own_folder
        self.real = _folder_target(path, command)
        for source in sources:
            if _contains(self.real, source):
                # Output among the sources: the next run over the tree reads it as one more source.
                raise UnsafeOutput(f"{path}: holds the source {source}; qdoc {self.command} keeps what it writes "
                                   "apart from what it reads: give -o a folder outside the sources (nothing written)")
        from .discovery import walked

        for root in roots:
            if walked(root, self.real):
                raise UnsafeOutput(f"{path}: lies in the source tree {root}, where the next qdoc lint or build of the "
                                   f"tree would read what qdoc {self.command} writes: give -o a folder outside it, or "
                                   "one the tree walk skips (build/, _build/, a hidden folder) (nothing written)")

    def write(self, files: dict[str, str], inputs: Iterable[str] = ()) -> list[str]:
        """Write ``files`` (relative name -> text) all or none; returns their paths."""
        inputs = list(inputs)
        manifest = read_manifest(self.real, self.command, self.path) if os.path.isdir(self.real) else set()
        if manifest is None:
            if self.own_folder and _entries(self.real):
                raise UnsafeOutput(
                    f"{self.path}: not empty and not written by qdoc (no readable {MARKER}); qdoc {self.command} "
                    "writes a whole project, so only into a new or empty folder or one it wrote before: give -o "
                    "another folder (nothing written)"
                )
            manifest = set()
        targets = {name: os.path.join(self.real, name) for name in files}
        for name, target in targets.items():
            shown = os.path.join(self.path, name)
            try:
                check_file(target, inputs)
            except UnsafeOutput as exc:
                raise UnsafeOutput(str(exc).replace(target, shown, 1)) from None
            if os.path.islink(target):
                raise UnsafeOutput(f"{shown}: is a symbolic link, which qdoc does not follow inside an output folder; "
                                   "remove it or give -o another folder (nothing written)")
            if os.path.lexists(target) and name.replace(os.sep, "/") not in manifest:
                raise UnsafeOutput(f"{shown}: exists and was not written by qdoc (not in {os.path.join(self.path, MARKER)}); "
                                   "move it away or give -o another folder (nothing written)")
        written = {name.replace(os.sep, "/") for name in files}
        stale = sorted(manifest - written) if self.own_folder else []
        os.makedirs(self.real, exist_ok=True)
        # The manifest first names every file about to be written, so a run killed half-way leaves none unlisted.
        replace_file(os.path.join(self.real, MARKER), _manifest_text(self.command, manifest | written).encode(), follow_link=False)
        for name, target in targets.items():
            replace_file(target, files[name].encode("utf-8"), follow_link=False)
        kept = set(written) if self.own_folder else manifest | written
        for entry in stale:
            if not self._remove_previous(entry, inputs):
                kept.add(entry)
        replace_file(os.path.join(self.real, MARKER), _manifest_text(self.command, kept).encode(), follow_link=False)
        return [os.path.join(self.path, name) for name in files]

    def _remove_previous(self, entry: str, inputs: list[str]) -> bool:
        """Remove a regular file the previous run wrote, if the entry is a plain path inside the folder."""
        parts = entry.split("/")
        if entry.endswith("/") or entry.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return False
        path = os.path.join(self.real, *parts)
        if os.path.realpath(os.path.dirname(path)) != os.path.dirname(path):
            return False  # through a link: not ours to follow
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode) or _input_at(path, inputs):
                return False
            os.unlink(path)
        except OSError:
            return False
        return True


# -- swapping a folder in ---------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False when unsupported."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # old kernel, or a file system without exchange
    raise OSError(error, os.strerror(error), b)


def replace_dir(staging: str, target: str) -> None:
    """Put the complete folder ``staging`` in place of ``target`` (a folder, or nothing).

    Where the system can exchange two paths atomically, ``target`` is at every
    moment the old folder or the new one, even if the process is killed.
    Elsewhere the old folder is moved aside first, leaving an instant in
    which ``target`` does not exist (never one in which it is half-written).
    The old folder ends under the staging name and is removed.
    """
    if not os.path.isdir(target):
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    retired = _temporary_name(os.path.dirname(target), "old")
    os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)
