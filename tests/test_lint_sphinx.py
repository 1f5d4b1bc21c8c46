"""``sphinx-build -W --keep-going`` of QEMU 10.2.0's qemu-manpage.rst with qdoc.sphinx fails on real defects only.

The page is built as QEMU's docs CI would build it, with lint on at its
default severity (warnings).  Every warning the build prints must be one of
the defects expected here: the texinfo leaks found by this file's own scan
of the .hx, and the findings listed in :data:`REAL` with the reason each is
a defect QEMU would take a patch for, located by the .hx line they concern.
Information (a copy of a defect, a rolling deprecation entry) never fails
the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

from conftest import QEMU, ROOT

RELEASE = QEMU / "10.2.0"
HX = RELEASE / "qemu-options.hx"
LEAK_RE = re.compile(r"@(?:var|code|option|samp|file|emph|strong)\{")

#: (code, a pattern of the .hx line the finding is at, how many findings there, why it is a real defect).
#: Read at the source line before being listed; the build must report exactly these and the leaks.
REAL = [
    ("QD105", r'^    "-machine \[type=\]name', 1,
     "-help offers -machine suppress-vmdesc=on|off; the -machine item describes its other properties, not this one"),
    ("QD101", r'^DEF\("M"', 1,
     "DEF(\"M\")'s SRST block documents -machine's sgx-epc.N.* properties in an item under no option: a stray item in HTML and man"),
    ("QD301", r"^``-audiodev \[driver=\]driver", 1,
     "-help documents -audiodev dbus; every other audio backend has an item, dbus has none"),
    ("QD301", r"^``-name name``", 1,
     "-help shows -name string1[,process=][,debug-threads=]; the documented synopsis is ``-name name`` only"),
    ("QD301", r"^``-drive option\[", 1,
     "-help lists -drive id= and readonly=; the -drive item's list of options has neither"),
    ("QD301", r"^``-fsdev synth,", 1,
     "the docs give -fsdev synth,id=id[,readonly=on], -help gives -fsdev synth,id=id: they disagree on readonly"),
    ("QD301", r"^``-iscsi``", 1,
     "the -iscsi item is one line, while -help lists user=, password=, password-secret=, header-digest=, ..."),
    ("QD301", r"^    ``dbus``$", 1,
     "-help lists -display dbus rendernode=; the dbus item names addr=, p2p=, gl=, audiodev= only"),
    ("QD402", r'^    "-spice \[port=', 1,
     "-spice's help opens '[,video-codec=<codec>' and '[,max-refresh-rate=rate' and never closes them"),
    ("QD301", r"^``-smbios file=binary``", 1,
     "-help documents -smbios type=8 (external_reference=, connector_type=, port_type=); no item documents type=8"),
    ("QD301", r"^``-smbios type=0\[", 1,
     "-help lists -smbios type=0 [,vm=on|off]; the type=0 item does not"),
    ("QD301", r"^``-smbios type=4\[", 1,
     "-help lists -smbios type=4 current-speed=/max-speed=; the type=4 item does not"),
    ("QD301", r"^``-smbios type=9\[", 1,
     "the docs have a -smbios type=9 (system slots) item; -help lists the other types but not 9"),
    ("QD301", r"^``-netdev vhost-user,", 1,
     "the docs give -netdev vhost-user,...[,queues=n]; -help's vhost-user synopsis has no queues="),
    ("QD301", r"^``-netdev passt,", 5,
     "-help documents the netmap and vmnet-{bridged,host,shared} backends, which have no item, and passt's mtu=, "
     "which the passt item misspells ``@mtu``"),
    ("QD301", r"^``-netdev tap,", 1,
     "-help lists tap's fds=, queues=, vhost=, vnet_hdr=, ...; the tap item documents script= and downscript= only"),
    ("QD301", r"^``-netdev socket,id=id\[,fd=h\]\[,listen", 1,
     "-help has a -netdev socket,udp=host:port form; the socket items cover listen/connect and mcast only"),
    ("QD301", r"^``-netdev vhost-vdpa", 1,
     "the documented ``-netdev vhost-vdpa[,vhostdev=...]`` omits the id= every netdev needs and -help shows"),
    ("QD301", r"^``-netdev stream,id=str\[,server=on\|off\],addr.type=inet", 1,
     "the stream items ``ipv4=on|off``/``ipv6=on|off`` name keys -netdev stream lacks: its synopsis and -help say "
     "addr.ipv4=/addr.ipv6= (as the addr.host item beside them does)"),
    ("QD109", r"^``-xen-attach``", 1,
     "-xen-domid-restrict has no item: its help text is merged into -xen-attach's, so it has no anchor or index entry"),
]

def build_warnings(tmp_path) -> tuple[list[str], int]:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "conf.py").write_text(
        f"QEMU = {str(RELEASE)!r}\n"
        "extensions = ['qdoc.sphinx']\n"
        "root_doc = 'system/qemu-manpage'\n"
        "include_patterns = ['system/qemu-manpage.rst']\n"
        "hxtool_srctree = QEMU\n"
        "qdoc_lint = True\n"
        "rst_epilog = open(QEMU + '/docs/defs.rst.inc').read()\n"
        # The page refers to labels of the manual's other pages, which this
        # build of one page leaves out; QEMU's full build resolves them.
        "suppress_warnings = ['ref.ref']\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-q", "-W", "--keep-going", "-b", "html", "-c", str(conf),
         str(RELEASE / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line], result.returncode


def expected_findings() -> Counter:
    lines = HX.read_text().split("\n")
    expected: Counter = Counter()
    in_texinfo = False
    for number, line in enumerate(lines, 1):
        if line.startswith(("STEXI", "ETEXI")):
            in_texinfo = line.startswith("STEXI")
        elif not in_texinfo and not line.startswith("HXCOMM"):
            for _ in LEAK_RE.finditer(line):
                expected[(number, "QD401")] += 1
    for code, pattern, count, _reason in REAL:
        found = [n for n, line in enumerate(lines, 1) if re.search(pattern, line)]
        assert len(found) == 1, f"{pattern} names one line of {HX.name}: {found}"
        expected[(found[0], code)] += count
    return expected


def test_sphinx_W_fails_on_the_real_defects_only(tmp_path):
    warnings, status = build_warnings(tmp_path)
    assert status != 0, "the page has real defects: -W must fail the build"
    reported: Counter = Counter()
    others = []
    for line in warnings:
        m = re.search(r"qemu-options\.hx:(\d+): WARNING: .*\[qdoc\.(QD\d+)\]$", line)
        if m:
            reported[(int(m.group(1)), m.group(2))] += 1
        else:
            others.append(line)
    assert others == [], "warnings that are no qdoc finding"
    assert reported == expected_findings()
