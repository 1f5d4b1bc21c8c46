"""Every ``qdoc`` command, in-process, on damaged and hostile trees: the promises of the command line.

Where :mod:`harness` feeds the readers, this module runs the whole command a
user runs (``qdoc.cli.main(argv)``) on a small tree built in a temporary
folder from mutated excerpts of the real corpus, and checks what the user is
promised, whatever the input:

- the exit status is 0, 1 or 2, and nothing escapes ``main``;
- no ``qdoc: internal error`` and no traceback, and no ``input nested too
  deeply`` (the CLI's last-resort catch of a RecursionError, which has no
  location);
- no hang: each case has a time bound (SIGALRM raises :class:`Hang`, which
  no ``except Exception`` in qdoc can swallow; a case out of time runs once
  more, so a stall of a loaded machine is not taken for a hang), and the
  address space is capped so that a blow-up is a MemoryError, not an OOM kill;
- after exit 2 the ``-o`` path (fresh before the run) does not exist, and
  after exit 0 it does;
- no ``.qdoc-*`` temporary file or folder anywhere in the case's tree, and the
  temporary folder qdoc was given is empty again;
- every file of the case is unchanged (hashed before and after), nothing was
  added to the source tree or anywhere but under the ``-o`` path, and a careless ``-o`` (the input itself, the
  source folder, the working directory, a user's folder) destroys nothing;
- nothing outside the source root was read: files beside the tree
  (``secret/``) and ``/etc/passwd`` are never opened (an audit hook sees
  every open), and the canary word the secrets hold appears in no output,
  no stdout and no stderr;
- nothing named by the tree was run: a ``binary`` setting in the tree's
  configuration points at a script that leaves a mark when it runs.

The trees hold excerpts cut at unit boundaries (options, nodes, sections)
so that many cases get past the readers, damaged by :mod:`harness`'s
mutations, odd version numbers and option names, and constructs aimed at
the guards: includes leaving the tree (``../``, absolute, through a symbolic
link), include and ``.so`` loops, include amplification, brace and escape
runs up to 600,000 long, deep HTML and JSON, external entities, huge QMP
numbers and lone surrogates, named pipes and ``/dev/zero`` where a file is
expected, and configurations that are broken or name a program.

Cases are deterministic: case ``n`` of target ``t`` is drawn from
``random.Random(f"{seed}:{t}:{n}")``, so a failure is reproduced by its
target and number (the report says how), and its input is saved under
``/tmp/qdoc-fuzz-failures/``.  ``python3 tests/fuzz/commands.py --reproduce
TARGET N [--minimise]`` reruns one case, prints its traceback (with
``QDOC_DEBUG`` set, for the report only) and shrinks its main input.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):  # run as a script: make ``fuzz.harness`` and ``qdoc`` importable
    sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]

from fuzz import harness  # noqa: E402

from qdoc.cli import main as qdoc_main  # noqa: E402

#: The word every file outside the source root contains; no output may contain it.
CANARY = "qdocfuzzcanary"

#: What ``/etc/passwd`` always contains: read into an output, it leaked.
PASSWD_MARK = "root:x:0:0"

#: The file qdoc keeps in a folder it wrote (qdoc/outputs.py): by design, not a leftover.
OUTPUT_MARKER = ".qdoc-output"

#: Where failing cases are saved for reproduction.
FAILURES = Path(os.environ.get("QDOC_FUZZ_FAILURES", "/tmp/qdoc-fuzz-failures"))

#: Seconds a case may take before it counts as a hang.
CASE_SECONDS = float(os.environ.get("QDOC_FUZZ_CASE_SECONDS", "10"))

#: Seconds above which a case that finished is listed as slow by the benchmark (issue 18: an input
#: just under the size limit parses in under 3 s); not a failure, a lead to a quadratic path.
SLOW_SECONDS = float(os.environ.get("QDOC_FUZZ_SLOW_SECONDS", "3"))

#: Extra address space a case may take (bytes) before a MemoryError: a blow-up is a finding, not an OOM kill.
MEMORY_HEADROOM = int(os.environ.get("QDOC_FUZZ_MEMORY_MB", "3000")) << 20


class Hang(BaseException):
    """A case that did not finish in its time bound (raised by the alarm, past any ``except Exception``)."""


# --- what a case is ---------------------------------------------------------------------------


@dataclass
class Case:
    """One command line on one small tree, all paths relative to the case's folder (its cwd)."""

    target: str
    number: int
    seed: str
    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)
    #: Named pipes (nothing ever writes to them: a read of one blocks for ever).
    fifos: list[str] = field(default_factory=list)
    #: ``-o`` paths: absent before the run, and after an exit 2.
    outputs: list[str] = field(default_factory=list)
    #: The mutated file a minimisation shrinks.
    main: str = ""
    #: The mutations applied, for the report.
    steps: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.target}-{self.seed}-{self.number}"


@dataclass
class Outcome:
    """What running a case gave, and the promises it broke (``problems``, empty when all held)."""

    case: Case
    status: int | None
    seconds: float
    stdout: str
    stderr: str
    problems: list[str]

    @property
    def kinds(self) -> set[str]:
        return {p.split(":", 1)[0] for p in self.problems}


# --- the files outside the tree, and the script a tree must not be able to run ------------------

