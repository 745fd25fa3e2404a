"""`coach metrics ...` and `coach goal ...`: activity metrics, conversion ratios, goals, pacing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, parse_weeks, today, weeks_option
from coachcli.commands._complete import rep_refs

app = typer.Typer(
    help="Weekly activity metrics and conversion ratios per rep.",
    no_args_is_help=True,
    add_completion=False,
)
goal_app = typer.Typer(
    help="Weekly activity goals per rep.", no_args_is_help=True, add_completion=False
)

WEEKS = 8  # `metrics show` looks this many weeks back unless told
WeeksOpt = Annotated[str | None, weeks_option(WEEKS)]


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV: rep, week (or date), then funnel steps.")],
    today_: TodayOpt = None,
) -> None:
    """Import weekly activity per rep from a CSV file.

    A file with any bad row changes nothing; every problem is listed with its line and column.

    Columns: rep (name, slug or prefix), week (2026-W48) or date (any day of that week), then
    one column per funnel step (config.yaml `funnel`). Re-importing a rep's week updates it.
    A week that starts more than a week after today (`--today`) is refused.

    Example: coach metrics import examples/metrics.csv --today 2026-11-30
    """
    from coachcli.services.metrics import import_metrics
    from coachcli.ui.render import message

    # A bad file raises a ProblemList: every bad cell is printed by the error handler.
    done = import_metrics(home(), file, today=today(today_))
    message(
        f"imported {file}: {done.rows} rows ({done.added} new, {done.updated} updated), "
        f"{done.reps} reps, {done.weeks[0]} to {done.weeks[-1]}"
    )


@app.command("show")
def show(
    rep: Annotated[
        str | None,
        typer.Argument(autocompletion=rep_refs, help="Only this rep (name, slug or prefix)."),
    ] = None,
    weeks: WeeksOpt = None,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Conversion ratios per rep against the team median.

    With the trend per ratio, the weakest transition, its banks, and goal pacing.

    Each ratio is the later step over the earlier one, summed over the window (default the last
    8 weeks, this one included), shown with its counts (0 of 2). Under config `min_sample`
    (default 20) of the earlier step a ratio is "not enough data": it is left out of the team
    median and is never the weakest. The weakest transition is the well-sampled one furthest
    below the team median, and the banks whose focus names it are suggested.

    Example: coach metrics show dana --weeks 12 --today 2026-11-27
    """
    from coachcli.services.metrics import show_metrics

    day = today(today_)
    span = parse_weeks(weeks, day, WEEKS)
    report = show_metrics(home(), rep, today=day, weeks=span)
    if json_:
        from coachcli.core.numbers import rounded
        from coachcli.ui.render import print_json

        print_json(rounded(report))
        return
    _render_show(report)


def _pct(value: float | None) -> str:
    from coachcli.core.numbers import percent

    return percent(value)


def _ratio(v: dict[str, Any]) -> str:
    """`8.0% (24 of 300)`, or with "not enough data" under the minimum sample."""
    from coachcli.core.numbers import ratio_text

    return ratio_text(v["numerator"], v["denominator"], enough=v["enough"])


def _vs(value: float | None) -> str:
    from coachcli.core.numbers import percent

    return percent(value, 0, sign=True)


def _render_show(report: dict[str, Any]) -> None:
    from coachcli.ui.render import message, print_table

    reps = report["reps"]
    if not any(r["weeks_with_data"] for r in reps):
        message(
            f"no metrics for {report['from_week']} to {report['to_week']}: "
            "import some with `coach metrics import FILE.csv`"
        )
        return
    print_table(
        ["Rep", "Transition", "Ratio", "Team median", "vs team", "Trend"],
        (
            [
                r["name"] if i == 0 else "",
                name + (" (weakest)" if name == r["weakest"] else ""),
                _ratio(v),
                _pct(v["team_median"]),
                _vs(v["vs_team"]),
                v["sparkline"],
            ]
            for r in reps
            for i, (name, v) in enumerate(r["ratios"].items())
        ),
        title=f"Conversion ratios {report['from_week']} to {report['to_week']}",
    )
    print_table(
        ["Rep", "Weakest transition", "Suggested banks", "Pacing"],
        (
            [
                r["name"],
                r["weakest"] or "-",
                ", ".join(r["suggested_banks"]) or "-",
                "; ".join(f"{p['metric']}: {p['summary']}" for p in r["pacing"]) or "-",
            ]
            for r in reps
        ),
        title="Focus and pacing",
    )


@goal_app.command("set")
def goal_set(
    rep: Annotated[
        str, typer.Argument(autocompletion=rep_refs, help="Name, slug or unique slug prefix.")
    ],
    metric: Annotated[str, typer.Argument(help="A funnel step, like calls or meetings.")],
    per_week: Annotated[str, typer.Argument(metavar="N", help="The goal per week.")],
    today_: TodayOpt = None,
) -> None:
    """Set a rep's weekly goal for a funnel step.

    Pacing compares the week so far with the goal pro-rated to the working days begun.

    Example: coach goal set priya conversations 25
    """
    from coachcli.services.metrics import set_goal
    from coachcli.ui.render import message

    goal, found, pace = set_goal(home(), rep, metric, per_week, today=today(today_))
    message(f"goal for {found.name}: {goal.per_week:g} {goal.metric} a week ({pace.describe()})")


@goal_app.command("list")
def goal_list(
    rep: Annotated[
        str | None,
        typer.Argument(autocompletion=rep_refs, help="Only this rep (name, slug or prefix)."),
    ] = None,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List weekly goals and this week's pacing.

    Last week's total against the goal (met or missed), and this week's pace when this week's
    counts are in: ahead, on pace (within 10% of the pro-rated goal) or behind; else no data.

    Example: coach goal list --today 2026-11-25 --json
    """
    from coachcli.services.metrics import goal_pacing

    rows = goal_pacing(home(), rep, today=today(today_))
    if json_:
        from coachcli.core.numbers import rounded
        from coachcli.ui.render import print_json

        print_json(rounded(rows))
        return
    from coachcli.ui.render import message, print_table

    if not rows:
        message("no goals yet: set one with `coach goal set REP METRIC N`")
        return
    print_table(
        ["Rep", "Metric", "Goal/week", "Last week", "So far", "Expected by today", "Pacing"],
        (
            [
                r["name"],
                r["metric"],
                f"{r['goal']:g}",
                "-"
                if r["last_week"] is None
                else f"{r['last_week']['actual']}, {r['last_week']['result']}",
                "-" if r["actual"] is None else r["actual"],
                f"{round(r['expected'], 1):g}",
                r["status"],
            ]
            for r in rows
        ),
    )
