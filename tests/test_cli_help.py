"""The manual cannot drift: every command has help with an example, and the root help
(served from a static table so `coach --help` imports no command module) matches it."""

from __future__ import annotations

from typing import Any

import pytest

from coachcli.app import COMMANDS, load_command
from tests.conftest import ok
from tests.helpers.manual import manual_text

MANUAL = manual_text()


def leaves(command: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    subs = getattr(command, "commands", None)
    if not subs:
        return [(path, command)]
    found = []
    for name, sub in subs.items():
        found.extend(leaves(sub, (*path, name)))
    return found


ALL = [leaf for name in COMMANDS for leaf in leaves(load_command(name), (name,))]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_root_help_line_matches_the_command_help(name: str) -> None:
    command = load_command(name)
    assert (command.help or "").strip().splitlines()[0] == COMMANDS[name][2]


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_has_help_with_an_example(path: tuple[str, ...], command: Any) -> None:
    assert command.help and command.help.strip(), path
    assert "Example: coach " in command.help, path
    ok(*path, "--help")


def test_root_help_lists_every_command() -> None:
    out = ok("--help").stdout
    for name, (_, _, line) in COMMANDS.items():
        assert f"{name}" in out and line[:30] in out


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_is_in_the_manual(path: tuple[str, ...], command: Any) -> None:
    shown = f"coach {' '.join(path)}"
    assert shown in MANUAL, f"neither the README nor docs/ shows `{shown}`"


@pytest.mark.parametrize("columns", ["80", "160"])
def test_the_prerendered_root_help_is_what_typer_prints(columns: str) -> None:
    import os
    import subprocess
    import sys

    from coachcli.roothelp import ROOT_HELP

    # A real process: Click's CliRunner forces its own help width.
    typer_only = "import sys; sys.argv = ['coach', '--help']; from coachcli.app import run; run()"
    env = os.environ | {"COLUMNS": columns}
    rendered = subprocess.run(
        [sys.executable, "-c", typer_only], capture_output=True, text=True, env=env
    ).stdout
    assert rendered == ROOT_HELP, "paste this into coachcli/roothelp.py:\n" + rendered


@pytest.mark.parametrize(("columns", "uses_typer"), [("100", False), ("60", True)])
def test_coach_help_skips_typer_on_terminals_wide_enough(columns: str, uses_typer: bool) -> None:
    import os
    import subprocess
    import sys

    probe = (
        "import sys; sys.argv = ['coach', '--help']\n"
        "from coachcli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('typer' in sys.modules, file=sys.stderr)"
    )
    env = os.environ | {"COLUMNS": columns}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.stderr.strip() == str(uses_typer)
    assert done.stdout.startswith("Usage: coach [OPTIONS] COMMAND [ARGS]...")
