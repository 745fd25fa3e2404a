"""Shell completion (issue 13.6) through the environment variables the installed scripts set
(`coach --show-completion bash`: `_COACH_COMPLETE`, `COMP_WORDS`, `COMP_CWORD`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcli.app import app
from coachcli.store.repository import Store
from tests.conftest import ok

runner = CliRunner()


def complete(words: str, shell: str = "bash") -> list[str]:
    """What bash (or zsh) would offer for the last word of `words`."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_COACH_COMPLETE": f"complete_{shell}", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    if shell == "zsh":
        env = {"_COACH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    result = runner.invoke(app, [], env=env, prog_name="coach")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def store(team: Path, tmp_path: Path) -> Path:
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: early-pipeline\ncommitments:\n  - text: Book it\nanswers: {}\n")
    ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-24")
    (team / "scorecards").mkdir()
    (team / "scorecards" / "mine.yaml").write_text("id: mine\n")
    return team


def test_reps_complete_by_slug_and_sessions_commitments_banks_scorecards_by_id(
    store: Path,
) -> None:
    repo = Store(store).read()
    (sid,) = repo.sessions.keys()
    (cid,) = repo.commitments.keys()
    assert complete("coach session start ma") == ["marco-rossi"]
    assert "dana-lee" in complete("coach rep show ")
    assert complete("coach session show s-") == [sid]
    assert complete("coach recap ") == [sid]
    assert complete("coach commit done c") == [cid]
    assert complete("coach bank show early-p") == ["early-pipeline"]
    assert complete("coach session start dana --bank deal") == ["deal-review", "deal-strategy"]
    assert complete("coach scorecard show ") == ["mine", "sales"]
    assert complete("coach score show pr") == ["priya-nair"]
    assert "dana-lee" in complete("coach score d")


def test_bash_gets_slugs_only_and_zsh_also_gets_names(store: Path) -> None:
    assert complete("coach session start Dana") == []
    zsh = complete("coach session start Dan", shell="zsh")
    assert any("Dana Lee" in line for line in zsh)


def test_completion_reads_the_store_without_locking_or_writing(store: Path) -> None:
    (store / "coach.lock").touch()
    before = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    from filelock import FileLock

    with FileLock(str(store / "coach.lock"), timeout=0):  # another writer holds the lock
        assert complete("coach session start ma") == ["marco-rossi"]
    after = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    assert after == before


def test_a_damaged_store_completes_nothing_and_prints_no_error(store: Path) -> None:
    (store / "coach.json").write_text("{not json")
    assert complete("coach session start ") == []


@pytest.mark.slow
def test_the_installed_script_protocol_works_from_a_real_process(store: Path) -> None:
    env = dict(
        os.environ,
        _COACH_COMPLETE="complete_bash",
        COMP_WORDS="coach session start pri",
        COMP_CWORD="3",
    )
    coach = Path(sys.executable).parent / "coach"
    out = subprocess.run([str(coach)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["priya-nair"]
