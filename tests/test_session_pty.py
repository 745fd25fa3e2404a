"""The installed `coach session start` in a real pseudo-terminal, typed into like a person."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ok
from tests.session_support import add_bank, add_commitment, add_slot

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

TODAY = "2026-11-24"


def coach_bin() -> str:
    beside = Path(sys.executable).parent / "coach"
    found = str(beside) if beside.exists() else shutil.which("coach")
    if not found:
        pytest.skip("the coach console script is not installed")
    return found


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_slot(team, "2026-W48", "dana-lee", "2026-11-24T10:00", focus="kinds")
    return team


def spawn(*args: str):  # type: ignore[no-untyped-def]
    env = dict(os.environ)
    env.update({"TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"})
    child = pexpect.spawn(
        coach_bin(), list(args), env=env, encoding="utf-8", timeout=15, dimensions=(50, 200)
    )
    return child


def answer(child, *pairs: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    for expected, keys in pairs:
        child.expect_exact(expected)
        child.send(keys)


BEFORE_ROLE = [
    ("Which question bank?", "\r"),  # the plan's focus is the default
    ("review 1/1", ""),
    ("How did it go?", "1\r"),  # done
    ("What did you learn?", "Mornings work best\r"),
    ("How will you keep this going?", "Block 9-10 daily\r"),
    ("question 1/5", ""),
    ("Which deal could you still shape", "/tell Bring the numbers\r"),
    ("tell logged (1 so far)", "Acme workshop\r"),
    ("What would have to be true", "Ops lead agrees\r"),
    ("question 2/5", ""),
]
AFTER_ROLE = [
    ("question 3/5", ""),
    ("How confident are you", "4\r"),
    ("question 4/5", ""),
    ("Are you ready to book the meeting?", "1\r"),  # yes
    ("question 5/5", ""),
    ("What was most useful today?", "The role play\r"),  # the close
    ("Commitment 1: what will you do?", "Book the workshop\r"),
    ("By when?", "\r"),  # the default: a week later
    ("How will we know it happened?", "Invite accepted\r"),
    ("Commitment 2: what will you do?", "\r"),
    ("Private notes?", "Seemed tired\r"),
    ("How useful was today", "\r"),  # the rep's step (issue 13): Enter skips
    ("Save this session?", "y"),
]


def check_saved(child, home: Path) -> None:  # type: ignore[no-untyped-def]
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    sid = ok("session", "list", "dana", "--json").json()[0]["id"]
    shown = ok("session", "show", sid, "--json").json()
    assert {a["question_id"]: a["answer"] for a in shown["answers"]} == {
        "deal": "Acme workshop",
        "manager-role": "lead",
        "confidence": 4,
        "ready": True,
        "most-useful": "The role play",
    }
    assert shown["answers"][0]["follow_ups"][0]["answer"] == "Ops lead agrees"
    assert shown["tells"] == ["Bring the numbers"]
    assert [(r["commitment"], r["status"], r["reinforcement"]) for r in shown["reviews"]] == [
        ("c-aaa001", "done", "Block 9-10 daily")
    ]
    assert [(c["text"], c["due"], c["measure"]) for c in shown["commitments"]] == [
        ("Book the workshop", "2026-12-01", "Invite accepted")
    ]
    assert shown["notes"] == "Seemed tired"
    assert shown["plan"] == "2026-W48:dana-lee"
    reviewed = ok("commit", "list", "dana", "--status", "all", "--json").json()
    assert {c["id"]: c["status"] for c in reviewed}["c-aaa001"] == "done"
    assert not (home / "drafts" / "dana-lee.json").exists()


def test_a_session_typed_in_a_terminal_is_saved_with_answers_and_commitments(home: Path) -> None:
    child = spawn("session", "start", "dana", "--today", TODAY)
    answer(child, *BEFORE_ROLE, ("what role did I play?", "1\r"), *AFTER_ROLE)
    check_saved(child, home)


def test_ctrl_c_pauses_with_exit_130_and_resume_finishes_the_session(home: Path) -> None:
    child = spawn("session", "start", "dana", "--today", TODAY)
    answer(child, *BEFORE_ROLE)
    child.expect_exact("what role did I play?")
    child.sendcontrol("c")
    child.expect_exact("coach session resume dana-lee")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (home / "drafts" / "dana-lee.json").exists()
    assert ok("session", "list", "--json").json() == []

    child = spawn("session", "resume", "dana")
    child.expect_exact("Resuming the session")
    answer(child, ("question 2/5", ""), ("what role did I play?", "1\r"), *AFTER_ROLE)
    check_saved(child, home)


def test_end_of_input_pauses_too(home: Path) -> None:
    child = spawn("session", "start", "dana", "--today", TODAY)
    answer(child, *BEFORE_ROLE[:5])
    child.expect_exact("Which deal could you still shape")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (home / "drafts" / "dana-lee.json").exists()


WHOLE_BANK = """\
id: close-the-loop
title: Close the loop
questions:
  - id: action
    ask: What exactly will you do before we next meet?
    type: text
  - id: proof
    ask: How will we both know it happened?
    type: text
  - id: blocker
    ask: What could get in the way?
    type: text
  - id: support
    ask: Which deal needs my help most this week?
    type: text
