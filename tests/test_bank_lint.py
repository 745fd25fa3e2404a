"""`coach bank lint`: near copies across banks, by words and by meaning, and asks that are not
open coaching questions; the shipped banks pass it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.core.bank_lint import Ask, intents, lint
from tests.conftest import fails, ok

BANK = """\
id: {id}
title: My bank
focus: [proposals->won]
questions:
{questions}
"""


def write_bank(directory: Path, bank_id: str, *asks: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    questions = "\n".join(
        f"  - id: q{i}\n    ask: {ask}\n    hint: Listen." for i, ask in enumerate(asks, 1)
    )
    path = directory / f"{bank_id}.yaml"
    path.write_text(BANK.format(id=bank_id, questions=questions), encoding="utf-8")
    return path


def test_the_shipped_banks_pass_the_lint(coach_home: Path) -> None:
    result = ok("bank", "lint")
    assert result.stderr.endswith("banks: no near copies, every ask open\n")
    assert result.stdout == ""


def test_a_user_bank_asking_for_the_economic_buyer_in_other_words_is_a_copy(
    coach_home: Path, tmp_path: Path
) -> None:
    path = write_bank(
        tmp_path / "mine",
        "closing-plan",
        "Who holds the budget authority for this purchase?",
        "Which date has the buyer put in the mutual plan?",
    )
    result = fails(1, "bank", "lint", str(path))
    lines = result.stderr.splitlines()
    assert lines[-1] == "coach: error: 1 finding in 1 bank"
    [finding] = lines[:-1]
    # Not one word in common with the shipped question: the intent list knows they match.
    assert finding.startswith("closing-plan/q1 ~ deal-review/economic-buyer: ") or (
        finding.startswith("deal-review/economic-buyer ~ closing-plan/q1: ")
    )
    assert "same intent (the economic buyer)" in finding


def test_a_question_that_shares_most_of_its_words_with_a_shipped_one_is_a_copy(
    coach_home: Path, tmp_path: Path
) -> None:
    path = write_bank(
        tmp_path, "calling", "When in the week do your calls most often turn into conversations?"
    )
    finding = fails(1, "bank", "lint", str(path)).stderr.splitlines()[0]
    assert "activity-conversion/connect-times" in finding and "of their words in common" in finding


def test_closed_and_stacked_asks_are_reported_with_the_reason(
    coach_home: Path, tmp_path: Path
) -> None:
    path = write_bank(
        tmp_path,
        "status",
        "Did you send the proposal to the buyer?",
        "What happened in the pitch, and what will you change in the demo?",
    )
    err = fails(1, "bank", "lint", str(path)).stderr
    assert "status/q1: opens with 'did': a yes/no question" in err
    assert "status/q2: stacks a second question on the first" in err
    assert err.splitlines()[-1] == "coach: error: 2 findings in 1 bank"


def test_a_user_bank_in_the_home_is_linted_with_the_shipped_ones(coach_home: Path) -> None:
    write_bank(coach_home / "banks", "cheer", "What do you need from me to move the proposal?")
    err = fails(1, "bank", "lint").stderr
    assert "same intent (what the rep needs from the manager)" in err
    assert "weekly-checkin/support" in err


def test_a_bank_that_does_not_load_is_reported_as_validate_would(
    coach_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\ntitle: Broken\nquestions:\n  - id: a\n    ask: Not a question\n")
    err = fails(1, "bank", "lint", str(path)).stderr
    assert f"{path}:5:10: questions[0].ask:" in err
    assert err.splitlines()[-1] == "coach: error: 1 problem: fix them first (coach bank validate)"


def test_an_empty_directory_is_a_user_error(coach_home: Path, tmp_path: Path) -> None:
    assert "no bank files found" in fails(1, "bank", "lint", str(tmp_path)).stderr


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Who signs the contract on the buyer's side?", "What has the economic buyer said?"),
        ("What do you need from me this week?", "How can I help you on this deal?"),
        ("Which colleague's call could you shadow?", "What would a rep you admire do here?"),
        ("Which objection should I role play with you?", "What would you like to rehearse?"),
        ("What did the buyer agree to at the end?", "What have they agreed to so far?"),
    ],
)
def test_the_intent_list_matches_copies_by_meaning(a: str, b: str) -> None:
    shared = set(intents(a)) & set(intents(b))
    assert shared, (intents(a), intents(b))
    [found] = lint([Ask("one", "x", a), Ask("two", "y", b)])
    assert found.reason.startswith("same intent (") and found.other is not None


def test_the_same_intent_inside_one_bank_or_one_question_is_not_a_copy() -> None:
    same_bank = [
        Ask("deal", "a", "What has the economic buyer said?"),
        Ask("deal", "b", "What would the economic buyer lose by waiting?"),
    ]
    assert lint(same_bank) == []
    own_follow_up = [
        Ask("deal", "a", "Which deal would you like to review?"),
        Ask("deal", "a", "Which deal would you like to review first?", follow_up=True),
    ]
    assert lint(own_follow_up) == []


def test_only_findings_that_involve_the_given_banks_are_reported() -> None:
    asks = [
        Ask("shipped-a", "x", "What do you need from me this week?"),
        Ask("shipped-b", "y", "How can I help you this week?"),
        Ask("mine", "z", "Which buyer will you call first tomorrow?"),
    ]
    assert len(lint(asks)) == 1
    assert lint(asks, only=frozenset({"mine"})) == []


def test_an_intent_another_bank_asks_twice_is_reported_once_by_its_question() -> None:
    asks = [
        Ask("deal", "pick", "Which element of this deal is weakest?"),
        Ask("deal", "pick", "What would the economic buyer want to hear?", follow_up=True),
        Ask("deal", "eb", "What has the economic buyer said so far?"),
        Ask("mine", "q1", "Who holds the budget authority here?"),
    ]
    [found] = lint(asks)
    assert (found.ask.where, found.other and found.other.where) == ("deal/eb", "mine/q1")
