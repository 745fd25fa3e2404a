"""The JSON and text shapes of stored sessions, for `session list` and `session show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Session


def session_index_json(s: Session) -> dict[str, Any]:
    """The documented `session list --json` object (index fields only)."""
    return {
        "id": s.id,
        "rep": s.rep,
        "date": s.date,
        "started": s.started,
        "minutes": s.minutes,
        "banks": list(s.banks),
        "asked": s.asked,
        "told": s.told,
        "reviewed": s.reviewed,
        "commitment_ids": list(s.commitments),
        "roles": list(s.roles),
        "plan": s.plan,
        "observed": s.observed,
    }


def session_json(s: Session, commitments: dict[str, Commitment]) -> dict[str, Any]:
    """`session show --json`: the index plus answers, tells, reviews, commitments and notes."""
    from coachcli.core.commitments import commitment_json

    reviews = []
    for r in s.reviews:
        doc = r.to_doc()
        reviewed = commitments.get(r.commitment)
        doc["text"] = reviewed.text if reviewed else None
        reviews.append(doc)
    return session_index_json(s) | {
        "answers": [
            {
                "question_id": a.question_id,
                "ask": a.ask,
                "answer": a.answer,
                "bank": a.bank,
                "type": a.type,
                "follow_ups": [f.to_doc() for f in a.follow_ups],
            }
            for a in s.answers
        ],
        "tells": list(s.tells),
        "observations": list(s.observations),
        "reviews": reviews,
        "commitments": [commitment_json(commitments[c]) for c in s.commitments if c in commitments],
        "notes": s.notes,
        "prep": s.prep,
        "feedback": s.feedback,
    }


def _indent(text: object, pad: str = "    ") -> list[str]:
    return [pad + line for line in str(text).splitlines()] or [pad]


def session_lines(s: Session, rep_name: str, commitments: dict[str, Commitment]) -> list[str]:
    """A readable rendering of one session for `session show`."""
    lines = [
        f"Session {s.id} · {rep_name} ({s.rep}) · {(s.started or s.date).replace('T', ' ')} · "
        f"{s.minutes} min",
        f"Banks: {', '.join(s.banks) or '-'} · asked {s.asked} · tells {s.told} · "
        f"observations {s.observed} · "
        f"reviewed {s.reviewed} · commitments made {len(s.commitments)}",
    ]
    if s.roles:
        lines.append(f"Manager role on joint calls: {', '.join(s.roles)}")
    if s.reviews:
        lines += ["", "Reviews", *_review_lines(s, commitments)]
    if s.answers:
        lines += ["", "Answers", *_answer_lines(s)]
    if s.tells:
        lines += ["", "Tells (advice given)"]
        lines += [f"  - {t}" for t in s.tells]
    if s.observations:
        lines += ["", "Observations (offered after the rep spoke)"]
        lines += [f"  - {o}" for o in s.observations]
    if s.commitments:
        lines += ["", "Commitments made"]
        for cid in s.commitments:
            c = commitments.get(cid)
            if c is None:
                lines.append(f"  {cid} (removed)")
                continue
            extra = f"due {c.due}" if c.due else "no due date"
            if c.measure:
                extra += f"; we will know: {c.measure}"
            lines.append(f"  {c.id} [{c.status}] {c.text} ({extra})")
    if s.feedback:
        lines += ["", "The rep's feedback", f"  {feedback_text(s.feedback)}"]
    if s.notes:
        lines += ["", "Private notes"]
        lines += _indent(s.notes, "  ")
    return lines


def feedback_text(feedback: dict[str, Any]) -> str:
    """`useful 4/5 (from the prep form): More role play`: the rep's own view of a session."""
    useful = feedback.get("useful")
    rated = f"useful {useful}/5" if useful is not None else "not rated"
    via = " (from the prep form)" if feedback.get("via") == "prep" else ""
    comment = f": {feedback['comment']}" if feedback.get("comment") else ""
    return f"{rated}{via}{comment}"


def _review_lines(s: Session, commitments: dict[str, Commitment]) -> list[str]:
    lines: list[str] = []
    for r in s.reviews:
        c = commitments.get(r.commitment)
        status = "still open" if r.status == "open" else r.status
        during = " (closed during the week)" if r.during_week else ""
        lines.append(f"  {r.commitment} {status}{during}: {c.text if c else '(removed)'}")
        if r.note:
            lines += _indent(f"learned: {r.note}")
        if r.reinforcement:
            lines += _indent(f"keeping it going: {r.reinforcement}")
        if r.due:
            moved = "new due date" if r.status == "open" else f"carried forward as {r.carried}"
            lines += _indent(f"{moved}: {r.due}")
    return lines


def _answer_lines(s: Session) -> list[str]:
    lines: list[str] = []
    for a in s.answers:
        lines.append(f"  {a.ask}")
        if a.answer is None:
            shown = "(skipped)"
        elif isinstance(a.answer, bool):
            shown = "yes" if a.answer else "no"
        else:
            shown = str(a.answer)
        lines += _indent(shown)
        for f in a.follow_ups:
            lines.append(f"    ↳ {f.ask}")
            lines += _indent(f.answer, "      ")
    return lines
