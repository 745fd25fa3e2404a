"""The organisation's view: the org export carries no typed text, pseudonyms are stable, and
`coach org stats` (DuckDB over the exports) equals `coach stats --store` figure for figure."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from coachcli.core.models import (
    Answer,
    Call,
    Commitment,
    FollowUp,
    Goal,
    Metric,
    PlannedSlot,
    Prep,
    Rep,
    Review,
    Score,
    Session,
    StatusChange,
)
from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.helpers.bench import load_generator

generate = load_generator()
END = date(2026, 11, 23)
TODAY = "2026-11-20"
SECRET = "ZQX"  # every typed string in the store starts with this; none may leave


def _secret(what: str) -> str:
    return f"{SECRET}-{what}-private"


def typed_store(home: Path, manager: str = "Ana Org") -> None:
    """A store with a distinctive string in every field anyone typed, in every record kind
    (extra keys included: observations, prep and feedback from newer coaches)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text(f"manager: {manager}\n")
    with Store(home).write() as repo:
        rep = Rep(name="Dana Lee", slug="dana-lee", tier="top", notes=_secret("rep-notes"))
        rep.email = "dana@example.com"
        repo.reps.put(rep, rep.to_doc() | {"prep": _secret("rep-prep")})
        repo.reps.put(Rep(name="Sam Roe", slug="sam-roe", tier="developing"))
        c = Commitment(
            id="c-000001",
            rep="dana-lee",
            text=_secret("commit-text"),
            due="2026-11-18",
            measure=_secret("commit-measure"),
            status="done",
            created="2026-11-10",
            session="s-000001",
            history=[StatusChange(at="2026-11-17T10:00", status="done", note=_secret("hist"))],
        )
        repo.commitments.put(c)
        s = Session(
            id="s-000001",
            rep="dana-lee",
            date="2026-11-10",
            started="2026-11-10T10:00",
            minutes=40,
            banks=["early-pipeline"],
            asked=2,
            told=1,
            commitments=["c-000001"],
            roles=["lead"],
            plan="2026-W46:dana-lee",
            answers=[
                Answer(
                    question_id="q1",
                    ask="What happened?",
                    answer=_secret("answer"),
                    bank="early-pipeline",
                    follow_ups=[FollowUp(ask=_secret("fu-ask"), answer=_secret("fu-answer"))],
                )
            ],
            tells=[_secret("tell")],
            reviews=[
                Review(
                    commitment="c-000001",
                    status="done",
                    note=_secret("review-note"),
                    reinforcement=_secret("reinforce"),
                )
            ],
            notes=_secret("session-notes"),
        )
        s.observations = [_secret("observation")]
        s.observed = 1
        extra = {
            "observations": [{"text": _secret("observation")}],
            "prep": _secret("session-prep"),
            "feedback": {"rating": 4, "comment": _secret("feedback-comment")},
        }
        repo.save_session(s)
        repo.sessions.put(s, s.index_doc() | extra)
        repo.plans.put(
            PlannedSlot(
                week="2026-W46",
                rep="dana-lee",
                start="2026-11-10T10:00",
                end="2026-11-10T10:30",
                reason=_secret("plan-reason"),
                session="s-000001",
            )
        )
        repo.plans.put(
            PlannedSlot(
                week="2026-W47",
                rep="sam-roe",
                start="2026-11-17T10:00",
                end="2026-11-17T10:30",
                skipped=True,
                skip_reason=_secret("skip-reason"),
            )
        )
        repo.metrics.put(Metric(rep="dana-lee", week="2026-W45", counts={"calls": 10}))
        repo.goals.put(Goal(rep="dana-lee", metric="calls", per_week=50))
        repo.scores.put(
            Score(rep="dana-lee", date="2026-11-10", scorecard="sales", ratings={"discovery": 3})
        )
        repo.preps.put(
            Prep(
                rep="dana-lee",
                date="2026-11-24",
                answers=[{"ask": _secret("prep-ask"), "answer": _secret("prep-answer")}],
                statuses=[{"commitment": "c-000001", "status": "done", "note": _secret("prep")}],
                feedback={"useful": 4, "comment": _secret("prep-feedback")},
            )
        )
        repo.calls.put(
            Call(
                id="k-000001",
                rep="dana-lee",
                date="2026-11-12",
                kind="joint",
                speakers=[{"name": _secret("speaker"), "share": 0.5}],
                manager_share=0.5,
                manager_role="lead",
            )
        )


