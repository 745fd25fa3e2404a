"""`coach stats` figures from a `Tally` (core.stats): plain JSON values, ratios as fractions.

Numbers are kept exact here; the command rounds them once, for JSON or for the table
(core.numbers). Cadence reports the spread of the gaps between sessions, not only their mean:
a rhythm of 7, 7, 7 days and one of 3, 11, 3 have close means and nothing else in common.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any

from coachcli.core.models import TIERS
from coachcli.core.stats import COMMIT_OUTCOMES, ROLES, gaps_of

if TYPE_CHECKING:
    from coachcli.core.stats import Tally, Window


def spread(gaps: list[int]) -> dict[str, Any] | None:
    """min, max and standard deviation (population) of the gaps in days; None with no gap."""
    if not gaps:
        return None
    return {"min": min(gaps), "max": max(gaps), "stdev": statistics.pstdev(gaps)}


def _transitions_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    changes = [t["change"] for t in items if t["change"] is not None]
    return {
        "coached": len(items),
        "measured": len(changes),
        "improved": sum(1 for c in changes if c > 0),
        "avg_change": _round(sum(changes) / len(changes)) if changes else None,
        # how often a coached step changed after coaching beyond noise (core.escalation)
        "changed": sum(1 for t in items if t.get("moved")),
    }


def _round(value: float | None) -> float | None:
    """Kept exact: JSON and the table each round once, from this value (core.numbers)."""
    return value


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def report(tally: Tally, window: Window, *, per_rep: bool = True) -> dict[str, Any]:
    """The figures of `coach stats` as plain JSON values (ratios as fractions)."""
    total_minutes = sum(tally.minutes.values())
    out: dict[str, Any] = {
        "from": window.start.isoformat(),
        "to": window.today.isoformat(),
        "weeks": window.weeks,
        "sessions": {
            "planned": tally.planned,
            "held_as_planned": tally.held_as_planned,
            "skipped": tally.skipped,
            "held": tally.sessions,
            "consistency": _share(tally.held_as_planned, tally.planned),
        },
        "cadence": {
            "avg_days_between": _share(tally.gap_days, tally.gaps),
            "gap_spread": spread(tally.gap_list),
        },
        "minutes": {
            "total": total_minutes,
            "by_tier": {t: tally.minutes.get(t, 0) for t in TIERS},
            "share": {t: _share(tally.minutes.get(t, 0), total_minutes) for t in TIERS},
        },
        "ask_tell": {
            "asked": tally.asked,
            "told": tally.told,
            "ratio": _share(tally.asked, tally.told),
            "asks_per_session": _share(tally.asked, tally.sessions),
            "tells_per_session": _share(tally.told, tally.sessions),
        },
        "observations": {  # feedback after the rep spoke: counted apart from tells
            "count": tally.observed,
            "per_session": _share(tally.observed, tally.sessions),
        },
        "usefulness": _usefulness(tally, per_rep),  # the rep's view: feedback `useful`, 1..5
        "focus_skills": _focus_skills(tally.skill_changes),
        "commitments": {
            "due": tally.commitments.get("due", 0),
            **{s: tally.commitments.get(s, 0) for s in COMMIT_OUTCOMES},
            "follow_through": _share(
                tally.commitments.get("done", 0), tally.commitments.get("due", 0)
            ),
        },
        "redated_after_due": tally.commitments.get("redated", 0),  # see core.stats
        "roles": _roles(tally.roles),
        "early_pipeline": {
            "sessions": tally.early_pipeline,
            "share": _share(tally.early_pipeline, tally.sessions),
        },
        "transitions": _transitions_summary(tally.transitions),
    }
    out["measured_roles"] = _measured_roles(tally.measured_roles)  # `coach call add`
    out["coaching_calls"] = {
        "measured": tally.coaching_calls,
        "avg_manager_share": _share(tally.coaching_share, tally.coaching_calls),
    }
    if per_rep:
        out["transitions"]["reps"] = [
            t | {k: _round(t[k]) for k in ("before", "after", "change")} for t in tally.transitions
        ]
        out["cadence"]["reps"] = _cadence_per_rep(tally)
    return out


def _focus_skills(changes: list[int]) -> dict[str, Any]:
    """Skills the window's banks develop (`skills:`) rated twice+: their mean change."""
    return {"measured": len(changes), "avg_change": _share(sum(changes), len(changes))}


def _usefulness(tally: Tally, per_rep: bool) -> dict[str, Any]:
    """The reps' ratings of their sessions (1..5): how many, the average and the trend;
    per rep too with `per_rep`. The same definition as `org stats` (sql/stats.sql)."""
    out = _rating_figures([r[2] for r in sorted(tally.ratings)])
    if per_rep:
        slugs = sorted({r[3] for r in tally.ratings})
        out["reps"] = [
            {"rep": slug, **_rating_figures([r[2] for r in sorted(tally.ratings) if r[3] == slug])}
            for slug in slugs
        ]
    return out


def _rating_figures(values: list[float]) -> dict[str, Any]:
    """`values` in date order (then session id). trend = the mean of the later half minus
    the mean of the earlier half (the middle one left out when odd); None under 2 ratings."""
    half = len(values) // 2
    trend = None
    if half:
        trend = _round(sum(values[-half:]) / half - sum(values[:half]) / half)
    return {"rated": len(values), "average": _share(sum(values), len(values)), "trend": trend}


def _cadence_per_rep(tally: Tally) -> list[dict[str, Any]]:
    """Each rep's sessions, last one, and the gaps between them (mean and spread)."""
    return [
        {
            "rep": slug,
            "name": rep.name,
            "tier": rep.tier,
            "sessions": len(rep.dates),
            "last_session": max(rep.dates) if rep.dates else None,
            "avg_days_between": _share(sum(gaps_of(rep.dates)), len(rep.dates) - 1)
            if len(rep.dates) > 1
            else None,
            "gaps": gaps_of(rep.dates),
            "gap_spread": spread(gaps_of(rep.dates)),
        }
        for slug, rep in sorted(tally.reps.items())
        if rep.dates or rep.active
    ]


def _measured_roles(roles: Counter[str]) -> dict[str, Any]:
    total = sum(roles.values())
    counts = {r.replace(" ", "_"): roles.get(r, 0) for r in ROLES}
    return {
        "calls": total,
        "counts": counts,
        "share": {k: _share(v, total) for k, v in counts.items()},
    }


def _roles(roles: Counter[str]) -> dict[str, Any]:
    total = sum(roles.values())
    counts = {r.replace(" ", "_"): roles.get(r, 0) for r in ROLES}
    counts["other"] = total - sum(roles.get(r, 0) for r in ROLES)
    return {
        "answers": total,
        "counts": counts,
        "share": {k: _share(v, total) for k, v in counts.items()},
    }
