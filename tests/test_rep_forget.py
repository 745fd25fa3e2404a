"""`coach rep forget`: exactly the rep's data goes (found by their id, never by a file name),
all of it, and a forget killed at any step is finished by the next forget or any write."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fails, ok, run
from tests.forget_support import SECRETS, everything, fill

HELPERS = Path(__file__).resolve().parent / "helpers"
REPO = HELPERS.parent.parent
KEEP = ["MARCO-keep", "NOTE-m1", "COMMIT-m1", "ANSWER-m1", "TELL-m1", "Marco Rossi"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home with Zed and Marco (every kind of record), a user bank named `grow`, a user
    scorecard named `sales`, a config, and Marco's draft; built once, copied per test."""
    root = tmp_path_factory.mktemp("forget-base")
    home = root / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COACH_HOME", str(home))
        mp.setenv("COACH_LOCK_TIMEOUT", "1")
        fill(home, root)
        (home / "banks").mkdir(mode=0o700, exist_ok=True)
        bank = (REPO / "question_banks" / "early-pipeline.yaml").read_text()
        (home / "banks" / "grow.yaml").write_text(bank.replace("id: early-pipeline", "id: grow"))
        (home / "scorecards").mkdir(mode=0o700)
        shutil.copy(REPO / "scorecards" / "sales.yaml", home / "scorecards" / "sales.yaml")
        draft = {"rep": "marco-rossi", "notes": "MARCO-draft"}
        (home / "drafts" / "marco-rossi.json").write_text(json.dumps({"version": 1, **draft}))
    yield home


@pytest.fixture
def home(base: Path, coach_home: Path) -> Path:
    shutil.copytree(base, coach_home, symlinks=True)
    return coach_home


def _files(home: Path) -> dict[str, bytes]:
    """Every file outside the store and its backups (which a forget rewrites), by path."""
    out = {}
    for path in sorted(home.rglob("*")):
        rel = path.relative_to(home).as_posix()
        if path.is_file() and rel != "coach.json" and not rel.startswith("backups/"):
            out[rel] = path.read_bytes()
    return out


def _slugs() -> list[str]:
    return [r["slug"] for r in ok("rep", "list", "--json").json()]


def _forget_a_rep_named(home: Path, name: str) -> None:
    """Add a rep called `name`, forget them: every other file and rep is as it was."""
    before = set(_slugs())
    ok("rep", "add", name)
    (slug,) = set(_slugs()) - before
    files, reps = _files(home), _slugs()
    others = ok("export", "--format", "jsonl").stdout
    backups = len(list((home / "backups").iterdir()))

    ok("rep", "forget", slug, "--yes")

    assert _files(home) == files, name
    assert _slugs() == [r for r in reps if r != slug]
    assert ok("export", "--format", "jsonl").stdout == others
    assert len(list((home / "backups").iterdir())) >= min(backups, 1)
    text = everything(home)
    assert all(keep in text for keep in KEEP)
    assert "MARCO-draft" in (home / "drafts" / "marco-rossi.json").read_text()


