"""Coaching quality and consistency over a window of weeks, for one store or many.

Pure functions over the stored documents of one store (plain dicts: the session *index*, never
session bodies; commitments; plans; reps; metrics). A rollup reads many managers' stores, so
the work is split in two: `gather` turns one store into a `Tally` of sums and counts (the store
can then be dropped), and `report` (core.stats_report) turns a tally, or the sum of several,
into the figures.
Building no records per document keeps 60,000 sessions well inside a second.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from coachcli.core import weeks as isoweeks
from coachcli.core.escalation import change
from coachcli.core.models import REVIEW_STATUSES, TIERS
from coachcli.core.rules import EARLY_PIPELINE, MIN_SAMPLE, enough
from coachcli.core.stats_tables import StatsTables as StatsTables

Doc = Mapping[str, Any]

ROLES = ("lead", "passive participant", "silent observer")
COMMIT_OUTCOMES = REVIEW_STATUSES  # every status, done first: the order they are shown in
N_WEEKS = 4  # before and after coaching on a transition

# The `focus` of the shipped banks, used when the bank files cannot be loaded.
SHIPPED_FOCUS: dict[str, list[str]] = {
    "activity-conversion": ["calls->conversations", "conversations->meetings"],
    "call-planning": ["conversations->meetings", "meetings->opportunities"],
    "call-review": ["calls->conversations", "meetings->opportunities"],
    "company-purpose": ["calls->conversations", "meetings->opportunities"],
    "competitive-positioning": ["opportunities->proposals", "proposals->won"],
    "deal-review": ["opportunities->proposals", "proposals->won"],
    "deal-strategy": ["opportunities->proposals", "proposals->won"],
    "discovery": ["conversations->meetings", "meetings->opportunities"],
    "early-pipeline": ["conversations->meetings", "meetings->opportunities"],
    "forecast-review": ["opportunities->proposals", "proposals->won"],
    "joint-call-briefing": ["meetings->opportunities", "opportunities->proposals"],
    "multi-threading": ["opportunities->proposals", "proposals->won"],
    "negotiation": ["proposals->won"],
    "new-rep-ramp": ["calls->conversations", "conversations->meetings"],
    "objection-handling": ["calls->conversations", "conversations->meetings", "proposals->won"],
    "pipeline-review": ["meetings->opportunities", "opportunities->proposals"],
    "prospecting-channels": ["calls->conversations", "conversations->meetings"],
    "skill-practice": ["calls->conversations", "meetings->opportunities"],
    "slump-diagnosis": ["conversations->meetings", "proposals->won"],
    "stage-conversion": ["meetings->opportunities", "opportunities->proposals", "proposals->won"],
    "territory-planning": ["calls->conversations"],
    "win-loss-review": ["proposals->won"],
}


def gather_tables(
    tables: Mapping[str, Any],
    window: Window,
    focus: Mapping[str, list[str]],
    min_sample: int = MIN_SAMPLE,
) -> Tally:
    """`gather` over the tables of one store as `Store.read_tables(StatsTables)` gives them."""

    def docs(name: str) -> Iterable[Doc]:
        return (tables.get(name) or {}).values()

    return gather(
        reps=docs("reps"),
        sessions=docs("sessions"),
        commitments=docs("commitments"),
        plans=docs("plans"),
        metrics=docs("metrics"),
        window=window,
        focus=focus,
        calls=docs("calls"),
        min_sample=min_sample,
    )


@dataclass
class Window:
    """The last `weeks` ISO weeks up to and including `today`."""

    today: date
    weeks: int

    @property
    def week_list(self) -> list[str]:
        current = isoweeks.week_of(self.today)
        return [isoweeks.shift(current, -i) for i in range(self.weeks - 1, -1, -1)]

    @property
    def start(self) -> date:
        return isoweeks.monday(self.week_list[0])


@dataclass
class RepTally:
    name: str
    tier: str
    active: bool
    dates: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """Sums and counts of one store (or of several, added up) over one window."""

    planned: int = 0  # planned slots due by today, not skipped
    held_as_planned: int = 0
    skipped: int = 0
    sessions: int = 0
    minutes: Counter[str] = field(default_factory=Counter)
    asked: int = 0
    told: int = 0
    commitments: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    early_pipeline: int = 0
    gap_days: int = 0  # sum over reps of (last session - first session) in days
    gaps: int = 0  # sum over reps of (sessions - 1)
    gap_list: list[int] = field(default_factory=list)  # every gap between two sessions, in days
    observed: int = 0  # observations offered after the rep spoke (apart from tells)
    ratings: list[tuple[str, str, float, str]] = field(default_factory=list)  # date,id,1..5,rep
    skill_changes: list[int] = field(default_factory=list)  # per (rep, focus skill)
    reps: dict[str, RepTally] = field(default_factory=dict)
    transitions: list[dict[str, Any]] = field(default_factory=list)
    measured_roles: Counter[str] = field(default_factory=Counter)  # measured joint calls
    coaching_calls: int = 0  # measured coaching calls (the 1:1 itself)
    coaching_share: float = 0.0  # sum of the manager's talk share over them

    def add(self, other: Tally) -> None:
        """Add another store's sums (per-rep detail stays with its store)."""
        self.measured_roles.update(other.measured_roles)
        self.coaching_calls += other.coaching_calls
        self.coaching_share += other.coaching_share
        self.planned += other.planned
        self.held_as_planned += other.held_as_planned
        self.skipped += other.skipped
        self.sessions += other.sessions
        self.minutes.update(other.minutes)
        self.asked += other.asked
        self.told += other.told
        self.commitments.update(other.commitments)
        self.roles.update(other.roles)
        self.early_pipeline += other.early_pipeline
        self.gap_days += other.gap_days
        self.gaps += other.gaps
        self.gap_list.extend(other.gap_list)
        self.observed += other.observed
        self.ratings.extend(other.ratings)
        self.skill_changes.extend(other.skill_changes)
        self.transitions.extend(other.transitions)


