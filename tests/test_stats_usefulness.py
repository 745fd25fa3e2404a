"""`coach stats` reports the reps' usefulness ratings (feedback `useful`, 1..5): how many,
the average and the trend (mean of the later half minus the earlier half), per rep and
overall, and over several stores with `--store`."""

from __future__ import annotations

from pathlib import Path

from coachcli.core.models import Rep, Session
from coachcli.store.repository import Store
from tests.conftest import ok

TODAY = "2026-11-25"


def _store(home: Path, ratings: dict[str, list[tuple[str, int | None]]]) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    with Store(home).write() as repo:
        n = 0
        for slug, rated in ratings.items():
            repo.reps.put(Rep(name=slug.title(), slug=slug, tier="core"))
            for day, useful in rated:
                n += 1
                s = Session(id=f"s-{n:06d}", rep=slug, date=day, started=f"{day}T10:00", minutes=30)
                s.useful = useful
                repo.save_session(s)
    return home


def test_stats_usefulness_average_and_trend_per_rep_and_overall(coach_home: Path) -> None:
    _store(
        coach_home,
        {
            # 2, 3, (4), 5 -> trend (5+4)/2 - (2+3)/2 ... with 4 ratings: (4+5)/2 - (2+3)/2 = 2
            "dana": [("2026-11-03", 2), ("2026-11-10", 3), ("2026-11-17", 4), ("2026-11-24", 5)],
            # one rating: no trend; an unrated session counts nowhere
            "sam": [("2026-11-05", 4), ("2026-11-12", None)],
            # out of the window: not counted
            "lee": [("2026-01-05", 1), ("2026-01-12", 1)],
        },
    )
    data = ok("stats", "--weeks", "4", "--today", TODAY, "--json").json()
    use = data["usefulness"]
    # overall, in date order: 2 (11-03), 4 (11-05), 3, 4, 5 -> later half (4, 5) = 4.5,
    # earlier half (2, 4) = 3.0, middle left out
    assert use["rated"] == 5
    assert use["average"] == 18 / 5
    assert use["trend"] == 1.5
    assert use["reps"] == [
        {"rep": "dana", "rated": 4, "average": 3.5, "trend": 2.0},
        {"rep": "sam", "rated": 1, "average": 4.0, "trend": None},
    ]
    table = ok("stats", "--weeks", "4", "--today", TODAY).stdout
    assert "trend +1.5" in table


def test_stats_usefulness_rolls_up_over_stores(tmp_path: Path) -> None:
    ana = _store(tmp_path / "ana", {"dana": [("2026-11-03", 2), ("2026-11-24", 4)]})
    ben = _store(tmp_path / "ben", {"kim": [("2026-11-10", 5), ("2026-11-17", 1)]})
    data = ok(
        "stats",
        "--store",
        str(ana),
        "--store",
        str(ben),
        "--weeks",
        "4",
        "--today",
        TODAY,
        "--json",
    ).json()
    assert [s["usefulness"]["trend"] for s in data["stores"]] == [2.0, -4.0]
    total = data["total"]["usefulness"]
    # merged in date order: 2, 5, 1, 4 -> (1+4)/2 - (2+5)/2 = -1
    assert total == {"rated": 4, "average": 3.0, "trend": -1.0}
