"""A checklist bank (`ask: all`) is asked whole, in order, every time; what a rep was asked
is remembered per bank over the last year, not over their last few sessions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import ok

CHECKLIST = "id: demo-checklist\ntitle: Demo checklist\nask: all\nquestions:\n" + "".join(
    f"  - id: step-{n}\n    ask: What is step {n} of the call plan?\n" for n in range(1, 13)
)


def _preview(bank: str, day: str, *more: str) -> list[dict[str, object]]:
    args = ("session", "preview", "dana", "--bank", bank, *more, "--today", day, "--json")
    questions: list[dict[str, object]] = ok(*args).json()["questions"]
    return questions


def _checklist(home: Path) -> None:
    (home / "banks").mkdir(parents=True, exist_ok=True)
    (home / "banks" / "demo-checklist.yaml").write_text(CHECKLIST)


def test_a_checklist_is_asked_whole_and_in_order_past_the_timebox(team: Path) -> None:
    _checklist(team)
    questions = _preview("demo-checklist", "2026-11-24")
    steps = [f"step-{n}" for n in range(1, 13)]
    assert [q["id"] for q in questions] == [*steps, "most-useful"]
    assert questions[0]["part"] == "opener" and questions[-2]["part"] == "wrap-up"


def test_a_checklist_beside_another_bank_is_still_asked_whole(team: Path) -> None:
    _checklist(team)
    questions = _preview("demo-checklist", "2026-11-24", "--bank", "grow")
    mine = [q["id"] for q in questions if q["bank"] == "demo-checklist"]
    assert mine == [f"step-{n}" for n in range(1, 13)]
    assert any(q["bank"] == "grow" for q in questions)  # the wrap-up of the last bank


def test_a_checklist_is_asked_whole_again_the_next_week(team: Path, tmp_path: Path) -> None:
    _checklist(team)
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "bank: demo-checklist\nanswers:\n" + "".join(f"  step-{n}: Done.\n" for n in range(1, 13))
    )
    ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-24")
    questions = _preview("demo-checklist", "2026-12-01")
    assert [q["id"] for q in questions][:12] == [f"step-{n}" for n in range(1, 13)]
    assert all(q["last_asked"] == "2026-11-24" for q in questions[:12])


def _ten_other_sessions(first: date, tmp_path: Path) -> str:
    other = tmp_path / "other.yaml"
    other.write_text("bank: recognition\nanswers:\n  proudest: The Acme deal.\n")
    for week in range(1, 11):
        day = (first + timedelta(weeks=week)).isoformat()
        ok("session", "start", "dana", "--answers", str(other), "--today", day)
    return (first + timedelta(weeks=11)).isoformat()


def test_what_a_rep_was_asked_ten_sessions_ago_is_not_asked_again_first(
    team: Path, tmp_path: Path
) -> None:
    first = date(2026, 1, 6)
    shown = [q for q in _preview("grow", first.isoformat()) if q["part"] == "core"]
    core = [str(q["id"]) for q in shown]
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "bank: grow\nanswers:\n"
        + "".join(f"  {q['id']}: {3 if q['type'] == 'scale' else 'Yes.'}\n" for q in shown)
        + "  most-useful: The reality check.\n"
    )
    ok("session", "start", "dana", "--answers", str(answers), "--today", first.isoformat())
    day = _ten_other_sessions(first, tmp_path)
    later = _preview("grow", day)
    assert not {str(q["id"]) for q in later if q["part"] == "core"} & set(core)
    close = next(q for q in later if q["id"] == "most-useful")
    assert close["last_asked"] == first.isoformat()  # the preview says when, 11 weeks on
