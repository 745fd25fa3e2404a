"""The environment of one invocation: the global options (`--home`, `--debug`).

The root callback (`app.main_options`) builds one `Env` and keeps it in Typer's context as
`ctx.obj`; commands read it through `current()`. Nothing is kept in a module-level global,
so two invocations in one process (tests, a wrapper) never see each other's options.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Env:
    home_flag: str | None = None
    debug: bool = False

    def home(self) -> Path:
        """The data home: `--home`, else `$COACH_HOME`, else the platform's data dir."""
        from coachcli.services.home import resolve_home

        return resolve_home(self.home_flag)


def current() -> Env:
    """The Env of the running command; the defaults outside one (a library caller)."""
    from coachcli.typer_private import get_current_context

    ctx = get_current_context(silent=True)
    found = ctx.find_object(Env) if ctx is not None else None
    return found if found is not None else Env()
