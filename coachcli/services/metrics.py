"""`coach metrics ...` and `coach goal ...`: weekly activity, conversion ratios, goals, pacing.

Imports and goal changes are one locked store write each; `show_metrics` and `goal_pacing`
read one snapshot (no lock).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.core.models import Goal, Rep
    from coachcli.core.pacing import Pace


@dataclass(frozen=True)
class Imported:
    """What `import_metrics` stored: how many rows, new and updated, of which reps and weeks."""

    rows: int
    added: int
    updated: int
    reps: int
    weeks: list[str]


def import_metrics(home: Path, file: Path, *, today: date) -> Imported:
    """Merge a metrics CSV into the store in one write; a bad file raises a ProblemList and
    changes nothing."""
    from coachcli.core import metrics
    from coachcli.inputs.metrics_csv import read_metrics_csv
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    funnel = load_config(home).funnel
    added = updated = 0
    with Store(home).write() as repo:
        records = read_metrics_csv(file, repo.reps.all(), funnel, today=today)
        merged = []
        for record in records:
            existing = repo.metrics.get(record.key())
            added += existing is None
            updated += existing is not None
            merged.append(metrics.merge(existing, record))
        repo.metrics.put_many(merged)  # one table rewrite, not one per row
    weeks = sorted({r.week for r in records})
    return Imported(len(records), added, updated, len({r.rep for r in records}), weeks)


def show_metrics(home: Path, rep_ref: str | None, *, today: date, weeks: int) -> dict[str, Any]:
    """Conversion ratios per rep against the team median over `weeks` weeks up to `today`,
    with trends, the weakest transition, its banks and goal pacing (core.metrics.show_report)."""
    from coachcli.core import metrics, pacing
    from coachcli.core.roster import resolve
    from coachcli.services.banks import suggested_banks
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    config = load_config(home)
    repo = Store(home).read()
    reps = repo.reps.all()
    only = resolve(reps, rep_ref).slug if rep_ref else None
    first = metrics.window(today, weeks)[0]
    return metrics.show_report(
        reps=reps,
        records=repo.metrics.where(  # only the window's weeks are decoded
            lambda d: d.get("week", "") >= first, {"week": (">=", first)}
        ),
        goals_for=lambda slug: pacing.pacing_for(repo, config, slug, today),
        funnel=config.funnel,
        today=today,
        weeks=weeks,
        only=only,
        min_sample=config.min_sample,
        banks_for=functools.cache(lambda t: suggested_banks(home, t)),  # once per transition
    )


def set_goal(
    home: Path, rep_ref: str, metric: str, per_week: str, *, today: date
) -> tuple[Goal, Rep, Pace]:
    """Set a rep's weekly goal for a funnel step; returns it, the rep and its pacing today."""
    from coachcli.core import pacing
    from coachcli.core.roster import resolve
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    config = load_config(home)
    with Store(home).write() as repo:
        found = resolve(repo.reps.all(), rep_ref)
        goal = pacing.new_goal(found, metric, per_week, config.funnel)
        repo.goals.put(goal)
        pace = next(
            p for p in pacing.pacing_for(repo, config, found.slug, today) if p.metric == goal.metric
        )
    return goal, found, pace


def goal_pacing(home: Path, rep_ref: str | None, *, today: date) -> list[dict[str, Any]]:
    """Every goal (of one rep, or of all) with last week's result and this week's pace."""
    from coachcli.core import pacing
    from coachcli.core.roster import resolve
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    config = load_config(home)
    repo = Store(home).read()
    reps = repo.reps.all()
    names = {r.slug: r.name for r in reps}
    slugs = [resolve(reps, rep_ref).slug] if rep_ref else sorted({g.rep for g in repo.goals.all()})
    return [
        {"rep": slug, "name": names.get(slug, slug), **pace.to_json()}
        for slug in slugs
        for pace in pacing.pacing_for(repo, config, slug, today)
    ]
