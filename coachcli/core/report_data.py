"""The series behind `coach report`'s charts, from one manager's tables (plain dicts as stored,
or rebuilt from an org export). Pure: no files, no drawing.

Week by week over the window: who was coached (held / missed / skipped / none), minutes by
tier, ask:tell and observations per session, commitment follow-through (the `stats`
definition, week by week), skill-score averages per rep, the manager's measured talk share on
coaching calls; and each coached rep's conversion before and after (the `stats` transitions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import TIERS
from coachcli.core.stats import Window, follow_through_outcome, gather

Doc = Mapping[str, Any]
NONE, HELD, MISSED, SKIPPED = 0, 1, 2, 3
CELL_NAMES = ("none", "held", "missed", "skipped")


def _docs(tables: Mapping[str, Any], name: str) -> list[Doc]:
    table = tables.get(name) or {}
    return [d for d in table.values() if isinstance(d, Mapping)]


def _week(day: object) -> str | None:
    if not isinstance(day, str):
        return None
    try:
        return isoweeks.week_of(date.fromisoformat(day[:10]))
    except ValueError:
        return None


def series(
    tables: Mapping[str, Any], window: Window, focus: Mapping[str, list[str]]
) -> dict[str, Any]:
    weeks = window.week_list
    today = window.today.isoformat()
    reps = {str(r.get("slug") or r.get("rep")): r for r in _docs(tables, "reps")}
    sessions = [s for s in _docs(tables, "sessions") if _week(s.get("date")) in set(weeks)]
    sessions = [s for s in sessions if str(s.get("date")) <= today]
    return {
        "weeks": weeks,
        "cadence": _cadence(reps, sessions, _docs(tables, "plans"), weeks, today),
        "minutes": _minutes(reps, sessions, weeks),
        "talk": _talk(sessions, weeks),
        "follow_through": _follow_through(_docs(tables, "commitments"), window),
        "conversion": _conversion(tables, window, focus),
        "skills": _skills(reps, _docs(tables, "scores"), window),
        "talk_share": _talk_share(_docs(tables, "calls"), window),
    }


def _name(reps: Mapping[str, Doc], slug: str) -> str:
    rep = reps.get(slug)
    return str(rep.get("name") or slug) if rep else slug


def _cadence(
    reps: Mapping[str, Doc],
    sessions: list[Doc],
    plans: Iterable[Doc],
    weeks: list[str],
    today: str,
) -> dict[str, Any]:
    """rep x week: held (a session that week), else skipped, else missed (a slot due by
    today), else none."""
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for p in plans:
        week, slug = p.get("week"), str(p.get("rep"))
        if week not in weeks:
            continue
        if p.get("skipped"):
            cells[slug][week] = SKIPPED
        elif str(p.get("start") or "")[:10] <= today:
            cells[slug].setdefault(week, MISSED)
    for s in sessions:
        week = _week(s.get("date"))
        if week:
            cells[str(s.get("rep"))][week] = HELD
    shown = [
        slug
        for slug in set(cells) | {k for k, r in reps.items() if r.get("active", True)}
        if slug in cells or reps.get(slug, {}).get("active", True)
    ]
    shown.sort(key=lambda slug: (_name(reps, slug).casefold(), slug))
    return {
        "reps": [_name(reps, slug) for slug in shown],
        "cells": [[cells.get(slug, {}).get(w, NONE) for w in weeks] for slug in shown],
    }


def _minutes(reps: Mapping[str, Doc], sessions: list[Doc], weeks: list[str]) -> dict[str, Any]:
    by: dict[str, list[int]] = {t: [0] * len(weeks) for t in TIERS}
    index = {w: i for i, w in enumerate(weeks)}
    for s in sessions:
        tier = str((reps.get(str(s.get("rep"))) or {}).get("tier") or "core")
        tier = tier if tier in TIERS else "core"
        by[tier][index[str(_week(s.get("date")))]] += int(s.get("minutes") or 0)
    return {"by_tier": by}


def _talk(sessions: list[Doc], weeks: list[str]) -> dict[str, Any]:
    asked = [0] * len(weeks)
    told = [0] * len(weeks)
    observed = [0] * len(weeks)
    held = [0] * len(weeks)
    index = {w: i for i, w in enumerate(weeks)}
    for s in sessions:
        i = index[str(_week(s.get("date")))]
        asked[i] += int(s.get("asked") or 0)
        told[i] += int(s.get("told") or 0)
        observed[i] += int(s.get("observed") or 0)
        held[i] += 1
    return {
        "ask_tell": [a / t if t else None for a, t in zip(asked, told, strict=True)],
        "observations_per_session": [
            o / h if h else None for o, h in zip(observed, held, strict=True)
        ],
        "sessions": held,
    }


def _follow_through(commitments: Iterable[Doc], window: Window) -> dict[str, Any]:
    """Done / due per week of the due date, with `stats`' rules (due before today, dropped
    apart)."""
    weeks = window.week_list
    due = [0] * len(weeks)
    done = [0] * len(weeks)
    index = {w: i for i, w in enumerate(weeks)}
    first, today = window.start.isoformat(), window.today.isoformat()
    for c in commitments:
        outcome = follow_through_outcome(c.get("due"), str(c.get("status") or "open"), first, today)
        if outcome is None or outcome == "dropped":
            continue
        i = index.get(str(_week(c.get("due"))))
        if i is None:
            continue
        due[i] += 1
        done[i] += outcome == "done"
    return {
        "due": due,
        "done": done,
        "rate": [d / n if n else None for d, n in zip(done, due, strict=True)],
    }


def _conversion(
    tables: Mapping[str, Any], window: Window, focus: Mapping[str, list[str]]
) -> list[dict[str, Any]]:
    tally = gather(
        reps=[r for r in _docs(tables, "reps") if r.get("slug")],
        sessions=_docs(tables, "sessions"),
        commitments=(),
        plans=(),
        metrics=_docs(tables, "metrics"),
        window=window,
        focus=focus,
    )
    return [t for t in tally.transitions if t["before"] is not None or t["after"] is not None]


def _skills(reps: Mapping[str, Doc], scores: Iterable[Doc], window: Window) -> dict[str, Any]:
    """Per rep, the average skill rating of each rating day in the window."""
    first, today = window.start.isoformat(), window.today.isoformat()
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for s in sorted(scores, key=lambda d: str(d.get("date"))):
        day = str(s.get("date") or "")
        ratings = [v for v in (s.get("ratings") or {}).values() if isinstance(v, int | float)]
        if first <= day <= today and ratings:
            out[_name(reps, str(s.get("rep")))].append((day, sum(ratings) / len(ratings)))
    return dict(sorted(out.items()))


def _talk_share(calls: Iterable[Doc], window: Window) -> list[tuple[str, float]]:
    first, today = window.start.isoformat(), window.today.isoformat()
    return sorted(
        (str(c.get("date")), float(c.get("manager_share") or 0.0))
        for c in calls
        if c.get("kind") == "coaching" and first <= str(c.get("date") or "") <= today
    )


def tables_from_org(records: Iterable[Doc]) -> dict[str, dict[str, dict[str, Any]]]:
    """One manager's org records back into the shape of the store's tables."""
    tables: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in records:
        kind = r.get("type")
        if kind == "rep":
            tables["reps"][str(r["rep"])] = {**r, "slug": r["rep"]}
        elif kind == "metric":
            counts = {c["stage"]: c["count"] for c in r.get("counts") or []}
            tables["metrics"][f"{r['rep']}:{r['week']}"] = {**r, "counts": counts}
        elif kind == "score":
            ratings = {x["skill"]: x["rating"] for x in r.get("ratings") or []}
            tables["scores"][f"{r['rep']}:{r.get('date')}"] = {**r, "ratings": ratings}
        elif kind == "plan":
            tables["plans"][f"{r['week']}:{r['rep']}"] = dict(r)
        elif kind in ("session", "commitment", "call"):
            tables[f"{kind}s"][str(r.get("id"))] = dict(r)
    return tables
