"""QEMU's synopsis grammar, case by case, and two scans of the corpus that need no qdoc.

Hand-written expectations, one behaviour each: what :func:`parameter_text`
takes out as prose, what :func:`parse_parameters` makes of brackets, quotes,
choices and ellipses, where :func:`bracket_problems` sees unbalanced
brackets, and which words :func:`word_roles` types as written.  Then the
corpus: every ``key=value`` of every rST term of every ``qemu-options.hx``
(found by a regular expression and a bracket count, not by qdoc) is a
parameter with that value, requiredness and choices; and every key and
``@var`` value of QEMU's texinfo ``@item`` lines has the role texinfo
marks.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from conftest import QEMU
from qdoc.synopsis import (
    LITERAL,
    PLACEHOLDER,
    _parse_parameters_cached,
    bracket_problems,
    names_kinds,
    parameter_text,
    parse_parameters,
    split_option_name,
    word_roles,
)


@pytest.fixture(autouse=True)
def uncached_parses():
    """Each test sees the parser itself, never a parse an earlier test (or module) left in the cache.

    ``parse_parameters`` shares results between equal inputs; a cached
    result would answer for the code that made it, not for the code under
    test (a mutation run forks after the clean run has filled the cache).
    """
    _parse_parameters_cached.cache_clear()
    yield
    _parse_parameters_cached.cache_clear()


def params(arguments: str) -> list[tuple]:
    """The parse as (key, value, required, key_optional, repeatable, choices) tuples."""
    return [(p.key, p.value, p.required, p.key_optional, p.repeatable, p.choices) for p in parse_parameters(arguments)[0]]


# -- prose around the parameters ------------------------------------------------------------------


@pytest.mark.parametrize("arguments, text", [
    # Nothing to take out: no white space, ";" or parenthesis.
    ("[type=]name[,prop=value[,...]]", "[type=]name[,prop=value[,...]]"),
    ("a(b)", "a(b)"),
    # A remark after white space, however it ends.
    ("xtsup=on|off (default: off)", "xtsup=on|off"),
    ("granule=val (possible values are 4k, 8k, 16k, 64k and host; default: host)", "granule=val"),
    ("x=1 (a (nested) remark) y=2", "x=1,y=2"),
    ("y (a remark never closed", "y"),
    ("a (", "a"),
    ("(default) a=b", "a=b"),
    # A remark breaks a run of plain words as a comma does.
    ("word (note) other", "word,other"),
    # A group of options is no remark.
    ("(--merge SOURCE | --add)", "(--merge SOURCE|--add)"),
    # A classifier: everything after a lone ":".
    ("show-tabs=on|off : Display the tab bar", "show-tabs=on|off"),
    # A label before the parameters, and a term that is a label only.
    ("TCP options: port=port[,host=host]", "port=port[,host=host]"),
    ("QEMU Options:", ""),
    ("Options: a=b", "a=b"),
    # A key=value ending in ":" is no label.
    ("a=b: c", "a=b:,c"),
    # "and", "or" and ";" separate parameters.
    ("ipv4=on|off and ipv6=on|off", "ipv4=on|off,ipv6=on|off"),
    ("one or two", "one,two"),
    ("rxcookie=rxcookie; txcookie=txcookie", "rxcookie=rxcookie,txcookie=txcookie"),
    ("a b;c d", "a b,c d"),
    # White space outside brackets ends a parameter; runs of plain words stay one, single-spaced.
    ("[a=b] c", "[a=b],c"),
    ("Driver-specific  options for\tfile", "Driver-specific options for file"),
    ("socket,id=id[,TCP options or unix options]", "socket,id=id[,TCP options or unix options]"),
    ("[ vnc | spice ] password", "[vnc|spice],password"),
    ("  id=x  ", "id=x"),
    ("X Y", "X Y"),
    # White space inside brackets, at any depth, is part of the parameter.
    ("[[a b] c]", "[[a b]c]"),
    ("[[a] b] c", "[[a]b],c"),
])
def test_prose_is_taken_out_of_the_arguments(arguments, text):
    assert parameter_text(arguments) == text


# -- parameters: brackets, keys, values -----------------------------------------------------------

# (key, value, required, key_optional, repeatable, choices), written from the grammar.
PARSES = [
    # A key in brackets is optional, its value is not; a whole bracket group is optional.
    ("[key=]value", [("key", "value", True, True, False, [])]),
    ("[key=value]", [("key", "value", False, False, False, [])]),
    ("key=[value]", [("key", "value", True, False, False, [])]),
    ("[key=[value]]", [("key", "value", False, False, False, [])]),
    ("[[cpus=]n][,maxcpus=m]", [("cpus", "n", False, True, False, []), ("maxcpus", "m", False, False, False, [])]),
    ("[,[a=]b]", [("a", "b", False, True, False, [])]),
    # Brackets that do not wrap the whole value stay in it; wrapping ones go, at every depth.
    ("cpus=firstcpu[-lastcpu]", [("cpus", "firstcpu[-lastcpu]", True, False, False, [])]),
    ("x=[a][b]", [("x", "[a][b]", True, False, False, [])]),
    ("[[a]]", [(None, "a", False, False, False, [])]),
    ("x=[[[v]]]", [("x", "v", True, False, False, [])]),
    ("size=[x[y]]", [("size", "x[y]", True, False, False, [])]),
    # Unmatched brackets are dropped from the value; a stray "]" makes nothing optional.
    ("cpus=a]b", [("cpus", "ab", True, False, False, [])]),
    ("]x=y", [("x", "y", True, False, False, [])]),
    ("x=[a", [("x", "a", True, False, False, [])]),
    ("x=[a]]", [("x", "a", True, False, False, [])]),
    ("x=[[a]", [("x", "a", True, False, False, [])]),
    ("a]],b=c", [(None, "a", True, False, False, []), ("b", "c", True, False, False, [])]),
    # Choices: "|" without white space or brackets.
    ("gl=on|core|es|off", [("gl", "on|core|es|off", True, False, False, ["on", "core", "es", "off"])]),
    ("[,gl=on|off]", [("gl", "on|off", False, False, False, ["on", "off"])]),
    ("mode=a|", [("mode", "a|", True, False, False, ["a"])]),
    ("x=a|[b]", [("x", "a|[b]", True, False, False, [])]),
    ("[x=a|b c]", [("x", "a|b c", False, False, False, [])]),
    ("tap|user", [(None, "tap|user", True, False, False, ["tap", "user"])]),
    # Outside brackets white space ends a value (see the prose cases above).
    ("x=a b", [("x", "a", True, False, False, []), (None, "b", True, False, False, [])]),
    # A key is a name: "=" first, or after something that is no name, makes no key.
    ("=value", [(None, "=value", True, False, False, [])]),
    ("a b=c", [(None, "a", True, False, False, []), ("b", "c", True, False, False, [])]),
    ("[a b=c]", [(None, "a b=c", False, False, False, [])]),
    ("a/b=c", [(None, "a/b=c", True, False, False, [])]),
    ("id=a=b", [("id", "a=b", True, False, False, [])]),
    ("key=", [("key", None, True, False, False, [])]),
    ("[key=]", [("key", None, False, False, False, [])]),
    # A bare word of capital X's is a word, not an ellipsis.
    ("X", [(None, "X", True, False, False, [])]),
    ("[X]", [(None, "X", False, False, False, [])]),
    # Empty elements are no parameters.
    ("a,,b", [(None, "a", True, False, False, []), (None, "b", True, False, False, [])]),
    ("[a,,b]", [(None, "a", False, False, False, []), (None, "b", False, False, False, [])]),
    # "..." glued to a word after a bracket ends the element there (the dots stay in its value).
    ("a[...b]", [(None, "a...", True, False, True, []), (None, "b", False, False, False, [])]),
]


@pytest.mark.parametrize("arguments, expected", PARSES, ids=[a for a, _ in PARSES])
def test_brackets_keys_and_values(arguments, expected):
    assert params(arguments) == expected


# -- repetition -----------------------------------------------------------------------------------

REPEATS = [
    # ",..." repeats the parameter before it, whatever else it is.
    ("prop=a|b,...", [("prop", "a|b", True, False, True, ["a", "b"])]),
    ("[prop=a|b,...]", [("prop", "a|b", False, False, True, ["a", "b"])]),
    ("[[cpus=]n,...]", [("cpus", "n", False, True, True, [])]),
    ("[cpus=]n,...", [("cpus", "n", True, True, True, [])]),
    ("node[,...]", [(None, "node", True, False, True, [])]),
    ("a,....", [(None, "a", True, False, True, [])]),
    # "..." first repeats nothing.
    ("...,mac=m", [("mac", "m", True, False, False, [])]),
    ("[...][,mac=m]", [("mac", "m", False, False, False, [])]),
    # "..." glued to the next parameter ends the one before.
    ("a,...mac=m", [(None, "a", True, False, True, []), ("mac", "m", True, False, False, [])]),
    ("a[,...mac=m]", [(None, "a", True, False, True, []), ("mac", "m", False, False, False, [])]),
    # A value that holds "..." is repeatable itself.
    ("accel=accels1[:accels2[:...]]", [("accel", "accels1[:accels2[:...]]", True, False, True, [])]),
    ("file=f...", [("file", "f...", True, False, True, [])]),
]


@pytest.mark.parametrize("arguments, expected", REPEATS, ids=[a for a, _ in REPEATS])
def test_an_ellipsis_repeats_the_parameter_before_it(arguments, expected):
    assert params(arguments) == expected


def test_quotes_protect_commas_and_spaces_but_brackets_in_them_still_count():
    """``-initrd "file1 arg=foo,file2"`` is one value; quotes protect commas only, brackets stay brackets."""
    assert params('"file1 arg=foo,file2"') == [(None, "file1 arg=foo,file2", True, False, False, [])]
    assert params('opaque="rdwr:/path/to/file",fd=3') == [
        ("opaque", "rdwr:/path/to/file", True, False, False, []),
        ("fd", "3", True, False, False, []),
    ]
    assert params('a="x,[y]"') == [("a", "x,[y]", True, False, False, [])]
    assert params('a="[x]"') == [("a", "x", True, False, False, [])]
    assert params('"[x]",y') == [(None, "x", True, False, False, []), (None, "y", True, False, False, [])]
    assert params('"[x"...y') == [(None, "x...", True, False, True, []), (None, "y", True, False, False, [])]
    assert params('"X",[y]') == [(None, "X", True, False, False, []), (None, "y", False, False, False, [])]
    assert params('[a="x,y"]') == [("a", "x,y", False, False, False, [])]
    # A lone quoted bracket is no content and makes nothing optional (bracket_problems still counts it).
    assert params('k="[",v') == [("k", None, True, False, False, []), (None, "v", True, False, False, [])]
    assert parse_parameters('k="[",v')[1] == ["1 unclosed '['"]
    assert params('["a"]') == [(None, "a", False, False, False, [])]


def test_the_parse_reports_unbalanced_brackets_and_only_those():
    assert parse_parameters("[a][,b]")[1] == []
    assert parse_parameters("a=b")[1] == []
    assert parse_parameters("[a")[1] == ["1 unclosed '['"]
    assert parse_parameters("a]")[1] == ["unbalanced ']' at column 2"]
    # The problems are of the text as written, prose and all.
    assert parse_parameters("a (b]")[1] == ["unbalanced ']' at column 5"]


@pytest.mark.parametrize("text, problems", [
    ("[a]", []),
    ("[[a]]", []),
    ("[[[a]]]", []),
    ("[[a]", ["1 unclosed '['"]),
    ("[[[a", ["3 unclosed '['"]),
    ("a]]", ["unbalanced ']' at column 2", "unbalanced ']' at column 3"]),
    ("]a[", ["unbalanced ']' at column 1", "1 unclosed '['"]),
    ("[a]]b[c]", ["unbalanced ']' at column 4"]),
])
def test_bracket_problems_count_depth(text, problems):
    assert bracket_problems(text) == problems


def test_option_names_and_what_follows_them():
    assert split_option_name("  -machine [type=]name ") == ("-machine", "[type=]name")
    assert split_option_name("--preconfig") == ("--preconfig", "")
    assert split_option_name("info version") == ("info", "version")
    # No name at all: nothing is split off.
    assert split_option_name("[,prop=value]") == ("", "[,prop=value]")
    assert split_option_name("") == ("", "")


# -- roles: typed as written, or replaced ---------------------------------------------------------


def marked(arguments: str, *, literal_first: bool = False) -> str:
    """``arguments`` with each placeholder in ``<>``: texinfo's ``@var``, written shorter."""
    pieces = word_roles(arguments, literal_first=literal_first)
    assert "".join(piece for piece, _ in pieces) == arguments
    assert all(role in (LITERAL, PLACEHOLDER) or not re.match(r"[\w@]", piece) for piece, role in pieces), pieces
    return "".join(f"<{piece}>" if role == PLACEHOLDER else piece for piece, role in pieces)