SECRETS: dict[str, str] = {
    "secret/secret.rst": f"{CANARY}\n{'=' * len(CANARY)}\n\n``-{CANARY}``\n    {CANARY} text.\n",
    "secret/secret.txt": f"{CANARY} {CANARY}\n",
    "secret/secret.csv": f"{CANARY},{CANARY}\n",
    "secret/secret.html": f"<dl><dt><code>-{CANARY}</code></dt><dd>{CANARY}</dd></dl>\n",
    "secret/secret.texi": f"@table @option\n@item -{CANARY}\n{CANARY} text.\n@end table\n",
    "secret/secret.1": f'.TH SECRET 1\n.SH OPTIONS\n.TP\n.B \\-{CANARY}\n{CANARY} text.\n',
    "secret/secret.hx": (
        f'DEF("{CANARY}", 0, QEMU_OPTION_{CANARY},\n    "-{CANARY}   {CANARY}\\n", QEMU_ARCH_ALL)\n'
        f"SRST\n``-{CANARY}``\n    {CANARY} text.\nERST\n"
    ),
}

EVIL = "bin/qemu-system-x86_64"
EVIL_MARK = "bin/ran"
EVIL_SCRIPT = '#!/bin/sh\ntouch "$(dirname "$0")/ran"\necho "QEMU emulator version 7.2.0"\n'


def secret_path(rnd: random.Random, ext: str, depth: int) -> str:
    """A path to a file outside the source root, as a hostile include would write it.

    ``depth`` is how many folders the including file is below the case's
    folder; ``/proc/self/cwd`` is the case's folder (the command runs there),
    so absolute paths work without knowing where the case lives.
    """
    return rnd.choice(
        (
            "../" * depth + f"secret/secret.{ext}",
            f"/proc/self/cwd/secret/secret.{ext}",
            f"link-to-secret.{ext}",  # a symlink inside the tree (made by the case) pointing out of it
            "/etc/passwd",
        )
    )


# --- excerpts that keep a format's structure --------------------------------------------------

#: Where a unit of each format starts: excerpts are cut there, after the file's header.
UNIT_START = {
    "hx": re.compile(rb"^(?:DEF\(|    \{\n|\{\n)", re.M),
    "texinfo": re.compile(rb"^@node ", re.M),
    "html": re.compile(rb"<dt[ >]"),
    "man": re.compile(rb"^\.(?:TP|SH|SS)\b", re.M),
    "rst": re.compile(rb"^\S[^\n]*\n(?:=+|-+|~+|\^+|\"+|'+)\n", re.M),
    "help": re.compile(rb"^-", re.M),
    "ocr": re.compile(rb"^#", re.M),
}

#: The longest header kept whole (HTML's holds the style sheet and the generator).
HEADER_MAX = {"html": 50_000}


def unit_excerpt(fmt: str, data: bytes, rnd: random.Random, size: int) -> bytes:
    """The file's header and about ``size`` bytes of whole units (options, nodes, sections).

    Whole units make most excerpts valid input, so the commands get past
    the reader into the checks and writers; the mutations then damage them.
    """
    if fmt == "qmp":
        return _qmp_excerpt(data, rnd, size)
    starts = [m.start() for m in UNIT_START[fmt].finditer(data)]
    if len(data) <= size or len(starts) < 2:
        return harness.excerpt(data, rnd, size)
    header = data[: starts[0]] if starts[0] <= HEADER_MAX.get(fmt, 4000) else b""
    if fmt == "texinfo":  # the Top node's @ifnottex closes after it: not part of the header
        header = re.sub(rb"@ifnottex\n\Z", b"", header)
    first = rnd.randrange(len(starts) - 1)
    end = next((s for s in starts[first + 1 :] if s - starts[first] >= size), len(data))
    if end - starts[first] > 3 * size:  # units far apart (a man page of few sections): cut at a line
        end = data.find(b"\n", starts[first] + size) + 1 or len(data)
    tail = b""
    if fmt == "html" and end < len(data):  # the closing tags of the page
        tail = data[-400:].partition(b"\n")[2]
    return header + data[starts[first] : end] + tail


