"""`coach commit export`: commitments in the task list or calendar where the work is tracked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import fails, ok

TODAY = "2026-11-30"


def add(rep: str, text: str, *extra: str) -> str:
    return ok("commit", "add", rep, text, *extra, "--today", "2026-11-23").stdout.strip()


@pytest.fixture
def three(team: Path) -> dict[str, str]:
    ids = {
        "open": add(
            "dana", "Book the Acme workshop", "--due", "2026-12-04", "--measure", "Invite accepted"
        ),
        "done": add("dana", "Send the pricing deck", "--due", "2026-11-27"),
        "marco": add("marco", "Call the CFO +urgent", "--due", "2026-12-02"),
        "dropped": add("dana", "Cold-call the old list", "--due", "2026-11-28"),
    }
    ok("commit", "done", ids["done"], "--note", "PRIVATE-note-5521", "--today", "2026-11-26")
    ok("commit", "drop", ids["dropped"], "--today", "2026-11-26")
    return ids


def todo_lines(*args: str) -> list[str]:
    return ok("commit", "export", *args, "--today", TODAY).stdout.splitlines()


def test_todotxt_lines_carry_the_rep_the_due_date_and_the_id(three: dict[str, str]) -> None:
    lines = todo_lines()
    assert len(lines) == 3  # the dropped one has no todo.txt form
    [acme] = [line for line in lines if three["open"] in line]
    assert acme == (
        f"2026-11-23 Book the Acme workshop +dana-lee @coaching due:2026-12-04 id:{three['open']}"
    )
    [deck] = [line for line in lines if three["done"] in line]
    assert deck.startswith("x 2026-11-26 2026-11-23 Send the pricing deck +dana-lee")
    [cfo] = [line for line in lines if three["marco"] in line]
    assert "+ urgent" in cfo and "+marco-rossi" in cfo  # typed text never reads as a project
    for line in lines:
        assert re.fullmatch(
            r"(x \d{4}-\d\d-\d\d )?\d{4}-\d\d-\d\d .+ due:\S+ id:c-[0-9a-f]{6}", line
        )
    assert "PRIVATE-note-5521" not in "\n".join(lines)


def test_rep_filters_the_export(three: dict[str, str]) -> None:
    lines = todo_lines("--rep", "marco")
    assert len(lines) == 1 and three["marco"] in lines[0]


def _todos(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(t["uid"]): t for t in cal.walk("VTODO")}


def test_ics_vtodos_parse_back_with_stable_uids_due_and_the_measure(
    three: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "tasks.ics"
    result = ok("commit", "export", "-o", str(out), "--today", TODAY)  # format from the suffix
    assert "wrote 4 commitment(s)" in result.stderr
    todos = _todos(out.read_text())
    acme = todos[f"{three['open']}@coach"]
    assert str(acme["summary"]) == "Book the Acme workshop"  # type: ignore[index]
    assert acme["due"].dt.isoformat() == "2026-12-04"  # type: ignore[index]
    assert "Invite accepted" in str(acme["description"])  # type: ignore[index]
    assert str(acme["status"]) == "NEEDS-ACTION"  # type: ignore[index]
    done = todos[f"{three['done']}@coach"]
    assert str(done["status"]) == "COMPLETED"  # type: ignore[index]
    assert done["completed"].dt.date().isoformat() == "2026-11-26"  # type: ignore[index]
    assert str(todos[f"{three['dropped']}@coach"]["status"]) == "CANCELLED"  # type: ignore[index]
    assert "PRIVATE-note-5521" not in out.read_text()


def test_exporting_again_updates_the_same_items(three: dict[str, str], tmp_path: Path) -> None:
    first = _todos(ok("commit", "export", "--format", "ics", "--today", TODAY).stdout)
    ok("commit", "done", three["open"], "--today", "2026-12-01")
    again = _todos(ok("commit", "export", "--format", "ics", "--today", "2026-12-01").stdout)
    assert set(first) == set(again)
    assert str(again[f"{three['open']}@coach"]["status"]) == "COMPLETED"  # type: ignore[index]


def test_closed_commitments_older_than_since_are_left_out(three: dict[str, str]) -> None:
    lines = todo_lines("--since", "2026-11-27")
    assert not any(three["done"] in line for line in lines)
    assert any(three["open"] in line for line in lines)


def test_an_unknown_format_or_rep_is_a_user_error(three: dict[str, str]) -> None:
    assert "todotxt, ics" in fails(1, "commit", "export", "--format", "csv").stderr
    assert fails(1, "commit", "export", "--rep", "nobody").stderr


def test_plan_week_ics_can_carry_the_planned_reps_open_commitments(
    three: dict[str, str], tmp_path: Path
) -> None:
    week = tmp_path / "week.ics"
    ok("plan", "week", "--today", TODAY, "--ics", str(week), "--with-commitments")
    cal = Calendar.from_ical(week.read_text())
    uids = {str(t["uid"]) for t in cal.walk("VTODO")}
    assert uids == {f"{three['open']}@coach", f"{three['marco']}@coach"}  # open ones only
    assert len(cal.walk("VEVENT")) >= 2
    plain = tmp_path / "plain.ics"
    ok("plan", "week", "--today", TODAY, "--ics", str(plain))
    assert not Calendar.from_ical(plain.read_text()).walk("VTODO")
    assert "--ics" in fails(1, "plan", "week", "--today", TODAY, "--with-commitments").stderr
