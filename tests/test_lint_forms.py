"""Options of several forms are compared form by form, -help against docs and docs against -help.

Small inputs show each piece (continuation lines, forms, placeholders,
implied keys, ``in|out.``); the corpus tests compute the expected per-form
differences of 7.2.0 and 10.2.0 with a scan of their own (the DEF help
strings by a small C-string scan of the .hx, the SRST terms by docutils)
and assert that lint finds exactly those.
"""

from __future__ import annotations

import json
import re
import textwrap

import docutils.core
import docutils.nodes
import pytest

from conftest import QEMU, run_qdoc
from qdoc.lint import run
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.readers.binary.help import read_help
from qdoc.readers.hx import read_hx


def hx(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def lint(text: str, select: str, severity: str = "info"):
    source = SourceFile("qemu-options.hx", text, read_hx(text, "qemu-options.hx", release="7.2.0"))
    return run(Project([ReleaseSources("7.2.0", [source])]), select=[select], severity=severity)


def netdev(help_lines: list[str], documentation: str) -> str:
    """An .hx with one DEF(netdev) of the given help lines and SRST text."""
    strings = "\n".join(f'    "{line}\\n"' for line in help_lines)
    return hx(
        """
        DEF("netdev", HAS_ARG, QEMU_OPTION_netdev,
        %s
            , QEMU_ARCH_ALL)
        SRST
        %s
        ERST
        """
    ) % (strings, textwrap.indent(textwrap.dedent(documentation).strip("\n"), ""))


USER_AND_TAP_HELP = [
    "-netdev user,id=str[,ipv4=on|off][,net=addr[/mask]]",
    "         [,restrict=on|off]",
    "                configure a user mode network backend",
    "-netdev tap,id=str[,fd=h][,ifname=name]",
    "         [,vhost=on|off]",
    "                configure a host TAP network backend",
]

USER_ITEM = """
``-netdev user,id=id[,option][,option][,...]``
    User mode network.

    ``id=id``
        Its name.

    ``ipv4=on|off``
        IPv4.

    ``net=addr[/mask]``
        The network.

    ``restrict=on|off``
        Isolated.
"""

TAP_ITEM = """
``-netdev tap,id=id[,fd=h][,ifname=name][,vhost=on|off]``
    TAP network.
"""


def _qd301(text: str) -> list[str]:
    return [f.message for f in lint(text, "QD301")]


# -- continuation lines ------------------------------------------------------


def test_help_synopses_follow_continuation_lines_in_hx_and_binary_help():
    text = netdev(USER_AND_TAP_HELP, USER_ITEM + TAP_ITEM)
    option = read_hx(text, "qemu-options.hx").option("-netdev")
    joined = ["-netdev user,id=str[,ipv4=on|off][,net=addr[/mask]][,restrict=on|off]", "-netdev tap,id=str[,fd=h][,ifname=name][,vhost=on|off]"]
    assert option.help_synopses == joined
    printed = "QEMU emulator version 7.2.0\nusage: qemu-system-x86_64 [options]\n\nNetwork options:\n" + "\n".join(USER_AND_TAP_HELP) + "\n"
    assert read_help(printed, "help.txt").option("-netdev").help_synopses == joined


def test_a_bracket_closed_on_a_continuation_line_is_balanced_and_one_never_closed_is_reported():
    balanced = netdev(["-netdev user,id=str[,ipv4=on|off", "         ,restrict=on|off]", "                user mode"], USER_ITEM)
    assert [f.message for f in lint(balanced, "QD402")] == []
    unclosed = netdev(["-netdev user,id=str[,ipv4=on|off]", "         [,restrict=on|off", "         [,net=addr]", "                user mode"], USER_ITEM)
    found = lint(unclosed, "QD402")
    assert len(found) == 1 and "1 unclosed '['" in found[0].message and "[,restrict=on|off[,net=addr]" in found[0].message


# -- forms ---------------------------------------------------------------------


def test_a_form_of_help_without_an_item_is_reported_and_with_one_is_not():
    found = _qd301(netdev(USER_AND_TAP_HELP, USER_ITEM))
    assert len(found) == 1 and "-netdev tap" in found[0] and "no item" in found[0]
    assert _qd301(netdev(USER_AND_TAP_HELP, USER_ITEM + TAP_ITEM)) == []


def test_a_documented_form_help_lacks_is_reported_unless_help_has_one_synopsis_for_all():
    found = _qd301(netdev(USER_AND_TAP_HELP[:3], USER_ITEM + TAP_ITEM))
    assert len(found) == 1 and "-netdev tap" in found[0] and "-help has no synopsis for it" in found[0]
    generic = ["-netdev type,id=str[,prop=value][,...]"] + USER_AND_TAP_HELP[:3]
    assert _qd301(netdev(generic, USER_ITEM + TAP_ITEM)) == []


def test_keys_are_compared_form_by_form():
    # vhost= is documented for user (wrongly) but not for tap: tap still lacks it.
    tap_without_vhost = TAP_ITEM.replace("[,vhost=on|off]", "")
    user_with_vhost = USER_ITEM + "\n    ``vhost=on|off``\n        Not for user.\n"
    found = _qd301(netdev(USER_AND_TAP_HELP, user_with_vhost + tap_without_vhost))
    assert len(found) == 2
    assert "the documentation of -netdev user names `vhost=`; -help does not" in found[0]
    assert "-help documents `vhost=` for -netdev tap; the documentation does not" in found[1]


def test_a_key_of_a_documented_form_help_lacks_is_reported_unless_help_lists_any_property():
    tap_with_queues = TAP_ITEM.replace("[,vhost=on|off]", "[,vhost=on|off][,queues=n]")
    found = _qd301(netdev(USER_AND_TAP_HELP, USER_ITEM + tap_with_queues))
    assert len(found) == 1 and "the documentation of -netdev tap names `queues=`; -help does not" in found[0]
    summary = USER_AND_TAP_HELP[:3] + ["-netdev tap,id=str[,fd=h][,ifname=name][,vhost=on|off][,prop[=value][,...]]"]
    assert _qd301(netdev(summary, USER_ITEM + tap_with_queues)) == []


# -- placeholders, implied keys, in|out. --------------------------------------

FSDEV = hx(
    """
    DEF("fsdev", HAS_ARG, QEMU_OPTION_fsdev,
        "-fsdev local,id=id,path=path\\n"
        " [[,throttling.bps-total=b]|[[,throttling.bps-read=r]]]\\n"
        "-fsdev synth,id=id\\n",
        QEMU_ARCH_ALL)
    SRST
    ``-fsdev local,id=id,path=path [,throttling.option=value[,throttling.option=value[,...]]]``
      \\

    ``-fsdev synth,id=id``
        Define a new file system device.
    ERST
    """
)


def test_a_placeholder_key_names_a_family_not_a_key():
    assert _qd301(FSDEV) == []
    broken = FSDEV.replace("[,throttling.option=value[,throttling.option=value[,...]]]", "")
    found = _qd301(broken)
    assert len(found) == 1 and "`throttling.bps-read=` and `throttling.bps-total=` for -fsdev local" in found[0]


def test_an_implied_key_is_no_key_of_its_own():
    accel = hx(
        """
        DEF("accel", HAS_ARG, QEMU_OPTION_accel,
            "-accel [accel=]accelerator[,thread=single|multi]\\n"
            "                select accelerator\\n", QEMU_ARCH_ALL)
        SRST
        ``-accel name[,thread=single|multi]``
            Accelerator.
        ERST
        """
    )
    assert _qd301(accel) == []
    found = _qd301(accel.replace("[accel=]accelerator", "accel=accelerator"))
    assert len(found) == 1 and "`accel=`" in found[0]


AUDIODEV = hx(
    """
    DEF("audiodev", HAS_ARG, QEMU_OPTION_audiodev,
        "-audiodev [driver=]driver,id=id[,prop[=value][,...]]\\n"
        "                in|out.mixing-engine= use mixing engine\\n"
        "-audiodev none,id=id[,prop[=value][,...]]\\n"
        "-audiodev alsa,id=id[,prop[=value][,...]]\\n"
        "                in|out.dev= name of the audio device to use\\n",
        QEMU_ARCH_ALL)
    SRST
    ``-audiodev [driver=]driver,id=id[,prop[=value][,...]]``
        Audio.

        ``in|out.mixing-engine=on|off``
            Mixing.

    ``-audiodev none,id=id[,prop[=value][,...]]``
        None.

    ``-audiodev alsa,id=id[,prop[=value][,...]]``
        ALSA.

        ``in|out.dev=device``
            The device.
    ERST
    """
)


def test_in_out_prefixes_name_both_keys():
    assert [f.message for f in lint(AUDIODEV, "QD106")] == []
    assert [f.message for f in lint(AUDIODEV, "QD105")] == []
    assert _qd301(AUDIODEV) == []
    latency = AUDIODEV.replace("The device.\n", "The device.\n\n    ``in|out.latency=usecs``\n        Latency.\n")
    assert latency != AUDIODEV
    found = lint(latency, "QD106")
    assert [f.message for f in found] == [
        "the documentation describes `in.latency=` and `out.latency=` of -audiodev alsa; its -help text does not mention them"
    ]
    undocumented = AUDIODEV.replace("    ``in|out.dev=device``\n        The device.\n", "")
    assert undocumented != AUDIODEV
    found = lint(undocumented, "QD105")
    assert len(found) == 1 and "`in.dev=` and `out.dev=`" in found[0].message


# -- the corpus: an independent scan --------------------------------------------

FORMED = ("-netdev", "-chardev", "-display", "-audiodev", "-fsdev", "-virtfs", "-numa", "-smbios")
_TYPED = r"\w+=\d+"  # "-smbios type=8,...": the number names the form
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KEY_RE = re.compile(r"([A-Za-z][\w.|-]*)=")
_STAND_INS = {"prop", "props", "option", "options", "optargs", "property"}


def def_help(hx_text: str, name: str) -> str:
    """The help string of DEF(name), its C string pieces joined (preprocessor lines skipped)."""
    lines = hx_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f'DEF("{name}",'))
    pieces = []
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.startswith("#"):
            found = _STRING_RE.findall(line)
            pieces += found[1:] if index == start else found
        if re.search(r"QEMU_ARCH_\w+\s*\)\s*$", line):
            break
    return "".join(pieces).replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def help_synopsis_blocks(help_text: str, option: str) -> list[tuple[str, str]]:
    """(synopsis with its continuation lines, explanation) per synopsis line of -help."""
    blocks: list[list[str]] = []
    for line in help_text.split("\n"):
        if line.startswith(option + " "):
            synopsis = re.split(r"\s{2,}", line, maxsplit=1)
            blocks.append([synopsis[0], synopsis[1] if len(synopsis) > 1 else "", True])
        elif blocks and blocks[-1][2] and line.lstrip()[:1] in ("[", ","):
            blocks[-1][0] += line.strip()
        elif blocks:
            blocks[-1][2] = False
            blocks[-1][1] += "\n" + line
    return [(synopsis, text) for synopsis, text, _ in blocks]


