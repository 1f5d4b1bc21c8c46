"""Each fix of ``qdoc lint --fix`` on a small input written for it, against the output written by hand.

The expected files below are what a maintainer would write; every run
also checks the fix is byte-exact (line endings kept, nothing else
touched) and that a second ``--fix`` changes nothing.
"""

from __future__ import annotations

import re

import pytest
from conftest import run_qdoc

OPTIONS = """\
DEF("frob", HAS_ARG, QEMU_OPTION_frob,
    "-frob level=n   frobnicate the guest\\n", QEMU_ARCH_ALL)
SRST
``-frob level=@var{n}``
    Frobnicate at @var{n}, or the level=@var{lvl} named;
    see @code{-display}.

    Example::

        qemu -frob @var{n}
ERST

DEF("iscsi", HAS_ARG, QEMU_OPTION_iscsi,
    "-iscsi [user=user][,password=password]\\n"
    "       [,header-digest=CRC32C|NONE\\n"
    "       [,timeout=timeout]\\n"
    "                iSCSI session parameters\\n", QEMU_ARCH_ALL)
SRST
``-iscsi``
    Configure iSCSI session parameters.
ERST

DEF("wobble", 0, QEMU_OPTION_wobble,
    "-wobble         wobble the guest\\n", QEMU_ARCH_ALL)
SRST
``-wobble``
    Wobble the guest.

    Wobble it well.
ERST
"""

#: The safe fixes: texinfo markup in rST (emphasis, an escaped space after "=", plain inside a literal,
#: a literal for @code; the literal block's example left alone).
OPTIONS_SAFE = """\
DEF("frob", HAS_ARG, QEMU_OPTION_frob,
    "-frob level=n   frobnicate the guest\\n", QEMU_ARCH_ALL)
SRST
``-frob level=n``
    Frobnicate at *n*, or the level=\\ *lvl* named;
    see ``-display``.

    Example::

        qemu -frob @var{n}
ERST

DEF("iscsi", HAS_ARG, QEMU_OPTION_iscsi,
    "-iscsi [user=user][,password=password]\\n"
    "       [,header-digest=CRC32C|NONE\\n"
    "       [,timeout=timeout]\\n"
    "                iSCSI session parameters\\n", QEMU_ARCH_ALL)
SRST
``-iscsi``
    Configure iSCSI session parameters.
ERST

DEF("wobble", 0, QEMU_OPTION_wobble,
    "-wobble         wobble the guest\\n", QEMU_ARCH_ALL)
SRST
``-wobble``
    Wobble the guest.

    Wobble it well.
ERST
"""

#: With the unsafe fixes too: the bracket closed where its line ends, and QEMU's deprecation sentence.
OPTIONS_ALL = OPTIONS_SAFE.replace(
    '"       [,header-digest=CRC32C|NONE\\n"', '"       [,header-digest=CRC32C|NONE]\\n"'
).replace(
    "    Wobble it well.\nERST",
    "    Wobble it well.\n\n    This option is deprecated, please use ``-frob level=9`` instead.\nERST",
)

REMOVED = """\
Removed features
================

System emulator command line arguments
--------------------------------------

``-frob-old`` (since 7.2)
'''''''''''''''''''''''''

Use ``-frob`` instead, or @code{-frob2}.

``-wibble`` (since 8.0)
'''''''''''''''''''''''''''''''''''

Long underline stays.
"""

#: The heading says "removed in"; the short underline grows with it, the long one stays.
REMOVED_FIXED = """\
Removed features
================

System emulator command line arguments
--------------------------------------

``-frob-old`` (removed in 7.2)
''''''''''''''''''''''''''''''

Use ``-frob`` instead, or ``-frob2``.

``-wibble`` (removed in 8.0)
'''''''''''''''''''''''''''''''''''

Long underline stays.
"""

DEPRECATED = """\
Deprecated features
===================

System emulator command line arguments
--------------------------------------

``-wobble`` (since 7.1)
'''''''''''''''''''''''

The ``-wobble`` option is deprecated; use ``-frob level=9`` instead.
"""


def make_tree(tmp_path, newline: str = "\n"):
    tree = tmp_path / "qemu"
    (tree / "docs" / "about").mkdir(parents=True)
    for name, text in (("qemu-options.hx", OPTIONS), ("docs/about/removed-features.rst", REMOVED),
                       ("docs/about/deprecated.rst", DEPRECATED)):
        (tree / name).write_bytes(text.replace("\n", newline).encode())
    return tree


