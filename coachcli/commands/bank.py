"""`coach bank ...` (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="bank commands.", no_args_is_help=True)
