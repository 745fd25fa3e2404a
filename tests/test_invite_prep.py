"""The week's invite tells a rep their filled-in prep form (`coach prep import`) is in, for a
session that week; it never carries what they wrote, the manager's reasoning or commands."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from coachcli.core.models import Prep
from coachcli.services.invites import PREP_LINE
from coachcli.store.repository import Store
from tests.conftest import ok

W49 = ["--week", "2026-W49", "--today", "2026-11-27"]


def _descriptions(path: Path) -> dict[str, str]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["summary"]): str(e.get("description", "")) for e in cal.walk("VEVENT")}


def test_invite_mentions_a_prep_form_waiting_for_that_weeks_session(
    team: Path, tmp_path: Path
) -> None:
    slugs = [r["slug"] for r in ok("rep", "list", "--json").json()]
    prepared, last_week = slugs[0], slugs[2]
    with Store(team).write() as repo:
        answer = [{"ask": "What do you want to cover?", "answer": "PRIVATE-ANSWER-XYZ"}]
        repo.preps.put(Prep(rep=prepared, date="2026-12-02", answers=answer))
        repo.preps.put(Prep(rep=last_week, date="2026-11-24"))  # another week's session
    week = tmp_path / "week.ics"
    ok("plan", "week", *W49, "--ics", str(week))
    text = week.read_text(encoding="utf-8")
    assert "PRIVATE-ANSWER-XYZ" not in text
    assert not any("coach " in d for d in _descriptions(week).values())  # no commands
    names = {r["slug"]: r["name"] for r in ok("rep", "list", "--json").json()}
    invites = _descriptions(week)
    by_rep = {slug: d for s, d in invites.items() for slug in slugs if names[slug] in s}
    assert prepared in by_rep and last_week in by_rep  # a prep for W48 is not mentioned
    assert PREP_LINE in by_rep[prepared]
    assert all(PREP_LINE not in d for slug, d in by_rep.items() if slug != prepared)
