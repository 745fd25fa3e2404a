"""A rep's data rights (issue 13.5): `rep export-data` and `rep forget`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import fails, ok
from tests.forget_support import SECRETS, fill
from tests.forget_support import everything as _everything


def test_forget_erases_the_rep_from_every_file_backups_included(
    coach_home: Path, tmp_path: Path
) -> None:
    fill(coach_home, tmp_path)
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
    fill(coach_home, tmp_path)
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
