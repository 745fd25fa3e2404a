"""What commands read from config.yaml, without paying for YAML and pydantic on every run.

`config.Config` validates the file; the validated values are cached beside it, so the Monday
`plan week` (and a `stats` rollup reading many homes) skip ~0.1 s of imports while the file is
unchanged. Anything that needs the full model uses `config.load_config`.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.rules import MIN_SAMPLE
from coachcli.errors import CoachError
from coachcli.inputs.bounded import YAML_CAP
from coachcli.store.paths import CONFIG_NAME

if TYPE_CHECKING:
    from datetime import tzinfo

    from coachcli.core.scheduler import WorkWeek
    from coachcli.inputs.config import Config

CACHE_NAME = ".config-cache.json"


def config_values(home: Path, *, write_cache: bool = True) -> dict[str, Any]:
    """The validated config as plain values, without importing YAML or pydantic when the file
    is unchanged since it was last validated.

    The first read after config.yaml changes validates it with `Config` (so errors are
    reported as usual) and caches the result in `<home>/.config-cache.json`, keyed by the
    file's hash and coach's version. The Monday `plan week` thus skips ~0.1 s of imports.
    `write_cache=False` for homes coach only reads (another manager's, in `stats --store`).
    """
    import hashlib
    import json

    from coachcli import __version__

    path = home / CONFIG_NAME
    raw = _read_or_none(path)
    key = f"{__version__}:{hashlib.sha256(raw or b'').hexdigest()}"
    cache = home / CACHE_NAME
    try:
        cached = json.loads(cache.read_bytes())
        if isinstance(cached, dict) and cached.get("key") == key:
            return dict(cached["values"])
    except (OSError, ValueError, KeyError):
        pass
    from coachcli.store.files import atomic_write

    values = load_config(home).model_dump(mode="json")
    if write_cache and _read_or_none(path) == raw:
        # A read-only home still works, just without the shortcut.
        with contextlib.suppress(CoachError, OSError):
            atomic_write(cache, json.dumps({"key": key, "values": values}).encode("utf-8"))
    return values


def _read_or_none(path: Path) -> bytes | None:
    from coachcli.inputs.bounded import read_bounded

    if not path.exists() and not path.is_symlink():
        return None
    return read_bounded(path, YAML_CAP, "config file")


class Settings:
    """The working week and identity the planner needs, from the validated config."""

    def __init__(self, values: dict[str, Any]) -> None:
        from coachcli.core.scheduler import work_week

        lunch = values.get("lunch")
        self.ww: WorkWeek = work_week(
            working_days=values["working_days"],
            working_hours=(values["working_hours"]["start"], values["working_hours"]["end"]),
            lunch=(lunch["start"], lunch["end"]) if lunch else None,
            session_minutes=values["session_minutes"],
            max_sessions_per_day=values["max_sessions_per_day"],
        )
        self.timezone: str | None = values.get("timezone")
        self.manager: str = values.get("manager") or ""
        self.ww = dataclasses.replace(self.ww, zone=self.zone())

    def zone(self) -> tzinfo | None:
        """The manager's zone: config.timezone, else this machine's (None: not known)."""
        if not self.timezone:
            return machine_zone()
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CoachError(
                f"unknown time zone {self.timezone!r} in config.yaml",
                hint="use an IANA name like Europe/Berlin, or remove the timezone line",
            ) from None


def load_config(home: Path) -> Config:
    """The validated config of `home` (full model); defaults when there is no config file."""
    from coachcli.inputs.config import read_config

    return read_config(home / CONFIG_NAME)


@dataclasses.dataclass(frozen=True)
class FunnelValues:
    """The funnel and working days from the cached config: what goal pacing reads
    (core.ports.FunnelSettings), without YAML or pydantic while config.yaml is unchanged."""

    funnel: list[str]
    working_days: list[str]
    min_sample: int = MIN_SAMPLE


def funnel_values(home: Path) -> FunnelValues:
    values = config_values(home)
    return FunnelValues(
        list(values["funnel"]),
        list(values["working_days"]),
        int(values.get("min_sample") or MIN_SAMPLE),
    )


def load_settings(home: Path) -> Settings:
    return Settings(config_values(home))


def machine_zone() -> tzinfo | None:
    """This machine's time zone with its daylight-saving rules: $TZ, else /etc/localtime."""
    import os
    from zoneinfo import ZoneInfo

    names = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        link = os.readlink("/etc/localtime")
        names.append(link.partition("zoneinfo/")[2])
    for name in names:
        if name:
            with contextlib.suppress(Exception):  # ZoneInfo raises several kinds on odd names
                return ZoneInfo(name)
    with contextlib.suppress(Exception), open("/etc/localtime", "rb") as handle:
        return ZoneInfo.from_file(handle, key="localtime")
    return None
