"""The qdoc under test, as the benchmarks run it: this checkout's code, cold or as a whole process.

A benchmark must time the code of the checkout it lives in, never a copy
installed elsewhere (an editable install may point at another worktree), so
subprocesses get this checkout first on ``PYTHONPATH``.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path
from typing import Callable

from _timing import command

CHECKOUT = Path(__file__).resolve().parents[1]

#: Environment for a subprocess that imports qdoc (``python -m qdoc``, or
#: Sphinx loading ``qdoc.sphinx``): this checkout's package comes first.
CHECKOUT_ENV = {**os.environ, "PYTHONPATH": str(CHECKOUT)}


def compile_bytecode() -> None:
    """Compile this checkout's modules to ``__pycache__``, as pip does when it installs qdoc.

    An installed qdoc starts from bytecode.  A checkout may have none (an
    editable install never compiles it, and with PYTHONDONTWRITEBYTECODE set,
    as on our CI machines, no run writes it), and then every whole-process run
    would compile qdoc's sources first and time that.  The peers (pandoc,
    groff, Sphinx's own modules) are measured installed; so is qdoc.
    """
    compileall.compile_dir(str(CHECKOUT / "qdoc"), quiet=1)


def clear_caches() -> None:
    """Forget every memoised sub-result of qdoc's loaded modules, so every timed run does the full work.

    Without this only the first of N runs would parse each synopsis and
    block, and the best of N would measure cache look-ups.  Every
    ``functools`` cache of every loaded ``qdoc`` module is emptied, so a
    cache added later cannot slip past a benchmark.
    """
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "qdoc" or name.startswith("qdoc.")):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()


def qdoc(*args: str, cwd: str | Path | None = None, check: bool = False) -> Callable[[], None]:
    """A callable running ``python -m qdoc ARGS`` (the interpreter itself, not a console-script shim)."""
    return command(sys.executable, "-m", "qdoc", *args, cwd=cwd, env=CHECKOUT_ENV, check=check)
