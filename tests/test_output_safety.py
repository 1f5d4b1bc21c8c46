"""Outputs lose nothing: what qdoc did not write survives, inputs are never written over (issue 18).

Each test builds the careless command line on a tree in tmp_path and runs
the CLI as a user would; :mod:`qdoc.outputs` holds the rules.  CI runs as
root, where writing over ``/dev/null`` or a file of another user is possible.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import CORPUS, QEMU, ROOT, run_qdoc

HX = QEMU / "7.2.0" / "qemu-options.hx"
IMG_HX = QEMU / "10.2.0" / "qemu-img-cmds.hx"


def digest(tree: Path) -> dict[str, str]:
    """Every file under ``tree`` and a hash of its bytes."""
    return {str(p.relative_to(tree)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tree.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".qdoc-") and p.name != ".qdoc-output")


def source_tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_docs", src)
    return src


def qdoc_with_umask(umask: int, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qdoc", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=lambda: os.umask(umask),
    )


# -- output folders: nothing qdoc did not write is deleted ------------------------------


def test_build_leaves_a_folder_it_did_not_write_alone(tmp_path):
    """`qdoc build SRC -o out` emptied out/: the user's mine.txt was deleted."""
    src = source_tree(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's notes\n")
    result = run_qdoc("build", str(src), "-o", str(out), "--no-sphinx")
    assert result.returncode == 2, result.stderr
    assert "not written by qdoc" in result.stderr and ".qdoc-output" in result.stderr and "Traceback" not in result.stderr
    assert digest(out) == {"mine.txt": hashlib.sha256(b"the user's notes\n").hexdigest()}
    assert leftovers(tmp_path) == []


def test_build_notices_a_file_added_to_its_own_folder(tmp_path):
    """The manifest lists what the build wrote: a file added since is named, not deleted."""
    src = source_tree(tmp_path)
    out = tmp_path / "out"
    assert run_qdoc("build", str(src), "-o", str(out), "--no-sphinx").returncode == 0
    manifest = json.loads((out / ".qdoc-output").read_text())
    assert "summary.json" in manifest["entries"] and "json/" in manifest["entries"]
    (out / "json" / "mine.txt").write_text("added by hand\n")
    before = digest(out)
    result = run_qdoc("build", str(src), "-o", str(out), "--no-sphinx")
    assert result.returncode == 2 and f"{out / 'json' / 'mine.txt'}: not written by qdoc" in result.stderr
    assert digest(out) == before


@pytest.mark.parametrize("case", ["out-is-src", "out-holds-src", "out-inside-src", "out-holds-cwd"])
def test_build_refuses_an_output_that_holds_or_is_held_by_its_sources(tmp_path, case):
    """-o onto the sources, their parent, a folder inside them, or around the working directory."""
    src = source_tree(tmp_path)
    cwd = tmp_path
    if case == "out-is-src":
        out, expected = src, "is the source"
    elif case == "out-holds-src":
        out, expected = tmp_path, "contains the source"
    elif case == "out-inside-src":
        out, expected = src / "build", "is inside the source"
    else:  # `cd out/json && qdoc build SRC -o ..`: a folder the build wrote, around the shell's directory
        out, expected = tmp_path / "out", "contains the current directory"
        assert run_qdoc("build", str(src), "-o", str(out), "--no-sphinx").returncode == 0
        cwd = out / "json"
    before = digest(tmp_path)
    result = run_qdoc("build", str(src), "-o", os.path.relpath(out, cwd), "--no-sphinx", cwd=cwd)
    assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert digest(tmp_path) == before and cwd.is_dir()
    assert leftovers(tmp_path) == [] and leftovers(src) == []


def test_convert_writes_only_into_its_own_folder(tmp_path):
    """A user's folder with a conf.py is refused; a folder convert wrote keeps what others added there."""
    manual = CORPUS / "qemu" / "4.2.0" / "qemu-doc.texi"
    built = CORPUS / "built" / "4.2.0"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "conf.py").write_text("project = 'mine'\n")
    result = run_qdoc("convert", str(manual), "-I", str(built), "-o", str(mine), "-q")
    assert result.returncode == 2 and "not written by qdoc" in result.stderr
    assert digest(mine) == {"conf.py": hashlib.sha256(b"project = 'mine'\n").hexdigest()}

    project = tmp_path / "project"
    assert run_qdoc("convert", str(manual), "-I", str(built), "-o", str(project), "-q").returncode == 0
    (project / "_build").mkdir()
    (project / "_build" / "index.html").write_text("sphinx-build's output\n")
    # A chapter of an older conversion, recorded in the manifest, that this conversion no longer makes.
    manifest = json.loads((project / ".qdoc-output").read_text())
    (project / "99-old-chapter.rst").write_text("Old\n===\n")
    manifest["entries"].append("99-old-chapter.rst")
    (project / ".qdoc-output").write_text(json.dumps(manifest))
    assert run_qdoc("convert", str(manual), "-I", str(built), "-o", str(project), "-q").returncode == 0
    assert (project / "_build" / "index.html").read_text() == "sphinx-build's output\n"
    assert not (project / "99-old-chapter.rst").exists() and (project / "index.rst").is_file()


