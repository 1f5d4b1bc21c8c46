"""Shared fixtures: the real QEMU corpus in ../shared/corpus (never copied here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
QEMU = CORPUS / "qemu"


def _require_corpus() -> None:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.fail(f"the QEMU corpus is missing: expected {CORPUS} (../shared/corpus beside the clone)", pytrace=False)


_require_corpus()

RELEASES = sorted(p.name for p in QEMU.iterdir() if (p / "qemu-options.hx").is_file())


def corpus_files(pattern: str) -> list[Path]:
    return sorted(QEMU.glob(pattern))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


def srst_text(hx: str) -> str:
    """The SRST blocks of an .hx file, one after another, as hxtool hands them to Sphinx.

    Each marker line becomes a blank line, so blocks stay apart; an independent scan for
    the tests (docutils reads the result), not qdoc's reader.
    """
    lines, inside = [], False
    for line in hx.splitlines():
        if line.startswith("SRST"):
            inside = True
            lines.append("")
        elif line.startswith("ERST"):
            inside = False
            lines.append("")
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def small_tree(tmp_path: Path, hx: str) -> Path:
    """``tmp_path/tree`` holding one qemu-options.hx of text ``hx`` (configuration and trust tests)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text(hx)
    return tree


def isolated_user_config(tmp_path: Path) -> dict[str, str]:
    """An environment whose user configuration folder is an empty one of its own, not the tester's."""
    (tmp_path / "xdg").mkdir(exist_ok=True)
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}


#: Set by benchmarks/mutation.py: run the CLI inside the test process, where mutmut can see which
#: test reaches which function (it maps in-process calls only).  Never set in CI.
CLI_IN_PROCESS = bool(os.environ.get("QDOC_TESTS_CLI_IN_PROCESS"))


def _clear_function_caches() -> None:
    """Empty the ``functools`` caches of qdoc's modules and the tests' (functions and methods).

    A walk of the modules' namespaces, not of every object in the process:
    this runs before each test while mutmut records which tests reach which
    function, and a heap holding the corpus's models is millions of objects.
    """
    import functools

    tests = str(Path(__file__).resolve().parent)
    for name, module in list(sys.modules.items()):
        if not (name == "qdoc" or name.startswith("qdoc.") or (getattr(module, "__file__", None) or "").startswith(tests)):
            continue
        for value in list(vars(module).values()):
            members = vars(value).values() if isinstance(value, type) else (value,)
            for member in members:
                member = getattr(member, "__func__", member)  # staticmethod / classmethod
                if isinstance(member, functools._lru_cache_wrapper):
                    member.cache_clear()


if CLI_IN_PROCESS:
    # mutmut forks each mutant's run from a process that has already run the
    # tests, so a cached model or lint result computed by the *unmutated* code
    # would be served to the mutant and hide it.  Each run (a pytest session
    # in the forked child) starts with the caches empty.  While mutmut records
    # which tests reach which function (MUTANT_UNDER_TEST=stats), the caches are
    # emptied before every test, or only the first test to fill a cache would
    # be recorded as reaching the code behind it.
    def pytest_sessionstart(session):
        _clear_function_caches()

    @pytest.fixture(autouse=True)
    def _every_test_computes_for_mutmut_stats():
        if os.environ.get("MUTANT_UNDER_TEST") == "stats":
            _clear_function_caches()
        yield


def _run_qdoc_in_process(args: tuple[str, ...], cwd: str | os.PathLike, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``qdoc.cli.main(args)`` with the working directory, environment and standard streams a process would have."""
    import contextlib
    import io

    from qdoc.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    os.chdir(cwd)
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess([sys.executable, "-m", "qdoc", *args], code, out.getvalue(), err.getvalue())


def run_qdoc(*args: str, cwd: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (a separate process, real exit code); ``env`` adds to the environment."""
    if CLI_IN_PROCESS:
        return _run_qdoc_in_process(args, cwd or ROOT, {"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "qdoc", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


def groff_lines(page: Path) -> list[str]:
    """``page`` as groff renders it for a UTF-8 terminal: one line per paragraph, words single-spaced.

    Lines are 5000 ens long and hyphenation is off, so a paragraph's words
    come out whole and on one line.
    """
    import shutil

    assert shutil.which("groff"), "groff is needed (apt-get install groff)"
    result = subprocess.run(["groff", "-man", "-Tutf8", "-k", "-rLL=5000n", "-rHY=0", "-P-cbou", str(page)],
                            capture_output=True, text=True, check=True)
    return [" ".join(line.split()) for line in result.stdout.split("\n")]


#: A texinfo manual that includes options-y.texi (see :func:`write_manuals_including_a_broken_file`).
INCLUDING_MANUAL = """\
\\input texinfo
@setfilename qemu-doc.info
@settitle QEMU
@node Top
@top QEMU
@table @option
@item -x
The x.
@end table
@include options-y.texi
@bye
"""


def write_manuals_including_a_broken_file(directory: Path, *manuals: str) -> Path:
    """``manuals`` (file names) in ``directory``, each including options-y.texi, which has three errors.

    The errors: an ``@table`` never closed, an ``@end itemize`` without a
    start, an ``@include`` of a missing file.  Returns options-y.texi's path.
    """
    for manual in manuals:
        (directory / manual).write_text(INCLUDING_MANUAL)
    included = directory / "options-y.texi"
    included.write_text("@table @option\n@item -y\nThe y.\n@end itemize\n@include missing.texi\n")
    return included


class EarlyProcess:
    """A long subprocess one test needs, started when collection ends rather than when the test runs.

    pytest runs one test at a time, so on CI's two cores one core is idle
    while the suite runs in-process code; a long subprocess started at once
    (a whole test file on another Sphinx toolchain) runs on that core, and
    its test only waits for what is left of it.  It starts only if its test
    was selected; output goes to files (an unread pipe would fill and stall
    it); what is still running when the session ends is killed.  The test
    asserts on :meth:`result`, a ``CompletedProcess`` as ``subprocess.run``
    gives.
    """

    started: list["EarlyProcess"] = []

    def __init__(self, argv: list[str], **popen_kwargs) -> None:
        self.argv, self.popen_kwargs = argv, popen_kwargs
        self.process: subprocess.Popen | None = None
        self.error: OSError | None = None

    def start(self) -> None:
        """Start it once; a program that cannot start is the test's failure (in :meth:`result`), not the session's."""
        if self.process is None and self.error is None:
            import tempfile

            self.stdout, self.stderr = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
            try:
                self.process = subprocess.Popen(self.argv, stdout=self.stdout, stderr=self.stderr, text=True, **self.popen_kwargs)
            except OSError as exc:
                self.error = exc
                return
            EarlyProcess.started.append(self)

    def result(self, timeout: float) -> subprocess.CompletedProcess:
        self.start()
        if self.error is not None:
            raise self.error
        returncode = self.process.wait(timeout)
        self.stdout.seek(0)
        self.stderr.seek(0)
        return subprocess.CompletedProcess(self.argv, returncode, self.stdout.read(), self.stderr.read())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def pytest_collection_finish(session):
    """Start the :class:`EarlyProcess` (a test function's ``early_process``) of every selected test."""
    if session.config.option.collectonly:
        return
    for item in session.items:
        early = getattr(getattr(item, "function", None), "early_process", None)
        if early is not None:
            early.start()


def pytest_sessionfinish(session):
    for early in EarlyProcess.started:
        early.stop()
