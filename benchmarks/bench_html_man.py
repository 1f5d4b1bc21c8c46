"""Speed of the HTML and man page readers, against their peers in the same run.

Targets (issue 4, "Sphinx HTML and man page readers"):

1. In-process: reading Debian 7.2's ``qemu-manpage.html`` into the model
   takes at most 5x ``lxml.html.fromstring`` on the same bytes.
2. Whole process: ``qdoc parse qemu-manpage.html --format json`` takes at
   most a quarter of ``pandoc -f html -t json`` on the same file.
3. Whole process: ``qdoc parse qemu-system.1`` is faster than ``groff -man
   -Tutf8`` rendering the same page.

Two more rows give the floor under the whole-process targets, against groff:
the interpreter starting with nothing to do (``python3 -c pass``), and
starting with the modules ``qdoc parse`` of a man page imports.  They have
no target; they show how much of groff's time is gone before qdoc reads a
byte.

Each side is timed as the best of N runs, the two sides interleaved so that
load on the machine hits both alike.  Prints a table; exits 1 when a target
is missed (2 when a peer tool is missing).

    python3 benchmarks/bench_html_man.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from _qdoc import CHECKOUT_ENV, clear_caches, compile_bytecode, qdoc  # noqa: E402
from _timing import command, interleaved  # noqa: E402

from qdoc.readers.html import read_html  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
HTML = CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"
MAN = CORPUS / "debian-7.2" / "man" / "qemu-system.1"
#: What ``qdoc parse FILE.1`` imports before it reads a byte (the JSON writer included).
_PARSE_IMPORTS = "import qdoc.cli, qdoc.commands.parse, qdoc.loader, qdoc.readers.man, orjson"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    compile_bytecode()
    for tool in ("pandoc", "groff"):
        if shutil.which(tool) is None:
            print(f"bench_html_man: {tool} is not installed", file=sys.stderr)
            return 2

    data = HTML.read_bytes()
    text = data.decode("utf-8")
    path = str(HTML)
    read_html(text, path)  # imports and compiled patterns once, as in a long-running process
    # The memo caches are emptied before every read: otherwise all runs but the
    # first would look parsed synopses up, and the best of N would time that.
    ours, peer = interleaved(args.repeat, lambda: read_html(text, path), lambda: lxml.html.fromstring(data),
                             reset_first=clear_caches)
    rows = [("read qemu-manpage.html (in-process)", ours, "lxml.html.fromstring", peer, ours / peer, "<= 5", ours / peer <= 5)]

    ours, peer = interleaved(
        max(3, args.repeat // 3),
        qdoc("parse", "-q", str(HTML), "--format", "json"),
        command("pandoc", "-f", "html", "-t", "json", str(HTML)),
    )
    rows.append(("qdoc parse qemu-manpage.html (process)", ours, "pandoc -f html -t json", peer, ours / peer, "<= 0.25", ours / peer <= 0.25))

    ours, peer = interleaved(
        max(3, args.repeat // 3),
        qdoc("parse", "-q", str(MAN)),
        command("groff", "-man", "-Tutf8", str(MAN)),
    )
    rows.append(("qdoc parse qemu-system.1 (process)", ours, "groff -man -Tutf8", peer, ours / peer, "< 1", ours < peer))

    # The floor under both whole-process targets: CPython starting, and
    # starting with the modules `qdoc parse` of a man page needs imported.
    # No Python command can be faster than these on this machine.
    ours, peer = interleaved(
        max(3, args.repeat // 3),
        command(sys.executable, "-c", "pass"),
        command("groff", "-man", "-Tutf8", str(MAN)),
    )
    rows.append(("floor: python3 -c pass", ours, "groff -man -Tutf8", peer, ours / peer, "(floor)", None))
    ours, peer = interleaved(
        max(3, args.repeat // 3),
        command(sys.executable, "-c", _PARSE_IMPORTS, env=CHECKOUT_ENV, check=True),
        command("groff", "-man", "-Tutf8", str(MAN)),
    )
    rows.append(("floor: imports of qdoc parse (man)", ours, "groff -man -Tutf8", peer, ours / peer, "(floor)", None))

    header = ("measure", "qdoc s", "peer", "peer s", "ratio", "target", "ok")
    table = [header] + [(m, f"{o:.4f}", p, f"{ps:.4f}", f"{r:.2f}", t, "-" if ok is None else "yes" if ok else "MISSED")
                        for m, o, p, ps, r, t, ok in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return 0 if all(row[-1] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