def keys_of(text: str) -> tuple[set[str], set[str], bool]:
    """Keys, families (``throttling.``) and whether a stand-in for any key appears."""
    keys, families, anything = set(), set(), False
    for key in _KEY_RE.findall(text):
        key = key.lstrip(".")
        for one in ([f"{p}.{key.split('.', 1)[1]}" for p in key.split(".", 1)[0].split("|")] if "|" in key.split(".", 1)[0] and "." in key else [key]):
            head, _, last = one.rpartition(".")
            if last.isupper() or last.rstrip("0123456789").lower() in _STAND_INS:
                if head:
                    families.add(head.lower() + ".")
                else:
                    anything = True
            else:
                keys.add(one.lower())
    if re.search(r"[\[,](prop|option|options|<optargs>)[\],\[=]", text):
        anything = True
    return keys, families, anything


def implied(synopsis: str) -> set[str]:
    return {k.lower() for k in re.findall(r"\[([\w-]+)=\]", synopsis)}


def srst_definition_items(hx_text: str):
    """(term, definition node) of every top-level definition list item of the SRST blocks."""
    for block in re.findall(r"^SRST(?:\(\w+\))?\n(.*?)^ERST", hx_text, re.S | re.M):
        tree = docutils.core.publish_doctree(block, settings_overrides={"report_level": 5, "halt_level": 5})
        for message in list(tree.findall(docutils.nodes.system_message)):
            message.parent.remove(message)  # docutils' remarks on the input are no part of it
        for item in tree.findall(docutils.nodes.definition_list_item):
            parent = item.parent.parent
            if isinstance(parent, docutils.nodes.definition):
                continue  # a nested item: read with its option's
            term = item.next_node(docutils.nodes.term).astext()
            yield term, item.next_node(docutils.nodes.definition)


