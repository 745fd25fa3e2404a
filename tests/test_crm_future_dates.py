"""`coach crm import` keeps nothing false on the record: a CRM row dated more than a week after
today (`--today`, else the real date) is a typo, not a forecast. It is refused at file:line,
naming the column, and nothing is imported, as `metrics import` refuses a week ahead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fails, ok
from tests.test_crm import SF_HEADER, SF_STAGES_HEADER, entered, metrics, sf_row, sf_stage, write

TODAY = "2026-11-30"  # a Monday; a week after it is 2026-12-07


@pytest.fixture
def dana(coach_home: Path) -> Path:
    ok("rep", "add", "Dana Lee")
    return coach_home


def test_a_salesforce_row_dated_years_ahead_is_refused_and_nothing_is_imported(
    dana: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "sf.csv",
        [
            SF_HEADER,
            sf_row("Dana Lee", "11/24/2026", "Call", "Connected"),
            sf_row("Dana Lee", "11/25/2029", "Call", "Connected"),
            sf_row("Dana Lee", "11/26/2026", "Meeting"),
        ],
    )
    for extra in ([], ["--dry-run"], ["--json"]):
        result = fails(1, "crm", "import", str(path), "--today", TODAY, *extra)
        assert (
            f"{path}:3: column 'Date': '11/25/2029' is more than a week after today (2026-11-30)"
            in result.stderr
        )
        assert "nothing was imported" in result.stderr
        assert result.stdout == ""
    assert metrics(dana) == {}


def test_a_row_up_to_a_week_ahead_counts_and_a_day_more_is_refused(
    dana: Path, tmp_path: Path
) -> None:
    week_ahead = [SF_HEADER, sf_row("Dana Lee", "12/07/2026", "Meeting")]
    path = write(tmp_path, "ahead.csv", week_ahead)
    ok("crm", "import", str(path), "--today", TODAY)
    assert metrics(dana) == {"dana-lee:2026-W50": {"calls": 0, "conversations": 0, "meetings": 1}}
    later = write(tmp_path, "later.csv", [SF_HEADER, sf_row("Dana Lee", "12/08/2026", "Meeting")])
    result = fails(1, "crm", "import", str(later), "--today", TODAY)
    assert f"{later}:2: column 'Date': '12/08/2026' is more than a week after today" in (
        result.stderr
    )
    # the same file is fine a day later
    ok("crm", "import", str(later), "--today", "2026-12-01")


def test_every_future_row_is_listed_with_the_other_bad_cells(dana: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.csv",
        [
            SF_HEADER,
            sf_row("Dana Lee", "01/05/2031", "Call"),
            sf_row("Dana Lee", "13/45/2026", "Call"),
            sf_row("Dana Lee", "12/31/2999", "Call"),
            sf_row("Pat Jones", "01/05/2031", "Call"),  # not a rep: skipped, as ever
        ],
    )
    result = fails(1, "crm", "import", str(path), "--today", TODAY)
    assert f"{path}:2: column 'Date': '01/05/2031' is more than a week after today" in (
        result.stderr
    )
    assert f"{path}:3: column 'Date': '13/45/2026' is not a date like" in result.stderr
    assert f"{path}:4: column 'Date': '12/31/2999' is more than a week after today" in (
        result.stderr
    )
    assert f"{path}:5:" not in result.stderr
    assert metrics(dana) == {}


def test_a_stage_change_dated_ahead_is_refused(dana: Path, tmp_path: Path) -> None:
    lines = [
        SF_STAGES_HEADER,
        sf_stage("Dana Lee", "D1", "Qualification", "11/17/2026"),
        sf_stage("Dana Lee", "D1", "Closed Won", "11/25/2027"),
    ]
    path = write(tmp_path, "history.csv", lines)
    result = fails(1, "crm", "import", str(path), "--today", TODAY)
    assert f"{path}:3: column 'Last Modified': '11/25/2027' is more than a week after" in (
        result.stderr
    )
    assert metrics(dana) == {}


def test_a_hubspot_deal_entering_a_stage_ahead_is_refused_naming_that_column(
    dana: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short path: the long column name fits the 160-column line
    lines = [
        f"Record ID,Deal Name,Deal owner,{entered('Qualified To Buy')},{entered('Closed Won')}",
        "11,Acme,Dana Lee,2026-11-17 10:00,2026-11-25 15:00",
        "12,Borealis,Dana Lee,2026-11-24 11:00,2028-02-29 09:00",
    ]
    write(tmp_path, "deals.csv", lines)
    result = fails(1, "crm", "import", "deals.csv", "--today", TODAY)
    column = """'Date entered "Closed Won (Sales Pipeline)"'"""
    assert f"deals.csv:3: column {column}: '2028-02-29 09:00' is more than a week after today" in (
        result.stderr
    )
    assert metrics(dana) == {}


def test_without_today_the_real_date_is_used(dana: Path, tmp_path: Path) -> None:
    # Dates no real clock can fall near: one long past, one near the last accepted year.
    past = write(tmp_path, "past.csv", [SF_HEADER, sf_row("Dana Lee", "03/04/2020", "Call")])
    ok("crm", "import", str(past))
    assert metrics(dana) == {"dana-lee:2020-W10": {"calls": 1, "conversations": 0, "meetings": 0}}
    ahead = write(tmp_path, "ahead.csv", [SF_HEADER, sf_row("Dana Lee", "03/04/2998", "Call")])
    assert "is more than a week after today" in fails(1, "crm", "import", str(ahead)).stderr


@pytest.mark.parametrize("value", ["2026-13-01", "3000-01-01", "soon"])
def test_a_bad_today_is_a_user_error(dana: Path, tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "sf.csv", [SF_HEADER, sf_row("Dana Lee", "11/24/2026", "Call")])
    assert "--today" in fails(1, "crm", "import", str(path), "--today", value).stderr
    assert metrics(dana) == {}
