"""What a manager shares upward: the `org` audience of `coach export --format jsonl`.

One JSON object per line, each with a `type` (`export`, `bank`, `rep`, `session`, `commitment`,
`plan`, `metric`, `call`, `score`) and the `manager` it belongs to. Only counts, dates,
minutes, ids, bank ids, tiers, statuses, roles and call figures: no text that anyone typed
(no answers, tells, observations, notes, commitment texts or measures, review notes, prep or
feedback comments); tiers, roles, statuses and call kinds only from their closed vocabularies
(anything else a store holds there is dropped). The schema is documented in
docs/jsonl-schema.md ("The org export").

Pure: the caller reads the store and hands over plain documents (as stored).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import COMMIT_STATUSES, TIERS
from coachcli.core.stats import ROLES
from coachcli.core.talk import KINDS

ORG_SCHEMA = "coach-org"
ORG_SCHEMA_VERSION = 1
EPOCH_MONDAY = date(1970, 1, 5)  # week_no 0

Doc = Mapping[str, Any]


def _one_of(value: object, vocabulary: Iterable[str]) -> str | None:
    """A value of a closed vocabulary, or nothing: whatever else a store holds (a typed
    answer where a choice was expected) is dropped, never copied."""
    return value if isinstance(value, str) and value in vocabulary else None


def week_no(label: object) -> int | None:
    """ISO weeks since the week of 1970-01-05: week arithmetic in any SQL engine."""
    if not isinstance(label, str):
        return None
    try:
        return (isoweeks.monday(label) - EPOCH_MONDAY).days // 7
    except (ValueError, IndexError):
        return None


def date_week_no(day: object) -> int | None:
    if not isinstance(day, str):
        return None
    try:
        return (date.fromisoformat(day[:10]) - EPOCH_MONDAY).days // 7
    except ValueError:
        return None


class Pseudonyms:
    """Stable tokens for rep slugs: the same slug and salt give the same token, always."""

    def __init__(self, salt: bytes | None) -> None:
        self._salt = salt
        self._seen: dict[str, str] = {}

    def __call__(self, slug: str) -> str:
        if self._salt is None:
            return slug
        token = self._seen.get(slug)
        if token is None:
            digest = hmac.new(self._salt, slug.encode("utf-8"), hashlib.sha256).hexdigest()
            token = self._seen[slug] = f"rep-{digest[:12]}"
        return token

    @property
    def active(self) -> bool:
        return self._salt is not None


def org_records(
    *,
    manager: str,
    exported: str,
    tables: Mapping[str, Mapping[str, Doc]],
    focus: Mapping[str, list[str]],
    salt: bytes | None = None,
) -> Iterator[dict[str, Any]]:
    """Every org record of one store: the header first, then banks, reps, sessions,
    commitments, plans and metrics (each in key order, so the same store gives the same
    bytes)."""
    alias = Pseudonyms(salt)
    yield {
        "type": "export",
        "manager": manager,
        "schema": ORG_SCHEMA,
        "schema_version": ORG_SCHEMA_VERSION,
        "exported": exported,
        "pseudonymized": alias.active,
    }
    for bank, transitions in sorted(focus.items()):
        for transition in transitions:
            stage_from, _, stage_to = transition.partition("->")
            yield {
                "type": "bank",
                "manager": manager,
                "bank": bank,
                "transition": transition,
                "stage_from": stage_from,
                "stage_to": stage_to,
            }
    for kind, build in _BUILDERS.items():
        docs = tables.get(f"{kind}s") or {}
        for key in sorted(docs):
            yield {"type": kind, "manager": manager, **build(docs[key], alias)}


def _rep(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    slug = str(d.get("slug", ""))
    return {
        "rep": alias(slug),
        "name": alias(slug) if alias.active else d.get("name", slug),
        "tier": _one_of(d.get("tier"), TIERS),
        "active": d.get("active", True),
    }


def _session(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    plan = d.get("plan")
    if isinstance(plan, str) and plan:
        week, _, rep = plan.partition(":")
        plan = f"{week}:{alias(rep)}"
    return {
        "id": d.get("id"),
        "rep": alias(str(d.get("rep", ""))),
        "date": d.get("date"),
        "week_no": date_week_no(d.get("date")),
        "minutes": d.get("minutes"),
        "banks": list(d.get("banks") or []),
        "asked": d.get("asked"),
        "told": d.get("told"),
        "observed": d.get("observed") or 0,
        "reviewed": d.get("reviewed"),
        "commitments_made": len(d.get("commitments") or []),
        "roles": [r for r in d.get("roles") or [] if _one_of(r, ROLES)],
        "plan": plan or None,
        "useful": _number(d.get("useful")),
    }


def _number(value: object) -> float | int | None:
    """A rating as a number; anything else (text, booleans) is left out."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _commitment(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    return {
        "id": d.get("id"),
        "rep": alias(str(d.get("rep", ""))),
        "due": d.get("due"),
        "status": _one_of(d.get("status"), COMMIT_STATUSES),
        "created": d.get("created") or None,
        "session": d.get("session"),
    }


def _plan(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    return {
        "week": d.get("week"),
        "week_no": week_no(d.get("week")),
        "rep": alias(str(d.get("rep", ""))),
        "start": d.get("start"),
        "end": d.get("end"),
        "focus": d.get("focus"),
        "skipped": bool(d.get("skipped")),
        "session": d.get("session"),
    }


def _metric(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    counts = d.get("counts") or {}
    return {
        "rep": alias(str(d.get("rep", ""))),
        "week": d.get("week"),
        "week_no": week_no(d.get("week")),
        "counts": [{"stage": k, "count": v} for k, v in counts.items()],
    }


def _call(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    """A measured call's figures (`coach call add`); never its words nor the speakers' names."""
    return {
        "id": d.get("id"),
        "rep": alias(str(d.get("rep", ""))),
        "date": d.get("date"),
        "kind": _one_of(d.get("kind"), KINDS),
        "call_minutes": d.get("minutes"),
        "session": d.get("session"),
        "manager_share": d.get("manager_share"),
        "rep_share": d.get("rep_share"),
        "other_share": d.get("other_share"),
        "manager_role": _one_of(d.get("manager_role"), ROLES),
        "manager_questions_per_statement": d.get("manager_questions_per_statement"),
    }


def _score(d: Doc, alias: Pseudonyms) -> dict[str, Any]:
    """Skill ratings on a scorecard (numbers only)."""
    ratings = d.get("ratings") or {}
    return {
        "rep": alias(str(d.get("rep", ""))),
        "date": d.get("date"),
        "scorecard": d.get("scorecard"),
        "session": d.get("session"),
        "ratings": [
            {"skill": k, "rating": v} for k, v in ratings.items() if isinstance(v, int | float)
        ],
    }


_BUILDERS: dict[str, Callable[[Doc, Pseudonyms], dict[str, Any]]] = {
    "rep": _rep,
    "session": _session,
    "commitment": _commitment,
    "plan": _plan,
    "metric": _metric,
    "call": _call,
    "score": _score,
}


def to_org_jsonl(records: Iterable[dict[str, Any]]) -> str:
    from coachcli.export.jsonl import dump_line

    return "".join(dump_line(r) for r in records)
