"""Question banks (placeholder until the bank loader lands): only bank ids are known."""

from __future__ import annotations

from pathlib import Path

from coachcli.errors import CoachError


def require_bank(home: Path, bank_id: str) -> None:
    from importlib.resources import files

    shipped = {p.name.removesuffix(".yaml") for p in files("coachcli.question_banks").iterdir()}
    user = {p.stem for p in (home / "banks").glob("*.yaml")}
    if bank_id not in shipped | user:
        raise CoachError(f"unknown bank {bank_id!r}", hint="see `coach bank list`")
