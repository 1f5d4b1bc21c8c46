"""Stable JSON: round trip identity and validation against the published schema."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from conftest import QEMU, ROOT
from qdoc.loader import load
from qdoc.model import OptionSet, SubOption

SCHEMA_PATH = ROOT / "qdoc" / "schema" / "optionset.schema.json"
HX_FILES = sorted(p.relative_to(QEMU) for p in QEMU.glob("*/*.hx"))


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("relative", HX_FILES, ids=str)
def test_round_trip_is_identity_and_valid(relative):
    option_set = load(str(QEMU / relative))
    text = option_set.to_json()
    again = OptionSet.from_json(text)
    assert again.to_json() == text
    assert again == option_set
    errors = sorted(validator().iter_errors(json.loads(text)), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_json_is_stable_and_versioned():
    option_set = load(str(QEMU / "7.2.0" / "qemu-options.hx"))
    text = option_set.to_json()
    data = json.loads(text)
    assert data["schema_version"] == 1
    # Keys sorted at every level: re-encoding with sort_keys changes nothing.
    assert json.dumps(data, sort_keys=True) == json.dumps(json.loads(text, object_pairs_hook=dict), sort_keys=False)
    # One option per line: a textual diff of two releases is a diff of options.
    lines = text.split("\n")
    assert sum(1 for ln in lines if ln.startswith(' {"aliases":')) == len(data["options"])
    assert load(str(QEMU / "7.2.0" / "qemu-options.hx")).to_json() == text


def test_schema_rejects_drift():
    """The schema is strict: an unknown field or a wrong type fails validation."""
    data = json.loads(load(str(QEMU / "7.2.0" / "qemu-options.hx")).to_json())
    data["options"][0]["surprise"] = 1
    assert list(validator().iter_errors(data))
    data = json.loads(load(str(QEMU / "7.2.0" / "qemu-options.hx")).to_json())
    data["options"][0]["arch"] = "all"
    assert list(validator().iter_errors(data))


def test_wrong_schema_version_is_refused():
    text = load(str(QEMU / "7.2.0" / "qemu-options.hx")).to_json().replace('"schema_version": 1', '"schema_version": 99')
    with pytest.raises(ValueError, match="schema_version"):
        OptionSet.from_json(text)


def test_schema_file_is_in_the_built_wheel_and_found_where_it_is_installed(tmp_path):
    """The schema ships: the wheel pip builds holds it, and importlib.resources finds it in the unpacked (installed) copy.

    Built from a copy of the package (the build writes build/ and
    *.egg-info beside pyproject.toml, and build/ is qdoc's own output
    folder); no build isolation, so nothing is fetched: setuptools and
    wheel must be installed.
    """
    import importlib.util
    import shutil
    import subprocess
    import sys
    import zipfile

    assert importlib.util.find_spec("wheel"), "the wheel package is needed to build qdoc's wheel (pip install wheel)"
    source = tmp_path / "source"
    shutil.copytree(ROOT / "qdoc", source / "qdoc", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(source)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("qdoc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("qdoc/schema/optionset.schema.json") == SCHEMA_PATH.read_bytes()
        archive.extractall(tmp_path / "installed")
    probe = ("import importlib.resources, qdoc; print(qdoc.__file__); "
             "print(importlib.resources.files('qdoc').joinpath('schema/optionset.schema.json').read_text(), end='')")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(tmp_path / "installed")})
    assert found.returncode == 0, found.stderr
    where, text = found.stdout.split("\n", 1)
    assert Path(where).is_relative_to(tmp_path / "installed")  # the unpacked wheel, not this checkout
    assert json.loads(text) == json.loads(SCHEMA_PATH.read_text())


def test_json_of_sub_options_nested_beyond_the_encoders_limit():
    """Hostile input can nest sub-options deeper than orjson goes (254 levels): the JSON is still written, and reads back."""
    option_set = load(str(QEMU / "7.2.0" / "qemu-options.hx"))
    machine = option_set.option("-machine")
    innermost = machine.suboptions[0]
    for _ in range(150):
        innermost.suboptions = [SubOption(name="x", kind="value", synopses=[], description="", location=innermost.location)]
        innermost = innermost.suboptions[0]
    text = option_set.to_json()
    assert OptionSet.from_json(text).to_json() == text
    assert json.loads(text)["options"][[o.name for o in option_set.options].index("-machine")]["suboptions"][0]["suboptions"]
