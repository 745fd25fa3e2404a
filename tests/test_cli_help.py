"""The manual cannot drift: every command has help with an example, and the root help
(served from a static table so `coach --help` imports no command module) matches it."""

from __future__ import annotations

from typing import Any

import pytest

from coachcli.app import COMMANDS, load_command
from tests.conftest import REPO, ok


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
def test_every_command_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    readme = (REPO / "README.md").read_text()
    assert f"coach {' '.join(path)}" in readme, f"README does not show `coach {' '.join(path)}`"
