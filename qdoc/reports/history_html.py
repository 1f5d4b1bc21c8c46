"""A history as one self-contained HTML page: counts per release, every key on a timeline, the list entries.

Made to be read at hundreds of keys and dozens of releases: the header
with the filter box and the release columns stays on screen (sticky), each
option is one line that opens (``<details>``) onto its forms and
sub-options, and each row links to the list entries behind it.  No
external assets: the style and the small filter script are inline, so the
file can be mailed or attached to a bug.  ``#q=TEXT`` and
``#show=deprecated`` (``removed``, ``announced``, ``current``) in the
address filter on load, so a link can point at ``-netdev/user``.
"""

from __future__ import annotations

import html
import re

from ..history import History, KeyHistory, ListEntry

_STYLE = """
:root { --bar: 3.4rem; --cell: 15px; }
body { font-family: system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #222; font-size: 14px; }
header.bar { position: sticky; top: 0; z-index: 3; background: #fff; border-bottom: 1px solid #ccc;
  height: var(--bar); display: flex; align-items: center; gap: 1rem; }
header.bar h1 { font-size: 1.15rem; margin: 0; white-space: nowrap; }
header.bar nav { margin-left: auto; font-size: 12px; max-width: 13rem; line-height: 1.3; }
header.bar { overflow: hidden; }
h2[id] { scroll-margin-top: calc(var(--bar) + 7rem); }
header.bar > span, header.bar button { white-space: nowrap; }
header.bar input[type=search] { width: 16rem; font: inherit; padding: .25rem .4rem; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.legend i, .timeline i { display: inline-block; width: calc(var(--cell) - 3px); height: 12px; margin: 0 3px 0 0;
  vertical-align: middle; background: #eee; }
i.p { background: #4c72b0; } i.d { background: #dd8452; } i.x { background: #c44e52; } i.a { background: #eee; }
i.snap { outline: 1px dashed #555; outline-offset: -1px; opacity: .75; }
.legend span { margin-right: 1rem; }
.grid { display: grid; grid-template-columns: 19rem calc(var(--n) * var(--cell)) 5.5rem 5.5rem minmax(10rem, 1fr) 7rem;
  column-gap: .6rem; align-items: center; }
.keys .head { position: sticky; top: var(--bar); z-index: 2; background: #fff; border-bottom: 1px solid #999;
  font-weight: 600; padding-top: .3rem; }
.keys .head .releases span { display: inline-block; width: var(--cell); writing-mode: vertical-rl;
  transform: rotate(180deg); font-weight: normal; font-size: 11px; height: 6.2rem; text-align: left; }
.keys .head .releases span.snap { font-style: italic; color: #666; }
.row { padding: 1px 0; border-bottom: 1px solid #f0f0f0; }
.row:hover { background: #f6f8fc; }
.timeline { display: flex; white-space: nowrap; }
.key { font-family: ui-monospace, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  line-height: 1.4; }
.row.sub .key { padding-left: calc(var(--depth) * 1.1rem); color: #444; }
details > summary { list-style: none; cursor: pointer; }
details > summary::-webkit-details-marker { display: none; }
details > summary .key::before { content: "\\25B8  "; color: #888; }
details[open] > summary .key::before { content: "\\25BE  "; }
details.leaf > summary { cursor: default; }
details.leaf > summary .key::before { content: "   "; }
.replacement { font-size: 12px; color: #333; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.refs { overflow: hidden; } .refs a { font-size: 12px; margin-right: .3rem; }
.note { font-size: 11px; color: #8a3b12; display: block; }
table.counts, table.entries { border-collapse: collapse; font-size: 13px; }
table.counts th, table.counts td, table.entries th, table.entries td { border-bottom: 1px solid #e4e4e4; padding: 2px 8px; }
table.counts td { text-align: right; } table.counts td:first-child { text-align: left; }
table.counts thead th, table.entries thead th { position: sticky; top: var(--bar); background: #fff; z-index: 1; }
tr.snap td:first-child { font-style: italic; }
td.added { color: #2b7a3d; } td.removed { color: #b8312f; } td.deprecated { color: #b3591b; }
table.entries td { vertical-align: top; } table.entries tr:target { background: #fff4c2; }
table.entries .where { font-family: ui-monospace, monospace; font-size: 11px; color: #555; }
.per-release { display: flex; gap: 2rem; align-items: flex-start; flex-wrap: wrap; }
table.entries { width: 100%; table-layout: fixed; }
table.entries td { overflow-wrap: anywhere; }
table.entries col.narrow { width: 6.8rem; } table.entries col.wide { width: 24%; }
ul.findings li { font-family: ui-monospace, monospace; font-size: 12px; }
[hidden] { display: none !important; }
"""

