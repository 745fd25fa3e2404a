"""`coach stats` adds the average change of the skills that were the focus of coaching: skills
named (`skills:`) by the banks of a rep's sessions in the window, rated twice or more in it;
change = latest minus first score in the window. One store and a `--store` rollup."""

from __future__ import annotations

from pathlib import Path

from coachcli.core.models import Rep, Score, Session
from coachcli.store.repository import Store
from tests.conftest import ok

TODAY = "2026-11-25"  # --weeks 4: the window is 2026-11-02..11-25


def _store(
    home: Path, rep: str, banks: list[str], scores: list[tuple[str, dict[str, int]]]
) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    with Store(home).write() as repo:
        repo.reps.put(Rep(name=rep.title(), slug=rep, tier="core"))
        s = Session(id="s-000001", rep=rep, date="2026-11-10", started="2026-11-10T10:00")
        s.banks = banks
        repo.save_session(s)
        for day, ratings in scores:
            repo.scores.put(Score(rep=rep, date=day, scorecard="sales", ratings=ratings))
    return home


def test_stats_focus_skill_change(coach_home: Path) -> None:
    _store(
        coach_home,
        "dana",
        ["negotiation"],  # skills: [negotiation, closing]
        [
            ("2026-10-01", {"negotiation": 1}),  # before the window: not the first score
            ("2026-11-03", {"negotiation": 2, "closing": 4, "prospecting": 1}),
            ("2026-11-20", {"negotiation": 4, "closing": 3, "prospecting": 5}),
        ],
    )
    data = ok("stats", "--weeks", "4", "--today", TODAY, "--json").json()
    # negotiation 2 -> 4 (+2), closing 4 -> 3 (-1); prospecting was not a focus
    assert data["focus_skills"] == {"measured": 2, "avg_change": 0.5}
    assert "Focus skills" in ok("stats", "--weeks", "4", "--today", TODAY).stdout
    # a window with no session of that bank: nothing measured
    none = ok("stats", "--weeks", "1", "--today", TODAY, "--json").json()
    assert none["focus_skills"] == {"measured": 0, "avg_change": None}


def test_stats_focus_skill_change_rolls_up(tmp_path: Path) -> None:
    ana = _store(
        tmp_path / "ana",
        "dana",
        ["objection-handling"],
        [("2026-11-03", {"objection-handling": 1}), ("2026-11-24", {"objection-handling": 4})],
    )
    ben = _store(
        tmp_path / "ben",
        "kim",
        ["weekly-checkin"],
        [("2026-11-03", {"pipeline-management": 3}), ("2026-11-24", {"pipeline-management": 3})],
    )
    args = ("--store", str(ana), "--store", str(ben), "--weeks", "4", "--today", TODAY)
    data = ok("stats", *args, "--json").json()
    assert [s["focus_skills"]["avg_change"] for s in data["stores"]] == [3.0, 0.0]
    assert data["total"]["focus_skills"] == {"measured": 2, "avg_change": 1.5}
