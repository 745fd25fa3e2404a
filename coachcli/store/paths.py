"""The layout of a coach home (file names) and the private directories it is made of.

Which home to use (`--home`, `$COACH_HOME`, the platform dir) is `coachcli.services.home`.
"""

from __future__ import annotations

import os
from pathlib import Path

from coachcli.errors import CoachError, StoreError

STORE_NAME = "coach.json"
CONFIG_NAME = "config.yaml"
BODY_DIR = "sessions"  # one body file per session: `<home>/sessions/<id>.json`
DIR_MODE = 0o700


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
    except (FileExistsError, NotADirectoryError) as exc:
        raise StoreError(
            f"cannot use {path} as a directory: it, or a directory above it, is a file",
            hint="choose a coach home with --home DIR or COACH_HOME",
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from exc
    if not path.is_dir():
        raise CoachError(f"{path} exists and is not a directory")
    return path
