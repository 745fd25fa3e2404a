"""`coach commit ...`: commitments made outside a session, listed, edited and closed.

Each change is one locked store write; `list_commitments` reads one snapshot (no lock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Rep


def add_commitment(
    home: Path,
    rep_ref: str,
    text: str,
    *,
    created: date,
    due: date,
    measure: str | None,
    at: datetime,
) -> tuple[Commitment, Rep]:
    """Record a commitment for an active rep; returns it and the rep."""
    from coachcli.core.commitments import new_commitment
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    with Store(home).write() as repo:
        found = resolve(repo.reps.all(), rep_ref, include_archived=False)
        commitment = new_commitment(
            repo.new_id("c"), found.slug, text, created=created, due=due, measure=measure, at=at
        )
        repo.commitments.put(commitment)
    return commitment, found


@dataclass(frozen=True)
class Listing:
    """`list_commitments`' answer: the commitments, every rep by slug, the rep asked for."""

    commitments: list[Commitment]
    reps: dict[str, Rep]
    slug: str | None


def list_commitments(home: Path, rep_ref: str | None, status: str) -> Listing:
    """Commitments with `status` ("all": any), of one rep or all, sorted by rep name then due."""
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    repo = Store(home).read()
    reps = {r.slug: r for r in repo.reps.all()}
    slug = resolve(reps.values(), rep_ref).slug if rep_ref else None
    found = repo.commitments.where(
        lambda d: (
            (slug is None or d.get("rep") == slug)
            and (status == "all" or d.get("status") == status)
        ),
        {"status": {status}} if status != "all" else {"rep": {slug}} if slug else None,
    )
    found.sort(key=lambda c: (rep_name(reps, c.rep).casefold(), c.due or "9999", c.created, c.id))
    return Listing(found, reps, slug)


def rep_name(reps: dict[str, Rep], slug: str) -> str:
    rep = reps.get(slug)
    return rep.name if rep else slug


def set_status(
    home: Path, ref: str, status: str, *, at: datetime, note: str | None, keep: str | None
) -> tuple[Commitment, str | None]:
    """Change a commitment's status (and, with `keep`, how the habit is kept going); returns
    it and a warning to show, if any."""
    from coachcli.core.commitments import update_status
    from coachcli.store.repository import Store

    with Store(home).write() as repo:
        commitment = _get(repo.commitments.keys(), repo.commitments.get, ref)
        warning = update_status(commitment, status, at=at, note=note)
        if keep:
            from coachcli.core.text import clean_line

            commitment.reinforcement = clean_line(keep, field="--keep", max_chars=1000) or None
        repo.commitments.put(commitment)
    return commitment, warning


def edit_details(
    home: Path,
    ref: str,
    *,
    at: datetime,
    text: str | None,
    due: date | None,
    measure: str | None,
) -> tuple[Commitment, dict[str, list[str | None]]]:
    """Correct a commitment's text, due date or measure; returns it and what changed."""
    from coachcli.core.commitments import edit_commitment
    from coachcli.store.repository import Store

    with Store(home).write() as repo:
        commitment = _get(repo.commitments.keys(), repo.commitments.get, ref)
        changed = edit_commitment(commitment, at=at, text=text, due=due, measure=measure)
        if changed:
            repo.commitments.put(commitment)
    return commitment, changed


def _get(keys: list[str], get: Callable[[str], Commitment | None], ref: str) -> Commitment:
    """The commitment a unique id prefix names (NotFound, kind "commitment", otherwise)."""
    from coachcli.core.ids import resolve_id

    commitment = get(resolve_id(keys, ref, "c", "commitment"))
    assert commitment is not None
    return commitment


TASK_FORMATS = ("todotxt", "ics")


def export_tasks(
    home: Path, rep_ref: str | None, fmt: str, *, since: date, stamp: datetime
) -> tuple[str, int]:
    """Open commitments, and those closed on or after `since` (so that a re-export closes them
    in the task tool too), as todo.txt or iCalendar text; returns it and how many items."""
    from coachcli.export.tasks import TODOTXT_STATUSES, tasks_calendar, todotxt

    listing = list_commitments(home, rep_ref, "all")
    cutoff = since.isoformat()
    kept = [c for c in listing.commitments if c.status == "open" or (c.closed_on or "") >= cutoff]
    if fmt == "todotxt":
        return todotxt(kept), sum(c.status in TODOTXT_STATUSES for c in kept)
    return tasks_calendar(kept, listing.reps, stamp=stamp), len(kept)