def _qmp_excerpt(data: bytes, rnd: random.Random, size: int) -> bytes:
    """A QMP reply with a random few of the real reply's entries (an excerpt of JSON is not JSON)."""
    reply = json.loads(data)
    entries = reply["return"]
    chosen = rnd.sample(entries, k=min(len(entries), rnd.randint(1, max(1, size // 1500))))
    return json.dumps({"return": chosen}, indent=rnd.choice((None, 2))).encode()


# --- mutations aimed at the guards --------------------------------------------------------------


def _insert(data: bytes, text: bytes, rnd: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    at = rnd.randrange(len(lines) + 1)
    return b"".join(lines[:at]) + text + b"".join(lines[at:])


def _rst_include(rnd: random.Random, depth: int) -> str:
    """An rST directive that reads a file outside the tree."""
    kind = rnd.choice(("include", "literalinclude", "csv-table", "raw", "hxtool-doc"))
    if kind == "include":
        return f".. include:: {secret_path(rnd, 'rst', depth)}\n"
    if kind == "literalinclude":
        return f".. literalinclude:: {secret_path(rnd, 'txt', depth)}\n"
    if kind == "csv-table":
        return f".. csv-table:: T\n   :file: {secret_path(rnd, 'csv', depth)}\n"
    if kind == "raw":
        return f".. raw:: html\n   :file: {secret_path(rnd, 'html', depth)}\n"
    return f".. hxtool-doc:: {secret_path(rnd, 'hx', depth)}\n"


#: A QMP reply whose one parameter has the default ``%s``.
QMP_PARAMETER = b'{"return": [{"option": "x", "parameters": [{"name": "n", "type": "number", "default": %s}]}]}'


def hostile(fmt: str, rnd: random.Random, depth: int, name: str) -> tuple[str, bytes]:
    """One construct aimed at a guard of ``fmt``'s reader: (what it is, the text to insert).

    ``depth`` is the file's depth below the case folder, ``name`` its own
    file name (for self-inclusion).
    """
    n = rnd.choice((1_000, 30_000, 150_000))
    if fmt == "hx":
        choice = rnd.randrange(4)
        if choice == 0:
            return "rst include in SRST", f"SRST\n{_rst_include(rnd, depth)}\nERST\n".encode()
        if choice == 1:
            n = rnd.choice((n, 600_000))  # a DEF line of 600,000 braces once took 92 s
            return f"brace run {n} in DEF", f'DEF("x", HAS_ARG, QEMU_OPTION_x, "-x {"{" * n}\\n", QEMU_ARCH_ALL)\n'.encode()
        if choice == 2:
            return f"@var{{ run {n} in STEXI", f"STEXI\n@item -x {'@var{' * n}\nETEXI\n".encode()
        return f"brace run {n} in SRST", f"SRST\n``-x {'{' * n}``\n   text\nERST\n".encode()
    if fmt == "texinfo":
        choice = rnd.randrange(5)
        if choice == 0:
            return "include outside", f"@include {secret_path(rnd, 'texi', depth)}\n".encode()
        if choice == 1:
            return "include self", f"@include {name}\n".encode()
        if choice == 2:
            return "include loop", b"@include loop-a.texi\n"
        if choice == 3:
            return "include amplification", b"@include part.texi\n" * rnd.choice((10, 300, 3000))
        return f"@var{{ run {n}", rnd.choice(("@var{", "@code{", "{", "@b{@i{")).encode() * n + b"\n"
    if fmt == "rst":
        choice = rnd.randrange(5)
        if choice == 0:
            return "rst include outside", ("\n" + _rst_include(rnd, depth) + "\n").encode()
        if choice == 1:
            return "include self", f"\n.. include:: {name}\n\n".encode()
        if choice == 2:
            return "many hxtool-doc", b"\n" + b".. hxtool-doc:: qemu-options.hx\n\n" * rnd.choice((5, 300, 2000))
        if choice == 3:
            return f"nested inline {n}", ("\n" + rnd.choice(("*", "**", "``", "`", "|", "[")) * n + "\n\n").encode()
        return "deep list", b"\n" + b"".join(b"  " * k + b"* item\n\n" for k in range(rnd.choice((50, 300, 1000))))
    if fmt == "man":
        choice = rnd.randrange(4)
        if choice == 0:
            return ".so outside", f".so {secret_path(rnd, '1', depth)}\n".encode()
        if choice == 1:
            return ".so self", f".so {name}\n".encode()
        if choice == 2:
            return ".so loop", b".so loop-a.1\n"
        return f"escape run {n}", (rnd.choice(("\\f(", "\\*(", "\\(", "\\fB", "\\")) * n + "\n").encode()
    if fmt == "html":
        choice = rnd.randrange(4)
        if choice == 0:
            tag = rnd.choice(("div", "dl", "ul", "blockquote", "span", "b"))
            deep = rnd.choice((255, 256, 257, 300, 2_000, 20_000))
            closed = rnd.random() < 0.7
            return f"<{tag}> nested {deep}", (f"<{tag}>" * deep + "<dt>-x</dt>" + (f"</{tag}>" * deep if closed else "")).encode()
        if choice == 1:
            where = secret_path(rnd, "txt", depth)
            url = where if where.startswith("/") else "file:" + where
            return "external entity", (f'<!DOCTYPE html [<!ENTITY e SYSTEM "{url}">]>\n<p>&e;</p>\n').encode()
        if choice == 2:
            href = secret_path(rnd, "html", depth)
            return "xinclude", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{href}"/>\n'.encode()
        return "entity expansion", (
            b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><p>&c;&c;&c;</p>\n'
        )
    if fmt == "qmp":
        choice = rnd.randrange(4)
        if choice == 0:
            return "huge integer", QMP_PARAMETER % (b"9" * 6000)
        if choice == 1:
            return "lone surrogate", b'{"return": [{"option": "x\\ud800", "parameters": [{"name": "\\udfff"}]}]}'
        if choice == 2:
            return "deep JSON", b"[" * rnd.choice((99, 101, 5_000)) + b"]" * rnd.choice((0, 99, 101))
        return "huge float", QMP_PARAMETER % b"1e999999"
    # help, ocr: long runs of the markup their synopsis parsers balance
    return f"bracket run {n}", ("-x " + rnd.choice(("[", "{", "<", "[,", "(")) * n + "\n").encode()


#: Version numbers and option names as a careless or hostile edit leaves them.
_TOKEN_RE = re.compile(rb"\d+(?:\.\d+)+|(?<![\w-])-{1,2}[a-z][\w-]*")
_ODD_VERSIONS = (b"0", b"0.0", b"99999999999999999999999.1", b"1.2.3.4.5.6", b"7.2.x", b"10.0-rc0", b"", b"\xd9\xa1.\xd9\xa2")
_ODD_NAMES = (b"-", b"--", b"-=", b"-x,y", b"-\xc3\xa9t\xc3\xa9", b"-" + b"a" * 5000, b"-no-", b"-help", b"-M")


def mangle_tokens(data: bytes, rnd: random.Random) -> bytes:
    """Replace a few version numbers and option names by odd ones: what lint, diff and history compare."""
    matches = list(_TOKEN_RE.finditer(data))
    if not matches:
        return data
    out = bytearray(data)
    for match in sorted(rnd.sample(matches, k=min(len(matches), rnd.randint(1, 6))), key=lambda m: -m.start()):
        token = match.group()
        odd = rnd.choice(_ODD_NAMES if token.startswith(b"-") else _ODD_VERSIONS)
        out[match.start() : match.end()] = odd
    return bytes(out)


def damage(fmt: str, data: bytes, rnd: random.Random, depth: int, name: str, steps: list[str], clean: float = 0.15) -> bytes:
    """Mutate ``data`` (an excerpt): ``clean`` of the time not at all, else a few of harness's mutations, often a guard's."""
    if rnd.random() < clean:
        steps.append("unmutated")
        return data
    operations = [*harness.mutations(fmt), mangle_tokens, mangle_tokens]
    for _ in range(rnd.randint(0, 3)):
        operation = rnd.choice(operations)
        steps.append(getattr(operation, "__name__", "mutation"))
        data = operation(data, rnd)
    if rnd.random() < 0.4 or not steps:
        what, text = hostile(fmt, rnd, depth, name)
        steps.append(what)
        data = text if fmt == "qmp" and rnd.random() < 0.5 else _insert(data, text, rnd)
    return data


# --- building cases -----------------------------------------------------------------------------

#: Excerpt sizes: small keeps a case cheap; the hostile constructs bring the size when it matters.
SIZES = (600, 1500, 4000)

#: File names a tree holds each format under (discovery goes by name and content): the reader fuzzing's.
FILE_NAMES = harness.NAMES

FORMATS = tuple(FILE_NAMES)


def _piece(fmt: str, rnd: random.Random, path: str, case: Case, clean: float = 0.15) -> bytes:
    """A damaged excerpt of a random seed of ``fmt``, to be written at ``path`` (under the case)."""
    data = unit_excerpt(fmt, rnd.choice(harness.seeds(fmt)), rnd, rnd.choice(SIZES))
    depth = path.count("/")
    steps: list[str] = []
    data = damage(fmt, data, rnd, depth, os.path.basename(path), steps, clean)
    case.steps.append(f"{path}: {', '.join(steps)}")
    return data


#: Files a hostile construct names inside the tree (loops, a small part), added where one is named.
HELPERS: dict[bytes, dict[str, bytes]] = {
    b"loop-a.texi": {"loop-a.texi": b"@include loop-b.texi\n", "loop-b.texi": b"@include loop-a.texi\n"},
    b"part.texi": {"part.texi": b"@table @option\n@item -part\nA part.\n@end table\n"},
    b"version.texi": {"version.texi": b"@set VERSION 2.12.0\n"},
    b"loop-a.1": {"loop-a.1": b".so loop-b.1\n", "loop-b.1": b".so loop-a.1\n"},
}


def _add_helpers(case: Case) -> Case:
    """Beside each source file, the helper files and links to the secrets that it names."""
    for path, data in list(case.files.items()):
        if not path.startswith("src/"):
            continue
        folder = os.path.dirname(path)
        for mention, helpers in HELPERS.items():
            if mention in data:
                for name, text in helpers.items():
                    case.files.setdefault(f"{folder}/{name}", text)
        if b"link-to-secret." in data:
            up = "../" * folder.count("/") + "../"
            for secret in SECRETS:
                case.symlinks[f"{folder}/link-to-secret.{secret.rsplit('.', 1)[1]}"] = up + secret
    return case


def _new_case(target: str, number: int, seed: str) -> tuple[Case, random.Random]:
    rnd = random.Random(f"{seed}:{target}:{number}")
    case = Case(target=target, number=number, seed=seed, argv=[])
    case.files.update({k: v.encode() for k, v in SECRETS.items()})
    case.files[EVIL] = EVIL_SCRIPT.encode()
    return case, rnd


def _maybe_config(case: Case, rnd: random.Random) -> None:
    """A configuration in the tree, sometimes naming a program to run, sometimes broken."""
    if rnd.random() > 0.3:
        return
    body = rnd.choice(
        (
            'select = ["QD1", "QD4"]\nseverity = "info"\n',
            f'binary = "../{EVIL}"\n',
            f'binary = "/proc/self/cwd/{EVIL}"\n',
            'baseline = "../secret/secret.txt"\n',
            'baseline = "../secret/new-baseline.json"\n',
            "baseline = 1\n",
            'release = "7.2.0"\nignore = "QD4"\n',
            "select = [1, 2]\n",
        )
    )
    if rnd.random() < 0.5:
        name, text = "qdoc.toml", body
    else:
        name = "pyproject.toml"
        text = rnd.choice((f"[tool.qdoc]\n{body}", "tool = 1\n", "[tool]\nqdoc = 1\n", f"[tool.qdoc]\n{body}[tool.qdoc]\n"))
    data = text.encode()
    if rnd.random() < 0.2:
        data = harness.flip_bytes(data, rnd)
    case.files[f"src/{name}"] = data
    case.steps.append(f"src/{name}: {text!r}")


#: Careless ``-o`` folders: the sources, the working directory, a user's folder, a parent of the sources.
CARELESS_FOLDERS = ("src", ".", "secret", "bin", "src/..")


def _output(case: Case, rnd: random.Random, name: str, folder: bool = False, required: bool = False) -> list[str]:
    """``-o out/NAME`` (a fresh path), standard output, or now and then a careless ``-o``.

    A careless one names an input file given on the command line, or a
    folder of the user's (see :data:`CARELESS_FOLDERS`): qdoc must refuse it
    or leave what is there intact, which the hashes of every file of the
    case check.
    """
    if not required and rnd.random() < 0.2:
        return []
    inputs = [a for a in case.argv if a.startswith("src/") and a in case.files]
    if rnd.random() < 0.08 and (folder or inputs):
        path = rnd.choice(CARELESS_FOLDERS) if folder else rnd.choice(inputs)
        case.steps.append(f"careless -o {path}")
        return ["-o", path]
    path = f"out/{name}"
    case.outputs.append(path)
    return ["-o", path]


def parse_case(fmt: str) -> Callable[[int, str], Case]:
    def make(number: int, seed: str) -> Case:
        case, rnd = _new_case(f"parse-{fmt}", number, seed)
        path = f"src/{FILE_NAMES[fmt]}"
        if fmt == "rst":  # a page of a QEMU tree, whose hxtool-doc names src/qemu-options.hx
            path = f"src/docs/system/{rnd.choice(('deprecated.rst', 'removed-features.rst', 'qemu-manpage.rst', 'invocation.rst'))}"
        case.files[path] = _piece(fmt, rnd, path, case)
        case.main = path
        if fmt == "rst":
            case.files["src/qemu-options.hx"] = unit_excerpt("hx", harness.seed_bytes(harness.SEEDS["hx"][0]), rnd, 3000)
        argv = ["parse", path]
        if rnd.random() < 0.8:
            argv += ["--from", fmt]
        if rnd.random() < 0.3:
            argv += ["--format", "table"]
        if fmt == "texinfo" and rnd.random() < 0.5:
            argv += ["-I", "src"]
        if fmt == "ocr" and rnd.random() < 0.5:
            case.files["src/reference.hx"] = unit_excerpt("hx", harness.seed_bytes("qemu/3.0.0/qemu-options.hx"), rnd, 4000)
            argv += ["--reference", "src/reference.hx"]
        case.argv = argv
        case.argv += _output(case, rnd, "model.json")
        return case

    return make


def _tree(case: Case, rnd: random.Random, count: int, formats=FORMATS) -> None:
    """``count`` damaged files of random formats in ``src/``, some in release folders."""
    for k in range(count):
        fmt = rnd.choice(formats)
        folder = rnd.choice(("", "7.2.0/", "8.0.0/", f"f{k}/"))
        path = f"src/{folder}{FILE_NAMES[fmt]}"
        if path in case.files:
            continue
        # A tree builds only when every file reads: most are left whole, so some builds get to the writers.
        case.files[path] = _piece(fmt, rnd, path, case, clean=0.6)
        case.main = case.main or path
    if rnd.random() < 0.08:  # a documentation file that is no file: reading it blocks or never ends
        fmt = rnd.choice(FORMATS)
        path = f"src/{rnd.choice(('', 'special/'))}{FILE_NAMES[fmt]}"
        if path not in case.files:
            if rnd.random() < 0.5:
                case.fifos.append(path)
            else:
                case.symlinks[path] = "/dev/zero"
            case.steps.append(f"{path}: a named pipe or a link to /dev/zero")


def lint_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("lint", number, seed)
    _tree(case, rnd, rnd.randint(1, 3))
    _maybe_config(case, rnd)
    argv = ["lint", rnd.choice(["src", case.main])]
    if rnd.random() < 0.5:
        argv += ["--format", rnd.choice(("text", "json", "sarif", "github"))]
    if rnd.random() < 0.3:
        argv += ["--select", rnd.choice(("QD1", "QD2,QD3", "QD401", "QD001"))]
    if rnd.random() < 0.2:
        argv += ["--severity", rnd.choice(("info", "warning", "error"))]
    if rnd.random() < 0.15:
        argv += ["--baseline", "out/baseline.json"]
        case.outputs.append("out/baseline.json")
    elif rnd.random() < 0.05:
        argv += ["--baseline", rnd.choice(("/dev/zero", "src/baseline-pipe"))]
        case.fifos.append("src/baseline-pipe")
    case.argv = argv
    case.argv += _output(case, rnd, "lint.txt")
    return case


#: Formats a diff or a history compares: documents (-help, the QMP reply, deprecated.rst and OCR text
#: alone are no release's documentation, so those diffs all stop at the same message).
COMPARED = ("hx", "hx", "texinfo", "html", "man")


def _two(case: Case, rnd: random.Random) -> tuple[str, str]:
    """An old file and a new one: often the same excerpt, the new one damaged further."""
    fmt = rnd.choice(COMPARED)
    name = FILE_NAMES[fmt]
    old, new = f"src/7.2.0/{name}", f"src/8.0.0/{name}"
    data = unit_excerpt(fmt, rnd.choice(harness.seeds(fmt)), rnd, rnd.choice(SIZES))
    case.files[old] = data if rnd.random() < 0.6 else _piece(fmt, rnd, old, case)
    if rnd.random() < 0.8:
        steps: list[str] = []
        case.files[new] = damage(fmt, data, rnd, 2, name, steps, clean=0.3)
        case.steps.append(f"{new}: {', '.join(steps)}")
    else:
        case.files[new] = _piece(rnd.choice(COMPARED), rnd, new, case)
    case.main = new
    return old, new


def diff_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("diff", number, seed)
    old, new = _two(case, rnd)
    argv = ["diff", old, new]
    if rnd.random() < 0.6:
        argv += ["--format", rnd.choice(("json", "markdown", "rst", "text"))]
    case.argv = argv
    case.argv += _output(case, rnd, "diff.txt")
    return case


def history_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("history", number, seed)
    old, new = _two(case, rnd)
    argv = ["history", old, new]
    if rnd.random() < 0.7:
        argv += ["--format", rnd.choice(("csv", "html", "json"))]
    case.argv = argv
    case.argv += _output(case, rnd, "history.out")
    return case


def convert_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("convert", number, seed)
    path = "src/qemu-doc.texi"
    case.files[path] = _piece("texinfo", rnd, path, case)
    case.main = path
    if rnd.random() < 0.5:  # an included chapter, itself damaged
        case.files["src/qemu-options.texi"] = _piece("texinfo", rnd, "src/qemu-options.texi", case)
        case.files[path] += b"\n@include qemu-options.texi\n"
    argv = ["convert", path]
    if rnd.random() < 0.5:
        argv += ["-I", "src"]
    case.argv = argv
    case.argv += _output(case, rnd, "rst", folder=True, required=True)
    return case


def man_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("man", number, seed)
    fmt = rnd.choice(("hx", "hx", "texinfo", "html", "man"))
    path = f"src/{FILE_NAMES[fmt]}"
    if fmt == "hx" and rnd.random() < 0.3:
        path = "src/hmp-commands.hx"
    case.files[path] = _piece(fmt, rnd, path, case)
    case.main = path
    argv = ["man", path]
    if rnd.random() < 0.3:
        argv.append("--lint")
    case.argv = argv
    case.argv += _output(case, rnd, "man", folder=True, required=True)
    return case


def build_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("build", number, seed)
    _tree(case, rnd, rnd.randint(1, 4))
    _maybe_config(case, rnd)
    case.argv = ["build", "src", "--no-sphinx", *_output(case, rnd, "build", folder=True, required=True)]
    return case


#: A Sphinx project of two pages (qdoc's extension, an hxtool-doc page and a man page).
SPHINX_CONF = (
    'project = "fuzz"\nextensions = ["qdoc.sphinx"]\nhxtool_srctree = "."\n'
    'man_pages = [("manpage", "fuzz", "Fuzz options", [], 1)]\n'
)


def sphinx_case(number: int, seed: str) -> Case:
    case, rnd = _new_case("build-sphinx", number, seed)
    case.files["src/conf.py"] = SPHINX_CONF.encode()
    case.files["src/index.rst"] = b"Fuzz\n====\n\n.. toctree::\n\n   manpage\n"
    hx = "src/1.0.0/qemu-options.hx"
    case.files[hx] = _piece("hx", rnd, hx, case)
    case.main = hx
    page = b"Options\n=======\n\n.. hxtool-doc:: 1.0.0/qemu-options.hx\n"
    if rnd.random() < 0.4:
        steps: list[str] = []
        page = damage("rst", page, rnd, 1, "manpage.rst", steps)
        case.steps.append(f"src/manpage.rst: {', '.join(steps)}")
    case.files["src/manpage.rst"] = page
    case.argv = ["build", "src", *_output(case, rnd, "build", folder=True, required=True)]
    return case


#: Every target the harness fuzzes: a command, or ``parse`` of one format.
TARGETS: dict[str, Callable[[int, str], Case]] = {
    **{f"parse-{fmt}": parse_case(fmt) for fmt in FORMATS},
    "lint": lint_case,
    "diff": diff_case,
    "history": history_case,
    "convert": convert_case,
    "man": man_case,
    "build": build_case,
    "build-sphinx": sphinx_case,
}

#: Share of the budget a target gets: a Sphinx build costs ten small commands.
WEIGHT = {"build-sphinx": 0.2}


def budget(target: str, cases: int) -> int:
    return max(1, round(cases * WEIGHT.get(target, 1.0)))


def make_case(target: str, number: int, seed: str = "0") -> Case:
    """Case ``number`` of ``target``; a third of them name the source root (``--root src``) explicitly."""
    case = _add_helpers(TARGETS[target](number, seed))
    if random.Random(f"{seed}:{target}:{number}:root").random() < 0.3:
        case.argv.insert(1, "--root=src")
    return case


# --- running a case -----------------------------------------------------------------------------


def _write(case: Case, folder: Path) -> None:
    for relative, data in case.files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for relative, target in case.symlinks.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() and not path.is_symlink():
            path.symlink_to(target)
    for relative in case.fifos:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
    (folder / EVIL).chmod(0o755)


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


@contextlib.contextmanager
def _alarm(seconds: float):
    def ring(signum, frame):
        raise Hang(f"no result after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_cap(headroom: int):
    """Cap the address space at what the process has plus ``headroom``: a blow-up raises MemoryError."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    cap = used + headroom
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _OpenWatch:
    """Records opens of files outside the source root while a case runs (a ``sys`` audit hook).

    An output shows a leak only when the text read reaches it; the hook
    sees the read itself.  Symbolic links are resolved, so a link inside the
    tree that points out of it counts.  (libxml2 opens files without Python:
    those are caught by the canary in the outputs.)
    """

    def __init__(self) -> None:
        self.forbidden: tuple[str, ...] = ()
        self.opened: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if event != "open" or not self.forbidden or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        if not _reads(*args[1:3]):
            return  # writing into a folder outside the tree is what ``-o`` asks for
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(self.forbidden) or path == "/etc/passwd":
            self.opened.append(path)

    @contextlib.contextmanager
    def watching(self, folder: Path):
        self.forbidden, self.opened = (os.path.realpath(folder / "secret") + os.sep,), []
        try:
            yield self.opened
        finally:
            self.forbidden = ()


def _reads(mode: str | None, flags: int) -> bool:
    """Whether an ``open`` audit event (``io.open``'s mode, or ``os.open``'s flags) reads an existing file."""
    if isinstance(mode, str):
        return "r" in mode or "+" in mode
    return flags & os.O_ACCMODE != os.O_WRONLY and not flags & os.O_CREAT


_OPENS = _OpenWatch()


@contextlib.contextmanager
def _inside(folder: Path):
    """Run in ``folder`` with ``folder/tmp`` as the temporary folder qdoc and Sphinx use."""
    cwd = os.getcwd()
    previous = tempfile.tempdir
    temporary = folder / "tmp"
    temporary.mkdir(exist_ok=True)
    os.chdir(folder)
    tempfile.tempdir = str(temporary)
    try:
        yield
    finally:
        tempfile.tempdir = previous
        os.chdir(cwd)


def execute(case: Case, folder: Path, seconds: float = CASE_SECONDS, debug: bool = False) -> Outcome:
    """Write ``case`` into the empty ``folder``, run its command there and check every promise."""
    _write(case, folder)
    before = _hashes(folder)
    out, err = io.StringIO(), io.StringIO()
    status: int | None = None
    problems: list[str] = []
    saved_debug = os.environ.pop("QDOC_DEBUG", None)
    if debug:
        os.environ["QDOC_DEBUG"] = "1"
    start = time.perf_counter()
    try:
        with _inside(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            with _OPENS.watching(folder) as opened, _memory_cap(MEMORY_HEADROOM), _alarm(seconds):
                status = qdoc_main(list(case.argv))
    except Hang as exc:
        problems.append(f"hang: {exc}")
    except SystemExit as exc:  # argparse: a usage error is exit 2
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - anything escaping main is a finding (or a debug traceback)
        problems.append(f"escaped: {traceback.format_exc()}")
    finally:
        elapsed = time.perf_counter() - start
        os.environ.pop("QDOC_DEBUG", None)
        if saved_debug is not None:
            os.environ["QDOC_DEBUG"] = saved_debug
    stdout, stderr = out.getvalue(), err.getvalue()
    if opened:
        outside = sorted({os.path.relpath(p, folder) if p.startswith(str(folder)) else p for p in opened})
        problems.append(f"read-outside-root: opened {outside[:5]}")
    problems += _broken_promises(case, folder, status, stdout, stderr, before)
    return Outcome(case, status, elapsed, stdout, stderr, problems)


def _written_to(case: Case) -> tuple[str, ...]:
    """Where the command line lets qdoc write: the ``-o`` path (a file, or a folder and what is in it)
    and the ``--baseline`` file lint records."""
    allowed: list[str] = []
    for flag in ("-o", "--baseline"):
        if flag in case.argv:
            target = os.path.normpath(case.argv[case.argv.index(flag) + 1])
            allowed += [""] if target == "." else [target, target + "/"]
    return tuple(allowed)


def _broken_promises(case: Case, folder: Path, status, stdout: str, stderr: str, before: dict[str, str]) -> list[str]:
    problems = []
    if status is not None and status not in (0, 1, 2):
        problems.append(f"status: exit {status}")
    if "internal error" in stderr:
        problems.append("internal-error: " + next(line for line in stderr.splitlines() if "internal error" in line))
    if "Traceback (most recent call last)" in stdout + stderr:
        problems.append("traceback: printed")
    if "nested too deeply to process" in stderr:
        problems.append("recursion: RecursionError caught by the CLI, no location")
    if status == 2:
        left = [o for o in case.outputs if os.path.lexists(folder / o)]
        if left:
            problems.append(f"output-after-error: {left} exist after exit 2")
    recorded = "--baseline" in case.argv or re.search(r"^qdoc: recorded \d+ finding", stderr, re.M)
    if status == 0 and not recorded:  # recording a baseline writes only the baseline
        missing = [o for o in case.outputs if not os.path.lexists(folder / o)]
        if missing:
            problems.append(f"missing-output: {missing} not written after exit 0")
    leftovers = [
        str(Path(root, name).relative_to(folder))
        for root, dirs, files in os.walk(folder)
        for name in dirs + files
        if name.startswith(".qdoc-") and name != OUTPUT_MARKER
    ]
    if leftovers:
        problems.append(f"temporary-files: {leftovers[:5]}")
    temporary = [p.name for p in (folder / "tmp").iterdir()] if (folder / "tmp").is_dir() else []
    if temporary:
        problems.append(f"temporary-files: left in the temporary folder: {temporary[:5]}")
    after = _hashes(folder)
    changed = [p for p in before if after.get(p) != before[p]]
    if changed:
        problems.append(f"source-changed: {changed[:5]}")
    added = [p for p in after if p not in before and p.startswith("src/")]
    if added:
        problems.append(f"source-added: {added[:5]}")
    elsewhere = [p for p in after if p not in before and not p.startswith(("src/", *_written_to(case)))]
    if elsewhere:
        problems.append(f"wrote-outside: {elsewhere[:5]} (not under the -o path)")
    if os.path.lexists(folder / EVIL_MARK):
        problems.append("ran-program: the tree's binary setting was run")
    leaks = [where for where, text in (("stdout", stdout), ("stderr", stderr)) if CANARY in text or PASSWD_MARK in text]
    for path in after:
        if path not in before:
            data = (folder / path).read_bytes()
            if CANARY.encode() in data or PASSWD_MARK.encode() in data:
                leaks.append(path)
    if leaks:
        problems.append(f"read-outside-root: a file outside the source root reached {leaks[:5]}")
    return problems


# --- running many, reporting, reproducing -------------------------------------------------------


@dataclass
class Tally:
    """Counts of one target's run."""

    target: str
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    slowest: float = 0.0
    slowest_case: int = -1
    total: float = 0.0
    failures: list[Outcome] = field(default_factory=list)
    #: Cases over :data:`SLOW_SECONDS` that finished in their bound: (seconds, case number, main input's size).
    slow: list[tuple[float, int, int]] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.total += outcome.seconds
        if outcome.seconds > SLOW_SECONDS and "hang" not in outcome.kinds:
            case = outcome.case
            self.slow.append((outcome.seconds, case.number, len(case.files.get(case.main, b""))))
        if outcome.status is not None:
            self.statuses[outcome.status] = self.statuses.get(outcome.status, 0) + 1
        if outcome.seconds > self.slowest:
            self.slowest, self.slowest_case = outcome.seconds, outcome.case.number
        for kind in outcome.kinds:
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if outcome.problems:
            self.failures.append(outcome)

    def count(self, kind: str) -> int:
        return self.kinds.get(kind, 0)


def run_target(
    target: str, cases: int, seed: str = "0", work: Path | None = None, seconds: float = CASE_SECONDS,
    save: bool = True, start: int = 0,
) -> Tally:
    """Run cases ``start``.. ``start+cases-1`` of ``target``, each in a fresh folder; failures are saved."""
    tally = Tally(target)
    with tempfile.TemporaryDirectory(prefix="qdoc-fuzz-", dir=work) as scratch:
        for number in range(start, start + cases):
            outcome = run_case(make_case(target, number, seed), Path(scratch), seconds)
            tally.add(outcome)
            if outcome.problems and save:
                save_failure(outcome)
    return tally


def run_case(case: Case, scratch: Path, seconds: float = CASE_SECONDS) -> Outcome:
    """Run ``case`` in a fresh folder under ``scratch``; a case that ran out of time runs a second time.

    A loaded two-core machine can stall a run for seconds; a hang or a
    runaway path does not finish the second time either.  Only then is it
    reported (with both times).
    """
    outcome = _run_in_fresh_folder(case, scratch, seconds)
    if "hang" in outcome.kinds:
        again = _run_in_fresh_folder(case, scratch, seconds)
        if "hang" not in again.kinds:
            return again
        again.problems = [f"{p} (twice: {outcome.seconds:.1f} s, then {again.seconds:.1f} s)" if p.startswith("hang") else p
                          for p in again.problems]
        return again
    return outcome


def _run_in_fresh_folder(case: Case, scratch: Path, seconds: float) -> Outcome:
    folder = Path(tempfile.mkdtemp(prefix=f"case-{case.number}-", dir=scratch))
    try:
        return execute(case, folder, seconds)
    finally:
        _remove(folder)


def _remove(folder: Path) -> None:
    """Remove a case folder, whatever modes a command left on it."""

    def writable(function, path, _):
        os.chmod(os.path.dirname(path), stat.S_IRWXU)
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, stat.S_IRWXU)
        function(path)

    shutil.rmtree(folder, onerror=writable)


def reproduce_command(outcome: Outcome) -> str:
    case = outcome.case
    return f"python3 tests/fuzz/commands.py --reproduce {case.target} {case.number} --seed {case.seed}"


def save_failure(outcome: Outcome) -> Path:
    """The case's inputs, command, output and problems under :data:`FAILURES`; the folder is returned."""
    case = outcome.case
    folder = FAILURES / case.name
    if folder.exists():
        _remove(folder)
    folder.mkdir(parents=True)
    _write(case, folder)
    (folder / "README.txt").write_text(describe(outcome) + "\n", encoding="utf-8")
    return folder


def describe(outcome: Outcome) -> str:
    """A failure as the report shows it: what was run, on what, and which promises broke."""
    case = outcome.case
    lines = [
        f"{case.target} case {case.number} (seed {case.seed!r}): exit {outcome.status}, {outcome.seconds:.2f} s",
        f"  command: qdoc {' '.join(case.argv)}   (in {FAILURES / case.name})",
        *(f"  input: {step}" for step in case.steps),
        *(f"  problem: {p.strip()}" for p in outcome.problems),
        f"  stderr: {outcome.stderr[-800:].strip()!r}",
        f"  reproduce: {reproduce_command(outcome)}",
    ]
    return "\n".join(lines)


def debug_traceback(case: Case, seconds: float = CASE_SECONDS) -> str:
    """The traceback of an internal error, rerun with ``QDOC_DEBUG`` set (for the report, never the check)."""
    with tempfile.TemporaryDirectory(prefix="qdoc-fuzz-debug-") as scratch:
        outcome = execute(case, Path(scratch), seconds, debug=True)
        _remove(Path(scratch) / "src")
    return "\n".join(p for p in outcome.problems if p.startswith("escaped:")) or "(no exception with QDOC_DEBUG set)"


def minimise(case: Case, kind: str, seconds: float = CASE_SECONDS, rounds: int = 300) -> Case:
    """Drop lines of the case's main input while the failure of ``kind`` remains (delta debugging)."""

    def fails(data: bytes) -> bool:
        trial = Case(**{**case.__dict__, "files": {**case.files, case.main: data}})
        with tempfile.TemporaryDirectory(prefix="qdoc-fuzz-min-") as scratch:
            return kind in execute(trial, Path(scratch), seconds).kinds

    lines = case.files[case.main].splitlines(keepends=True)
    chunks = 2
    while rounds > 0 and len(lines) >= 2 and chunks <= len(lines):
        size = -(-len(lines) // chunks)
        for k in range(chunks):
            rounds -= 1
            kept = lines[: k * size] + lines[(k + 1) * size :]
            if kept and fails(b"".join(kept)):
                lines, chunks = kept, max(chunks - 1, 2)
                break
        else:
            if size == 1:
                break
            chunks = min(len(lines), chunks * 2)
    return Case(**{**case.__dict__, "files": {**case.files, case.main: b"".join(lines)}})


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Reproduce one case of the command fuzz harness.")
    parser.add_argument("--reproduce", nargs=2, metavar=("TARGET", "N"), required=True)
    parser.add_argument("--seed", default="0")
    parser.add_argument("--minimise", action="store_true", help="shrink the main input while the failure remains")
    args = parser.parse_args(argv)
    target, number = args.reproduce[0], int(args.reproduce[1])
    case = make_case(target, number, args.seed)
    with tempfile.TemporaryDirectory(prefix="qdoc-fuzz-") as scratch:
        outcome = execute(case, Path(scratch))
    print(describe(outcome))
    if not outcome.problems:
        return 0
    if "internal-error" in outcome.kinds:
        print(debug_traceback(case))
    if args.minimise:
        kind = sorted(outcome.kinds)[0]
        small = minimise(case, kind)
        path = FAILURES / f"{case.name}-minimal"
        path.mkdir(parents=True, exist_ok=True)
        _write(small, path)
        print(f"minimal {case.main} ({len(small.files[case.main])} bytes) in {path}:")
        print(small.files[case.main].decode("utf-8", "replace")[:3000])
    return 1


if __name__ == "__main__":
    sys.exit(main())
