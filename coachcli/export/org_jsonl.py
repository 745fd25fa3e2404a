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
from functools import lru_cache
from itertools import islice
from typing import Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import COMMIT_STATUSES, TIERS
from coachcli.core.stats import ROLES
from coachcli.core.talk import KINDS

ORG_SCHEMA = "coach-org"
ORG_SCHEMA_VERSION = 1
EPOCH_MONDAY = date(1970, 1, 5)  # week_no 0
CHUNK = 2000  # records made into lines and joined at a time

Doc = Mapping[str, Any]


def _one_of(value: object, vocabulary: Iterable[str]) -> str | None:
    """A value of a closed vocabulary, or nothing: whatever else a store holds (a typed
    answer where a choice was expected) is dropped, never copied."""
    return value if isinstance(value, str) and value in vocabulary else None


def week_no(label: object) -> int | None:
    """ISO weeks since the week of 1970-01-05: week arithmetic in any SQL engine."""
    return _week_no(label) if isinstance(label, str) else None


def date_week_no(day: object) -> int | None:
    return _date_week_no(day) if isinstance(day, str) else None


# A store holds a few hundred distinct weeks and days over tens of thousands of records.
@lru_cache(maxsize=4096)
def _week_no(label: str) -> int | None:
    try:
        return (isoweeks.monday(label) - EPOCH_MONDAY).days // 7
    except (ValueError, IndexError):
        return None


@lru_cache(maxsize=4096)
def _date_week_no(day: str) -> int | None:
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


def org_chunks(
    *,
    manager: str,
    exported: str,
    tables: Mapping[str, Iterable[Doc]],
    focus: Mapping[str, list[str]],
    salt: bytes | None = None,
) -> Iterator[str]:
    """The org JSON Lines of one store, a chunk of whole lines at a time: the header first,
    then banks, reps, sessions, commitments, plans, metrics, calls and scores. `tables` gives
    each table's records in key order (so the same store gives the same bytes)."""
    from coachcli.export.jsonl import dump_line, line_maker

    alias = Pseudonyms(salt)
    head = _head(manager, exported, focus, alias.active)
    yield "".join(dump_line(record) for record in head)
    for kind, build in _BUILDERS.items():
        line = line_maker({"type": kind, "manager": manager})
        docs = iter(tables.get(f"{kind}s") or ())
        while chunk := list(islice(docs, CHUNK)):
            yield "".join([line(build(d, alias)) for d in chunk])


def _head(
    manager: str, exported: str, focus: Mapping[str, list[str]], pseudonymized: bool
) -> Iterator[dict[str, Any]]:
    """The `export` header and the `bank` records."""
    yield {
        "type": "export",
        "manager": manager,
        "schema": ORG_SCHEMA,
        "schema_version": ORG_SCHEMA_VERSION,
        "exported": exported,
        "pseudonymized": pseudonymized,
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
        "roles": [r for r in d.get("roles") or [] if isinstance(r, str) and r in ROLES],
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


# The stored fields each builder reads, per table: the store decodes just these of a record
# (a commitment's text, a call's words are skipped unread). Keep in step with the builders.
FIELDS: dict[str, tuple[str, ...]] = {
    "reps": ("slug", "name", "tier", "active"),
    "sessions": (
        "id", "rep", "date", "minutes", "banks", "asked", "told", "observed", "reviewed",
        "commitments", "roles", "plan", "useful",
    ),
    "commitments": ("id", "rep", "due", "status", "created", "session"),
    "plans": ("week", "rep", "start", "end", "focus", "skipped", "session"),
    "metrics": ("rep", "week", "counts"),
    "calls": (
        "id", "rep", "date", "kind", "minutes", "session", "manager_share", "rep_share",
        "other_share", "manager_role", "manager_questions_per_statement",
    ),
    "scores": ("rep", "date", "scorecard", "session", "ratings"),
}  # fmt: skip
