"""Writing output files so that a failure never leaves a partial file behind.

Output goes to a temporary file in the target's directory and is renamed over
the target only once it is complete, so readers of ``build/`` (or a CI job
killed half-way) see the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import os
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