def test_man_replaces_only_pages_it_wrote(tmp_path):
    """`qdoc man` into a man folder holding the user's own qemu-img.1 overwrote it."""
    folder = tmp_path / "man1"
    folder.mkdir()
    (folder / "qemu-img.1").write_text(".TH MINE 1\n")
    result = run_qdoc("man", str(IMG_HX), "-o", str(folder))
    assert result.returncode == 2 and "qemu-img.1: exists and was not written by qdoc" in result.stderr
    assert (folder / "qemu-img.1").read_text() == ".TH MINE 1\n"
    (folder / "qemu-img.1").unlink()
    (folder / "other.1").write_text(".TH OTHER 1\n")
    assert run_qdoc("man", str(IMG_HX), "-o", str(folder)).returncode == 0
    assert run_qdoc("man", str(IMG_HX), "-o", str(folder)).returncode == 0  # its own page, replaced
    assert (folder / "other.1").read_text() == ".TH OTHER 1\n" and (folder / "qemu-img.1").read_text().startswith(".\\\"")


def test_a_folder_belongs_to_the_command_that_wrote_it(tmp_path):
    """`qdoc man -o` a build's folder would list its page in the build's manifest; convert would prune the build."""
    src = source_tree(tmp_path)
    out = tmp_path / "out"
    assert run_qdoc("build", str(src), "-o", str(out), "--no-sphinx", "-q").returncode == 0
    before = digest(out)
    result = run_qdoc("man", str(IMG_HX), "-o", str(out))
    assert result.returncode == 2 and "written by qdoc build, not by qdoc man" in result.stderr, result.stderr
    assert digest(out) == before


# -- never onto an input ------------------------------------------------------------------


def _parse_link(tmp_path: Path, kind: str) -> tuple[list[str], Path]:
    hx = tmp_path / "qemu-options.hx"
    shutil.copy(HX, hx)
    if kind == "same":
        return ["parse", str(hx), "-q", "-o", str(hx)], hx
    other = tmp_path / "model.json"
    if kind == "hard":
        os.link(hx, other)
    else:
        other.symlink_to(hx.name)
    return ["parse", str(hx), "-q", "-o", str(other)], hx


@pytest.mark.parametrize("kind", ["same", "hard", "symlink"])
def test_parse_never_writes_onto_its_input(tmp_path, kind):
    """`qdoc parse X.hx -o X.hx` (or a link to it) replaced the .hx with its JSON."""
    args, hx = _parse_link(tmp_path, kind)
    before = digest(tmp_path)
    result = run_qdoc(*args)
    assert result.returncode == 2 and "is an input of this command" in result.stderr, result.stderr
    assert digest(tmp_path) == before and hx.read_bytes() == HX.read_bytes()


