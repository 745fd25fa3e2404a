"""One live interactive session per rep.

A second terminal is refused with where the session runs; a claim whose process is gone is
stale and taken; taking over a live one is explicit; the claim goes when the session ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.errors import CoachError, Interrupted
from coachcli.services import sessions as flow
from coachcli.store import claims
from tests.conftest import fails
from tests.session_support import FakeClock

TODAY = date(2026, 11, 30)


class Interrupting:
    """A prompter that looks at the claim at the first question, then presses Ctrl-C."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.seen: dict[str, Any] | None = None

    def __getattr__(self, name: str) -> Any:
        def ask(*args: object, **kwargs: object) -> object:
            self.seen = json.loads(claims.claim_path(self.home, "dana-lee").read_text())
            raise KeyboardInterrupt

        return ask


@pytest.fixture
def other() -> Iterator[subprocess.Popen[bytes]]:
    """Another live process: the terminal where the session already runs."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait()


def hold(home: Path, pid: int) -> None:
    path = claims.claim_path(home, "dana-lee")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "terminal": "/dev/pts/7", "since": "2026-11-30 10:02"}))


def start(home: Path, take_over: bool = False) -> Interrupting:
    prompter = Interrupting(home)
    with pytest.raises(Interrupted):
        flow.start_interactive(
            home,
            "dana",
            today=TODAY,
            prompter=prompter,  # type: ignore[arg-type]
            clock=FakeClock().clock(),
            take_over=take_over,
        )
    return prompter


def test_the_claim_is_held_while_the_session_runs_and_released_after(team: Path) -> None:
    prompter = start(team)
    assert prompter.seen is not None and prompter.seen["pid"] == os.getpid()
    assert not claims.claim_path(team, "dana-lee").exists()


def test_a_second_terminal_is_refused_naming_where_the_session_runs(
    team: Path, other: subprocess.Popen[bytes]
) -> None:
    hold(team, other.pid)
    with pytest.raises(CoachError) as err:
        start(team)
    text = err.value.message
    assert "Dana Lee's session is open in another terminal" in text
    assert f"pid {other.pid}" in text and "/dev/pts/7" in text
    assert "--take-over" in (err.value.hint or "")
    # The other terminal's claim is untouched.
    assert json.loads(claims.claim_path(team, "dana-lee").read_text())["pid"] == other.pid


def test_resume_and_answers_are_refused_too(
    team: Path, tmp_path: Path, other: subprocess.Popen[bytes]
) -> None:
    hold(team, other.pid)
    with pytest.raises(CoachError, match="open in another terminal"):
        flow.resume_interactive(
            team,
            "dana",
            today=None,
            prompter=Interrupting(team),  # type: ignore[arg-type]
        )
    answers = tmp_path / "a.yaml"
    answers.write_text("answers: {}\n")
    result = fails(
        1, "session", "start", "dana", "--answers", str(answers), "--today", "2026-11-30"
    )
    assert "open in another terminal" in result.stderr


def test_a_claim_whose_process_is_gone_is_stale_and_taken(team: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    hold(team, gone.pid)
    prompter = start(team)
    assert prompter.seen is not None and prompter.seen["pid"] == os.getpid()


def test_taking_over_is_explicit_and_the_first_terminal_then_saves_nothing(
    team: Path, other: subprocess.Popen[bytes]
) -> None:
    hold(team, other.pid)
    prompter = start(team, take_over=True)
    assert prompter.seen is not None and prompter.seen["pid"] == os.getpid()
    # Seen from the terminal that lost it: not its claim any more.
    hold(team, other.pid)
    assert not claims.still_mine(team, "dana-lee")


def test_discard_leaves_a_live_sessions_draft_alone(
    team: Path, other: subprocess.Popen[bytes]
) -> None:
    from coachcli.store.drafts import draft_path

    draft_path(team, "dana-lee").parent.mkdir(parents=True, exist_ok=True)
    draft_path(team, "dana-lee").write_text('{"version": 1, "rep": "dana-lee"}')
    hold(team, other.pid)
    result = fails(1, "session", "discard", "dana")
    assert "open in another terminal" in result.stderr
    assert draft_path(team, "dana-lee").exists()
