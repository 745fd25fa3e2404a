"""`coach plan ...`: the week's one-to-ones, planned, saved, moved and skipped.

`plan_the_week` reads one snapshot and writes (one locked transaction) only when the plan
changed; a re-run that keeps the plan never locks. `move_session` and `skip_session` are one
locked write each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.models import PlannedSlot, Rep
    from coachcli.core.plan_history import RepHistory
    from coachcli.core.scheduler import WeekPlan
    from coachcli.services.config import Settings
    from coachcli.store.repository import Repository


@dataclass(frozen=True)
class Planned:
    """`plan_the_week`'s answer: the plan, every rep by slug, their histories, and how many
    events were written to the calendar file (None: none was asked for)."""

    plan: WeekPlan
    reps: dict[str, Rep]
    histories: dict[str, RepHistory]
    events: int | None
    calendar: Path | None = None  # the busy calendar read (given, or remembered)
    remembered: bool = False  # read from <home>/busy-calendar.json, not --busy


def plan_the_week(
    home: Path,
    week: str,
    *,
    day: date,
    now: datetime,
    busy: Path | None,
    ics: Path | None,
    replan: bool,
    warn: Callable[[str], None],
    with_commitments: bool = False,
) -> Planned:
    """Plan `week` around the calendar `busy`, save the plan if it changed, and write it to
    `ics`; `warn` hears about the calendar as it is read. Without `busy`, the calendar last
    given (remembered in `<home>/busy-calendar.json`, as `plan move` reads it) is read again;
    a given one is remembered. `with_commitments` adds the planned reps' open commitments to
    the calendar as to-dos."""
    from coachcli.services.config import load_settings

    settings = load_settings(home)
    calendar, remembered = _calendar(home, busy, warn)
    intervals: list[tuple[datetime, datetime]] = []
    if calendar is not None:
        from coachcli.services.busy import remember, week_busy

        intervals, said = week_busy(calendar, week, settings.zone())
        for line in said:
            warn(line)
        if not remembered:
            remember(home, calendar)
    args: dict[str, Any] = {"day": day, "now": now, "busy": intervals, "replan": replan}
    from coachcli.store.repository import Store

    store = Store(home)
    plan, reps, histories = _build(store.read(), week, settings, **args)
    if plan.changed:
        with store.write() as repo:
            plan, reps, histories = _build(repo, week, settings, **args, writing=True)
            for key in plan.removed:
                repo.plans.delete(key)
            repo.plans.put_many(plan.added)  # one table rewrite, not one per slot
    events = None
    if ics is not None:
        from coachcli.services.invites import write_ics

        events = write_ics(
            ics, week, plan.slots, reps, settings, day, home, with_commitments=with_commitments
        )
    return Planned(plan, reps, histories, events, calendar, remembered)


def _calendar(
    home: Path, busy: Path | None, warn: Callable[[str], None]
) -> tuple[Path | None, bool]:
    """The calendar to plan around: `busy`, else the remembered one when it still exists
    (a warning says when it is gone). Returns it and whether it was the remembered one."""
    if busy is not None:
        return busy, False
    from coachcli.services.busy import remembered

    found = remembered(home)
    if found is None:
        return None, False
    if not found.exists():
        warn(f"the calendar {found} given to plan week before is gone: planned without it")
        return None, False
    return found, True


def _build(
    repo: Repository,
    week: str,
    settings: Settings,
    *,
    day: date,
    now: datetime,
    busy: list[tuple[datetime, datetime]],
    replan: bool,
    writing: bool = False,
) -> tuple[WeekPlan, dict[str, Rep], dict[str, RepHistory]]:
    """The plan from one snapshot; `writing`: the plan is being saved, so the banks cache
    may be refreshed too (a read-only run never writes)."""
    from coachcli.core.scheduler import gather, plan_week
    from coachcli.services.fit import fit_data

    reps = repo.reps.all()
    existing = repo.plans.where(lambda d: d.get("week") == week, {"week": {week}})
    wanted = [r for r in reps if r.active] + [
        r for r in reps if not r.active and any(s.rep == r.slug for s in existing)
    ]
    histories = gather(repo, week, day, now, wanted)
    plan = plan_week(
        week,
        reps,
        existing,
        histories,
        settings.ww,
        today=day,
        now=now,
        busy=busy,
        replan=replan,
        fit=lambda slugs: fit_data(repo, slugs, day, week, write_cache=writing),
    )
    return plan, {r.slug: r for r in reps}, histories


@dataclass(frozen=True)
class Moved:
    """`move_session`'s answer: whose session, where to, and the warnings to show."""

    name: str
    start: datetime
    end: datetime
    week: str
    warnings: list[str] = field(default_factory=list)


