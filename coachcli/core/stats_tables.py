"""The tables and fields `coach stats` reads (`Store.read_tables` decodes only these)."""

from __future__ import annotations

from typing import Any, TypedDict


# Only the fields stats reads: `Store.read_tables` decodes these and skips the rest (commitment
# texts and histories, measures, plan reasons...), which is most of a store's bytes.
class _RepFields(TypedDict, total=False):
    slug: str
    name: str
    tier: str
    active: bool


class _SessionFields(TypedDict, total=False):
    id: str
    rep: str
    plan: str | None
    date: str
    minutes: int
    banks: list[str]
    asked: int
    told: int
    observed: int
    roles: list[str]
    useful: float | None  # the rep's rating of the session, 1..5 (its feedback)


class _ChangeFields(TypedDict, total=False):
    at: str
    edited: dict[str, list[str | None]] | None


class _CommitmentFields(TypedDict, total=False):
    due: str | None
    status: str
    history: list[_ChangeFields]  # read for the due dates moved after they had passed


class _PlanFields(TypedDict, total=False):
    week: str
    rep: str
    start: str
    skipped: bool
    session: str | None
    transition: str | None  # what the session was planned to coach (its credit in stats)


class _MetricFields(TypedDict, total=False):
    rep: str
    week: str
    counts: dict[str, int]


class _CallFields(TypedDict, total=False):
    date: str
    kind: str
    manager_role: str | None
    manager_share: float


class _ScoreFields(TypedDict, total=False):
    rep: str
    date: str
    ratings: dict[str, int]


class StatsTables(TypedDict, total=False):
    meta: dict[str, Any]
    calls: dict[str, _CallFields]
    reps: dict[str, _RepFields]
    sessions: dict[str, _SessionFields]
    commitments: dict[str, _CommitmentFields]
    plans: dict[str, _PlanFields]
    metrics: dict[str, _MetricFields]
    scores: dict[str, _ScoreFields]
