"""Weekly activity metrics: conversion ratios against the team (goals: core.pacing).

Coaching on conversion ratios (conversations per call, meetings per conversation, ...) shows
where a rep struggles better than raw activity does, so everything here works on ratios over a
window of ISO weeks: the sum of the later step divided by the sum of the earlier one. Every
ratio keeps its counts, and one under the minimum sample (core.rules.enough) steers nothing.
Plain functions over `Metric` records; no terminal, no Typer.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import Metric, Rep
from coachcli.core.numbers import ratio_text
from coachcli.core.rules import MIN_SAMPLE, enough
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.ports import Records


SPARKS = "▁▂▃▄▅▆▇█"


# funnel and windows ---------------------------------------------------------------------------
def transitions(funnel: Sequence[str]) -> list[tuple[str, str]]:
    """Consecutive step pairs: calls->conversations, conversations->meetings, ..."""
    return list(itertools.pairwise(funnel))


def transition_name(a: str, b: str) -> str:
    return f"{a}->{b}"


def window(today: date, weeks: int) -> list[str]:
    """The last `weeks` ISO weeks, oldest first, ending with the week that holds `today`."""
    if weeks < 1:
        raise CoachError(f"invalid number of weeks {weeks}: use 1 or more")
    current = isoweeks.week_of(today)
    return [isoweeks.shift(current, -i) for i in range(weeks - 1, -1, -1)]


# ratios ---------------------------------------------------------------------------------------
Counts = tuple[int, int]  # (numerator, denominator): the later step and the earlier one


def counts(records: Iterable[Metric], a: str, b: str) -> Counts:
    """(sum(b), sum(a)) over the records that have both steps."""
    num = den = 0
    for m in records:
        if a in m.counts and b in m.counts:
            den += m.counts[a]
            num += m.counts[b]
    return num, den


def ratio(records: Iterable[Metric], a: str, b: str) -> float | None:
    """sum(b) / sum(a) over `records`; None when there is nothing to divide by."""
    num, den = counts(records, a, b)
    return num / den if den else None


def by_rep(records: Iterable[Metric], weeks: Iterable[str]) -> dict[str, list[Metric]]:
    wanted = set(weeks)
    out: dict[str, list[Metric]] = {}
    for m in records:
        if m.week in wanted:
            out.setdefault(m.rep, []).append(m)
    return out


def team_of(
    grouped: dict[str, list[Metric]], reps: Iterable[Rep], also: str | None = None
) -> dict[str, list[Metric]]:
    """The current team's records: active reps (and `also`, the rep being looked at)."""
    keep = {r.slug for r in reps if r.active} | ({also} if also else set())
    return {slug: records for slug, records in grouped.items() if slug in keep}


def team_counts(
    grouped: dict[str, list[Metric]], funnel: Sequence[str]
) -> dict[str, dict[str, Counts]]:
    """rep -> transition -> (numerator, denominator) over that rep's records."""
    return {
        rep: {transition_name(a, b): counts(records, a, b) for a, b in transitions(funnel)}
        for rep, records in grouped.items()
    }


def as_ratio(pair: Counts) -> float | None:
    num, den = pair
    return num / den if den else None