ROLES = [
    # key=value: the key typed, the value replaced; a choice or a number typed as written.
    ("[type=]name[,prop=value[,...]]", False, "[type=]<name>[,prop=<value>[,...]]"),
    ("path=path[,readonly]", False, "path=<path>[,readonly]"),
    ("mode=a|b", False, "mode=a|b"),
    ("k=[on|off]", False, "k=[on|off]"),
    ("base=utc|localtime|datetime", False, "base=utc|localtime|datetime"),
    ("type=0", False, "type=0"),
    ("type=0x1", False, "type=<0x1>"),
    ("a=b c", False, "a=<b> <c>"),
    ("mode=a | b", False, "mode=<a> | <b>"),
    ("x=@y", False, "x=<@y>"),
    ("X=v", False, "X=<v>"),
    ("k=X 1", False, "k=<X> <1>"),
    ("k=1[2]", False, "k=1[2]"),
    # Words before a key in the same element are bare words.
    ("user x=y", True, "user x=<y>"),
    ("file1 arg=foo", False, "<file1> arg=<foo>"),
    # A value ends at white space outside its own brackets, or at the "]" its key opened.
    ("[bs=block_size] [count=blocks] if=input of=output", False, "[bs=<block_size>] [count=<blocks>] if=<input> of=<output>"),
    ("[--flush-interval=FI] [-i AIO] FILENAME", False, "[--flush-interval=<FI>] [-i <AIO>] <FILENAME>"),
    ("[k=a] b", False, "[k=<a>] <b>"),
    ("k=[a b|c]", False, "k=[<a> <b>|<c>]"),
    ("k=[a|b] c", False, "k=[a|b] <c>"),
    ("k=[[a|b] c]", False, "k=[[<a>|<b>] <c>]"),
    ("k=[a]|b c", False, "k=[a]|b <c>"),
    ("[k=a]b=c", False, "[k=<a>]b=<c>"),
    ("k=1[X]", False, "k=<1>[<X>]"),
    # "=" after white space or after a bracket alone has no key.
    ("a =on|off", False, "<a> =<on>|<off>"),
    ("y,[x]=a", False, "<y>,[x]=<a>"),
    # Keys with brackets, dots and choices in them.
    ("[in|out.]dev=x", False, "[in|out.]dev=<x>"),
    ("driver.prop=value", False, "driver.prop=<value>"),
    ("a[=b]", False, "a[=<b>]"),
    ("k[x]=v", False, "k[x]=<v>"),
    # The first bare word: replaced, unless it names a kind.
    ("node[,mem=size]", False, "<node>[,mem=<size>]"),
    ("node[,mem=size][,cpus=firstcpu[-lastcpu]][,nodeid=node]", True,
     "node[,mem=<size>][,cpus=<firstcpu>[-<lastcpu>]][,nodeid=<node>]"),
    ("user", True, "user"),
    ("file", False, "<file>"),
    ("first,second", True, "first,second"),
    ("first, second", False, "<first>, second"),
    ("@var", False, "<@var>"),
    ("_x", False, "<_x>"),
    ("x-b", False, "<x-b>"),
    # Generic words and prose are placeholders wherever they stand.
    ("driver[,prop[=value][,...]]", False, "<driver>[,prop[=<value>][,...]]"),
    ("driver", True, "<driver>"),
    ("a,options", False, "<a>,<options>"),
    ("socket,id=id[,TCP options or unix options][,server=on|off]", True,
     "socket,id=<id>[,<TCP> <options> <or> <unix> <options>][,server=on|off]"),
    ("kind,extra words", True, "kind,<extra> <words>"),
    ("X display", True, "<X> <display>"),
    ("a[b]", True, "a[<b>]"),
    # A choice of bare words is typed as written.
    ("[tap|user][,mac=mac]", False, "[tap|user][,mac=<mac>]"),
    ("[x]|-b", False, "[x]|-b"),
    # Flags: after white space, at the start, or after "|" following a flag.
    ("[-n] [-v] [device]", False, "[-n] [-v] [<device>]"),
    ("[-m|-n]", False, "[-m|-n]"),
    ("-a|-b", False, "-a|-b"),
    ("-a -b", False, "-a -b"),
    ("x -b", False, "<x> -b"),
    ("[,-b]", False, "[,-b]"),
    ("[[-b]]", False, "[[-b]]"),
    ("a|-b", False, "a|-b"),
    ("a|-b c", False, "<a>|-<b> <c>"),
    ("-a|b", False, "-a|b"),
    ("-a|-b c", False, "-a|-b <c>"),
    # A group of options opens like a bracket.
    ("(-b)", False, "(-b)"),
    ("(--merge SOURCE | --add) FILENAME", False, "(--merge <SOURCE> | --add) <FILENAME>"),
]


