"""What the robustness tests and the fuzz script share: seeds, mutations, and the reader calls.

Every reader is fed mutated excerpts of the real QEMU corpus (never copies:
the files are read from ``../shared/corpus`` when the tests run).  A reader
may return an option set with any diagnostics, or raise qdoc's own input
errors (:class:`~qdoc.source.InputError`, :class:`~qdoc.readers.UnsupportedFormat`);
anything else is a bug.

The mutations are the damage a broken patch or a bad download does:
truncation, byte flips, deleted and duplicated blocks, and deep nesting of
the format's own block markup (tables, lists, quotes, tags).
"""

from __future__ import annotations

import os
import random
from functools import lru_cache
from pathlib import Path
from typing import Callable

from qdoc.model import OptionSet
from qdoc.readers import UnsupportedFormat, reader_for
from qdoc.readers.rst.resolve import SourceTree
from qdoc.readers.texinfo.includes import IncludeError
from qdoc.source import InputError, decode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()

#: qdoc's own error types: the only exceptions a reader may raise.
EXPECTED = (InputError, UnsupportedFormat)

#: Corpus files each reader is fuzzed from (paths under the corpus).
SEEDS: dict[str, tuple[str, ...]] = {
    "hx": (
        "qemu/7.2.0/qemu-options.hx",
        "qemu/2.12.0/qemu-options.hx",
        "qemu/4.2.50-transition/qemu-options.hx",
        "qemu/7.2.0/hmp-commands.hx",
        "qemu/2.12.0/qemu-img-cmds.hx",
    ),
    "texinfo": (
        "qemu/2.12.0/qemu-doc.texi",
        "qemu/4.2.0/qemu-deprecated.texi",
        "built/2.12.0/qemu-options.texi",
        "seeds/qemu-doc-blame-2018.texi",
    ),
    "html": (
        "debian-7.2/html/qemu-manpage.html",
        "built/4.2.0/qemu-doc.html",
        "seeds/qemu-manpage-6.2-rhel.html",
        "seeds/guest-loader-6.2-rhel.html",
    ),
    "man": (
        "debian-7.2/man/qemu-system.1",
        "built/2.12.0/qemu.1",
        "debian-7.2/man/qemu-img.1",
    ),
    "rst": (
        "qemu/7.2.0/docs/about/deprecated.rst",
        "qemu/7.2.0/docs/about/removed-features.rst",
        "qemu/7.2.0/docs/system/qemu-manpage.rst",
        "qemu/7.2.0/docs/system/invocation.rst",
    ),
    "help": ("debian-7.2/binary/help.txt",),
    "qmp": ("debian-7.2/binary/query-command-line-options.json",),
    "ocr": ("seeds/qemu-doc-2.12.50-ocr.md",),
}

#: How each format nests: (opening, closing) markup a mutation repeats.
NESTING: dict[str, tuple[tuple[str, str], ...]] = {
    "hx": (("SRST\n", "ERST\n"), ("STEXI\n@table @option\n@item -x\n", "@end table\nETEXI\n"), ("#if X\n", "#endif\n")),
    "texinfo": (("@table @option\n@item -x\n", "@end table\n"), ("@itemize\n@item\n", "@end itemize\n"), ("@quotation\n", "@end quotation\n"), ("@code{", "}")),
    "html": (("<dl><dt>-x</dt><dd>", "</dd></dl>"), ("<div>", "</div>"), ("<ul><li>", "</li></ul>"), ("<b>", "</b>")),
    "man": ((".RS\n", ".RE\n"), (".TP\n.B \\-x\n", ""), ("\\f(", "\\fR"), ("\\*(", "")),
    "rst": (("* item\n\n  ", "\n"), ("  ", ""), (".. note::\n\n   ", "\n"), ("``", "``")),
    "help": (("[", "]"), ("-x ", "\n"), ("{", "}")),
    "qmp": (("[", "]"), ('{"a":', "}"), ('{"parameters":[', "]}")),
    "ocr": (("# ", "\n"), ("‘-x ", "’\n"), ("1.", "\n")),
}

#: The file name a mutated excerpt is read under (it selects nothing: the reader is called directly).
NAMES = {
    "hx": "qemu-options.hx",
    "texinfo": "qemu-doc.texi",
    "html": "qemu-manpage.html",
    "man": "qemu.1",
    "rst": "docs/about/deprecated.rst",
    "help": "help.txt",
    "qmp": "query-command-line-options.json",
    "ocr": "qemu-doc-ocr.md",
}


@lru_cache(maxsize=None)
def seed_bytes(relative: str) -> bytes:
    return (CORPUS / relative).read_bytes()


def seeds(fmt: str) -> list[bytes]:
    return [seed_bytes(r) for r in SEEDS[fmt]]


