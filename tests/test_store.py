"""The store: atomic writes, backups, permissions, refusing corrupt files, migrations."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from coachcli.core.models import Rep
from coachcli.store.repository import Store
from tests.conftest import fails, ok


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_home_is_0700_and_store_and_backups_0600_under_umask_022(coach_home: Path) -> None:
    old = os.umask(0o022)
    try:
        ok("init")
        ok("rep", "add", "Dana Lee")
        ok("rep", "add", "Marco Rossi")
    finally:
        os.umask(old)
    assert mode(coach_home) == 0o700
    assert mode(coach_home / "coach.json") == 0o600
    assert mode(coach_home / "config.yaml") == 0o600
    backups = list((coach_home / "backups").iterdir())
    assert backups and all(mode(b) == 0o600 for b in backups)
    assert mode(coach_home / "backups") == 0o700


def test_init_is_idempotent_and_keeps_data(coach_home: Path) -> None:
    ok("init")
    ok("rep", "add", "Dana Lee")
    config = (coach_home / "config.yaml").read_bytes()
    ok("init")
    assert (coach_home / "config.yaml").read_bytes() == config
    assert len(ok("rep", "list", "--json").json()) == 1


@pytest.mark.parametrize(
    "content",
    [b"", b'{"reps": {"dana-lee": {"name": "Da', b"not json at all", b"[1, 2]", b"\xff\xfe\x00"],
    ids=["empty", "truncated", "garbage", "not-an-object", "binary"],
)
def test_a_corrupt_store_is_exit_3_and_left_byte_for_byte(coach_home: Path, content: bytes) -> None:
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi")
    store = coach_home / "coach.json"
    store.write_bytes(content)
    for args in (["rep", "list"], ["rep", "add", "Someone New"], ["init"]):
        result = fails(3, *args)
        assert str(store) in result.stderr
        assert "backup" in result.stderr
        assert store.read_bytes() == content


def test_the_error_names_the_newest_backup_and_restoring_it_works(coach_home: Path) -> None:
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi")
    store = coach_home / "coach.json"
    store.write_bytes(b"{broken")
    result = fails(3, "rep", "list")
    newest = sorted((coach_home / "backups").iterdir())[-1]
    assert str(newest) in result.stderr
    store.write_bytes(newest.read_bytes())  # the documented restore: copy it back
    assert [r["slug"] for r in ok("rep", "list", "--json").json()] == ["dana-lee"]


def test_only_the_last_five_backups_are_kept(coach_home: Path) -> None:
    for i in range(8):
        ok("rep", "add", f"Rep Number {i}")
    assert len(list((coach_home / "backups").iterdir())) == 5


def test_a_failed_transaction_writes_nothing(coach_home: Path) -> None:
    ok("rep", "add", "Dana Lee")
    before = (coach_home / "coach.json").read_bytes()
    store = Store(coach_home)
    with pytest.raises(RuntimeError), store.write() as repo:
        repo.reps.put(Rep(name="Ghost", slug="ghost"))
        raise RuntimeError("boom")
    assert (coach_home / "coach.json").read_bytes() == before


def test_one_transaction_is_one_write(coach_home: Path) -> None:
    store = Store(coach_home)
    with store.write() as repo:
        for i in range(50):
            repo.reps.put(Rep(name=f"R {i}", slug=f"r-{i}"))
    assert not (coach_home / "backups").exists()  # nothing to back up: a single first write
    assert len(Store(coach_home).read().reps) == 50


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symlinked_store_is_written_through(coach_home: Path, tmp_path: Path) -> None:
    real_dir = tmp_path / "synced"
    real_dir.mkdir()
    real = real_dir / "coach.json"
    ok("init")
    (coach_home / "coach.json").rename(real)
    (coach_home / "coach.json").symlink_to(real)
    ok("rep", "add", "Dana Lee")
    assert (coach_home / "coach.json").is_symlink()
    assert "dana-lee" in json.loads(real.read_text())["reps"]


def test_schema_version_is_stored_and_an_old_store_migrates_on_write(coach_home: Path) -> None:
    coach_home.mkdir(parents=True)
    old = {"reps": {"dana-lee": {"name": "Dana Lee", "slug": "dana-lee"}}}
    (coach_home / "coach.json").write_text(json.dumps(old))
    assert ok("rep", "show", "dana", "--json").json()["tier"] == "core"
    assert "meta" not in json.loads((coach_home / "coach.json").read_text())  # reads never write
    ok("rep", "add", "Marco Rossi")
    data = json.loads((coach_home / "coach.json").read_text())
    assert data["meta"]["schema"]["version"] >= 1
    backups = list((coach_home / "backups").iterdir())
    assert json.loads(backups[0].read_text()) == old


def test_a_store_from_a_newer_coach_is_refused(coach_home: Path) -> None:
    coach_home.mkdir(parents=True)
    (coach_home / "coach.json").write_text(json.dumps({"meta": {"schema": {"version": 999}}}))
    assert "newer coach" in fails(3, "rep", "list").stderr
