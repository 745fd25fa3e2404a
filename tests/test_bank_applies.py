"""A bank says how it is asked (`ask: all`) and when it applies (`applies:`): both load,
validate with located problems, survive the cache, and show in `bank list` and `bank show`."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.core.bank_values import RepFacts, applies_failures, bank_from_plain
from coachcli.core.banks import bank_to_plain
from coachcli.inputs import banks as bank_files
from coachcli.services import banks
from tests.conftest import fails, ok

CHECKLIST = """\
id: demo-checklist
title: Demo checklist
ask: all
applies:
  recording_days: 14
  joint_call: true
  tenure_under_weeks: 12
  tier: [top, core]
  overdue: false
focus: [calls->conversations]
questions:
  - id: goal
    ask: What is the goal of the call?
    follow_ups:
      - And what else?
      - {ask: "What would the buyer say?", hint: "Listen for the buyer's words."}
  - id: fallback
    ask: What is your fallback step?
"""


def _write(directory: Path, text: str, name: str = "demo-checklist.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text)
    return path


def test_a_checklist_bank_with_every_condition_loads(coach_home: Path) -> None:
    _write(coach_home / "banks", CHECKLIST)
    bank = banks.load_banks(coach_home)["demo-checklist"]
    assert bank.ask == "all"
    assert bank.applies is not None
    assert bank.applies.recording_days == 14 and bank.applies.tier == ["top", "core"]
    assert bank.applies.joint_call is True and bank.applies.overdue is False
    follow = bank.questions[0].follow_ups
    assert [f.ask for f in follow] == ["And what else?", "What would the buyer say?"]
    assert follow[1].hint == "Listen for the buyer's words."


def test_a_bank_without_the_new_keys_is_a_selection_that_always_applies(
    coach_home: Path,
) -> None:
    bank = banks.load_banks(coach_home)["weekly-checkin"]
    assert bank.applies is None
    assert applies_failures(bank.applies, RepFacts()) == []


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("ask: some", "ask", "'all' or 'selection'"),
        ("applies: {recording_days: 0}", "applies.recording_days", "greater than or equal to 1"),
        ("applies: {recording_days: '14'}", "applies.recording_days", "valid integer"),
        ("applies: {joint_call: yes please}", "applies.joint_call", "valid boolean"),
        ("applies: {tier: [gold]}", "applies.tier[0]", "'gold' is not a tier"),
        ("applies: {tier: []}", "applies.tier", "at least 1 item"),
        ("applies: {tenure: 3}", "applies.tenure", "unknown field"),
    ],
)
def test_a_wrong_ask_or_condition_is_reported_with_file_line_and_field(
    tmp_path: Path, line: str, field: str, message: str
) -> None:
    text = f"id: demo\ntitle: Demo\n{line}\nquestions:\n  - id: a\n    ask: Why?\n"
    path = _write(tmp_path, text, "demo.yaml")
    result = fails(1, "bank", "validate", str(path))
    assert f"{path}:3:" in result.stderr
    assert f": {field}: " in result.stderr and message in result.stderr


def test_ask_and_applies_survive_the_cache(coach_home: Path) -> None:
    _write(coach_home / "banks", CHECKLIST)
    written = banks.load_banks(coach_home, write_cache=True)["demo-checklist"]
    bank_files._cache.clear()
    banks._memo.clear()
    cached = banks.load_banks(coach_home)["demo-checklist"]
    assert type(cached).__module__ == "coachcli.core.bank_values"
    assert cached.model_dump(mode="json") == written.model_dump(mode="json")
    assert bank_to_plain(written) == bank_to_plain(bank_from_plain(bank_to_plain(written)))
    assert cached.ask == "all" and cached.applies is not None
    assert cached.applies.tier == ["top", "core"]


def test_every_condition_given_must_hold(coach_home: Path) -> None:
    _write(coach_home / "banks", CHECKLIST)
    applies = banks.load_banks(coach_home)["demo-checklist"].applies
    fits = RepFacts(tier="top", recorded_days_ago=3, joint_call=True, tenure_weeks=4)
    assert applies_failures(applies, fits) == []
    assert applies_failures(applies, RepFacts(tier="developing", joint_call=True)) == [
        "no call measured in the last 14 days",
        "not added in the last 12 weeks",
        "tier developing, not top or core",
    ]
    late = RepFacts(tier="top", recorded_days_ago=15, joint_call=True, tenure_weeks=12)
    assert len(applies_failures(applies, late)) == 2
    overdue = RepFacts("top", 0, joint_call=True, tenure_weeks=0, overdue=True)
    assert applies_failures(applies, overdue) == ["an overdue commitment"]


def test_bank_list_and_show_say_how_a_bank_is_asked_and_when_it_applies(
    coach_home: Path,
) -> None:
    _write(coach_home / "banks", CHECKLIST)
    rows = {row["id"]: row for row in ok("bank", "list", "--json").json()}
    assert rows["demo-checklist"]["ask"] == "all"
    assert rows["demo-checklist"]["applies"] == {
        "recording_days": 14,
        "joint_call": True,
        "tenure_under_weeks": 12,
        "tier": ["top", "core"],
        "overdue": False,
    }
    assert rows["weekly-checkin"]["ask"] == "selection"
    assert rows["weekly-checkin"]["applies"] is None
    table = ok("bank", "list").stdout
    assert "2 (all)" in table and "always" in table
    shown = ok("bank", "show", "demo-checklist").stdout
    assert "asked whole, in order, every time (ask: all)" in shown
    assert (
        "applies when: a call measured in the last 14 days; a joint call this week or last; "
        "rep added under 12 weeks ago; tier top or core; no overdue commitment"
    ) in shown
    assert "     hint: Listen for the buyer's words." in shown
    data = ok("bank", "show", "demo-checklist", "--json").json()
    assert data["ask"] == "all" and data["applies"]["recording_days"] == 14