def _export(home: Path, *extra: str) -> list[dict[str, object]]:
    out = ok("--home", str(home), "export", "--audience", "org", *extra).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_org_export_holds_no_typed_text_and_every_record_names_its_manager(
    tmp_path: Path,
) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    raw = (home / "coach.json").read_text() + "".join(p.read_text() for p in home.rglob("s-*.json"))
    assert raw.count(SECRET) >= 16  # the secrets are really in the store
    text = ok("--home", str(home), "export", "--audience", "org").stdout
    assert SECRET not in text
    records = [json.loads(line) for line in text.splitlines()]
    kinds = {r["type"] for r in records}
    assert kinds == {
        "export",
        "bank",
        "rep",
        "session",
        "commitment",
        "plan",
        "metric",
        "call",
        "score",
    }
    assert all(r["manager"] == "Ana Org" for r in records)
    session = next(r for r in records if r["type"] == "session")
    assert (session["minutes"], session["asked"], session["told"]) == (40, 2, 1)
    assert session["roles"] == ["lead"] and session["banks"] == ["early-pipeline"]
    commitment = next(r for r in records if r["type"] == "commitment")
    assert (commitment["status"], commitment["due"]) == ("done", "2026-11-18")
    assert "text" not in commitment and "measure" not in commitment


def test_org_export_needs_the_managers_name(tmp_path: Path) -> None:
    home = tmp_path / "nameless"
    typed_store(home)
    (home / "config.yaml").write_text("session_minutes: 30\n")
    result = fails(1, "--home", str(home), "export", "--audience", "org")
    assert "manager:" in result.stderr and "config.yaml" in result.stderr


