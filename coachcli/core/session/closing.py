"""The end of a session: new commitments, in the rep's words, then the private notes.

An answer to a question that already asks for a commitment ("What exactly will you do...?")
is offered as the next commitment, its text prefilled and editable, so nothing is typed twice;
an answer to "How will we both know...?" prefills the measure. `/cancel` drops the commitment
being entered, `/back` goes to the previous part of it (and from a new one to the last one
saved), `/done` moves on to the notes keeping a commitment whose text is typed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from coachcli.core.session.base import GoTo
from coachcli.core.session.state import parse_due
from coachcli.core.text import clean_line, clean_text
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.session.base import FlowBase

COMMIT_ASK = re.compile(
    r"\bwill you (aim to )?(do|commit|try|practi[cs]e|change|stop|start|book|send|call|record)\b"
    r"|\bcommit to\b",
    re.IGNORECASE,
)
MEASURE_ASK = re.compile(r"\bhow will (we|you|both of us)( both)? know\b", re.IGNORECASE)
# A bank's hint that says what the answer is for ("Record it as a commitment.").
COMMIT_HINT = re.compile(r"\bas a commitment\b", re.IGNORECASE)
MEASURE_HINT = re.compile(r"\bas the commitment'?s measure\b", re.IGNORECASE)
PARTS = ("text", "due", "measure")


def _asks(f: FlowBase, key: str, ask: str, wording: re.Pattern[str], hint: re.Pattern[str]) -> bool:
    """The question asks for this by its wording, or its bank's hint says the answer is it."""
    if wording.search(ask):
        return True
    found = f.find_question(key)
    return found is not None and bool(found[1].hint) and bool(hint.search(found[1].hint or ""))


def candidates(f: FlowBase) -> list[tuple[str, str]]:
    """(answer key, text) of answers that already name a commitment, not offered yet: the
    question asks what the rep will do, or its hint says to record the answer as one (the
    wrap-ups of new-rep-ramp and call-review)."""
    made = {str(c.get("text")) for c in f.state.commitments}
    return [
        (key, " ".join(str(a.answer).split()))
        for key, a in f.state.answers.items()
        if isinstance(a.answer, str | int)
        and not isinstance(a.answer, bool)
        and str(a.answer).strip()
        and key not in f.state.offered
        and str(a.answer) not in made
        and _asks(f, key, a.ask, COMMIT_ASK, COMMIT_HINT)
    ]


def measure_answer(f: FlowBase) -> str:
    """The answer to "How will we both know...?", until a commitment carries it."""
    used = {str(c.get("measure")) for c in f.state.commitments}
    found = [
        str(a.answer)
        for key, a in f.state.answers.items()
        if isinstance(a.answer, str) and _asks(f, key, a.ask, MEASURE_ASK, MEASURE_HINT)
    ]
    measure = clean_line(found[0], field="measure", max_chars=1000) if found else ""
    return "" if measure in used else measure


def commitments(f: FlowBase) -> None:
    f.p.note("New commitments, in the rep's words (Enter on an empty line when done)", style="bold")
    try:
        while _one(f):
            pass
    except GoTo:
        pending = f.state.pending or {}
        if pending.get("text"):  # /done with a commitment typed: keep it
            _keep(f, pending)
        raise
    f.advance("notes")


def _one(f: FlowBase) -> bool:
    """Enter one commitment; False when the manager is done with commitments."""
    pending: dict[str, Any] = f.state.pending or {"kind": "commitment"}
    number = len(f.state.commitments) + 1
    offer = candidates(f)[0] if "text" not in pending and candidates(f) else None
    if offer is not None:
        pending["from"] = offer[0]
        f.p.note(
            f"From the answer to “{f.state.answers[offer[0]].ask}”: Enter keeps it, edit it, "
            "or /skip",
            style="dim",
        )
    part = pending.pop("part", None)
    if part is None:  # resume at the first part not typed yet (the measure may be empty)
        part = next((i for i, name in enumerate(PARTS) if name not in pending), len(PARTS) - 1)
    while part < len(PARTS):
        name = PARTS[part]
        if part == 0:
            f.p.note(f.timer_line(f"commitment {number}"), style="dim")
        reply = _ask(f, name, number, pending, offer)
        if reply.kind == "cancel":
            _mark_offered(f, pending)
            f.p.note("commitment dropped", style="dim")
            f.pend(None)
            return True
        if reply.kind == "back":
            if part == 0:
                return _reopen_last(f)
            part -= 1
            continue
        if name == "text" and reply.kind == "skip":
            if offer is None:
                return False
            _mark_offered(f, pending)
            f.pend(None)
            return True
        pending[name] = _value(f, name, reply.text) if reply.kind == "answer" else None
        f.pend(pending)
        part += 1
    _keep(f, pending)
    return True


