"""Where coach keeps its data, and the permissions that keep it private."""

from __future__ import annotations

import os
from pathlib import Path

from coachcli.errors import CoachError, StoreError

HOME_ENV = "COACH_HOME"
BANKS_ENV = "COACH_BANKS"
STORE_NAME = "coach.json"
CONFIG_NAME = "config.yaml"
DIR_MODE = 0o700
FILE_MODE = 0o600


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


def ensure_dir(path: Path) -> Path:
    """Create `path` (and parents) as a private directory, 0700 whatever the umask."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        if os.name == "posix" and (path.stat().st_mode & 0o777) != DIR_MODE:
            path.chmod(DIR_MODE)
    except PermissionError as exc:
        raise StoreError(
            f"cannot create or use {path}: permission denied",
            hint="choose a writable location with --home DIR or COACH_HOME",
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from exc
    if not path.is_dir():
        raise CoachError(f"{path} exists and is not a directory")
    return path


def extra_bank_dirs(home: Path) -> list[Path]:
    """User bank directories: `<home>/banks` then each entry of `$COACH_BANKS`."""
    dirs = [home / "banks"]
    for part in os.environ.get(BANKS_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    return dirs
