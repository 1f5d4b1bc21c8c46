"""The texinfo files QEMU's own build generated, made from what a source tree has.

Up to QEMU 4.2, ``qemu-doc.texi`` includes files that exist only after
``make``: ``qemu-options.texi`` (from ``qemu-options.hx`` by ``scripts/hxtool
-t``), ``qemu-monitor.texi`` and ``qemu-monitor-info.texi`` (from
``hmp-commands.hx`` and ``hmp-commands-info.hx``), ``qemu-img-cmds.texi``
(from ``qemu-img-cmds.hx``), ``version.texi`` (``@set VERSION``) and the
QAPI references (``qemu-qmp-qapi.texi``, ``qemu-ga-qapi.texi``, from the
QAPI schema by ``scripts/qapi-gen.py``).  A release tarball or a git
checkout has none of them, so a manual read from a source tree would lose
every option it documents.

The first four are what :func:`~qdoc.readers.texinfo.hx.stexi_texinfo` makes of the .hx
file beside them, line for line: locations point at the .hx file, which is
where a fix belongs anyway.  ``version.texi`` is one ``@set`` line when the
release is known.  The QAPI references are not generated (qdoc does not run
QEMU's QAPI generator); they document QMP commands, not command-line
options, so they are reported and skipped rather than failing the read.
"""

from __future__ import annotations

import os

#: Generated file name -> the .hx file QEMU's build made it from.
FROM_HX = {
    "qemu-options.texi": "qemu-options.hx",
    "qemu-monitor.texi": "hmp-commands.hx",
    "qemu-monitor-info.texi": "hmp-commands-info.hx",
    "qemu-img-cmds.texi": "qemu-img-cmds.hx",
}


def is_qapi_reference(name: str) -> bool:
    """``qemu-qmp-qapi.texi``, ``qemu-ga-qapi.texi``: made from the QAPI schema by qapi-gen."""
    return os.path.basename(name).endswith("-qapi.texi")


def hx_source(name: str, directories: list[str]) -> str | None:
    """The .hx file a missing generated ``name`` is made from, if one of ``directories`` has it."""
    hx_name = FROM_HX.get(os.path.basename(name))
    if hx_name is None:
        return None
    subdirectory = os.path.dirname(name)
    for directory in directories:
        candidate = os.path.normpath(os.path.join(directory, subdirectory, hx_name))
        if os.path.isfile(candidate):
            return candidate
    return None


def version_texi(release: str) -> str:
    """What QEMU's build wrote to ``version.texi``."""
    return f"@set VERSION {release}\n"
