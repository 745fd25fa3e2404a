"""Issue 10 (9, 11): `commit edit` keeps what changed; follow-through has one definition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.helpers.manual import manual_text


@pytest.fixture(autouse=True)
def reps() -> None:
    ok("rep", "add", "Dana Lee")


def add(*args: str) -> str:
    return ok("commit", "add", "dana", *args).stdout.strip()


def listed() -> list[dict[str, Any]]:
    data = ok("commit", "list", "--status", "all", "--json").json()
    assert isinstance(data, list)
    return data


def test_commit_edit_changes_text_due_and_measure_and_keeps_the_old_values_in_history() -> None:
    cid = add("Book 3 calls", "--due", "2026-12-04", "--today", "2026-11-30")
    result = ok(
        "commit",
        "edit",
        cid[:5],
        "--text",
        "Book 4 calls",
        "--due",
        "2026-12-08",
        "--measure",
        "4 invites",
        "--today",
        "2026-12-01",
    )
    assert "Book 4 calls" in result.stderr
    [item] = listed()
    assert (item["text"], item["due"], item["measure"], item["status"]) == (
        "Book 4 calls",
        "2026-12-08",
        "4 invites",
        "open",
    )
    last = item["history"][-1]
    assert last["at"][:10] == "2026-12-01"
    assert last["status"] == "open"
    assert last["edited"] == {
        "text": ["Book 3 calls", "Book 4 calls"],
        "due": ["2026-12-04", "2026-12-08"],
        "measure": [None, "4 invites"],
    }


def test_commit_edit_of_a_done_commitment_does_not_move_its_closing_date(
    coach_home: Path,
) -> None:
    cid = add("Book 3 calls", "--today", "2026-11-30")
    ok("commit", "done", cid, "--today", "2026-12-02")
    ok("commit", "edit", cid, "--measure", "3 invites", "--today", "2026-12-09")
    [item] = listed()
    assert item["status"] == "done"
    assert [h["status"] for h in item["history"]] == ["open", "done", "done"]
    stored = Store(coach_home).read().commitments.get(cid)
    assert stored is not None and stored.closed_on == "2026-12-02"


def test_commit_edit_with_nothing_to_change_is_a_user_error() -> None:
    cid = add("Book 3 calls")
    assert "nothing to change" in fails(1, "commit", "edit", cid).stderr
    assert "invalid --due" in fails(1, "commit", "edit", cid, "--due", "tomorrow").stderr
    assert "needs some text" in fails(1, "commit", "edit", cid, "--text", "  ").stderr


def test_commit_edit_accepts_a_relative_due_date() -> None:
    cid = add("Book 3 calls", "--today", "2026-11-30")
    ok("commit", "edit", cid, "--due", "+7", "--today", "2026-12-01")
    assert listed()[0]["due"] == "2026-12-08"


def test_follow_through_counts_done_of_due_before_today_and_leaves_dropped_out() -> None:
    today = "2026-11-25"
    kept = add("Call Acme", "--due", "2026-11-20", "--today", "2026-11-16")
    ok("commit", "done", kept, "--today", "2026-11-19")
    missed = add("Send the deck", "--due", "2026-11-21", "--today", "2026-11-16")
    ok("commit", "miss", missed, "--today", "2026-11-22")
    dropped = add("Visit Beta", "--due", "2026-11-22", "--today", "2026-11-16")
    ok("commit", "drop", dropped, "--today", "2026-11-22")
    add("Book the workshop", "--due", today, "--today", "2026-11-16")  # due today: not yet
    add("Call the CFO", "--due", "2026-11-24", "--today", "2026-11-16")  # overdue and open
    report = ok("stats", "--weeks", "4", "--today", today, "--json").json()
    assert isinstance(report, dict)
    c = report["commitments"]
    assert (c["due"], c["done"], c["missed"], c["open"], c["dropped"]) == (3, 1, 1, 1, 1)
    assert c["follow_through"] == 0.3333
    assert "stops counting as due" in ok("commit", "drop", "--help").stdout
    manual = manual_text()
    assert "**Follow-through** is done ÷ due" in manual and "is before today" in manual


def test_habit_checks_only_for_a_habit_and_they_show_the_reinforcement() -> None:
    task = add("Send the pricing deck to Acme", "--today", "2026-11-01")
    ok("commit", "done", task, "--today", "2026-11-02")
    habit = add("Add a pricing slide to the Beta deck", "--today", "2026-11-01")
    ok(
        "commit",
        "done",
        habit,
        "--today",
        "2026-11-02",
        "--keep",
        "One pricing slide on every deal from now on",
    )
    got = ok("remind", "--today", "2026-11-09", "--json").json()
    assert isinstance(got, dict)
    assert [(i["id"], i["reinforcement"]) for i in got["habit_checks"]] == [
        (habit, "One pricing slide on every deal from now on")
    ]
    shown = ok("remind", "--today", "2026-11-09").stdout
    assert "One pricing slide on every deal" in shown and "Beta deck" not in shown
    assert "Acme" not in shown.split("Habit checks")[1]
