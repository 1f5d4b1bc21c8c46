"""Mutation testing of qdoc's core with mutmut: a score per module and every surviving mutant.

    python3 benchmarks/mutation.py                  # every group, summary to benchmarks/mutation-summary.md
    python3 benchmarks/mutation.py --group keys     # one group (repeatable)
    python3 benchmarks/mutation.py --list           # the groups, their files and tests

A mutant is a small deliberate bug (mutmut's operators: ``<`` for ``<=``,
``and`` for ``or``, a string changed, a call's argument dropped, ...) put
into one function.  The tests that cover that function run against it; a
mutant no test notices *survives*, and a survivor is a bug we could make and
ship.  The modules measured are the ones where a silent bug costs users most
(GROUPS below): lint's checks, suppression and engine, diff, history, the
synopsis parser, the model's keys, and the Sphinx extension's ids and objects.

Why the run is shaped this way:

- **One scratch workspace per group** (``build/mutation/<group>``): a copy of
  the tracked files, never the checkout, since mutmut writes ``mutants/``
  beside ``pyproject.toml`` and we add a ``[tool.mutmut]`` table per group.
  ``shared`` beside ``mutants/`` points at the real corpus, so the tests'
  ``../shared/corpus`` resolves as it does in a clone.
- **No cached result hides a mutant**: mutmut forks each mutant's run from a
  process that already ran the tests; tests/conftest.py empties every
  ``functools`` cache when such a run starts, and before every test while
  mutmut records which tests reach which function.
- **The tests of each group are chosen** (GROUPS), so the run fits in an hour
  on two cores: mutmut records which test reaches which function and runs
  only those for each mutant, stopping at the first failure.
- **The CLI runs in the test process**: mutmut learns which tests reach a
  function from in-process calls only, so ``QDOC_TESTS_CLI_IN_PROCESS=1``
  makes tests/conftest.py's ``run_qdoc`` call ``qdoc.cli.main`` in-process
  (same arguments, working directory, environment and captured streams)
  instead of starting ``python -m qdoc``.  Other subprocesses (sphinx-build)
  are not mapped: a function reached only from one shows as "no tests",
  counted as a survivor, never as killed.
- **Equivalent mutants** (a change no input can observe: an unreachable
  default, a cache size, a sort key on values that are never equal) are
  listed in ``benchmarks/mutation-equivalent.txt``, one per line with the
  reason, and leave the denominator.  An entry whose mutant no longer exists
  or is now killed is reported as stale, so the list cannot rot quietly.

Score = (killed + timed out) / (mutants - equivalent).  The target is 85%
per group.  The summary lists every survivor as ``file:line`` with the
changed line before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_LIST = ROOT / "benchmarks" / "mutation-equivalent.txt"
SUMMARY = ROOT / "benchmarks" / "mutation-summary.md"
TARGET = 0.85


@dataclass(frozen=True)
class Group:
    """Source files mutated together, and the tests that may kill their mutants."""

    name: str
    files: tuple[str, ...]
    tests: tuple[str, ...]
    about: str = ""


GROUPS: tuple[Group, ...] = (
    Group("keys", ("qdoc/keys.py",),
          ("tests/test_keys.py", "tests/test_diff_keys.py", "tests/test_history_keys.py", "tests/test_keys_matching.py"),
          "the model's keys: one name per option, form and sub-option"),
    Group("synopsis", ("qdoc/synopsis.py",),
          ("tests/test_synopsis.py", "tests/test_synopsis_tokens.py", "tests/test_rendered_forms.py",
           "tests/test_synopsis_grammar.py"),
          "synopsis parsing: brackets, choices, forms"),
    Group("lint", ("qdoc/lint/checks/*.py", "qdoc/lint/suppress.py", "qdoc/lint/engine.py"),
          # The small-input tests and the corpus tests that read one release or a few; the
          # whole-corpus ones (snapshots of every release, QD106 over every -help, each rule's
          # example) read 26 releases per mutant and would take hours.
          ("tests/test_lint_rules.py", "tests/test_lint_forms.py", "tests/test_lint_scans.py",
           "tests/test_lint_sources.py", "tests/test_lint_baseline.py", "tests/test_lint_dedupe.py",
           "tests/test_lint_cli.py", "tests/test_lint_input_errors.py",
           "tests/test_lint_release_grouping.py", "tests/test_lint_fix.py", "tests/test_lint_check_edges.py",
           "tests/test_lint_engine_edges.py"),
          "lint: the checks, suppression comments and baselines, the engine"),
    Group("diff", ("qdoc/diff/*.py",),
          ("tests/test_diff_keys.py", "tests/test_diff_renames.py", "tests/test_diff_history.py",
           "tests/test_diff_changes.py"),
          "qdoc diff: what changed between two option sets"),
    Group("history", ("qdoc/history/*.py",),
          ("tests/test_history_keys.py", "tests/test_diff_history.py", "tests/test_history_rows.py"),
          "qdoc history: every key's life across releases"),
    Group("sphinx-ids", ("qdoc/sphinx/objects.py", "qdoc/sphinx/domain.py"),
          ("tests/test_sphinx_ids.py",),
          "the Sphinx extension's object names, ids and domain"),
)


# mutmut's exit codes (mutmut.__main__.status_by_exit_code), as the summary names them.
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}


@dataclass
class Mutant:
    name: str
    status: str
    path: str
    line: int
    before: str
    after: str


@dataclass
class GroupResult:
    group: Group
    seconds: float
    mutants: list[Mutant] = field(default_factory=list)


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p and not p.startswith(("benchmarks/", "build/"))]


def present_tests(group: Group) -> list[str]:
    """The group's test files that exist (a file named here but not yet written is skipped, with a note)."""
    present = [t for t in group.tests if (ROOT / t).is_file()]
    for missing in sorted(set(group.tests) - set(present)):
        print(f"{group.name}: note: {missing} does not exist; not run", flush=True)
    return present