"""


def test_a_whole_session_with_done_at_question_3_fits_in_under_25_prompts(team: Path) -> None:
    """/done at question 3, an answer turned into a commitment, a commitment closed during the
    week reviewed (recognised, its habit recorded), and saved: in fewer than 25 prompts."""
    add_bank(team, WHOLE_BANK, "close-the-loop")
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(team, "c-aaa002", "dana-lee", "Send the Acme recap", due="2026-11-23")
    ok("commit", "done", "c-aaa002", "--today", "2026-11-22")
    child = spawn("session", "start", "dana", "--bank", "close-the-loop", "--all", "--today", TODAY)
    script = [
        ("How did it go?", "3\r"),  # c-aaa001, 4 days overdue: missed
        ("What did you learn?", "Mornings got eaten by demos\r"),
        ("New due date", "+7\r"),  # carried forward
        ("Closed during the week: done", ""),
        ("What did you learn?", "The recap lands better the same day\r"),
        ("How will you keep this going?", "Recap within the hour after every call\r"),
        ("What exactly will you do", "Book the Acme workshop\r"),
        ("How will we both know", "/observe You set a date without prompting\r"),
        ("observation logged", "Invite accepted\r"),
        ("What could get in the way?", "/done\r"),
        ("From the answer to", ""),
        ("Commitment 1: what will you do?", "\r"),  # prefilled from the answer: kept
        ("By when?", "\r"),
        ("How will we know it happened?", "\r"),  # prefilled from "How will we both know"
        ("Commitment 2: what will you do?", "\r"),
        ("Private notes?", "Energy better than last week\r"),
        ("How useful was today", "\r"),  # the rep's step: Enter skips it
        ("Save this session?", "y"),
    ]
    prompts = [p for p, keys in script if keys]
    assert len(prompts) < 25
    answer(child, *script)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    sid = ok("session", "list", "dana", "--json").json()[0]["id"]  # type: ignore[index]
    shown = ok("session", "show", sid, "--json").json()
    assert isinstance(shown, dict)
    assert [a["question_id"] for a in shown["answers"]] == ["action", "proof"]
    assert shown["observations"] == ["You set a date without prompting"]
    made = {c["text"]: c for c in shown["commitments"]}
    assert made["Book the Acme workshop"]["measure"] == "Invite accepted"
    assert made["Call 20 prospects"]["due"] == "2026-12-01"  # carried forward
    reviews = {r["commitment"]: r for r in shown["reviews"]}
    assert reviews["c-aaa002"]["during_week"] is True
    assert reviews["c-aaa002"]["reinforcement"] == "Recap within the hour after every call"
    assert reviews["c-aaa001"]["status"] == "missed"
    assert not (team / "drafts" / "dana-lee.json").exists()
