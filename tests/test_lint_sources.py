"""Sources qdoc already reads, used by lint: the QMP reply (QD110), HMP ``.params`` (QD310),
documentation before its entry (QD109), and a texinfo tree's qemu-doc.texi.

Each corpus test computes what lint must find with a scan written here (the
QMP JSON with :mod:`json`, the .hx by small regular expressions, the SRST
terms with docutils), never with qdoc's code, and compares.  Each check also
has a small input that triggers it and one that does not.
"""

from __future__ import annotations

import json
import re
import textwrap
from functools import lru_cache

import docutils.core
import docutils.nodes
import pytest

from conftest import CORPUS, QEMU, run_qdoc
from qdoc.lint import run
from qdoc.project import Project, ReleaseSources, SourceFile
from qdoc.readers.binary.qmp import read_qmp
from qdoc.readers.hx import read_hx

QMP_REPLY = CORPUS / "debian-7.2" / "binary" / "query-command-line-options.json"
BACKTICKED_RE = re.compile(r"`([^`]+)`")


def lint_json(*args: str) -> list[dict]:
    result = run_qdoc("lint", *args, "--format", "json", "--severity", "info")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@lru_cache(maxsize=None)
def lint_cached(*args: str) -> tuple[dict, ...]:
    return tuple(lint_json(*args))


def of_code(findings, code: str, severity: str | None = None) -> list[dict]:
    return [f for f in findings if f["code"] == code and (severity is None or f["severity"] == severity)]


def c_strings(text: str) -> str:
    """The concatenation of the C string literals in ``text`` (escapes kept as written)."""
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


# -- the .hx, scanned here -------------------------------------------------------------


def def_blocks(hx_text: str) -> dict[str, tuple[str, str]]:
    """Each DEF's help string and documentation text (its SRST blocks; the next one for DEFs that share it)."""
    parts = re.split(r"^(?=DEF\(\")", hx_text, flags=re.M)
    found: dict[str, tuple[str, str]] = {}
    pending: list[str] = []
    for part in parts[1:]:
        name = "-" + re.match(r'DEF\("([^"]+)"', part).group(1)
        call = part[: part.index(")\n") + 1] if ")\n" in part else part
        help_text = c_strings(call.split(",", 3)[3] if call.count(",") >= 3 else "")
        srst = "\n".join(re.findall(r"^SRST(?:\([^)]*\))?\n(.*?)^ERST", part, re.S | re.M))
        found[name] = (help_text, srst)
        pending.append(name)
        if srst:
            for earlier in pending:
                found[earlier] = (found[earlier][0], found[earlier][1] or srst)
            pending = []
    return found


# -- QD110: the QMP reply --------------------------------------------------------------

#: QEMU's ``implied_opt_name`` of each option group (softmmu/vl.c and the subsystems): the key a
#: bare first value is stored under, restated from QEMU's source.
IMPLIED = {"-fsdev": "fsdriver", "-virtfs": "fsdriver", "-chardev": "backend", "-sandbox": "enable",
           "-option-rom": "romfile", "-vnc": "vnc", "-name": "guest", "-machine": "type"}
GROUP_OPTION = {"boot-opts": "-boot", "smp-opts": "-smp", "memory": "-m", "acpi": "-acpitable"}
LEGACY_THROTTLING = {"bps-total": "bps", "bps-read": "bps_rd", "bps-write": "bps_wr", "iops-total": "iops",
                     "iops-read": "iops_rd", "iops-write": "iops_wr", "iops-size": "iops_size", "group": "group"}


def legacy_spelling(key: str) -> str | None:
    m = re.fullmatch(r"throttling\.([a-z-]+?)(-max-length|-max)?", key)
    if not m or m.group(1) not in LEGACY_THROTTLING:
        return None
    return LEGACY_THROTTLING[m.group(1)] + (m.group(2) or "").replace("-", "_")


def names_key(doc: str, key: str) -> bool:
    """``key=``, ````key```` or ``noKEY`` (QemuOpts' ``KEY=off``) as a word of its own: ``logappend=`` does not name ``append``."""
    return re.search(r"(?<![\w.-])(" + re.escape(key) + r"=|``" + re.escape(key) + r"``|no" + re.escape(key) + r"(?![\w.-]))", doc) is not None


