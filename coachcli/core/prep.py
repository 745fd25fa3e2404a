"""The rep's prep form: what it asks, and what a filled-in form says (pure values).

The form is markdown with YAML front matter (docs/formats.md, "Prep form"); writing it is
`coachcli.export.prep`, reading it back `coachcli.inputs.prep`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

FORM_TYPE = "coach-prep"
COMMITMENTS = "Commitments"
COVER = "What do you want to cover?"
FEEDBACK = "How useful was our last 1:1, 1 to 5, and what would make the next one better?"
FEEDBACK_PREFIX = "How useful was our last 1:1"
PREP_STATUSES = ("open", "done", "partial", "missed")
QUESTIONS_FROM_BANK = 3


@dataclass
class FormCommitment:
    id: str
    text: str
    due: str | None
    measure: str | None


@dataclass
class PrepForm:
    """What `coach prep` writes for one rep's next session."""

    rep: str  # slug
    name: str
    session_date: str  # ISO date of the session it prepares
    generated: str  # ISO date
    manager: str
    bank: str | None
    commitments: list[FormCommitment]
    questions: list[str]  # from the focus bank, to think about in advance
    week: str = ""  # ISO week of session_date
    last: str | None = None  # id of the rep's last session (the 1:1 it asks them to rate)
    token: str = ""  # form_token(...) of rep, session_date and last


def form_token(key: bytes, rep: str, session_date: str, last: str | None) -> str:
    """What binds a form to the rep and session coach wrote it for: a keyed hash (HMAC) of
    the rep's slug, the session's date and the last session's id. Nobody without the home's
    key can make one for another rep or session, so an edited `rep:`, `session:` or `last:`
    no longer matches its `token:`."""
    message = "\0".join(("coach-prep", rep, session_date, last or "")).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]


def token_matches(key: bytes, token: str, rep: str, session_date: str, last: str | None) -> bool:
    return hmac.compare_digest(token, form_token(key, rep, session_date, last))


@dataclass
class Located:
    """A value read from the form and the line it was on (for located errors)."""

    value: str
    line: int


@dataclass
class ReportedStatus:
    commitment: str
    status: str
    note: str | None
    line: int  # the `###` heading's line
    status_line: int


@dataclass
class FilledForm:
    """What a filled-in form says, before it is checked against the store."""

    rep: Located
    session_date: str | None
    answers: list[tuple[str, str]]  # (question, answer), in the form's order
    statuses: list[ReportedStatus]
    useful: int | None
    comment: str | None
    feedback_line: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    token: Located | None = None
    last: str | None = None  # the session the form's feedback rates
    front_line: int = 1  # the front matter's first line (`---`)

    def prep_doc(self) -> dict[str, Any]:
        """The `prep` object stored with the session (and in `session show --json`)."""
        feedback = None
        if self.useful is not None or self.comment:
            feedback = {"useful": self.useful, "comment": self.comment}
        return {
            "date": self.session_date,
            "answers": [{"ask": ask, "answer": answer} for ask, answer in self.answers],
            "statuses": [
                {"commitment": s.commitment, "status": s.status, "note": s.note}
                for s in self.statuses
            ],
            "feedback": feedback,
        }


def prep_lines(prep: dict[str, Any], name: str) -> list[str]:
    """The "Dana's prep" block a session shows first."""
    first = name.split()[0] if name.strip() else name
    lines = [f"{first}'s prep"]
    for item in prep.get("answers", []):
        lines.append(f"  {item.get('ask', '')}")
        lines += [f"    {line}" for line in str(item.get("answer", "")).splitlines()]
    for status in prep.get("statuses", []):
        note = f": {status['note']}" if status.get("note") else ""
        lines.append(f"  {status.get('commitment')} reported {status.get('status')}{note}")
    feedback = prep.get("feedback") or {}
    if feedback.get("useful") is not None or feedback.get("comment"):
        useful = feedback.get("useful")
        rated = f"{useful}/5" if useful is not None else "not rated"
        comment = f": {feedback['comment']}" if feedback.get("comment") else ""
        lines.append(f"  Last 1:1: {rated}{comment}")
    if len(lines) == 1:
        lines.append("  (the form came back empty)")
    return lines


def reported_status(prep: dict[str, Any] | None, commitment: str) -> dict[str, Any] | None:
    """The status and note the rep reported for `commitment`, if they changed it."""
    for status in (prep or {}).get("statuses", []):
        if status.get("commitment") == commitment and status.get("status") != "open":
            return status  # type: ignore[no-any-return]
    return None
