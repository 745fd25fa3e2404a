"""Plan a week of one-to-ones: one protected slot per active rep, and what to focus on.

Pure planning (`plan_week`, `place`, `suggest_focus`) works on plain values: reps, the working
week, busy intervals, what is already planned and each rep's history. `gather` reads that
history from the store's index (never session bodies) so the read path stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from coachcli.core import weeks
from coachcli.core.models import PlannedSlot, Rep, Session
from coachcli.core.plans import plan_status
from coachcli.core.rules import CADENCE_DAYS, DEFAULT_BANK, EARLY_PIPELINE
from coachcli.core.weeks import WEEKDAYS

if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.core.ports import Records

Interval = tuple[datetime, datetime]
COMMITMENT_REVIEW = "commitment-review"
DEFAULT_FOCUS = DEFAULT_BANK
NEVER = 10**6  # "days since last session" of a rep never coached, for sorting
HISTORY_WEEKS = 8  # sessions read first for history; older ones only when these are too few


@dataclass(frozen=True)
class WorkWeek:
    """The manager's week as the planner needs it; minutes are minutes after midnight."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # weekday numbers, Monday = 0
    start: int = 9 * 60
    end: int = 17 * 60
    lunch: tuple[int, int] | None = (12 * 60, 13 * 60)
    session_minutes: int = 30
    max_per_day: int = 3
    zone: tzinfo | None = None  # the manager's zone: no session at a time DST skips or repeats

    @property
    def grid(self) -> int:
        return 30 if self.session_minutes % 30 == 0 else 15

    def inside(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) is on a working day, inside working hours and off lunch."""
        first, last = _minutes(start), _minutes(end) or 24 * 60
        if start.date() != (end - timedelta(minutes=1)).date() or start.weekday() not in self.days:
            return False
        if first < self.start or last > self.end:
            return False
        if self.lunch and first < self.lunch[1] and self.lunch[0] < last:
            return False
        return weeks.exact(start, end, self.zone)


def work_week(
    *,
    working_days: Sequence[str] = WEEKDAYS[:5],
    working_hours: tuple[str, str] = ("09:00", "17:00"),
    lunch: tuple[str, str] | None = ("12:00", "13:00"),
    session_minutes: int = 30,
    max_sessions_per_day: int = 3,
) -> WorkWeek:
    """A `WorkWeek` from the config's values (already validated)."""
    return WorkWeek(
        days=tuple(sorted(WEEKDAYS.index(d[:3].lower()) for d in working_days)),
        start=_hhmm(working_hours[0]),
        end=_hhmm(working_hours[1]),
        lunch=(_hhmm(lunch[0]), _hhmm(lunch[1])) if lunch else None,
        session_minutes=session_minutes,
        max_per_day=max_sessions_per_day,
    )


def _hhmm(value: str) -> int:
    hours, minutes = value.strip().split(":")
    return int(hours) * 60 + int(minutes)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _overlaps(start: datetime, end: datetime, intervals: Iterable[Interval]) -> bool:
    return any(s < end and start < e for s, e in intervals)


# -- history -----------------------------------------------------------------------------


@dataclass
class RepHistory:
    """What the planner knows about one rep's coaching so far."""

    last_session: date | None = None
    open_commitments: int = 0
    overdue: int = 0
    recent_focus: list[list[str]] = field(default_factory=list)  # last 3, oldest first
    week_session: Session | None = None  # a session already held in the planned week
    weakest: tuple[str, str] | None = None  # (bank, transition) from metrics, when known

    def days_since(self, today: date) -> int | None:
        return None if self.last_session is None else (today - self.last_session).days