def team_ratios(
    grouped: dict[str, list[Metric]], funnel: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    """rep -> transition -> ratio over that rep's records (small samples included)."""
    return {
        rep: {name: as_ratio(pair) for name, pair in mine.items()}
        for rep, mine in team_counts(grouped, funnel).items()
    }


def sampled(mine: dict[str, Counts], min_sample: int = MIN_SAMPLE) -> dict[str, float | None]:
    """The ratios with enough data to compare (core.rules.enough); None for the others."""
    return {
        name: as_ratio(pair) if enough(pair[1], min_sample) else None for name, pair in mine.items()
    }


def team_medians(
    ratios: dict[str, dict[str, float | None]], funnel: Sequence[str]
) -> dict[str, float | None]:
    """The median rep's ratio per transition (reps with no data for it are left out). Given
    `sampled` ratios, reps with too small a sample are left out too."""
    out: dict[str, float | None] = {}
    for a, b in transitions(funnel):
        name = transition_name(a, b)
        values = [r[name] for r in ratios.values() if r.get(name) is not None]
        out[name] = statistics.median(values) if values else None  # type: ignore[type-var]
    return out


def sampled_medians(
    team: dict[str, dict[str, Counts]], funnel: Sequence[str], min_sample: int = MIN_SAMPLE
) -> dict[str, float | None]:
    """The team median per transition over the reps with enough data for it."""
    return team_medians({rep: sampled(mine, min_sample) for rep, mine in team.items()}, funnel)


def relative_gaps(
    mine: dict[str, Counts], medians: dict[str, float | None], min_sample: int = MIN_SAMPLE
) -> dict[str, float]:
    """(rep - median) / median per transition where the rep has enough data (core.rules.enough)
    and the median exists and is above 0: a small sample gets no verdict against the team."""
    gaps: dict[str, float] = {}
    for name, value in sampled(mine, min_sample).items():
        median = medians.get(name)
        if value is not None and median:
            gaps[name] = (value - median) / median
    return gaps


def weakest_of(
    mine: dict[str, Counts], medians: dict[str, float | None], min_sample: int = MIN_SAMPLE
) -> str | None:
    """The one place the weakest transition is chosen: the well-sampled transition furthest
    below the team median, relatively; None if at or above it everywhere. A transition under
    `min_sample` of the earlier step is never the weakest (0 of 2 is not a 0% rep)."""
    gaps = relative_gaps(mine, medians, min_sample)
    if not gaps:
        return None
    name = min(gaps, key=lambda k: (gaps[k], k))
    return name if gaps[name] < 0 else None


@dataclass(frozen=True)
class Weakest:
    """A rep's weakest well-sampled transition and the figures behind it."""

    transition: str
    numerator: int
    denominator: int
    team_median: float | None

    def describe(self) -> str:
        """`calls->conversations 8.0% (24 of 300; team 20.0%)`."""
        figures = ratio_text(self.numerator, self.denominator, team=self.team_median)
        return f"{self.transition} {figures}"


def weakest_samples(
    repo: Records,
    slugs: Iterable[str],
    today: date,
    weeks: int = 8,
    *,
    funnel: Sequence[str],
    min_sample: int = MIN_SAMPLE,
) -> dict[str, Weakest]:
    """Each rep's well-sampled funnel transition furthest below the team median (relatively)
    over the last `weeks` weeks, with its counts. Reps without metrics, or at or above the
    team on every well-sampled transition, are left out. Metrics are read once for all the
    reps asked about; `funnel` and `min_sample` are the config's.
    """
    span = window(today, weeks)
    recent = repo.metrics.where(lambda d: d.get("week", "") >= span[0], {"week": (">=", span[0])})
    grouped = by_rep(recent, span)
    reps = repo.reps.all()
    out: dict[str, Weakest] = {}
    for slug in slugs:
        team = team_counts(team_of(grouped, reps, slug), funnel)
        if slug not in team:
            continue
        medians = sampled_medians(team, funnel, min_sample)
        found = weakest_of(team[slug], medians, min_sample)
        if found:
            num, den = team[slug][found]
            out[slug] = Weakest(found, num, den, medians.get(found))
    return out


def weakest_transitions(
    repo: Records,
    slugs: Iterable[str],
    today: date,
    weeks: int = 8,
    *,
    funnel: Sequence[str],
    min_sample: int = MIN_SAMPLE,
) -> dict[str, str]:
    """Each rep's weakest well-sampled transition, like "conversations->meetings"
    (`weakest_samples` without the figures). The planner and the session header use it to
    suggest a focus."""
    found = weakest_samples(repo, slugs, today, weeks, funnel=funnel, min_sample=min_sample)
    return {slug: w.transition for slug, w in found.items()}


def sparkline(values: Sequence[float | None]) -> str:
    """▁▂▃▅▇ scaled between the smallest and largest value; a gap (·) where there is none."""
    present = [v for v in values if v is not None]
    if not present:
        return "·" * len(values)
    low, high = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append("·")
        elif high == low:
            out.append(SPARKS[len(SPARKS) // 2])
        else:
            out.append(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(out)


def weekly_ratios(
    records: Iterable[Metric], weeks: Sequence[str], a: str, b: str
) -> list[float | None]:
    per_week = {m.week: m for m in records}
    return [ratio([per_week[w]], a, b) if w in per_week else None for w in weeks]


def merge(existing: Metric | None, new: Metric) -> Metric:
    """Re-importing a rep+week updates it: the new counts win, steps not in the file are kept."""
    if existing is None:
        return new
    return Metric(rep=new.rep, week=new.week, counts={**existing.counts, **new.counts})


# the `metrics show` report ---------------------------------------------------------------------


def _per_transition(
    mine: list[Metric],
    span: list[str],
    funnel: Sequence[str],
    my_counts: dict[str, Counts],
    medians: dict[str, float | None],
    min_sample: int,
) -> dict[str, dict[str, Any]]:
    """Per transition: the ratio with its counts (`numerator` of `denominator`), whether that
    is `enough` to compare, the team median, the gap to it (None without enough data) and the
    weekly trend."""
    gaps = relative_gaps(my_counts, medians, min_sample)
    out = {}
    for a, b in transitions(funnel):
        name = transition_name(a, b)
        num, den = my_counts.get(name, (0, 0))
        trend = weekly_ratios(mine, span, a, b)
        out[name] = {
            "ratio": num / den if den else None,
            "numerator": num,
            "denominator": den,
            "enough": enough(den, min_sample),
            "team_median": medians[name],
            "vs_team": gaps.get(name),
            "trend": list(trend),
            "sparkline": sparkline(trend),
        }
    return out


def show_report(
    *,
    reps: Sequence[Rep],
    records: Iterable[Metric],
    goals_for: Any,
    funnel: Sequence[str],
    today: date,
    weeks: int,
    only: str | None = None,
    banks_for: Any = None,
    min_sample: int = MIN_SAMPLE,
) -> dict[str, Any]:
    """Ratios per rep over the window against the team median, trend, weakest transition with
    the banks that address it, and pacing. `goals_for(slug)` gives a rep's pacing list;
    `banks_for(transition)` the bank ids for a transition. Ratios are exact fractions (0.25):
    round them once, where they are shown (core.numbers). Below `min_sample` of the earlier
    step a ratio is shown with `"enough": false` and steers nothing (core.rules.enough)."""
    span = window(today, weeks)
    grouped = team_of(by_rep(records, span), reps, only)
    team = team_counts(grouped, funnel)
    medians = sampled_medians(team, funnel, min_sample)
    names = {r.slug: r for r in reps}
    shown = [only] if only else sorted(s for s in grouped if s in names)
    out_reps = []
    for slug in shown:
        mine = grouped.get(slug, [])
        my_counts = team.get(slug, {})
        weakest = weakest_of(my_counts, medians, min_sample)
        per_transition = _per_transition(mine, span, funnel, my_counts, medians, min_sample)
        totals = {step: sum(m.counts.get(step, 0) for m in mine) for step in funnel}
        rep = names.get(slug)
        out_reps.append(
            {
                "rep": slug,
                "name": rep.name if rep else slug,
                "weeks_with_data": len(mine),
                "totals": totals,
                "ratios": per_transition,
                "weakest": weakest,
                "suggested_banks": (banks_for(weakest) if banks_for and weakest else []),
                "pacing": [p.to_json() for p in goals_for(slug)],
            }
        )
    return {
        "from_week": span[0],
        "to_week": span[-1],
        "weeks": weeks,
        "week_list": span,
        "funnel": list(funnel),
        "min_sample": min_sample,
        "team_median": dict(medians),
        "reps": out_reps,
    }
