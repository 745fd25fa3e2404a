"""Issue 10 (16, 17): pacing a manager can trust on a Monday, and ratios rounded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ok

MONDAY = "2026-11-30"  # 2026-W49: its weekly totals have not arrived yet


@pytest.fixture
def duo(coach_home: Path, tmp_path: Path) -> Path:
    coach_home.mkdir(parents=True, exist_ok=True)
    (coach_home / "config.yaml").write_text("funnel: [calls, conversations, meetings]\n")
    for name in ("Ann Ames", "Bob Bell", "Cy Cole"):
        ok("rep", "add", name)
    path = tmp_path / "metrics.csv"
    path.write_text(
        "rep,week,calls,conversations,meetings\n"
        "Ann Ames,2026-W48,100,30,11\n"
        "Bob Bell,2026-W48,309,108,20\n"
    )
    ok("metrics", "import", str(path))
    ok("goal", "set", "ann", "meetings", "12", "--today", MONDAY)
    ok("goal", "set", "cy", "meetings", "10", "--today", MONDAY)
    return path


def test_on_a_monday_pacing_shows_last_weeks_result_not_behind(duo: Path) -> None:
    goals = {g["rep"]: g for g in ok("goal", "list", "--today", MONDAY, "--json").json()}
    ann = goals["ann-ames"]
    assert ann["status"] == "no data" and ann["actual"] is None
    assert ann["last_week"] == {"week": "2026-W48", "actual": 11, "result": "missed"}
    assert ann["summary"] == "last week 11/12, missed"
    table = ok("goal", "list", "--today", MONDAY).stdout
    assert "behind" not in table and "missed" in table
    shown = ok("metrics", "show", "--today", MONDAY).stdout
    assert "meetings: last week 11/12, missed" in shown


def test_a_rep_with_no_data_shows_no_data_not_zero_behind(duo: Path) -> None:
    cy = ok("goal", "list", "cy", "--today", MONDAY, "--json").json()[0]  # type: ignore[index]
    assert (cy["status"], cy["actual"], cy["last_week"], cy["summary"]) == (
        "no data",
        None,
        None,
        "no data",
    )
    row = ok("goal", "list", "cy", "--today", MONDAY).stdout.split("Cy Cole")[1]
    assert "no data" in row and "behind" not in row


def test_pace_within_the_week_only_when_this_weeks_counts_are_in(duo: Path, tmp_path: Path) -> None:
    daily = tmp_path / "daily.csv"
    daily.write_text("rep,date,meetings\nAnn Ames,2026-12-02,3\n")
    ok("metrics", "import", str(daily))
    ann = ok("goal", "list", "ann", "--today", "2026-12-02", "--json").json()[0]  # type: ignore[index]
    assert (ann["actual"], ann["status"]) == (3, "behind")  # 3 of 7.2 expected by Wednesday
    assert ann["summary"] == "last week 11/12, missed; this week 3 of 7.2 expected, behind"


def test_a_ratio_is_rounded_once_from_the_exact_value(duo: Path) -> None:
    # 108 / 309 = 0.349514...: 35.0% on screen (not 34.9% from 0.3495), 0.3495 in JSON
    report = ok("metrics", "show", "bob", "--today", MONDAY, "--weeks", "2", "--json").json()
    ratio = report["reps"][0]["ratios"]["calls->conversations"]["ratio"]  # type: ignore[index]
    assert ratio == 0.3495
    table = ok("metrics", "show", "bob", "--today", MONDAY, "--weeks", "2").stdout
    assert "35.0%" in table and "34.9%" not in table
