"""Session selection (core.session.selection): the opener, the core that fits, the close."""

from __future__ import annotations

from typing import Any

from coachcli.core.banks import Bank
from coachcli.core.session.selection import (
    CLOSING,
    cost,
    question_minutes,
    select,
)


def bank(bank_id: str, n: int, **marks: dict[str, Any]) -> Bank:
    """A bank of `n` text questions q1..qn; `marks` adds fields: q3={"always": True}."""
    questions = []
    for i in range(1, n + 1):
        qid = f"q{i}"
        questions.append({"id": qid, "ask": f"What about {bank_id} {qid}?", **marks.get(qid, {})})
    return Bank.model_validate({"id": bank_id, "title": bank_id.title(), "questions": questions})


def ids(picked: list[Any]) -> list[str]:
    return [p.key for p in picked]


def test_the_minutes_for_questions_shrink_with_the_review_and_stop_at_fifteen() -> None:
    assert question_minutes(0) == 25
    assert question_minutes(2) == 21
    assert question_minutes(5) == 15
    assert question_minutes(40) == 15


def test_a_session_asks_an_opener_the_core_that_fits_a_wrap_up_and_the_close() -> None:
    picked = select([bank("b", 14)], {})
    # 25 minutes: the opener (4), the wrap-up (4) and the close (2) leave 15: three open
    # questions (12) and nothing else fits.
    assert ids(picked) == ["b/q1", "b/q2", "b/q3", "b/q4", "b/q14", "b/most-useful"]
    assert [p.part for p in picked] == ["opener", "core", "core", "core", "wrap-up", "close"]
    assert picked[-1].question is CLOSING
    assert sum(cost(p.question) for p in picked[:-1]) + 2 <= question_minutes(0)


def test_questions_asked_recently_come_last_and_the_oldest_asked_come_back_first() -> None:
    b = bank("b", 14)
    first = select([b], {})
    before = {p.key: "2026-11-17" for p in first}
    second = select([b], before)
    core = [p.key for p in second if p.part == "core"]
    assert core == ["b/q5", "b/q6", "b/q7"]
    before |= {k: "2026-11-24" for k in core}
    third = [p.key for p in select([b], before) if p.part == "core"]
    assert third == ["b/q8", "b/q9", "b/q10"]
    before |= {k: "2026-12-01" for k in third}
    fourth = [p.key for p in select([b], before) if p.part == "core"]
    assert fourth == ["b/q11", "b/q12", "b/q13"]
    before |= {k: "2026-12-08" for k in fourth}
    # Every core question has been asked: the ones asked longest ago come back, in bank order.
    fifth = [p.key for p in select([b], before) if p.part == "core"]
    assert fifth == ["b/q2", "b/q3", "b/q4"]


def test_the_same_inputs_give_the_same_selection() -> None:
    banks = [bank("a", 9), bank("b", 7)]
    before = {"a/q3": "2026-11-10", "b/q2": "2026-11-17"}
    assert ids(select(banks, before, 3)) == ids(select(banks, dict(before), 3))


def test_openers_rotate_among_the_marked_ones() -> None:
    b = bank("b", 8, q2={"opener": True}, q3={"opener": True})
    assert select([b], {})[0].key == "b/q2"
    assert select([b], {"b/q2": "2026-11-17"})[0].key == "b/q3"
    # A marked opener is never asked as a core question.
    assert not {"b/q2", "b/q3"} & {p.key for p in select([b], {}) if p.part == "core"}


def test_a_pinned_question_is_asked_every_time() -> None:
    b = bank("b", 14, q12={"always": True})
    for before in ({}, {"b/q12": "2026-11-24"}):
        assert "b/q12" in ids(select([b], before))


def test_a_long_review_leaves_room_for_fewer_questions_but_at_least_two_core() -> None:
    b = bank("b", 14)
    assert len(select([b], {}, 5)) < len(select([b], {}, 0))
    many = bank("m", 3, q1={"always": True}, q2={"always": True}, q3={"always": True})
    assert [p.part for p in select([b], {}, 9)].count("core") >= 2
    # q1 opens, q3 wraps up, q2 is pinned: nothing else is left for the core.
    assert [p.part for p in select([many], {}, 9)] == ["opener", "core", "wrap-up", "close"]


def test_closed_questions_cost_less_and_fill_what_is_left() -> None:
    scale = {"type": "scale", "min": 1, "max": 5}
    b = bank("b", 10, q6=scale, q7=scale, q8=scale)
    picked = select([b], {})
    # 15 minutes of core: q2-q4 (12), q5 does not fit, the scale q6 (2) does.
    assert ids(picked) == ["b/q1", "b/q2", "b/q3", "b/q4", "b/q6", "b/q10", "b/most-useful"]


def test_several_banks_share_the_same_timebox_in_turn() -> None:
    picked = select([bank("a", 9), bank("b", 9)], {})
    # a opens, b wraps up; the core takes turns: a/q2, b/q1, a/q3.
    assert ids(picked) == ["a/q1", "a/q2", "a/q3", "b/q1", "b/q9", "a/most-useful"]


def test_a_bank_can_close_with_its_own_most_useful_question() -> None:
    b = Bank.model_validate(
        {
            "id": "b",
            "title": "B",
            "questions": [
                {"id": "q1", "ask": "What first?"},
                {"id": "most-useful", "ask": "What from today will you use on a call?"},
                {"id": "q2", "ask": "What next?"},
            ],
        }
    )
    picked = select([b], {})
    assert ids(picked) == ["b/q1", "b/q2", "b/most-useful"]
    assert picked[-1].question.ask == "What from today will you use on a call?"


def test_everything_asks_every_question_then_the_close() -> None:
    picked = select([bank("a", 9), bank("b", 3)], {"a/q1": "2026-11-24"}, everything=True)
    assert len(picked) == 13
    assert ids(picked)[:2] == ["a/q1", "a/q2"] and ids(picked)[-1] == "a/most-useful"


def test_a_bank_of_only_its_close_asks_it_once_and_other_closes_are_never_core() -> None:
    only = Bank.model_validate(
        {"id": "o", "title": "O", "questions": [{"id": "most-useful", "ask": "What helped?"}]}
    )
    assert ids(select([only], {})) == ["o/most-useful"]
    other = Bank.model_validate(
        {
            "id": "p",
            "title": "P",
            "questions": [
                {"id": "q1", "ask": "What first?"},
                {"id": "most-useful", "ask": "What was best?"},
            ],
        }
    )
    assert ids(select([only, other], {})) == ["p/q1", "o/most-useful"]
