"""The review of last week's commitments, first in every session.

Open commitments come first (soonest due first), then those the rep closed between sessions
(`commit done` during the week): for these the status is known, so the review asks what was
learned and, for done ones, how the rep will keep it going (recognition and reinforcement).
Each open one is marked done / partial / missed / dropped / still open; a still open one may
get a new due date (kept in its history), a missed or partial one may be carried forward to a
new due date (a new commitment, the old one keeps its status). `/back` goes to the previous
sub-step, and from the first one to the previous commitment's review.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.core.models import Commitment, Review
from coachcli.core.session import rep_steps
from coachcli.core.session.state import parse_due
from coachcli.core.text import clean_text
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.session.base import FlowBase

STATUSES: tuple[tuple[str, str], ...] = (
    ("done", "done"),
    ("partial", "partial"),
    ("missed", "missed"),
    ("dropped", "dropped"),
    ("open", "still open"),
)
STATUS_HINT = "  ·  ".join(f"{i} {label}" for i, (_, label) in enumerate(STATUSES, start=1))
CARRIED = ("open", "partial", "missed")  # statuses that may get a new due date


def parse_status(text: str) -> str | None:
    """`1`..`5`, or a status word (any unique prefix, `still open` or `open`)."""
    word = text.strip().lower()
    if word.isdigit():
        number = int(word)
        return STATUSES[number - 1][0] if 1 <= number <= len(STATUSES) else None
    found = [value for value, label in STATUSES if label.startswith(word) or value == word]
    return found[0] if len(found) == 1 else None


def run(f: FlowBase) -> None:
    items = f.ctx.to_review
    if f.state.review_pos < len(items):
        f.p.note(f"Review of commitments ({len(items)})", style="bold")
    while f.state.review_pos < len(items):
        i = f.state.review_pos
        outcome = _review(f, items[i], i, len(items))
        if outcome == "back":
            if i == 0:
                f.p.note("This is the first review.", style="dim")
                continue
            _reopen(f, items[i - 1])
            f.state.review_pos = i - 1
        else:
            f.state.review_pos = i + 1
        f.changed()
    f.advance("questions")


def _reopen(f: FlowBase, previous: Commitment) -> None:
    """/back to the previous review: what was recorded comes back, from its first step, each
    answer prefilled (Enter keeps it)."""
    recorded = next((r for r in f.state.reviews if r.commitment == previous.id), None)
    f.state.reviews = [r for r in f.state.reviews if r.commitment != previous.id]
    if recorded is None:  # it was skipped: asked afresh
        return
    values = {
        "status": recorded.status,
        "note": recorded.note,
        "keep": recorded.reinforcement,
        "due": recorded.due,
    }
    pending = {"kind": "review", "commitment": previous.id, "at": 0}
    f.state.pending = pending | {k: v for k, v in values.items() if v is not None}


def describe(c: Commitment, today: date) -> str:
    """`c-19be04: Call 20 prospects (due 2026-11-20, 4 days overdue); we will know by: ...`"""
    when = ""
    if c.due:
        days = (today - date.fromisoformat(c.due)).days
        if c.status != "open":
            when = f" (due {c.due})"
        elif days > 0:
            when = f" (due {c.due}, {days} day{'s' if days != 1 else ''} overdue)"
        elif days == 0:
            when = f" (due {c.due}, today)"
        else:
            when = f" (due {c.due}, in {-days} day{'s' if days != -1 else ''})"
    measure = f"; we will know by: {c.measure}" if c.measure else ""
    return f"{c.id}: {c.text}{when}{measure}"


def _steps(pending: dict[str, Any], during_week: bool) -> list[str]:
    status = pending.get("status")
    steps = [] if during_week else ["status"]
    steps.append("note")
    if status == "done":
        steps.append("keep")
    if status in CARRIED and not during_week:
        steps.append("due")
    return steps


def _review(f: FlowBase, c: Commitment, number: int, total: int) -> str:
    """Review one commitment: "reviewed", "skipped" (Enter at the status) or "back"."""
    during_week = c.status != "open"
    pending = f.state.pending
    if not pending or pending.get("commitment") != c.id:
        pending = {"kind": "review", "commitment": c.id}
        if during_week:
            pending["status"] = c.status
    f.p.note(f.timer_line(f"review {number + 1}/{total}"), style="dim")
    f.p.note(describe(c, f.ctx.today))
    if during_week:
        f.p.note(f"Closed during the week: {c.status} on {c.closed_on}. Recognise it.")
    names = _steps(pending, during_week)
    step = pending.pop("at", None)  # reopened by /back: from the first step, prefilled
    if step is None:  # else resume at the first step not answered yet
        step = next((i for i, name in enumerate(names) if name not in pending), len(names))
    while step < len(names := _steps(pending, during_week)):
        name = names[step]
        reply = _ask(f, name, c, pending)
        if reply.kind == "back":
            if step == 0:
                f.pend(None)
                return "back"
            step -= 1
            continue
        if name == "status" and reply.kind == "skip":
            f.p.note(f"{c.id} not reviewed; it stays as it is", style="dim")
            f.pend(None)
            return "skipped"
        pending[name] = _value(f, name, reply.text) if reply.kind == "answer" else None
        f.pend(pending)
        step += 1
    f.state.reviews.append(
        Review(
            commitment=c.id,
            status=pending["status"],
            note=pending.get("note") or None,
            reinforcement=pending.get("keep") or None if pending["status"] == "done" else None,
            due=pending.get("due") if pending["status"] in CARRIED else None,
            during_week=during_week,
        )
    )
    f.state.pending = None
    return "reviewed"


def _ask(f: FlowBase, name: str, c: Commitment, pending: dict[str, Any]) -> Any:
    earlier = pending.get(name) or rep_steps.reported(f, c, name)  # the rep's prep, if any
    if name == "status":
        label = dict(STATUSES).get(earlier, "")
        return f.ask(
            "How did it go?",
            hint=f"{STATUS_HINT}  (a number or the word; Enter skips this review)",
            default=label,
            check=lambda t: None if parse_status(t) else f"type 1 to {len(STATUSES)}",
        )
    if name == "note":
        return f.ask(
            "What did you learn?", hint="In the rep's words; Enter to skip", default=earlier
        )
    if name == "keep":
        return f.ask(
            "How will you keep this going?",
            hint="The habit, in their words; reminders check on it; Enter to skip",
            default=earlier,
        )
    keeps = f"Enter keeps {c.due}" if pending["status"] == "open" and c.due else "Enter: none"
    carry = "a new due date" if pending["status"] == "open" else "carry it forward to"
    return f.ask(
        f"New due date ({carry})?",
        hint=f"YYYY-MM-DD or +DAYS, like +7; {keeps}",
        default=earlier,
        check=lambda t: _due_problem(t, f.ctx.today),
    )


def _value(f: FlowBase, name: str, text: str) -> str | None:
    if name == "status":
        return parse_status(text)
    if name == "due":
        return parse_due(text, f.ctx.today).isoformat()
    return clean_text(text, field="answer") or None


def _due_problem(text: str, today: date) -> str | None:
    try:
        parse_due(text, today)
    except CoachError as exc:
        return exc.message
    return None