def test_parse_never_writes_onto_an_included_file(tmp_path):
    """Every file the model was read from counts: here the manual's @include."""
    (tmp_path / "manual.texi").write_text("@node Top\n@top M\n@include opts.texi\n@bye\n")
    (tmp_path / "opts.texi").write_text("@table @option\n@item -x\nThe x.\n@end table\n")
    before = digest(tmp_path)
    result = run_qdoc("parse", str(tmp_path / "manual.texi"), "-q", "-o", str(tmp_path / "opts.texi"))
    assert result.returncode == 2 and "is an input" in result.stderr, result.stderr
    assert digest(tmp_path) == before


def test_lint_diff_history_never_write_onto_their_inputs(tmp_path):
    """`qdoc lint tree -o tree/qemu-options.hx`, `qdoc diff A B -o A`, `qdoc history A B -o B`."""
    src = source_tree(tmp_path)
    old, new = src / "1.0.0" / "qemu-options.hx", src / "1.1.0" / "qemu-options.hx"
    before = digest(src)
    for args in (
        ["lint", str(src), "-o", str(new)],
        ["diff", str(old), str(new), "-o", str(old)],
        ["history", str(old), str(new), "-o", str(new)],
    ):
        result = run_qdoc(*args)
        assert result.returncode == 2 and "is an input of this command" in result.stderr, (args, result.stderr)
        assert digest(src) == before, args


def test_man_never_writes_where_the_next_lint_of_the_tree_reads(tmp_path):
    """`qdoc man tree/qemu-img-cmds.hx -o tree/docs` was accepted: the next `qdoc lint tree` read the page too.

    A folder the tree walk goes through is refused; `build/` (skipped by every
    walk, QEMU's own build folder) and a folder beside the tree are fine.
    """
    tree = tmp_path / "tree"
    (tree / "docs").mkdir(parents=True)
    source = tree / "qemu-img-cmds.hx"
    shutil.copy(IMG_HX, source)
    for inside in (tree / "docs", tree / "man"):
        result = run_qdoc("man", str(source), "-o", str(inside))
        assert result.returncode == 2 and f"{inside}: lies in the source tree" in result.stderr, result.stderr
        assert not (inside / ".qdoc-output").exists() and not (inside / "qemu-img.1").exists()
    for fine in (tree / "build" / "man", tmp_path / "man"):
        result = run_qdoc("man", str(source), "-o", str(fine))
        assert result.returncode == 0 and (fine / "qemu-img.1").is_file(), result.stderr
    listed = run_qdoc("lint", str(tree), "--format", "json")
    assert "qemu-img.1" not in listed.stdout


def test_a_write_error_names_what_failed():
    """`qdoc parse X -o /dev/full` printed `qdoc: : No space left on device` (an empty file name)."""
    result = run_qdoc("parse", str(IMG_HX), "-o", "/dev/full")
    assert result.returncode == 2 and result.stderr.strip().endswith("qdoc: No space left on device"), result.stderr


