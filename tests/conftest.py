"""Shared fixtures: every test gets its own coach home in a tmp dir, and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcli.app import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

runner = CliRunner()


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_BANKS", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COACH_LOCK_TIMEOUT", "1")
    return home


Invoke = Callable[..., "Result"]


class Result:
    def __init__(self, raw: object) -> None:
        self.exit_code: int = raw.exit_code  # type: ignore[attr-defined]
        self.stdout: str = raw.stdout  # type: ignore[attr-defined]
        self.stderr: str = raw.stderr  # type: ignore[attr-defined]
        self.output: str = raw.output  # type: ignore[attr-defined]
        self.exception = raw.exception  # type: ignore[attr-defined]

    def json(self) -> object:
        return json.loads(self.stdout)


def run(*args: str, input: str | None = None) -> Result:
    """Invoke `coach ARGS...` in-process; stdout and stderr are kept apart."""
    return Result(runner.invoke(app, list(args), input=input))


def ok(*args: str, input: str | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def fails(code: int, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def team(coach_home: Path) -> Path:
    """The bundled example team, imported through the CLI."""
    ok("rep", "import", str(EXAMPLES / "team.yaml"))
    return coach_home