def gather(
    *,
    reps: Iterable[Doc],
    sessions: Iterable[Doc],
    commitments: Iterable[Doc],
    plans: Iterable[Doc],
    metrics: Iterable[Doc],
    window: Window,
    focus: Mapping[str, list[str]],
    calls: Iterable[Doc] = (),
    min_sample: int = MIN_SAMPLE,
) -> Tally:
    """One store's tally. `focus` maps bank id -> the funnel transitions it works on; a
    before/after under `min_sample` on either side gets no better/worse verdict."""
    first, last = window.start.isoformat(), window.today.isoformat()
    weeks = set(window.week_list)
    tally = Tally()
    _gather_calls(tally, calls, first, last)
    for r in reps:
        tally.reps[r["slug"]] = RepTally(
            r.get("name", r["slug"]), r.get("tier") or "core", r.get("active", True)
        )

    plans = list(plans)
    planned = {f"{p['week']}:{p.get('rep')}": p["transition"] for p in plans if p.get("transition")}
    coached, held_slots = _gather_sessions(tally, sessions, first, last, focus, planned)
    _gather_plans(tally, plans, weeks, last, held_slots)
    for rep in tally.reps.values():
        if len(rep.dates) > 1:
            rep.dates.sort()
            tally.gap_days += _days(rep.dates[0], rep.dates[-1])
            tally.gaps += len(rep.dates) - 1
            tally.gap_list.extend(gaps_of(rep.dates))
    for c in commitments:
        status = c.get("status", "open")
        moved = redated_after_due(c.get("history")) if status != "dropped" else None
        if moved is not None:  # counted at the date it had when it passed: due, not kept
            if first <= moved < last:
                tally.commitments["redated"] += 1
                tally.commitments["due"] += 1
            continue
        outcome = follow_through_outcome(c.get("due"), status, first, last)
        if outcome is not None:
            tally.commitments[outcome] += 1
            tally.commitments["due"] += outcome != "dropped"
    if coached:
        tally.transitions = _before_after(coached, metrics, tally.reps, window, min_sample)
    return tally