def test_org_export_refuses_filters_and_other_formats(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    fails(1, "--home", str(home), "export", "dana", "--audience", "org")
    fails(1, "--home", str(home), "export", "--audience", "org", "--format", "md")
    fails(1, "--home", str(home), "export", "--audience", "boss")
    fails(1, "--home", str(home), "export", "--pseudonymize", "--format", "jsonl")


def test_pseudonymized_export_has_no_rep_identity_and_stable_tokens(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    first = _export(home, "--pseudonymize")
    text = json.dumps(first)
    for identity in ("dana", "Dana", "Lee", "sam-roe", "Sam Roe", "example.com"):
        assert identity not in text
    assert SECRET not in text
    tokens = {r["rep"] for r in first if r["type"] == "rep"}
    assert len(tokens) == 2 and all(t.startswith("rep-") for t in tokens)
    session = next(r for r in first if r["type"] == "session")
    assert session["rep"] in tokens and session["plan"] == f"2026-W46:{session['rep']}"
    assert _export(home, "--pseudonymize") == first  # stable, export after export
    salt = home / "org-salt"
    if os.name == "posix":
        assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    other = tmp_path / "ben"
    typed_store(other, manager="Ben Org")
    theirs = {r["rep"] for r in _export(other, "--pseudonymize") if r["type"] == "rep"}
    assert not theirs & tokens  # salted per store


def test_rep_audience_drops_private_notes(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    me = ok("--home", str(home), "export", "dana-lee").stdout
    assert _secret("session-notes") in me
    shared = ok("--home", str(home), "export", "dana-lee", "--audience", "rep").stdout
    assert _secret("session-notes") not in shared and _secret("answer") in shared
    lines = ok("--home", str(home), "export", "--format", "jsonl", "--audience", "rep").stdout
    assert _secret("session-notes") not in lines and _secret("tell") in lines


def _add_calls(home: Path, count: int) -> None:
    """Measured joint and coaching calls over the weeks the tests look at."""
    roles = ["lead", "passive participant", "silent observer", None]
    with Store(home).write() as repo:
        slugs = sorted(repo.reps.keys())
        for n, key in enumerate(sorted(repo.sessions.keys())[::3]):
            session = repo.sessions.get(key)
            assert session is not None
            session.observed = n % 4
            repo.sessions.put(session, session.index_doc() | {"useful": 1 + n % 5})
        for i in range(count):
            repo.calls.put(
                Call(
                    id=f"k-{i:06d}",
                    rep=slugs[i % len(slugs)],
                    date=f"2026-{9 + i % 3:02d}-{3 + 2 * i:02d}",
                    kind="joint" if i % 2 else "coaching",
                    manager_share=0.1 + i / 37,
                    manager_role=roles[i % 4] if i % 2 else None,
                )
            )


@pytest.fixture(scope="module")
def two_managers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("org")
    homes = (base / "ana", base / "ben")
    generate.generate_home(homes[0], reps=6, weeks=40, seed=3, end=END)
    generate.generate_home(homes[1], reps=5, weeks=40, seed=4, end=END)
    _add_calls(homes[0], 11)
    _add_calls(homes[1], 7)
    exports = base / "exports"
    exports.mkdir()
    for home in homes:
        out = ok("--home", str(home), "export", "--audience", "org").stdout
        (exports / f"{home.name}.jsonl").write_text(out)
    return homes[0], homes[1], exports


# Figures org stats adds for the VP's table that `coach stats` does not show (yet).
ORG_EXTRAS = ("usefulness",)


def _with_org_extras(stats: dict, org: dict) -> dict:  # type: ignore[type-arg]
    """`stats`' figures plus org's extras: every stats figure must be equal, and org may add
    only the extras named above."""
    return stats | {k: org[k] for k in ORG_EXTRAS if k in org and k not in stats}


@pytest.mark.parametrize("weeks", ["4", "12", "30"])
def test_org_stats_equals_stats_store_figure_for_figure(
    two_managers: tuple[Path, Path, Path], weeks: str
) -> None:
    ana, ben, exports = two_managers
    window = ("--weeks", weeks, "--today", TODAY, "--json")
    mine = ok("stats", "--store", str(ana), "--store", str(ben), *window).json()
    org = ok("org", "stats", str(exports / "*.jsonl"), *window).json()
    assert isinstance(mine, dict) and isinstance(org, dict)
    by_manager = {m.pop("manager"): m for m in org["managers"]}
    assert len(by_manager) == 2
    # Not in `org stats`: the org exports carry no skill scores, so `focus_skills` (the
    # change of the coached skills) is excluded here on purpose; nor, yet, how many coached
    # steps changed beyond noise (`transitions.changed`); nor the commitments whose due date
    # was moved after it passed (`redated_after_due`: the org exports carry no history, and
    # none is re-dated here); every other figure compared.
    for entry in [*mine["stores"], mine["total"]]:
        assert entry.pop("focus_skills").keys() == {"measured", "avg_change"}
        assert entry.pop("redated_after_due") == 0
        assert isinstance(entry["transitions"].pop("changed"), int)
    for entry in mine["stores"]:
        name = entry.pop("store")
        entry.pop("path")
        assert by_manager[name] == _with_org_extras(entry, by_manager[name]), name
    total = mine["total"]
    total.pop("store")
    org["total"].pop("manager")
    assert org["total"] == _with_org_extras(total, org["total"])
    if weeks == "12":
        assert org["total"]["usefulness"]["rated"] > 0
        assert org["total"]["usefulness"]["trend"] is not None  # compared above as well
    assert total["sessions"]["held"] > 0 and total["transitions"]["measured"] > 0
    if weeks == "12":
        assert total["coaching_calls"]["measured"] > 0 and total["measured_roles"]["calls"] > 0
        assert total["observations"]["count"] > 0 and total["cadence"]["gap_spread"]["max"] > 7


def test_org_load_is_incremental_and_stats_db_gives_the_same(
    two_managers: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, _, exports = two_managers
    db = tmp_path / "org.duckdb"
    ok("org", "load", str(exports / "ana.jsonl"), "--db", str(db))
    ok("org", "load", str(exports / "ana.jsonl"), str(exports / "ben.jsonl"), "--db", str(db))
    window = ("--weeks", "12", "--today", TODAY, "--json")
    from_db = ok("org", "stats", "--db", str(db), *window).json()
    from_files = ok("org", "stats", str(exports), *window).json()
    assert from_db == from_files
    assert len(from_db["managers"]) == 2  # type: ignore[index]


def test_org_stats_refuses_what_is_not_an_org_export(
    two_managers: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    ana, _, exports = two_managers
    assert "no org export" in fails(1, "org", "stats", str(tmp_path / "none*.jsonl")).stderr
    plain = tmp_path / "plain.jsonl"
    plain.write_text(ok("--home", str(ana), "export", "--format", "jsonl").stdout)
    assert "not an org export" in fails(1, "org", "stats", str(plain)).stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert "empty" in fails(1, "org", "stats", str(exports), str(empty)).stderr
    twice = tmp_path / "twice.jsonl"
    twice.write_text((exports / "ana.jsonl").read_text())
    result = fails(1, "org", "stats", str(exports / "ana.jsonl"), str(twice))
    assert "also in" in result.stderr
    assert "Traceback" not in result.stderr


def test_org_stats_table_and_coaching_and_results(two_managers: tuple[Path, Path, Path]) -> None:
    _, _, exports = two_managers
    window = ("--today", TODAY, "--weeks", "30")
    figures = ok("org", "stats", str(exports), *window, "--json").json()
    assert isinstance(figures, dict)
    ranked = sorted(figures["managers"], key=lambda m: -m["commitments"]["follow_through"])
    out = ok("org", "stats", str(exports), *window, "--sort", "follow-through").stdout
    first, second = (m["manager"] for m in ranked)
    assert out.index(first) < out.index(second) < out.index("total")
    out = ok("org", "stats", str(exports), *window, "--sort", "manager").stdout
    assert out.index(min(first, second)) < out.index(max(first, second))
    total = figures["total"]
    sessions, commitments = total["sessions"], total["commitments"]
    # shares carry their counts, as in `coach stats`
    assert f"({sessions['held_as_planned']} of {sessions['planned']})" in out
    assert f"({commitments['done']} of {commitments['due']})" in out
    result = ok("org", "stats", str(exports), "--today", TODAY, "--weeks", "30", "--json").json()
    assert isinstance(result, dict)
    cr = result["coaching_and_results"]
    assert cr["minutes_per_month"]["note"] == "not enough data"  # 11 reps, some unmeasured
    fails(1, "org", "stats", str(exports), "--sort", "height")


def test_coaching_and_results_correlation_and_interval_are_reproducible() -> None:
    from coachcli.services.org_results import coaching_and_results

    rows = [(30.0 + 10 * i, 0.5 + i / 40, 0.01 * i + (0.02 if i % 3 else -0.01)) for i in range(14)]
    first = coaching_and_results(rows)
    assert first == coaching_and_results(rows)
    dose = first["minutes_per_month"]
    assert dose["n"] == 14 and dose["r"] > 0.8
    lo, hi = dose["ci90"]
    assert lo <= dose["r"] <= hi <= 1
    few = coaching_and_results(rows[:9])
    assert few["consistency"] == {"n": 9, "r": None, "ci90": None, "note": "not enough data"}
