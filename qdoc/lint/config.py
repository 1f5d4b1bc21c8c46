"""Lint configuration from ``[tool.qdoc]`` in pyproject.toml or from qdoc.toml.

Keys: ``select``, ``ignore`` (lists of codes or prefixes), ``severity``
(``info``, ``warning`` or ``error``), ``baseline`` (a path, relative to the
file), ``release``, ``binary``.  In a directory qdoc.toml (whole file is the
table) comes before pyproject.toml.  Command-line flags override it.

Which file applies is :func:`discover`'s to say, for ``qdoc lint`` and
``qdoc build`` alike: the configuration is the documentation tree's, so
the same tree lints the same whichever command reads it, and from
wherever it is run.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Sequence

from . import checks  # noqa: F401  (importing the checks registers the rules validated here)
from .rules import RULES, matches

KEYS = {"select", "ignore", "severity", "baseline", "release", "binary"}


class ConfigError(ValueError):
    pass


def discover(paths: Sequence[str]) -> tuple[str | None, dict]:
    """The configuration that applies to ``paths`` (files or trees), and the file it came from.

    The nearest file from each path upwards; when none of the paths has
    one, the nearest from the current directory (a checkout linting a tree
    kept elsewhere, such as the corpus).  Paths under different
    configuration files are an error rather than a silent pick of one:
    lint them separately.
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
    directory = os.path.abspath(start or os.getcwd())
    while True:
        qdoc_toml = os.path.join(directory, "qdoc.toml")
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(qdoc_toml):
            return qdoc_toml, _validate(qdoc_toml, _load(qdoc_toml))
        if os.path.isfile(pyproject):
            table = _load(pyproject).get("tool", {}).get("qdoc")
            if table is not None:
                return pyproject, _validate(pyproject, table)
        parent = os.path.dirname(directory)
        if parent == directory:
            return None, {}
        directory = parent


def _load(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _validate(path: str, table: dict) -> dict:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.qdoc] key(s): {', '.join(sorted(unknown))}")
    for key in ("select", "ignore"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(v, str) for v in table[key])):
            raise ConfigError(f"{path}: {key} must be a list of strings")
    if "severity" in table and table["severity"] not in ("info", "warning", "error"):
        raise ConfigError(f"{path}: severity must be info, warning or error")
    if "baseline" in table:
        table = dict(table, baseline=os.path.join(os.path.dirname(path), table["baseline"]))
    return table


@dataclass(frozen=True)
class LintSettings:
    """What to lint with: the configuration file's values, overridden by the command line.

    ``qdoc lint`` and ``qdoc build`` both lint with one of these, so that a
    build's lint.txt is what ``qdoc lint`` prints for the same tree.
    """

    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: str = "warning"
    release: str | None = None
    baseline: str | None = None
    binary: str | None = None


def settings(paths: Sequence[str], **overrides) -> LintSettings:
    """The settings for linting ``paths``: :func:`discover`'s configuration, then ``overrides``.

    ``overrides`` are the command line's values for the :class:`LintSettings`
    fields; ``None`` (an option not given) keeps the configuration's value.
    Raises :class:`ConfigError` for an unreadable configuration or a rule
    code or prefix that names no rule.
    """
    _, config = discover(paths)
    values = {key: config[key] for key in KEYS if key in config}
    values.update({key: value for key, value in overrides.items() if value is not None})
    for code in values.get("select", []) + values.get("ignore", []):
        if not any(matches(r, [code]) for r in RULES.values()):
            raise ConfigError(f"unknown rule code or prefix {code!r} (see qdoc rules)")
    return LintSettings(**values)
