"""What the rep takes away from a session: composed from the records, never the private notes.

`compose_recap` returns a plain value that the exporters (`coachcli.export.recap`) render as
markdown, text or an email. Private notes are not part of the value at all, so no renderer
can leak them; tells (the manager's advice) are included only when asked for; observations
(offered to the rep after they spoke) always are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coachcli.core.models import Commitment, PlannedSlot, Rep, Session


@dataclass
class RecapItem:
    ask: str
    answer: str
    follow_ups: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RecapCommitment:
    id: str
    text: str
    due: str | None
    measure: str | None


@dataclass
class RecapReview:
    id: str
    text: str
    status: str
    note: str | None
    reinforcement: str | None


@dataclass
class Recap:
    rep_name: str
    rep_email: str | None
    manager: str
    manager_email: str | None
    date: str
    minutes: int
    talked: list[RecapItem]
    commitments: list[RecapCommitment]
    reviewed: list[RecapReview]
    next_session: str | None  # "YYYY-MM-DD HH:MM"
    suggestions: list[str]  # tells, only with --with-suggestions
    # what the manager offered after the rep had spoken: said to the rep, so theirs to keep
    observations: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return f"Our 1:1 on {self.date}: recap"


def _shown(answer: object) -> str | None:
    if answer is None or answer == "":
        return None
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    return str(answer)


def compose_recap(
    session: Session,
    rep: Rep,
    commitments: dict[str, Commitment],
    plans: list[PlannedSlot],
    *,
    manager: str = "",
    manager_email: str | None = None,
    with_suggestions: bool = False,
) -> Recap:
    """The recap of `session`; `plans` are the rep's planned slots (the next one is named)."""
    talked = []
    for a in session.answers:
        shown = _shown(a.answer)
        if shown is None:
            continue
        talked.append(RecapItem(a.ask, shown, [(f.ask, f.answer) for f in a.follow_ups]))
    made = [
        RecapCommitment(c.id, c.text, c.due, c.measure)
        for cid in session.commitments
        if (c := commitments.get(cid)) is not None
    ]
    reviewed = [
        RecapReview(
            r.commitment,
            c.text if (c := commitments.get(r.commitment)) else r.commitment,
            "still open" if r.status == "open" else r.status,
            r.note,
            r.reinforcement,
        )
        for r in session.reviews
    ]
    after = session.started or session.date
    upcoming = sorted(
        p.start
        for p in plans
        if p.rep == rep.slug and not p.skipped and not p.session and p.start[:10] > after[:10]
    )
    return Recap(
        rep_name=rep.name,
        rep_email=rep.email,
        manager=manager,
        manager_email=manager_email,
        date=session.date,
        minutes=session.minutes,
        talked=talked,
        commitments=made,
        reviewed=reviewed,
        next_session=upcoming[0].replace("T", " ") if upcoming else None,
        suggestions=list(session.tells) if with_suggestions else [],
        observations=list(session.observations),
    )