def test_lint_never_writes_onto_its_configuration(tmp_path):
    """`qdoc lint src -o src/qdoc.toml` replaced the configuration it had just read with the report."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(HX, src / "qemu-options.hx")
    config = src / "qdoc.toml"
    config.write_text('select = ["QD1"]\n')
    result = run_qdoc("lint", str(src), "-o", str(config))
    assert result.returncode == 2 and "is an input of this command" in result.stderr, result.stderr
    assert config.read_text() == 'select = ["QD1"]\n'


def test_man_never_writes_onto_its_source(tmp_path):
    """`qdoc man DIR/qemu-img.1 -o DIR`: the page built would replace the page read."""
    page = tmp_path / "qemu-img.1"
    shutil.copy(CORPUS / "debian-7.2" / "man" / "qemu-img.1", page)
    result = run_qdoc("man", str(page), "-o", str(tmp_path))
    assert result.returncode == 2 and f"holds the source {page}" in result.stderr, result.stderr
    assert page.read_bytes() == (CORPUS / "debian-7.2" / "man" / "qemu-img.1").read_bytes()


@pytest.mark.parametrize("command", ["man", "convert"])
def test_man_and_convert_never_write_among_their_sources(tmp_path, command):
    """`qdoc man src/qemu-img-cmds.hx -o src` wrote qemu-img.1 and a manifest into the source folder.

    The page is read back by the next `qdoc lint src` (a second copy of every
    finding), and `-o .` from the tree litters it: refused, the tree unchanged.
    """
    src = tmp_path / "src"
    src.mkdir()
    if command == "man":
        source = src / "qemu-img-cmds.hx"
        shutil.copy(IMG_HX, source)
    else:
        source = src / "qemu-deprecated.texi"
        shutil.copy(QEMU / "4.2.0" / "qemu-deprecated.texi", source)
    before = digest(src)
    for output in (src, tmp_path):  # the source's folder, and a folder holding it
        result = run_qdoc(command, str(source), "-o", str(output))
        assert result.returncode == 2 and f"holds the source {source}" in result.stderr, result.stderr
        assert digest(src) == before
        assert not (output / ".qdoc-output").exists()
    result = run_qdoc(command, str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert digest(src) == before


# -- streams ---------------------------------------------------------------------------


def test_dash_is_standard_output(tmp_path):
    result = run_qdoc("parse", str(HX), "-q", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout)["options"]
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_dev_null_stays_a_character_device():
    """As root, `-o /dev/null` replaced the device node with a regular file holding the JSON."""
    try:
        result = run_qdoc("parse", str(HX), "-q", "-o", "/dev/null")
        assert result.returncode == 0, result.stderr
        mode = os.stat("/dev/null").st_mode
        assert stat.S_ISCHR(mode), f"/dev/null is no longer a device: {stat.filemode(mode)}"
    finally:
        if os.geteuid() == 0 and not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
            os.unlink("/dev/null")  # repair what a broken qdoc did, for the rest of the machine
            os.mknod("/dev/null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
            os.chmod("/dev/null", 0o666)


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        result = run_qdoc("parse", str(HX), "-q", "-o", str(fifo))
    finally:
        if reader.is_alive():  # qdoc never opened the FIFO: let the reader finish
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["options"]


# -- modes and links -------------------------------------------------------------------


def test_an_existing_output_keeps_its_mode(tmp_path):
    out = tmp_path / "model.json"
    out.write_text("old\n")
    out.chmod(0o640)
    assert run_qdoc("parse", str(HX), "-q", "-o", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text().startswith("{")


def test_new_outputs_follow_the_umask(tmp_path):
    """mkstemp and mkdtemp made every output 0600 and every build folder 0700, whatever the umask."""
    src = source_tree(tmp_path)
    for umask in (0o022, 0o077):
        work = tmp_path / oct(umask)
        work.mkdir()
        assert qdoc_with_umask(umask, "parse", str(HX), "-q", "-o", "model.json", cwd=work).returncode == 0
        assert qdoc_with_umask(umask, "build", str(src), "-o", "out", "-q", "--no-sphinx", cwd=work).returncode == 0
        assert qdoc_with_umask(umask, "man", str(IMG_HX), "-o", "man", cwd=work).returncode == 0
        files = [work / "model.json", work / "out" / "summary.json", work / "out" / "json" / "1.0.0" / "qemu-options.hx.json",
                 work / "man" / "qemu-img.1"]
        folders = [work / "out", work / "out" / "json", work / "man"]
        modes = {str(f): oct(stat.S_IMODE(f.stat().st_mode)) for f in files + folders}
        assert modes == {str(f): oct((0o777 if f in folders else 0o666) & ~umask) for f in files + folders}, oct(umask)


def test_a_symlinked_output_is_written_through(tmp_path):
    """The link stays a link and its target gets the output, for a file and for a build folder."""
    (tmp_path / "real.json").write_text("old\n")
    link = tmp_path / "model.json"
    link.symlink_to("real.json")
    assert run_qdoc("parse", str(HX), "-q", "-o", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads((tmp_path / "real.json").read_text())["options"]

    src = source_tree(tmp_path)
    (tmp_path / "real-out").mkdir()
    folder = tmp_path / "out"
    folder.symlink_to("real-out")
    assert run_qdoc("build", str(src), "-o", str(folder), "--no-sphinx", "-q").returncode == 0
    assert folder.is_symlink() and (tmp_path / "real-out" / "summary.json").is_file()
    assert leftovers(tmp_path) == []


# -- temporary files: removed on every exit path -----------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_build_leaves_no_temporary_folder(tmp_path, signum):
    """SIGTERM killed the build with its staging folder beside the output (SIGINT: Sphinx swallowed it)."""
    src = source_tree(tmp_path)  # a Sphinx project: the staging folder lives for most of a second
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "qdoc", "build", str(src), "-o", str(out), "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 120
    while not leftovers(tmp_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert leftovers(tmp_path), "the build never staged its output: the test proves nothing"
    process.send_signal(signum)
    stderr = process.communicate(timeout=120)[1]
    assert process.returncode == 128 + signum, stderr
    assert leftovers(tmp_path) == [] and not out.exists()
    assert "Traceback" not in stderr


def test_what_a_killed_run_left_is_removed_by_the_next(tmp_path):
    """SIGKILL runs no clean-up: the next write into the folder removes its .qdoc-*.tmp and staging folder."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".qdoc-tmp-{dead.pid}-0123456789ab.tmp").write_text("half a model")
    (tmp_path / f".qdoc-build-{dead.pid}-0123456789ab").mkdir()
    (tmp_path / f".qdoc-build-{dead.pid}-0123456789ab" / "summary.txt").write_text("half a build")
    alive = f".qdoc-tmp-{os.getpid()}-0123456789ab.tmp"  # a run still going: not touched
    (tmp_path / alive).write_text("being written")
    assert run_qdoc("parse", str(HX), "-q", "-o", str(tmp_path / "model.json")).returncode == 0
    assert leftovers(tmp_path) == [alive]