def expected_qmp_warnings(release: str) -> set[tuple[str, str]]:
    """(option, key) pairs the QMP reply has, the documentation and the DEF help text do not name."""
    blocks = def_blocks((QEMU / release / "qemu-options.hx").read_text())
    reply = json.loads(QMP_REPLY.read_text())["return"]
    expected = set()
    for group in reply:
        if not group["option"]:
            continue
        option = GROUP_OPTION.get(group["option"], "-" + group["option"])
        if option not in blocks or not blocks[option][1] or option == "-machine":
            continue
        help_text, doc = blocks[option]
        delegate = re.search(r"accepts all options that are accepted by ``(-[\w-]+)``", doc)
        if delegate and delegate.group(1) in blocks:
            doc += blocks[delegate.group(1)][1]
        for parameter in group["parameters"]:
            key = parameter["name"]
            legacy = legacy_spelling(key)
            if names_key(doc, key) or IMPLIED.get(option) == key or names_key(help_text, key):
                continue
            if legacy and names_key(doc, legacy):
                continue
            expected.add((option, key))
    return expected


def test_qd110_finds_exactly_the_undocumented_qmp_keys_of_7_2():
    found = lint_cached(str(QEMU / "7.2.0"), str(CORPUS / "debian-7.2"), "--release", "7.2.0")
    warned = set()
    for finding in of_code(found, "QD110", "warning"):
        option = finding["message"].split(":", 1)[0]
        keys = [k.rstrip("=") for k in BACKTICKED_RE.findall(finding["message"].split(";", 1)[0])]
        warned |= {(option, key) for key in keys}
        assert finding["location"]["path"].endswith("qemu-options.hx")  # where it can be fixed
    expected = expected_qmp_warnings("7.2.0")
    assert ("-option-rom", "bootindex") in expected  # the scan sees what a reader sees at the source
    assert warned == expected
    # What the documentation may leave out is information, at the reply's line: never a warning.
    informed = {f["message"].split(":", 1)[0] for f in of_code(found, "QD110", "info")}
    assert "-machine" in informed and all(f["location"]["path"].endswith(".json") for f in of_code(found, "QD110", "info"))


QMP_HX = textwrap.dedent(
    """\
    DEF("option-rom", HAS_ARG, QEMU_OPTION_option_rom,
        "-option-rom rom load a file, rom, into the option ROM space\\n", QEMU_ARCH_ALL)
    SRST
    ``-option-rom file``
        Load the contents of file as an option ROM.
    ERST
    """
)


def qmp_project(parameters: list[str]) -> Project:
    reply = json.dumps({"return": [{"option": "option-rom", "parameters": [{"name": p, "type": "string"} for p in parameters]}]})
    files = [
        SourceFile("qemu-options.hx", QMP_HX, read_hx(QMP_HX, "qemu-options.hx", release="7.2.0")),
        SourceFile("query-command-line-options.json", reply, read_qmp(reply, "query-command-line-options.json", release="7.2.0")),
    ]
    return Project([ReleaseSources("7.2.0", files)])


def test_qd110_small_inputs():
    found = run(qmp_project(["romfile", "bootindex"]), select=["QD110"], severity="info")
    assert [(f.severity, f.location.path) for f in found] == [("warning", "qemu-options.hx"), ("info", "query-command-line-options.json")]
    assert "`bootindex=`" in found[0].message and "implied key" in found[1].message
    assert run(qmp_project(["romfile"]), select=["QD110"]) == []  # the implied key alone: no warning


# -- QD310: HMP .params against the documented synopsis -----------------------------------

STRUCT_RE = re.compile(r"^\s*\{\s*\n\s*\.name\s*=\s*\"([^\"]+)\"(.*?)^\s*\},", re.S | re.M)


