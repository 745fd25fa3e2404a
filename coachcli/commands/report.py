"""`coach report`: one self-contained HTML page of coaching charts."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.commands._common import TodayOpt, home, parse_weeks, today, weeks_option


def report(
    output: Annotated[
        str,
        typer.Option("-o", "--output", metavar="FILE.html", help="Where to write the page."),
    ] = "coach-report.html",
    weeks: Annotated[str | None, weeks_option(12)] = None,
    today_: TodayOpt = None,
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            metavar="PATH",
            help="Org exports (files, directories, globs; repeatable): one panel per manager.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """One self-contained HTML page of coaching charts (no network, no JavaScript).

    Cadence heatmap, minutes by tier, ask:tell and observations, follow-through, coached
    conversion before and after, skill scores, measured talk share; with --org, the same for
    every manager side by side.

    Example: coach report -o report.html --weeks 12 --org exports/
    """
    from pathlib import Path

    from coachcli.services.extras import require

    require("org", "coach report")

    from coachcli.core.stats import window_for
    from coachcli.export.report import headline, page
    from coachcli.services import report as data
    from coachcli.services.output import write_new
    from coachcli.ui.charts import draw, shared_tops
    from coachcli.ui.render import message

    day = today(today_)
    window = window_for(day, parse_weeks(weeks, day, 12))
    if org:
        managers = data.org_series(org, window)
        title = "Coaching across the organisation"
    else:
        name, series = data.own_series(home(), window)
        managers = [(name, series)]
        title = f"Coaching: {name}"
    tops = shared_tops([series for _, series in managers])
    from coachcli.core.progress import track

    drawing = track(managers, "drawing charts", total=len(managers), unit="managers")
    charts = [(manager, draw(series, tops)) for manager, series in drawing]
    subtitle = (
        f"{window.start.isoformat()} to {window.today.isoformat()} ({window.weeks} weeks)"
        f" · {len(managers)} manager(s) · made by coach"
    )
    headlines = [
        (manager, headline(figures))
        for manager, figures in data.headline_figures(home(), org, window)
    ]
    text = page(title, subtitle, charts, headlines)
    written = write_new(Path(output).expanduser(), text, force)
    message(f"wrote {written}")
