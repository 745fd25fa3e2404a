"""Question banks: the validator's located problems, the shipped banks, user overrides."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from coachcli.core import banks as core_banks
from coachcli.errors import CoachError
from coachcli.inputs import banks as bank_files
from coachcli.services import banks
from tests.conftest import REPO, fails, ok

FIXTURES = Path(__file__).parent / "fixtures" / "banks"
SHIPPED = REPO / "question_banks"
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): (?P<msg>.+)$")

PRACTICE_BANKS = [
    "weekly-checkin",
    "activity-conversion",
    "stage-conversion",
    "early-pipeline",
    "deal-strategy",
    "skill-practice",
    "purpose-goals",
    "commitment-review",
    "joint-call-debrief",
    "grow",
    "new-rep-ramp",
    "motivation",
    "recognition",
    # issue 14: what a front-line sales manager meets that the first thirteen did not cover
    "pipeline-review",
    "slump-diagnosis",
    "call-planning",
    "joint-call-briefing",
    "multi-threading",
    "win-loss-review",
    "call-review",
    "territory-planning",
    "prospecting-channels",
    "negotiation",
    "objection-handling",
    "selling-time",
    "career-development",
    "expansion-renewal",
    "skill-reinforcement",
    "company-purpose",
    "new-habit",
]

# fixture file -> (line, field, part of the message): each file holds exactly one problem.
BROKEN = {
    "syntax-error.yaml": (8, "YAML", "expected ',' or ']'"),
    "missing-title.yaml": (1, "title", "Field required"),
    "unknown-field.yaml": (3, "author", "unknown field"),
    "duplicate-key.yaml": (3, "title", "duplicate key 'title'"),
    "duplicate-question-id.yaml": (7, "questions[1].id", "duplicate question id 'first'"),
    "ask-not-question.yaml": (8, "questions[1].ask", "is not a question"),
    "follow-up-not-question.yaml": (9, "questions[0].follow_ups[1].ask", "is not a question"),
    "scale-missing-max.yaml": (7, "questions[1].max", "needs min and max"),
    "scale-min-above-max.yaml": (11, "questions[1].max", "must be greater than min"),
    "scale-span-too-wide.yaml": (11, "questions[1].max", "keep it within 100"),
    "scale-not-integer.yaml": (11, "questions[1].max", "valid integer"),
    "choice-one-choice.yaml": (10, "questions[1].choices", "at least 2 choices"),
    "choice-no-choices.yaml": (7, "questions[1].choices", "at least 2 choices"),
    "choice-repeated.yaml": (10, "questions[1].choices", "duplicate choice"),
    "choices-on-text.yaml": (9, "questions[1].choices", "only choice questions"),
    "range-on-confirm.yaml": (10, "questions[1].max", "only scale questions"),
    "unknown-type.yaml": (9, "questions[1].type", "'text', 'choice', 'scale' or 'confirm'"),
    "bank-id-not-kebab.yaml": (1, "id", "not kebab-case"),
    "question-id-not-kebab.yaml": (7, "questions[1].id", "not kebab-case"),
    "focus-not-transition.yaml": (3, "focus[0]", "not a metric transition"),
    "source-field.yaml": (3, "source", "unknown field"),
    "no-questions.yaml": (3, "questions", "at least 1 item"),
    "not-a-mapping.yaml": (1, "document", "expected a mapping"),
    "alias.yaml": (3, "YAML", "aliases (*name) are not allowed"),
    "alias-bomb.yaml": (2, "YAML", "aliases (*name) are not allowed"),
    "python-tag.yaml": (3, "summary", "tag:yaml.org,2002:python/object/apply:os.system"),
    "latin1.yaml": (2, "file", "not UTF-8"),
}

VALID_USER_BANK = """\
id: {id}
title: {title}
focus: [calls->conversations]
questions:
  - id: opener
    ask: Which opener got the most replies this week?
    hint: Ask for the exact words.
    follow_ups: [Why do you think it worked?]
  - id: confidence
    ask: How confident are you in it, from 1 to 5?
    type: scale
    min: 1
    max: 5
  - id: channel
    ask: Which channel will you use first?
    type: choice
    choices: [phone, email]
  - id: ready
    ask: Are you ready to try it tomorrow?
    type: confirm
