"""Commitments as items of the rep's and manager's own task tools: todo.txt and iCalendar.

Managers and reps track work in task lists and calendar apps, not in coach. Each commitment
keeps one identity there: `id:c-19be04` in todo.txt, UID `c-19be04@coach` in a VTODO, so a
second export updates the same items rather than adding copies, and a commitment closed in
coach arrives closed (`x` in todo.txt; COMPLETED or CANCELLED in iCalendar). Only what the
rep agreed to travels: the text, the due date and the measure, never notes or answers. The
output depends only on its inputs (DTSTAMP comes from the caller), so tests can parse it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from coachcli.core.models import Commitment, Rep

if TYPE_CHECKING:
    from icalendar import Todo

PRODID = "-//coach//coach commit export//EN"
# iCalendar's STATUS for a VTODO (RFC 5545 3.8.1.11), by commitment status
VTODO_STATUS = {
    "open": "NEEDS-ACTION",
    "done": "COMPLETED",
    "partial": "COMPLETED",
    "missed": "CANCELLED",
    "dropped": "CANCELLED",
}
# what todo.txt can say: open lines, and `x` lines for what was done (whole or in part)
TODOTXT_STATUSES = ("open", "done", "partial")


def uid(commitment: Commitment) -> str:
    return f"{commitment.id}@coach"


def _closed(commitment: Commitment) -> str | None:
    return commitment.closed_on if commitment.status != "open" else None


def _one_line(text: str) -> str:
    """todo.txt is one task a line: no line breaks, and no word that reads as a tag."""
    flat = " ".join(text.split())
    return re.sub(r"(?<!\S)([+@])(?=\S)", r"\1 ", flat)


def todotxt(commitments: Sequence[Commitment]) -> str:
    """One todo.txt line per open or done commitment (missed and dropped ones have no line).

    `x DONE CREATED text +rep-slug @coaching due:YYYY-MM-DD id:c-xxxxxx` (todo.txt's format:
    completion and creation dates first, then the text, projects, contexts, key:value tags).
    """
    lines = []
    for c in commitments:
        if c.status not in TODOTXT_STATUSES:
            continue
        parts = []
        closed = _closed(c)
        if closed:
            parts += ["x", closed]
        if c.created:
            parts.append(c.created[:10])
        parts += [_one_line(c.text), f"+{c.rep}", "@coaching"]
        if c.due:
            parts.append(f"due:{c.due}")
        parts.append(f"id:{c.id}")
        lines.append(" ".join(parts))
    return "".join(f"{line}\n" for line in lines)


def vtodos(
    commitments: Sequence[Commitment], reps: Mapping[str, Rep], *, stamp: datetime
) -> list[Todo]:
    """A VTODO per commitment, for a calendar of their own or beside the plan's sessions."""
    from icalendar import Todo

    stamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    out: list[Todo] = []
    for c in commitments:
        todo = Todo()
        todo.add("uid", uid(c))
        todo.add("dtstamp", stamp)
        rep = reps.get(c.rep)
        todo.add("summary", c.text)
        if c.created:
            todo.add("created", datetime.fromisoformat(c.created[:10]).replace(tzinfo=UTC))
        if c.due:
            todo.add("due", date.fromisoformat(c.due))
        lines = [f"Agreed with {rep.name if rep else c.rep} in a coaching 1:1."]
        if c.measure:
            lines.append(f"How we will both know: {c.measure}")
        todo.add("description", "\n".join(lines))
        todo.add("categories", ["coaching", rep.name if rep else c.rep])
        todo.add("status", VTODO_STATUS.get(c.status, "NEEDS-ACTION"))
        closed = _closed(c)
        if closed and c.status in ("done", "partial"):
            todo.add("completed", datetime.fromisoformat(closed).replace(tzinfo=UTC))
            todo.add("percent-complete", 100 if c.status == "done" else 50)
        out.append(todo)
    return out


def tasks_calendar(
    commitments: Sequence[Commitment], reps: Mapping[str, Rep], *, stamp: datetime
) -> str:
    """A VCALENDAR holding only the commitments' VTODOs."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Coaching commitments")
    for todo in vtodos(commitments, reps, stamp=stamp):
        cal.add_component(todo)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