def copy_whole(source: Path, target: Path) -> None:
    """Copy ``source``; a Python file that is empty or does not compile is copied again (an editor may be mid-write)."""
    for attempt in range(5):
        shutil.copy2(source, target)
        if target.suffix != ".py":
            return
        try:
            text = target.read_bytes()
            compile(text, str(source), "exec")
            if text or target.name == "__init__.py":
                return
        except SyntaxError:
            pass
        time.sleep(1 + attempt)
    raise SystemExit(f"{source} does not compile: fix it before measuring")


def prepare_workspace(group: Group, workdir: Path) -> Path:
    """A fresh copy of the tracked files (and the group's test files) with the group's ``[tool.mutmut]`` table."""
    workspace = workdir / group.name
    if workspace.exists():
        shutil.rmtree(workspace)
    workspace.mkdir(parents=True)
    tests = present_tests(group)
    for relative in sorted(set(tracked_files()) | set(tests)):
        target = workspace / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_whole(ROOT / relative, target)
    (workspace / "shared").symlink_to((ROOT / ".." / "shared").resolve())
    # What .ci/install-test-deps fetched beside the checkout (the SARIF schema); its
    # directories (the Sphinx 5.3 environment) are for tests no group runs.
    fetched = [p.relative_to(ROOT) for p in sorted((ROOT / ".cache").glob("*")) if p.is_file()]
    for relative in fetched:
        (workspace / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, workspace / relative)
    table = "\n".join([
        "",
        "[tool.mutmut]",
        'source_paths = ["qdoc/"]',
        f"only_mutate = {json.dumps(list(group.files))}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]',
        # mutmut copies qdoc/ and tests/ into mutants/; the rest of the tree the tests read:
        f"also_copy = {json.dumps(['source_docs', 'README.md', '.ci'] + (['.cache'] if fetched else []))}",
        # A mutant's run may take 10x its tests' recorded time (CPU seconds) before it is a
        # timeout: mutmut's default 30x let a loop that never ends hold a worker for minutes.
        "timeout_multiplier = 5.0",
        "use_git_change_detection = false",
        "",
    ])
    with open(workspace / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write(table)
    return workspace


# mutmut with one change: each mutant's tests run fastest first.  mutmut stops
# at the first failure, so a mutant the quick targeted tests kill never waits
# for a corpus-wide one; mutmut itself passes them in no particular order.
_DRIVER = r"""
import sys
import mutmut.__main__ as cli
from mutmut.state import state

make_runner = cli.get_mutant_runner

def runner_fastest_tests_first(*args, **kwargs):
    runner = make_runner(*args, **kwargs)
    submit = runner.submit
    def submit_fastest_first(name, tests, *rest):
        durations = state().duration_by_test
        return submit(name, sorted(tests, key=lambda test: (durations.get(test, 0.0), test)), *rest)
    runner.submit = submit_fastest_first
    return runner

cli.get_mutant_runner = runner_fastest_tests_first
cli.cli(sys.argv[1:])
"""


def run_mutmut(workspace: Path, max_children: int, log: Path) -> float:
    env = dict(os.environ, CI="true", QDOC_TESTS_CLI_IN_PROCESS="1")
    env.pop("PYTHONPATH", None)  # mutmut puts mutants/ first on the path itself
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # every forked run would recompile otherwise
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.run([sys.executable, "-c", _DRIVER, "run", "--max-children", str(max_children)],
                                 cwd=workspace, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"mutmut failed in {workspace} (exit {process.returncode}); log {log}:\n{tail}")
    return seconds


# Run inside the workspace: mutmut's own records of every mutant, its status and its diff.
_DUMP = r"""
import json, sys
from mutmut.__main__ import walk_mutatable_files, status_by_exit_code
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
rows = []
for path in walk_mutatable_files():
    data = SourceFileMutationData(path=path)
    data.load()
    for name, code in data.exit_code_by_key.items():
        status = status_by_exit_code[code]
        diff = "" if status == "killed" else get_diff_for_mutant(name, path=path)
        rows.append({"name": name, "status": status, "path": str(path), "diff": diff})
json.dump(rows, sys.stdout)
"""


def changed_line(diff: str) -> tuple[str, str]:
    """The first removed and added line of a mutant's diff (either may be empty)."""
    before = after = ""
    for line in diff.splitlines():
        if line.startswith("---") or line.startswith("+++"):
            continue
        if line.startswith("-") and not before:
            before = line[1:]
        elif line.startswith("+") and not after:
            after = line[1:]
    return before, after


def locate(path: Path, function: str, before: str, after: str) -> int:
    """The line of the original file the mutant changed, found in its function's text."""
    import ast
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    first, last = 1, len(lines)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            first, last = node.lineno, node.end_lineno or node.lineno
            break
    wanted = before.strip()
    if wanted:
        for number in range(first, last + 1):
            if lines[number - 1].strip() == wanted:
                return number
    return first


def read_mutants(workspace: Path) -> list[Mutant]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "-c", _DUMP], cwd=workspace, env=env, check=True,
                         capture_output=True, text=True).stdout
    mutants = []
    for row in json.loads(out):
        path = Path(row["path"])
        relative = path.relative_to("mutants") if path.parts[0] == "mutants" else path
        before, after = changed_line(row["diff"])
        # mutant names are module.x_function__mutmut_N or module.xǁClassǁmethod__mutmut_N
        function = row["name"].rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0].split("ǁ")[-1]
        function = function[2:] if function.startswith("x_") else function
        line = locate(ROOT / relative, function, before, after) if row["status"] not in DETECTED else 0
        mutants.append(Mutant(row["name"], row["status"], str(relative), line, before.strip(), after.strip()))
    return mutants


