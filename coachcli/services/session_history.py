"""Reading past sessions (`session list`, `session show`) and dropping a paused one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Rep, Session


def all_sessions_newest_first(home: Path) -> Iterator[Session]:
    """Every session in the index, newest first, built one by one (flat memory)."""
    from coachcli.store.repository import Store

    repo = Store(home).read()
    order = sorted(repo.sessions.fields(("date", "started", "id")), reverse=True)
    found = (repo.sessions.get(str(sid)) for _, _, sid in order)
    return (s for s in found if s is not None)


def newest_sessions(
    home: Path, rep_ref: str | None, limit: int | None
) -> tuple[Iterator[Session], int]:
    """The newest `limit` sessions (every one when None, only the rep's when named), newest
    first and built one by one, and how many there are in all.

    The order comes from three stored fields of every session (one lean pass); only the
    sessions shown are built, so the newest 50 of 56,000 cost what 50 cost.
    """
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    repo = Store(home).read()
    slug = resolve(repo.reps.all(), rep_ref).slug if rep_ref is not None else None
    rows = repo.sessions.fields(("date", "started", "id", "rep"))
    order = sorted(
        ((str(d or ""), str(t or ""), str(i)) for d, t, i, r in rows if slug in (None, r)),
        reverse=True,
    )
    del rows
    total = len(order)
    shown = order if limit is None else order[:limit]
    found = (repo.sessions.get(sid) for _, _, sid in shown)
    return (s for s in found if s is not None), total


def session_index(home: Path, rep_ref: str | None) -> list[Session]:
    """The sessions in the index (only the rep's, when named), newest first."""
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    repo = Store(home).read()
    slug = resolve(repo.reps.all(), rep_ref).slug if rep_ref is not None else None
    if slug is not None:
        sessions = repo.sessions.where(lambda d: d.get("rep") == slug, {"rep": {slug}})
    else:
        sessions = repo.sessions.all()
    sessions.sort(key=lambda s: (s.date, s.started, s.id), reverse=True)
    return sessions


@dataclass(frozen=True)
class SessionDetail:
    """One session in full, the commitments it made or reviewed, and the rep's name."""

    session: Session
    commitments: dict[str, Commitment]
    rep_name: str


def session_detail(home: Path, ref: str) -> SessionDetail:
    """The session `ref` names (id or unique prefix, `s-` optional)."""
    from coachcli.core.ids import resolve_id
    from coachcli.store.repository import Store

    repo = Store(home).read()
    sid = resolve_id(repo.sessions.keys(), ref, "s", "session")
    found = repo.load_session(sid)
    if found is None:  # pragma: no cover - resolve_id found it in the index
        raise CoachError(f"no session with id {ref!r}")
    wanted = set(found.commitments) | {r.commitment for r in found.reviews}
    found_commitments = (repo.commitments.get(cid) for cid in sorted(wanted))
    commitments = {c.id: c for c in found_commitments if c is not None}
    rep = repo.reps.get(found.rep)
    return SessionDetail(found, commitments, rep.name if rep else found.rep)


def discard_paused(home: Path, rep_ref: str) -> Rep:
    """Drop the rep's draft, unless another terminal is typing into it; the store is not
    touched. Returns the rep."""
    from coachcli.services.reps import find_rep
    from coachcli.store.claims import refuse_if_live
    from coachcli.store.drafts import discard_draft

    found = find_rep(home, rep_ref)
    refuse_if_live(home, found.slug, found.name)  # not a draft another terminal is typing into
    if not discard_draft(home, found.slug):
        raise CoachError(f"{found.name} has no paused session")
    return found
