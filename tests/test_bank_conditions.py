"""Bank fields for issue 14: `when:` on follow-ups, `always:`/`opener:`, one 1-5 scale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from coachcli.core.banks import Bank
from coachcli.inputs import banks
from coachcli.services.banks import load_banks
from tests.conftest import fails, ok

BRANCHING = """\
id: branching
title: Branching follow-ups
questions:
  - id: skill
    ask: Which skill would you like to practise?
    type: choice
    choices: [discovery, objection handling]
    follow_ups:
      - What do you ask first on a discovery call?
      - ask: Which discovery question gets the longest answer?
        when: [discovery]
      - ask: Which objection surprised you this month?
        when: [objection handling]
  - id: confidence
    ask: How confident are you on that skill, from 1 to 5?
    type: scale
    min: 1
    max: 5
    always: true
    follow_ups:
      - ask: What would one point higher look like on a call?
        when: {at_most: 3}
      - ask: Which call shows it at its best?
        when: {at_least: 4}
"""


def write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_bank_with_when_conditions_validates_and_loads(tmp_path: Path) -> None:
    path = write(tmp_path, BRANCHING)
    result = ok("bank", "validate", str(path))
    assert "1 bank OK" in result.stderr
    assert banks.validate_files([path]) == []


def test_follow_up_conditions_match_choices_and_scale_bounds(tmp_path: Path) -> None:
    bank = Bank.model_validate(yaml.safe_load(BRANCHING))  # the model, without a file
    skill, confidence = bank.questions
    plain, discovery, objection = skill.follow_ups
    assert plain.applies("objection handling") and plain.applies(None)
    assert discovery.applies("Discovery") and not discovery.applies("objection handling")
    assert not objection.applies(None)  # an unanswered question asks no conditional follow-up
    low, high = confidence.follow_ups
    assert [low.applies(n) for n in range(1, 6)] == [True, True, True, False, False]
    assert [high.applies(n) for n in range(1, 6)] == [False, False, False, True, True]
    assert (low.condition(), discovery.condition()) == ("if at most 3", "if discovery")
    assert confidence.always and not skill.always


@pytest.mark.parametrize(
    ("follow_up", "line", "col", "field", "message"),
    [
        (
            "{ask: What now?, when: [lead, observer]}",
            10,
            39,
            "questions[0].follow_ups[0].when[1]",
            "'observer' is not one of the choices: lead, silent",
        ),
        (
            "{ask: What now?, when: {at_most: 2}}",
            10,
            32,
            "questions[0].follow_ups[0].when",
            "at_most/at_least need a scale question (this one is choice)",
        ),
        (
            "{ask: What now?, when: {at_most: two}}",
            10,
            32,
            "questions[0].follow_ups[0].when",
            "at_most must be a whole number",
        ),
        (
            "{ask: What now?, when: {below: 2}}",
            10,
            32,
            "questions[0].follow_ups[0].when",
            "unknown key 'below': use at_most or at_least",
        ),
        (
            "{ask: What now?, when: lead}",
            10,
            32,
            "questions[0].follow_ups[0].when",
            "use a list of choices",
        ),
        (
            "{ask: What now, when: [lead]}",
            10,
            15,
            "questions[0].follow_ups[0].ask",
            "is not a question",
        ),
        (
            "{ask: What now?, if: [lead]}",
            10,
            30,
            "questions[0].follow_ups[0].if",
            "unknown field",
        ),
    ],
)
def test_a_wrong_when_is_a_located_problem(
    tmp_path: Path, follow_up: str, line: int, col: int, field: str, message: str
) -> None:
    text = f"""\
id: wrong
title: Wrong conditions
questions:
  - id: role
    ask: Which role did I play?
    type: choice
    choices: [lead, silent]
    hint: Let them say it.
    follow_ups:
      - {follow_up}
