"""The binary's own word: `qemu-system-x86_64 -help` and QMP query-command-line-options (saved files).

Expected option sets come from the 7.2.0 qemu-options.hx DEF lines and
their arch masks, and from json.load of the saved reply, computed here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest
from conftest import CORPUS, QEMU, ROOT, run_qdoc

from qdoc.loader import load
from qdoc.model import OptionSet
from qdoc.prose import deprecation_sentences, replacement
from qdoc.readers.binary.help import read_help
from qdoc.readers.binary.qmp import read_qmp

BINARY = CORPUS / "debian-7.2" / "binary"
HELP = BINARY / "help.txt"
REPLY = BINARY / "query-command-line-options.json"
SCHEMA = json.loads((ROOT / "qdoc" / "schema" / "optionset.schema.json").read_text())

_DEF_RE = re.compile(r'^DEF\("([^"]+)",\s*(\w+),\s*\w+\s*,(.*?),\s*(QEMU_ARCH_[\w|\s]+?)\)\s*$', re.M | re.S)
_C_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def x86_defs(release: str = "7.2.0") -> dict[str, str]:
    """DEF name -> help string, for DEFs whose arch mask includes x86."""
    defs = {}
    for m in _DEF_RE.finditer((QEMU / release / "qemu-options.hx").read_text()):
        mask = m.group(4)
        if "QEMU_ARCH_ALL" in mask or "QEMU_ARCH_I386" in mask:
            pieces = _C_STRING_RE.findall(m.group(3))
            defs[m.group(1)] = "".join(pieces).encode().decode("unicode_escape")
    return defs


def visible_in_help(defs: dict[str, str]) -> set[str]:
    """Options some DEF help line starts with: ``-fda/-fdb file``, ``-h or -help``, ``--preconfig``."""
    names = set()
    for help_text in defs.values():
        for line in help_text.split("\n"):
            if not line.startswith("-"):
                continue
            head = line.split()[0]
            spelled = head.split("/")
            tail = re.match(r"\S+\s+or\s+(-\S+)", line)
            if tail:
                spelled.append(tail.group(1))
            names.update(s.lstrip("-") for s in spelled)
    return {d for d in defs if d in names}


@pytest.fixture(scope="module")
def help_model() -> OptionSet:
    return load(str(HELP), "help")


@pytest.fixture(scope="module")
def qmp_model() -> OptionSet:
    return load(str(REPLY))


def test_help_option_set_is_the_x86_def_set(help_model):
    defs = x86_defs()
    visible = visible_in_help(defs)
    assert {o.name for o in help_model.options} == {"-" + d for d in visible}
    # What -help cannot show: DEFs with no help line of their own.
    assert set(defs) - visible == {"M", "qtest", "qtest-log"}
    assert not help_model.errors
    assert help_model.program == "qemu-system" and help_model.release == "7.2.22" and help_model.target == "x86_64"


def test_every_option_line_is_read(help_model):
    lines = HELP.read_text().split("\n")
    by_line = {}
    for option in help_model.options:
        for index, line in enumerate(option.help.rstrip("\n").split("\n")):
            by_line.setdefault(line, []).append(option)
    option_lines = [(i + 1, ln) for i, ln in enumerate(lines) if ln.startswith("-")]
    assert len(option_lines) > 150
    for number, line in option_lines:
        owners = by_line.get(line)
        assert owners, (number, line)
        name = re.split(r"[\s/]", line)[0]
        assert any(o.name == "-" + name.lstrip("-") or name in o.aliases for o in owners), line
    for option in help_model.options:
        first = lines[option.locations["help"].line - 1]
        assert first.startswith("-") and option.help.startswith(first)


def test_help_headings_and_sections(help_model):
    text = (QEMU / "7.2.0" / "qemu-options.hx").read_text()
    defheadings = [t.strip().rstrip(":") for t in re.findall(r"^DEFHEADING\((.+)\)\s*$", text, re.M) if t.strip()]
    archheadings = [t.rsplit(",", 1)[0].strip().rstrip(":") for t in re.findall(r"^ARCHHEADING\((.+)\)\s*$", text, re.M)]
    titles = [s.title for s in help_model.sections if s.kind != "preamble"]
    assert set(defheadings) <= set(titles)
    assert "i386 target only" in archheadings and "i386 target only" in titles
    assert help_model.option("-machine").section == "Standard options"
    assert help_model.option("-fda").section == "Block device options"


def test_help_spellings(help_model):
    assert help_model.option("-help").aliases == ["-h"]
    assert help_model.option("-preconfig").aliases == ["--preconfig"]
    assert help_model.option("-fdb").help_synopses == ["-fda/-fdb file"]
    assert help_model.option("-dtb").help_synopses == ["-dtb file"]
    assert help_model.option("-async-teardown").help_synopses == ["-async-teardown"]
    assert help_model.option("-async-teardown").has_argument is False
    assert help_model.option("-option-rom").has_argument is True
    assert len(help_model.option("-numa").help_synopses) == 6


def test_help_from_a_non_qemu_program_is_an_error(tmp_path):
    text = subprocess.run([sys.executable, "--help"], capture_output=True, text=True).stdout
    model = read_help(text, "python-help.txt")
    assert [d.code for d in model.errors] == ["help-not-qemu"] and not model.options
    path = tmp_path / "python-help.txt"
    path.write_text(text)
    result = run_qdoc("parse", "--from", "help", str(path))
    assert result.returncode == 2 and f"{path}:1:" in result.stderr and "Traceback" not in result.stderr


def test_query_command_line_options_all_groups(qmp_model):
    groups = json.loads(REPLY.read_text())["return"]
    assert len(groups) == 35
    named = [g for g in groups if g["option"]]
    unnamed = [g for g in groups if not g["option"]]
    assert len(qmp_model.options) == len(named)
    assert [d.code for d in qmp_model.diagnostics] == ["qmp-unnamed-group"] * len(unnamed)
    for group, option in zip(named, qmp_model.options):
        expected = [(p["name"], p["type"], p.get("help", ""), p.get("default")) for p in group["parameters"]]
        got = [(s.name, s.value_type, s.description, s.default) for s in option.suboptions]
        assert got == expected, group["option"]
        assert all(s.kind == "property" for s in option.suboptions)
    lines = REPLY.read_text().split("\n")
    for option in qmp_model.options:
        assert lines[option.locations["qmp"].line - 1].strip() == "{"
        for sub in option.suboptions:
            assert f'"name": "{sub.name}"' in lines[sub.location.line]


def test_qmp_groups_are_named_as_options_of_the_hx_model(qmp_model):
    names = {"-" + d for d in x86_defs()}
    assert {o.name for o in qmp_model.options} <= names
    assert qmp_model.option("-boot") and qmp_model.option("-smp") and qmp_model.option("-m")
    drive = qmp_model.option("-drive")
    assert {s.value_type for s in drive.suboptions} <= {"string", "boolean", "number", "size"}


def test_truncated_json_is_an_error_with_its_line(tmp_path):
    text = REPLY.read_text()
    cut = text[: len(text) // 2]
    model = read_qmp(cut, "cut.json")
    assert [d.code for d in model.errors] == ["qmp-json"]
    assert model.errors[0].location.line == cut.count("\n") + 1
    path = tmp_path / "cut.json"
    path.write_text(cut)
    result = run_qdoc("parse", str(path))
    assert result.returncode == 2 and f"{path}:{cut.count(chr(10)) + 1}:" in result.stderr


def test_qmp_error_reply_and_wrong_shape():
    assert [d.code for d in read_qmp('{"error": {"class": "GenericError", "desc": "nope"}}', "e.json").errors] == ["qmp-error-reply"]
    assert [d.code for d in read_qmp('{"return": {}}', "e.json").errors] == ["qmp-not-command-line-options"]


@pytest.mark.parametrize("which", ["help", "qmp"])
def test_json_schema_and_round_trip(which, help_model, qmp_model):
    text = (help_model if which == "help" else qmp_model).to_json()
    jsonschema.validate(json.loads(text), SCHEMA)
    assert OptionSet.from_json(text).to_json() == text


# -- prose in option descriptions -------------------------------------------------


def test_prose_synonym_is_a_deprecation_fact():
    """8.2's -singlestep help says "deprecated synonym for ...": a deprecation with its replacement."""
    help_text = x86_defs("8.2.0")["singlestep"]
    sentence = help_text.split("     ", 1)[1].strip()
    assert deprecation_sentences(sentence) == [sentence]
    assert replacement(sentence) == "-accel tcg,one-insn-per-tb=on"
    option = load(str(QEMU / "8.2.0" / "qemu-options.hx")).option("-singlestep")
    facts = [d for d in option.deprecations if d.source == "help"]
    assert facts and facts[0].replacement == "-accel tcg,one-insn-per-tb=on"


