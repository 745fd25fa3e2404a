"""`coach stats` on a prepared store: every figure against numbers worked out by hand, and the
read-only rollup over several managers' stores."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.core.models import Commitment, Metric, PlannedSlot, Rep, Session
from coachcli.store.repository import Store
from tests.conftest import fails, ok

TODAY = "2026-11-25"  # Wednesday of 2026-W48; with --weeks 4 the window is 2026-11-02..11-25


def _session(
    sid: str,
    rep: str,
    day: str,
    minutes: int,
    banks: list[str],
    asked: int,
    told: int,
    roles: list[str],
    plan: str | None,
) -> Session:
    return Session(
        id=sid,
        rep=rep,
        date=day,
        started=f"{day}T10:00",
        minutes=minutes,
        banks=banks,
        asked=asked,
        told=told,
        roles=roles,
        plan=plan,
        notes="private: never read by stats",
    )


def _slot(
    week: str, rep: str, day: str, session: str | None = None, skipped: bool = False
) -> PlannedSlot:
    return PlannedSlot(
        week=week,
        rep=rep,
        start=f"{day}T10:00",
        end=f"{day}T10:30",
        session=session,
        skipped=skipped,
    )


def prepare(home: Path) -> None:
    """Ann (top), Bob (core), Cy (developing), Eve (core, no sessions), Dee (archived)."""
    with Store(home).write() as repo:
        repo.reps.put(Rep(name="Ann Ames", slug="ann", tier="top"))
        repo.reps.put(Rep(name="Bob Bell", slug="bob", tier="core"))
        repo.reps.put(Rep(name="Cy Cole", slug="cy", tier="developing"))
        repo.reps.put(Rep(name="Eve Earl", slug="eve", tier="core"))
        repo.reps.put(Rep(name="Dee Dunn", slug="dee", tier="core", active=False))
        for s in [
            _session(
                "s-000000", "ann", "2026-10-20", 60, ["early-pipeline"], 10, 10, ["lead"], None
            ),  # before the window
            _session(
                "s-000001",
                "ann",
                "2026-11-03",
                30,
                ["early-pipeline"],
                6,
                2,
                ["lead"],
                "2026-W45:ann",
            ),
            _session("s-000002", "ann", "2026-11-10", 30, ["grow"], 4, 0, [], "2026-W46:ann"),
            _session(
                "s-000003",
                "ann",
                "2026-11-24",
                20,
                ["early-pipeline", "joint-call-debrief"],
                5,
                1,
                ["silent observer"],
                "2026-W48:ann",
            ),
            _session(
                "s-000004",
                "bob",
                "2026-11-05",
                45,
                ["activity-conversion"],
                3,
                3,
                ["passive participant", "lead"],
                "2026-W45:bob",
            ),
            _session("s-000005", "bob", "2026-11-19", 30, ["weekly-checkin"], 2, 0, [], None),
            _session("s-000006", "cy", "2026-11-12", 25, ["new-rep-ramp"], 0, 4, [], "2026-W46:cy"),
        ]:
            repo.save_session(s)
        for slot in [
            _slot("2026-W44", "ann", "2026-10-27", "s-0000ff"),  # before the window
            _slot("2026-W45", "ann", "2026-11-03", "s-000001"),
            _slot("2026-W45", "bob", "2026-11-05", "s-000004"),
            _slot("2026-W45", "cy", "2026-11-04"),  # missed
            _slot("2026-W46", "ann", "2026-11-10", "s-000002"),
            _slot("2026-W46", "bob", "2026-11-11", skipped=True),
            _slot("2026-W46", "cy", "2026-11-12", "s-000006"),
            _slot("2026-W47", "ann", "2026-11-17"),  # missed
            _slot("2026-W47", "cy", "2026-11-18", skipped=True),
            _slot("2026-W48", "ann", "2026-11-24", "s-000003"),
            _slot("2026-W48", "cy", "2026-11-25"),  # today, not held yet
            _slot("2026-W48", "bob", "2026-11-27"),  # not due yet: left out
        ]:
            repo.plans.put(slot)
        for cid, rep, due, status in [
            ("c-000001", "ann", "2026-11-06", "done"),
            ("c-000002", "ann", "2026-11-13", "partial"),
            ("c-000003", "bob", "2026-11-12", "done"),
            ("c-000004", "bob", "2026-11-20", "missed"),
            ("c-000005", "cy", "2026-11-19", "dropped"),
            ("c-000006", "cy", "2026-11-24", "open"),
            ("c-000007", "ann", "2026-11-30", "done"),  # due after today
            ("c-000008", "bob", "2026-10-30", "done"),  # due before the window
            ("c-000009", "bob", None, "open"),  # no due date
        ]:
            repo.commitments.put(Commitment(id=cid, rep=rep, text="Do it", due=due, status=status))
        steps = ("calls", "conversations", "meetings", "opportunities")
        weekly = {
            # Ann, coached on early-pipeline in W45: conversations->meetings, meetings->opps
            "ann": {
                **{w: (100, 20, 4, 2) for w in (41, 42, 43, 44)},
                45: (100, 20, 100, 1),
                **{w: (100, 20, 6, 2) for w in (46, 47, 48)},
            },
            # Bob, coached on activity-conversion in W45: calls->conversations, conv->meetings
            "bob": {
                **{w: (100, 10, 5, 0) for w in (41, 42, 43, 44)},
                **{w: (100, 15, 5, 0) for w in (46, 47, 48)},
            },
        }
        for rep, weeks in weekly.items():
            for w, counts in weeks.items():
                repo.metrics.put(
                    Metric(rep=rep, week=f"2026-W{w}", counts=dict(zip(steps, counts, strict=True)))
                )


EXPECTED_TOTALS = {
    "from": "2026-11-02",
    "to": "2026-11-25",
    "weeks": 4,
    # planned, due by today, not skipped: W45 ann bob cy, W46 ann cy, W47 ann, W48 ann cy
    "sessions": {"planned": 8, "held_as_planned": 5, "skipped": 2, "held": 6, "consistency": 0.625},
    "minutes": {
        "total": 180,
        "by_tier": {"top": 80, "core": 75, "developing": 25},
        "share": {"top": 0.4444, "core": 0.4167, "developing": 0.1389},
    },
    "ask_tell": {
        "asked": 20,
        "told": 10,
        "ratio": 2.0,
        "asks_per_session": 3.3333,
        "tells_per_session": 1.6667,
    },
    "commitments": {  # due before today, dropped left out of due (shown apart)
        "due": 5,
        "done": 2,
        "partial": 1,
        "missed": 1,
        "dropped": 1,
        "open": 1,
        "follow_through": 0.4,
    },
    "roles": {
        "answers": 4,
        "counts": {"lead": 2, "passive_participant": 1, "silent_observer": 1, "other": 0},
        "share": {"lead": 0.5, "passive_participant": 0.25, "silent_observer": 0.25, "other": 0.0},
    },
    "early_pipeline": {"sessions": 2, "share": 0.3333},
}


def test_stats_json_every_figure_matches_the_hand_count(coach_home: Path) -> None:
    prepare(coach_home)
    report = ok("stats", "--weeks", "4", "--today", TODAY, "--json").json()
    assert isinstance(report, dict)
    for key, value in EXPECTED_TOTALS.items():
        assert report[key] == value, key
    # Ann 11-03, 11-10, 11-24: 21 days over 2 gaps; Bob 11-05, 11-19: 14 days over 1 gap
    assert report["cadence"] == {
        "avg_days_between": 11.6667,  # (21 + 14) / 3
        "gap_spread": {"min": 7, "max": 14, "stdev": 3.2998},  # gaps 7, 14, 14
        "reps": [
            {
                "rep": "ann",
                "name": "Ann Ames",
                "tier": "top",
                "sessions": 3,
                "last_session": "2026-11-24",
                "avg_days_between": 10.5,
                "gaps": [7, 14],
                "gap_spread": {"min": 7, "max": 14, "stdev": 3.5},
            },
            {
                "rep": "bob",
                "name": "Bob Bell",
                "tier": "core",
                "sessions": 2,
                "last_session": "2026-11-19",
                "avg_days_between": 14.0,
                "gaps": [14],
                "gap_spread": {"min": 14, "max": 14, "stdev": 0.0},
            },
            {
                "rep": "cy",
                "name": "Cy Cole",
                "tier": "developing",
                "sessions": 1,
                "last_session": "2026-11-12",
                "avg_days_between": None,
                "gaps": [],
                "gap_spread": None,
            },
            {
                "rep": "eve",
                "name": "Eve Earl",
                "tier": "core",
                "sessions": 0,
                "last_session": None,
                "avg_days_between": None,
                "gaps": [],
                "gap_spread": None,
            },
        ],
    }
    # 4 weeks before the first coached session's week (W41-W44) vs the weeks after (W46-W48);
    # the session's own week (W45, with its odd 100 meetings) counts in neither.
    assert report["transitions"] == {
        "coached": 6,
        # Ann's meetings->opportunities (8 of 16, then 6 of 18) is under the minimum sample of
        # 20: shown with its counts, but no better/worse verdict.
        "measured": 3,
        "improved": 2,
        "avg_change": -0.0056,  # (0.1 + 0.05 - 1/6) / 3
        # beyond twice the standard error: only Bob's calls->conversations (10% of 400 -> 15%
        # of 300); Ann's 20% of 80 -> 30% of 60 is within noise
        "changed": 1,
        "reps": [
            {
                "rep": "ann",
                "name": "Ann Ames",
                "transition": "conversations->meetings",
                "bank": "early-pipeline",
                "first_session": "2026-11-03",
                "before": 0.2,
                "after": 0.3,
                "change": 0.1,
                "before_numerator": 16,
                "before_denominator": 80,
                "after_numerator": 18,
                "after_denominator": 60,
                "enough": True,
                "moved": 0,
            },  # 16/80, 18/60
            {
                "rep": "ann",
                "name": "Ann Ames",
                "transition": "meetings->opportunities",
                "bank": "early-pipeline",
                "first_session": "2026-11-03",
                "before": 0.5,
                "after": 0.3333,
                "change": None,
                "before_numerator": 8,
                "before_denominator": 16,
                "after_numerator": 6,
                "after_denominator": 18,
                "enough": False,
                "moved": None,
            },  # 8/16, 6/18
            {
                "rep": "bob",
                "name": "Bob Bell",
                "transition": "calls->conversations",
                "bank": "activity-conversion",
                "first_session": "2026-11-05",
                "before": 0.1,
                "after": 0.15,
                "change": 0.05,
                "before_numerator": 40,
                "before_denominator": 400,
                "after_numerator": 45,
                "after_denominator": 300,
                "enough": True,
                "moved": 1,
            },  # 40/400, 45/300
            {
                "rep": "bob",
                "name": "Bob Bell",
                "transition": "conversations->meetings",
                "bank": "activity-conversion",
                "first_session": "2026-11-05",
                "before": 0.5,
                "after": 0.3333,
                "change": -0.1667,
                "before_numerator": 20,
                "before_denominator": 40,
                "after_numerator": 15,
                "after_denominator": 45,
                "enough": True,
                "moved": 0,
            },  # 20/40, 15/45
            {
                "rep": "cy",
                "name": "Cy Cole",
                "transition": "calls->conversations",
                "bank": "new-rep-ramp",
                "first_session": "2026-11-12",
                "before": None,
                "after": None,
                "change": None,
                "before_numerator": 0,
                "before_denominator": 0,
                "after_numerator": 0,
                "after_denominator": 0,
                "enough": False,
                "moved": None,
            },  # no metrics
            {
                "rep": "cy",
                "name": "Cy Cole",
                "transition": "conversations->meetings",
                "bank": "new-rep-ramp",
                "first_session": "2026-11-12",
                "before": None,
                "after": None,
                "change": None,
                "before_numerator": 0,
                "before_denominator": 0,
                "after_numerator": 0,
                "after_denominator": 0,
                "enough": False,
                "moved": None,
            },
        ],
    }


def test_stats_table_shows_the_same_figures(coach_home: Path) -> None:
    prepare(coach_home)
    out = ok("stats", "--weeks", "4", "--today", TODAY).stdout
    for text in (
        "62% (5 of 8)",  # every share with the counts behind it
        "33% (2 of 6)",
        "11.7",
        "80 (44%)",
        "75 (42%)",
        "25 (14%)",
        "2.0",
        "3.3",
        "40% (2 done of 5 due; 1 partial, 1 missed, 1 open; 1 dropped, not counted)",
        "Cadence per rep",
        "Ann Ames",
        "10.5",
        "14.0",
        "early-pipeline",
        "20.0% (16 of 80)",  # coached transitions carry their counts
        "30.0% (18 of 60)",
        "50.0% (8 of 16, not enough data)",
    ):
        assert text in out, text


def test_stats_on_an_empty_home_reports_nothing_held(coach_home: Path) -> None:
    report = ok("stats", "--today", TODAY, "--json").json()
    assert report["sessions"] == {
        "planned": 0,
        "held_as_planned": 0,
        "skipped": 0,
        "held": 0,
        "consistency": None,
    }
    assert "no sessions in this window" in ok("stats", "--today", TODAY).stderr


@pytest.mark.parametrize("weeks", ["0", "-2", "many"])
def test_a_bad_number_of_weeks_is_a_user_error(weeks: str) -> None:
    assert "invalid --weeks" in fails(1, "stats", "--weeks", weeks).stderr


def _fingerprint(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    } | {str(p.relative_to(home)): "dir" for p in home.rglob("*") if p.is_dir()}


def _two_stores(tmp_path: Path) -> tuple[Path, Path]:
    ana = tmp_path / "ana"
    prepare(ana)
    (ana / "config.yaml").write_text('manager: "Ana Manager"\n')
    ben = tmp_path / "ben"
    with Store(ben).write() as repo:
        repo.reps.put(Rep(name="Zoe Zhu", slug="zoe", tier="top"))
        repo.save_session(
            _session(
                "s-100001",
                "zoe",
                "2026-11-18",
                40,
                ["early-pipeline"],
                4,
                6,
                ["lead"],
                "2026-W47:zoe",
            )
        )
        repo.plans.put(_slot("2026-W47", "zoe", "2026-11-18", "s-100001"))
        repo.plans.put(_slot("2026-W48", "zoe", "2026-11-23"))
        repo.commitments.put(
            Commitment(id="c-100001", rep="zoe", text="x", due="2026-11-20", status="done")
        )
    return ana, ben


def test_rollup_prints_one_row_per_store_and_a_total_and_changes_neither_store(
    tmp_path: Path,
) -> None:
    ana, ben = _two_stores(tmp_path)
    before = (_fingerprint(ana), _fingerprint(ben))
    args = [
        "stats",
        "--weeks",
        "4",
        "--today",
        TODAY,
        "--store",
        str(ana),
        "--store",
        str(ben / "coach.json"),
    ]
    report = ok(*args, "--json").json()
    assert [s["store"] for s in report["stores"]] == ["Ana Manager", str(ben / "coach.json")]
    first, second = report["stores"]
    for key, value in EXPECTED_TOTALS.items():
        if key not in ("from", "to", "weeks"):
            assert first[key] == value, key
    assert second["sessions"] == {
        "planned": 2,
        "held_as_planned": 1,
        "skipped": 0,
        "held": 1,
        "consistency": 0.5,
    }
    total = report["total"]
    assert total["store"] == "total"
    assert total["sessions"] == {
        "planned": 10,
        "held_as_planned": 6,
        "skipped": 2,
        "held": 7,
        "consistency": 0.6,
    }
    assert total["minutes"]["by_tier"] == {"top": 120, "core": 75, "developing": 25}
    assert total["minutes"]["share"]["top"] == 0.5455  # 120 / 220
    assert total["ask_tell"] == {
        "asked": 24,
        "told": 16,
        "ratio": 1.5,
        "asks_per_session": 3.4286,
        "tells_per_session": 2.2857,
    }
    assert total["commitments"]["due"] == 6 and total["commitments"]["follow_through"] == 0.5
    assert total["roles"]["counts"]["lead"] == 3
    assert total["early_pipeline"] == {"sessions": 3, "share": 0.4286}
    assert total["cadence"]["avg_days_between"] == 11.6667  # Zoe's one session adds no gap
    assert total["transitions"]["coached"] == 8  # Zoe: two transitions, no metrics
    table = ok(*args).stdout
    assert "Ana Manager" in table and "total" in table
    assert "62%" in table and "50%" in table and "60%" in table
    assert (_fingerprint(ana), _fingerprint(ben)) == before  # no lock file, no backup, no write


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and fcntl locks")
def test_rollup_reads_a_store_whose_lock_is_held_and_whose_home_is_read_only(
    tmp_path: Path,
) -> None:
    ana, ben = _two_stores(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; "
            f"lock = FileLock({str(ana / 'coach.lock')!r}); lock.acquire(); "
            "print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        ben.chmod(0o500)
        (ben / "coach.json").chmod(0o400)
        before = (_fingerprint(ana), _fingerprint(ben))
        report = ok(
            "stats",
            "--weeks",
            "4",
            "--today",
            TODAY,
            "--json",
            "--store",
            str(ana),
            "--store",
            str(ben),
        ).json()
        assert report["total"]["sessions"]["held"] == 7
        assert (_fingerprint(ana), _fingerprint(ben)) == before
        # a write to the locked store, by contrast, waits and gives up
        assert fails(3, "--home", str(ana), "rep", "add", "New Person").stderr
    finally:
        holder.kill()
        holder.wait()
        ben.chmod(0o700)


def test_a_missing_store_is_an_error_naming_it(tmp_path: Path) -> None:
    result = fails(1, "stats", "--store", str(tmp_path / "nowhere"))
    assert "no coach store" in result.stderr and "nowhere" in result.stderr
    (tmp_path / "empty").mkdir()
    assert "no coach store" in fails(1, "stats", "--store", str(tmp_path / "empty")).stderr