# -- exit 2 leaves no output ---------------------------------------------------------------


def test_an_error_found_while_writing_leaves_no_output(tmp_path):
    """Pages and projects are checked whole before any file is written.

    `qdoc man A B -o DIR` wrote A's page and then failed on B's (a folder
    in the way), exiting 2 with one page written; `qdoc convert` did the
    same with conf.py.
    """
    man = tmp_path / "man"
    (man / "qemu-img.1").mkdir(parents=True)
    result = run_qdoc("man", str(QEMU / "10.2.0" / "qemu-options.hx"), str(IMG_HX), "-o", str(man))
    assert result.returncode == 2 and "is a folder" in result.stderr, result.stderr
    assert sorted(p.name for p in man.iterdir()) == ["qemu-img.1"]

    manual, built = CORPUS / "qemu" / "4.2.0" / "qemu-doc.texi", CORPUS / "built" / "4.2.0"
    project = tmp_path / "project"
    assert run_qdoc("convert", str(manual), "-I", str(built), "-o", str(project), "-q").returncode == 0
    (project / "conf.py").unlink()
    (project / "index.rst").unlink()
    (project / "index.rst").mkdir()
    result = run_qdoc("convert", str(manual), "-I", str(built), "-o", str(project), "-q")
    assert result.returncode == 2 and "is a folder" in result.stderr, result.stderr
    assert not (project / "conf.py").exists() and leftovers(project) == []


def test_what_a_killed_man_left_in_the_temporary_directory_is_removed_by_the_next(tmp_path):
    """A SIGKILLed `qdoc man` left /tmp/qdoc-man-XXXX (links into the user's tree) for good."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, "-m", "qdoc", "man", str(IMG_HX), "-o", str(tmp_path / "out")]
    # The kill must land while the scratch folder exists; a run that got to the end
    # first (a busy machine can let it) removed its folder as it should: try again.
    for _attempt in range(20):
        killed = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not any((tmp_path / "tmp").iterdir()) and killed.poll() is None:
            time.sleep(0.001)
        killed.kill()
        killed.wait()
        if killed.returncode == -signal.SIGKILL and any((tmp_path / "tmp").iterdir()):
            break
    left = sorted(p.name for p in (tmp_path / "tmp").iterdir())
    assert left and all(name.startswith(f".qdoc-man-{killed.pid}-") for name in left), left
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not any((tmp_path / "tmp").iterdir())
