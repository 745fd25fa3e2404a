"""Commitments through the CLI: add, list, status changes, id prefixes and history."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import fails, ok, run


@pytest.fixture(autouse=True)
def reps() -> None:
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi")


def add(*args: str) -> str:
    result = ok("commit", "add", *args)
    cid = result.stdout.strip()
    assert cid.startswith("c-") and len(cid) == 8
    assert cid in result.stderr
    return cid


def listed(*args: str) -> list[dict[str, Any]]:
    data = ok("commit", "list", *args, "--json").json()
    assert isinstance(data, list)
    return data


def test_add_defaults_due_to_a_week_after_today_and_lists_the_documented_keys() -> None:
    cid = add("dana", "Book 3 discovery calls", "--measure", "3 invites", "--today", "2026-11-30")
    [item] = listed("--today", "2026-11-30")
    assert {"id", "rep", "text", "due", "measure", "status", "history"} <= set(item)
    assert item | {"history": None} == item | {
        "id": cid,
        "rep": "dana-lee",
        "text": "Book 3 discovery calls",
        "due": "2026-12-07",
        "measure": "3 invites",
        "status": "open",
        "history": None,
        "overdue": False,
    }
    assert [(h["status"], h["at"][:10], h["session"]) for h in item["history"]] == [
        ("open", "2026-11-30", None)
    ]


def test_each_status_change_is_appended_to_the_history_with_when_and_no_session() -> None:
    cid = add("dana", "Call Acme", "--today", "2026-11-20")
    ok("commit", "partial", cid, "--note", "1 of 2 calls", "--today", "2026-11-25")
    result = ok("commit", "done", cid, "--today", "2026-11-27")
    assert "was already partial; now done" in result.stderr
    [item] = listed("--status", "all")
    assert [(h["status"], h["at"][:10], h["session"], h["note"]) for h in item["history"]] == [
        ("open", "2026-11-20", None, None),
        ("partial", "2026-11-25", None, "1 of 2 calls"),
        ("done", "2026-11-27", None, None),
    ]


def test_setting_the_same_status_twice_is_an_error_and_changes_nothing() -> None:
    cid = add("dana", "Call Acme")
    ok("commit", "miss", cid)
    result = fails(1, "commit", "miss", cid)
    assert "already missed" in result.stderr
    [item] = listed("--status", "all")
    assert [h["status"] for h in item["history"]] == ["open", "missed"]


@pytest.mark.parametrize(
    ("command", "status"),
    [("done", "done"), ("partial", "partial"), ("miss", "missed"), ("drop", "dropped")],
)
def test_every_status_command_sets_its_status(command: str, status: str) -> None:
    cid = add("dana", "Call Acme")
    ok("commit", command, cid)
    assert [c["id"] for c in listed("--status", status)] == [cid]
    assert listed() == []


def test_ids_resolve_by_unique_prefix_with_or_without_c(coach_home: Any) -> None:
    from datetime import date

    from coachcli.core.commitments import new_commitment
    from coachcli.store.repository import Store

    with Store(coach_home).write() as repo:
        for cid in ("c-1a2b3c", "c-1a9999", "c-777777"):
            repo.commitments.put(
                new_commitment(cid, "dana-lee", f"task {cid}", created=date(2026, 11, 1))
            )
    ok("commit", "done", "1a2")
    ok("commit", "drop", "c-777")
    ok("commit", "miss", "C-1A99")
    statuses = {c["id"]: c["status"] for c in listed("--status", "all")}
    assert statuses == {"c-1a2b3c": "done", "c-1a9999": "missed", "c-777777": "dropped"}
    ambiguous = fails(1, "commit", "partial", "1a")
    assert "c-1a2b3c" in ambiguous.stderr and "c-1a9999" in ambiguous.stderr
    assert "no commitment" in fails(1, "commit", "done", "ffff").stderr


def test_list_filters_by_rep_and_status_and_sorts_by_due() -> None:
    late = add("dana", "Late one", "--due", "2026-11-01", "--today", "2026-10-25")
    soon = add("dana", "Soon one", "--due", "2026-12-01", "--today", "2026-11-25")
    other = add("marco", "Marco's", "--today", "2026-11-25")
    ok("commit", "done", soon)
    assert [c["id"] for c in listed("dana", "--status", "all")] == [late, soon]
    assert [c["id"] for c in listed("--status", "done")] == [soon]
    assert [c["id"] for c in listed("marco")] == [other]


def test_table_marks_overdue_commitments() -> None:
    add("dana", "Late one", "--due", "2026-11-01", "--today", "2026-10-25")
    add("dana", "Fine one", "--due", "2026-12-20", "--today", "2026-11-25")
    result = ok("commit", "list", "--today", "2026-11-30")
    assert "OVERDUE 29d" in result.stdout
    assert "1 OVERDUE" in result.stdout
    assert listed("--today", "2026-11-30")[0]["overdue"] is True


def test_empty_list_says_so_on_stderr_only() -> None:
    result = ok("commit", "list")
    assert result.stdout == "" and "no open commitments" in result.stderr
    assert listed() == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["commit", "add", "zed", "Call"], "no rep matches"),
        (["commit", "add", "dana", "   "], "needs some text"),
        (["commit", "add", "dana", "Call", "--due", "next week"], "invalid --due"),
        (["commit", "add", "dana", "Call", "--today", "2026-13-01"], "invalid --today"),
        (["commit", "list", "--status", "finished"], "invalid --status"),
        (["commit", "done", "c-zzzzzz"], "no commitment"),
    ],
)
def test_user_errors_are_one_line_exit_1(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 1, result.stderr
    assert expected in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_archived_reps_take_no_new_commitments() -> None:
    ok("rep", "archive", "marco")
    assert "no rep matches" in fails(1, "commit", "add", "marco", "Call").stderr


def test_a_past_due_date_is_accepted_with_a_warning() -> None:
    result = ok("commit", "add", "dana", "Call", "--due", "2026-11-01", "--today", "2026-11-30")
    assert "already past" in result.stderr