_SCRIPT = """
(function () {
  var q = document.getElementById('q'), state = document.getElementById('state'),
      shown = document.getElementById('shown'), options = document.querySelectorAll('details.opt');
  function passes(row, text, wanted) {
    return row.dataset.key.toLowerCase().indexOf(text) >= 0 &&
      (wanted === 'all' || (' ' + row.dataset.state + ' ').indexOf(' ' + wanted + ' ') >= 0);
  }
  function apply() {
    var text = q.value.trim().toLowerCase(), wanted = state.value, count = 0;
    options.forEach(function (opt) {
      var head = opt.querySelector('summary'), subs = opt.querySelectorAll('.row.sub'), any = false;
      var selfMatch = passes(head, text, wanted);
      subs.forEach(function (sub) {
        var ok = passes(sub, text, wanted) || (selfMatch && wanted === 'all');
        sub.hidden = !ok; if (ok) { any = true; count++; }
      });
      opt.hidden = !(selfMatch || any);
      if (selfMatch) count++;
      if (text || wanted !== 'all') { opt.open = any && !(selfMatch && wanted === 'all' && !text.length); }
    });
    shown.textContent = count + ' of ' + shown.dataset.total + ' keys';
  }
  q.addEventListener('input', apply); state.addEventListener('change', apply);
  document.getElementById('expand').addEventListener('click', function () {
    var open = this.dataset.open !== '1'; this.dataset.open = open ? '1' : '0';
    this.textContent = open ? 'collapse all' : 'expand all';
    options.forEach(function (opt) { if (!opt.classList.contains('leaf')) opt.open = open; });
  });
  var m = /[#&]q=([^&]*)/.exec(location.hash), show = /[#&]show=([a-z]+)/.exec(location.hash);
  if (m) { q.value = decodeURIComponent(m[1]); }
  if (show && state.querySelector('option[value="' + show[1] + '"]')) { state.value = show[1]; }
  apply();
})();
"""

_MARKUP = re.compile(r"``|\\\\ ")


def _plain(text: str | None) -> str:
    """A list's rST as plain text for a cell: ``-device`` -> -device."""
    return _MARKUP.sub("", text or "").strip()


def _e(text) -> str:
    return html.escape("" if text is None else str(text))


def _states(row: KeyHistory, last_release: str | None) -> str:
    states = []
    if row.deprecated_in:
        states.append("deprecated")
    if row.removed_in:
        states.append("removed")
    if row.announced_removal:
        states.append("announced")
    if row.last_seen == last_release:
        states.append("current")
    return " ".join(states)


def _timeline(row: KeyHistory, releases: list[str], snapshots: set[str]) -> str:
    present, deprecated = set(row.present), set(row.deprecated_in)
    cells = []
    for release in releases:
        if release in deprecated:
            state = "d"
        elif release in present:
            state = "p"
        elif release == row.removed_in:
            state = "x"
        else:
            state = "a"
        cells.append(f'<i class="{state} snap"></i>' if release in snapshots else f'<i class="{state}"></i>')
    return '<span class="timeline">' + "".join(cells) + "</span>"


