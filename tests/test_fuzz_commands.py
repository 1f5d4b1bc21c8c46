"""Every command on damaged and hostile trees keeps the command line's promises (tests/fuzz/commands.py).

Each target (``parse`` of each format, ``lint``, ``diff``, ``history``,
``convert``, ``man``, ``build --no-sphinx`` and a Sphinx ``build``) runs
``QDOC_FUZZ_COMMAND_CASES`` cases (150 by default; a Sphinx build counts for
five) in-process on small trees of mutated corpus excerpts and constructs
aimed at the guards: includes leaving the tree, ``.so`` loops, brace runs,
deep HTML, huge JSON numbers, named pipes, a tree's configuration naming a
program, a careless ``-o``.  No internal error, no hang, nothing written
after exit 2, no file changed, nothing read from outside the tree, nothing
run (the list is in tests/fuzz/commands.py).  A failing case prints its target, number and seed, how to reproduce it, and
where its input was saved.  ``benchmarks/bench_fuzz.py`` runs the same
harness at 2,000 cases per target.

The harness itself is tested too: each promise it checks is broken on
purpose once (a patched reader), and the harness must say so.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from fuzz import commands

#: Cases per target in CI (70 s in all on a loaded two-core machine).
CASES = int(os.environ.get("QDOC_FUZZ_COMMAND_CASES", "150"))
SEED = os.environ.get("QDOC_FUZZ_SEED", "0")


@pytest.mark.slow
@pytest.mark.parametrize("target", sorted(commands.TARGETS))
def test_command_keeps_its_promises_on_damaged_trees(target, tmp_path):
    tally = commands.run_target(target, commands.budget(target, CASES), SEED, work=tmp_path)
    report = "\n\n".join(commands.describe(f) for f in tally.failures[:10])
    assert not tally.failures, f"{len(tally.failures)} of {tally.cases} {target} cases broke a promise:\n\n{report}"
    # Not vacuous: the cases reach both the writers (exit 0) and the error paths (exit 2).
    assert tally.statuses.get(0, 0) and tally.statuses.get(2, 0), tally.statuses


# --- the harness sees each broken promise ---------------------------------------------------------


def _parse_case() -> commands.Case:
    """A clean ``qdoc parse`` of a -help excerpt, writing to out/model.json."""
    argv = ["parse", "src/help.txt", "--from", "help", "-o", "out/model.json"]
    case = commands.Case(target="parse-help", number=0, seed="self-test", argv=argv)
    case.files.update({k: v.encode() for k, v in commands.SECRETS.items()})
    case.files[commands.EVIL] = commands.EVIL_SCRIPT.encode()
    case.files["src/help.txt"] = b"usage: qemu-system-x86_64 [options] [disk_image]\n\n-x          an option\n"
    case.outputs.append("out/model.json")
    return case


def _fail_with(kind: str):
    """A reader that breaks the promise ``kind`` (run with the case's folder as cwd)."""
    from qdoc.model import Diagnostic, Location
    from qdoc.source import InputError

    def reader(*args, **kwargs):
        if kind == "internal-error":
            raise ValueError("a bug")
        if kind == "escaped":
            raise GeneratorExit  # a BaseException no handler of the CLI catches
        if kind == "hang":
            time.sleep(30)
        if kind == "recursion":
            raise RecursionError
        if kind == "source-changed":
            Path("src/help.txt").write_text("changed\n")
        if kind == "source-added":
            Path("src/new.json").write_text("{}\n")
        if kind == "temporary-files":
            Path("out").mkdir()
            Path("out/.qdoc-tmp-1-abcdef.tmp").write_text("")
        if kind == "read-outside-root":
            Path("out").mkdir()
            Path("out/model.json").write_text(Path("secret/secret.txt").read_text())
        if kind == "wrote-outside":
            Path("secret/baseline.json").write_text("{}")
        if kind == "ran-program":
            Path(commands.EVIL_MARK).write_text("")
        if kind == "output-after-error":
            Path("out").mkdir()
            Path("out/model.json").write_text("{}")
        where = Location(path="src/help.txt", line=1)
        raise InputError(Diagnostic(severity="error", code="test-error", message="bad", location=where))

    return reader


@pytest.mark.parametrize(
    "kind",
    ["internal-error", "escaped", "hang", "recursion", "source-changed", "source-added", "temporary-files",
     "read-outside-root", "wrote-outside", "ran-program", "output-after-error"],
)
def test_harness_reports_each_broken_promise(kind, tmp_path, monkeypatch):
    import qdoc.readers

    case = _parse_case()
    clean = commands.execute(case, tmp_path / "clean", seconds=10)
    assert not clean.problems and clean.status == 0, clean.problems
    monkeypatch.setattr(qdoc.readers, "read", _fail_with(kind))
    outcome = commands.execute(case, tmp_path / "broken", seconds=1)
    assert kind in outcome.kinds, outcome.problems


def test_a_read_outside_the_root_is_seen_even_when_nothing_shows_it(tmp_path, monkeypatch):
    """A file outside the tree opened through a link inside it, its text thrown away: still a finding."""
    import qdoc.readers

    real = qdoc.readers.read

    def reader(*args, **kwargs):
        with open("src/link-to-secret.txt", encoding="utf-8") as handle:
            handle.read()
        return real(*args, **kwargs)

    monkeypatch.setattr(qdoc.readers, "read", reader)
    case = _parse_case()
    case.symlinks["src/link-to-secret.txt"] = "../secret/secret.txt"
    outcome = commands.execute(case, tmp_path, seconds=10)
    assert outcome.status == 0 and outcome.kinds == {"read-outside-root"}, outcome.problems
    assert "secret/secret.txt" in outcome.problems[0]


def test_writing_beside_the_tree_is_not_a_read(tmp_path):
    """``-o secret/model.json`` writes into a folder outside the tree: what the user asked, not a leak."""
    case = _parse_case()
    case.argv[-1] = "secret/model.json"
    case.outputs = []
    outcome = commands.execute(case, tmp_path, seconds=10)
    assert outcome.status == 0 and not outcome.problems, outcome.problems
    assert (tmp_path / "secret" / "model.json").is_file()


def test_a_stall_that_does_not_repeat_is_no_hang(tmp_path, monkeypatch):
    """A loaded machine stalls a run now and then; a case is a hang only when it runs out of time twice."""
    import qdoc.readers

    real, calls = qdoc.readers.read, []

    def stalls_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(qdoc.readers, "read", stalls_once)
    outcome = commands.run_case(_parse_case(), tmp_path, seconds=1)
    assert outcome.status == 0 and not outcome.problems and len(calls) == 2, outcome.problems
    monkeypatch.setattr(qdoc.readers, "read", _fail_with("hang"))
    outcome = commands.run_case(_parse_case(), tmp_path, seconds=1)
    assert outcome.kinds == {"hang"} and "twice" in outcome.problems[0], outcome.problems


def test_a_temporary_folder_left_behind_is_reported(tmp_path, monkeypatch):
    import tempfile

    import qdoc.readers

    def reader(*args, **kwargs):
        tempfile.mkdtemp(prefix="qdoc-")  # in the folder the harness gives qdoc as its temporary folder
        raise ValueError("no cleanup")

    monkeypatch.setattr(qdoc.readers, "read", reader)
    outcome = commands.execute(_parse_case(), tmp_path, seconds=10)
    assert "temporary-files" in outcome.kinds, outcome.problems


def test_cases_are_reproducible_from_target_and_number():
    for target in commands.TARGETS:
        first, again = commands.make_case(target, 7, "s"), commands.make_case(target, 7, "s")
        assert first.files == again.files and first.argv == again.argv and first.symlinks == again.symlinks
    assert commands.make_case("parse-hx", 7, "s").files != commands.make_case("parse-hx", 8, "s").files


def test_minimise_keeps_the_failure_and_drops_the_rest(tmp_path, monkeypatch):
    import qdoc.readers

    real = qdoc.readers.read

    def reader(text, *args, **kwargs):
        if "-boom" in text:
            raise ValueError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(qdoc.readers, "read", reader)
    case = _parse_case()
    case.main = "src/help.txt"
    case.files["src/help.txt"] = b"".join(b"-opt%d   text\n" % k for k in range(40)) + b"-boom   x\n" + b"-y  z\n" * 20
    small = commands.minimise(case, "internal-error", seconds=10)
    assert small.files["src/help.txt"] == b"-boom   x\n"


# --- regressions found by the harness ---------------------------------------------------------------


def test_history_html_of_releases_without_options(tmp_path):
    """history case 20: releases that document no option made the HTML chart divide by zero."""
    case = commands.Case(target="history", number=0, seed="regression",
                         argv=["history", "src/1.0/qemu-options.hx", "src/2.0/qemu-options.hx", "--format", "html",
                               "-o", "out/history.html"])
    case.files["src/1.0/qemu-options.hx"] = b"HXCOMM no options\n"
    case.files["src/2.0/qemu-options.hx"] = b"HXCOMM still none\n"
    case.files[commands.EVIL] = commands.EVIL_SCRIPT.encode()
    case.outputs.append("out/history.html")
    outcome = commands.execute(case, tmp_path, seconds=10)
    assert outcome.status == 0 and not outcome.problems, (outcome.problems, outcome.stderr)
    assert "<svg" in (tmp_path / "out" / "history.html").read_text(encoding="utf-8")