def _ask(f: FlowBase, name: str, number: int, pending: dict[str, Any], offer: Any) -> Any:
    earlier = pending.get(name) or ""
    if name == "text":
        return f.ask(
            f"Commitment {number}: what will you do?",
            hint="Their words, one concrete action; Enter on an empty line when done",
            default=earlier or (offer[1] if offer else ""),
            check=lambda t: _line_problem(t) or _date_as_text(t),
            cancellable=True,
        )
    if name == "due":
        return f.ask(
            "By when?",
            hint="YYYY-MM-DD or +DAYS",
            default=earlier or f.ctx.default_due.isoformat(),
            check=lambda t: _due_problem(f, t),
            cancellable=True,
        )
    return f.ask(
        "How will we know it happened?",
        hint="Something you can both check; Enter to skip",
        default=earlier or measure_answer(f),
        check=lambda t: _line_problem(t),
        cancellable=True,
    )


def _value(f: FlowBase, name: str, text: str) -> str | None:
    if name == "due":
        return parse_due(text, f.ctx.today).isoformat()
    return clean_line(text, field="answer", max_chars=1000) or None


def _keep(f: FlowBase, pending: dict[str, Any]) -> None:
    _mark_offered(f, pending)
    f.state.commitments.append(
        {
            "text": pending["text"],
            "due": pending.get("due") or f.ctx.default_due.isoformat(),
            "measure": pending.get("measure") or None,
        }
    )
    f.state.pending = None
    f.changed()


def _mark_offered(f: FlowBase, pending: dict[str, Any]) -> None:
    source = pending.get("from")
    if source and source not in f.state.offered:
        f.state.offered.append(source)


def _reopen_last(f: FlowBase) -> bool:
    """/back at a new commitment: the last one saved comes back, from its text, to correct."""
    if not f.state.commitments:
        f.p.note("No commitment yet to go back to.", style="dim")
        return True
    last = f.state.commitments.pop()
    f.pend({"kind": "commitment", "part": 0} | {k: v for k, v in last.items() if v})
    return True


_DATE_LIKE = re.compile(r"^\s*(\+\d+|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?)\s*$")


def _date_as_text(text: str) -> str | None:
    """A date typed where the action goes (the due date comes next) is refused."""
    if _DATE_LIKE.match(text):
        return "that is a date: type what the rep will do; the due date comes next"
    return None


def _line_problem(text: str) -> str | None:
    try:
        clean_line(text, field="answer", max_chars=1000)
    except CoachError as exc:
        return exc.message
    return None


def _due_problem(f: FlowBase, text: str) -> str | None:
    try:
        parse_due(text, f.ctx.today)
    except CoachError as exc:
        return exc.message
    return None


def notes(f: FlowBase) -> None:
    f.p.note(f.timer_line("notes"), style="dim")
    after = "scores" if f.state.scorecard else "feedback"  # then the rep's step
    try:
        reply = f.ask(
            "Private notes?", hint="Only you see these; Enter to skip", default=f.state.notes
        )
    except GoTo:  # /done: the notes as they were, and the rep's step is still offered
        f.advance(after)
        return
    if reply.kind == "back":
        f.advance("commitments")
        return
    f.state.notes = clean_text(reply.text, field="notes") if reply.kind == "answer" else ""
    f.advance(after)
