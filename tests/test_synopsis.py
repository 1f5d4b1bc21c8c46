"""Synopsis parsing on QEMU's informal grammar (expectations read off the synopses)."""

from __future__ import annotations

from qdoc.synopsis import bracket_problems, parse_parameters, split_option_name


def params(text):
    parameters, problems = parse_parameters(text)
    return [(p.key, p.value, p.required, p.key_optional, p.repeatable, p.choices) for p in parameters], problems


def test_split_option_name():
    assert split_option_name("-machine [type=]name") == ("-machine", "[type=]name")
    assert split_option_name("--preconfig") == ("--preconfig", "")
    assert split_option_name("-numa node,mem=size") == ("-numa", "node,mem=size")
    assert split_option_name("info version") == ("info", "version")


def test_machine():
    assert params("[type=]name[,prop=value[,...]]") == (
        [("type", "name", True, True, False, []), ("prop", "value", False, False, True, [])],
        [],
    )


def test_numa_node():
    got, problems = params("node[,mem=size][,cpus=firstcpu[-lastcpu]][,nodeid=node]")
    assert got == [
        (None, "node", True, False, False, []),
        ("mem", "size", False, False, False, []),
        ("cpus", "firstcpu[-lastcpu]", False, False, False, []),
        ("nodeid", "node", False, False, False, []),
    ]
    assert problems == []


def test_choices_and_required_keys():
    got, _ = params("dist,src=source,dst=destination,val=distance")
    assert [g[0] for g in got] == [None, "src", "dst", "val"]
    assert all(g[2] for g in got)
    got, _ = params("sdl[,gl=on|core|es|off]")
    assert got[1] == ("gl", "on|core|es|off", False, False, False, ["on", "core", "es", "off"])


def test_nested_optional_key():
    got, _ = params("[[cpus=]n][,maxcpus=maxcpus]")
    assert got[0] == ("cpus", "n", False, True, False, [])


def test_quoted_argument_keeps_commas():
    got, _ = params('"file1 arg=foo,file2"')
    assert got == [(None, "file1 arg=foo,file2", True, False, False, [])]


def test_unbalanced_brackets_are_problems_not_crashes():
    assert bracket_problems("a[b") == ["1 unclosed '['"]
    assert bracket_problems("a]b") == ["unbalanced ']' at column 2"]
    got, problems = params("[,mem=size")
    assert problems and got[0][0] == "mem"


def test_hmp_flags_are_typed_as_qemus_texinfo_writes_them():
    """Every flag of an HMP command's @item (QEMU 4.2) is outside @var: word_roles makes each one literal.

    ``info sync-profile [-m|-n]`` and ``dump-guest-memory [-z|-l|-s|-w]``:
    a flag after ``|`` is an alternative flag, not the end of a range.
    """
    import re

    from conftest import QEMU
    from qdoc.synopsis import LITERAL, word_roles

    checked = 0
    for name in ("hmp-commands.hx", "hmp-commands-info.hx"):
        for item in re.findall(r"^@item (.*)$", (QEMU / "4.2.0" / name).read_text(), re.M):
            # The command's name (``info`` and a word in hmp-commands-info.hx) is not an argument.
            named = 2 if item.startswith("info ") else 1
            arguments = item.split(" ", named)[named] if item.count(" ") >= named else ""
            unmarked = re.sub(r"@var\{[^}]*\}", "VAR", arguments)
            flags = re.findall(r"(?:(?<=[\s\[|])|^)(-[A-Za-z][\w-]*)", unmarked)
            plain = re.sub(r"@var\{([^}]*)\}", r"\1", arguments)
            roles = dict((word, role) for word, role in word_roles(plain) if word[:1] == "-")
            for flag in flags:
                assert roles.get(flag) == LITERAL, (name, item, flag)
                checked += 1
    assert checked >= 10, checked  # not vacuous: 4.2.0 has a dozen flags in @item lines