def read_result(group: Group, workdir: Path) -> GroupResult:
    """A group's last run, as :func:`main` saved it in ``workdir/GROUP.json``."""
    saved = json.loads((workdir / f"{group.name}.json").read_text(encoding="utf-8"))
    return GroupResult(group, saved["seconds"], [Mutant(**row) for row in saved["mutants"]])


def read_equivalent() -> dict[str, str]:
    """The committed list: ``mutant-name  reason`` per line, ``#`` comments."""
    listed: dict[str, str] = {}
    if not EQUIVALENT_LIST.exists():
        return listed
    for raw in EQUIVALENT_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        listed[name] = reason.strip()
    return listed


def score(mutants: list[Mutant], equivalent: dict[str, str]) -> tuple[int, int, float]:
    counted = [m for m in mutants if m.name not in equivalent or m.status in DETECTED]
    detected = sum(m.status in DETECTED for m in counted)
    return detected, len(counted), (detected / len(counted) if counted else 1.0)


def summary(results: list[GroupResult], equivalent: dict[str, str], total_seconds: float, max_children: int,
            *, separate_runs: bool = False) -> str:
    import mutmut
    took = (f"the groups' last runs, each made on its own, took {total_seconds / 60:.1f} minutes together"
            if separate_runs else f"{total_seconds / 60:.1f} minutes in all")
    out = ["# Mutation testing: score per module", "",
           f"Written by `python3 benchmarks/mutation.py` (mutmut {mutmut.__version__}, {max_children} workers, "
           f"{os.cpu_count()} cores): {took}.  "
           f"Score = (killed + timed out) / (mutants - equivalent); target {TARGET:.0%} per group.  "
           "Equivalent mutants: `benchmarks/mutation-equivalent.txt`.", "",
           "| group | files | mutants | killed or timed out | survived | no tests | equivalent | score | minutes |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        mutants = result.mutants
        detected, counted, ratio = score(mutants, equivalent)
        survived = sum(m.status == "survived" and m.name not in equivalent for m in mutants)
        untested = sum(m.status == "no tests" and m.name not in equivalent for m in mutants)
        listed = sum(m.name in equivalent and m.status not in DETECTED for m in mutants)
        mark = "" if ratio >= TARGET else " (below target)"
        out.append(f"| {result.group.name} | {', '.join(result.group.files)} | {len(mutants)} | {detected} | "
                   f"{survived} | {untested} | {listed} | {ratio:.1%}{mark} | {result.seconds / 60:.1f} |")
    out += ["", "The tests each group's mutants run against (each mutant runs only those of them that reach",
            "the mutated function, fastest first, until one fails):", ""]
    out += [f"- {r.group.name}: {', '.join(t.removeprefix('tests/') for t in r.group.tests)}" for r in results]
    out += ["", "## Per file", "", "| file | mutants | detected | score |", "|---|---:|---:|---:|"]
    for result in results:
        for path in sorted({m.path for m in result.mutants}):
            mine = [m for m in result.mutants if m.path == path]
            detected, counted, ratio = score(mine, equivalent)
            out.append(f"| {path} | {len(mine)} | {detected} | {ratio:.1%} |")
    names = {m.name for r in results for m in r.mutants}
    statuses = {m.name: m.status for r in results for m in r.mutants}
    measured_groups = {r.group.name for r in results}
    stale = [name for name in equivalent
             if _group_of(name) in measured_groups and (name not in names or statuses.get(name) in DETECTED)]
    out += ["", "## Surviving mutants", ""]
    survivors = [m for r in results for m in r.mutants if m.status not in DETECTED and m.name not in equivalent]
    if not survivors:
        out.append("None.")
    for m in sorted(survivors, key=lambda m: (m.path, m.line, m.name)):
        out.append(f"- `{m.path}:{m.line}` {m.status}: `{m.before}` -> `{m.after}` ({m.name})")
    out += ["", "## Not mutated: decorated functions", "",
            "mutmut leaves a decorated function alone (its decorator runs at import, and a property or",
            "cache would not survive the trampoline), so these are outside the score:", ""]
    out += [f"- `{path}:{line}` {name} (@{decorator})" for r in results for path, line, name, decorator in decorated(r.group)] or ["None."]
    out += ["", "## Stale entries in the equivalent list", ""]
    out += [f"- {name}: {'no such mutant' if name not in names else 'killed now'}" for name in stale] or ["None."]
    return "\n".join(out) + "\n"


def decorated(group: Group) -> list[tuple[str, int, str, str]]:
    """(path, line, function, decorator) for each decorated function in the group's files, which mutmut skips."""
    import ast
    found = []
    for pattern in group.files:
        for path in sorted(ROOT.glob(pattern)):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
                    names = [ast.unparse(d).split("(")[0] for d in node.decorator_list]
                    if names not in (["staticmethod"], ["classmethod"]):
                        found.append((str(path.relative_to(ROOT)), node.lineno, node.name, ", @".join(names)))
    return found


def _group_of(mutant_name: str) -> str | None:
    module = mutant_name.split(".x")[0].replace(".", "/")
    for group in GROUPS:
        for pattern in group.files:
            import fnmatch
            if fnmatch.fnmatch(module + ".py", pattern):
                return group.name
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", action="append", choices=[g.name for g in GROUPS],
                        help="measure this group only (repeatable; default every group)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--summary", type=Path, default=SUMMARY,
                        help="where to write the Markdown summary (default %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the groups and exit")
    parser.add_argument("--report-only", action="store_true",
                        help="write the summary from the groups' last runs in --workdir (GROUP.json), running nothing")
    args = parser.parse_args(argv)
    chosen = [g for g in GROUPS if not args.group or g.name in args.group]
    if args.list:
        for group in chosen:
            print(f"{group.name}: {group.about}\n  mutates: {' '.join(group.files)}\n  tests:   {' '.join(group.tests)}")
        return 0
    equivalent = read_equivalent()
    if args.report_only:
        results = [read_result(group, args.workdir) for group in chosen]
        total = sum(r.seconds for r in results)
        args.summary.write_text(summary(results, equivalent, total, args.max_children, separate_runs=True),
                                encoding="utf-8")
        print(f"summary: {args.summary}")
        return 1 if any(score(r.mutants, equivalent)[2] < TARGET for r in results) else 0
    results = []
    start = time.perf_counter()
    for group in chosen:
        workspace = prepare_workspace(group, args.workdir)
        log = args.workdir / f"{group.name}.log"
        print(f"{group.name}: running mutmut (log {log})", flush=True)
        seconds = run_mutmut(workspace, args.max_children, log)
        result = GroupResult(group, seconds, read_mutants(workspace))
        detected, counted, ratio = score(result.mutants, equivalent)
        print(f"{group.name}: {detected}/{counted} detected = {ratio:.1%} in {seconds / 60:.1f} min", flush=True)
        (args.workdir / f"{group.name}.json").write_text(
            json.dumps({"seconds": seconds, "mutants": [m.__dict__ for m in result.mutants]}, indent=1),
            encoding="utf-8")
        results.append(result)
    text = summary(results, equivalent, time.perf_counter() - start, args.max_children)
    args.summary.write_text(text, encoding="utf-8")
    print(f"summary: {args.summary}")
    below = [r.group.name for r in results if score(r.mutants, equivalent)[2] < TARGET]
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
