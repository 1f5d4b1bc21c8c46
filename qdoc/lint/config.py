"""Lint configuration: the tree's ``qdoc.toml`` or ``[tool.qdoc]``, and the user's own file.

Two files, trusted differently:

* The tree's configuration: ``qdoc.toml`` (the whole file is the table) or
  the ``[tool.qdoc]`` table of ``pyproject.toml``; in one directory
  qdoc.toml comes first.  Keys: ``select``, ``ignore`` (lists of codes or
  prefixes), ``severity`` (``info``, ``warning`` or ``error``),
  ``baseline`` (a path, relative to the file) and ``release``.  Which file
  applies is :func:`discover`'s to say, for ``qdoc lint`` and ``qdoc
  build`` alike: the configuration is the documentation tree's, so the same
  tree lints the same whichever command reads it, and from wherever it is
  run.
* The user's configuration, :func:`user_config_path`:
  ``$XDG_CONFIG_HOME/qdoc/qdoc.toml``, by default
  ``~/.config/qdoc/qdoc.toml``.  Key: ``binary``, the QEMU binary to check
  the documentation against (an absolute path, ``~/...``, a path relative
  to the file, or a command name looked up on ``PATH``).

The trust boundary: a setting that makes qdoc run a program (``binary``)
comes from the command line (``--binary``) or the user's file, never from
a file found by searching upwards from the linted paths or the current
directory.  That file belongs to the tree being read, which in a docs CI
running on pull requests, or for a packager linting a downloaded tarball,
anyone can write.  A tree that sets ``binary`` is not an error (it is the
old way to configure it): the program is not run, a warning names the file
and how to pass the binary instead (:attr:`LintSettings.warnings`, printed
by the commands on stderr), and linting goes on without it.  The Sphinx
extension's ``qdoc_binary`` is a ``conf.py`` value: building a Sphinx
project runs its conf.py anyway, so that is the builder's own choice.

Command-line flags override both files.  A configuration that cannot be
used (not a regular file, larger than :data:`MAX_CONFIG_BYTES`, not UTF-8,
not TOML, a key of the wrong type) is a :class:`ConfigError` whose message
starts with the file's path: ``qdoc: FILE: message``, exit status 2.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Sequence

from ..source import InputError, SourceRoot, read_text
from . import checks  # noqa: F401  (importing the checks registers the rules validated here)
from .rules import RULES, matches

#: Keys of the tree's configuration (``qdoc.toml``, ``[tool.qdoc]``).
TREE_KEYS = frozenset({"select", "ignore", "severity", "baseline", "release"})
#: Keys that make qdoc run a program: read from the user's configuration only.
PROGRAM_KEYS = frozenset({"binary"})
#: Every key a configuration file may hold (a tree's program keys are reported, not used).
KEYS = TREE_KEYS | PROGRAM_KEYS

#: A configuration file is a few lines; a larger file is not read (nor ``/dev/zero``).
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(ValueError):
    """A configuration that cannot be used; the message starts with the file's path."""


def user_config_path() -> str:
    """The user's own configuration file: ``$XDG_CONFIG_HOME/qdoc/qdoc.toml`` (default ``~/.config``).

    A relative ``XDG_CONFIG_HOME`` is ignored, as the XDG base directory
    specification says.
    """
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "qdoc", "qdoc.toml")


def discover(paths: Sequence[str]) -> tuple[str | None, dict]:
    """The tree configuration that applies to ``paths`` (files or trees), and the file it came from.

    The nearest file from each path upwards; when none of the paths has
    one, the nearest from the current directory (a checkout linting a tree
    kept elsewhere, such as the corpus).  Paths under different
    configuration files are an error rather than a silent pick of one:
    lint them separately.  The table may hold :data:`PROGRAM_KEYS`, which
    :func:`settings` reports instead of using.
    """
    found = {}
    for path in paths:
        start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        config_path, config = find_config(start)
        if config_path is not None:
            found[config_path] = config
    if len(found) > 1:
        raise ConfigError("the paths have different configurations (" + ", ".join(sorted(found)) + "); lint them separately")
    if found:
        return next(iter(found.items()))
    return find_config()


