"""Weekly activity metrics: CSV import, conversion ratios against the team, goals and pacing.

Coaching on conversion ratios (conversations per call, meetings per conversation, ...) shows
where a rep struggles better than raw activity does, so everything here works on ratios over a
window of ISO weeks: the sum of the later step divided by the sum of the earlier one. Plain
functions over `Metric` and `Goal` records; no terminal, no Typer.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import Goal, Metric, Rep
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.inputs.config import Config
    from coachcli.store.repository import Repository

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ON_PACE_BAND = 0.10  # within ±10% of the pro-rated goal is "on pace"
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


def funnel_of(repo: Repository) -> list[str]:
    from coachcli.services.config import config_values

    return list(config_values(repo.home)["funnel"])


# ratios ---------------------------------------------------------------------------------------
def ratio(records: Iterable[Metric], a: str, b: str) -> float | None:
    """sum(b) / sum(a) over `records`; None when there is nothing to divide by."""
    num = den = 0
    for m in records:
        if a in m.counts and b in m.counts:
            den += m.counts[a]
            num += m.counts[b]
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


def team_ratios(
    grouped: dict[str, list[Metric]], funnel: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    """rep -> transition -> ratio over that rep's records."""
    return {
        rep: {transition_name(a, b): ratio(records, a, b) for a, b in transitions(funnel)}
        for rep, records in grouped.items()
    }


def team_medians(
    ratios: dict[str, dict[str, float | None]], funnel: Sequence[str]
) -> dict[str, float | None]:
    """The median rep's ratio per transition (reps with no data for it are left out)."""
    out: dict[str, float | None] = {}
    for a, b in transitions(funnel):
        name = transition_name(a, b)
        values = [r[name] for r in ratios.values() if r.get(name) is not None]
        out[name] = statistics.median(values) if values else None  # type: ignore[type-var]
    return out


def relative_gaps(
    mine: dict[str, float | None], medians: dict[str, float | None]
) -> dict[str, float]:
    """(rep - median) / median per transition where both exist and the median is above 0."""
    gaps: dict[str, float] = {}
    for name, median in medians.items():
        value = mine.get(name)
        if value is not None and median:
            gaps[name] = (value - median) / median
    return gaps


def weakest_of(gaps: dict[str, float]) -> str | None:
    """The transition furthest below the team, relatively; None if at or above it everywhere."""
    if not gaps:
        return None
    name = min(gaps, key=lambda k: (gaps[k], k))
    return name if gaps[name] < 0 else None


def weakest_transitions(
    repo: Repository, slugs: Iterable[str], today: date, weeks: int = 8
) -> dict[str, str]:
    """Each rep's funnel transition furthest below the team median (relatively) over the last
    `weeks` weeks, like "conversations->meetings". Reps without metrics, or at or above the
    team on every transition, are left out. The planner and the session header use it to
    suggest a focus; metrics and config are read once for all the reps asked about.
    """
    funnel = funnel_of(repo)
    grouped = by_rep(repo.metrics.all(), window(today, weeks))
    reps = repo.reps.all()
    out: dict[str, str] = {}
    for slug in slugs:
        team = team_of(grouped, reps, slug)
        if slug not in team:
            continue
        ratios = team_ratios(team, funnel)
        found = weakest_of(relative_gaps(ratios[slug], team_medians(ratios, funnel)))
        if found:
            out[slug] = found
    return out


def weakest_transition(repo: Repository, rep_slug: str, today: date, weeks: int = 8) -> str | None:
    """One rep's weakest transition (see `weakest_transitions`)."""
    return weakest_transitions(repo, [rep_slug], today, weeks).get(rep_slug)


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


# goals and pacing ------------------------------------------------------------------------------
@dataclass
class Pace:
    """How a rep stands against one weekly goal: last week's result, and this week so far.

    Weekly totals usually arrive after the week, so on a Monday this week has no counts: the
    pace within the week is judged only when this week's counts are already in the store
    (`has_data`); otherwise `status` is "no data" and last week's result is what counts.
    """

    metric: str
    goal: float  # per week
    actual: int | None  # so far this week; None when this week has no counts yet
    expected: float  # the goal pro-rated to the working days elapsed
    days_elapsed: int
    days_total: int
    status: str  # ahead / on pace / behind / no data
    last_week: str = ""
    last_actual: int | None = None  # last week's total; None when there is none

    @property
    def last_result(self) -> str | None:
        if self.last_actual is None:
            return None
        return "met" if self.last_actual >= self.goal else "missed"

    def describe(self) -> str:
        """`last week 11/12, missed; this week 5 of 6 expected, on pace` or `no data`."""
        parts = []
        if self.last_actual is not None:
            parts.append(f"last week {self.last_actual}/{self.goal:g}, {self.last_result}")
        if self.actual is not None:
            expected = f"{round(self.expected, 1):g}"
            parts.append(f"this week {self.actual} of {expected} expected, {self.status}")
        return "; ".join(parts) or "no data"

    def to_json(self) -> dict[str, Any]:
        last = None
        if self.last_actual is not None:
            last = {"week": self.last_week, "actual": self.last_actual, "result": self.last_result}
        return {
            "metric": self.metric,
            "goal": self.goal,
            "actual": self.actual,
            "expected": self.expected,
            "days_elapsed": self.days_elapsed,
            "days_total": self.days_total,
            "status": self.status,
            "last_week": last,
            "summary": self.describe(),
        }


