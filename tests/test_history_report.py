"""qdoc history's reports: CSV and JSON carry the same per-key rows; the HTML report works in a real browser."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from functools import lru_cache

from lxml import html as lxml_html

from conftest import QEMU, RELEASES, run_qdoc

DEF_RE = re.compile(r'^DEF\("([^"]+)"', re.M)
SOURCES = [str(QEMU / r) for r in RELEASES]


@lru_cache(maxsize=None)
def report(fmt: str, *extra: str) -> str:
    result = run_qdoc("history", *SOURCES, "--format", fmt, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_csv_and_json_carry_the_same_rows_one_per_key():
    data = json.loads(report("json", "--snapshots"))
    header, *rows = list(csv.reader(io.StringIO(report("csv", "--snapshots"))))
    assert sorted(header) == sorted(data["keys"][0]) and header[:5] == ["key", "option", "kind", "first_seen", "last_seen"]
    assert len(rows) == len(data["keys"]) == len({row[0] for row in rows})
    for values, row in zip(rows, data["keys"]):
        for name, value in zip(header, values):
            expected = row[name]
            if isinstance(expected, list):
                expected = ("; " if name == "removed_features" else " ").join(expected)
            assert value == ("" if expected is None else str(expected)), (row["key"], name)
    keys = {row[0] for row in rows}
    assert {"-netdev/user/hostfwd", "-display/sdl", "-machine/accel", "-chardev/socket"} <= keys
    # The evidence is file:line of the corpus.
    first = {row["key"]: row["first_location"] for row in data["keys"]}
    path, line = first["-machine/accel"].rsplit(":", 1)
    assert "accel=" in open(path).read().splitlines()[int(line) - 1]


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium")
    assert binary, "Debian's chromium is needed (installed by .ci/install-test-deps)"
    return subprocess.run(
        [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", *args,
        ],
        capture_output=True, timeout=180, check=True, text=True,
    )


def test_html_report_in_chromium_has_every_key_counts_per_release_and_a_working_filter(tmp_path):
    page = tmp_path / "history.html"
    assert run_qdoc("history", *SOURCES, "--snapshots", "--format", "html", "-o", str(page)).returncode == 0
    data = json.loads(report("json", "--snapshots"))
    source = page.read_text()
    # Self-contained: no address leaves the page.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", source) and "@import" not in source
    assert "position: sticky" in source

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri())
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20000

    dom = lxml_html.fromstring(chromium(tmp_path, "--dump-dom", page.as_uri()).stdout)
    # Every option of every .hx is an expandable row; every key of the history a row under its option.
    options = {"-" + n for r in RELEASES for n in DEF_RE.findall((QEMU / r / "qemu-options.hx").read_text())}
    summaries = dom.xpath("//details[contains(@class,'opt')]/summary")
    assert {s.get("data-key") for s in summaries} >= options - {"-h"}
    rows = {e.get("data-key") for e in dom.xpath("//*[@data-key]")}
    assert rows == {row["key"] for row in data["keys"]}
    for sub in dom.xpath("//details[contains(@class,'opt')]/div[contains(@class,'sub')]"):
        owner = sub.getparent().find("summary").get("data-key")
        assert sub.get("data-key").startswith(owner + "/")
    # One timeline cell per release, snapshots marked; one counts row per release.
    heads = dom.xpath("//section[@class='keys']/div[contains(@class,'head')]//span[@class='releases']/span")
    assert [h.text_content().rstrip("*") for h in heads] == data["releases"]
    assert [h.text_content() for h in heads if "snap" in (h.get("class") or "")] == [r + "*" for r in data["snapshots"]]
    counts = dom.xpath("//table[@class='counts']/tbody/tr")
    assert len(counts) == len(RELEASES)
    for tr in counts:
        cells = [td.text_content() for td in tr.findall("td")]
        release = cells[0].replace(" (snapshot)", "")
        hx = (QEMU / release / "qemu-options.hx").read_text()
        assert int(cells[1]) == len(DEF_RE.findall(hx)), release  # options per release: its DEF lines
        per = data["per_release"][release]
        assert cells[3:6] == [str(per[k]) if per[k] is not None else "\u2013" for k in ("added", "removed", "deprecated")]
    # Rows link to the list entries behind them, and every link lands.
    anchors = {e.get("id") for e in dom.xpath("//table[@class='entries']/tbody/tr")}
    assert len(anchors) == len(data["records"])
    links = dom.xpath("//span[@class='refs']/a/@href")
    assert links and {link[1:] for link in links} <= anchors
    no_kvm = dom.xpath("//*[@data-key='-no-kvm']")[0]
    assert no_kvm.xpath(".//span[@class='deprecated']")[0].text_content().startswith("1.3.0")
    # The advice of the newest list that names it (10.2's removed-features.rst), markup aside.
    advice = no_kvm.xpath(".//span[@class='replacement']")[0].text_content()
    newest = (QEMU / "10.2.0" / "docs" / "about" / "removed-features.rst").read_text().replace("``", "")
    assert "use instead" in source and "accel=tcg" in advice and advice in newest

    # The filter, run by the browser: #q=hostfwd leaves -netdev open on its hostfwd row, everything else hidden.
    filtered = lxml_html.fromstring(chromium(tmp_path, "--dump-dom", page.as_uri() + "#q=hostfwd").stdout)
    shown = [d for d in filtered.xpath("//details[contains(@class,'opt')]") if d.get("hidden") is None]
    assert [d.find("summary").get("data-key") for d in shown] == ["-netdev"] and shown[0].get("open") is not None
    visible = [s.get("data-key") for s in shown[0].xpath("div[contains(@class,'sub')]") if s.get("hidden") is None]
    assert visible == [k for k in sorted(rows) if k.startswith("-netdev/") and "hostfwd" in k]
    # ... and #show=deprecated keeps the deprecated keys only, the options holding one opened onto it.
    only = lxml_html.fromstring(chromium(tmp_path, "--dump-dom", page.as_uri() + "#show=deprecated").stdout)
    rows_shown = [
        e for e in only.xpath("//details[contains(@class,'opt')][not(@hidden)]/summary | "
                              "//details[contains(@class,'opt')][not(@hidden)]/div[contains(@class,'sub')][not(@hidden)]")
    ]
    deprecated = {row["key"] for row in data["keys"] if row["deprecated_in"]}
    shown_keys = {e.get("data-key") for e in rows_shown if "deprecated" in e.get("data-state").split()}
    assert shown_keys == deprecated and {"-no-kvm", "-vnc/acl"} <= shown_keys
    for e in rows_shown:  # an option row is shown for its deprecated sub-options, itself perhaps not deprecated
        assert "deprecated" in e.get("data-state").split() or e.tag == "summary"