"""
    path = write(tmp_path, text)
    result = fails(1, "bank", "validate", str(path))
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{col}: {field}: "), result.stderr
    assert message in first


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        ("type: text", "when", "a list of choices needs a choice question (this one is text)"),
        ("type: text", "bounds", "at_most/at_least need a scale question (this one is text)"),
        ("type: scale\n    min: 1\n    max: 5", "when", "needs a choice question"),
        ("type: scale\n    min: 1\n    max: 5", "high", "at_most 7 is outside the scale 1 to 5"),
        ("type: scale\n    min: 1\n    max: 5", "crossed", "at_least 4 is above at_most 2"),
    ],
)
def test_a_when_that_does_not_fit_the_question_type_is_refused(
    tmp_path: Path, question: str, field: str, message: str
) -> None:
    when = {
        "when": "[lead]",
        "bounds": "{at_most: 2}",
        "high": "{at_most: 7}",
        "crossed": "{at_least: 4, at_most: 2}",
    }[field]
    text = f"""\
id: wrong
title: Wrong conditions
questions:
  - id: q
    ask: How did it go?
    {question}
    follow_ups:
      - ask: What next?
        when: {when}
"""
    path = write(tmp_path, text)
    problems = banks.validate_files([path])
    assert len(problems) == 1, problems
    assert ": questions[0].follow_ups[0].when: " in problems[0]
    assert message in problems[0]


def test_bank_show_names_the_condition_and_json_keeps_plain_follow_ups_as_text(
    coach_home: Path,
) -> None:
    (coach_home / "banks").mkdir(parents=True, exist_ok=True)
    write(coach_home / "banks", BRANCHING)
    out = ok("bank", "show", "branching").stdout
    assert "   follow-up: What do you ask first on a discovery call?\n" in out
    assert "   follow-up: Which discovery question gets the longest answer? (if discovery)" in out
    assert "   follow-up: What would one point higher look like on a call? (if at most 3)" in out
    assert "   id: confidence  [scale 1-5] · always\n" in out
    data = json.loads(ok("bank", "show", "branching", "--json").stdout)
    assert data["questions"][0]["follow_ups"][:2] == [
        "What do you ask first on a discovery call?",
        {"ask": "Which discovery question gets the longest answer?", "when": ["discovery"]},
    ]
    assert data["questions"][1]["follow_ups"][0]["when"] == {"at_most": 3, "at_least": None}


# --- one scale ------------------------------------------------------------------------------

TEN = """\
id: ten
title: A ten-point scale
questions:
  - id: drive
    ask: How motivated are you, from 1 to 10?
    type: scale
    min: 1
    max: 10
{reason}"""


def test_a_user_bank_with_a_scale_other_than_1_to_5_loads_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, TEN.format(reason=""))
    result = ok("bank", "validate", str(path))
    assert f"warning: {path}:8:10: questions[0].max: the scale is 1-10" in result.stderr
    assert "1 bank OK" in result.stderr


def test_a_scale_reason_silences_the_warning(tmp_path: Path) -> None:
    path = write(tmp_path, TEN.format(reason="    scale_reason: Matches the NPS survey.\n"))
    result = ok("bank", "validate", str(path))
    assert "warning" not in result.stderr


def test_a_shipped_bank_refuses_a_scale_other_than_1_to_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, TEN.format(reason=""), name="ten.yaml")
    monkeypatch.setattr(banks, "_is_shipped", lambda p: True)
    problems = banks.validate_files([path])
    assert problems == [
        f"{path}:8:10: questions[0].max: the scale is 1-10; coach uses 1-5 everywhere: "
        "use min: 1, max: 5, or say why in scale_reason"
    ]


def test_scale_reason_belongs_to_scale_questions_only(tmp_path: Path) -> None:
    text = "id: r\ntitle: R\nquestions:\n  - id: q\n    ask: What?\n    scale_reason: Because.\n"
    problems = banks.validate_files([write(tmp_path, text)])
    assert len(problems) == 1 and ": questions[0].scale_reason: only scale questions" in problems[0]


def test_always_and_opener_must_be_true_or_false(tmp_path: Path) -> None:
    text = "id: r\ntitle: R\nquestions:\n  - id: q\n    ask: What?\n    always: sometimes\n"
    problems = banks.validate_files([write(tmp_path, text)])
    assert len(problems) == 1 and ":6:13: questions[0].always: " in problems[0]


def test_every_shipped_scale_is_1_to_5_or_says_why(coach_home: Path) -> None:
    for bank in load_banks(coach_home).values():
        for q in bank.questions:
            if q.type == "scale":
                assert (q.min, q.max) == (1, 5) or q.scale_reason, (bank.id, q.id)
