"""Which home coach uses, and the bank directories that come with it.

Read at call time (never at import) so tests and wrappers can point coach anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Ready:
    """What `init_home` found or made: the home, its config file and its store."""

    home: Path
    config: Path
    created_config: bool
    store: Path
    created_store: bool


def init_home(home: Path) -> Ready:
    """Create the home, a commented config.yaml and an empty store; keep what exists.

    An existing config is validated and an existing store read, so a broken one is reported
    instead of being called ready.
    """
    from coachcli.inputs.config import DEFAULT_CONFIG_TEXT
    from coachcli.services.config import load_config
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import CONFIG_NAME, ensure_dir
    from coachcli.store.repository import Store

    where = ensure_dir(home)
    config = where / CONFIG_NAME
    if config.exists():
        load_config(where)  # an existing config is kept, but a broken one is reported
        created_config = False
    else:
        try:
            atomic_write(config, DEFAULT_CONFIG_TEXT.encode("utf-8"), overwrite=False)
            created_config = True
        except FileExistsError:
            created_config = False
    store = Store(where)
    created_store = not store.exists()
    if created_store:
        with store.write():
            pass
    else:
        store.read()  # refuse to call a corrupt store "ready"
    return Ready(where, config, created_config, store.path, created_store)
