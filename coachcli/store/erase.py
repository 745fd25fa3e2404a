"""Erasing one rep from a store's data, its files and its backups (`coach rep forget`).

Every record that belongs to a rep carries their slug in a `rep` field (the roster entry is
keyed by it), so erasure is by table scan: tables added later (scores, preps, calls) are
covered without changes here.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from coachcli.store.drafts import DRAFT_DIR
from coachcli.store.files import atomic_write
from coachcli.store.paths import STORE_NAME
from coachcli.store.repository import BODY_DIR
from coachcli.store.storage import StoreFile

Data = dict[str, Any]
ROSTER = "reps"
SESSIONS = "sessions"


def _belongs(table: str, key: str, doc: Any, slug: str) -> bool:
    if table == ROSTER:
        return key == slug
    return isinstance(doc, dict) and doc.get("rep") == slug


def holds_rep(data: Data, slug: str) -> bool:
    return any(
        _belongs(name, key, doc, slug)
        for name, table in data.items()
        if isinstance(table, dict)
        for key, doc in table.items()
    )


def erase_from_data(data: Data, slug: str) -> list[str]:
    """Remove the rep's records from `data` in place; returns the ids of their sessions."""
    sessions: list[str] = []
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        gone = [key for key, doc in table.items() if _belongs(name, key, doc, slug)]
        if name == SESSIONS:
            sessions += gone
        for key in gone:
            del table[key]
    return sessions


def rep_files(home: Path, slug: str, session_ids: list[str]) -> list[Path]:
    """The rep's files outside the store: session bodies, draft, and any per-rep file
    (`<dir>/<slug>.<ext>`) another feature keeps under the home, backups aside."""
    found = [home / BODY_DIR / f"{sid}.json" for sid in session_ids]
    found.append(home / DRAFT_DIR / f"{slug}.json")
    with contextlib.suppress(OSError):
        for path in home.rglob(f"{slug}.*"):
            if "backups" not in path.relative_to(home).parts[:1]:
                found.append(path)
    return [p for p in dict.fromkeys(found) if p.is_file() or p.is_symlink()]


def scrub_backups(backups: list[Path], slug: str) -> tuple[int, int]:
    """Rewrite each backup holding the rep without them; drop one that cannot be read.

    Returns (rewritten, dropped).
    """
    rewritten = dropped = 0
    for path in backups:
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except (OSError, ValueError):
            if slug.encode() in _safe_read(path):
                with contextlib.suppress(OSError):
                    path.unlink()
                    dropped += 1
            continue
        if not isinstance(data, dict) or not holds_rep(data, slug):
            continue
        erase_from_data(data, slug)
        atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        rewritten += 1
    return rewritten, dropped


def _safe_read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def remove_files(paths: list[Path]) -> int:
    removed = 0
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            removed += 1
    return removed


def fresh_backup(store: StoreFile) -> None:
    """A backup of the store as it is now (after the erasure)."""
    current = store.read_raw()
    if current is not None:
        store._backup(current)


def store_path(home: Path) -> Path:
    return home / STORE_NAME