def hmp_commands(path) -> dict[str, dict]:
    """Each HMP command of an .hx: its .params, the terms of the SRST block after it (docutils), and the block's text."""
    text = path.read_text()
    info = path.name.endswith("-info.hx")
    commands = {}
    matches = list(STRUCT_RE.finditer(text))
    for i, m in enumerate(matches):
        names = m.group(1).split("|")
        params_m = re.search(r"\.params\s*=\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)", m.group(2))
        params = c_strings(params_m.group(1)) if params_m else ""
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        block = "\n".join(re.findall(r"^SRST\n(.*?)^ERST", text[m.end():end], re.S | re.M))
        tree = docutils.core.publish_doctree(block, settings_overrides={"report_level": 5, "halt_level": 5})
        terms = [t.astext() for t in tree.findall(docutils.nodes.term)]
        prefix = "info " if info else ""
        own = [t for t in terms if any(t.startswith(prefix + n) or t.startswith(n) for n in names)]  # ``stats`` of info too
        key = prefix + names[0]
        commands[key] = {"names": names, "params": params, "terms": own, "text": tree.astext()}
    return commands


def words(text: str) -> set[str]:
    return set(re.findall(r"-?[A-Za-z_][\w.-]*", text))


def command_words(command: dict, text: str) -> set[str]:
    """The words of a synopsis after the command's own name(s) (and ``info``)."""
    found = words(text) - {"info", "or"}
    for name in command["names"]:
        found -= words(name)
    return found


@pytest.mark.parametrize("release", ["7.2.0", "10.2.0"])
def test_qd310_agrees_with_an_independent_reading_of_params_and_terms(release):
    found = lint_cached(str(QEMU / release))
    by_command: dict[str, list[dict]] = {}
    for f in of_code(found, "QD310"):
        by_command.setdefault(re.match(r"HMP (info \S+|\S+):", f["message"]).group(1), []).append(f)
    commands = {}
    for name in ("hmp-commands.hx", "hmp-commands-info.hx"):
        commands.update(hmp_commands(QEMU / release / name))
    repeated, docs_only, params_only = set(), set(), set()
    for key, command in commands.items():
        if not command["terms"]:
            continue
        params = command["params"]
        if params.split(" ", 1)[0] in command["names"]:
            repeated.add(key)
            params = params.split(" ", 1)[1] if " " in params else ""
        params_words = command_words(command, params)
        term_words = set().union(*(command_words(command, t) for t in command["terms"]))
        if not params_words and term_words:
            docs_only.add(key)
        elif params_words and not term_words:
            params_only.add(key)
        elif params_words:
            messages = " ".join(f["message"] for f in by_command.get(key, []))
            for word in params_words - term_words:  # each word .params has and no term has is reported
                assert word in messages, (key, word)
            for f in by_command.get(key, []):
                missing = re.search(r"\.params has (.*?), the documentation does not", f["message"])
                if f["severity"] == "warning" and missing:
                    listed = words(" ".join(BACKTICKED_RE.findall(missing.group(1))))
                    assert listed and not listed & term_words, (key, f["message"])  # a warned "missing" name is in no term
    def with_message(part: str, severity: str) -> set[str]:
        return {k for k, fs in by_command.items() if any(part in f["message"] and f["severity"] == severity for f in fs)}
    assert with_message("starts with the command name again", "warning") == repeated
    assert with_message(".params none", "warning") == docs_only
    assert with_message("names no parameters", "info") == params_only
    assert {"nbd_server_start", "getfd"} <= repeated and "nmi" in docs_only  # what a reader sees at the source


HMP = textwrap.dedent(
    """\
        {
            .name       = "migrate",
            .args_type  = "detach:-d,resume:-r,uri:s",
            .params     = "[-d] [-r] uri",
            .help       = "migrate to URI",
            .cmd        = hmp_migrate,
        },

    SRST
    ``migrate [-d]`` *uri*
      Migrate to *uri*.
    ERST

        {
            .name       = "nbd_server_stop",
            .args_type  = "",
            .params     = "nbd_server_stop",
            .help       = "stop serving block devices using the NBD protocol",
            .cmd        = hmp_nbd_server_stop,
        },
    SRST
    ``nbd_server_stop``
      Stop the QEMU embedded NBD server.
    ERST
    """
)


