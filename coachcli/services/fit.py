"""What the planner's choice of bank reads from the store and the home (core.fit).

One read per planning run for all the reps asked about: the banks (from the banks cache when
it is fresh), the rep's measured calls, tenure and tier (for `applies:`), when each bank was
last used with them, their weakest well-sampled transition with their gaps to the team, and
the plan entries of their held sessions (for a stall, core.escalation).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from coachcli.core import weeks as isoweeks
from coachcli.core.bank_values import RepFacts
from coachcli.core.escalation import ESCALATE_AFTER, PastSlot, find_stall
from coachcli.core.fit import FitData, WeakStep
from coachcli.core.plan_history import banks_used
from coachcli.core.rules import MIN_SAMPLE
from coachcli.services.banks import load_banks
from coachcli.services.config import config_values

if TYPE_CHECKING:
    from coachcli.core.models import Rep
    from coachcli.store.repository import Repository

MEASURED = ("customer", "joint")  # calls with a buyer: what `recording_days` counts
WINDOW_WEEKS = 8  # the weakest transition's window (core.metrics.weakest_samples)


def fit_data(
    repo: Repository, slugs: list[str], today: date, week: str, *, write_cache: bool = False
) -> dict[str, FitData]:
    """Each rep's FitData for choosing the bank of their session in `week`; `write_cache`
    refreshes the banks cache (the caller is saving the plan anyway)."""
    if not slugs:
        return {}
    values = config_values(repo.home)
    funnel = list(values["funnel"])
    min_sample = int(values.get("min_sample") or MIN_SAMPLE)
    escalate_after = int(values.get("escalate_after") or ESCALATE_AFTER)
    banks = load_banks(repo.home, write_cache=write_cache)
    reps = {r.slug: r for r in repo.reps.all() if r.slug in slugs}
    weak = _weak_steps(repo, list(reps), today, funnel, min_sample)
    used = banks_used(repo, list(reps), today)
    calls = _calls(repo, set(reps), today)
    last = _last_sessions(repo, set(reps), today)
    held = _held(repo, set(reps), week)
    counts = _weekly_counts(repo, {slug for slug in reps if slug in weak})
    out: dict[str, FitData] = {}
    for slug, rep in reps.items():
        step = weak.get(slug)
        stall = None
        if step is not None:
            stall = find_stall(
                held.get(slug, []),
                counts.get(slug, {}),
                step.transition,
                week,
                escalate_after=escalate_after,
                min_sample=min_sample,
            )
        out[slug] = FitData(
            banks=banks,
            facts=_facts(rep, calls.get(slug, []), today),
            today=today,
            used=used.get(slug, {}),
            weak=step,
            stall=stall,
            joint_call=_joint_since(calls.get(slug, []), last.get(slug), today),
        )
    return out


def _weak_steps(
    repo: Repository, slugs: list[str], today: date, funnel: list[str], min_sample: int
) -> dict[str, WeakStep]:
    """Each rep's weakest well-sampled transition (core.metrics.weakest_of, the one rule),
    its counts, and the rep's gaps to the team median on every well-sampled transition."""
    if not slugs or not len(repo.metrics):
        return {}
    from coachcli.core import metrics

    span = metrics.window(today, WINDOW_WEEKS)
    recent = repo.metrics.where(lambda d: d.get("week", "") >= span[0], {"week": (">=", span[0])})
    grouped = metrics.by_rep(recent, span)
    reps = repo.reps.all()
    out: dict[str, WeakStep] = {}
    for slug in slugs:
        team = metrics.team_counts(metrics.team_of(grouped, reps, slug), funnel)
        if slug not in team:
            continue
        medians = metrics.sampled_medians(team, funnel, min_sample)
        found = metrics.weakest_of(team[slug], medians, min_sample)
        if found:
            gaps = metrics.relative_gaps(team[slug], medians, min_sample)
            num, den = team[slug][found]
            out[slug] = WeakStep(found, num, den, medians.get(found), gaps)
    return out


def _facts(rep: Rep, calls: list[tuple[str, str]], today: date) -> RepFacts:
    """The rep's facts for `applies:`; `overdue` is the planner's (core.fit fills it in)."""
    recorded = [day for day, _ in calls]
    tenure = None
    if rep.created:
        try:
            days = (today - date.fromisoformat(rep.created[:10])).days
        except ValueError:
            days = -1
        tenure = days // 7 if days >= 0 else None  # added after `today`: tenure unknown
    this_week = isoweeks.monday(isoweeks.week_of(today))
    since = (this_week - timedelta(weeks=1)).isoformat()
    return RepFacts(
        tier=rep.tier,
        recorded_days_ago=(today - date.fromisoformat(max(recorded))).days if recorded else None,
        joint_call=any(kind == "joint" and day >= since for day, kind in calls),
        tenure_weeks=tenure,
    )


def _calls(repo: Repository, slugs: set[str], today: date) -> dict[str, list[tuple[str, str]]]:
    """Each rep's measured calls with a buyer up to `today`: (date, kind)."""
    out: dict[str, list[tuple[str, str]]] = {}
    day = today.isoformat()
    for rep, held, kind in repo.calls.fields(("rep", "date", "kind")):
        if rep in slugs and isinstance(held, str) and held <= day and kind in MEASURED:
            out.setdefault(rep, []).append((held, kind))
    return out


def _joint_since(calls: list[tuple[str, str]], last: str | None, today: date) -> str | None:
    """The latest joint call measured after the rep's last session (within two weeks)."""
    floor = max(last or "", (today - timedelta(days=14)).isoformat())
    joint = [day for day, kind in calls if kind == "joint" and day > floor]
    return max(joint) if joint else None


def _last_sessions(repo: Repository, slugs: set[str], today: date) -> dict[str, str]:
    out: dict[str, str] = {}
    day = today.isoformat()
    for rep, held in repo.sessions.fields(("rep", "date")):
        if rep in slugs and isinstance(held, str) and held <= day:
            out[rep] = max(out.get(rep, ""), held)
    return out


def _held(repo: Repository, slugs: set[str], week: str) -> dict[str, list[PastSlot]]:
    """Each rep's held sessions' plan entries before `week`, oldest first."""
    out: dict[str, list[PastSlot]] = {}
    for slot in repo.plans.where(lambda d: d.get("rep") in slugs and d.get("week", "") < week):
        if slot.session:
            past = PastSlot(slot.week, slot.transition, slot.method, slot.focus)
            out.setdefault(slot.rep, []).append(past)
    for items in out.values():
        items.sort(key=lambda s: s.week)
    return out


def _weekly_counts(repo: Repository, slugs: set[str]) -> dict[str, dict[str, dict[str, int]]]:
    """rep -> week -> funnel step -> count, for the reps whose stall is looked for."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    if slugs:
        for m in repo.metrics.where(lambda d: d.get("rep") in slugs):
            out.setdefault(m.rep, {})[m.week] = dict(m.counts)
    return out
