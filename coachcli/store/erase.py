"""Erasing one rep from a store's tables and from its backups (`coach rep forget`).

Every record that belongs to a rep carries their slug in a `rep` field (the roster entry is
keyed by it), so records are found by that id, table by table: tables added later (scores,
preps, calls) are covered without changes here. The rep's name in other reps' calls (a
speaker of a joint call) becomes "other".

A 300-rep home holds six copies of a 90 MB store (the store and five backups). A `Scrubber`
works on a table's bytes: one whose bytes never mention the slug is kept as it is (never
parsed); the others are read for their `rep` field alone (in C) and re-encoded without the
rep's records. Successive backups share most of their tables, so each result is remembered by
the table's digest and every distinct table is scrubbed once.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import msgspec

from coachcli.core.talk import match_person
from coachcli.store import lazy
from coachcli.store.files import atomic_write, link_over

Data = dict[str, Any]
ROSTER = "reps"
CALLS = "calls"
SKIP = ("meta",)
OTHER = "other"
_RAW_ROWS = dict[str, msgspec.Raw]


class Damaged(Exception):
    """A table of a backup that is not a JSON object."""


def _rows(data: Data, name: str) -> dict[str, Any]:
    table = data.rows(name) if isinstance(data, lazy.LazyTables) else data.get(name)
    return table if isinstance(table, dict) else {}


def table_keys(data: Data, name: str) -> list[str]:
    return list(_rows(data, name)) if name in data else []


def roster_doc(data: Data, slug: str) -> dict[str, Any] | None:
    """The rep's roster entry, or None."""
    value = _rows(data, ROSTER).get(slug) if ROSTER in data else None
    return None if value is None else _doc(value)


def rep_keys(data: Data, name: str, slug: str) -> list[str]:
    """Keys of the records of table `name` that belong to the rep `slug`."""
    if name not in data or name in SKIP:
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


def rename_speakers(rows: dict[str, Any], names: Sequence[str]) -> int:
    """Calls (`rows`, by id) naming the person known by `names` as a speaker: the name
    becomes "other" (matched as `coach call add` matches a rep). Returns how many changed."""
    wanted = [n for n in names if n.strip()]
    renamed = 0
    for key, value in list(rows.items()) if wanted else []:
        doc = _doc(value)
        speakers = doc.get("speakers")
        if not isinstance(speakers, list):
            continue
        said = [s.get("name") for s in speakers if isinstance(s, dict)]
        found = match_person([s for s in said if isinstance(s, str)], wanted)
        if found is None:
            continue
        rows[key] = doc | {
            "speakers": [
                {**s, "name": OTHER} if isinstance(s, dict) and s.get("name") == found else s
                for s in speakers
            ]
        }
        renamed += 1
    return renamed


