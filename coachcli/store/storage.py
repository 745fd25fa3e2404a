"""The store file: validated reads, locked atomic writes, rotating backups.

This module and `repository` are the only code that touches TinyDB. TinyDB works on an
in-memory copy of the file (`MemoryStorage`); a write transaction holds an exclusive lock on
`coach.lock`, reads the file afresh, backs it up, lets the caller change the copy, and writes
it back once, atomically, when the transaction ends without an error.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from coachcli.errors import StoreError
from coachcli.store import lazy, migrations
from coachcli.store.files import atomic_write, fsync_dir, remove_stale_temps, store_error
from coachcli.store.paths import ensure_dir

LOCK_NAME = "coach.lock"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 5
LOCK_TIMEOUT_ENV = "COACH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 5.0

Data = dict[str, Any]


class KeyedTable(Table):
    """A TinyDB table whose document ids are our own string keys (slug, `s-…`, `c-…`)."""

    # tinydb leaves this unannotated, so it is inferred as type[int]; any id class is allowed.
    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:  # pragma: no cover - we always give ids
        raise TypeError("documents in coach tables always carry their own key")


class MemoryStorage(Storage):
    """TinyDB storage over a dict held in memory; the store decides when it reaches disk."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> Data | None:
        return self.data

    def write(self, data: Data) -> None:
        self.data = data
        self.dirty = True


def open_db(data: Data) -> TinyDB:
    db = TinyDB(storage=MemoryStorage, data=data)
    db.table_class = KeyedTable
    return db


