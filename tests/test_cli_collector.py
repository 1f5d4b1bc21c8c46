"""qdoc run as a program runs its command with the cyclic collector off and leaves its heap frozen; a caller keeps its own.

The speed this buys is measured in benchmarks/bench_lint.py; here, the
contract: the program (``qdoc``, ``python -m qdoc``: :func:`qdoc.cli.main`
with no arguments) ends with the collector back on and what it made frozen,
so that no collection walks it again before the process exits; a caller
that passes its own arguments (a test, a tool) finds its collector as it
left it, nothing frozen.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import QEMU, ROOT

HX = str(QEMU / "7.2.0" / "qemu-img-cmds.hx")
PROBE = """
import gc, sys
from qdoc.cli import main
during = []
import qdoc.commands.parse as parse
run = parse.run
def watched(args):
    during.append(gc.isenabled())
    return run(args)
parse.run = watched
register = parse.register
parse.register = lambda sub: (register(sub), sub.choices["parse"].set_defaults(handler=watched))
sys.argv = ["qdoc", "parse", {hx!r}, "-o", {out!r}]
status = main({argv})
print(status, during, gc.isenabled(), gc.get_freeze_count() > 0)
"""


def probe(tmp_path, as_program: bool) -> list[str]:
    out = str(tmp_path / "model.json")
    argv = "" if as_program else repr(["parse", HX, "-o", out])
    code = PROBE.format(hx=HX, out=out, argv=argv)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_program_runs_without_collections_and_freezes_what_it_made(tmp_path):
    assert probe(tmp_path, as_program=True) == ["0", "[False]", "True", "True"]


def test_a_caller_keeps_its_collector(tmp_path):
    assert probe(tmp_path, as_program=False) == ["0", "[True]", "True", "False"]