@pytest.mark.parametrize("arguments, literal_first, expected", ROLES, ids=[a for a, _, _ in ROLES])
def test_word_roles_follow_the_grammar(arguments, literal_first, expected):
    assert marked(arguments, literal_first=literal_first) == expected


def test_a_placeholder_after_a_dash_keeps_the_dash_as_punctuation():
    """``firstcpu[-lastcpu]``: the range's dash is punctuation, ``lastcpu`` the placeholder."""
    pieces = word_roles("cpus=firstcpu[-lastcpu]")
    assert ("-", "plain") in pieces and ("lastcpu", PLACEHOLDER) in pieces
    assert pieces == [("cpus", LITERAL), ("=", "plain"), ("firstcpu", PLACEHOLDER), ("[", "plain"),
                      ("-", "plain"), ("lastcpu", PLACEHOLDER), ("]", "plain")]
    assert word_roles("x=--y") == [("x", LITERAL), ("=", "plain"), ("--", "plain"), ("y", PLACEHOLDER)]
    assert word_roles("n[-X]") == [("n", PLACEHOLDER), ("[", "plain"), ("-", "plain"), ("X", PLACEHOLDER), ("]", "plain")]


def test_a_first_word_is_replaced_unless_the_caller_says_it_names_a_kind():
    assert word_roles("file") == [("file", PLACEHOLDER)]
    assert word_roles("file", literal_first=True) == [("file", LITERAL)]


