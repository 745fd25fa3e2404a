"""Global options of one invocation (`--home`, `--debug`), set by the app's callback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Globals:
    home_flag: str | None = None
    debug: bool = False

    def home(self) -> Path:
        from coachcli.services.home import resolve_home

        return resolve_home(self.home_flag)


GLOBALS = Globals()
