"""`coach report`: one self-contained HTML page of charts. Pure: charts (inline SVG from
matplotlib) and names in, text out.

No script, no external style, font or image: the page opens offline and reads without
JavaScript. Every name and label that came from the store is escaped here (the SVGs are
escaped by matplotlib). A print style keeps each chart on one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

Chart = tuple[str, str, str | None]  # key, title, SVG or None

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
@media print {
  body { margin: 0; font-size: 11pt; }
  figure { border: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .grid { display: block; }
}
"""


def _figure(manager: str | None, chart: Chart) -> str:
    key, title, svg = chart
    caption = escape(manager) if manager is not None else escape(title)
    body = svg if svg is not None else '<p class="empty">no data yet</p>'
    return (
        f'<figure class="chart" data-chart="{escape(key)}" data-empty="{str(svg is None).lower()}">'
        f"<h3>{caption}</h3>{body}</figure>"
    )


def page(title: str, subtitle: str, managers: Sequence[tuple[str, Sequence[Chart]]]) -> str:
    """One section per chart kind, with one panel per manager side by side."""
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
        + "".join(sections)
        + "</body></html>\n"
    )