def find_config(start: str | None = None) -> tuple[str | None, dict]:
    """The nearest ``qdoc.toml`` or ``pyproject.toml`` with ``[tool.qdoc]`` from ``start`` upwards.

    A file of either name that is there but is not a readable regular file
    (a directory, a FIFO, a link to ``/dev/zero``) is an error, not skipped:
    the configuration its author meant would be silently lost.
    """
    directory = os.path.abspath(start or os.getcwd())
    while True:
        qdoc_toml = os.path.join(directory, "qdoc.toml")
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.lexists(qdoc_toml):
            return qdoc_toml, _validate(qdoc_toml, _load(qdoc_toml), KEYS)
        if os.path.lexists(pyproject):
            table = _tool_qdoc(pyproject, _load(pyproject))
            if table is not None:
                return pyproject, _validate(pyproject, table, KEYS)
        parent = os.path.dirname(directory)
        if parent == directory:
            return None, {}
        directory = parent


def user_config() -> tuple[str | None, dict]:
    """The user's configuration file (:func:`user_config_path`) and its table; ``(None, {})`` when absent."""
    path = user_config_path()
    if not os.path.lexists(path):
        return None, {}
    table = _validate(path, _load(path), PROGRAM_KEYS, where="the user configuration")
    if "binary" in table:
        binary = os.path.expanduser(table["binary"])
        if os.sep in binary and not os.path.isabs(binary):
            binary = os.path.normpath(os.path.join(os.path.dirname(path), binary))
        table = dict(table, binary=binary)
    return path, table


def _tool_qdoc(path: str, document: dict) -> dict | None:
    """``[tool.qdoc]`` of a pyproject.toml document, None when it has none."""
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool must be a table ([tool]), not {_toml_type(tool)}")
    table = tool.get("qdoc")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.qdoc must be a table ([tool.qdoc]), not {_toml_type(table)}")
    return table


def _load(path: str) -> dict:
    """The TOML document at ``path``, read under the same rules as any input (:func:`qdoc.source.read_text`)."""
    try:
        if os.path.isfile(path) and os.path.getsize(path) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB: too large for a configuration file; not read")
        text = read_text(path)
    except InputError as exc:
        location = exc.diagnostic.location
        where = f"{path}:{location.line}" if location and location.line else path
        raise ConfigError(f"{where}: {exc.diagnostic.message}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    if len(text) > MAX_CONFIG_BYTES:  # grown since the size was checked
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB: too large for a configuration file; not read")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{path}: not TOML qdoc can read: arrays or tables nested too deeply") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError, and integers over Python's digit limit
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _validate(path: str, table: dict, allowed: frozenset, where: str = "[tool.qdoc] or qdoc.toml") -> dict:
    """``table`` with each key checked for its type (a ``baseline`` is still as written: see :func:`_tree_file`)."""
    unknown = set(table) - allowed
    if unknown:
        hint = ""
        if where == "the user configuration" and unknown & TREE_KEYS:
            hint = " (lint settings belong in the tree's qdoc.toml or [tool.qdoc]; the user configuration holds binary)"
        raise ConfigError(f"{path}: unknown key(s) in {where}: {', '.join(sorted(unknown))}{hint}")
    for key in ("select", "ignore"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(v, str) for v in table[key])):
            raise ConfigError(f"{path}: {key} must be a list of strings, not {_toml_type(table[key])}")
    if "severity" in table and table["severity"] not in ("info", "warning", "error"):
        raise ConfigError(f"{path}: severity must be info, warning or error")
    for key in ("baseline", "release", "binary"):
        if key in table and not (isinstance(table[key], str) and table[key].strip()):
            raise ConfigError(f"{path}: {key} must be a non-empty string, not {_toml_type(table[key])}")
    return table