"""


def problems_of(stderr: str) -> list[re.Match[str]]:
    return [m for line in stderr.splitlines() if (m := LOCATED.match(line))]


def write_bank(directory: Path, name: str, bank_id: str, title: str = "My bank") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(VALID_USER_BANK.format(id=bank_id, title=title))
    return path


# --- the validator ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_reports_the_one_problem_of_a_broken_bank_with_file_line_and_field(
    name: str,
) -> None:
    line, field, fragment = BROKEN[name]
    result = fails(1, "bank", "validate", str(FIXTURES / name))
    found = problems_of(result.stderr)
    assert len(found) == 1, result.stderr
    assert found[0]["file"] == str(FIXTURES / name)
    assert (int(found[0]["line"]), found[0]["field"]) == (line, field)
    assert fragment in found[0]["msg"]
    assert result.stderr.splitlines()[-1] == "coach: error: 1 problem in 1 of 1 file"
    assert result.stdout == ""


def test_validate_reports_a_duplicate_bank_id_in_both_files() -> None:
    a, b = FIXTURES / "duplicate-bank-id-a.yaml", FIXTURES / "duplicate-bank-id-b.yaml"
    result = fails(1, "bank", "validate", str(a), str(b))
    found = problems_of(result.stderr)
    assert [(m["file"], m["line"], m["field"]) for m in found] == [
        (str(a), "1", "id"),
        (str(b), "1", "id"),
    ]
    assert f"also in {b}" in found[0]["msg"] and f"also in {a}" in found[1]["msg"]


def test_each_half_of_a_duplicate_id_pair_is_valid_on_its_own() -> None:
    ok("bank", "validate", str(FIXTURES / "duplicate-bank-id-a.yaml"))


def test_validate_on_the_fixture_directory_reports_one_problem_per_file() -> None:
    files = sorted(FIXTURES.glob("*.yaml"))
    result = fails(1, "bank", "validate", str(FIXTURES))
    found = problems_of(result.stderr)
    assert sorted(m["file"] for m in found) == sorted(str(f) for f in files)
    n = len(files)
    assert result.stderr.splitlines()[-1] == f"coach: error: {n} problems in {n} of {n} files"


def test_validate_reports_every_problem_of_one_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "id: many\n"
        "title: Many problems\n"
        "colour: blue\n"
        "questions:\n"
        "  - id: first\n"
        "    ask: Tell me about it.\n"
        "  - id: score\n"
        "    ask: How was it?\n"
        "    type: scale\n"
        "  - id: first\n"
        "    ask: What else?\n"
    )
    found = problems_of(fails(1, "bank", "validate", str(path)).stderr)
    assert [(m["line"], m["field"]) for m in found] == [
        ("3", "colour"),
        ("6", "questions[0].ask"),
        ("7", "questions[1].min"),
        ("7", "questions[1].max"),
        ("10", "questions[2].id"),
    ]


def test_validate_of_a_missing_file_is_a_located_problem(tmp_path: Path) -> None:
    found = problems_of(fails(1, "bank", "validate", str(tmp_path / "nope.yaml")).stderr)
    assert [(m["line"], m["field"], m["msg"]) for m in found] == [("1", "file", "no such file")]


def test_validate_of_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    assert "no bank files found" in fails(1, "bank", "validate", str(tmp_path)).stderr


def test_a_valid_user_bank_validates_whatever_its_file_name(tmp_path: Path) -> None:
    path = write_bank(tmp_path, "anything.yaml", "cold-openers")
    result = ok("bank", "validate", str(path))
    assert result.stderr == "1 bank OK\n"


def test_shipped_banks_must_be_named_after_their_id(tmp_path: Path) -> None:
    assert bank_files.validate_files([SHIPPED / "grow.yaml"]) == []
    copy = tmp_path / "grow-copy.yaml"
    copy.write_text((SHIPPED / "grow.yaml").read_text())
    assert bank_files.validate_files([copy]) == []  # a user copy may be named anything


# --- hostile files ---------------------------------------------------------------------


def _five_megabytes(tmp_path: Path) -> Path:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\ntitle: Huge\nsummary: " + "x" * 5_000_000 + "\n")
    return path


def _python_tag(tmp_path: Path) -> Path:
    path = tmp_path / "tag.yaml"
    marker = tmp_path / "executed"
    path.write_text(f'id: tag\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n')
    return path


def _python_name(tmp_path: Path) -> Path:
    path = tmp_path / "name.yaml"
    path.write_text("id: name\ntitle: !!python/name:os.system ''\n")
    return path


def _deep(tmp_path: Path) -> Path:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\ntitle: " + "[" * 200_000 + "]" * 200_000 + "\n")
    return path


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (lambda tmp: FIXTURES / "alias-bomb.yaml", 2),
        (_five_megabytes, 1),
        (_python_tag, 2),
        (_python_name, 2),
        (lambda tmp: FIXTURES / "latin1.yaml", 2),
        (_deep, 2),
    ],
    ids=["alias-bomb", "5-MB", "python-object-tag", "python-name-tag", "latin-1", "deep"],
)
def test_hostile_bank_files_fail_fast_with_file_and_line(make, line: int, tmp_path: Path) -> None:
    path = make(tmp_path)
    started = time.process_time()
    result = fails(1, "bank", "validate", str(path))
    # CPU seconds, not wall time: a bound that proves the reader stops early (an alias bomb
    # unrolled, or 200,000 nested brackets parsed, takes minutes) whatever else the machine runs.
    assert time.process_time() - started < 5.0
    found = problems_of(result.stderr)
    assert [(m["file"], int(m["line"])) for m in found] == [(str(path), line)]
    assert not (tmp_path / "executed").exists()


def test_a_hostile_user_bank_is_skipped_and_the_shipped_banks_still_load(
    coach_home: Path,
) -> None:
    (coach_home / "banks").mkdir(parents=True)
    (coach_home / "banks" / "bomb.yaml").write_text((FIXTURES / "alias-bomb.yaml").read_text())
    started = time.process_time()
    result = ok("bank", "list", "--json")
    assert time.process_time() - started < 5.0  # CPU: the bomb is refused, never unrolled
    assert len(result.json()) == len(list(SHIPPED.glob("*.yaml")))
    assert "bomb.yaml:2:8: YAML: aliases" in result.stderr


# --- the shipped banks -----------------------------------------------------------------


def test_all_shipped_banks_validate() -> None:
    result = ok("bank", "validate", str(SHIPPED))
    assert result.stderr == f"{len(list(SHIPPED.glob('*.yaml')))} banks OK\n"


def test_every_shipped_question_is_a_question_with_a_hint(coach_home: Path) -> None:
    loaded = banks.load_banks(coach_home)
    for bank in loaded.values():
        for q in bank.questions:
            assert q.ask.endswith("?"), (bank.id, q.id)
            assert q.hint and q.hint.strip(), (bank.id, q.id)
            assert all(f.ask.endswith("?") for f in q.follow_ups), (bank.id, q.id)


def test_there_are_at_least_10_shipped_banks_and_150_questions(coach_home: Path) -> None:
    loaded = banks.load_banks(coach_home)
    assert len(loaded) >= 10
    assert sum(len(b.questions) for b in loaded.values()) >= 150
    assert all(b.source == "shipped" for b in loaded.values())


def test_every_practice_in_the_product_brief_has_a_bank(coach_home: Path) -> None:
    assert set(PRACTICE_BANKS) <= set(banks.load_banks(coach_home))


def test_joint_call_debrief_asks_which_role_the_manager_played(coach_home: Path) -> None:
    bank = banks.get_bank(coach_home, "joint-call-debrief")
    role = next(q for q in bank.questions if q.id == "manager-role")
    assert role.type == "choice"
    assert role.choices == ["lead", "passive participant", "silent observer"]


@pytest.mark.parametrize("transition", core_banks.TRANSITIONS)
def test_every_funnel_transition_has_a_bank_to_work_on_it(
    transition: str, coach_home: Path
) -> None:
    assert core_banks.banks_for_transition(banks.load_banks(coach_home), transition)


def test_transitions_match_however_they_are_written(coach_home: Path) -> None:
    loaded = banks.load_banks(coach_home)
    expected = core_banks.banks_for_transition(loaded, "calls->conversations")
    assert "activity-conversion" in [b.id for b in expected]
    for spelling in ("calls:conversations", "Calls -> Conversations", "calls→conversations"):
        assert core_banks.banks_for_transition(loaded, spelling) == expected
    assert core_banks.banks_for_transition(loaded, "won->calls") == []


# --- user banks --------------------------------------------------------------------------


def test_a_user_bank_in_home_overrides_the_shipped_bank_with_its_id(coach_home: Path) -> None:
    path = write_bank(coach_home / "banks", "mine.yaml", "weekly-checkin", "Our check-in")
    rows = {row["id"]: row for row in ok("bank", "list", "--json").json()}
    assert rows["weekly-checkin"]["source"] == str(path)
    assert rows["weekly-checkin"]["title"] == "Our check-in"
    assert rows["weekly-checkin"]["questions"] == 4
    assert rows["grow"]["source"] == "shipped"


def test_a_bank_in_coach_banks_overrides_the_shipped_bank_with_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "team-banks", tmp_path / "more-banks"
    path = write_bank(second, "grow.yaml", "grow", "Team GROW")
    write_bank(first, "openers.yaml", "cold-openers")
    monkeypatch.setenv("COACH_BANKS", f"{first}{os.pathsep}{second}")
    rows = {row["id"]: row for row in ok("bank", "list", "--json").json()}
    assert rows["grow"]["source"] == str(path)
    assert rows["cold-openers"]["source"] == str(first / "openers.yaml")
    assert "Team GROW" in ok("bank", "show", "grow").stdout


def test_an_invalid_user_bank_is_skipped_with_a_located_warning(coach_home: Path) -> None:
    banks_dir = coach_home / "banks"
    banks_dir.mkdir(parents=True)
    broken = banks_dir / "checkin.yaml"
    broken.write_text(
        (FIXTURES / "ask-not-question.yaml")
        .read_text()
        .replace("id: ask-not-question", "id: weekly-checkin")
    )
    result = ok("bank", "list", "--json")
    rows = {row["id"]: row for row in result.json()}
    assert rows["weekly-checkin"]["source"] == "shipped"
    assert f"warning: {broken}:8:10: questions[1].ask:" in result.stderr
    assert [str(p) for p in banks.bank_problems(coach_home)] == [
        line.removeprefix("warning: ")
        for line in result.stderr.splitlines()
        if line.startswith(f"warning: {broken}")
    ]


def test_two_user_banks_with_one_id_are_both_skipped(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_bank(coach_home / "banks", "a.yaml", "cold-openers")
    b = write_bank(tmp_path / "extra", "b.yaml", "cold-openers")
    monkeypatch.setenv("COACH_BANKS", str(tmp_path / "extra"))
    result = ok("bank", "list", "--json")
    assert "cold-openers" not in {row["id"] for row in result.json()}
    assert f"{a}:1:5: id: duplicate bank id 'cold-openers' (also in {b})" in result.stderr
    assert f"{b}:1:5: id: duplicate bank id 'cold-openers' (also in {a})" in result.stderr


def test_a_changed_user_bank_is_seen_by_the_next_load(coach_home: Path) -> None:
    path = write_bank(coach_home / "banks", "mine.yaml", "cold-openers", "First")
    assert banks.get_bank(coach_home, "cold-openers").title == "First"
    path.write_text(path.read_text().replace("title: First", "title: Second, longer"))
    assert banks.get_bank(coach_home, "cold-openers").title == "Second, longer"


def test_an_unknown_bank_is_an_error_listing_the_known_ones(coach_home: Path) -> None:
    with pytest.raises(CoachError, match="known: activity-conversion, "):
        banks.require_bank(coach_home, "no-such-bank")
    result = fails(1, "bank", "show", "no-such-bank")
    assert "unknown bank 'no-such-bank'" in result.stderr
    assert "weekly-checkin" in result.stderr


# --- output shapes -----------------------------------------------------------------------


def test_bank_list_json_has_the_contract_keys() -> None:
    rows = ok("bank", "list", "--json").json()
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    for row in rows:
        assert {"id", "title", "questions", "source", "focus"} <= set(row)
        assert isinstance(row["questions"], int) and row["questions"] > 0
    by_id = {row["id"]: row for row in rows}
    assert by_id["early-pipeline"]["focus"] == [
        "conversations->meetings",
        "meetings->opportunities",
    ]


def test_bank_list_prints_a_table_for_people() -> None:
    result = ok("bank", "list")
    assert "joint-call-debrief" in result.stdout and "shipped" in result.stdout
    assert result.stderr == ""


def test_bank_show_prints_types_hints_follow_ups_and_choices() -> None:
    out = ok("bank", "show", "joint-call-debrief").stdout
    assert out.startswith("joint-call-debrief: Joint call debrief  (shipped)\n")
    assert "Which role did I play on our last joint call?" in out
    assert "id: manager-role  [choice: lead / passive participant / silent observer]" in out
    assert "   hint: Let them go first." in out
    assert "   follow-up: Who owns that step on the buyer's side?" in out
    assert "     hint: A good answer is a named buyer with a date." in out  # follow-ups have hints


def test_bank_show_json_has_every_question_field() -> None:
    data = ok("bank", "show", "joint-call-debrief", "--json").json()
    assert data["id"] == "joint-call-debrief" and data["source"] == "shipped"
    role = next(q for q in data["questions"] if q["id"] == "manager-role")
    assert role == {
        "id": "manager-role",
        "ask": "Which role did I play on our last joint call?",
        "type": "choice",
        "hint": role["hint"],
        "follow_ups": [
            {
                "ask": "What did my taking the lead cost you in front of the buyer?",
                "when": ["lead"],
                "hint": role["follow_ups"][0]["hint"],
            }
        ],
        "choices": ["lead", "passive participant", "silent observer"],
        "min": None,
        "max": None,
        "always": True,  # stats count the roles the rep reports: every debrief asks it
        "opener": False,
        "scale_reason": None,
    }


def test_a_coach_banks_entry_that_is_not_a_directory_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_BANKS", str(tmp_path / "typo"))
    result = ok("bank", "list", "--json")
    assert len(result.json()) == len(list(SHIPPED.glob("*.yaml")))
    assert f"warning: {tmp_path / 'typo'}:1:1: COACH_BANKS: not a directory" in result.stderr
