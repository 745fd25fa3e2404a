"""The benchmark generator writes a consistent, reproducible home through coach's own store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coachcli.core.models import COMMIT_STATUSES
from coachcli.store.repository import Store
from tests.conftest import ok
from tests.helpers.bench import load_generator

generate = load_generator()

END = date(2026, 11, 23)


@pytest.fixture
def generated(coach_home: Path) -> Path:
    generate.generate_home(coach_home, reps=4, weeks=30, seed=7, end=END)
    return coach_home


def test_the_generated_home_is_read_by_the_cli(generated: Path) -> None:
    reps = ok("rep", "list", "--json").json()
    assert len(reps) == 4  # type: ignore[arg-type]
    assert {r["tier"] for r in reps} >= {"top", "core", "developing"}  # type: ignore[union-attr]
    assert len({r["slot"] for r in reps}) == 4  # type: ignore[union-attr]
    assert (generated / "config.yaml").read_text().startswith("# coach configuration")


def test_session_index_counts_match_the_bodies_and_link_commitments_and_plans(
    generated: Path,
) -> None:
    repo = Store(generated).read()
    sessions = repo.sessions.all()
    commitments = {c.id: c for c in repo.commitments.all()}
    plans = {p.key(): p for p in repo.plans.all()}
    assert 100 <= len(sessions) <= 120  # 4 reps x 30 weeks, less a few missed or skipped slots
    for index in sessions:
        full = repo.load_session(index.id)
        assert full is not None and full.answers
        assert index.asked == len(full.answers)
        assert index.told == len(full.tells)
        assert index.reviewed == len(full.reviews)
        assert index.roles == [
            str(a.answer) for a in full.answers if a.question_id == "manager-role"
        ]
        assert all(commitments[cid].session == index.id for cid in index.commitments)
        assert index.plan is not None and plans[index.plan].session == index.id
        for review in full.reviews:
            assert any(h.session == index.id for h in commitments[review.commitment].history)
    assert {c.status for c in commitments.values()} == set(COMMIT_STATUSES)
    assert any(p.skipped for p in plans.values())
    assert any(not p.session and not p.skipped for p in plans.values())  # missed slots
    assert len(repo.metrics) == 4 * 30


def test_the_same_seed_writes_the_same_store(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate.generate_home(tmp_path / name, reps=2, weeks=6, seed=3, end=END)
    a, b = (json.loads((tmp_path / n / "coach.json").read_bytes()) for n in ("a", "b"))
    assert a == b
    bodies = sorted(p.name for p in (tmp_path / "a" / "sessions").iterdir())
    assert bodies == sorted(p.name for p in (tmp_path / "b" / "sessions").iterdir())
