"""Fault injection on the store: kills, Ctrl-C, contention, corrupt files, full disks,
read-only homes, symlinks, permissions, internal errors, closed pipes and old schemas.

Each case asserts that nothing already stored is lost. The cases that spawn processes are
marked slow (CI runs them too).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.core.models import Answer, Commitment, Rep, Session, StatusChange
from coachcli.errors import ExitCode, StoreError
from coachcli.store import migrations, storage
from coachcli.store.repository import Store
from tests.conftest import fails, ok, run
from tests.helpers.bench import load_generator
from tests.helpers.drafts import write_draft
from tests.helpers.jsonout import as_object, json_objects
from tests.helpers.store_writer import (
    BASE,
    expected_commitment,
    expected_rep,
    expected_session,
)

HELPERS = Path(__file__).resolve().parent / "helpers"
REPO = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and permissions")


# shared set-up ------------------------------------------------------------------------------


def make_store(home: Path, records: int = 1000, sessions: int = 0) -> dict[str, Any]:
    """A store of `records` records (a fifth reps, the rest commitments) and `sessions`
    sessions (index rows and body files); returns its data."""
    reps = [
        Rep(name=f"Base Rep {i}", slug=f"base-rep-{i}", tier=("top", "core", "developing")[i % 3])
        for i in range(records // 5)
    ]
    commitments = [
        Commitment(
            id=f"c-{i:06x}",
            rep=reps[i % len(reps)].slug,
            text=f"Base commitment {i}: call the ops lead about the pilot",
            due="2026-11-30",
            created="2026-11-01",
            history=[StatusChange(at="2026-11-01T10:00", status="open")],
        )
        for i in range(records - len(reps))
    ]
    with Store(home).write() as repo:
        repo.reps.put_many(reps)
        repo.commitments.put_many(commitments)
        for i in range(sessions):
            repo.save_session(
                Session(
                    id=f"s-{i:06x}",
                    rep=reps[i % len(reps)].slug,
                    date="2026-11-02",
                    asked=1,
                    answers=[Answer(question_id="q", ask="How did it go?", answer=f"base {i}")],
                )
            )
    return load(home)


def load(home: Path) -> dict[str, Any]:
    """The store as JSON; fails the test if it does not parse."""
    return as_object(json.loads((home / "coach.json").read_bytes()))


def assert_old_rows_intact(before: dict[str, Any], after: dict[str, Any]) -> None:
    for table, rows in before.items():
        if table == migrations.META_TABLE:
            continue
        for key, doc in rows.items():
            assert after[table].get(key) == doc, f"{table}/{key} changed"


def temp_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob(".*.tmp"))


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_HOME=str(home), NO_COLOR="1", COLUMNS="120", **extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def coach_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "coachcli", *args]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# 1. SIGKILL mid-write -----------------------------------------------------------------------


def check_writer_rows(before: dict[str, Any], after: dict[str, Any]) -> set[int]:
    """New rows are whole writer transactions: a rep and its commitment, exactly as written."""
    assert_old_rows_intact(before, after)
    new_reps = set(after["reps"]) - set(before["reps"])
    new_commitments = set(after["commitments"]) - set(before["commitments"])
    numbers = {int(slug.removeprefix("writer-")) for slug in new_reps}
    assert {f"writer-{n}" for n in numbers} == new_reps
    assert {expected_commitment(n).id for n in numbers} == new_commitments
    assert {expected_session(n).id for n in numbers} == set(after["sessions"]) - set(
        before["sessions"]
    )
    for n in numbers:
        assert after["reps"][f"writer-{n}"] == expected_rep(n).to_doc()
        assert after["commitments"][expected_commitment(n).id] == expected_commitment(n).to_doc()
    return numbers


def check_session_bodies(home: Path) -> None:
    """Every session in the index has its whole body (a body without an index row may stay)."""
    repo = Store(home).read()
    for index in repo.sessions.all():
        if index.id.startswith("s-a"):  # the writer's sessions
            n = int(index.id[2:], 16) - BASE
            assert repo.load_session(index.id) == expected_session(n)


@pytest.mark.slow
@posix_only
def test_sigkill_at_50_random_moments_never_breaks_a_store_of_1000_records(
    coach_home: Path,
) -> None:
    base = make_store(coach_home, 800, sessions=200)
    rng = random.Random(20261123)
    seen: set[int] = set()
    changed = 0
    for attempt in range(50):
        before = load(coach_home)
        start = attempt * 1000
        writer = subprocess.Popen(
            [sys.executable, str(HELPERS / "store_writer.py"), str(coach_home), str(start), "1000"],
            stdout=subprocess.PIPE,
            env=env_for(coach_home),
        )
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.3))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        after = load(coach_home)  # always parses
        numbers = check_writer_rows(before, after)
        check_session_bodies(coach_home)
        changed += bool(numbers - seen)
        seen |= numbers
    assert_old_rows_intact(base, load(coach_home))
    assert changed >= 10, "too few kills landed after a completed write to prove anything"
    ok("rep", "add", "After The Kills")  # the next command cleans what the killed left
    assert temp_files(coach_home) == []
    assert len(load(coach_home)["reps"]) == len(base["reps"]) + len(seen) + 1


def test_the_next_write_removes_temps_a_killed_writer_left_but_not_a_live_draft(
    coach_home: Path,
) -> None:
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi")
    (coach_home / "sessions").mkdir(mode=0o700)
    (coach_home / "drafts").mkdir(mode=0o700)
    left = [
        coach_home / ".coach.json.k1ll3d.tmp",
        coach_home / "backups" / ".coach-20261123T100000000000Z.json.k1ll3d.tmp",
        coach_home / "sessions" / ".s-00a1b2.json.k1ll3d.tmp",
    ]
    # A session in progress in another terminal writes its draft without the store lock.
    in_flight = coach_home / "drafts" / ".dana-lee.json.wr1t1n.tmp"
    for path in [*left, in_flight]:
        path.write_bytes(b"half a fi")
    ok("rep", "list")
    assert all(path.exists() for path in left)  # reads hold no lock, so they never delete
    ok("rep", "add", "Priya Patel")
    assert temp_files(coach_home) == [in_flight]


# 2. SIGINT mid-write ------------------------------------------------------------------------

ADD = ["rep", "add", "Interrupted Rep"]
INTERRUPT_POINTS = [
    ("link", 1),  # the backup (a hard link to the old store) is about to be made
    ("fsync", 1),  # the backup is linked; its directory is being synced
    ("mkstemp", 1),  # before the store's temp file exists
    ("encode", 1),  # while the new store is being serialised
    ("fsync", 2),  # the store's temp file is written but not synced
    ("replace", 1),  # the new store is about to replace the old one
    ("fsync", 3),  # the new store is in place; its directory is being synced
]


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize(("function", "k"), INTERRUPT_POINTS)
def test_ctrl_c_during_a_write_exits_130_and_keeps_the_store_whole(
    coach_home: Path, function: str, k: int
) -> None:
    before = make_store(coach_home)
    done = subprocess.run(
        [sys.executable, str(HELPERS / "interrupt_write.py"), function, str(k), *ADD],
        capture_output=True,
        text=True,
        env=env_for(coach_home),
        timeout=60,
    )
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert "Traceback" not in done.stderr
    assert "interrupted" in done.stderr
    after = load(coach_home)
    assert_old_rows_intact(before, after)
    added = set(after["reps"]) - set(before["reps"])
    assert added in (set(), {"interrupted-rep"})
    if added:
        assert after["reps"]["interrupted-rep"]["name"] == "Interrupted Rep"
    ok("rep", "list")  # a read never cleans up: only a write holds the lock
    ok("rep", "add", "Next Rep")
    assert temp_files(coach_home) == []


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("k", [1, 10, 40, 120])
def test_ctrl_c_while_coach_is_starting_exits_130_without_a_traceback(
    coach_home: Path, k: int
) -> None:
    before = make_store(coach_home, 200)
    done = subprocess.run(
        [sys.executable, str(HELPERS / "interrupt_write.py"), "import", str(k), *ADD],
        capture_output=True,
        text=True,
        env=env_for(coach_home),
        timeout=60,
    )
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == "coach: interrupted"
    assert_old_rows_intact(before, load(coach_home))


# 3. Two writers at once ---------------------------------------------------------------------


@pytest.mark.slow
def test_two_processes_adding_100_reps_each_end_with_200(coach_home: Path) -> None:
    ok("init")
    env = env_for(coach_home, COACH_LOCK_TIMEOUT="60")
    writers = [
        subprocess.Popen(
            [sys.executable, str(HELPERS / "cli_loop.py"), prefix, "100"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for prefix in ("Alpha", "Beta")
    ]
    results = [(w.wait(timeout=120), w.stderr.read()) for w in writers]  # type: ignore[union-attr]
    for code, stderr in results:
        assert "Traceback" not in stderr
        assert code == 0 or (code == ExitCode.STORE and "locked" in stderr), stderr
    reps = load(coach_home)["reps"]
    if all(code == 0 for code, _ in results):
        assert len(reps) == 200
    assert all(doc["name"].split()[0] in ("Alpha", "Beta") for doc in reps.values())


@pytest.mark.slow
@posix_only
def test_a_writer_that_cannot_get_the_lock_exits_3_saying_locked(coach_home: Path) -> None:
    ok("rep", "add", "Dana Lee")
    holder = subprocess.Popen(
        [sys.executable, str(HELPERS / "hold_lock.py"), str(coach_home)],
        stdout=subprocess.PIPE,
        env=env_for(coach_home),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        before = (coach_home / "coach.json").read_bytes()
        result = fails(3, "rep", "add", "Marco Rossi")
        assert "locked" in result.stderr
        assert result.stderr.count("\n") == 1
        assert (coach_home / "coach.json").read_bytes() == before
        ok("rep", "list")  # reads never wait for the lock
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]


# 4. A lock left by a killed process ---------------------------------------------------------


@pytest.mark.slow
@posix_only
def test_a_lock_held_by_a_process_killed_with_sigkill_does_not_block_the_next_command(
    coach_home: Path,
) -> None:
    ok("rep", "add", "Dana Lee")
    holder = subprocess.Popen(
        [sys.executable, str(HELPERS / "hold_lock.py"), str(coach_home)],
        stdout=subprocess.PIPE,
        env=env_for(coach_home),
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert (coach_home / "coach.lock").exists()  # the file stays; the lock went with the process
    began = time.monotonic()
    done = subprocess.run(
        coach_cmd("rep", "add", "Marco Rossi"),
        capture_output=True,
        text=True,
        env=env_for(coach_home, COACH_LOCK_TIMEOUT="10"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - began < 5
    assert set(load(coach_home)["reps"]) == {"dana-lee", "marco-rossi"}


# 5. Corrupt stores --------------------------------------------------------------------------


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


CORRUPTIONS = {
    "zero-bytes": lambda raw: b"",
    "truncated": _truncate,
    "trailing-garbage": lambda raw: raw + b"\x00garbage}}",
    "two-documents": lambda raw: raw + raw,
    "nul-filled": lambda raw: b"\x00" * len(raw),
}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_a_damaged_store_is_exit_3_untouched_names_the_newest_backup_and_restores(
    coach_home: Path, kind: str
) -> None:
    make_store(coach_home, 200)
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi")
    store = coach_home / "coach.json"
    good = store.read_bytes()
    damaged = CORRUPTIONS[kind](good)
    store.write_bytes(damaged)
    backups_before = sorted((coach_home / "backups").iterdir())
    newest = backups_before[-1]
    for args in (
        ["rep", "list"],
        ["rep", "add", "Someone New"],
        ["rep", "edit", "dana", "--tier", "top"],
        ["init"],
    ):
        result = fails(3, *args)
        assert result.stderr.count("\n") == 1, result.stderr
        assert str(store) in result.stderr
        assert str(newest) in result.stderr
        assert store.read_bytes() == damaged
    assert sorted((coach_home / "backups").iterdir()) == backups_before
    assert temp_files(coach_home) == []
    shutil.copyfile(newest, store)  # the restore the message gives
    slugs = {r["slug"] for r in json_objects(ok("rep", "list", "--json"))}
    assert "dana-lee" in slugs and "marco-rossi" not in slugs
    ok("rep", "add", "Marco Rossi")


# 6. Disk full -------------------------------------------------------------------------------


class DiskFull:
    """Makes the n-th call of a write step fail with ENOSPC, as a full disk would."""

    def __init__(self, at_call: int) -> None:
        self.at_call = at_call
        self.calls = 0

    def hit(self) -> bool:
        self.calls += 1
        return self.calls == self.at_call


def full_disk_on_fsync(monkeypatch: pytest.MonkeyPatch, at_call: int) -> None:
    real = os.fsync
    disk = DiskFull(at_call)

    def fsync(fd: int) -> None:
        if disk.hit():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def full_disk_on_write(monkeypatch: pytest.MonkeyPatch, at_call: int) -> None:
    """The temp file takes half the bytes, then the disk is full."""
    import coachcli.store.files as files

    real_fdopen = os.fdopen
    disk = DiskFull(at_call)

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        return HalfWriter(handle) if disk.hit() else handle

    monkeypatch.setattr(files.os, "fdopen", fdopen)


@pytest.mark.parametrize("step", ["write", "fsync"])
@pytest.mark.parametrize("which", ["backup-copy", "store"])
def test_a_full_disk_fails_cleanly_and_keeps_the_store(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, step: str, which: str
) -> None:
    make_store(coach_home, 200)
    ok("rep", "add", "Dana Lee")
    store = coach_home / "coach.json"
    before = store.read_bytes()
    with monkeypatch.context() as patch:
        if which == "backup-copy":
            # A file system without hard links: the backup is a copy, written first.
            def no_links(*args: Any, **kwargs: Any) -> None:
                raise OSError(errno.EPERM, os.strerror(errno.EPERM))

            patch.setattr(storage.os, "link", no_links)
            fsync_call = 1
        else:
            fsync_call = 2  # the linked backup's directory is synced first
        if step == "write":
            full_disk_on_write(patch, 1)
        else:
            full_disk_on_fsync(patch, fsync_call)
        result = run("rep", "add", "Marco Rossi")
    assert result.exit_code in (ExitCode.STORE, ExitCode.USER), result.stderr
    assert "disk full" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert store.read_bytes() == before
    assert temp_files(coach_home) == []
    ok("rep", "add", "Marco Rossi")  # once there is room again, writing works


def test_a_full_disk_while_writing_a_session_body_writes_nothing(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(coach_home, 200)
    store = coach_home / "coach.json"
    before = store.read_bytes()
    session = Session(id="s-00a0b0", rep="base-rep-1", date="2026-11-23", notes="private")
    with monkeypatch.context() as patch:
        full_disk_on_write(patch, 1)
        with pytest.raises(StoreError, match="disk full"), Store(coach_home).write() as repo:
            repo.save_session(session)
    assert store.read_bytes() == before
    assert temp_files(coach_home) == []
    assert not list((coach_home / "sessions").glob("*.json"))


# 7. Read-only home --------------------------------------------------------------------------


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_home_gives_a_clear_message_naming_it(coach_home: Path) -> None:
    ok("rep", "add", "Dana Lee")
    before = (coach_home / "coach.json").read_bytes()
    coach_home.chmod(0o500)
    try:
        result = fails(3, "rep", "add", "Marco Rossi")
        assert str(coach_home) in result.stderr
        assert result.stderr.count("\n") == 1
        assert [r["slug"] for r in json_objects(ok("rep", "list", "--json"))] == ["dana-lee"]
    finally:
        coach_home.chmod(0o700)
    assert (coach_home / "coach.json").read_bytes() == before


@pytest.mark.parametrize("error", [errno.EACCES, errno.EROFS])
def test_a_home_that_refuses_new_files_gives_a_clear_message_naming_it(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    """The read-only case as root sees it: the file system refuses (EROFS), or ACLs do."""
    ok("rep", "add", "Dana Lee")
    before = (coach_home / "coach.json").read_bytes()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(error, os.strerror(error))

    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", refuse)
        result = fails(3, "rep", "add", "Marco Rossi")
    assert str(coach_home) in result.stderr
    assert "read-only" in result.stderr or "permission" in result.stderr
    assert result.stderr.count("\n") == 1
    assert (coach_home / "coach.json").read_bytes() == before


# 8. Symlinked store -------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("relative", [False, True], ids=["absolute-link", "relative-link"])
def test_a_write_through_a_symlinked_store_updates_the_real_file(
    coach_home: Path, tmp_path: Path, relative: bool
) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    make_store(synced, 200)
    coach_home.mkdir()
    target = synced / "coach.json"
    link = coach_home / "coach.json"
    link.symlink_to(os.path.relpath(target, coach_home) if relative else target)
    before = json.loads(target.read_bytes())
    ok("rep", "add", "Dana Lee")
    assert link.is_symlink()
    after = json.loads(target.read_bytes())
    assert "dana-lee" in after["reps"]
    assert_old_rows_intact(before, after)
    assert temp_files(coach_home) == [] and temp_files(synced) == []
    assert [p.name for p in coach_home.iterdir() if p.name.startswith("coach.json")] == [
        "coach.json"
    ]


# 17. Permissions ----------------------------------------------------------------------------


@posix_only
def test_everything_written_is_private_under_umask_022(coach_home: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        ok("init")
        ok("rep", "add", "Dana Lee")
        ok("rep", "add", "Marco Rossi")
        with Store(coach_home).write() as repo:
            repo.save_session(Session(id="s-00c0d0", rep="dana-lee", date="2026-11-23"))

        write_draft(coach_home, "dana-lee", {"answers": []})
        exports = tmp_path / "exports"
        exported = run("export", "-o", str(exports))
    finally:
        os.umask(old)
    for directory in (coach_home, coach_home / "backups", coach_home / "sessions"):
        assert mode(directory) == 0o700, directory
    files = [p for p in coach_home.rglob("*") if p.is_file()]
    assert any(p.parent.name == "drafts" for p in files)
    assert any(p.parent.name == "sessions" for p in files)
    for path in files:
        assert mode(path) == 0o600, path
    assert exported.exit_code == 0, exported.stderr
    written = list(exports.rglob("*"))
    assert any(p.is_file() for p in written)
    for path in [exports, *written]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


# 18. Unexpected exceptions ------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_without_private_text_and_exit_4(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.core import roster

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret note text")

    monkeypatch.setattr(roster, "new_rep", broken)
    result = run("rep", "add", "Dana Lee")
    assert result.exit_code == ExitCode.INTERNAL == 4
    assert result.stderr.count("\n") == 1
    assert "secret" not in result.stderr and "secret" not in result.stdout
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr
    debug = run("--debug", "rep", "add", "Dana Lee")
    assert debug.exit_code == ExitCode.INTERNAL
    assert "Traceback" in debug.stderr and "RuntimeError" in debug.stderr


ENTRY_POINTS = [
    # (argv, module, function): commands from three groups, through the real entry point
    (["rep", "list", "--json"], "coachcli.core.roster", "rep_json"),
    (["remind", "--today", "2026-11-23"], "coachcli.core.reminders", "build"),
    (["plan", "week", "--today", "2026-11-23"], "coachcli.core.scheduler", "plan_week"),
]


@pytest.mark.parametrize(("argv", "module", "function"), ENTRY_POINTS, ids=lambda v: str(v))
def test_every_entry_point_hides_an_unexpected_error_behind_one_line_and_exit_4(
    team: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
    function: str,
) -> None:
    import importlib

    from coachcli.__main__ import main

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret note text")

    monkeypatch.setattr(importlib.import_module(module), function, broken)
    codes = []
    for debug in ([], ["--debug"]):
        monkeypatch.setattr(sys, "argv", ["coach", *debug, *argv])
        with pytest.raises(SystemExit) as stopped:
            main()
        codes.append(stopped.value.code)
        out, err = capsys.readouterr()
        assert "secret" not in out
        if debug:
            assert "Traceback" in err and "RuntimeError" in err
        else:
            assert err.count("\n") == 1 and "secret" not in err, err
            assert err.startswith("coach: internal error")
    assert codes == [ExitCode.INTERNAL, ExitCode.INTERNAL]


# 19. A closed pipe --------------------------------------------------------------------------


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("args", [["rep", "list"], ["rep", "list", "--json"]])
def test_piping_into_head_exits_quietly(coach_home: Path, args: list[str]) -> None:
    with Store(coach_home).write() as repo:
        repo.reps.put_many(Rep(name=f"Rep Number {i}", slug=f"rep-number-{i}") for i in range(3000))
    err = coach_home.parent / "stderr.txt"
    command = " ".join(coach_cmd(*args))
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} 2>{err} | head -1"],
        capture_output=True,
        text=True,
        env=env_for(coach_home),
        timeout=60,
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.returncode in (0, 141), done  # 141: killed by SIGPIPE is quiet too
    noise = err.read_text()
    assert "Traceback" not in noise and "BrokenPipe" not in noise and "Exception" not in noise
    assert noise == ""


@pytest.fixture(scope="module")
def history_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four reps with 60 weeks of generated history: commands with long outputs."""
    home = tmp_path_factory.mktemp("history") / "home"
    load_generator().generate_home(home, reps=4, weeks=60, seed=3, end=date(2026, 11, 23))
    return home


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ["commit", "list", "--status", "all"],
        ["commit", "list", "--status", "all", "--json"],
        ["session", "list", "--all"],  # the table shows the newest 50 without --all
        ["session", "list", "--json"],
        ["export", "--format", "jsonl"],
    ],
    ids=" ".join,
)
def test_long_listings_piped_into_head_exit_quietly(history_home: Path, args: list[str]) -> None:
    err = history_home.parent / "stderr.txt"
    command = " ".join(coach_cmd(*args))
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} 2>{err} | head -1"],
        capture_output=True,
        text=True,
        env=env_for(history_home),
        timeout=60,
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.returncode in (0, 141), done
    assert err.read_text() == ""


# 20. An older schema ------------------------------------------------------------------------


def test_a_store_from_before_schema_versions_migrates_on_first_write_with_a_backup(
    coach_home: Path,
) -> None:
    data = make_store(coach_home, 1000)
    old = {table: rows for table, rows in data.items() if table != migrations.META_TABLE}
    old_bytes = json.dumps(old, indent=2).encode("utf-8")
    (coach_home / "coach.json").write_bytes(old_bytes)
    shutil.rmtree(coach_home / "backups", ignore_errors=True)
    assert len(ok("rep", "list", "--json").json()) == 200  # type: ignore[arg-type]
    assert (coach_home / "coach.json").read_bytes() == old_bytes  # a read never migrates
    ok("rep", "add", "Dana Lee")
    new = load(coach_home)
    assert new["meta"]["schema"]["version"] == migrations.SCHEMA_VERSION
    assert_old_rows_intact(old, new)
    backups = sorted((coach_home / "backups").iterdir())
    assert [b.read_bytes() for b in backups] == [old_bytes]
    assert mode(backups[0]) == 0o600 if os.name == "posix" else True
