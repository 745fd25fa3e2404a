"""`coach metrics ...` (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="metrics commands.", no_args_is_help=True)
goal_app = typer.Typer(help="Weekly activity goals per rep.", no_args_is_help=True)
