"""The ``qemu:option`` directive does linear work in its number of signatures.

A man page of n ``.TP``/``.B \\-x`` entries becomes one ``qemu:option``
with n signatures.  Whether they name kinds (``-numa node,...``,
``-numa dist,...``) is a fact of the whole directive; computed once per
signature, it made the page cost n² (2,000 entries, 30 KB: seconds).

The work is counted, not timed: the number of signatures
:func:`qdoc.synopsis.names_kinds` looks at, for n and 4n entries.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from qdoc.cli import main
from qdoc.sphinx import directives


def _signatures_looked_at(tmp_path: Path, entries: int) -> int:
    page = tmp_path / f"x{entries}.1"
    page.write_text(".TH X 1\n.SH OPTIONS\n" + ".TP\n.B \\-x\n" * entries, encoding="utf-8")
    looked_at = 0
    real = directives.names_kinds

    def counting(arguments):
        nonlocal looked_at
        arguments = list(arguments)
        looked_at += len(arguments)
        return real(arguments)

    with mock.patch.object(directives, "names_kinds", counting):
        assert main(["man", str(page), "-o", str(tmp_path / "build" / f"out{entries}")]) == 0
    return looked_at


def test_signatures_are_looked_at_once_per_directive(tmp_path, capsys):
    small, large = (_signatures_looked_at(tmp_path, n) for n in (50, 200))
    assert small >= 50, "the page's entries did not reach the qemu:option directive"
    # Linear: 4x the entries, about 4x the work (quadratic gave 16x: 2,500 -> 40,000).
    assert large <= 5 * small, (small, large)