def working_days_elapsed(today: date, working_days: Sequence[str]) -> tuple[int, int]:
    """(working days of today's ISO week up to and including today, working days in the week)."""
    start = today - timedelta(days=today.weekday())
    days = [start + timedelta(days=i) for i in range(7)]
    work = [d for d in days if WEEKDAYS[d.weekday()] in working_days]
    return sum(1 for d in work if d <= today), len(work)


def pacing(
    metric: str, goal: float, actual: int | None, today: date, working_days: Sequence[str]
) -> Pace:
    """Actual so far against the weekly goal pro-rated to the working days elapsed.

    Within ±10% of that share is on pace; above it ahead, below it behind. Before the first
    working day of the week nothing is expected yet, so any activity is ahead. With no counts
    for this week (`actual` None) the status is "no data", never "behind".
    """
    elapsed, total = working_days_elapsed(today, working_days)
    expected = goal * elapsed / total if total else goal
    if actual is None:
        status = "no data"
    elif expected <= 0:
        status = "ahead" if actual > 0 else "on pace"
    elif actual > expected * (1 + ON_PACE_BAND):
        status = "ahead"
    elif actual < expected * (1 - ON_PACE_BAND):
        status = "behind"
    else:
        status = "on pace"
    return Pace(metric, goal, actual, expected, elapsed, total, status)


def pacing_for(repo: Repository, config: Config, rep_slug: str, today: date) -> list[Pace]:
    """Pacing of every weekly goal of one rep, in funnel order (for `metrics show` and the
    session header): last week's total against the goal, and this week's pace when this
    week's counts are in."""
    goals = [g for g in repo.goals.all() if g.rep == rep_slug]
    if not goals:
        return []
    week = isoweeks.week_of(today)
    last_week = isoweeks.shift(week, -1)
    record = repo.metrics.get(f"{rep_slug}:{week}")
    before = repo.metrics.get(f"{rep_slug}:{last_week}")
    order = {step: i for i, step in enumerate(config.funnel)}
    goals.sort(key=lambda g: (order.get(g.metric, len(order)), g.metric))
    out = []
    for g in goals:
        now = record.counts.get(g.metric) if record else None
        pace = pacing(
            g.metric, g.per_week, None if now is None else int(now), today, config.working_days
        )
        last = before.counts.get(g.metric) if before else None
        pace.last_week = last_week
        pace.last_actual = None if last is None else int(last)
        out.append(pace)
    return out


def new_goal(rep: Rep, metric: str, value: str, funnel: Sequence[str]) -> Goal:
    """A weekly goal from what the manager typed; unknown step or bad number is an error."""
    step = metric.strip().lower()
    if step not in funnel:
        raise CoachError(f"unknown metric {metric!r}: use one of {', '.join(funnel)}")
    try:
        number = float(value.strip())
    except ValueError:
        raise CoachError(f"invalid goal {value!r}: use a number per week, like 40") from None
    if not number >= 0 or number == float("inf"):
        raise CoachError(f"invalid goal {value!r}: use a number of 0 or more")
    return Goal(rep=rep.slug, metric=step, per_week=int(number) if number.is_integer() else number)