@pytest.mark.parametrize("synopses, kinds", [
    (["node,mem=size", "dist,src=source"], True),
    (["file"], False),
    (["file", "file,if=ide"], False),
    (["virtio-net,x=y", "virtio-blk"], True),
    ([], False),
    (["[,a]", "b"], False),
    (["", "=x", "user"], False),
])
def test_synopses_name_kinds_when_their_first_words_differ(synopses, kinds):
    assert names_kinds(iter(synopses)) is kinds


# -- the corpus, scanned without qdoc -------------------------------------------------------------

#: ``key=value`` at the start, after white space, "," or "[", with a value that is one word or a
#: choice of words, ending at "," or "]" or the end; the key may be written ``key]=`` (``[type]=``).
_KEY_VALUE_RE = re.compile(r"(?:^|(?<=[\s,\[]))([A-Za-z0-9_.-]+)\]?=([\w.|-]+)(?=[,\]]|$)")
_KEY_RE = re.compile(r"(?:^|(?<=[\s,\[]))([A-Za-z0-9_.-]+)\[?=")
#: QEMU's own slip: ``[,chroot=dir][user=...]`` lacks the comma, so ``user=`` is in chroot's value.
_MISSING_COMMA = "-run-with [async-teardown=on|off][,chroot=dir][user=username|uid:gid]"


