"""A rep's data rights (issue 13.5): `rep export-data` and `rep forget`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.helpers.drafts import write_draft
from tests.session_support import add_slot

SECRETS = ["Quux-Zed", "zed-quux", "ANSWER-q7", "TELL-q7", "NOTE-q7", "COMMIT-q7", "MEASURE-q7"]
SECRETS += ["REVIEW-q7", "REPNOTE-q7", "DRAFT-q7", "zed@quux.example"]

ANSWERS = """\
bank: early-pipeline
answers:
  curious-deals: {answer}
tells: [{tell}]
commitments:
  - text: {commit}
    measure: {measure}
notes: {note}
"""


def _session(tmp_path: Path, rep: str, tag: str, day: str) -> str:
    path = tmp_path / f"{rep}-{day}.yaml"
    path.write_text(
        ANSWERS.format(
            answer=f"ANSWER-{tag}",
            tell=f"TELL-{tag}",
            commit=f"COMMIT-{tag}",
            measure=f"MEASURE-{tag}",
            note=f"NOTE-{tag}",
        )
    )
    return ok("session", "start", rep, "--answers", str(path), "--today", day).stdout.strip()


def _fill(home: Path, tmp_path: Path) -> None:
    """Two reps with a record of every kind; Zed's carry distinctive strings."""
    ok("rep", "add", "Zed Quux-Zed", "--email", "zed@quux.example", "--notes", "REPNOTE-q7")
    ok("rep", "add", "Marco Rossi", "--notes", "MARCO-keep")
    for rep, tag in (("zed-quux-zed", "q7"), ("marco-rossi", "m1")):
        _session(tmp_path, rep, tag, "2026-11-17")
        add_slot(home, "2026-W48", rep, "2026-11-24T10:00")
        ok("goal", "set", rep, "calls", "40")
        ratings = tmp_path / "r.yaml"
        ratings.write_text("scorecard: sales\nratings: {discovery: 3}\n")
        ok("score", rep, "--ratings", str(ratings), "--today", "2026-11-20")
    csv = tmp_path / "metrics.csv"
    csv.write_text("rep,week,calls\nzed-quux-zed,2026-W47,31\nmarco-rossi,2026-W47,52\n")
    ok("metrics", "import", str(csv))
    (cid,) = [c.id for c in Store(home).read().commitments.all() if c.rep == "zed-quux-zed"]
    review = tmp_path / "review.yaml"
    review.write_text(
        f"bank: early-pipeline\nreviews:\n  - commitment: {cid}\n    status: done\n"
        "    note: REVIEW-q7\nanswers: {}\n"
    )
    ok("session", "start", "zed", "--answers", str(review), "--today", "2026-11-24")
    write_draft(home, "zed-quux-zed", {"rep": "zed-quux-zed", "notes": "DRAFT-q7"})


def _everything(home: Path) -> str:
    texts = []
    for path in home.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def test_forget_erases_the_rep_from_every_file_backups_included(
    coach_home: Path, tmp_path: Path
) -> None:
    _fill(coach_home, tmp_path)
    backups = coach_home / "backups"
    before = _everything(coach_home)
    assert all(secret in before for secret in SECRETS)
    assert any("REPNOTE-q7" in p.read_text() for p in backups.iterdir())
    marco_before = ok("export", "--format", "jsonl").stdout.count("marco-rossi")

    result = ok("rep", "forget", "zed", "--yes")
    assert "erased Zed Quux-Zed" in result.stderr

    after = _everything(coach_home)
    for secret in SECRETS:
        assert secret not in after, secret
    assert sorted(backups.iterdir()), "a fresh backup is taken"
    for path in backups.iterdir():
        assert (os.stat(path).st_mode & 0o777) == 0o600
    # the other rep's data is intact
    assert "MARCO-keep" in after and "NOTE-m1" in after and "COMMIT-m1" in after
    assert ok("export", "--format", "jsonl").stdout.count("marco-rossi") == marco_before
    assert [r["slug"] for r in ok("rep", "list", "--json").json()] == ["marco-rossi"]
    assert ok("score", "show", "marco", "--json").json()["skills"][0]["latest"] == 3
    # the store still opens and writes
    ok("rep", "add", "New Rep")


def test_forget_without_yes_and_without_a_terminal_refuses(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Zed Quux-Zed")
    result = fails(1, "rep", "forget", "zed")
    assert "--yes" in result.stderr
    assert [r["slug"] for r in ok("rep", "list", "--json").json()] == ["zed-quux-zed"]


def test_forget_an_unknown_rep_is_a_user_error(coach_home: Path) -> None:
    ok("rep", "add", "Marco Rossi")
    fails(1, "rep", "forget", "nobody", "--yes")


def test_export_data_holds_everything_about_the_rep_and_nothing_else(
    coach_home: Path, tmp_path: Path
) -> None:
    _fill(coach_home, tmp_path)
    out = tmp_path / "zed.json"
    ok("rep", "export-data", "zed", "-o", str(out))
    assert (os.stat(out).st_mode & 0o777) == 0o600
    doc = json.loads(out.read_text())
    text = out.read_text()
    for secret in SECRETS:
        assert secret in text, secret
    assert "m1" not in text.replace("2026-11", "") and "marco" not in text
    assert doc["rep"]["slug"] == "zed-quux-zed"
    assert len(doc["sessions"]) == 2
    assert {s["notes"] for s in doc["sessions"]} == {"NOTE-q7", ""}
    assert doc["commitments"][0]["history"][-1]["status"] == "done"
    for table in ("plans", "metrics", "goals", "scores"):
        assert len(doc[table]) == 1, table
    assert doc["draft"]["notes"] == "DRAFT-q7"