class StoreFile:
    """One store file on disk (`coach.json`), possibly reached through a symlink."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def backup_dir(self) -> Path:
        return Path(os.path.realpath(self.path)).parent / BACKUP_DIR

    def backups(self) -> list[Path]:
        """Backups of this store, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("coach-*.json"), reverse=True)

    def read_raw(self) -> bytes | None:
        """The store's bytes, or None when there is no store yet."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except PermissionError as exc:
            raise StoreError(f"cannot read the store {self.path}: permission denied") from exc
        except IsADirectoryError as exc:
            raise StoreError(f"the store {self.path} is a directory, not a file") from exc
        except NotADirectoryError as exc:  # the home, or a directory above it, is a file
            raise StoreError(
                f"cannot read the store {self.path}: {self.path.parent} is not a directory",
                hint="choose a coach home with --home DIR or COACH_HOME",
            ) from exc

    def load(self, raw: bytes | None = None, *, have_raw: bool = False) -> tuple[Data, bool]:
        """The stored data (migrated in memory) and whether a migration is pending.

        A missing file is an empty store; an empty, truncated or non-JSON one is an error
        that leaves the file exactly as it is. Pass `raw` when the bytes were already read.
        """
        if not have_raw:
            raw = self.read_raw()
        if raw is None:
            return migrations.migrate({})[0], False
        data = self._parse(raw)
        version = migrations.version_of(data)
        if version > migrations.SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer coach (schema {version})",
                hint="upgrade coach to read it; nothing was changed",
            )
        return migrations.migrate(data)

    def _parse(self, raw: bytes) -> Data:
        import msgspec  # parses the store about three times faster than json

        tables = lazy.split(raw)
        if tables is not None:  # one table per line: each is parsed when first used
            return lazy.LazyTables(tables, self._table)
        problem: str | None = None
        data: Any = None
        try:
            data = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            problem = _json_problem(raw)
        if problem is None and (
            not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values())
        ):
            problem = "does not hold coach tables"
        if problem is None:
            return data  # type: ignore[no-any-return]
        backups = self.backups()
        if backups:
            newest = backups[0]
            hint = (
                f"it was left untouched; the newest backup is {newest} "
                f"(restore: cp '{newest}' '{self.path}')"
            )
        else:
            hint = "it was left untouched; no backup exists yet"
        raise StoreError(f"the store {self.path} {problem}", hint=hint)

    def _table(self, raw: memoryview) -> dict[str, Any]:
        """One table of a store laid out one table per line (see `lazy`)."""
        import msgspec

        try:
            table = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            table = None
        if isinstance(table, dict):
            return table
        raise StoreError(
            f"the store {self.path} is not valid JSON (a table is damaged)",
            hint=self._restore_hint(),
        )

    def _restore_hint(self) -> str:
        backups = self.backups()
        if backups:
            newest = backups[0]
            return (
                f"it was left untouched; the newest backup is {newest} "
                f"(restore: cp '{newest}' '{self.path}')"
            )
        return "it was left untouched; no backup exists yet"

    def save(self, data: Data, previous: bytes | None) -> None:
        """Back up `previous` (the bytes replaced) and write `data` atomically."""
        if previous is not None:
            self._backup(previous)
        atomic_write(self.path, lazy.encode(data))

    def _backup(self, previous: bytes) -> None:
        """Keep the file about to be replaced: a hard link to it (no copy), else a copy."""
        ensure_dir(self.backup_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.backup_dir / f"coach-{stamp}.json"
        try:
            # The rename in atomic_write gives the store a new inode; the old one lives on
            # under this name. Same bytes, same 0600 mode, and nothing to write or fsync.
            os.link(os.path.realpath(self.path), target)
        except OSError:
            atomic_write(target, previous)
        else:
            try:
                fsync_dir(self.backup_dir)
            except OSError as exc:
                raise store_error(exc, self.backup_dir) from exc
        for old in self.backups()[KEEP_BACKUPS:]:
            with contextlib.suppress(OSError):
                old.unlink()


def _json_problem(raw: bytes) -> str:
    """What is wrong with bytes that are not a JSON document, worded for the user."""
    if not raw.strip():
        return "is empty"
    try:
        json.loads(raw)
    except UnicodeDecodeError:
        return "is not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"is not valid JSON (line {exc.lineno}, column {exc.colno})"
    return "is not valid JSON"


def lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextlib.contextmanager
def locked(home: Path) -> Iterator[None]:
    """Hold the exclusive write lock of `home` (a lock file, released by the OS on death)."""
    from filelock import FileLock, Timeout  # imported only by commands that write

    lock = FileLock(str(home / LOCK_NAME), timeout=lock_timeout(), mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"the store in {home} is locked by another coach process",
            hint="wait for it to finish and try again",
        ) from None
    except PermissionError as exc:
        raise StoreError(
            f"cannot lock {home / LOCK_NAME}: permission denied",
            hint="check the permissions of the coach home, or use --home DIR",
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot lock {home / LOCK_NAME}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        lock.release()


class Transaction:
    """The state of one write: the data read under the lock and the bytes it replaces."""

    def __init__(self, store: StoreFile) -> None:
        self.store = store
        self.previous = store.read_raw()
        self.data, self.migrated = store.load(self.previous, have_raw=True)
        self.db = open_db(self.data)

    def commit(self) -> None:
        storage = self.db.storage
        assert isinstance(storage, MemoryStorage)
        if not storage.dirty and not self.migrated and self.previous is not None:
            return
        self.store.save(storage.data, self.previous)


@contextlib.contextmanager
def transaction(path: Path, before: Callable[[], None] | None = None) -> Iterator[TinyDB]:
    """Lock the store file at `path` (the lock sits beside it), yield a TinyDB over its data,
    write it back once at the end. `before` runs under the lock before the store is read."""
    home = ensure_dir(path.parent)
    store = StoreFile(path)
    with locked(home):
        if before is not None:
            before()
        remove_stale_temps(
            Path(os.path.realpath(store.path)).parent, Path(os.path.realpath(store.path)).name
        )
        # Backups, too, are written only under the lock: temps there are a killed writer's.
        remove_stale_temps(store.backup_dir, "coach-*.json")
        txn = Transaction(store)
        yield txn.db
        txn.commit()


def snapshot(path: Path) -> TinyDB:
    """A read-only TinyDB over the store at `path`; no lock, never written back."""
    data, _ = StoreFile(path).load()
    return open_db(data)
