"""Schema versions of the store, and the steps that bring an older store up to date.

A migration runs in memory when a store is read; the migrated data is written (after the usual
backup of the old file) on the next write, so an older store is never changed by a read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
META_TABLE = "meta"
META_KEY = "schema"

Data = dict[str, Any]

# MIGRATIONS[n] turns a version-n store into version n+1.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {}


def version_of(data: Data) -> int:
    """Stores written before versions existed (no meta table) count as version 0."""
    meta = data.get(META_TABLE, {}).get(META_KEY)
    if isinstance(meta, dict) and isinstance(meta.get("version"), int):
        return int(meta["version"])
    return 0 if data else SCHEMA_VERSION


def _from_0(data: Data) -> Data:
    """Version 0 had no meta table; the records are unchanged."""
    return data


MIGRATIONS[0] = _from_0


def migrate(data: Data) -> tuple[Data, bool]:
    """Bring `data` to SCHEMA_VERSION; returns the data and whether anything changed."""
    version = version_of(data)
    changed = False
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        changed = True
    data.setdefault(META_TABLE, {})[META_KEY] = {"version": SCHEMA_VERSION}
    return data, changed