class Scrubber:
    """Takes the rep `slug` (known by `names`) out of tables given as JSON bytes."""

    def __init__(self, slug: str, names: Sequence[str]) -> None:
        self.slug = slug
        self.names = list(names)
        self.renamed = 0
        self._needle = re.compile(re.escape(slug.encode()))  # searches a view, no copy
        self.store: tuple[Path, bytes] | None = None  # the store's path and sha256, once
        self._seen: dict[tuple[str, bytes], bytes | None] = {}
        self._before: dict[tuple[str, bytes], bytes | None] = {}

    def next_file(self) -> None:
        """Remember only the last file's tables (memory stays at about one store)."""
        self._before, self._seen = self._seen, {}

    def table(self, name: str, raw: memoryview | bytes) -> bytes | None:
        """The table's bytes without the rep, or None when it holds nothing of theirs."""
        key = (name, hashlib.sha256(raw).digest())  # sha256: the fastest safe one here
        if key in self._seen or key in self._before:
            out = self._seen[key] if key in self._seen else self._before[key]
        else:
            out = self._scrub(name, raw)
        self._seen[key] = out
        return out

    def _scrub(self, name: str, raw: memoryview | bytes) -> bytes | None:
        if name in SKIP or (name != CALLS and self._needle.search(raw) is None):
            return None
        try:
            gone = self._keys(name, raw)
            rows = msgspec.json.decode(raw, type=_RAW_ROWS) if gone or name == CALLS else {}
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise Damaged from None
        for key in gone:
            rows.pop(key, None)
        renamed = rename_speakers(rows, self.names) if name == CALLS else 0
        self.renamed += renamed
        return msgspec.json.encode(rows) if gone or renamed else None

    def _keys(self, name: str, raw: memoryview | bytes) -> list[str]:
        if name == ROSTER:
            roster = msgspec.json.decode(raw, type=_RAW_ROWS)
            return [self.slug] if self.slug in roster else []
        kind: Any = dict[str, lazy.shape(("rep",))]  # type: ignore[misc]
        try:
            lean = msgspec.json.decode(raw, type=kind)
        except msgspec.ValidationError:  # a record that is no object: look at each
            rows = msgspec.json.decode(raw, type=_RAW_ROWS)
            return [key for key, value in rows.items() if _doc(value).get("rep") == self.slug]
        return [key for key, row in lean.items() if row.f0 == self.slug]

    def data(self, data: Data) -> bool:
        """Scrub a store's tables in place; True when anything changed."""
        changed = False
        for name in list(data):
            if isinstance(data, lazy.LazyTables) and data.unparsed(name):
                out = self.table(name, data.raw[name])
                if out is not None:
                    data.replace_raw(name, out)
                    changed = True
                continue
            rows = _rows(data, name)
            for key in rep_keys(data, name, self.slug):
                del rows[key]
                changed = True
            if name == CALLS:
                renamed = rename_speakers(rows, self.names)
                self.renamed += renamed
                changed = changed or bool(renamed)
        return changed


def _decode_table(raw: memoryview) -> Any:
    try:
        table = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        raise Damaged from None
    if not isinstance(table, dict):
        raise Damaged
    return table


def _open(raw: Any) -> Data | None:
    """A backup's tables (one per line, parsed when used), or None when it is no store."""
    tables = lazy.split(raw)
    if tables is not None:
        return lazy.LazyTables(tables, _decode_table)
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None
    return data if isinstance(data, dict) else None


def scrub_backup(path: Path, scrubber: Scrubber) -> Literal["rewritten", "dropped", "kept"]:
    """Rewrite the backup at `path` without the rep (atomically); one that cannot be read
    but holds their slug is deleted."""
    scrubber.next_file()
    try:
        with path.open("rb") as handle:
            # Mapped, not read: the unchanged tables go from the page cache to the new file.
            raw: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except ValueError:  # an empty file cannot be mapped
        return "kept"
    except OSError:
        return "kept"
    try:
        return _scrub_mapped(path, raw, scrubber)
    finally:
        with contextlib.suppress(BufferError):
            raw.close()


def _scrub_mapped(
    path: Path, raw: Any, scrubber: Scrubber
) -> Literal["rewritten", "dropped", "kept"]:
    data = _open(raw)
    try:
        changed = data is not None and scrubber.data(data)
    except Damaged:
        data, changed = None, False
    if data is None:
        if raw.find(scrubber.slug.encode()) < 0:
            return "kept"
        with contextlib.suppress(OSError):
            path.unlink()
        return "dropped"
    if changed and not _same_as_store(path, data, scrubber):
        atomic_write(path, lazy.encode(data))
    return "rewritten" if changed else "kept"


def _same_as_store(path: Path, data: Data, scrubber: Scrubber) -> bool:
    """The newest backup, once scrubbed, is the store as forget just wrote it: link it to
    the store's file instead of writing the same 90 MB again. True when so linked."""
    if scrubber.store is None:
        return False
    digest = hashlib.sha256()
    for chunk in lazy.encode(data):
        digest.update(chunk)
    store, wanted = scrubber.store
    return digest.digest() == wanted and link_over(store, path)


def file_digest(path: Path) -> bytes | None:
    """The sha256 of the file at `path`, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return None
