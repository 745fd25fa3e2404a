"""Which home coach uses, and the bank directories that come with it.

Read at call time (never at import) so tests and wrappers can point coach anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "COACH_HOME"
BANKS_ENV = "COACH_BANKS"  # more bank directories, separated like PATH


def resolve_home(flag: str | os.PathLike[str] | None = None) -> Path:
    """The data home, in this order: `--home` flag, `$COACH_HOME`, the platform data dir.

    Read at call time (never at import) so tests and wrappers can point coach anywhere.
    """
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coach", appauthor=False))


def extra_bank_dirs(home: Path) -> list[Path]:
    """User bank directories: `<home>/banks` then each entry of `$COACH_BANKS`."""
    dirs = [home / "banks"]
    for part in os.environ.get(BANKS_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    return dirs
