"""Plan a week of one-to-ones: one protected slot per active rep, and what to focus on.

Pure planning works on plain values: reps, the working week (core.workweek), busy intervals,
what is already planned and each rep's history (core.plan_history). Where each session goes
is core.placement; what it focuses on, core.focus. This module puts them together
(`plan_week`) and shapes the plan for the command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from coachcli.core import weeks
from coachcli.core.fit import FitData
from coachcli.core.focus import COMMITMENT_REVIEW, DEFAULT_FOCUS, needs_metrics, suggest_focus
from coachcli.core.models import PlannedSlot, Rep, Session
from coachcli.core.placement import NEVER, place, preferred_start, priority
from coachcli.core.plan_history import (
    HISTORY_WEEKS,
    RepHistory,
    WeakBank,
    banks_used,
    gather,
    set_overdue,
    weakest_banks,
)
from coachcli.core.plans import plan_status
from coachcli.core.rules import CADENCE_DAYS, EARLY_PIPELINE
from coachcli.core.workweek import Interval, WorkWeek, _overlaps, work_week

__all__ = [
    "COMMITMENT_REVIEW",
    "DEFAULT_FOCUS",
    "EARLY_PIPELINE",
    "HISTORY_WEEKS",
    "NEVER",
    "Interval",
    "RepHistory",
    "WeakBank",
    "WeekPlan",
    "WorkWeek",
    "banks_used",
    "coaching_time",
    "gather",
    "needs_metrics",
    "out_of_cadence",
    "parse_when",
    "place",
    "plan_week",
    "preferred_start",
    "priority",
    "set_overdue",
    "slot_json",
    "suggest_focus",
    "weakest_banks",
    "work_week",
]


# -- the week's plan ---------------------------------------------------------------------


@dataclass
class WeekPlan:
    """The outcome of planning a week: what to store, what to drop, who did not fit."""

    week: str
    slots: list[PlannedSlot]  # every slot shown, by start
    added: list[PlannedSlot] = field(default_factory=list)  # new or changed: to store
    removed: list[str] = field(default_factory=list)  # keys to delete
    unplaced: list[Rep] = field(default_factory=list)
    conflicts: list[PlannedSlot] = field(default_factory=list)  # kept slots now overlapping busy

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def plan_week(
    week: str,
    reps: Sequence[Rep],
    existing: Sequence[PlannedSlot],
    histories: Mapping[str, RepHistory],
    ww: WorkWeek,
    *,
    today: date,
    now: datetime,
    busy: Sequence[Interval] = (),
    replan: bool = False,
    weakest: Callable[[list[str]], Mapping[str, WeakBank]] | None = None,
    fit: Callable[[list[str]], Mapping[str, FitData]] | None = None,
) -> WeekPlan:
    """The week's plan: saved slots kept, missing active reps placed, archived reps dropped.

    `--replan` places again every slot that is neither held nor skipped. `fit` gives the
    banks and reps' numbers the focus is chosen from (core.fit; `weakest`, only reps' weakest
    conversions, see `weakest_banks`); it is asked only about reps being placed whose focus
    depends on it.
    """
    active = {r.slug: r for r in reps if r.active}
    plan = WeekPlan(week=week, slots=[])
    kept = _kept_slots(plan, existing, active, replan)
    todo = _to_place(plan, kept, active, histories, ww)
    todo.sort(key=lambda r: priority(r, histories.get(r.slug, RepHistory()), today))
    taken = [
        (weeks.parse_minute(s.start), weeks.parse_minute(s.end)) for s in kept if not s.skipped
    ]
    why: dict[str, str] = {}
    reserved = {r.slug: p for r in active.values() if (p := preferred_start(r, week)) is not None}
    placed, plan.unplaced = place(
        todo,
        week,
        ww,
        busy=busy,
        taken=taken,
        not_before=now,
        histories=histories,
        reserved=reserved,
        why=why,
    )
    for slug, (start, _) in placed.items():  # overdue means overdue at the session
        if slug in histories:
            set_overdue(histories[slug], start.date().isoformat())
    _ask_weakest(todo, placed, histories, weakest, fit)
    for rep in (r for r in todo if r.slug in placed):
        start, end = placed[rep.slug]
        choice = suggest_focus(rep, histories.get(rep.slug, RepHistory()))
        new = PlannedSlot(
            week=week,
            rep=rep.slug,
            start=weeks.fmt_minute(start),
            end=weeks.fmt_minute(end),
            focus=choice.bank,
            reason=choice.reason,
            placed=why.get(rep.slug),
            transition=choice.transition,
            method=choice.method,
        )
        plan.added.append(new)
        kept.append(new)
    plan.removed = [k for k in plan.removed if k not in {s.key() for s in plan.added}]
    plan.conflicts = [
        s
        for s in kept
        if not s.session
        and not s.skipped
        and _overlaps(weeks.parse_minute(s.start), weeks.parse_minute(s.end), busy)
    ]
    plan.slots = sorted(kept, key=lambda s: (s.start, s.rep))
    return plan


def _kept_slots(
    plan: WeekPlan, existing: Sequence[PlannedSlot], active: Mapping[str, Rep], replan: bool
) -> list[PlannedSlot]:
    """Saved slots that stay; archived reps' unheld ones (and, with --replan, every slot not
    held or skipped) are marked for removal in `plan`."""
    kept: list[PlannedSlot] = []
    for slot in existing:
        if slot.rep not in active:
            if not slot.session:
                plan.removed.append(slot.key())
            continue
        if replan and not slot.session and not slot.skipped:
            plan.removed.append(slot.key())
            continue
        kept.append(slot)
    return kept


def _to_place(
    plan: WeekPlan,
    kept: list[PlannedSlot],
    active: Mapping[str, Rep],
    histories: Mapping[str, RepHistory],
    ww: WorkWeek,
) -> list[Rep]:
    """Active reps with no slot yet; a session already held this week becomes its slot."""
    have = {s.rep for s in kept}
    todo: list[Rep] = []
    for rep in active.values():
        if rep.slug in have:
            continue
        held = histories[rep.slug].week_session if rep.slug in histories else None
        if held is not None:
            kept.append(_held_slot(plan.week, rep, held, ww))
            plan.added.append(kept[-1])
        else:
            todo.append(rep)
    return todo


def _ask_weakest(
    todo: list[Rep],
    placed: Mapping[str, Interval],
    histories: Mapping[str, RepHistory],
    weakest: Callable[[list[str]], Mapping[str, WeakBank]] | None,
    fit: Callable[[list[str]], Mapping[str, FitData]] | None = None,
) -> None:
    """Look up banks and numbers only for placed reps whose focus depends on them."""
    asking = [
        r.slug
        for r in todo
        if r.slug in placed and needs_metrics(r, histories.get(r.slug, RepHistory()))
    ]
    if asking and fit is not None:
        for slug, data in fit(asking).items():
            if slug in histories:
                histories[slug].fit = data
    elif asking and weakest is not None:
        for slug, found in weakest(asking).items():
            if slug in histories:
                histories[slug].weakest = found


def _held_slot(week: str, rep: Rep, session: Session, ww: WorkWeek) -> PlannedSlot:
    """A slot for a session that happened this week before the plan knew about it."""
    if session.started:
        start = weeks.parse_minute(session.started[:16])
    else:
        start = datetime.combine(date.fromisoformat(session.date), time()) + timedelta(
            minutes=ww.start
        )
    end = start + timedelta(minutes=session.minutes or ww.session_minutes)
    return PlannedSlot(
        week=week,
        rep=rep.slug,
        start=weeks.fmt_minute(start),
        end=weeks.fmt_minute(end),
        focus=session.banks[0] if session.banks else None,
        reason="already held this week",
        session=session.id,
        placed="already held this week",
    )


# -- views -------------------------------------------------------------------------------


def slot_json(
    slot: PlannedSlot, rep: Rep, history: RepHistory, *, today: date, now: datetime
) -> dict[str, Any]:
    """The documented JSON shape of one planned session (`plan week --json`)."""
    return {
        "rep": slot.rep,
        "name": rep.name,
        "week": slot.week,
        "start": slot.start,
        "end": slot.end,
        "focus": slot.focus,
        "reason": slot.reason,
        "transition": slot.transition,
        "method": slot.method,
        "placement": slot.placed or "kept from the saved plan",
        "status": plan_status(slot, now),
        "skip_reason": slot.skip_reason,
        "session": slot.session,
        "open_commitments": history.open_commitments,
        "overdue_commitments": history.overdue,
        "days_since_last": history.days_since(today),
    }


def out_of_cadence(
    reps: Iterable[Rep], histories: Mapping[str, RepHistory], today: date
) -> list[tuple[Rep, int]]:
    """Reps coached before whose last session is more than a week ago."""
    out = []
    for rep in reps:
        since = histories[rep.slug].days_since(today) if rep.slug in histories else None
        if since is not None and since > CADENCE_DAYS:
            out.append((rep, since))
    return sorted(out, key=lambda item: (-item[1], item[0].slug))


def coaching_time(slots: Iterable[PlannedSlot]) -> tuple[int, int]:
    """Sessions (not skipped) and their minutes."""
    count = minutes = 0
    for slot in slots:
        if slot.skipped:
            continue
        count += 1
        delta = weeks.parse_minute(slot.end) - weeks.parse_minute(slot.start)
        minutes += int(delta.total_seconds() // 60)
    return count, minutes


def parse_when(value: str, week: str | None) -> datetime:
    """`wed 14:30` (in `week`) or `2026-12-02T14:30`; anything else is a user error."""
    from coachcli.core.roster import normalise_slot
    from coachcli.errors import CoachError

    text = value.strip()
    for form in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, form)
        except ValueError:
            pass
    try:
        slot = normalise_slot(text)
    except CoachError:
        raise CoachError(
            f'invalid time {value!r}: use a weekday and time like "wed 14:30" '
            "or a date-time like 2026-12-02T14:30"
        ) from None
    if week is None:  # pragma: no cover - callers always pass the week for weekday forms
        raise CoachError(f"{value!r} needs a week")
    start = preferred_start(Rep(name="", slug="", slot=slot), week)
    assert start is not None
    return start