def gather(
    repo: Records, week: str, today: date, now: datetime, reps: Iterable[Rep]
) -> dict[str, RepHistory]:
    """Each rep's history, from the index only (sessions, open commitments, earlier plans)."""
    slugs = {r.slug for r in reps}
    out = {slug: RepHistory() for slug in slugs}
    monday = weeks.monday(week).isoformat()
    sunday = (weeks.monday(week) + timedelta(days=6)).isoformat()
    todays = today.isoformat()
    past: dict[str, list[tuple[str, list[str]]]] = {slug: [] for slug in slugs}
    # Recent sessions first (records are built only for those); reps with too little recent
    # history are looked up again over their whole history.
    cutoff = (weeks.monday(week) - timedelta(weeks=HISTORY_WEEKS)).isoformat()
    sessions = repo.sessions.where(
        lambda d: d.get("rep") in slugs and d.get("date", "") >= cutoff,
        {"date": (">=", cutoff)},
    )
    recent: dict[str, int] = {}
    for session in sessions:
        if session.date < monday:
            recent[session.rep] = recent.get(session.rep, 0) + 1
    sparse = {slug for slug in slugs if recent.get(slug, 0) < 3}
    if sparse:  # only four fields of the older sessions: no records are built for them
        for rep, held, started, banks in repo.sessions.fields(("rep", "date", "started", "banks")):
            if rep in sparse and isinstance(held, str) and held < cutoff:
                _older(out[rep], past[rep], held, started, banks, todays)
    for session in sessions:
        hist = out[session.rep]
        held = date.fromisoformat(session.date)
        if session.date <= todays and (hist.last_session is None or held > hist.last_session):
            hist.last_session = held
        if session.date < monday:
            past[session.rep].append((session.started or session.date, list(session.banks)))
        elif session.date <= sunday and hist.week_session is None:
            hist.week_session = session
    for doc in repo.commitments.where(
        lambda d: d.get("status") == "open" and d.get("rep") in slugs, {"status": {"open"}}
    ):
        hist = out[doc.rep]
        hist.open_commitments += 1
        if doc.due and doc.due < todays:
            hist.overdue += 1
    moment = weeks.fmt_minute(now)
    for slot in repo.plans.where(
        lambda d: (
            d.get("rep") in slugs
            and d.get("week", "") < week
            and not d.get("session")
            and d.get("end", "") > moment
        ),
        {"end": (">=", moment)},
    ):
        if plan_status(slot, now) == "planned" and slot.focus:
            past[slot.rep].append((slot.start, [slot.focus]))
    for slug, items in past.items():
        out[slug].recent_focus = [banks for _, banks in sorted(items)[-3:]]
    return out


def _older(
    hist: RepHistory,
    past: list[tuple[str, list[str]]],
    held: str,
    started: Any,
    banks: Any,
    todays: str,
) -> None:
    """An older session, from its index fields only (it is before the planned week)."""
    day = date.fromisoformat(held)
    if held <= todays and (hist.last_session is None or day > hist.last_session):
        hist.last_session = day
    past.append((started or held, list(banks or ())))


def weakest_banks(
    repo: Records,
    slugs: list[str],
    today: date,
    *,
    banks: Callable[[], Mapping[str, Bank]],
    funnel: Sequence[str],
) -> dict[str, tuple[str, str]]:
    """Each rep's weakest conversion mapped to a bank that addresses it: (bank, transition).

    Asked only about reps whose focus depends on it, and only when the store has metrics,
    since `banks()` parses the bank files.
    """
    if not slugs or not len(repo.metrics):
        return {}
    from coachcli.core.banks import banks_for_transition
    from coachcli.core.metrics import weakest_transitions
    from coachcli.core.session.selection import least_recently_used

    known = banks()
    out: dict[str, tuple[str, str]] = {}
    weakest = weakest_transitions(repo, slugs, today, funnel=funnel)
    used = banks_used(repo, list(weakest), today)
    for slug, transition in weakest.items():
        found = banks_for_transition(known, transition)
        if found:
            out[slug] = (least_recently_used([b.id for b in found], used[slug]), transition)
    return out


def banks_used(repo: Records, slugs: list[str], today: date) -> dict[str, dict[str, str]]:
    """Each rep's banks -> the latest date a session up to `today` used it (index only)."""
    out: dict[str, dict[str, str]] = {slug: {} for slug in slugs}
    day = today.isoformat()
    for rep, held, banks in repo.sessions.fields(("rep", "date", "banks")):
        if rep not in out or not isinstance(held, str) or held > day:
            continue
        for bank in banks or ():
            out[rep][bank] = max(out[rep].get(bank, ""), held)
    return out


# -- focus -------------------------------------------------------------------------------


def needs_metrics(rep: Rep, history: RepHistory) -> bool:
    """Whether `suggest_focus` would look at the rep's weakest conversion."""
    early = sum(EARLY_PIPELINE in banks for banks in history.recent_focus[-3:])
    return not rep.focus and not history.overdue and early >= 2


def suggest_focus(rep: Rep, history: RepHistory) -> tuple[str, str]:
    """The bank to focus on in `rep`'s next session, and a short reason why.

    The rep's own focus; else reviewing overdue commitments; else early-stage pipeline often
    enough that it fills at least half of any four consecutive sessions; else the rep's
    weakest conversion (once metrics exist); else the weekly check-in.
    """
    if rep.focus:
        return rep.focus, "the rep's chosen focus"
    if history.overdue:
        n = history.overdue
        return COMMITMENT_REVIEW, f"{n} overdue commitment{'s' if n != 1 else ''}"
    early = sum(EARLY_PIPELINE in banks for banks in history.recent_focus[-3:])
    if early < 2:
        return EARLY_PIPELINE, f"early pipeline in {early} of the last 3 sessions: keep it at half"
    if history.weakest:
        bank, transition = history.weakest
        return bank, f"weakest conversion: {transition}"
    return DEFAULT_FOCUS, "early pipeline covered; regular check-in"


# -- placing -----------------------------------------------------------------------------