def test_flat_fast_path_agrees_with_the_general_parse():
    """Synopses without brackets or quotes take a short cut; it must give what the general parse gives.

    Every flat synopsis of Debian's 7.2 manual, plus random strings of the
    grammar's other characters (commas, ``=``, ``|``, dots, white space).
    """
    import random

    from qdoc.readers.html import read_html
    from qdoc.synopsis import _flat_parameters, _nested_parameters

    from conftest import CORPUS

    page = CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"
    option_set = read_html(page.read_text(encoding="utf-8"), str(page))
    texts = {s.text.split(" ", 1)[-1] for o in option_set.options for s in o.synopses}
    texts |= {s.text for o in option_set.options for sub in o.suboptions for s in sub.synopses}
    flat = [t for t in texts if not set(t) & set('[]"')]
    assert len(flat) > 200
    rng = random.Random(4)
    pieces = ["a", "bc", "=", "|", ",", ".", "...", " ", "\t", "-", "x=y", "@", "<v>"]
    flat += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for text in flat:
        assert _flat_parameters(text) == _nested_parameters(text), text


# -- prose after values (issue 19): expectations written by hand from QEMU 10.2's terms --------


def test_a_remark_in_parentheses_is_not_part_of_the_value():
    got, _ = params("xtsup=on|off (default: off)")
    assert got == [("xtsup", "on|off", True, False, False, ["on", "off"])]
    got, _ = params("deprecated-input=accept (default)")
    assert got == [("deprecated-input", "accept", True, False, False, [])]


def test_a_remark_keeps_its_commas_and_semicolons_to_itself():
    got, _ = params("granule=val (possible values are 4k, 8k, 16k, 64k and host; default: host)")
    assert got == [("granule", "val", True, False, False, [])]
    got, _ = params("aw-bits=val (val between 32 and 64, default depends on machine)")
    assert got == [("aw-bits", "val", True, False, False, [])]


def test_a_group_of_options_in_parentheses_is_no_remark():
    got, _ = params("(--merge SOURCE | --add)")
    assert [g[1] for g in got] == ["(--merge SOURCE|--add)"]


def test_a_classifier_is_not_part_of_the_synopsis():
    got, _ = params("show-tabs=on|off : Display the tab bar for switching between the")
    assert got == [("show-tabs", "on|off", True, False, False, ["on", "off"])]
    got, _ = params("full-grab=on|off : Capture all key presses, including system combos.")
    assert got == [("full-grab", "on|off", True, False, False, ["on", "off"])]


def test_words_of_a_placeholder_keep_their_spaces():
    got, _ = params("socket,id=id[,TCP options or unix options][,server=on|off]")
    assert got == [
        (None, "socket", True, False, False, []),
        ("id", "id", True, False, False, []),
        (None, "TCP options or unix options", False, False, False, []),
        ("server", "on|off", False, False, False, ["on", "off"]),
    ]
    got, _ = params("Driver-specific options for file")
    assert got == [(None, "Driver-specific options for file", True, False, False, [])]


def test_a_label_before_the_parameters_is_prose():
    got, _ = params("TCP options: port=port[,host=host]")
    assert got == [("port", "port", True, False, False, []), ("host", "host", False, False, False, [])]
    assert params("QEMU Options:") == ([], [])


def test_semicolons_and_conjunctions_separate_parameters():
    got, _ = params("rxcookie=rxcookie; txcookie=txcookie")
    assert got == [("rxcookie", "rxcookie", True, False, False, []), ("txcookie", "txcookie", True, False, False, [])]
    got, _ = params("ipv4=on|off and ipv6=on|off")
    assert got == [("ipv4", "on|off", True, False, False, ["on", "off"]), ("ipv6", "on|off", True, False, False, ["on", "off"])]


def test_white_space_outside_brackets_ends_a_parameter():
    got, _ = params("[-n] [-v] [device]")
    assert got == [(None, "-n", False, False, False, []), (None, "-v", False, False, False, []), (None, "device", False, False, False, [])]
    got, _ = params("[ vnc | spice ] password")
    assert got == [(None, "vnc|spice", False, False, False, ["vnc", "spice"]), (None, "password", True, False, False, [])]
    # Line breaks of a texinfo synopsis before "[," change nothing.
    assert params("[,writeout=writeout][,readonly] [,fmode=fmode]") == params("[,writeout=writeout][,readonly][,fmode=fmode]")