def _gather_sessions(
    tally: Tally,
    sessions: Iterable[Doc],
    first: str,
    last: str,
    focus: Mapping[str, list[str]],
    planned: Mapping[str, str],
) -> tuple[dict[tuple[str, str], tuple[str, str]], set[str]]:
    """Sessions in the window into `tally`; returns the first session per (rep, transition)
    (the coaching to measure) and the plan slots that sessions name.

    A session coaches the transition its plan entry was chosen for (`planned`: slot key ->
    transition), not every transition its bank is tagged with; a session planned for no
    transition (the rep's own focus, a check-in) or held unplanned coaches its banks' `focus`."""
    coached: dict[tuple[str, str], tuple[str, str]] = {}
    held_slots: set[str] = set()
    for s in sessions:
        if s.get("plan"):
            held_slots.add(s["plan"])
        day = s["date"]
        if not first <= day <= last:
            continue
        slug = s["rep"]
        rep = tally.reps.get(slug)
        if rep is None:
            rep = tally.reps[slug] = RepTally(slug, "core", False)
        rep.dates.append(day)
        tally.sessions += 1
        tally.minutes[rep.tier if rep.tier in TIERS else "core"] += s.get("minutes") or 0
        tally.asked += s.get("asked") or 0
        tally.told += s.get("told") or 0
        tally.observed += s.get("observed") or 0
        if isinstance(useful := s.get("useful"), int | float) and not isinstance(useful, bool):
            tally.ratings.append((day, str(s.get("id", "")), float(useful), slug))
        tally.roles.update(s.get("roles") or ())
        banks = s.get("banks") or ()
        if EARLY_PIPELINE in banks:
            tally.early_pipeline += 1
        slot = s.get("plan") or ""
        for bank in banks[:1] if slot in planned else banks:
            for transition in [planned[slot]] if slot in planned else focus.get(bank, ()):
                key = (slug, transition)
                if key not in coached or (day, bank) < coached[key]:
                    coached[key] = (day, bank)
    return coached, held_slots


def _gather_plans(
    tally: Tally, plans: Iterable[Doc], weeks: set[str], last: str, held_slots: set[str]
) -> None:
    """A slot is held when it names its session or a session names it (either suffices)."""
    for p in plans:
        if p["week"] not in weeks or p["start"][:10] > last:
            continue
        held = bool(p.get("session")) or f"{p['week']}:{p.get('rep')}" in held_slots
        if p.get("skipped") and not held:
            tally.skipped += 1
            continue
        tally.planned += 1
        tally.held_as_planned += held


def follow_through_outcome(due: str | None, status: str, first: str, today: str) -> str | None:
    """How one commitment counts in follow-through over the window [first, today].

    Follow-through = done ÷ due, where *due* means a due date in the window and before today
    (a commitment due today can still be kept today, so it does not count yet), and not
    dropped (a dropped commitment stops counting as due; it is reported on its own). Returns
    the status to count it under, or None when it is not counted at all.
    """
    if not due or not first <= due < today:
        return None
    return status


def redated_after_due(history: Iterable[Doc] | None) -> str | None:
    """The due date a commitment had when it was moved (`commit edit --due`, a review's new
    date) after that date had passed; None when it never was. Follow-through counts such a
    commitment at that date, due and not kept, and shows it apart ("re-dated after due"), so
    moving a date cannot improve the figure."""
    for step in history or ():
        moved = (step.get("edited") or {}).get("due")
        if moved and moved[0] and str(step.get("at", ""))[:10] > str(moved[0]):
            return str(moved[0])
    return None


