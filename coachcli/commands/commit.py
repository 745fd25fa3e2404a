"""`coach commit ...` (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="commit commands.", no_args_is_help=True)
