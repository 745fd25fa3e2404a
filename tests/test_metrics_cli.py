"""Metrics, conversion ratios, goals and pacing through the CLI, against numbers worked by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, fails, ok
from tests.helpers.jsonout import json_object

TODAY = "2026-11-25"  # a Wednesday in 2026-W48: 3 of 5 working days have begun

# Three reps, a short funnel, two weeks in the window (W47, W48) and one week outside it.
CSV = """\
rep,week,calls,conversations,meetings
Ann Ames,2026-W46,1000,1,1
Ann Ames,2026-W47,100,30,12
ann,2026-W48,50,20,5
Bob Bell,2026-W47,100,20,10
bob-bell,2026-W48,100,20,10
Cy Cole,2026-W47,100,40,8
"""


@pytest.fixture
def trio(coach_home: Path, tmp_path: Path) -> Path:
    coach_home.mkdir(parents=True, exist_ok=True)
    (coach_home / "config.yaml").write_text("funnel: [calls, conversations, meetings]\n")
    for name in ("Ann Ames", "Bob Bell", "Cy Cole"):
        ok("rep", "add", name)
    path = tmp_path / "metrics.csv"
    path.write_text(CSV)
    ok("metrics", "import", str(path))
    return path


def show(*args: str) -> dict[str, Any]:
    return json_object(ok("metrics", "show", "--weeks", "2", "--today", TODAY, "--json", *args))


def test_metrics_show_prints_ratios_medians_trends_and_weakest_worked_by_hand(trio: Path) -> None:
    report = show()
    assert report["from_week"] == "2026-W47" and report["to_week"] == "2026-W48"
    assert report["week_list"] == ["2026-W47", "2026-W48"]
    # medians of (50/150, 40/200, 40/100) and (17/50, 20/40, 8/40)
    assert report["team_median"] == {
        "calls->conversations": 0.3333,
        "conversations->meetings": 0.34,
    }
    reps = {r["rep"]: r for r in report["reps"]}
    assert list(reps) == ["ann-ames", "bob-bell", "cy-cole"]

    ann = reps["ann-ames"]
    assert ann["totals"] == {"calls": 150, "conversations": 50, "meetings": 17}  # W46 left out
    assert ann["weeks_with_data"] == 2
    assert ann["ratios"]["calls->conversations"] == {
        "ratio": 0.3333,
        "numerator": 50,
        "denominator": 150,
        "enough": True,
        "team_median": 0.3333,
        "vs_team": 0.0,
        "trend": [0.3, 0.4],
        "sparkline": "▁█",
    }
    assert ann["ratios"]["conversations->meetings"]["ratio"] == 0.34
    assert ann["ratios"]["conversations->meetings"]["trend"] == [0.4, 0.25]
    assert ann["weakest"] is None and ann["suggested_banks"] == []  # at the median everywhere

    bob = reps["bob-bell"]
    assert bob["ratios"]["calls->conversations"]["ratio"] == 0.2
    assert bob["ratios"]["calls->conversations"]["vs_team"] == -0.4  # (0.2 - 1/3) / (1/3)
    assert bob["ratios"]["conversations->meetings"]["vs_team"] == 0.4706  # (0.5 - 0.34) / 0.34
    assert bob["ratios"]["conversations->meetings"]["sparkline"] == "▅▅"  # flat
    assert bob["weakest"] == "calls->conversations"
    assert bob["suggested_banks"] == [
        "activity-conversion",
        "call-review",
        "company-purpose",
        "new-rep-ramp",
        "objection-handling",
        "prospecting-channels",
        "skill-practice",
        "territory-planning",
    ]

    cy = reps["cy-cole"]
    assert cy["ratios"]["calls->conversations"] == {
        "ratio": 0.4,
        "numerator": 40,
        "denominator": 100,
        "enough": True,
        "team_median": 0.3333,
        "vs_team": 0.2,
        "trend": [0.4, None],
        "sparkline": "▅·",
    }
    assert cy["ratios"]["conversations->meetings"]["vs_team"] == -0.4118  # (0.2 - 0.34) / 0.34
    assert cy["weakest"] == "conversations->meetings"
    assert cy["suggested_banks"] == [
        "activity-conversion",
        "call-planning",
        "discovery",
        "early-pipeline",
        "new-rep-ramp",
        "objection-handling",
        "prospecting-channels",
        "slump-diagnosis",
    ]
    assert all(r["pacing"] == [] for r in reps.values())


def test_metrics_show_for_one_rep_keeps_the_team_median_of_everyone(trio: Path) -> None:
    report = show("cy")
    assert [r["rep"] for r in report["reps"]] == ["cy-cole"]
    assert report["team_median"]["conversations->meetings"] == 0.34


def test_metrics_show_table_names_the_weakest_transition_and_its_bank(trio: Path) -> None:
    out = ok("metrics", "show", "bob", "--weeks", "2", "--today", TODAY).stdout
    assert "Bob Bell" in out and "20.0%" in out and "33.3%" in out
    assert "calls->conversations (weakest)" in out
    assert "activity-conversion" in out


def test_reimporting_a_rep_week_updates_it_and_keeps_steps_not_in_the_file(
    trio: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.csv"
    again.write_text("rep,date,calls,conversations\nBob Bell,2026-11-26,80,\n")
    result = ok("metrics", "import", str(again))
    assert "0 new, 1 updated" in result.stderr
    bob = next(r for r in show()["reps"] if r["rep"] == "bob-bell")
    assert bob["totals"] == {"calls": 180, "conversations": 40, "meetings": 20}
    assert bob["ratios"]["calls->conversations"]["trend"] == [0.2, 0.25]


def test_a_bad_row_at_line_7_is_reported_with_its_column_and_nothing_is_saved(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Ann Ames")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "rep,week,calls,conversations,meetings\n"
        "Ann Ames,2026-W40,100,30,10\n"
        "Ann Ames,2026-W41,100,30,10\n"
        "Ann Ames,2026-W42,100,30,10\n"
        "Ann Ames,2026-W43,100,30,10\n"
        "Ann Ames,2026-W44,100,30,10\n"
        "Ann Ames,2026-W45,100,thirty,10\n"
        "Ann Ames,2026-W46,100,30,10\n"
    )
    result = fails(1, "metrics", "import", str(bad))
    assert f"{bad}:7: column 'conversations': 'thirty' is not a whole number" in result.stderr
    assert "1 problem; nothing was imported" in result.stderr
    assert ok("metrics", "show", "--json", "--today", TODAY).json()["reps"] == []


def test_every_problem_of_a_file_is_reported_at_once(coach_home: Path, tmp_path: Path) -> None:
    ok("rep", "add", "Ann Ames")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "rep,week,calls,conversations,meetings\n"
        "Zed Zero,2026-W40,1,1,1\n"
        "Ann Ames,2026-W99,1,1,1\n"
        "Ann Ames,2026-W41,-3,1,1\n"
        ",2026-W42,1,1,1\n"
        "Ann Ames,,1,1,1\n"
        "Ann Ames,2026-W43,1,1,1\n"
        "Ann Ames,2026-W43,2,2,2\n"
    )
    err = fails(1, "metrics", "import", str(bad)).stderr
    assert f"{bad}:2: column 'rep': no rep matches 'Zed Zero'" in err
    assert f"{bad}:3: column 'week': '2026-W99' is not an ISO week" in err
    assert f"{bad}:4: column 'calls': -3 is negative" in err
    assert f"{bad}:5: column 'rep': missing" in err
    assert f"{bad}:6: column 'week': missing" in err
    assert f"{bad}:8: column 'rep': ann-ames 2026-W43 already appears on line 7" in err
    assert "6 problems; nothing was imported" in err


def test_an_unknown_column_is_reported_on_the_header_line(coach_home: Path, tmp_path: Path) -> None:
    ok("rep", "add", "Ann Ames")
    bad = tmp_path / "bad.csv"
    bad.write_text("rep,week,calls,demos\nAnn Ames,2026-W40,1,1\n")
    err = fails(1, "metrics", "import", str(bad)).stderr
    assert f"{bad}:1: column 'demos': unknown column" in err


def test_a_date_outside_the_given_week_is_a_problem(coach_home: Path, tmp_path: Path) -> None:
    ok("rep", "add", "Ann Ames")
    bad = tmp_path / "bad.csv"
    bad.write_text("rep,week,date,calls\nAnn Ames,2026-W40,2026-11-25,1\n")
    assert (
        "column 'date': 2026-11-25 is not in week 2026-W40"
        in fails(1, "metrics", "import", str(bad)).stderr
    )


@pytest.mark.parametrize(
    ("metric", "goal", "status", "expected"),
    [
        # Wednesday: 3 of 5 working days, so 3/5 of the weekly goal is expected by today.
        ("conversations", "25", "ahead", 15.0),  # 20 so far > 15 + 10%
        ("calls", "160", "on pace", 96.0),  # 100 so far, within 86.4..105.6
        ("meetings", "30", "behind", 18.0),  # 10 so far < 18 - 10%
    ],
)
def test_goal_pacing_is_ahead_on_pace_or_behind_the_prorated_goal(
    trio: Path, metric: str, goal: str, status: str, expected: float
) -> None:
    rep = "ann" if metric == "conversations" else "bob"
    ok("goal", "set", rep, metric, goal, "--today", TODAY)
    goals = ok("goal", "list", "--today", TODAY, "--json").json()
    assert [{k: v for k, v in g.items() if k not in ("last_week", "summary")} for g in goals] == [
        {
            "rep": "ann-ames" if rep == "ann" else "bob-bell",
            "name": "Ann Ames" if rep == "ann" else "Bob Bell",
            "metric": metric,
            "goal": int(goal),
            "actual": {"conversations": 20, "calls": 100, "meetings": 10}[metric],
            "expected": expected,
            "days_elapsed": 3,
            "days_total": 5,
            "status": status,
        }
    ]
    shown = {r["rep"]: r for r in show()["reps"]}
    assert [p["status"] for p in shown[goals[0]["rep"]]["pacing"]] == [status]


def test_setting_a_goal_again_replaces_it(trio: Path) -> None:
    ok("goal", "set", "bob", "calls", "100", "--today", TODAY)
    result = ok("goal", "set", "bob", "calls", "200", "--today", TODAY)
    assert "200 calls a week" in result.stderr and "behind" in result.stderr
    assert [g["goal"] for g in ok("goal", "list", "bob", "--json", "--today", TODAY).json()] == [
        200
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["goal", "set", "ann", "demos", "3"], "unknown metric 'demos'"),
        (["goal", "set", "ann", "calls", "lots"], "invalid goal 'lots'"),
        (["goal", "set", "ann", "calls", "--", "-5"], "invalid goal '-5'"),
        (["goal", "set", "zed", "calls", "5"], "no rep matches"),
        (["metrics", "show", "--weeks", "0"], "invalid --weeks"),
        (["metrics", "show", "--today", "someday"], "invalid --today"),
    ],
)
def test_bad_goal_and_show_values_are_user_errors(
    trio: Path, args: list[str], expected: str
) -> None:
    assert expected in fails(1, *args).stderr


def test_the_example_metrics_import_for_the_example_team_with_distinct_weak_spots(
    team: Path,
) -> None:
    result = ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    assert "84 rows (84 new, 0 updated), 7 reps, 2026-W37 to 2026-W48" in result.stderr
    report = ok("metrics", "show", "--weeks", "12", "--today", "2026-11-27", "--json").json()
    weakest = {r["rep"]: r["weakest"] for r in report["reps"]}
    assert weakest["priya-nair"] == "calls->conversations"
    assert weakest["dana-lee"] == "conversations->meetings"
    assert weakest["sam-obrien"] == "meetings->opportunities"
    assert all(len(r["ratios"]["calls->conversations"]["trend"]) == 12 for r in report["reps"])


def test_archived_reps_leave_the_team_median_and_the_listing(trio: Path) -> None:
    ok("rep", "archive", "cy")
    report = show()
    assert [r["rep"] for r in report["reps"]] == ["ann-ames", "bob-bell"]
    # medians of (50/150, 40/200) and (17/50, 20/40) without Cy
    assert report["team_median"] == {
        "calls->conversations": 0.2667,
        "conversations->meetings": 0.42,
    }
    assert [r["rep"] for r in show("cy")["reps"]] == ["cy-cole"]  # asked for by name


def test_a_spreadsheet_csv_with_a_byte_order_mark_and_spaced_headers_imports(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Ann Ames")
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffRep , Date, Calls\r\nann,2026-11-24,12\r\n".encode())
    ok("metrics", "import", str(path))
    assert show()["reps"][0]["totals"]["calls"] == 12
