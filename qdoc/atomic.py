"""Writing output files so that a failure never leaves a partial file behind.

Output goes to a temporary file in the target's directory and is renamed over
the target only once it is complete, so readers of ``build/`` (or a CI job
killed half-way) see the old file or the new one, never a truncated one.
A whole folder is replaced the same way (:func:`replace_dir`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile


def write_text(path: str | os.PathLike, text: str) -> None:
    """Atomically replace ``path`` with ``text`` (UTF-8), creating directories."""
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".qdoc-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False when unsupported."""
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
    """
    if not os.path.isdir(target):
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    retired = tempfile.mkdtemp(prefix=f".qdoc-old-{os.getpid()}-", dir=os.path.dirname(os.path.abspath(target)))
    os.rmdir(retired)
    os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)