def gaps_of(dates: list[str]) -> list[int]:
    """Days between consecutive sessions (dates sorted)."""
    return [_days(a, b) for a, b in itertools.pairwise(dates)]


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def _before_after(
    coached: dict[tuple[str, str], tuple[str, str]],
    metrics: Iterable[Doc],
    reps: dict[str, RepTally],
    window: Window,
    min_sample: int = MIN_SAMPLE,
) -> list[dict[str, Any]]:
    """Each coached transition's ratio in the 4 weeks before the first session's week and in the
    4 weeks after it (the session's own week, half before and half after, is in neither), with
    the counts of each side. `change` (the verdict `stats` counts as better or worse) is None
    unless both sides are `enough` (core.rules.enough): 0 of 2 -> 2 of 2 is not +100%."""
    wanted = {slug for slug, _ in coached}
    counts: dict[str, dict[str, Mapping[str, int]]] = {}
    for m in metrics:
        if m["rep"] in wanted:
            counts.setdefault(m["rep"], {})[m["week"]] = m.get("counts") or {}
    current = isoweeks.week_of(window.today)
    spans: dict[str, tuple[list[str], list[str]]] = {}
    out = []
    for (slug, transition), (day, bank) in sorted(coached.items()):
        a, _, b = transition.partition("->")
        week = isoweeks.week_of(date.fromisoformat(day))
        if week not in spans:
            monday = isoweeks.monday(week)
            before = [isoweeks.week_of(monday - timedelta(weeks=i)) for i in range(N_WEEKS, 0, -1)]
            after = [isoweeks.week_of(monday + timedelta(weeks=i)) for i in range(1, N_WEEKS + 1)]
            spans[week] = (before, [w for w in after if w <= current])
        before, after = spans[week]
        mine = counts.get(slug, {})
        num_before, den_before = _counts(mine, before, a, b)
        num_after, den_after = _counts(mine, after, a, b)
        ratio_before = num_before / den_before if den_before else None
        ratio_after = num_after / den_after if den_after else None
        # no better/worse verdict (change) unless both sides have enough data
        sampled = enough(den_before, min_sample) and enough(den_after, min_sample)
        out.append(
            {
                "rep": slug,
                "name": reps[slug].name if slug in reps else slug,
                "transition": transition,
                "bank": bank,
                "first_session": day,
                "before": ratio_before,
                "after": ratio_after,
                "change": num_after / den_after - num_before / den_before if sampled else None,
                "before_numerator": num_before,
                "before_denominator": den_before,
                "after_numerator": num_after,
                "after_denominator": den_after,
                "enough": sampled,
                # beyond noise (core.escalation.change): +1 rose, -1 fell, 0 flat, None unknown
                "moved": change((num_before, den_before), (num_after, den_after), min_sample),
            }
        )
    return out


def _counts(
    by_week: Mapping[str, Mapping[str, int]], weeks: list[str], a: str, b: str
) -> tuple[int, int]:
    """(numerator, denominator) of a -> b over `weeks`."""
    num = den = 0
    for w in weeks:
        counts = by_week.get(w)
        if counts and a in counts and b in counts:
            den += counts[a]
            num += counts[b]
    return num, den


def _gather_calls(tally: Tally, calls: Iterable[Doc], first: str, last: str) -> None:
    """Measured calls in the window (`coach call add`): joint-call roles from the talk, and
    the manager's talk share in coaching calls."""
    for call in calls:
        if not first <= (call.get("date") or "") <= last:
            continue
        if call.get("kind") == "joint" and call.get("manager_role"):
            tally.measured_roles[call["manager_role"]] += 1
        elif call.get("kind") == "coaching":
            tally.coaching_calls += 1
            tally.coaching_share += float(call.get("manager_share") or 0.0)


def window_for(today: date, weeks: int) -> Window:
    from coachcli.errors import CoachError

    if weeks < 1:
        raise CoachError(f"invalid number of weeks {weeks}: use 1 or more")
    return Window(today, weeks)