def hmp_lint(text: str, select: str, path: str = "hmp-commands.hx"):
    option_set = read_hx(text, path, release="7.2.0")
    return run(Project([ReleaseSources("7.2.0", [SourceFile(path, text, option_set)])]), select=[select], severity="info")


def test_qd310_small_inputs():
    found = hmp_lint(HMP, "QD310")
    assert [(f.location.line, f.severity) for f in found] == [(10, "warning"), (14, "warning")]  # the term; the struct
    assert "`-r`" in found[0].message and "twice" in found[1].message
    fixed = HMP.replace('"[-d] [-r] uri"', '"[-d] uri"').replace('"nbd_server_stop"', '""')
    assert hmp_lint(fixed, "QD310") == []


# -- QD109: documentation before its entry, or in another item -----------------------------


def expected_misplaced(release: str) -> set[tuple[str, int]]:
    """(file, documentation line) of each entry documented before it, or whose help sentence sits in another item."""
    expected = set()
    for name in ("hmp-commands.hx", "hmp-commands-info.hx"):
        path = QEMU / release / name
        if not path.is_file():
            continue
        text = path.read_text()
        entries = {m.group(1).split("|")[0]: text.count("\n", 0, m.start()) + 1
                   for m in re.finditer(r"^\s*\.name\s*=\s*\"([^\"]+)\"", text, re.M)}
        for m in re.finditer(r"^``([\w-]+)``", text, re.M):
            line = text.count("\n", 0, m.start()) + 1
            if m.group(1) in entries and entries[m.group(1)] > line:
                expected.add((name, line))
    text = (QEMU / release / "qemu-options.hx").read_text()
    blocks = def_blocks(text)
    terms = {t.lstrip("-") for t in re.findall(r"^(?:``|@itemx? )(--?[\w-]+)", text, re.M)}
    for option, (help_text, _) in blocks.items():
        first_line = help_text.split("\\n")[0]
        sentence = re.split(r"\s{2,}", first_line.strip(), maxsplit=1)
        words_ = re.findall(r"[a-z0-9]+", " ".join([sentence[1] if len(sentence) > 1 else ""] + help_text.split("\\n")[1:]).lower())
        if option.lstrip("-") in terms or len(words_) < 6:
            continue
        needle = " ".join(words_[:8])
        items = re.finditer(r"^``(-[\w-]+)[^\n]*\n((?:[ \t]+[^\n]*\n|\n)+)"  # an SRST item: term, indented body
                            r"|^@item (-[\w-]+)[^\n]*\n((?:(?!@item |ETEXI)[^\n]*\n)+)", text, re.M)  # a STEXI item
        for m in items:
            term, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if term != option and needle in " ".join(re.findall(r"[a-z0-9]+", body.lower())):
                expected.add(("qemu-options.hx", text.count("\n", 0, m.start()) + 1))
    return expected


@pytest.mark.parametrize("release", ["4.2.0", "6.2.0", "7.2.0", "10.2.0"])
def test_qd109_finds_exactly_the_misplaced_documentation(release):
    found = lint_cached(str(QEMU / release))
    got = {(f["location"]["path"].rsplit("/", 1)[1], f["location"]["line"]) for f in of_code(found, "QD109")}
    assert got == expected_misplaced(release)
    # ...and those cases are no longer QD101 or QD102 too.
    documented_at = {line for _, line in got}
    assert not [f for f in of_code(found, "QD102") if f["location"]["line"] in documented_at]
    assert not [f for f in of_code(found, "QD101") if "calc_dirty_rate" in f["message"] or "xen-domid-restrict" in f["message"]]


STOP_BEFORE_ITS_ENTRY = textwrap.dedent(
    """\
    SRST
    ``stop``
      Stop emulation.
    ERST

        {
            .name       = "stop",
            .params     = "",
        },
    """
)


