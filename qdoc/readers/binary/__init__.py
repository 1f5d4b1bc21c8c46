"""Readers for what a QEMU binary prints about itself: ``-help`` and the QMP option reply.

Both are the binary's own word on which options and properties it accepts,
as opposed to what the documentation says: ``qemu-system-* -help``
(:mod:`.help`) and the reply to QMP's ``query-command-line-options``
(:mod:`.qmp`, with the JSON decoding of :mod:`.qmp_json`).  They are two
formats for :mod:`qdoc.readers` (``--from help``, ``--from qmp``), each
module with its own ``read_<format>`` and ``sniff``.
"""

from __future__ import annotations

from .help import read_help
from .qmp import read_qmp

__all__ = ["read_help", "read_qmp"]
