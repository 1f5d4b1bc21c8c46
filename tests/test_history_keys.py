"""qdoc history per key on the real corpus, held against independent scans of the .hx files and the lists.

The scans (tests/history_scan.py) read QEMU's formats directly: DEF lines,
the SRST blocks through docutils, the STEXI ``@table``/``@item`` structure,
the headings of deprecated.rst, removed-features.rst, qemu-deprecated.texi
and 2.12's appendix of qemu-doc.texi.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import jsonschema

import history_scan as scan
from conftest import QEMU, RELEASES, ROOT, run_qdoc

SNAPSHOTS = [r for r in RELEASES if int(r.split("-")[0].split(".")[2]) >= 50]
REAL_RELEASES = [r for r in RELEASES if r not in SNAPSHOTS]


@lru_cache(maxsize=None)
def history(*extra: str) -> dict:
    result = run_qdoc("history", *[str(QEMU / r) for r in RELEASES], "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads((ROOT / "qdoc" / "schema" / "history.schema.json").read_text()))
    return data


def scanned(releases: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """key -> releases whose .hx documents it (options, and the big options' forms and sub-options); later-listed keys."""
    present: dict[str, list[str]] = {}
    later: set[str] = set()
    for release in releases:
        keys, more = scan.hx_keys(str(QEMU / release / "qemu-options.hx"))
        for key in keys:
            present.setdefault(key, []).append(release)
        later |= more
    return present, later


def in_scope(key: str) -> bool:
    return "/" not in key or key.split("/", 1)[0] in scan.BIG


def check_keys_against_scan(data: dict, releases: list[str]) -> int:
    expected, later = scanned(releases)
    assert later, "the scan finds the terms that list several keys (``ipv4=on|off``; \\ ``ipv6=on|off``)"
    rows = {row["key"]: row for row in data["keys"] if in_scope(row["key"])}
    assert set(rows) - set(expected) == set(), "keys qdoc reports that no .hx documents"
    # A term listing several keys documents each of them, not only the first.
    assert set(expected) - set(rows) == set(), sorted(set(expected) - set(rows))
    for key, row in rows.items():
        assert (row["first_seen"], row["last_seen"]) == (expected[key][0], expected[key][-1]), key
        assert row["releases"] == expected[key], key
    return len(rows)


def test_every_option_and_big_option_key_spans_the_releases_its_hx_files_document():
    """All 26 .hx files (snapshots included, with --snapshots): first, last and every release per key."""
    data = history("--snapshots")
    assert data["releases"] == sorted(RELEASES, key=lambda r: tuple(int(n) for n in r.split("-")[0].split(".")))
    checked = check_keys_against_scan(data, data["releases"])
    subs = [k for k in (row["key"] for row in data["keys"]) if "/" in k and in_scope(k)]
    assert checked > 450 and len(subs) > 300, (checked, len(subs))
    # Forms and nested sub-options are there, not only properties of the option.
    for key in ("-netdev/user/hostfwd", "-display/gtk/show-tabs", "-chardev/socket", "-object/memory-backend-file",
                "-audiodev/alsa/in.dev", "-machine/accel", "-numa"):
        assert key in {row["key"] for row in data["keys"]}, key


def test_snapshots_are_left_out_by_default_and_marked_when_asked_for():
    plain, marked = history(), history("--snapshots")
    assert sorted(SNAPSHOTS) == ["10.2.50-master", "4.2.50-transition"]
    assert plain["releases"] == [r for r in marked["releases"] if r not in SNAPSHOTS]
    assert plain["snapshots"] == [] and marked["snapshots"] == ["4.2.50-transition", "10.2.50-master"]
    assert not any(set(SNAPSHOTS) & set(row["releases"]) for row in plain["keys"])
    check_keys_against_scan(plain, plain["releases"])
    for row in marked["keys"]:
        assert row["snapshots_present"] == [r for r in row["releases"] if r in SNAPSHOTS], row["key"]
    # A key only the development tree has is no key of any release.
    assert {r["key"] for r in marked["keys"] if set(r["releases"]) <= set(SNAPSHOTS)}.isdisjoint(r["key"] for r in plain["keys"])


def list_entries() -> list[tuple[str, int, str, str]]:
    """(path, line, title, list) of every entry of every era's list in the corpus."""
    found = []
    for path in sorted(QEMU.glob("*/docs/*/deprecated.rst")) + sorted(QEMU.glob("*/docs/*/removed-features.rst")):
        found.extend((str(path), line, title, kind) for line, title, kind in scan.rst_list_entries(path))
    for path, start, stop in (
        (QEMU / "2.12.0" / "qemu-doc.texi", "@appendix Deprecated features", "@node License"),
        (QEMU / "4.2.0" / "qemu-deprecated.texi", None, None),
    ):
        found.extend((str(path), line, title, kind) for line, title, kind in scan.texi_list_entries(path, start, stop))
    return found


def test_every_list_entry_of_every_era_is_reflected_with_its_stated_version():
    data = history()
    by_location = {where: record for record in data["records"] for where in record["locations"]}
    entries = list_entries()
    eras = {re.sub(r".*/qemu/[^/]+/", "", path) for path, *_ in entries}
    assert eras == {"qemu-doc.texi", "qemu-deprecated.texi", "docs/system/deprecated.rst",
                    "docs/about/deprecated.rst", "docs/about/removed-features.rst"}
    assert len(entries) > 1000
    for path, line, title, kind in entries:
        record = by_location.get(f"{path}:{line}")
        assert record is not None, (path, line, title)
        assert record["list"] == kind, (path, line, title)
        version = scan.VERSION.search(title)
        assert record["version"] == (version.group(1) if version else record["version"]), (path, line, title)
    # Nothing else is called an entry.
    assert sum(len(r["locations"]) for r in data["records"]) == len(entries)


_WHOLE_OPTIONS = re.compile(r"^(?:``)?(-[\w-]+)(?:``)?\s*\((?:since|removed in|removed)\s+(\d+\.\d+(?:\.\d+)?)\)$", re.I)


def _release_key(release: str) -> tuple:
    return tuple(int(n) for n in release.split("-")[0].split("."))


def test_options_a_list_names_whole_carry_the_first_listing_its_version_and_stay_deprecated_until_gone():
    """``-no-kvm (since 1.3.0)`` in 2.12's appendix: deprecated since 1.3.0, listed in 2.12.0, deprecated to its last release."""
    data = history()
    rows = {row["key"]: row for row in data["keys"]}
    first: dict[tuple[str, str], tuple[tuple, str, str]] = {}
    for path, _line, title, kind in list_entries():
        m = _WHOLE_OPTIONS.match(title.strip())
        if not m:
            continue
        release = re.search(r"/qemu/([^/]+)/", path).group(1)
        found = first.get((kind, m.group(1)))
        if found is None or _release_key(release) < found[0]:
            first[(kind, m.group(1))] = (_release_key(release), release, m.group(2))
    checked = {"deprecated": 0, "removed": 0}
    for (kind, option), (_, release, version) in first.items():
        row = rows.get(option)
        if row is None:
            continue  # gone before 2.12.0: in no release read
        checked[kind] += 1
        if kind == "deprecated":
            assert (row["deprecated_since"], row["deprecation_listed_in"]) == (version, release), option
            start = min(
                [r for r in row["releases"] if _release_key(r) >= _release_key(version)] + [release],
                key=_release_key,
            )
            assert row["deprecated_in"][-1] == row["last_seen"], option
            assert set(row["deprecated_in"]) >= {r for r in row["releases"] if _release_key(r) >= _release_key(start)}, option
        else:
            assert row["announced_removal"] == version, option
    # Of every era: 2.12's appendix (-no-kvm...), qemu-deprecated.texi (-realtime), the rST lists.
    assert checked["deprecated"] >= 25 and checked["removed"] >= 20, checked
    assert rows["-no-kvm"]["deprecation_listed_in"] == "2.12.0"
    assert rows["-realtime"]["deprecation_listed_in"] == "4.2.0"
    # 4.1.0 has no list in the corpus: -realtime is deprecated there by what 4.2's list states.
    assert "4.1.0" in rows["-realtime"]["deprecated_in"]


def test_an_announced_removal_on_an_option_that_lives_on_names_what_was_removed():
    """``-drive`` with bogus interface type (removed in 6.0), ``-usbdevice audio``: the option lives on; its row says what went."""
    data = history()
    rows = {row["key"]: row for row in data["keys"]}
    last = data["releases"][-1]
    defined = {"-" + n for n in re.findall(r'^DEF\("([^"]+)"', (QEMU / last / "qemu-options.hx").read_text(), re.M)}
    headings = []
    for path, _line, title, kind in list_entries():
        if kind == "removed":
            version = scan.VERSION.search(title)
            headings.append((re.sub(r"``|\\ |\*", "", title), version.group(1) if version else None))
    expected = set()
    for title, version in headings:
        m = re.match(r"^(-[\w-]+) +(?!\()", title)  # the option, then words that are not the version note
        if m and m.group(1) in defined:
            expected.add((m.group(1), version))
    assert {"-drive", "-numa", "-mem-path", "-chardev", "-usbdevice", "-device", "-vnc"} <= {o for o, _ in expected}
    for option, version in expected:
        row = rows[option]
        assert row["last_seen"] == last, option
        # The option's row names the part removed, or the part has a row of its own saying so.
        said = [
            r for r in rows.values()
            if (r["key"] == option and any(p.endswith(f"(removed in {version})") for p in r["removed_features"]))
            or (r["key"].startswith(option + "/") and r["announced_removal"] == version)
        ]
        assert said, (option, version)
    for row in rows.values():
        for part in row["removed_features"]:
            feature, version = re.fullmatch(r"(.*) \(removed in (\S+)\)", part).groups()
            feature = re.sub(r"``|\\ |\*", "", feature)
            assert any(feature in title and v == version for title, v in headings), (row["key"], part)


def test_a_sub_option_documented_after_its_announced_removal_is_a_finding():
    """``-vnc acl`` (removed in 6.0), yet 6.0 to 10.2 still document ``acl=on|off`` under -vnc."""
    data = history()
    expected, _ = scanned(data["releases"])
    claims = set()
    for _path, _line, title, kind in list_entries():
        # ``-vnc acl``, ``-spice password=...``: the property itself, not one value of it (``file=json:...``).
        m = re.match(r"^``(-[\w-]+)[ ,]([\w-]+)(?:=(?:\.\.\.)?)?``\s*\(removed in (\d+\.\d+)\)$", title.strip())
        if kind == "removed" and m and m.group(1) in scan.BIG:
            key = f"{m.group(1)}/{m.group(2)}"
            still = [r for r in expected.get(key, []) if _release_key(r) >= _release_key(m.group(3))]
            if still:
                claims.add((key, m.group(3), tuple(still)))
    assert ("-vnc/acl", "6.0") in {(k, v) for k, v, _ in claims}
    for key, version, still in claims:
        assert any(
            f.startswith(f"{key}: removed in {version} (") and f.endswith("still documented in " + ", ".join(still))
            for f in data["findings"]
        ), key
