"""Commitments: concrete actions a rep agreed to, and every change of their status.

A status change is recorded in the commitment's history with when it happened and, when it
happened in a session, which session, so reminders and stats can follow the habit over time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from coachcli.core.models import COMMIT_STATUSES, Commitment, StatusChange
from coachcli.core.text import clean_line, clean_text
from coachcli.core.weeks import fmt_minute
from coachcli.errors import CoachError, Exists


def new_commitment(
    cid: str,
    rep: str,
    text: str,
    *,
    created: date,
    due: date | None = None,
    measure: str | None = None,
    session: str | None = None,
    at: datetime | None = None,
) -> Commitment:
    clean = clean_line(text, field="commitment text", max_chars=1000)
    if not clean:
        raise CoachError("a commitment needs some text: what will the rep do?")
    moment = at or datetime.combine(created, datetime.now().time())
    return Commitment(
        id=cid,
        rep=rep,
        text=clean,
        due=due.isoformat() if due else None,
        measure=(clean_line(measure, field="measure", max_chars=1000) or None) if measure else None,
        status="open",
        created=created.isoformat(),
        session=session,
        history=[StatusChange(at=fmt_minute(moment), status="open", session=session)],
    )


def change_status(
    commitment: Commitment,
    status: str,
    *,
    at: datetime,
    session: str | None = None,
    note: str | None = None,
) -> Commitment:
    """Record a new status; `open` again is allowed (a review that keeps it going)."""
    if status not in COMMIT_STATUSES:
        raise CoachError(f"invalid status {status!r}: use one of {', '.join(COMMIT_STATUSES)}")
    commitment.status = status
    commitment.history.append(
        StatusChange(
            at=fmt_minute(at),
            status=status,
            session=session,
            note=(clean_text(note, field="note") or None) if note else None,
        )
    )
    return commitment


def open_for(commitments: Iterable[Commitment], rep: str) -> list[Commitment]:
    """A rep's open commitments, soonest due first (undated last)."""
    mine = [c for c in commitments if c.rep == rep and c.status == "open"]
    return sorted(mine, key=lambda c: (c.due or "9999-12-31", c.created, c.id))


def is_overdue(commitment: Commitment, today: date) -> bool:
    due = commitment.due
    return commitment.status == "open" and due is not None and due < today.isoformat()


def commitment_json(c: Commitment) -> dict[str, object]:
    """The documented JSON shape (`commit list --json`)."""
    return {
        "id": c.id,
        "rep": c.rep,
        "text": c.text,
        "due": c.due,
        "measure": c.measure,
        "status": c.status,
        "created": c.created,
        "session": c.session,
        "history": [h.to_doc() for h in c.history],
        "reinforcement": c.reinforcement,
    }


def update_status(
    commitment: Commitment,
    status: str,
    *,
    at: datetime,
    session: str | None = None,
    note: str | None = None,
) -> str | None:
    """A manager's explicit status change; returns a warning to show, if any.

    Setting the status it already has is refused (nothing would be learned from a second
    entry); changing a commitment that was already closed is allowed, since reviews get
    corrected, but the caller should say so.
    """
    if status not in COMMIT_STATUSES:
        raise CoachError(f"invalid status {status!r}: use one of {', '.join(COMMIT_STATUSES)}")
    if commitment.status == status:
        raise Exists(f"{commitment.id} is already {status}", kind="status", ref=commitment.id)
    previous = commitment.status
    change_status(commitment, status, at=at, session=session, note=note)
    if previous != "open":
        return f"{commitment.id} was already {previous}; now {status}"
    return None


def days_overdue(commitment: Commitment, today: date) -> int:
    """Whole days past the due date (0 when not overdue or undated)."""
    if not is_overdue(commitment, today):
        return 0
    return (today - date.fromisoformat(commitment.due or "")).days


def edit_commitment(
    commitment: Commitment,
    *,
    at: datetime,
    text: str | None = None,
    due: date | None = None,
    measure: str | None = None,
    session: str | None = None,
    note: str | None = None,
) -> dict[str, list[str | None]]:
    """Change text, due date or measure; the history keeps each old and new value.

    Returns what changed (field -> [old, new]); a change to nothing new is not recorded.
    """
    wanted: dict[str, str | None] = {}
    if text is not None:
        clean = clean_line(text, field="commitment text", max_chars=1000)
        if not clean:
            raise CoachError("a commitment needs some text: what will the rep do?")
        wanted["text"] = clean
    if due is not None:
        wanted["due"] = due.isoformat()
    if measure is not None:
        wanted["measure"] = clean_line(measure, field="measure", max_chars=1000) or None
    changed: dict[str, list[str | None]] = {}
    for name, new in wanted.items():
        old = getattr(commitment, name)
        if old != new:
            changed[name] = [old, new]
            setattr(commitment, name, new)
    if changed:
        commitment.history.append(
            StatusChange(
                at=fmt_minute(at),
                status=commitment.status,
                session=session,
                note=note,
                edited=changed,
            )
        )
    return changed