# CSV import ------------------------------------------------------------------------------------
class MetricProblems(CoachError):
    """Every bad cell of a metrics CSV, each as `file:line: column: problem`."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(
            f"{path}: {len(problems)} problem{'' if len(problems) == 1 else 's'}; "
            "nothing was imported",
            hint="fix the lines above and import again",
        )
        self.problems = problems


def read_metrics_csv(path: Path, reps: Sequence[Rep], funnel: Sequence[str]) -> list[Metric]:
    """All rows of a metrics CSV as records, or MetricProblems naming every bad line and column.

    Columns: `rep` (name, slug or prefix), `week` (2026-W48) or `date` (any day of the week),
    then any of the funnel steps. An empty cell leaves that count out of the row.
    """
    import csv
    import io

    from coachcli.core.roster import resolve
    from coachcli.inputs.yamlio import read_text

    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    problems: list[str] = []
    try:
        header = next(reader)
    except StopIteration:
        raise CoachError(
            f"{path}: the file is empty", hint="the first line names the columns"
        ) from None
    except csv.Error as exc:
        raise MetricProblems(path, [f"{path}:1: {exc}"]) from None
    columns = [h.lstrip("\ufeff").strip().lower() for h in header]
    known = {"rep", "week", "date", *funnel}
    for name in columns:
        if name not in known:
            problems.append(
                f"{path}:1: column {name!r}: unknown column "
                f"(use rep, week or date, {', '.join(funnel)})"
            )
    if len(set(columns)) != len(columns):
        problems.append(f"{path}:1: a column appears twice")
    if "rep" not in columns:
        problems.append(f"{path}:1: column 'rep': missing")
    if "week" not in columns and "date" not in columns:
        problems.append(f"{path}:1: column 'week': missing (or give a 'date' column)")
    if problems:
        raise MetricProblems(path, problems)

    out: dict[tuple[str, str], Metric] = {}
    first_line: dict[tuple[str, str], int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{path}:{reader.line_num}: {exc}")
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            problems.append(f"{path}:{line}: the row has more cells than the header")
            continue
        row = dict(zip(columns, (c.strip() for c in cells), strict=False))
        slug = _row_rep(row, reps, path, line, problems, resolve)
        week = _row_week(row, path, line, problems)
        counts: dict[str, int] = {}
        for step in funnel:
            value = row.get(step, "")
            if value == "":
                continue
            try:
                number = int(value)
            except ValueError:
                problems.append(f"{path}:{line}: column {step!r}: {value!r} is not a whole number")
                continue
            if number < 0:
                problems.append(f"{path}:{line}: column {step!r}: {number} is negative")
                continue
            counts[step] = number
        if slug and week:
            key = (slug, week)
            if key in first_line:
                problems.append(
                    f"{path}:{line}: column 'rep': {slug} {week} "
                    f"already appears on line {first_line[key]}"
                )
                continue
            first_line[key] = line
            out[key] = Metric(rep=slug, week=week, counts=counts)
    if problems:
        raise MetricProblems(path, problems)
    if not out:
        raise CoachError(
            f"{path}: no rows found", hint="put one row per rep and week under the header"
        )
    return list(out.values())


def _row_rep(
    row: dict[str, str],
    reps: Sequence[Rep],
    path: Path,
    line: int,
    problems: list[str],
    resolve: Any,
) -> str | None:
    ref = row.get("rep", "")
    if not ref:
        problems.append(f"{path}:{line}: column 'rep': missing")
        return None
    try:
        return str(resolve(reps, ref).slug)
    except CoachError as exc:
        problems.append(f"{path}:{line}: column 'rep': {exc.message}")
        return None


def _row_week(row: dict[str, str], path: Path, line: int, problems: list[str]) -> str | None:
    week_text, date_text = row.get("week", ""), row.get("date", "")
    week: str | None = None
    if week_text:
        try:
            week = isoweeks.parse_week(week_text)
        except CoachError:
            problems.append(
                f"{path}:{line}: column 'week': {week_text!r} is not an ISO week like 2026-W48"
            )
            return None
    if date_text:
        try:
            from_date = isoweeks.week_of(date.fromisoformat(date_text))
        except ValueError:
            problems.append(
                f"{path}:{line}: column 'date': {date_text!r} is not a date like 2026-11-23"
            )
            return None
        if week and week != from_date:
            problems.append(f"{path}:{line}: column 'date': {date_text} is not in week {week}")
            return None
        week = from_date
    if not week:
        problems.append(f"{path}:{line}: column 'week': missing")
    return week


def merge(existing: Metric | None, new: Metric) -> Metric:
    """Re-importing a rep+week updates it: the new counts win, steps not in the file are kept."""
    if existing is None:
        return new
    return Metric(rep=new.rep, week=new.week, counts={**existing.counts, **new.counts})


# the `metrics show` report ---------------------------------------------------------------------
def suggested_banks(home: Path, transition: str) -> list[str]:
    """Ids of the banks whose `focus` names `transition`, from the banks coach can load (the
    shipped banks' focus if they cannot be loaded)."""
    try:
        from coachcli.core.banks import banks_for_transition, load_banks

        return [b.id for b in banks_for_transition(load_banks(home), transition)]
    except CoachError:
        from coachcli.core.stats import SHIPPED_FOCUS

        return sorted(bank for bank, focus in SHIPPED_FOCUS.items() if transition in focus)


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
) -> dict[str, Any]:
    """Ratios per rep over the window against the team median, trend, weakest transition with
    the banks that address it, and pacing. `goals_for(slug)` gives a rep's pacing list;
    `banks_for(transition)` the bank ids for a transition. Ratios are exact fractions (0.25):
    round them once, where they are shown (core.numbers)."""
    span = window(today, weeks)
    grouped = team_of(by_rep(records, span), reps, only)
    ratios = team_ratios(grouped, funnel)
    medians = team_medians(ratios, funnel)
    names = {r.slug: r for r in reps}
    shown = [only] if only else sorted(s for s in grouped if s in names)
    out_reps = []
    for slug in shown:
        mine = grouped.get(slug, [])
        my_ratios = ratios.get(slug, {})
        gaps = relative_gaps(my_ratios, medians)
        weakest = weakest_of(gaps)
        per_transition = {}
        for a, b in transitions(funnel):
            name = transition_name(a, b)
            trend = weekly_ratios(mine, span, a, b)
            per_transition[name] = {
                "ratio": my_ratios.get(name),
                "team_median": medians[name],
                "vs_team": gaps.get(name),
                "trend": list(trend),
                "sparkline": sparkline(trend),
            }
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
        "team_median": dict(medians),
        "reps": out_reps,
    }
