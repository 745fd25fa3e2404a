"""`coach report`: one self-contained HTML page of charts. Pure: charts (inline SVG from
matplotlib) and names in, text out.

No script, no external style, font or image: the page opens offline and reads without
JavaScript. Every name and label that came from the store is escaped here (the SVGs are
escaped by matplotlib). A print style keeps each chart on one page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from coachcli.core.numbers import percent
from coachcli.core.rules import MIN_SAMPLE

Chart = tuple[str, str, str | None]  # key, title, SVG or None
Headline = tuple[str, str, str, bool]  # label, value, counts, enough data

STYLE = """
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem;
       color: #222; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ddd; }
h3 { font-size: .95rem; margin: .2rem 0; }
.meta { color: #555; margin: 0 0 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr));
        gap: 1rem; }
.grid.one { grid-template-columns: 1fr; }
figure { margin: 0; padding: .5rem; border: 1px solid #e0e0e0; border-radius: 4px;
         min-width: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
.empty { color: #777; font-style: italic; padding: 2rem 0; text-align: center; }
table.headline { border-collapse: collapse; margin: 0 0 1rem; }
table.headline th, table.headline td { padding: .3rem .8rem; text-align: left;
        border-bottom: 1px solid #eee; vertical-align: top; }
table.headline td b { font-size: 1.25rem; }
table.headline .counts { display: block; color: #555; font-size: .8rem; }
table.headline .small { opacity: .45; }
@media print {
  body { margin: 0; font-size: 11pt; }
  figure { border: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .grid { display: block; }
}
"""


def headline(figures: Mapping[str, Any]) -> list[Headline]:
    """The four numbers a VP reads first, each with the counts behind it (`stats --json`'s
    figures); a ratio over fewer than MIN_SAMPLE is marked as a small sample."""
    s, c = figures["sessions"], figures["commitments"]
    u, k = figures["usefulness"], figures["coaching_calls"]
    useful = "-" if u["average"] is None else f"{u['average']:.1f} / 5"
    return [
        (
            "Consistency",
            percent(s["consistency"], 0),
            f"{s['held_as_planned']} of {s['planned']} planned held",
            s["planned"] >= MIN_SAMPLE,
        ),
        (
            "Follow-through",
            percent(c["follow_through"], 0),
            f"{c['done']} of {c['due']} due done",
            c["due"] >= MIN_SAMPLE,
        ),
        ("Usefulness", useful, f"{u['rated']} sessions rated", u["rated"] >= MIN_SAMPLE),
        (
            "Talk share",
            percent(k["avg_manager_share"], 0),
            f"{k['measured']} coaching calls measured",
            k["measured"] >= MIN_SAMPLE,
        ),
    ]


def _cell(value: str, counts: str, enough: bool) -> str:
    if enough:
        return f'<td><b>{escape(value)}</b><span class="counts">{escape(counts)}</span></td>'
    note = f"small sample: under {MIN_SAMPLE}"
    return (
        f'<td class="small" title="{note}"><b>{escape(value)}</b>'
        f'<span class="counts">{escape(counts)} ({note})</span></td>'
    )


def _headlines(rows: Sequence[tuple[str, Sequence[Headline]]]) -> str:
    if not rows:
        return ""
    labels = [label for label, *_ in rows[0][1]]
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    body = ""
    for manager, numbers in rows:
        cells = "".join(_cell(value, counts, enough) for _, value, counts, enough in numbers)
        body += f"<tr><th>{escape(manager)}</th>{cells}</tr>"
    return (
        f'<section id="headline"><table class="headline"><tr><th></th>{head}</tr>'
        f"{body}</table></section>"
    )


def _figure(manager: str | None, chart: Chart) -> str:
    key, title, svg = chart
    caption = escape(manager) if manager is not None else escape(title)
    body = svg if svg is not None else '<p class="empty">no data yet</p>'
    return (
        f'<figure class="chart" data-chart="{escape(key)}" data-empty="{str(svg is None).lower()}">'
        f"<h3>{caption}</h3>{body}</figure>"
    )


def page(
    title: str,
    subtitle: str,
    managers: Sequence[tuple[str, Sequence[Chart]]],
    headlines: Sequence[tuple[str, Sequence[Headline]]] = (),
) -> str:
    """The headline numbers first, then one section per chart kind, with one panel per
    manager side by side."""
    sections = []
    kinds = [(key, name) for key, name, _ in managers[0][1]] if managers else []
    # every panel the same size, an odd last one included; one manager: the whole width
    grid = "grid" if len(managers) > 1 else "grid one"
    for i, (key, name) in enumerate(kinds):
        panels = "".join(
            _figure(manager if len(managers) > 1 else None, charts[i])
            for manager, charts in managers
        )
        sections.append(
            f'<section id="{escape(key)}"><h2>{escape(name)}</h2>'
            f'<div class="{grid}">{panels}</div></section>'
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="meta">{escape(subtitle)}</p>'
        + _headlines(headlines)
        + "".join(sections)
        + "</body></html>\n"
    )
