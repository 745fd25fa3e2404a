"""Removing one record from every backup of the store, so that "removed" means gone.

Each write keeps the file it replaces in `backups/` (storage.StoreFile._backup), so a record
removed from the store lives on in up to KEEP_BACKUPS older copies, the one this very removal
made included. `drop_from_backups` rewrites each backup that holds the record without it
(atomically, 0600, in the store's own layout), under the store's lock.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from coachcli.store import lazy
from coachcli.store.files import atomic_write
from coachcli.store.storage import StoreFile, locked


def drop_from_backups(home: Path, store_path: Path, table: str, key: str) -> int:
    """Rewrite the backups of the store at `store_path` that hold `table[key]` without it;
    returns how many were rewritten. A damaged backup that holds the key is removed."""
    rewritten = 0
    needle = json.dumps(key).encode()
    with locked(home):
        for path in StoreFile(store_path).backups():
            with contextlib.suppress(OSError):
                raw = path.read_bytes()
                if needle not in raw:
                    continue
                try:
                    data = json.loads(raw)
                except ValueError:  # damaged: it cannot be restored, and it holds the key
                    path.unlink()
                    rewritten += 1
                    continue
                rows = data.get(table) if isinstance(data, dict) else None
                if not isinstance(rows, dict) or key not in rows:
                    continue
                del rows[key]
                atomic_write(path, lazy.encode(data))
                rewritten += 1
    return rewritten
