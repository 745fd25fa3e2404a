"""Optional parts of coach that need an extra's packages (`pip install 'coachcli[org]'`).

The manager's install stays lean: the VP's commands (`coach org`, `coach report`) need
DuckDB, sqlglot and matplotlib, which only the `org` extra brings. The check looks the
packages up without importing them, so it costs nothing on the commands that pass it.
"""

from __future__ import annotations

import importlib.util

from coachcli.errors import CoachError

EXTRAS: dict[str, tuple[str, ...]] = {"org": ("duckdb", "sqlglot", "matplotlib")}


def missing(extra: str) -> list[str]:
    """The packages of `extra` that this Python cannot import."""
    return [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]


def require(extra: str, command: str) -> None:
    """Refuse `command` in one line that says how to install what it needs."""
    absent = missing(extra)
    if absent:
        raise CoachError(
            f"{command} needs the '{extra}' extra ({', '.join(absent)} not installed)",
            hint=f"install it with: python -m pip install 'coachcli[{extra}]'",
        )
