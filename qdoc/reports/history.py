"""An option history as CSV, JSON, or a self-contained HTML report with a chart and timelines."""

from __future__ import annotations

import csv
import html
import io
import json

from ..history import History


def as_csv(history: History) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["option", "first_seen", "deprecated", "removed", "last_seen", "announced_removal", "releases_present"])
    for o in history.options:
        writer.writerow([o.name, o.first_seen, o.deprecated or "", o.removed_in or "", o.last_seen, o.announced_removal or "", len(o.present)])
    return out.getvalue()


def as_json(history: History) -> str:
    return json.dumps(history.to_dict(), indent=1, sort_keys=True) + "\n"


_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table.timeline { border-collapse: collapse; font-size: 12px; }
table.timeline th { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; padding: 2px; }
table.timeline td { width: 14px; height: 14px; padding: 0; border: 1px solid #fff; }
table.timeline td.name { width: auto; padding-right: 8px; font-family: monospace; white-space: nowrap; }
td.present { background: #4c72b0; } td.deprecated { background: #dd8452; } td.absent { background: #eee; }
td.removed { background: #c44e52; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
ul.findings li { font-family: monospace; font-size: 12px; }
"""


def _chart(history: History) -> str:
    """An inline SVG bar chart of option counts per release."""
    counts = [history.counts[r] for r in history.releases]
    if not counts:
        return "<p>No releases.</p>"
    width, height, margin = 40 + 28 * len(counts), 260, 40
    top = max(counts) or 1  # releases without options: bars of height 0, not a division by zero
    bars = []
    for i, (release, count) in enumerate(zip(history.releases, counts)):
        bar_height = (height - 2 * margin) * count / top
        x = margin + i * 28
        y = height - margin - bar_height
        bars.append(
            f'<rect x="{x}" y="{y:.1f}" width="20" height="{bar_height:.1f}" fill="#4c72b0"><title>{html.escape(release)}: {count}</title></rect>'
            f'<text x="{x + 10}" y="{y - 4:.1f}" font-size="9" text-anchor="middle">{count}</text>'
            f'<text x="{x + 10}" y="{height - margin + 12}" font-size="9" text-anchor="end" '
            f'transform="rotate(-60 {x + 10} {height - margin + 12})">{html.escape(release)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" role="img" '
        f'aria-label="option counts per release">'
        f'<line x1="{margin - 4}" y1="{height - margin}" x2="{width}" y2="{height - margin}" stroke="#999"/>'
        + "".join(bars)
        + "</svg>"
    )


def as_html(history: History, title: str = "QEMU command-line options over time") -> str:
    head = "".join(f"<th>{html.escape(r)}</th>" for r in history.releases)
    rows = []
    for o in history.options:
        cells = []
        for release in history.releases:
            if release in o.deprecated_in:
                state = "deprecated"
            elif release in o.present:
                state = "present"
            elif o.removed_in == release:
                state = "removed"
            else:
                state = "absent"
            cells.append(f'<td class="{state}" title="{html.escape(o.name)} {html.escape(release)}: {state}"></td>')
        rows.append(f'<tr><td class="name">{html.escape(o.name)}</td>{"".join(cells)}</tr>')
    findings = "".join(f"<li>{html.escape(f)}</li>" for f in history.findings) or "<li>none</li>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p>{len(history.options)} options over {len(history.releases)} releases
({html.escape(history.releases[0] if history.releases else '')} to {html.escape(history.releases[-1] if history.releases else '')}).</p>
<h2>Options per release</h2>
{_chart(history)}
<h2>Timeline per option</h2>
<p class="legend"><span style="background:#4c72b0"></span>present<span style="background:#dd8452"></span>deprecated
<span style="background:#c44e52"></span>first release without it<span style="background:#eee"></span>absent</p>
<table class="timeline"><thead><tr><th></th>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Findings</h2>
<ul class="findings">{findings}</ul>
</body></html>
"""


FORMATS = {"csv": as_csv, "json": as_json, "html": as_html}
