"""Skill scorecards (issue 13.4): shipped and user scorecards, ratings from a file or the
terminal, the trend in `score show`, and located problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import ProblemList
from coachcli.inputs.scorecards import parse_scorecard
from coachcli.services.scores import rate_interactive
from coachcli.store.repository import Store
from tests.conftest import fails, ok, run
from tests.session_support import (
    ENTER,
    ScriptedPrompter,
    scripts_used_up,  # noqa: F401  (autouse: scripts used up)
)

CARD = """\
id: mini
title: Mini card
skills:
  - id: listening
    name: Listening
    levels: [Talks over, Waits, Listens, Reflects back, Makes them feel heard]
  - id: asking
    name: Asking
    levels: [Closed only, Some open, Open, Layered, Insightful]
"""


def _card(home: Path, text: str = CARD, name: str = "mini") -> Path:
    (home / "scorecards").mkdir(parents=True, exist_ok=True)
    path = home / "scorecards" / f"{name}.yaml"
    path.write_text(text)
    return path


def _ratings(tmp_path: Path, text: str) -> str:
    path = tmp_path / "ratings.yaml"
    path.write_text(text)
    return str(path)


def test_the_shipped_sales_scorecard_lists_with_its_skills_and_five_levels_each() -> None:
    cards = ok("scorecard", "list", "--json").json()
    sales = next(c for c in cards if c["id"] == "sales")
    assert sales["source"] == "shipped" and sales["skills"] >= 9
    shown = ok("scorecard", "show", "sales", "--json").json()
    ids = {s["id"] for s in shown["skills"]}
    assert {"prospecting", "discovery", "qualification", "closing"} <= ids
    assert all(len(s["levels"]) == 5 for s in shown["skills"])


def test_a_user_scorecard_is_listed_and_shown(coach_home: Path) -> None:
    _card(coach_home)
    cards = {c["id"]: c for c in ok("scorecard", "list", "--json").json()}
    assert cards["mini"]["skills"] == 2
    text = ok("scorecard", "show", "mini").stdout
    assert "Listening (listening)" in text and "  5. Makes them feel heard" in text


def test_a_broken_scorecard_is_skipped_with_located_problems(coach_home: Path) -> None:
    path = _card(coach_home, CARD.replace("Reflects back, ", "").replace("id: asking", "id: Ask"))
    result = ok("scorecard", "list", "--json")
    assert "mini" not in {c["id"] for c in result.json()}
    assert f"{path}:6:13: skills[0].levels:" in result.stderr
    assert f"{path}:7:9: skills[1].id:" in result.stderr
    with pytest.raises(ProblemList) as caught:
        parse_scorecard(path)
    assert len(caught.value.items) == 2


def test_ratings_from_files_build_history_latest_change_and_sparkline(
    team: Path, tmp_path: Path
) -> None:
    first = _ratings(tmp_path, "scorecard: sales\nratings: {discovery: 2, closing: 3}\n")
    ok("score", "dana", "--ratings", first, "--today", "2026-11-03")
    second = _ratings(tmp_path, "ratings:\n  discovery: 4\n")
    ok("score", "dana", "--ratings", second, "--today", "2026-11-24")
    report = ok("score", "show", "dana", "--json").json()
    assert report["scorecard"] == "sales"
    skills = {s["id"]: s for s in report["skills"]}
    assert skills["discovery"]["history"] == [
        {"date": "2026-11-03", "score": 2},
        {"date": "2026-11-24", "score": 4},
    ]
    assert (skills["discovery"]["latest"], skills["discovery"]["change"]) == (4, 2)
    assert (skills["closing"]["latest"], skills["closing"]["change"]) == (3, 0)
    assert skills["discovery"]["name"] == "Discovery"
    table = ok("score", "show", "dana").stdout
    assert "+2" in table and "▂▅" in table


def test_a_bad_ratings_file_names_each_problem_and_saves_nothing(
    team: Path, tmp_path: Path
) -> None:
    bad = _ratings(tmp_path, "scorecard: sales\nratings:\n  discovery: 9\n  juggling: 2\n")
    result = fails(1, "score", "dana", "--ratings", bad)
    assert f"{bad}:3:14: ratings.discovery: rate it 1 to 5" in result.stderr
    assert Store(team).read().scores.all() == []
    unknown = _ratings(tmp_path, "scorecard: nope\nratings: {discovery: 2}\n")
    assert "unknown scorecard 'nope'" in fails(1, "score", "dana", "--ratings", unknown).stderr


def test_rating_at_the_terminal_shows_the_levels_and_enter_skips(coach_home: Path) -> None:
    _card(coach_home)
    ok("rep", "add", "Dana Lee")
    prompter = ScriptedPrompter([("select", "Listening", "3"), ("select", "Asking", ENTER)])
    saved = rate_interactive(coach_home, "dana", "mini", date(2026, 11, 24), prompter)
    prompter.done()
    assert saved is not None and saved.ratings == {"listening": 3}
    assert Store(coach_home).read().scores.all()[0].ratings == {"listening": 3}


def test_score_without_a_terminal_or_a_file_is_a_user_error(team: Path) -> None:
    assert "--ratings FILE" in fails(1, "score", "dana").stderr


def test_a_bank_may_name_the_skills_it_develops(coach_home: Path) -> None:
    (coach_home / "banks").mkdir(parents=True)
    (coach_home / "banks" / "disc.yaml").write_text(
        "id: disc\ntitle: Discovery\nskills: [discovery]\n"
        "questions:\n  - id: q\n    ask: What did you learn?\n"
    )
    banks = {b["id"]: b for b in ok("bank", "list", "--json").json()}
    assert banks["disc"]["skills"] == ["discovery"]
    assert run("bank", "validate", str(coach_home / "banks")).exit_code == 0