def test_qd109_small_inputs():
    moved = HMP + STOP_BEFORE_ITS_ENTRY  # after another entry, as in QEMU 6.2's calc_dirty_rate
    at = moved.count("\n", 0, moved.index("``stop``")) + 1
    found = hmp_lint(moved, "QD1")
    assert [(f.code, f.location.line) for f in found] == [("QD109", at)]  # not QD101 + QD102
    assert "the documentation of command stop comes before its entry: move the block below" in found[0].message
    assert hmp_lint(HMP, "QD1") == []
    appended = textwrap.dedent(
        """\
        DEF("xen-attach", 0, QEMU_OPTION_xen_attach,
            "-xen-attach     attach to existing xen domain\\n", QEMU_ARCH_ALL)
        DEF("xen-domid-restrict", 0, QEMU_OPTION_xen_domid_restrict,
            "-xen-domid-restrict     restrict set of available xen operations\\n"
            "                        to specified domain id.\\n", QEMU_ARCH_ALL)
        SRST
        ``-xen-attach``
            Attach to existing xen domain. Restrict set of available xen
            operations to specified domain id.
        ERST
        """
    )
    found = hmp_lint(appended, "QD1", path="qemu-options.hx")
    assert [(f.code, f.location.line) for f in found] == [("QD109", 7)]
    assert "item of -xen-attach" in found[0].message
    own_item = appended.replace("ERST\n", "\n``-xen-domid-restrict``\n    Restrict operations.\nERST\n")
    assert hmp_lint(own_item, "QD1", path="qemu-options.hx") == []


# -- a texinfo tree: qemu-doc.texi is read -----------------------------------------------


@pytest.mark.parametrize("release", ["2.12.0", "4.2.0"])
def test_linting_a_texinfo_tree_reads_qemu_doc_texi(release):
    texi = (QEMU / release / "qemu-doc.texi").read_text()
    # Brackets written inside @option{...} (`[@option{-h]}`): a real defect of the manual's own text.
    expected = {(i, m) for i, line in enumerate(texi.split("\n"), 1) for m in re.findall(r"@option\{([^}]*\])\}", line)}
    assert expected
    found = lint_cached(str(QEMU / release))
    got = {(f["location"]["line"], re.search(r"@option\{([^}]*)\}", f["message"]).group(1))
           for f in found if f["location"]["path"].endswith("qemu-doc.texi") and "@option{" in f["message"]}
    assert got == expected
    # The manual @includes qemu-options.texi, generated from the same .hx: that part is the .hx read
    # again, and comparing it with the .hx (QD302, "documented differently") finds only qdoc's two readings.
    assert not [f for f in of_code(found, "QD302") if f["location"]["path"].endswith("qemu-options.hx")]


def test_linting_the_2_12_tree_uses_the_deprecation_appendix_of_qemu_doc_texi():
    texi = (QEMU / "2.12.0" / "qemu-doc.texi").read_text()
    listed = set(re.findall(r"^@subsection (-[\w-]+) \(since", texi, re.M))
    assert "-no-frame" in listed
    item = re.search(r"^@item -no-frame\n(.*?)^ETEXI", (QEMU / "2.12.0" / "qemu-options.hx").read_text(), re.S | re.M).group(1)
    assert "deprecat" not in item.lower()  # listed in the appendix, not said at its item
    found = lint_cached(str(QEMU / "2.12.0"))
    assert [f for f in of_code(found, "QD202") if f["message"].startswith("-no-frame ")]


def test_texinfo_tree_small_inputs(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "qemu-options.hx").write_text(QMP_HX)
    (tree / "qemu-doc.texi").write_text("@node Top\n@top QEMU\n\n@example\nqemu-i386 [@option{-h]}\n@end example\n")
    found = lint_json(str(tree))
    assert [(f["location"]["path"].rsplit("/", 1)[1], f["location"]["line"]) for f in found
            if "qemu-doc.texi" in f["location"]["path"]] == [("qemu-doc.texi", 5)]
    (tree / "qemu-doc.texi").write_text("@node Top\n@top QEMU\n\n@example\nqemu-i386 [@option{-h}]\n@end example\n")
    assert not [f for f in lint_json(str(tree)) if "qemu-doc.texi" in f["location"]["path"]]