def move_session(
    home: Path,
    rep_ref: str,
    start: datetime,
    week: str,
    *,
    now: datetime,
    day: date,
    busy: Path | None,
    force: bool,
) -> Moved:
    """Move a rep's session of `week` to `start` (a skipped one is planned again), refusing a
    held session, another rep's time, a daylight-saving gap and, unless `force`, a busy event
    of the calendar (`busy`, else the one remembered from `plan week`)."""
    from coachcli.core import roster, weeks
    from coachcli.core.models import plan_key
    from coachcli.services.busy import check_move
    from coachcli.services.config import load_settings
    from coachcli.store.repository import Store

    settings = load_settings(home)
    end = start + timedelta(minutes=settings.ww.session_minutes)
    if not weeks.exact(start, end, settings.ww.zone):
        raise CoachError(
            f"{start:%a %d %b %H:%M}-{end:%H:%M} crosses a daylight-saving change: "
            "that local time is skipped or happens twice",
            hint="pick a time outside the hour the clocks change",
        )
    notes = check_move(home, start, end, settings.zone(), given=busy, force=force)
    with Store(home).write() as repo:
        found = roster.resolve(repo.reps.all(), rep_ref)
        if not found.active:
            raise CoachError(
                f"{found.name} is archived", hint=f"`coach rep unarchive {found.slug}` first"
            )
        slot = repo.plans.get(plan_key(week, found.slug))
        if slot is not None and slot.session:
            raise CoachError(f"{found.name}'s session in {week} was already held ({slot.session})")
        _refuse_overlap(repo, found.slug, week, start, end)
        if slot is None:
            slot = _new_slot(repo, found, week, day, now, start)
        slot.start, slot.end = weeks.fmt_minute(start), weeks.fmt_minute(end)
        slot.placed = "moved by hand (plan move)"
        slot.skipped, slot.skip_reason = False, None
        repo.plans.put(slot)
    warnings = []
    if not settings.ww.inside(start, end):
        warnings.append(f"{start:%a %H:%M}-{end:%H:%M} is outside your working hours or over lunch")
    if start < now:
        warnings.append(f"{start:%a %d %b %H:%M} is in the past")
    return Moved(found.name, start, end, week, warnings + notes)


def _refuse_overlap(repo: Repository, slug: str, wk: str, start: datetime, end: datetime) -> None:
    """A move onto another rep's session (not skipped, not an archived rep's unheld one)."""
    from coachcli.core import weeks

    for other in repo.plans.where(
        lambda d: d.get("week") == wk and d.get("rep") != slug and not d.get("skipped")
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


def _new_slot(
    repo: Repository, found: Rep, wk: str, day: date, now: datetime, start: datetime
) -> PlannedSlot:
    """A slot for a rep the plan had not placed, with the focus the planner would give a
    session at `start`."""
    from coachcli.core import scheduler
    from coachcli.core.models import PlannedSlot

    history = scheduler.gather(repo, wk, day, now, [found])[found.slug]
    scheduler.set_overdue(history, start.date().isoformat())
    if scheduler.needs_metrics(found, history):
        from coachcli.services.fit import fit_data

        history.fit = fit_data(repo, [found.slug], day, wk).get(found.slug)
    choice = scheduler.suggest_focus(found, history)
    return PlannedSlot(
        week=wk,
        rep=found.slug,
        start="",
        end="",
        focus=choice.bank,
        reason=choice.reason,
        transition=choice.transition,
        method=choice.method,
    )


def skip_session(home: Path, rep_ref: str, week: str, why: str | None) -> str:
    """Mark a rep's planned, not yet held session of `week` skipped; returns the rep's name."""
    from coachcli.core import roster
    from coachcli.core.models import plan_key
    from coachcli.store.repository import Store

    with Store(home).write() as repo:
        found = roster.resolve(repo.reps.all(), rep_ref)
        slot = repo.plans.get(plan_key(week, found.slug))
        if slot is None:
            raise CoachError(
                f"nothing to skip: {found.name} has no planned session in {week}",
                hint=f"`coach plan week --week {week}` places them; `coach plan move` sets a time",
            )
        if slot.session:
            raise CoachError(f"{found.name}'s session in {week} was already held ({slot.session})")
        slot.skipped, slot.skip_reason = True, why or None
        repo.plans.put(slot)
    return found.name