def test_prose_patterns():
    assert deprecation_sentences("This option is now a synonym for -display none.")
    assert deprecation_sentences("The option will be removed in a future release.")
    assert not deprecation_sentences("Use -drive if=pflash instead of the default.")
    assert replacement("Deprecated, use ``-device ide-hd,drive=dr,cyls=c`` instead.") == "``-device ide-hd,drive=dr,cyls=c``"


def test_replacement_lists_of_literals():
    """7.2's deprecated.rst: a list of literals is one replacement; a comma before plain text ends the phrase."""
    assert replacement("Use ``-display sdl,show-cursor=on``, ``-display gtk,show-cursor=on`` or ``-display default,show-cursor=on`` instead.") == (
        "``-display sdl,show-cursor=on``, ``-display gtk,show-cursor=on`` or ``-display default,show-cursor=on``"
    )
    assert replacement("It was replaced by ``-a``, which is faster.") == "``-a``"


def test_replacement_of_a_sentence_of_many_literals_is_immediate():
    """Forty literals after "use" and no "instead": the search fails at once (the phrase's
    literals could once be split 2**n ways; twenty of them took 20 s)."""
    import signal

    def give_up(signum, frame):
        raise TimeoutError("replacement() is exponential in the literals of a sentence")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(10)
    try:
        assert replacement("Use " + "``a`` " * 40 + "and nothing else.") is None
        assert replacement("Use " + "``a``, " * 40 + "and nothing else.") is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
