"""Completion callbacks for Typer arguments: `autocompletion=complete_rep` and friends.

Each one resolves the home (`--home` is not parsed yet while completing, so `$COACH_HOME`
or the platform dir) and reads the store without a lock.
"""

from __future__ import annotations

from pathlib import Path


def _home() -> Path:
    from coachcli.store.paths import resolve_home

    return resolve_home(None)


def rep_refs(incomplete: str) -> list[str]:
    from coachcli.services.completion import rep_refs as values

    return values(_home(), incomplete)


def session_ids(incomplete: str) -> list[str]:
    from coachcli.services.completion import session_ids as values

    return values(_home(), incomplete)


def commitment_ids(incomplete: str) -> list[str]:
    from coachcli.services.completion import commitment_ids as values

    return values(_home(), incomplete)


def bank_ids(incomplete: str) -> list[str]:
    from coachcli.services.completion import bank_ids as values

    return values(_home(), incomplete)


def scorecard_ids(incomplete: str) -> list[str]:
    from coachcli.services.completion import scorecard_ids as values

    return values(_home(), incomplete)
