"""What needs a follow-up on a given day: the between-sessions rhythm of coaching.

`build(repo, today, days)` reads a store snapshot and returns `Reminders`, six lists of plain
dicts (the `coach remind --json` shape). It reads only the store's index (never session
bodies, banks or config) and builds records only for the few stored documents that can matter
today, because `coach remind` runs from shell start-up files and must stay fast on a store
with years of sessions.

The rules, all relative to `today`:

- sessions: planned slots (not held, skipped or past) starting within [today, today+days];
- overdue: open commitments due before today; due_soon: open ones due within [today, today+days];
- out_of_cadence: active reps with no session in more than 7 days (or never), or with a
  planned session missed in the last 14 days that no later session made up;
- habit_checks: a commitment done on day D is checked on D+7, D+14 and D+28 ("Is it still
  happening?"), and on the 3 days after each mark too, so a manager who skips a day still
  sees it;
- recognition: a rep who kept (done) every commitment due in the 28 days up to today, with at
  least 2 of them (dropped ones do not count either way, nor open ones due today); and a
  streak of at least 4 consecutive ISO weeks with a session (a week whose planned slot was
  skipped neither counts nor breaks it; the current week counts only once it has a session).

Archived reps are left out of every list.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.core.commitments import is_overdue
from coachcli.core.plans import plan_status
from coachcli.core.rules import CADENCE_DAYS
from coachcli.core.weeks import monday

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Rep
    from coachcli.core.ports import Records

DEFAULT_DAYS = 3
MISSED_LOOKBACK_DAYS = 14
HABIT_WEEKS = (1, 2, 4)
HABIT_GRACE_DAYS = 3  # a habit check stays on the list this many days after its mark
KEPT_WINDOW_DAYS = 28
KEPT_MIN = 2
STREAK_MIN = 4
HABIT_PROMPT = "Is it still happening?"

Item = dict[str, Any]
SECTIONS = ("sessions", "overdue", "due_soon", "out_of_cadence", "habit_checks", "recognition")


@dataclass
class Reminders:
    sessions: list[Item] = field(default_factory=list)
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    out_of_cadence: list[Item] = field(default_factory=list)
    habit_checks: list[Item] = field(default_factory=list)
    recognition: list[Item] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in SECTIONS)

    def to_json(self) -> dict[str, list[Item]]:
        return {name: getattr(self, name) for name in SECTIONS}


def start_of(today: date) -> datetime:
    """The moment `--today D` stands for: the start of that day, so runs are reproducible."""
    return datetime.combine(today, time.min)


def build(
    repo: Records, today: date, days: int = DEFAULT_DAYS, now: datetime | None = None
) -> Reminders:
    """Everything that needs a follow-up on `today`; `now` decides which slots have passed."""
    now = now or start_of(today)
    reps = {r.slug: r for r in repo.reps.all() if r.active}
    history = _SessionHistory(today)
    repo.sessions.where(history.see)  # one pass over the index; builds no records
    skipped: set[tuple[str, int]] = set()
    plans = repo.plans.where(_plan_test(today, days, skipped))
    first_due = (today - timedelta(days=KEPT_WINDOW_DAYS)).isoformat()
    commitments = repo.commitments.where(
        _commitment_test(today),
        [{"status": {"open", "done"}}, {"due": ("between", first_due, today.isoformat())}],
    )

    out = Reminders()
    _sessions(out, reps, plans, today, days, now)
    _commitments(out, reps, commitments, today, days)
    _cadence(out, reps, history, plans, today, now)
    _habits(out, reps, commitments, today)
    _recognition(out, reps, commitments, history, skipped, today)
    name = {slug: rep.name.casefold() for slug, rep in reps.items()}
    for section in SECTIONS[1:]:  # sessions stay in time order; the rest are grouped by rep
        getattr(out, section).sort(key=lambda item: (name[item["rep"]], item["rep"]))
    return out


class _SessionHistory:
    """Last session date and the weeks with a session, per rep, from the session index."""

    def __init__(self, today: date) -> None:
        self.today = today.isoformat()
        self.last: dict[str, str] = {}
        self.weeks: dict[str, set[int]] = {}

    def see(self, doc: dict[str, Any]) -> bool:
        """A `where` test that records what it sees and selects nothing."""
        day, rep = doc.get("date") or "", doc.get("rep") or ""
        if day > self.today or not day:
            return False  # after the day we act as: not yet happened
        if day > self.last.get(rep, ""):
            self.last[rep] = day
        self.weeks.setdefault(rep, set()).add(week_number(date.fromisoformat(day)))
        return False

    def days_since(self, rep: str) -> int | None:
        last = self.last.get(rep)
        return (
            None
            if last is None
            else (date.fromisoformat(self.today) - date.fromisoformat(last)).days
        )

    def streak(self, rep: str, skipped: set[tuple[str, int]]) -> int:
        """Consecutive weeks with a session, back from this week (or last, if none yet)."""
        weeks = self.weeks.get(rep, set())
        week = week_number(date.fromisoformat(self.today))
        if week not in weeks:
            week -= 1
        count = 0
        while True:
            if week in weeks:
                count += 1
            elif (rep, week) not in skipped:
                return count
            week -= 1


def week_number(day: date) -> int:
    """A running number of the Monday-to-Sunday (ISO) week: cheap to compute and to step."""
    return (day.toordinal() - 1) // 7


def _plan_test(
    today: date, days: int, skipped: set[tuple[str, int]]
) -> Callable[[dict[str, Any]], bool]:
    """Slots from the missed-session lookback to the last day ahead; notes skipped weeks."""
    first = (today - timedelta(days=MISSED_LOOKBACK_DAYS)).isoformat()
    last = (today + timedelta(days=days)).isoformat()

    def test(doc: dict[str, Any]) -> bool:
        if doc.get("skipped"):
            with contextlib.suppress(ValueError, TypeError):
                skipped.add((doc.get("rep", ""), week_number(monday(doc["week"]))))
        return first <= str(doc.get("start", ""))[:10] <= last

    return test


def _commitment_test(today: date) -> Callable[[dict[str, Any]], bool]:
    """Open ones, ones due in the recognition window, and ones done recently enough to check."""
    first_due, last_due = (today - timedelta(days=KEPT_WINDOW_DAYS)).isoformat(), today.isoformat()
    oldest_done = (today - timedelta(weeks=max(HABIT_WEEKS), days=HABIT_GRACE_DAYS)).isoformat()

    def test(doc: dict[str, Any]) -> bool:
        status = doc.get("status")
        if status == "open" or first_due <= (doc.get("due") or "") <= last_due:
            return True
        history = doc.get("history")
        if status != "done" or not history:
            return False
        return str(history[-1].get("at"))[:10] >= oldest_done

    return test


def _sessions(
    out: Reminders,
    reps: dict[str, Rep],
    plans: list[Any],
    today: date,
    days: int,
    now: datetime,
) -> None:
    last = (today + timedelta(days=days)).isoformat()
    for slot in sorted(plans, key=lambda s: s.start):
        if slot.rep not in reps or not today.isoformat() <= slot.start[:10] <= last:
            continue
        if plan_status(slot, now) != "planned":
            continue
        out.sessions.append(
            {
                "rep": slot.rep,
                "name": reps[slot.rep].name,
                "week": slot.week,
                "start": slot.start,
                "end": slot.end,
                "focus": slot.focus,
                "reason": slot.reason,
            }
        )


def _commitment_item(c: Commitment, reps: dict[str, Rep]) -> Item:
    return {
        "rep": c.rep,
        "name": reps[c.rep].name,
        "id": c.id,
        "text": c.text,
        "due": c.due,
        "measure": c.measure,
    }


def _commitments(
    out: Reminders, reps: dict[str, Rep], commitments: list[Commitment], today: date, days: int
) -> None:
    soon = (today + timedelta(days=days)).isoformat()
    for c in sorted(commitments, key=lambda c: (c.due or "", c.id)):
        if c.rep not in reps or c.status != "open" or not c.due:
            continue
        if is_overdue(c, today):
            late = (today - date.fromisoformat(c.due)).days
            out.overdue.append(_commitment_item(c, reps) | {"days_overdue": late})
        elif c.due <= soon:
            left = (date.fromisoformat(c.due) - today).days
            out.due_soon.append(_commitment_item(c, reps) | {"days_left": left})


def _cadence(
    out: Reminders,
    reps: dict[str, Rep],
    history: _SessionHistory,
    plans: list[Any],
    today: date,
    now: datetime,
) -> None:
    first = (today - timedelta(days=MISSED_LOOKBACK_DAYS)).isoformat()
    missed: dict[str, str] = {}
    for slot in plans:
        day = slot.start[:10]
        if slot.rep not in reps or not first <= day <= today.isoformat():
            continue
        if plan_status(slot, now) == "missed" and history.last.get(slot.rep, "") < day:
            missed[slot.rep] = max(missed.get(slot.rep, ""), slot.start)
    for slug, rep in reps.items():
        since = history.days_since(slug)
        reasons = []
        if since is None:
            reasons.append("never coached")
        elif since > CADENCE_DAYS:
            reasons.append(f"no session in {since} days")
        if slug in missed:
            reasons.append(f"missed the session planned for {missed[slug]}")
        if reasons:
            out.out_of_cadence.append(
                {
                    "rep": slug,
                    "name": rep.name,
                    "days_since_last": since,
                    "last_session": history.last.get(slug),
                    "missed_planned": missed.get(slug),
                    "reason": "; ".join(reasons),
                }
            )


def _habits(
    out: Reminders, reps: dict[str, Rep], commitments: list[Commitment], today: date
) -> None:
    for c in sorted(commitments, key=lambda c: c.id):
        # Only a habit can be checked: a done commitment with a way to keep it going.
        if c.rep not in reps or c.status != "done" or not c.closed_on or not c.reinforcement:
            continue
        done_on = date.fromisoformat(c.closed_on)
        for weeks in HABIT_WEEKS:
            mark = done_on + timedelta(weeks=weeks)
            if mark <= today <= mark + timedelta(days=HABIT_GRACE_DAYS):
                out.habit_checks.append(
                    _commitment_item(c, reps)
                    | {
                        "done_on": c.closed_on,
                        "reinforcement": c.reinforcement,
                        "weeks_since": weeks,
                        "check_on": mark.isoformat(),
                        "prompt": HABIT_PROMPT,
                    }
                )
    out.habit_checks.sort(key=lambda item: (item["check_on"], item["done_on"], item["id"]))


def _recognition(
    out: Reminders,
    reps: dict[str, Rep],
    commitments: list[Commitment],
    history: _SessionHistory,
    skipped: set[tuple[str, int]],
    today: date,
) -> None:
    first = (today - timedelta(days=KEPT_WINDOW_DAYS)).isoformat()
    due: dict[str, list[Commitment]] = {}
    for c in commitments:
        if c.rep not in reps or not c.due or not first <= c.due <= today.isoformat():
            continue
        if c.status == "dropped" or (c.status == "open" and c.due == today.isoformat()):
            continue
        due.setdefault(c.rep, []).append(c)
    for slug, rep in reps.items():
        mine = due.get(slug, [])
        if len(mine) >= KEPT_MIN and all(c.status == "done" for c in mine):
            out.recognition.append(
                {
                    "rep": slug,
                    "name": rep.name,
                    "kind": "kept_commitments",
                    "kept": len(mine),
                    "reason": f"kept all {len(mine)} commitments due in the last "
                    f"{KEPT_WINDOW_DAYS} days",
                }
            )
        streak = history.streak(slug, skipped)
        if streak >= STREAK_MIN:
            out.recognition.append(
                {
                    "rep": slug,
                    "name": rep.name,
                    "kind": "streak",
                    "weeks": streak,
                    "reason": f"{streak} weeks in a row with a session",
                }
            )
