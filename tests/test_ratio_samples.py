"""Small samples never steer the week: every ratio carries its counts, and a transition under
the minimum sample (config `min_sample`, default 20 of the earlier step) is "not enough data",
never the weakest and never a better/worse verdict."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from coachcli.core.numbers import ratio_text
from coachcli.core.rules import MIN_SAMPLE, enough
from coachcli.services.session_context import ratio_lines
from coachcli.store.repository import Store
from tests.conftest import ok
from tests.helpers.jsonout import json_object

TODAY = "2026-11-25"  # a Wednesday in 2026-W48

# Dana connects 24 of 300 calls (the team: 60 of 300) and, after a CRM import, has 0 proposals
# from 2 opportunities (the team: 10 of 20). 0 of 2 is -100% against the team, but it is two
# deals: her weakest step is the calls that do not connect.
CSV = """\
rep,week,calls,conversations,meetings,opportunities,proposals,won
Dana Lee,2026-W48,300,24,10,2,0,0
Ann Ames,2026-W48,300,60,24,20,10,4
Bob Bell,2026-W48,300,60,24,20,10,4
Cy Cole,2026-W48,300,60,24,20,10,4
"""


def _team(home: Path, tmp_path: Path, config: str = "") -> None:
    home.mkdir(parents=True, exist_ok=True)
    if config:
        (home / "config.yaml").write_text(config)
    for name in ("Dana Lee", "Ann Ames", "Bob Bell", "Cy Cole"):
        ok("rep", "add", name)
    path = tmp_path / "metrics.csv"
    path.write_text(CSV)
    ok("metrics", "import", str(path), "--today", TODAY)


def _dana(*args: str) -> dict[str, Any]:
    shown = json_object(ok("metrics", "show", "dana", "--weeks", "1", "--today", TODAY, "--json"))
    rep = shown["reps"][0]
    assert rep["rep"] == "dana-lee"
    return dict(rep)


def test_the_minimum_sample_rule_counts_the_earlier_step() -> None:
    assert MIN_SAMPLE == 20
    assert not enough(2) and not enough(19) and not enough(0) and not enough(None)
    assert enough(20) and enough(300)
    assert enough(2, min_sample=2) and not enough(1, min_sample=2)


def test_a_ratio_is_shown_with_its_counts_and_a_small_sample_says_so() -> None:
    assert ratio_text(24, 300) == "8.0% (24 of 300)"
    assert ratio_text(0, 2, enough=False) == "0.0% (0 of 2, not enough data)"
    assert ratio_text(24, 300, team=0.2) == "8.0% (24 of 300; team 20.0%)"
    assert ratio_text(0, 0) == "-"


def test_zero_of_two_deals_is_never_the_weakest_step(coach_home: Path, tmp_path: Path) -> None:
    _team(coach_home, tmp_path)
    dana = _dana()
    assert dana["weakest"] == "calls->conversations"
    small = dana["ratios"]["opportunities->proposals"]
    assert (small["ratio"], small["numerator"], small["denominator"]) == (0.0, 0, 2)
    assert small["enough"] is False and small["vs_team"] is None  # no verdict against the team
    calls = dana["ratios"]["calls->conversations"]
    assert (calls["numerator"], calls["denominator"], calls["enough"]) == (24, 300, True)
    assert calls["vs_team"] == -0.6


def test_metrics_show_table_carries_the_counts(coach_home: Path, tmp_path: Path) -> None:
    _team(coach_home, tmp_path)
    out = ok("metrics", "show", "dana", "--weeks", "1", "--today", TODAY).stdout
    assert "8.0% (24 of 300)" in out
    assert "0.0% (0 of 2, not enough data)" in out
    assert "calls->conversations (weakest)" in out
    assert "opportunities->proposals (weakest)" not in out


def test_the_team_median_leaves_out_reps_with_too_few(coach_home: Path, tmp_path: Path) -> None:
    _team(coach_home, tmp_path)
    shown = json_object(ok("metrics", "show", "--weeks", "1", "--today", TODAY, "--json"))
    assert shown["min_sample"] == 20
    assert shown["team_median"]["opportunities->proposals"] == 0.5  # not dragged by 0 of 2
    assert shown["team_median"]["proposals->won"] is None  # 4 of 10: too few for anyone


def test_the_plan_sends_her_to_the_calls_and_says_on_what_counts(
    coach_home: Path, tmp_path: Path
) -> None:
    _team(coach_home, tmp_path)
    slots = ok("plan", "week", "--today", TODAY, "--json").json()
    dana = next(s for s in slots if s["rep"] == "dana-lee")
    assert dana["reason"].startswith(
        "weakest step calls->conversations 8.0% (24 of 300; team 20.0%): "
    )
    assert "proposals" not in dana["reason"]


def test_a_smaller_minimum_sample_in_config_lets_small_counts_steer(
    coach_home: Path, tmp_path: Path
) -> None:
    _team(coach_home, tmp_path, config="min_sample: 2\n")
    dana = _dana()
    assert dana["ratios"]["opportunities->proposals"]["enough"] is True
    assert dana["weakest"] == "opportunities->proposals"


def test_the_session_header_ratios_carry_their_counts(coach_home: Path, tmp_path: Path) -> None:
    _team(coach_home, tmp_path)
    lines = ratio_lines(
        Store(coach_home).read(), "dana-lee", date(2026, 11, 25), list(_dana()["totals"]), 1
    )
    assert "calls->conversations: 8.0% (24 of 300; team 20.0%)" in lines
    assert "opportunities->proposals: 0.0% (0 of 2, not enough data; team 50.0%)" in lines
