"""Completion callbacks for Typer arguments: `autocompletion=complete_rep` and friends.

Each one resolves the home (`--home` is not parsed yet while completing, so `$COACH_HOME`
or the platform dir) and reads the store without a lock.
"""

from __future__ import annotations

from pathlib import Path


def _home() -> Path:
    from coachcli.services.home import resolve_home

    return resolve_home(None)


def rep_refs(incomplete: str) -> list[str]:
    """Slugs, then names; bash would split a name with a space, so it gets slugs only."""
    import os

    from coachcli.services.completion import rep_refs as values

    found = values(_home(), incomplete)
    if os.environ.get("_COACH_COMPLETE", "").endswith("bash"):
        found = [v for v in found if " " not in v]
    return found


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
