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