def nested_items(definition):
    return [
        (item, item.next_node(docutils.nodes.term).astext(), item.next_node(docutils.nodes.definition))
        for item in definition.findall(docutils.nodes.definition_list_item)
    ]


def expected_form_differences(release: str) -> set[tuple]:
    text = (QEMU / release / "qemu-options.hx").read_text()
    items = list(srst_definition_items(text))
    expected = set()
    for option in FORMED:
        help_forms: dict[str, dict] = {}
        for synopsis, explanation in help_synopsis_blocks(def_help(text, option[1:]), option):
            word = re.match(rf"{option} ({_TYPED}|[a-z][\w-]*)(?=[,\[=]|$)", synopsis)
            name = word.group(1) if word and word.group(1) not in ("help", "driver", "backend", "type") else ""
            form = help_forms.setdefault(name, {"keys": set(), "families": set(), "any": False, "text": "", "implied": set()})
            keys, families, anything = keys_of(synopsis.split(" ", 1)[1] if " " in synopsis else "")
            keys.discard(name.split("=")[0])
            form["keys"] |= keys
            form["families"] |= families
            form["any"] |= anything
            form["implied"] |= implied(synopsis)
            form["text"] += explanation + "\n"
        doc_forms: dict[str, dict] = {}

        def doc_form(name):
            return doc_forms.setdefault(name, {"keys": set(), "families": set(), "own": set(), "text": "", "literals": set()})

        grouped = False  # after a term whose definition is empty ("\\"): several terms, one item
        for term, definition in items:
            if not (term == option or term.startswith(option + " ")):
                grouped = False
                continue
            word = re.match(rf"{option} ({_TYPED}|[a-z][\w-]*)(?=[,\[=]|$)", term)
            name = word.group(1) if word and (word.group(1) in help_forms or re.fullmatch(_TYPED, word.group(1))) else ""
            keys, families, _ = keys_of(term.split(" ", 1)[1] if " " in term else "")
            keys.discard(name.split("=")[0])
            form = doc_form(name)
            form["keys"] |= keys | implied(term)
            form["families"] |= families
            if name:
                form["own"] |= keys
            empty = definition is None or definition.astext().strip() in ("", "\\")
            if grouped or empty:
                name, form = "", doc_form("")  # what the group's definition says is the option's
            grouped = empty
            form_subtrees = []  # nested items that are forms of their own ("gtk" under "-display type")
            for inner_item, inner_term, inner_definition in nested_items(definition) if definition is not None else []:
                first = re.match(r"([a-z][\w-]*)(?=[,\[=]|$)", inner_term)
                inner_name = first.group(1) if first and first.group(1) in help_forms else None
                if inner_name and not name:
                    target = doc_form(inner_name)
                    form_subtrees.append(inner_item)
                else:
                    target = form
                inner_keys, inner_families, _ = keys_of(inner_term)
                bare = re.fullmatch(r"([\w.|-]+)", inner_term)
                if bare:
                    inner_keys |= keys_of(bare.group(1) + "=")[0]
                inner_keys.discard(inner_name if target is not form else "")
                target["keys"] |= inner_keys
                target["families"] |= inner_families
                if target is not form or name:
                    target["own"] |= inner_keys
                if inner_definition is not None:
                    target["text"] += inner_definition.astext()
                    target["literals"] |= {n.astext() for n in inner_definition.findall(docutils.nodes.literal)}
            if definition is not None:
                inside_forms = {id(n) for sub in form_subtrees for n in sub.findall()}
                form["text"] += definition.astext()
                form["literals"] |= {n.astext() for n in definition.findall(docutils.nodes.literal) if id(n) not in inside_forms}
                for sub in form_subtrees:
                    for part in (sub.next_node(docutils.nodes.term), sub.next_node(docutils.nodes.definition)):
                        if part is not None:
                            form["text"] = form["text"].replace(part.astext(), "")
        generic_help = help_forms.get("", {"keys": set(), "families": set(), "any": False, "text": "", "implied": set()})
        generic_doc = doc_forms.get("", {"keys": set(), "families": set(), "own": set(), "text": "", "literals": set()})
        for name in help_forms:
            if name and name not in doc_forms:
                expected.add(("help-form", option, name))
        if "" not in help_forms:
            for name in doc_forms:
                if name and name not in help_forms:
                    expected.add(("doc-form", option, name))
        for name, form in doc_forms.items():
            if not name or name not in help_forms:
                continue
            helped = help_forms[name]
            doc_keys = form["keys"] | generic_doc["keys"]
            doc_families = form["families"] | generic_doc["families"]
            doc_text = form["text"] + generic_doc["text"]
            literals = form["literals"] | generic_doc["literals"]
            for key in helped["keys"] | generic_help["keys"]:
                if key in doc_keys or any(key.startswith(f) for f in doc_families):
                    continue
                if f"{key}=" in doc_text or key in literals or key in helped["implied"] | generic_help["implied"]:
                    continue
                expected.add(("help-key", option, name, key))
            if helped["any"] or generic_help["any"]:
                continue
            help_keys = helped["keys"] | generic_help["keys"]
            help_families = helped["families"] | generic_help["families"]
            help_text = (helped["text"] + generic_help["text"]).lower()
            for key in form["own"]:
                if key in help_keys or any(key.startswith(f) for f in help_families) or key in help_text:
                    continue
                expected.add(("doc-key", option, name, key))
    return expected


