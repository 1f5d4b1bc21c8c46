"""Stable JSON: round trip identity and validation against the published schema."""

from __future__ import annotations

import json
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


def test_schema_file_is_packaged():
    assert Path(SCHEMA_PATH).is_file()


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
