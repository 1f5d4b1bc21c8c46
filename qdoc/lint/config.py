"""Lint configuration from ``[tool.qdoc]`` in pyproject.toml or from qdoc.toml.

Keys: ``select``, ``ignore`` (lists of codes or prefixes), ``severity``
(``info``, ``warning`` or ``error``), ``baseline`` (a path), ``release``.
The nearest file from the current directory upwards wins; qdoc.toml (whole
file is the table) before pyproject.toml.  Command-line flags override it.
"""

from __future__ import annotations

import os
import tomllib

KEYS = {"select", "ignore", "severity", "baseline", "release", "binary"}


class ConfigError(ValueError):
    pass


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