@lru_cache(maxsize=None)
def rst_terms() -> frozenset[str]:
    """Every ````term```` line of the SRST blocks of every release's qemu-options.hx (options and sub-options)."""
    terms = set()
    for hx in sorted(QEMU.glob("*/qemu-options.hx")):
        terms |= set(re.findall(r"^\s*``([^`\"]+)``\s*$", hx.read_text(encoding="utf-8"), re.M))
    return frozenset(terms - {_MISSING_COMMA})


def arguments_of(term: str) -> str:
    return split_option_name(term)[1] if term.startswith("-") else term


def test_every_key_of_an_rst_term_is_a_parameter():
    checked = 0
    for term in rst_terms():
        arguments = arguments_of(term)
        keys = {p.key for p in parse_parameters(arguments)[0] if p.key}
        assert set(_KEY_RE.findall(arguments)) == keys, term
        checked += len(keys)
    assert checked > 700, checked


def test_every_simple_key_value_of_an_rst_term_has_its_value_depth_and_choices():
    """Depth by counting brackets before the key and the value: required if either is outside all brackets."""
    checked = 0
    for term in rst_terms():
        arguments = arguments_of(term)
        if re.search(r"[\s;(]", arguments):
            continue  # prose: the cases above
        parsed = [(p.key, p.value, p.required, p.key_optional, p.choices) for p in parse_parameters(arguments)[0]]
        for match in _KEY_VALUE_RE.finditer(arguments):
            key, value = match.groups()
            key_depth = arguments[: match.start(1)].count("[") - arguments[: match.start(1)].count("]")
            value_depth = arguments[: match.start(2)].count("[") - arguments[: match.start(2)].count("]")
            choices = value.split("|") if "|" in value else []
            expected = (key, value, min(key_depth, value_depth) == 0, key_depth > value_depth, choices)
            assert expected in parsed, (term, expected, parsed)
            checked += 1
    assert checked > 700, checked