def _cells(row: KeyHistory, releases: list[str], snapshots: set[str]) -> str:
    where = f"first {row.first_seen} ({row.first_location}), last {row.last_seen} ({row.last_location})"
    deprecated = ""
    if row.deprecated_since or row.deprecated_in:
        listed = f" (listed {row.deprecation_listed_in})" if row.deprecation_listed_in else ""
        deprecated = _e(row.deprecated_since or row.deprecated_in[0]) + f'<span class="note">{_e(listed.strip())}</span>'
    removed = _e(row.removed_in or "")
    if row.announced_removal and row.removed_whole:
        removed += f'<span class="note">{_e(f"announced {row.announced_removal}")}</span>'
    if row.removed_features:
        parts = [_plain(part) for part in row.removed_features]
        more = f" (+{len(parts) - 1} more)" if len(parts) > 1 else ""
        removed += f'<span class="note" title="{_e(chr(10).join(parts))}">{_e("removed: " + parts[0] + more)}</span>'
    replacement = _plain(row.replacement)
    refs = "".join(f'<a href="#{_e(r)}">{_e(r)}</a>' for r in row.records)
    return (
        f'<span class="key" title="{_e(where)}">{_e(row.key)}</span>'
        f"{_timeline(row, releases, snapshots)}"
        f'<span class="deprecated">{deprecated}</span>'
        f'<span class="removed">{removed}</span>'
        f'<span class="replacement" title="{_e(replacement)}">{_e(replacement)}</span>'
        f'<span class="refs">{refs}</span>'
    )


def _keys_section(history: History) -> str:
    releases, snapshots = history.releases, set(history.snapshots)
    last = releases[-1] if releases else None
    head = "".join(
        f'<span class="snap" title="development snapshot, not a release">{_e(r)}*</span>' if r in snapshots else f"<span>{_e(r)}</span>"
        for r in releases
    )
    groups: list[tuple[KeyHistory, list[KeyHistory]]] = []
    for row in history.keys:
        if row.depth == 0 or not groups or groups[-1][0].key != row.option:
            groups.append((row, []))
            if row.depth:  # a key whose option no release documents: its own group
                continue
        else:
            groups[-1][1].append(row)
    out = []
    for option, subs in groups:
        leaf = "" if subs else " leaf"
        body = "".join(
            f'<div class="row sub grid" data-key="{_e(s.key)}" data-state="{_states(s, last)}" style="--depth:{s.depth}">'
            f"{_cells(s, releases, snapshots)}</div>"
            for s in subs
        )
        out.append(
            f'<details class="opt{leaf}"><summary class="row grid" data-key="{_e(option.key)}" '
            f'data-state="{_states(option, last)}">{_cells(option, releases, snapshots)}</summary>{body}</details>'
        )
    return (
        f'<section class="keys" style="--n:{len(releases)}">'
        f'<div class="head grid"><span>key (option / form / sub-option)</span><span class="releases">{head}</span>'
        "<span>deprecated since</span><span>removed in</span><span>use instead</span><span>list entries</span></div>"
        + "\n".join(out)
        + "</section>"
    )


