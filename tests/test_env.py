"""The global options live in Typer's context for one invocation, not in a module global."""

from __future__ import annotations

from pathlib import Path

from coachcli import env
from tests.conftest import ok


def test_home_flag_applies_to_its_own_invocation_only(coach_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    ok("--home", str(other), "rep", "add", "Dana Lee")
    assert (other / "coach.json").exists()
    assert ok("--home", str(other), "rep", "list", "--json").json()[0]["slug"] == "dana-lee"
    assert ok("rep", "list", "--json").json() == []  # the next run: $COACH_HOME again
    assert env.current() == env.Env()  # nothing left behind outside a command
