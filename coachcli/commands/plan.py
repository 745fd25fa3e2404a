"""`coach plan ...`: the week's one-to-ones, planned, saved, moved and skipped."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, open_store, today
from coachcli.errors import CoachError

app = typer.Typer(help="Plan the week's one-to-ones.", no_args_is_help=True, add_completion=False)

WeekOpt = Annotated[
    str | None, typer.Option("--week", metavar="YYYY-Www", help="The ISO week, like 2026-W49.")
]
RepArg = Annotated[str, typer.Argument(help="Name, slug or unique slug prefix.")]


@app.command("week")
def week_(
    week: WeekOpt = None,
    next_: Annotated[bool, typer.Option("--next", help="Plan the coming week.")] = False,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="Also write the sessions as calendar events."),
    ] = None,
    busy: Annotated[
        Path | None,
        typer.Option("--busy", metavar="FILE.ics", help="Your calendar: never plan over it."),
    ] = None,
    replan: Annotated[
        bool, typer.Option("--replan", help="Place again every session not yet held or skipped.")
    ] = False,
) -> None:
    """Plan one session per active rep this week (saved; re-running keeps the plan).

    Example: coach plan week --busy ~/calendar.ics --ics coaching.ics
    """
    from coachcli.commands.plan_fast import run_week

    run_week(week, next_, today_, json_, ics, busy, replan)


@app.command("move")
def move(
    rep: RepArg,
    when: Annotated[str, typer.Argument(help='New start: "wed 14:30" or 2026-12-02T14:30.')],
    week: WeekOpt = None,
    today_: TodayOpt = None,
) -> None:
    """Move a rep's session in the saved plan (a skipped one is planned again).

    Example: coach plan move dana "wed 14:30"
    """
    from coachcli.commands import plan_fast
    from coachcli.core import roster, scheduler, weeks
    from coachcli.core.models import PlannedSlot, plan_key
    from coachcli.render import message, warn

    day = today(today_)
    now = plan_fast.now_of(today_, day)
    wk = weeks.parse_week(week) if week else None
    start = scheduler.parse_when(when, wk or weeks.default_week(day))
    if wk and weeks.week_of(start.date()) != wk:
        raise CoachError(f"{when} is not in {wk}", hint="give a time in that week, or drop --week")
    wk = weeks.week_of(start.date())
    settings = plan_fast.load_settings()
    end = start + timedelta(minutes=settings.ww.session_minutes)
    with open_store().write() as repo:
        found = roster.resolve(repo.reps.all(), rep)
        if not found.active:
            raise CoachError(
                f"{found.name} is archived", hint=f"`coach rep unarchive {found.slug}` first"
            )
        slot = repo.plans.get(plan_key(wk, found.slug))
        if slot is not None and slot.session:
            raise CoachError(f"{found.name}'s session in {wk} was already held ({slot.session})")
        for other in repo.plans.where(
            lambda d: d.get("week") == wk and d.get("rep") != found.slug and not d.get("skipped")
        ):
            if other.start < weeks.fmt_minute(end) and weeks.fmt_minute(start) < other.end:
                name = other.rep
                other_rep = repo.reps.get(other.rep)
                if other_rep is not None:
                    if not other_rep.active and not other.session:
                        continue
                    name = other_rep.name
                raise CoachError(
                    f"{start:%a %d %b %H:%M} overlaps {name}'s session "
                    f"({other.start[11:]}-{other.end[11:]})",
                    hint="pick another time",
                )
        if slot is None:
            history = scheduler.gather(repo, wk, day, now, [found])[found.slug]
            if scheduler.needs_metrics(found, history):
                history.weakest = scheduler.weakest_banks(repo, [found.slug], day).get(found.slug)
            focus, reason = scheduler.suggest_focus(found, history)
            slot = PlannedSlot(
                week=wk, rep=found.slug, start="", end="", focus=focus, reason=reason
            )
        slot.start, slot.end = weeks.fmt_minute(start), weeks.fmt_minute(end)
        slot.skipped, slot.skip_reason = False, None
        repo.plans.put(slot)
    if not settings.ww.inside(start, end):
        warn(f"{start:%a %H:%M}-{end:%H:%M} is outside your working hours or over lunch")
    if start < now:
        warn(f"{start:%a %d %b %H:%M} is in the past")
    message(f"moved {found.name} to {start:%a %d %b %H:%M}-{end:%H:%M} ({wk})")


@app.command("skip")
def skip(
    rep: RepArg,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why, for the record.")
    ] = None,
    week: WeekOpt = None,
    today_: TodayOpt = None,
) -> None:
    """Skip a rep's session this week (kept in the plan as skipped; `plan move` undoes it).

    Example: coach plan skip dana --reason "on holiday"
    """
    from coachcli.core import roster, weeks
    from coachcli.core.models import plan_key
    from coachcli.core.text import clean_line
    from coachcli.render import message

    day = today(today_)
    wk = weeks.parse_week(week) if week else weeks.default_week(day)
    why = clean_line(reason, field="--reason") if reason else None
    with open_store().write() as repo:
        found = roster.resolve(repo.reps.all(), rep)
        slot = repo.plans.get(plan_key(wk, found.slug))
        if slot is None:
            raise CoachError(
                f"nothing to skip: {found.name} has no planned session in {wk}",
                hint=f"`coach plan week --week {wk}` places them; `coach plan move` sets a time",
            )
        if slot.session:
            raise CoachError(f"{found.name}'s session in {wk} was already held ({slot.session})")
        slot.skipped, slot.skip_reason = True, why or None
        repo.plans.put(slot)
    message(f"skipped {found.name} in {wk}" + (f": {why}" if why else ""))