def _tree_file(path: str, key: str, value: str) -> str:
    """``value``, a file the tree's configuration ``path`` names, joined to its folder, which it may not leave.

    A tree's configuration is data of the tree: it may name a baseline of the
    tree, which lint reads and, when absent, writes, but not one elsewhere
    (``../../home/user/.bashrc``), symbolic links resolved.  ``--baseline``
    on the command line names any file.
    """
    folder = os.path.dirname(os.path.abspath(path))
    joined = os.path.join(os.path.dirname(path), value)
    if os.path.realpath(joined) == os.path.realpath(folder) or not SourceRoot(folder).contains(joined):
        raise ConfigError(
            f"{path}: {key} {value!r} leaves the folder of the configuration ({folder}); a tree's configuration "
            f"names files inside it only (pass --{key} FILE to use a file elsewhere)"
        )
    return joined


def _did_you_mean(code: str) -> str:
    """`` (did you mean 'QD401'?)`` for the rule code or name closest to a mistyped one."""
    import difflib

    # Letters typed for the digits they look like (QD4O1, QD40l) first, then any close code or name.
    upper = code.upper()
    digits = upper[:2] + upper[2:].translate(str.maketrans("OLI", "011"))
    close = difflib.get_close_matches(digits, sorted(RULES), n=1, cutoff=0.6) or difflib.get_close_matches(
        code, sorted(r.name for r in RULES.values()), n=1, cutoff=0.6
    )
    return f" (did you mean {close[0]!r}?)" if close else ""


def _not_run(path: str, key: str, value: str, instead: str | None) -> str:
    """The warning for a tree that names a program to run; ``instead`` is the one that will run, if any."""
    outcome = f"using {instead} instead" if instead else "linting without it"
    return (
        f"{path}: {key} = {value!r} is not used: qdoc runs only a program named on the command line "
        f"(--{key} PATH) or in your own configuration ({user_config_path()}), never one named by "
        f"the files being read; {outcome}"
    )


@dataclass(frozen=True)
class LintSettings:
    """What to lint with: the configuration files' values, overridden by the command line.

    ``qdoc lint`` and ``qdoc build`` both lint with one of these, so that a
    build's lint.txt is what ``qdoc lint`` prints for the same tree.
    ``warnings`` are what the configuration asked for that is not done (a
    tree's ``binary``), for the command to print; ``files`` the
    configuration files read (inputs, so ``-o`` may not name one).
    """

    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: str = "warning"
    release: str | None = None
    baseline: str | None = None
    binary: str | None = None
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


def settings(paths: Sequence[str], **overrides) -> LintSettings:
    """The settings for linting ``paths``: the tree's configuration and the user's, then ``overrides``.

    ``overrides`` are the command line's values for the :class:`LintSettings`
    fields; ``None`` (an option not given) keeps the configuration's value.
    The tree's configuration (:func:`discover`) gives the lint settings; a
    program to run comes from the user's configuration (:func:`user_config`)
    or the command line only.  Raises :class:`ConfigError` for an unusable
    configuration or a rule code or prefix that names no rule.
    """
    tree_path, tree = discover(paths)
    values = {key: tree[key] for key in TREE_KEYS if key in tree}
    user_path, user = user_config()
    values.update({key: user[key] for key in PROGRAM_KEYS if key in user})
    values.update({key: value for key, value in overrides.items() if value is not None})
    if "baseline" in tree and overrides.get("baseline") is None:
        values["baseline"] = _tree_file(tree_path, "baseline", tree["baseline"])  # --baseline may name any file
    warnings = tuple(_not_run(tree_path, key, tree[key], values.get(key)) for key in sorted(PROGRAM_KEYS) if key in tree)
    for code in values.get("select", []) + values.get("ignore", []):
        if not any(matches(r, [code]) for r in RULES.values()):
            raise ConfigError(f"unknown rule code or prefix {code!r}{_did_you_mean(code)} (see qdoc rules)")
    files = tuple(path for path in (tree_path, user_path) if path)
    return LintSettings(**values, warnings=warnings, files=files)