def _counts_section(history: History) -> str:
    listed: dict[str, int] = {}
    for entry in history.entries:
        if entry.listed_in:
            listed[entry.listed_in[0]] = listed.get(entry.listed_in[0], 0) + 1
    rows = []
    for release in history.releases:
        c = history.per_release[release]
        snap = ' class="snap"' if release in history.snapshots else ""
        mark = " (snapshot)" if snap else ""

        def n(value):
            return "&ndash;" if value is None else str(value)

        rows.append(
            f"<tr{snap}><td>{_e(release)}{mark}</td><td>{c.options}</td><td>{c.keys}</td>"
            f'<td class="added">{n(c.added)}</td><td class="removed">{n(c.removed)}</td>'
            f'<td class="deprecated">{n(c.deprecated)}</td><td>{listed.get(release, 0)}</td></tr>'
        )
    return (
        '<table class="counts"><thead><tr><th>release</th><th>options</th><th>keys</th>'
        "<th>keys added</th><th>keys removed</th><th>newly deprecated</th><th>list entries first listed</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _chart(history: History) -> str:
    """An inline SVG bar chart of keys per release, options darker."""
    if not history.releases:
        return ""
    counts = [history.per_release[r] for r in history.releases]
    width, height, margin, step = 40 + 28 * len(counts), 230, 40, 28
    top = max(c.keys for c in counts) or 1
    bars = []
    for i, (release, c) in enumerate(zip(history.releases, counts)):
        x = margin + i * step
        for value, colour in ((c.keys, "#9db4d8"), (c.options, "#4c72b0")):
            h = (height - 2 * margin) * value / top
            bars.append(
                f'<rect x="{x}" y="{height - margin - h:.1f}" width="20" height="{h:.1f}" fill="{colour}">'
                f"<title>{_e(release)}: {c.options} options, {c.keys} keys</title></rect>"
            )
        bars.append(
            f'<text x="{x + 10}" y="{height - margin + 12}" font-size="9" text-anchor="end" '
            f'transform="rotate(-60 {x + 10} {height - margin + 12})">{_e(release)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 50}" role="img" '
        f'aria-label="keys and options per release">' + "".join(bars) + "</svg>"
    )


def _entry_row(entry: ListEntry) -> str:
    keys = " ".join(entry.keys) or "&ndash;"
    named = ", ".join(sorted({n["kind"] for n in entry.names}))
    where = "<br>".join(_e(w) for w in entry.locations)
    return (
        f'<tr id="{_e(entry.id)}"><td>{_e(entry.id)}</td><td>{_e(entry.list)}</td><td>{_e(entry.version or "")}</td>'
        f"<td>{_e(entry.listed_in[0] if entry.listed_in else '')}</td><td>{_e(_plain(entry.heading))}</td>"
        f"<td>{_e(named)}</td><td>{_e(keys) if entry.keys else keys}</td><td>{_e(_plain(entry.replacement))}</td>"
        f'<td class="where">{where}</td></tr>'
    )


def as_html(history: History, title: str = "QEMU command-line options over time") -> str:
    releases = history.releases
    span = f"{_e(releases[0])} to {_e(releases[-1])}" if releases else "none"
    snapshots = (
        f" Development snapshots, marked *: {_e(', '.join(history.snapshots))}." if history.snapshots else
        " Development snapshots are left out (qdoc history --snapshots includes them)."
    )
    findings = "".join(f"<li>{_e(f)}</li>" for f in history.findings) or "<li>none</li>"
    entries = "\n".join(_entry_row(e) for e in history.entries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{_e(title)}</title><style>{_STYLE}</style></head>
<body>
<header class="bar"><h1>{_e(title)}</h1>
<input id="q" type="search" placeholder="filter keys: -netdev/user, hostfwd, gl" aria-label="filter keys">
<select id="state" aria-label="show"><option value="all">all keys</option><option value="deprecated">deprecated</option>
<option value="removed">removed</option><option value="announced">removal announced</option>
<option value="current">in the last release</option></select>
<button id="expand" type="button">expand all</button>
<span id="shown" data-total="{len(history.keys)}">{len(history.keys)} keys</span>
<nav><a href="#per-release">per release</a> &middot; <a href="#keys">keys</a> &middot; <a href="#entries">list entries</a>
&middot; <a href="#findings">findings</a></nav></header>
<p>{len(history.options)} options and {len(history.keys)} keys (options, forms, sub-options) over
{len(releases)} releases ({span}); {len(history.entries)} entries of deprecation and removal lists.{snapshots}</p>
<h2 id="per-release">Per release</h2>
<div class="per-release">{_counts_section(history)}{_chart(history)}</div>
<h2 id="keys">Every key</h2>
<p class="legend"><span><i class="p"></i>present</span><span><i class="d"></i>deprecated</span>
<span><i class="x"></i>first release without it</span><span><i class="a"></i>absent</span>
<span><i class="p snap"></i>development snapshot</span></p>
{_keys_section(history)}
<h2 id="entries">Deprecation and removal list entries</h2>
<table class="entries"><colgroup><col class="narrow"><col class="narrow"><col class="narrow"><col class="narrow">
<col class="wide"><col class="narrow"><col><col><col class="wide"></colgroup><thead><tr><th>entry</th><th>list</th><th>version</th><th>first listed</th><th>heading</th>
<th>names</th><th>keys</th><th>use instead</th><th>where</th></tr></thead><tbody>
{entries}
</tbody></table>
<h2 id="findings">Findings</h2>
<ul class="findings">{findings}</ul>
<script>{_SCRIPT}</script>
</body></html>
"""
