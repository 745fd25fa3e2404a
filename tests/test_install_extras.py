"""The manager's install is lean; the VP's commands say which extra brings what they need."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from coachcli.services.extras import EXTRAS
from tests.conftest import REPO, fails, ok


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make `modules` look uninstalled: importlib's finder reports None for them."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize(
    "args",
    [
        ("org", "stats", "exports/"),
        ("org", "load", "exports/", "--db", "org.duckdb"),
        ("org", "sql"),
        ("report", "-o", "page.html"),
    ],
)
def test_the_vp_commands_without_the_org_extra_exit_1_naming_it(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    _hide(monkeypatch, "duckdb")
    result = fails(1, *args)
    assert "coachcli[org]" in result.stderr and "duckdb" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_org_help_works_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide(monkeypatch, "duckdb", "matplotlib", "sqlglot")
    assert "stats" in ok("org", "--help").stdout


def test_the_checked_packages_are_the_org_extra_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extra = project["optional-dependencies"]["org"]
    names = {re.match(r"[A-Za-z0-9_.-]+", item).group(0) for item in extra}  # type: ignore[union-attr]
    assert names == set(EXTRAS["org"])
    runtime = {re.match(r"[A-Za-z0-9_.-]+", item).group(0) for item in project["dependencies"]}  # type: ignore[union-attr]
    assert not names & runtime and "numpy" not in runtime


@pytest.mark.slow
def test_a_fresh_manager_install_is_under_90_mb_and_refuses_org_stats(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(REPO)],
        check=True,
        capture_output=True,
    )
    site = next(venv.glob("lib/python3*/site-packages"))
    ours = {"pip", "setuptools", "_distutils_hack"}  # the venv's own, not coach's
    size = sum(
        f.stat().st_size
        for f in site.rglob("*")
        if f.is_file() and f.relative_to(site).parts[0].split("-")[0] not in ours
    )
    assert size <= 90 * 1024 * 1024, f"{size / 2**20:.0f} MiB"
    coach = venv / "bin" / "coach"
    env = {"COACH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(coach), "org", "stats", str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1 and "coachcli[org]" in done.stderr, done.stderr
    assert subprocess.run([str(coach), "--help"], capture_output=True, env=env).returncode == 0