NAMES = [
    "Coach", "Config", "Banks", "Grow", "Sales", "Drafts", "Sessions", "Backups", "Lock",
    "Json", "Yaml", "Live", "Tmp", "Scorecards", "Mappings", "Forget Journal",
    "Busy Calendar", "Org Salt", "Marco", "Marco Rossi Json",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_forgetting_a_rep_named_like_a_file_of_the_home_removes_nothing_else(
    home: Path, name: str
) -> None:
    _forget_a_rep_named(home, name)


def test_forgetting_reps_named_after_every_file_and_folder_in_the_home_removes_nothing_else(
    home: Path,
) -> None:
    """Each file and folder name found in the home, session ids (`S 9f0929` is `s-9f0929`)
    and backup names included, becomes a rep who is then forgotten."""
    stems = {p.name.lstrip(".").split(".")[0] for p in home.rglob("*")}
    taken = set(_slugs())
    names = sorted(s.replace("-", " ") for s in stems if s and s.lower() not in taken)
    assert any(n.startswith("s ") for n in names), "a session id is among them"
    for name in names:
        _forget_a_rep_named(home, name.title())


def test_forget_replaces_the_rep_in_other_reps_calls_with_other(home: Path) -> None:
    before = ok("call", "list", "marco", "--json").json()
    ok("rep", "forget", "zed", "--yes")
    (call,) = ok("call", "list", "marco", "--json").json()
    names = [s["name"] for s in call["speakers"]]
    assert "Zed Quux-Zed" not in names and "other" in names
    assert call["rep_share"] == before[0]["rep_share"]


# leftovers of killed writers ------------------------------------------------------------------

DEAD_PID = 2**22 + 12345  # above Linux's pid_max default: no such process


def test_forget_removes_what_killed_writers_left_of_the_rep(home: Path) -> None:
    sessions = home / "sessions"
    orphan = sessions / "s-0ddba1.json"  # a body whose index write was killed
    orphan.write_text(json.dumps({"id": "s-0ddba1", "rep": "zed-quux-zed", "notes": "ORPHAN-q7"}))
    store_temp = home / f".coach.json.{DEAD_PID}-k1ll3d.tmp"
    store_temp.write_text('{"reps": {"zed-quux-zed": {"notes": "STORETMP-q7"}}}')
    draft_temp = home / "drafts" / f".zed-quux-zed.json.{DEAD_PID}-k1ll3d.tmp"
    draft_temp.write_text('{"answers": {"q": "TYPED-q7"}}')
    live = home / "drafts" / f".marco-rossi.json.{os.getpid()}-wr1t1n.tmp"
    live.write_text("a live writer's half")
    marco_orphan = sessions / "s-0ddba2.json"
    marco_orphan.write_text(json.dumps({"id": "s-0ddba2", "rep": "marco-rossi"}))

    ok("rep", "forget", "zed", "--yes")

    text = everything(home)
    for secret in [*SECRETS, "ORPHAN-q7", "STORETMP-q7", "TYPED-q7"]:
        assert secret not in text, secret
    assert not orphan.exists() and not store_temp.exists() and not draft_temp.exists()
    assert live.exists() and marco_orphan.exists()


def test_every_write_sweeps_draft_temps_whose_writer_is_gone_but_never_a_live_ones(
    home: Path,
) -> None:
    drafts = home / "drafts"
    dead = drafts / f".marco-rossi.json.{DEAD_PID}-k1ll3d.tmp"
    old = drafts / ".marco-rossi.json.0ldf0rm4t.tmp"  # no pid in the name: by its age
    live = drafts / f".zed-quux-zed.json.{os.getpid()}-wr1t1n.tmp"
    young = drafts / ".zed-quux-zed.json.n0p1dy0u.tmp"
    for path in (dead, old, live, young):
        path.write_text("half a draft")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    ok("rep", "list")
    assert dead.exists(), "a read never deletes"
    ok("rep", "add", "Priya Patel")
    assert not dead.exists() and not old.exists()
    assert live.exists() and young.exists()


def test_forget_is_refused_while_the_reps_session_runs_in_another_terminal(home: Path) -> None:
    claim = home / "drafts" / "zed-quux-zed.live"
    claim.write_text(json.dumps({"pid": os.getppid(), "host": "here", "terminal": "pts/9"}))
    result = fails(1, "rep", "forget", "zed", "--yes")
    assert "in progress" in result.stderr
    assert "zed-quux-zed" in _slugs()


# a forget killed at any step ------------------------------------------------------------------


def _killed_forget(home: Path, point: str, k: int) -> int:
    env = dict(os.environ, COACH_HOME=str(home), NO_COLOR="1")
    args = [sys.executable, str(HELPERS / "interrupt_write.py"), point, str(k)]
    done = subprocess.run(
        [*args, "rep", "forget", "zed", "--yes"], env=env, capture_output=True, timeout=120
    )
    return done.returncode


def _assert_forgotten(home: Path) -> None:
    text = everything(home)
    for secret in SECRETS:
        assert secret not in text, secret
    assert all(keep in text for keep in KEEP)
    assert not (home / "forget-journal.json").exists()
    assert "marco-rossi" in _slugs() and "zed-quux-zed" not in _slugs()
    assert ok("score", "show", "marco", "--json").json()["skills"][0]["latest"] == 3
    assert [p for p in home.rglob(".*.tmp")] == []


def _kill_and_finish(base: Path, work: Path, point: str, k: int, finish: list[str]) -> bool:
    """Kill a forget at the k-th `point`, finish with `finish`; False when it was not killed."""
    home = work / f"{point.replace(':', '-')}-{k}"
    shutil.copytree(base, home, symlinks=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COACH_HOME", str(home))
        code = _killed_forget(home, point, k)
        if code == 0:
            return False
        assert code == -signal.SIGKILL
        if not (home / "forget-journal.json").exists() and "zed-quux-zed" not in _slugs():
            finish = ["rep", "add", "After The Kill"]  # killed after its last step: done
        result = run(*finish)
        assert result.exit_code == 0, result.stderr
        _assert_forgotten(home)
    shutil.rmtree(home)
    return True


@pytest.mark.parametrize(
    ("point", "k", "finish"),
    [
        ("kill:replace", 2, ["rep", "forget", "zed", "--yes"]),  # the store is being written
        ("kill:replace", 3, ["rep", "forget", "zed-quux", "--yes"]),  # store done, rep gone
        ("kill:replace", 5, ["rep", "add", "Priya Patel"]),  # in the backups: any write
    ],
)
def test_a_forget_killed_mid_way_is_finished_by_the_next_forget_or_any_write(
    base: Path, tmp_path: Path, point: str, k: int, finish: list[str]
) -> None:
    assert _kill_and_finish(base, tmp_path, point, k, finish)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["kill:replace", "kill:unlink", "kill:link", "kill:fsync"])
def test_a_forget_killed_at_every_write_step_leaves_nothing_of_the_rep_after_a_rerun(
    base: Path, tmp_path: Path, point: str
) -> None:
    killed = 0
    for k in range(1, 60):
        finish = ["rep", "forget", "zed", "--yes"] if k % 2 else ["rep", "add", f"Rep {k}"]
        if not _kill_and_finish(base, tmp_path, point, k, finish):
            break
        killed += 1
    else:
        pytest.fail("forget never finished")
    assert killed >= 1


def test_a_backup_that_cannot_be_read_is_deleted_only_when_it_mentions_the_rep(
    home: Path,
) -> None:
    backups = home / "backups"
    mentions = backups / "coach-20990101T000000000000Z.json"
    mentions.write_bytes(b'{"reps": {"zed-quux-zed": {"notes": "REPNOTE-q7"')  # cut short
    other = backups / "coach-20990102T000000000000Z.json"
    other.write_bytes(b'{"reps": {"marco-rossi": ')
    ok("rep", "forget", "zed", "--yes")
    assert not mentions.exists()
    assert other.exists()


def test_the_newest_backup_becomes_the_store_as_forget_left_it_without_a_second_copy(
    home: Path,
) -> None:
    ok("rep", "forget", "zed", "--yes")
    newest = sorted((home / "backups").glob("coach-*.json"))[-1]
    store = home / "coach.json"
    assert newest.read_bytes() == store.read_bytes()
    if os.name == "posix":
        assert newest.stat().st_ino == store.stat().st_ino  # a hard link, like every backup
    ok("rep", "add", "Priya Patel")  # the next write replaces the store, not the backup
    assert newest.exists() and b"priya" not in newest.read_bytes()
