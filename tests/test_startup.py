"""Start-up stays light: `--version` and `--help` import only what they need, and every command
documents itself (help text with an example) and is described in the manual.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from coachcli import __version__
from coachcli.app import app

REPO = Path(__file__).resolve().parent.parent

# Runs coach's entry point in a fresh interpreter, then reports which modules were imported.
PROBE = """
import json, sys
sys.argv = ["coach", *json.loads(sys.argv[1])]
from coachcli.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported_by(*args: str) -> tuple[str, set[str]]:
    """(stdout, top-level modules imported) of `coach ARGS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    line = done.stderr.rsplit("MODULES ", 1)[-1]
    return done.stdout, {name.split(".")[0] for name in json.loads(line)}


@pytest.mark.slow
def test_version_prints_the_version_without_importing_typer_rich_or_pydantic() -> None:
    stdout, modules = imported_by("--version")
    assert stdout == f"coach {__version__}\n"
    assert modules.isdisjoint({"typer", "click", "rich", "pydantic", "yaml", "tinydb"})


@pytest.mark.slow
def test_help_imports_no_pydantic_yaml_tinydb_questionary_or_icalendar() -> None:
    stdout, modules = imported_by("--help")
    assert "Usage:" in stdout and "rep" in stdout
    heavy = {"pydantic", "yaml", "tinydb", "questionary", "icalendar", "prompt_toolkit"}
    assert modules.isdisjoint(heavy), sorted(modules & heavy)


@pytest.mark.slow
@pytest.mark.parametrize("group", ["rep", "plan", "session", "commit", "bank", "metrics"])
def test_group_help_imports_nothing_heavy(group: str) -> None:
    stdout, modules = imported_by(group, "--help")
    assert "Usage:" in stdout
    heavy = {"pydantic", "yaml", "tinydb", "questionary", "icalendar", "prompt_toolkit"}
    assert modules.isdisjoint(heavy), sorted(modules & heavy)


@pytest.mark.slow
def test_python_dash_m_coachcli_answers_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coachcli", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"coach {__version__}\n"


def is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def commands() -> Iterator[tuple[str, Any]]:
    """Every command and group below `coach`, as ("rep add", command)."""
    root = typer.main.get_command(app)

    def walk(prefix: str, command: Any) -> Iterator[tuple[str, Any]]:
        if is_group(command):
            ctx = typer.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                path = f"{prefix} {name}".strip()
                yield path, sub
                yield from walk(path, sub)

    yield from walk("", root)


COMMANDS = list(commands())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_text_and_leaf_commands_an_example(path: str, command: Any) -> None:
    text = (command.help or "").strip()
    assert text, f"`coach {path}` has no help text"
    assert "being built" not in text, f"`coach {path}` still has placeholder help"
    if not is_group(command):
        assert f"Example: coach {path}" in text, f"`coach {path}` has no `Example: coach {path}`"
