"""Commitment-review is for commitments overdue at the session and not reviewed since: one
item reviewed in the last session (and kept open) does not take over the plan week after
week, and the plan's reason says what is overdue and since when."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from coachcli.core.commitments import change_status, new_commitment
from coachcli.core.models import Session
from coachcli.store.repository import Store
from tests.conftest import ok

W49 = ("--week", "2026-W49", "--today", "2026-11-30")
SAM = "sam-obrien"
AIKO = "aiko-tanaka"  # prefers thu 11:00: her W49 session is Thu 3 Dec


def _commitment(home: Path, rep: str, due: str, *, reviewed: str | None = None) -> None:
    """A commitment made in a session on 17 Nov, due `due`, reviewed (kept open) on
    `reviewed` in a later session when given."""
    with Store(home).write() as repo:
        repo.save_session(Session(id="s-000001", rep=rep, date="2026-11-17"))
        made = new_commitment(
            "c-000001",
            rep,
            "Call Acme",
            created=date(2026, 11, 17),
            due=date.fromisoformat(due),
            session="s-000001",
            at=datetime(2026, 11, 17, 10, 0),
        )
        if reviewed is not None:
            repo.save_session(Session(id="s-000002", rep=rep, date=reviewed))
            at = datetime.fromisoformat(reviewed + "T10:00")
            change_status(made, "open", at=at, session="s-000002", note="still on it")
        repo.commitments.put(made)


def _slot(rep: str) -> dict[str, object]:
    data = ok("plan", "week", *W49, "--json").json()
    assert isinstance(data, list)
    return dict(next(s for s in data if s["rep"] == rep))


def test_an_overdue_commitment_not_reviewed_since_gets_a_review_and_says_since_when(
    team: Path,
) -> None:
    _commitment(team, SAM, "2026-11-24")
    sam = _slot(SAM)
    assert sam["focus"] == "commitment-review"
    assert sam["reason"] == "1 commitment overdue since Tue 24 Nov, not reviewed since"
    assert sam["overdue_commitments"] == 1


def test_a_commitment_reviewed_in_a_later_session_does_not_take_over_the_plan(
    team: Path,
) -> None:
    # due two days before Thursday's session, which reviewed it and kept it open
    _commitment(team, SAM, "2026-11-24", reviewed="2026-11-26")
    sam = _slot(SAM)
    assert sam["focus"] != "commitment-review"
    assert sam["overdue_commitments"] == 0 and sam["open_commitments"] == 1


def test_overdue_is_judged_at_the_session_not_at_the_day_of_planning(team: Path) -> None:
    # due Tuesday 1 Dec (on Monday, planning, not yet overdue); Aiko's session is Thursday
    _commitment(team, AIKO, "2026-12-01")
    aiko = _slot(AIKO)
    assert aiko["start"] == "2026-12-03T11:00"
    assert aiko["focus"] == "commitment-review"
    assert aiko["reason"] == "1 commitment overdue since Tue 1 Dec, not reviewed since"