#: In an ``@item``: ``key=@var{value}``, or ``key=a|b`` (a choice typed as written), at the start, after
#: white space, "," or "[", ending at "," "]" white space or the end.
_TEXINFO_KEY_VALUE_RE = re.compile(
    r"(?:^|(?<=[\s,\[]))([A-Za-z][\w.-]*)=(?:@var\{(\w+)\}|([a-z][\w-]*(?:\|[a-z][\w-]*)+))(?=[,\]\s]|$)")


@lru_cache(maxsize=None)
def texinfo_items() -> frozenset[str]:
    """The ``@item`` lines of every .hx (options, HMP and qemu-img commands) with no markup but ``@var``."""
    items = set()
    for hx in sorted(QEMU.glob("*/*.hx")):
        items |= set(re.findall(r"^@item (\S+ .*)$", hx.read_text(encoding="utf-8", errors="replace"), re.M))
    return frozenset(item for item in items if "@" not in re.sub(r"@var\{[^}]*\}", "", item))


def test_keys_and_values_have_the_roles_qemus_texinfo_marks():
    """``key=@var{value}``: the key typed, the value replaced; ``key=on|off``: all typed as written.

    Keys separated by white space count as keys too (qemu-img's ``dd [bs=@var{block_size}]
    [count=@var{blocks}] ... if=@var{input} of=@var{output}``).
    """
    checked = 0
    for item in texinfo_items():
        arguments = item.split(" ", 1)[1]
        plain = re.sub(r"@var\{([^}]*)\}", r"\1", arguments)
        at, position = {}, 0
        for piece, role in word_roles(plain):
            at[position] = (piece, role)
            position += len(piece)
        for match in _TEXINFO_KEY_VALUE_RE.finditer(arguments):
            key, var, choice = match.groups()
            start = len(re.sub(r"@var\{([^}]*)\}", r"\1", arguments[: match.start(1)]))
            expected = [(start, key, LITERAL)]
            position = start + len(key) + 1
            for word in [var] if var else choice.split("|"):
                expected.append((position, word, PLACEHOLDER if var else LITERAL))
                position += len(word) + 1
            for position, word, role in expected:
                assert at.get(position) == (word, role), (item, word, role)
                checked += 1
    assert checked > 500, checked


def test_every_flag_of_a_qemu_img_command_is_typed_as_written():
    """``.. option::`` lines of qemu-img-cmds.hx: a word starting with a dash after white space, ``[``, ``(`` or ``|``.

    ``bitmap (--merge SOURCE | --add | ...)``: the flags in the group are flags too.
    """
    checked = 0
    for hx in sorted(QEMU.glob("*/qemu-img-cmds.hx")):
        for line in re.findall(r"^\.\. option:: (.*)$", hx.read_text(encoding="utf-8"), re.M):
            arguments = split_option_name(line)[1]
            roles = {}
            for piece, role in word_roles(arguments):
                roles.setdefault(piece, set()).add(role)
            for flag in re.findall(r"(?:(?<=[\s\[(|])|^)(--?[A-Za-z][\w-]*)", arguments):
                assert roles.get(flag) == {LITERAL}, (hx.parent.name, line, flag)
                checked += 1
    assert checked > 400, checked