def priority(rep: Rep, history: RepHistory, today: date) -> tuple[int, int, str]:
    """Sort key: reps who are behind first (overdue commitments, then longest uncoached)."""
    since = history.days_since(today)
    return (-history.overdue, -(NEVER if since is None else since), rep.slug)


def preferred_start(rep: Rep, week: str) -> datetime | None:
    """The rep's preferred slot (`tue 10:00`) as a date-time in `week`."""
    if not rep.slot:
        return None
    try:
        day, hhmm = rep.slot.split()
        minutes = _hhmm(hhmm)
        when = weeks.monday(week) + timedelta(days=WEEKDAYS.index(day[:3].lower()))
    except ValueError:
        return None
    return datetime.combine(when, time()) + timedelta(minutes=minutes)


def place(
    reps: Sequence[Rep],
    week: str,
    ww: WorkWeek,
    *,
    busy: Sequence[Interval] = (),
    taken: Sequence[Interval] = (),
    not_before: datetime | None = None,
) -> tuple[dict[str, Interval], list[Rep]]:
    """Slots for `reps` (in priority order) and the reps that did not fit.

    Preferred slots first, when free; then each remaining rep on the least-loaded usable day,
    at its earliest free time, so the week fills evenly and the first reps get early slots.
    """
    length = timedelta(minutes=ww.session_minutes)
    days = [d for d in weeks.days(week) if d.weekday() in ww.days]
    if not_before is not None:
        days = [d for d in days if d >= not_before.date()]
    used = list(taken)
    load = {d: sum(1 for s, _ in taken if s.date() == d) for d in days}
    placed: dict[str, Interval] = {}

    def free(start: datetime) -> bool:
        end = start + length
        return (
            start.date() in load
            and load[start.date()] < ww.max_per_day
            and (not_before is None or start >= not_before)
            and ww.inside(start, end)
            and not _overlaps(start, end, busy)
            and not _overlaps(start, end, used)
        )

    def take(slug: str, start: datetime) -> None:
        placed[slug] = (start, start + length)
        used.append(placed[slug])
        load[start.date()] += 1

    for rep in reps:
        start = preferred_start(rep, week)
        if start is not None and free(start):
            take(rep.slug, start)
    for grid in sorted({ww.grid, 15}, reverse=True):
        for rep in reps:
            if rep.slug in placed:
                continue
            for day in sorted(days, key=lambda d: (load[d], d)):
                start = _first_free(day, ww, grid, free)
                if start is not None:
                    take(rep.slug, start)
                    break
    return placed, [r for r in reps if r.slug not in placed]


def _first_free(day: date, ww: WorkWeek, grid: int, free: Any) -> datetime | None:
    midnight = datetime.combine(day, time())
    minute = -(-ww.start // grid) * grid
    while minute + ww.session_minutes <= ww.end:
        start = midnight + timedelta(minutes=minute)
        if free(start):
            return start
        minute += grid
    return None


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
    weakest: Callable[[list[str]], Mapping[str, tuple[str, str]]] | None = None,
) -> WeekPlan:
    """The week's plan: saved slots kept, missing active reps placed, archived reps dropped.

    `--replan` places again every slot that is neither held nor skipped. `weakest` gives
    reps' weakest conversions (see `weakest_banks`); it is asked only about reps being placed
    whose focus depends on it.
    """
    active = {r.slug: r for r in reps if r.active}
    plan = WeekPlan(week=week, slots=[])
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
    have = {s.rep for s in kept}
    todo: list[Rep] = []
    for rep in active.values():
        if rep.slug in have:
            continue
        held = histories[rep.slug].week_session if rep.slug in histories else None
        if held is not None:
            kept.append(_held_slot(week, rep, held, ww))
            plan.added.append(kept[-1])
        else:
            todo.append(rep)
    todo.sort(key=lambda r: priority(r, histories.get(r.slug, RepHistory()), today))
    taken = [
        (weeks.parse_minute(s.start), weeks.parse_minute(s.end)) for s in kept if not s.skipped
    ]
    placed, plan.unplaced = place(todo, week, ww, busy=busy, taken=taken, not_before=now)
    asking = [
        r.slug
        for r in todo
        if r.slug in placed and needs_metrics(r, histories.get(r.slug, RepHistory()))
    ]
    if asking and weakest is not None:
        for slug, found in weakest(asking).items():
            if slug in histories:
                histories[slug].weakest = found
    for rep in todo:
        if rep.slug not in placed:
            continue
        start, end = placed[rep.slug]
        focus, reason = suggest_focus(rep, histories.get(rep.slug, RepHistory()))
        new = PlannedSlot(
            week=week,
            rep=rep.slug,
            start=weeks.fmt_minute(start),
            end=weeks.fmt_minute(end),
            focus=focus,
            reason=reason,
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
