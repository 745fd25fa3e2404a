"""core.stats and the lean store read it relies on: same answers as the full read, the same
errors for damaged stores, no session bodies, and the shipped banks' focus kept in step."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coachcli.core import stats
from coachcli.core.numbers import rounded
from coachcli.core.stats_report import report
from coachcli.errors import StoreError
from coachcli.services.banks import bank_focus, load_banks
from coachcli.store.repository import Store
from tests.conftest import ok
from tests.test_stats_cli import EXPECTED_TOTALS, TODAY, prepare


def test_the_built_in_focus_map_matches_the_shipped_bank_files(tmp_path: Path) -> None:
    shipped = {b.id: list(b.focus) for b in load_banks(tmp_path).values() if b.focus}
    assert shipped == stats.SHIPPED_FOCUS


def test_a_user_bank_with_a_focus_counts_as_coaching_on_that_transition(tmp_path: Path) -> None:
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "cold-calls.yaml").write_text(
        "id: cold-calls\ntitle: Cold calls\nfocus: [calls->conversations]\n"
        "questions:\n  - id: opener\n    ask: What opener worked best this week?\n"
    )
    focus = bank_focus(tmp_path)
    assert focus["cold-calls"] == ["calls->conversations"]
    assert focus["early-pipeline"] == stats.SHIPPED_FOCUS["early-pipeline"]


def test_lean_read_keeps_only_the_fields_stats_needs_and_gives_the_same_figures(
    coach_home: Path,
) -> None:
    prepare(coach_home)
    store = Store(coach_home)
    tables = store.read_tables(stats.StatsTables)
    assert tables["commitments"]["c-000001"] == {
        "due": "2026-11-06",
        "status": "done",
        "history": [],
    }
    assert "started" not in tables["sessions"]["s-000001"]
    window = stats.window_for(date.fromisoformat(TODAY), 4)
    lean = report(stats.gather_tables(tables, window, stats.SHIPPED_FOCUS), window)
    repo = store.read()
    full = report(
        stats.gather(
            reps=[r.to_doc() for r in repo.reps.all()],
            sessions=[s.index_doc() for s in repo.sessions.all()],
            commitments=[c.to_doc() for c in repo.commitments.all()],
            plans=[p.to_doc() for p in repo.plans.all()],
            metrics=[m.to_doc() for m in repo.metrics.all()],
            window=window,
            focus=stats.SHIPPED_FOCUS,
        ),
        window,
    )
    assert lean == full
    assert {k: rounded(lean[k]) for k in EXPECTED_TOTALS} == EXPECTED_TOTALS


def test_lean_read_of_a_damaged_store_raises_the_ordinary_store_error(coach_home: Path) -> None:
    prepare(coach_home)
    (coach_home / "coach.json").write_bytes(b'{"reps": {"ann": ')
    with pytest.raises(StoreError, match="is not valid JSON"):
        Store(coach_home).read_tables(stats.StatsTables)


def test_lean_read_of_a_store_from_before_schema_versions_takes_the_migrating_path(
    coach_home: Path,
) -> None:
    prepare(coach_home)
    data = json.loads((coach_home / "coach.json").read_bytes())
    del data["meta"]
    (coach_home / "coach.json").write_text(json.dumps(data))
    tables = Store(coach_home).read_tables(stats.StatsTables)
    assert tables["meta"]["schema"]["version"] >= 1
    assert len(tables["sessions"]) == 7


def test_stats_never_reads_session_bodies(coach_home: Path) -> None:
    prepare(coach_home)
    for body in (coach_home / "sessions").iterdir():
        body.write_text("not json at all")
    report = ok("stats", "--weeks", "4", "--today", TODAY, "--json").json()
    assert report["sessions"]["held"] == 6  # type: ignore[index]


def test_a_slot_counts_as_held_when_only_the_session_names_it() -> None:
    window = stats.window_for(date(2026, 11, 25), 1)
    tally = stats.gather(
        reps=[{"slug": "ann", "name": "Ann", "tier": "top"}],
        sessions=[{"rep": "ann", "date": "2026-11-24", "plan": "2026-W48:ann", "minutes": 30}],
        commitments=[],
        plans=[
            {"week": "2026-W48", "rep": "ann", "start": "2026-11-24T10:00", "session": None},
            {"week": "2026-W48", "rep": "bob", "start": "2026-11-23T10:00", "skipped": True},
        ],
        metrics=[],
        window=window,
        focus={},
    )
    assert (tally.planned, tally.held_as_planned, tally.skipped) == (1, 1, 1)
