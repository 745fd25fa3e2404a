"""Erasing one rep from a store's tables and from its backups (`coach rep forget`).

Every record that belongs to a rep carries their slug in a `rep` field (the roster entry is
keyed by it), so records are found by that id, table by table: tables added later (scores,
preps, calls) are covered without changes here. A table whose bytes never mention the slug
is left as it was read (not even parsed), and the others are read for their `rep` field
alone, so a 300-rep home is scrubbed in seconds. The rep's name in other reps' calls (a
speaker of a joint call) becomes "other".
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from coachcli.core.talk import match_person
from coachcli.store import lazy
from coachcli.store.files import atomic_write

Data = dict[str, Any]
ROSTER = "reps"
CALLS = "calls"
SKIP = ("meta",)
OTHER = "other"


class _Damaged(Exception):
    """A table of a backup that is not JSON."""


def _rows(data: Data, name: str) -> dict[str, Any]:
    table = data.rows(name) if isinstance(data, lazy.LazyTables) else data.get(name)
    return table if isinstance(table, dict) else {}


def _mentions(data: Data, name: str, needle: bytes) -> bool:
    """False when the table surely does not hold `needle` (its bytes, never parsed)."""
    if isinstance(data, lazy.LazyTables) and data.unparsed(name):
        return needle in bytes(data.raw[name])  # a memoryview has no substring search
    return True


def table_keys(data: Data, name: str) -> list[str]:
    return list(_rows(data, name)) if name in data else []


def roster_doc(data: Data, slug: str) -> dict[str, Any] | None:
    """The rep's roster entry, or None."""
    value = _rows(data, ROSTER).get(slug) if ROSTER in data else None
    return None if value is None else _doc(value)


def rep_keys(data: Data, name: str, slug: str) -> list[str]:
    """Keys of the records of table `name` that belong to the rep `slug`."""
    if name not in data or name in SKIP or not _mentions(data, name, slug.encode()):
        return []
    rows = _rows(data, name)
    if name == ROSTER:
        return [slug] if slug in rows else []
    lean = data.lean(name, ("rep",)) if isinstance(data, lazy.LazyTables) else None
    if lean is not None:
        return [key for key, row in lean.items() if row.f0 == slug]
    return [key for key, value in rows.items() if _doc(value).get("rep") == slug]


def _doc(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        return lazy.doc(value)
    except (ValueError, TypeError):
        return {}


def erase_rep(data: Data, slug: str, names: Sequence[str]) -> tuple[int, int]:
    """Remove the rep's records from `data` in place and their name from other reps' calls.

    Returns (records removed, calls renamed); (0, 0) means `data` is unchanged.
    """
    erased = 0
    for name in list(data):
        gone = rep_keys(data, name, slug)
        if gone:
            rows = _rows(data, name)
            for key in gone:
                del rows[key]
            erased += len(gone)
    return erased, _rename_speakers(data, names)


def _rename_speakers(data: Data, names: Sequence[str]) -> int:
    """Other reps' calls name the rep as a speaker: the name becomes "other"."""
    wanted = [n for n in names if n.strip()]
    if CALLS not in data or not wanted:
        return 0
    rows = _rows(data, CALLS)
    renamed = 0
    for key, value in list(rows.items()):
        doc = _doc(value)
        speakers = doc.get("speakers")
        if not isinstance(speakers, list):
            continue
        said = [s.get("name") for s in speakers if isinstance(s, dict)]
        found = match_person([s for s in said if isinstance(s, str)], wanted)
        if found is None:
            continue
        doc = dict(doc)
        doc["speakers"] = [
            {**s, "name": OTHER} if isinstance(s, dict) and s.get("name") == found else s
            for s in speakers
        ]
        rows[key] = doc
        renamed += 1
    return renamed


def _decode_table(raw: memoryview) -> Any:
    import msgspec

    try:
        table = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        raise _Damaged from None
    if not isinstance(table, dict):
        raise _Damaged
    return table


def _open(raw: bytes) -> Data | None:
    """A backup's tables (one per line, parsed when used), or None when it is no store."""
    import msgspec

    tables = lazy.split(raw)
    if tables is not None:
        return lazy.LazyTables(tables, _decode_table)
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None
    return data if isinstance(data, dict) else None


def scrub_backup(
    path: Path, slug: str, names: Sequence[str]
) -> Literal["rewritten", "dropped", "kept"]:
    """Rewrite the backup at `path` without the rep (atomically); one that cannot be read
    but holds their slug is deleted."""
    try:
        raw = path.read_bytes()
    except OSError:
        return "kept"
    data = _open(raw)
    try:
        changed = data is not None and any(erase_rep(data, slug, names))
    except _Damaged:
        data = None
        changed = False
    if data is None:
        if slug.encode() not in raw:
            return "kept"
        with contextlib.suppress(OSError):
            path.unlink()
        return "dropped"
    if not changed:
        return "kept"
    atomic_write(path, lazy.encode(data))
    return "rewritten"
