"""What a session says about measured calls, each line naming the call and its date.

- The header's "Last 1:1 (2026-11-27, call k-1a2b3c): you talked 68% of the time", only when
  the rep's last session was measured: a coaching call linked to that session, or a coaching
  call on that session's date. An older measured 1:1 is never passed off as the last one.
- In a `joint-call-debrief` session: the measured role of the rep's latest joint call in the
  last 14 days (the one being debriefed, usually that day's).
- In a `call-review` session: the numbers of the rep's latest measured buyer call.

Example: `one_to_one_line(call)` for a coaching call of 2026-11-27 where the manager talked
68% gives "Last 1:1 (2026-11-27, call k-1a2b3c): you talked 68% of the time".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from coachcli.core.models import Call

JOINT_DEBRIEF = "joint-call-debrief"
CALL_REVIEW = "call-review"
RECENT_DAYS = 14


def _latest(calls: Iterable[Call]) -> Call | None:
    return max(calls, key=lambda c: (c.date, c.added, c.id), default=None)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def last_one_to_one(calls: Sequence[Call], session_id: str, session_date: str) -> Call | None:
    """The measured coaching call of the rep's last session (linked to it, else on its date)."""
    coaching = [c for c in calls if c.kind == "coaching"]
    linked = [c for c in coaching if c.session == session_id]
    same_day = [c for c in coaching if c.date == session_date and c.session in (None, session_id)]
    return _latest(linked or same_day)


def one_to_one_line(call: Call) -> str:
    return (
        f"Last 1:1 ({call.date}, call {call.id}): you talked {_pct(call.manager_share)} of the time"
    )


def joint_line(calls: Iterable[Call], today: date) -> str | None:
    """The measured role on the rep's latest joint call of the last RECENT_DAYS days."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    call = _latest(
        c
        for c in calls
        if c.kind == "joint" and c.manager_role and since <= c.date <= today.isoformat()
    )
    if call is None:
        return None
    return (
        f"Measured joint call of {call.date} ({call.id}): you were {call.manager_role}, "
        f"you talked {_pct(call.manager_share)}, the rep {_pct(call.rep_share)}"
    )


def review_line(calls: Iterable[Call], today: date) -> str | None:
    """The numbers of the rep's latest measured buyer call (joint or customer) up to today."""
    call = _latest(c for c in calls if c.kind != "coaching" and c.date <= today.isoformat())
    if call is None:
        return None
    rep = next((s for s in call.speakers if s.get("role") == "rep"), None)
    if rep is None:
        said = "the rep does not speak in it"
    else:
        said = (
            f"the rep talked {_pct(call.rep_share)}, longest monologue "
            f"{_clock(float(rep.get('longest_monologue') or 0))}, "
            f"{int(rep.get('questions') or 0)} question(s)"
        )
    return (
        f"Measured {call.kind} call of {call.date} ({call.id}, {call.minutes:g} min): {said}; "
        f"buyers and others {_pct(call.other_share)}"
    )


def call_notes(
    calls: Sequence[Call], last: tuple[str, str] | None, today: date
) -> tuple[list[str], dict[str, list[str]]]:
    """(header lines, lines per bank id) for a session with the rep whose calls these are;
    `last` is (id, date) of the rep's last session."""
    header = []
    if last is not None:
        call = last_one_to_one(calls, *last)
        if call is not None:
            header.append(one_to_one_line(call))
    notes = {}
    joint = joint_line(calls, today)
    if joint:
        notes[JOINT_DEBRIEF] = [joint]
    review = review_line(calls, today)
    if review:
        notes[CALL_REVIEW] = [review]
    return header, notes