def read(tree, name: str) -> bytes:
    return (tree / name).read_bytes()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_safe_fixes_give_the_hand_written_files(tmp_path, newline):
    tree = make_tree(tmp_path, newline)
    result = run_qdoc("lint", str(tree), "--release", "8.0.0", "--fix")
    assert read(tree, "qemu-options.hx") == OPTIONS_SAFE.replace("\n", newline).encode()
    assert read(tree, "docs/about/removed-features.rst") == REMOVED_FIXED.replace("\n", newline).encode()
    assert read(tree, "docs/about/deprecated.rst") == DEPRECATED.replace("\n", newline).encode()
    assert "fixed 7 finding(s)" in result.stderr, result.stderr
    # What remains: the literal block's example (shown as written on purpose) and the unsafe ones.
    remaining = {tuple(m) for m in re.findall(r":(\d+):\d+: (QD\d+)", result.stdout)}
    assert {("10", "QD401"), ("14", "QD402"), ("26", "QD202")} <= remaining
    assert result.returncode == 1
    again = run_qdoc("lint", str(tree), "--release", "8.0.0", "--fix")
    assert "fixed 0 finding(s)" in again.stderr
    assert read(tree, "qemu-options.hx") == OPTIONS_SAFE.replace("\n", newline).encode()


def test_unsafe_fixes_close_the_bracket_and_add_the_deprecation_sentence(tmp_path):
    tree = make_tree(tmp_path)
    result = run_qdoc("lint", str(tree), "--release", "8.0.0", "--fix", "--unsafe-fixes")
    assert read(tree, "qemu-options.hx").decode() == OPTIONS_ALL
    assert "fixed 9 finding(s)" in result.stderr, result.stderr
    assert not re.search(r"QD40[12]|QD202|QD305", re.sub(r".*:10:\d+: QD401.*\n", "", result.stdout))
    again = run_qdoc("lint", str(tree), "--release", "8.0.0", "--fix", "--unsafe-fixes")
    assert "fixed 0 finding(s)" in again.stderr, again.stdout
    assert read(tree, "qemu-options.hx").decode() == OPTIONS_ALL
    # The findings --fix reports as remaining are where a fresh lint of the fixed files finds them.
    assert result.stdout == again.stdout


def test_diff_writes_nothing_and_shows_git_paths(tmp_path):
    tree = make_tree(tmp_path)
    result = run_qdoc("lint", str(tree), "--release", "8.0.0", "--diff")
    assert result.returncode == 1
    assert read(tree, "qemu-options.hx") == OPTIONS.encode()
    assert re.findall(r"^diff --git (\S+) (\S+)$", result.stdout, re.M) == [
        ("a/docs/about/removed-features.rst", "b/docs/about/removed-features.rst"),
        ("a/qemu-options.hx", "b/qemu-options.hx"),
    ]
    assert "+    Frobnicate at *n*, or the level=\\ *lvl* named;\n" in result.stdout
    assert "header-digest=CRC32C|NONE]" not in result.stdout  # unsafe: only with --unsafe-fixes
    unsafe = run_qdoc("lint", str(tree), "--release", "8.0.0", "--diff", "--unsafe-fixes")
    assert '+    "       [,header-digest=CRC32C|NONE]\\n"\n' in unsafe.stdout


def test_fixes_leave_rendered_output_alone(tmp_path):
    """A leak in an HTML page (no source beside it) is reported, never edited: it is fixed at its source."""
    page = tmp_path / "site" / "qemu-manpage.html"
    page.parent.mkdir()
    body = ('<html><body><dl class="std option"><dt class="sig sig-object std" id="cmdoption-frob">'
            '<span class="sig-name descname"><span class="pre">-frob</span></span></dt>'
            "<dd><p>Frobnicate at @var{n}.</p></dd></dl></body></html>\n")
    page.write_text(body)
    result = run_qdoc("lint", str(page), "--select", "QD401", "--fix")
    assert "QD401" in result.stdout and "fixed 0 finding(s)" in result.stderr
    assert page.read_text() == body


def test_rules_say_which_fixes_are_safe():
    listing = run_qdoc("rules").stdout
    fixes = dict(re.findall(r"^(QD\d+)\s.*?\bfix:(\w+)", listing, re.M))
    assert fixes["QD401"] == fixes["QD305"] == "safe"
    assert fixes["QD402"] == fixes["QD202"] == "unsafe"
    assert fixes["QD101"] == "none"
    assert "fix: safe" in run_qdoc("rules", "QD305").stdout


def test_suppressed_and_baselined_findings_are_not_fixed(tmp_path):
    tree = make_tree(tmp_path)
    listing = tree / "docs/about/removed-features.rst"
    listing.write_text(REMOVED.replace("``-wibble``", ".. qdoc: ignore QD305\n\n``-wibble``"))
    baseline = tmp_path / "baseline.json"
    assert run_qdoc("lint", str(tree), "--release", "8.0.0", "--select", "QD401", "--baseline", str(baseline)).returncode == 0
    result = run_qdoc("lint", str(tree), "--release", "8.0.0", "--baseline", str(baseline), "--fix")
    assert read(tree, "qemu-options.hx") == OPTIONS.encode(), "every QD401 is in the baseline"
    fixed = listing.read_text()
    assert "``-frob-old`` (removed in 7.2)" in fixed and "``-wibble`` (since 8.0)" in fixed
    assert "@code{-frob2}" in fixed and "fixed 1 finding(s)" in result.stderr
