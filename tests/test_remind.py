"""`coach remind` on a store built through the CLI, checked list by list against what it implies.

The store (today is Monday 2026-11-30, `--days 3`):

- Ana: held a session on 11-27; one commitment overdue (due 11-25), one due on 12-02, one
  due later (12-10, not listed).
- Ben: last session 11-16 (14 days ago), missed his planned W48 slot; commitments done on
  11-23 (1-week habit check today), 11-02 (4-week check today) and 11-14 (2-week mark was
  11-28: still shown, inside the 3-day window), 11-10 (no mark near today); one missed.
- Cy: never coached, missed his planned W48 slot.
- Dee: a session every week from W44 to W48 (a 5-week streak), kept both commitments due
  in the last 28 days.
- Eve: archived, with an overdue commitment: in no list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fails, ok, run

TODAY = "2026-11-30"


def add(rep: str, text: str, today: str, due: str | None = None) -> str:
    args = ["commit", "add", rep, text, "--today", today]
    if due:
        args += ["--due", due]
    return ok(*args).stdout.strip()


def held(rep: str, day: str, answers: Path) -> str:
    return ok("session", "start", rep, "--answers", str(answers), "--today", day).stdout.strip()


@pytest.fixture
def store(tmp_path: Path) -> dict[str, Any]:
    answers = tmp_path / "answers.yaml"
    answers.write_text("bank: weekly-checkin\nanswers: {}\n")
    for name in ("Ana Silva", "Ben Okafor", "Cy Young", "Dee Park", "Eve Stone"):
        ok("rep", "add", name)
    ids: dict[str, str] = {}
    ids["eve"] = add("eve", "Call the old accounts", "2026-11-01", "2026-11-10")
    ok("rep", "archive", "eve")

    for day in ("2026-10-27", "2026-11-03", "2026-11-10", "2026-11-17"):
        held("dee", day, answers)
    held("ben", "2026-11-16", answers)
    w48 = ok("plan", "week", "--today", "2026-11-23", "--json").json()
    assert isinstance(w48, list)
    held("dee", "2026-11-24", answers)
    held("ana", "2026-11-27", answers)

    ids["a1"] = add("ana", "Send the Acme recap", "2026-11-18", "2026-11-25")
    ids["a2"] = add("ana", "Book two discovery calls", "2026-11-27", "2026-12-02")
    ids["a3"] = add("ana", "Draft the territory plan", "2026-11-27", "2026-12-10")

    ids["b1"] = add("ben", "Prep every call with a one-line goal", "2026-11-09", "2026-11-20")
    ok("commit", "done", ids["b1"], "--today", "2026-11-23", "--keep", "Keep it up")
    ids["b2"] = add("ben", "Log calls the same day", "2026-10-23", "2026-10-30")
    ok("commit", "done", ids["b2"], "--today", "2026-11-02", "--keep", "Keep it up")
    ids["b3"] = add("ben", "Ask for the next step on every call", "2026-11-07", "2026-11-14")
    ok("commit", "done", ids["b3"], "--today", "2026-11-14", "--keep", "Keep it up")
    ids["b4"] = add("ben", "Update the CRM on Fridays", "2026-11-03", "2026-11-10")
    ok("commit", "done", ids["b4"], "--today", "2026-11-10")
    ids["b5"] = add("ben", "Shadow Dee on a demo", "2026-11-11", "2026-11-18")
    ok("commit", "miss", ids["b5"], "--today", "2026-11-19")

    ids["d1"] = add("dee", "Qualify the Initech lead", "2026-11-03", "2026-11-10")
    ok("commit", "done", ids["d1"], "--today", "2026-11-09")
    ids["d2"] = add("dee", "Run the pricing workshop", "2026-11-10", "2026-11-20")
    ok("commit", "done", ids["d2"], "--today", "2026-11-19")

    w49 = ok("plan", "week", "--today", TODAY, "--json").json()
    return {"ids": ids, "w48": w48, "w49": w49}


def slot(plan: list[dict[str, Any]], rep: str) -> dict[str, Any]:
    return next(s for s in plan if s["rep"] == rep)


def test_remind_json_lists_exactly_what_the_store_implies(store: dict[str, Any]) -> None:
    ids, w48, w49 = store["ids"], store["w48"], store["w49"]
    got = ok("remind", "--today", TODAY, "--days", "3", "--json").json()
    assert isinstance(got, dict)

    assert [(i["rep"], i["id"], i["due"], i["days_overdue"]) for i in got["overdue"]] == [
        ("ana-silva", ids["a1"], "2026-11-25", 5)
    ]
    assert [(i["rep"], i["id"], i["due"], i["days_left"]) for i in got["due_soon"]] == [
        ("ana-silva", ids["a2"], "2026-12-02", 2)
    ]
    missed_ben, missed_cy = slot(w48, "ben-okafor")["start"], slot(w48, "cy-young")["start"]
    assert [
        (i["rep"], i["days_since_last"], i["missed_planned"]) for i in got["out_of_cadence"]
    ] == [
        ("ben-okafor", 14, missed_ben),
        ("cy-young", None, missed_cy),
    ]
    assert got["out_of_cadence"][1]["reason"].startswith("never coached")
    assert [(i["rep"], i["id"], i["done_on"], i["weeks_since"]) for i in got["habit_checks"]] == [
        ("ben-okafor", ids["b3"], "2026-11-14", 2),
        ("ben-okafor", ids["b2"], "2026-11-02", 4),
        ("ben-okafor", ids["b1"], "2026-11-23", 1),
    ]
    assert all(i["prompt"] == "Is it still happening?" for i in got["habit_checks"])
    assert [(i["rep"], i["kind"]) for i in got["recognition"]] == [
        ("dee-park", "kept_commitments"),
        ("dee-park", "streak"),
    ]
    assert got["recognition"][0]["kept"] == 2 and got["recognition"][1]["weeks"] == 5

    upcoming = sorted(
        (s["start"], s["rep"])
        for s in w49
        if s["status"] == "planned" and s["start"] <= "2026-12-04"
    )
    assert [(i["start"], i["rep"]) for i in got["sessions"]] == upcoming
    assert {i["rep"] for i in got["sessions"]} <= {
        "ana-silva",
        "ben-okafor",
        "cy-young",
        "dee-park",
    }


def test_remind_prints_one_line_per_item_in_sections(store: dict[str, Any]) -> None:
    result = ok("remind", "--today", TODAY)
    lines = result.stdout.splitlines()
    assert "Overdue commitments (1)" in lines
    overdue = lines[lines.index("Overdue commitments (1)") + 1]
    assert "Ana Silva" in overdue and store["ids"]["a1"] in overdue and "5 days late" in overdue
    assert "Habit checks: is it still happening? (3)" in lines
    assert any("Cy Young" in line and "never coached" in line for line in lines)
    assert any("Dee Park" in line and "5 weeks in a row" in line for line in lines)
    assert "Eve" not in result.stdout
    assert result.stderr == ""


def test_habit_check_shows_on_its_mark_and_three_days_after_then_goes(tmp_path: Path) -> None:
    ok("rep", "add", "Ana Silva")
    cid = add("ana", "Open every call with the agenda", "2026-11-01", "2026-11-05")
    ok("commit", "done", cid, "--today", "2026-11-02", "--keep", "Agenda in every invite")

    def checks(day: str) -> list[int]:
        got = ok("remind", "--today", day, "--json").json()
        return [i["weeks_since"] for i in got["habit_checks"]]  # type: ignore[index]

    assert checks("2026-11-08") == []
    assert checks("2026-11-09") == [1]
    assert checks("2026-11-12") == [1]
    assert checks("2026-11-13") == []
    assert checks("2026-11-16") == [2]
    assert checks("2026-11-30") == [4]
    assert checks("2026-12-04") == []


def test_nothing_to_do_prints_nothing_and_exits_0(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: weekly-checkin\nanswers: {}\n")
    ok("rep", "add", "Ana Silva")
    held("ana", "2026-11-27", answers)
    result = ok("remind", "--today", TODAY)
    assert result.stdout == "" and result.stderr == ""


def test_an_empty_store_prints_nothing_but_json_prints_empty_lists() -> None:
    assert ok("remind", "--today", TODAY).stdout == ""
    assert ok("remind", "--today", TODAY, "--json").json() == {
        "sessions": [],
        "overdue": [],
        "due_soon": [],
        "out_of_cadence": [],
        "habit_checks": [],
        "recognition": [],
    }


def test_days_widens_due_soon() -> None:
    ok("rep", "add", "Ana Silva")
    cid = add("ana", "Book the QBR", "2026-11-27", "2026-12-06")
    assert ok("remind", "--today", TODAY, "--json").json()["due_soon"] == []  # type: ignore[index]
    soon = ok("remind", "--today", TODAY, "--days", "7", "--json").json()["due_soon"]  # type: ignore[index]
    assert [(i["id"], i["days_left"]) for i in soon] == [(cid, 6)]


@pytest.mark.parametrize("days", ["-1", "x", "1.5", "9999"])
def test_bad_days_is_a_one_line_user_error(days: str) -> None:
    result = fails(1, "remind", "--days", days)
    assert "--days" in result.stderr and result.stderr.count("\n") == 1


def test_bad_today_is_a_user_error() -> None:
    assert "--today" in fails(1, "remind", "--today", "30/11/2026").stderr


def test_a_corrupt_store_is_exit_3(coach_home: Path) -> None:
    ok("rep", "add", "Ana Silva")
    (coach_home / "coach.json").write_text("{broken")
    assert run("remind").exit_code == 3


@pytest.mark.slow
def test_installed_coach_remind_matches_the_in_process_command(
    store: dict[str, Any], coach_home: Path
) -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"COACH_HOME": str(coach_home)}
    args = [sys.executable, "-m", "coachcli", "remind", "--today", TODAY]
    for extra in ([], ["--json"]):
        real = subprocess.run(args + extra, capture_output=True, text=True, env=env, check=True)
        assert real.stdout == ok("remind", "--today", TODAY, *extra).stdout
    bad = subprocess.run([*args, "--days", "x"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("coach: error: invalid --days")
    helped = subprocess.run([*args, "--help"], capture_output=True, text=True, env=env)
    assert helped.returncode == 0 and "Example: coach remind" in helped.stdout