# --- mutations --------------------------------------------------------------------------------
#
# Each takes the data and a random.Random and returns new data; they work on bytes so that
# encoding damage is part of what is tested (the strict decoder must report it, with its line).


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(out))
        # Mostly ASCII damage (the reader must see it), sometimes any byte (the decoder must).
        out[i] = rnd.choice(b"\n @{}<>[]-=.\\`*:|,'\"#") if rnd.random() < 0.8 else rnd.randrange(256)
    return bytes(out)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def delete_block(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    start = rnd.randrange(len(lines))
    end = min(len(lines), start + rnd.randint(1, 40))
    return b"".join(lines[:start] + lines[end:])


def duplicate_block(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    start = rnd.randrange(len(lines))
    block = lines[start : start + rnd.randint(1, 40)]
    at = rnd.randrange(len(lines) + 1)
    return b"".join(lines[:at] + block * rnd.randint(1, 3) + lines[at:])


def swap_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) < 2:
        return data
    i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def nest(fmt: str) -> Callable[[bytes, random.Random], bytes]:
    """Insert ``depth`` levels of the format's own nesting markup at a line boundary."""

    def mutation(data: bytes, rnd: random.Random) -> bytes:
        opening, closing = rnd.choice(NESTING[fmt])
        depth = rnd.choice((2, 10, 100, 1000, 3000))
        lines = _lines(data)
        at = rnd.randrange(len(lines) + 1)
        close = rnd.random() < 0.7  # unclosed nesting is damage too
        inner = (opening * depth + "text\n" + (closing * depth if close else "")).encode()
        return b"".join(lines[:at]) + inner + b"".join(lines[at:])

    return mutation


def mutations(fmt: str) -> list[Callable[[bytes, random.Random], bytes]]:
    return [truncate, flip_bytes, delete_block, duplicate_block, swap_lines, nest(fmt)]


def excerpt(data: bytes, rnd: random.Random, size: int) -> bytes:
    """A window of about ``size`` bytes, most often the file's start (where headers are)."""
    if len(data) <= size:
        return data
    start = 0 if rnd.random() < 0.4 else rnd.randrange(len(data) - size)
    return data[start : start + size]


def mutate(fmt: str, rnd: random.Random, size: int = 6000, steps: int | None = None) -> bytes:
    """One random damaged excerpt of one of ``fmt``'s seeds."""
    data = excerpt(rnd.choice(seeds(fmt)), rnd, size)
    ops = mutations(fmt)
    for _ in range(rnd.randint(1, 4) if steps is None else steps):
        data = rnd.choice(ops)(data, rnd)
    return data


# --- calling the readers ----------------------------------------------------------------------


class _NoIncludes:
    """A texinfo resolver that refuses every ``@include``: the fuzzed text is the whole input."""

    def resolve(self, name: str, from_path: str) -> tuple[str, str]:
        raise IncludeError("texinfo-include-missing", f"@include {name}: not available while fuzzing")


def read(fmt: str, data: bytes, path: str | None = None) -> OptionSet:
    """Decode ``data`` strictly and read it with the ``fmt`` reader, as the CLI would.

    Includes are not followed to files outside the corpus: texinfo refuses
    them, rST pages resolve ``.. include::`` and ``hxtool-doc`` in the
    (read-only) corpus tree of QEMU 7.2.
    """
    path = path or NAMES[fmt]
    text = decode(data, path)
    reader = reader_for(fmt)
    if fmt == "texinfo":
        return reader(text, path, resolver=_NoIncludes())
    if fmt == "rst":
        tree = SourceTree(str(CORPUS / "qemu" / "7.2.0"))
        return reader(text, str(CORPUS / "qemu" / "7.2.0" / path), tree=tree)
    if fmt == "man":
        return reader(text, path, resolve=lambda target, page: None)
    return reader(text, path)


def check(fmt: str, data: bytes) -> OptionSet | None:
    """Read ``data``; qdoc's own errors are fine (None), any other exception propagates.

    The model must also be well formed: every error and warning has a
    location with a line (an ``info`` may be about the whole file), and the
    JSON round-trips.
    """
    try:
        option_set = read(fmt, data)
    except EXPECTED as exc:
        diagnostic = getattr(exc, "diagnostic", None)
        if diagnostic is not None:
            assert diagnostic.location is not None and diagnostic.location.line is not None, exc
        return None
    for diagnostic in option_set.diagnostics:
        if diagnostic.severity != "info":
            assert diagnostic.location is not None and diagnostic.location.line is not None, diagnostic
    text = option_set.to_json()
    assert OptionSet.from_json(text).to_json() == text
    return option_set


def time_bound(size: int) -> float:
    """Seconds a read of ``size`` bytes may take: generous, but linear (a hang or a quadratic blow-up fails)."""
    # 3x by default: a loaded 2-core CI machine stalls for seconds at times;
    # hangs are still caught (the alarm), and tests/test_robustness_limits.py
    # checks that time grows linearly with size.
    scale = float(os.environ.get("QDOC_TIME_SCALE", "3"))
    return scale * (2.0 + size * 50e-6)