_MESSAGES = [
    (re.compile(r"^-help documents (-[\w-]+) ([\w=-]+) \("), "help-form"),
    (re.compile(r"^the documentation describes (-[\w-]+) ([\w=-]+); -help has no synopsis"), "doc-form"),
    (re.compile(r"-help documents ((?:`[^`]+=`(?:, | and )?)+) for (-[\w-]+) ([\w=-]+); the documentation does not"), "help-key"),
    (re.compile(r"the documentation of (-[\w-]+) ([\w=-]+) names ((?:`[^`]+=`(?:, | and )?)+); -help does not"), "doc-key"),
]


def linted_form_differences(release: str) -> set[tuple]:
    result = run_qdoc("lint", str(QEMU / release), "--select", "QD301", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    found = set()
    for finding in json.loads(result.stdout):
        message = finding["message"]
        for pattern, kind in _MESSAGES:
            for match in pattern.finditer(message):
                if kind in ("help-form", "doc-form"):
                    found.add((kind, match.group(1), match.group(2)))
                elif kind == "help-key":
                    found |= {(kind, match.group(2), match.group(3), k) for k in re.findall(r"`([^`]+)=`", match.group(1))}
                else:
                    found |= {(kind, match.group(1), match.group(2), k) for k in re.findall(r"`([^`]+)=`", match.group(3))}
    return {f for f in found if f[1] in FORMED}


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_lint_finds_exactly_the_per_form_differences_an_independent_scan_finds(release):
    expected = expected_form_differences(release)
    assert ("help-key", "-netdev", "tap", "vhost") in expected  # the scan sees real drift
    assert linted_form_differences(release) == expected
