"""coach's one use of typer's private, vendored click still matches the installed typer.

Typer 0.28 vendors click as `typer._click`; coach reaches it only through
`coachcli.typer_private`. When a typer upgrade moves or changes these names, this fails
before any user sees a traceback.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from coachcli import typer_private
from coachcli.app import app
from tests.conftest import ok


def test_the_private_names_are_the_ones_typer_itself_uses() -> None:
    command = typer.main.get_command(app)
    assert isinstance(command, TyperGroup)
    context = command.make_context("coach", ["--help"], resilient_parsing=True)
    assert isinstance(context, typer_private.Context)
    assert typer_private.CompletionItem("x").value == "x"


def test_the_running_context_is_found_inside_a_command() -> None:
    probe = typer.Typer()
    seen: list[object] = []

    @probe.command()
    def show() -> None:
        seen.append(typer_private.get_current_context(silent=True))

    assert CliRunner().invoke(probe, []).exit_code == 0
    assert isinstance(seen[0], typer_private.Context)


def test_a_default_subcommand_group_routes_a_rep_to_its_default(team: object) -> None:
    assert "Dana" in ok("prep", "dana", "--today", "2026-11-30").stdout
    assert ok("prep", "--help").stdout.count("import") >= 1
