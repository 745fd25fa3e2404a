"""Typed access to the store: the only code that reads or writes TinyDB tables.

`Store(home)` is opened per command. `store.read()` gives a snapshot for read-only commands
(no lock); `with store.write() as repo:` gives a locked transaction written once at its end.
Session bodies (answers, tells, reviews, notes) are kept apart from the index, one small file
per session in `<home>/sessions/`, so the planner, reminders and stats never parse them.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from coachcli.core.models import (
    Call,
    Commitment,
    Goal,
    Metric,
    PlannedSlot,
    Prep,
    Record,
    Rep,
    Score,
    Session,
)
from coachcli.errors import StoreError
from coachcli.store import lazy, migrations, storage
from coachcli.store.drafts import DRAFT_DIR
from coachcli.store.files import atomic_write, remove_stale_temps, sweep_temps
from coachcli.store.paths import BODY_DIR, STORE_NAME, ensure_dir

T = TypeVar("T", bound=Record)

_LEAN: dict[type, Any] = {}  # msgspec decoders of `Store.read_tables`, one per schema


class Table(Generic[T]):
    """One table of records of type `T`, keyed by `record.key()`."""

    def __init__(self, db: TinyDB, name: str, cls: type[T]) -> None:
        self._table = db.table(name)
        self._storage = db.storage
        self._name = name
        self._cls = cls

    def _docs(self) -> dict[str, Any]:
        """The stored documents by key, read straight from the in-memory data.

        Reads skip TinyDB's Document wrapping (a third of `remind`'s time on a large store);
        writes still go through TinyDB. On a store laid out one table per line a document may
        still be its JSON bytes: `lazy.doc` decodes it. Treat the documents as read-only.
        """
        data: dict[str, Any] = self._storage.read() or {}
        if isinstance(data, lazy.LazyTables):
            return data.rows(self._name) if self._name in data else {}
        return data.get(self._name, {})  # type: ignore[no-any-return]

    def all(self) -> list[T]:
        return [self._cls.from_doc(lazy.doc(doc)) for doc in self._docs().values()]

    def where(self, test: Callable[[dict[str, Any]], bool], hint: Any = None) -> list[T]:
        """Records whose stored document passes `test` (cheaper than building them all).

        `hint` (see `lazy.prefilter`), like `{"status": {"open"}}`, lets records still in
        their JSON bytes that surely fail `test` be skipped without decoding them.
        """
        if isinstance(hint, dict) and hint:
            lean = self._lean_keys(hint)
            if lean is not None:
                docs = self._docs()
                found = (lazy.doc(docs[key]) for key in lean)
                return [self._cls.from_doc(doc) for doc in found if test(doc)]
        prefilter = lazy.prefilter(hint) if hint is not None else None
        out = []
        for value in self._docs().values():
            if (
                prefilter is not None
                and not isinstance(value, dict)
                and not prefilter(bytes(value))
            ):
                continue
            doc = lazy.doc(value)
            if test(doc):
                out.append(self._cls.from_doc(doc))
        return out

    def _lean_keys(self, hint: dict[str, Any]) -> list[str] | None:
        """Keys of the records whose hinted fields pass `hint`, from a lean decode of only
        those fields; None when the table has changed since it was read."""
        data = self._storage.read()
        if not isinstance(data, lazy.LazyTables) or self._name not in data:
            return None
        self._docs()
        conditions = list(hint.items())
        fields = tuple(field for field, _ in conditions)
        lean = data.lean(self._name, fields)
        if lean is None:
            return None
        if len(conditions) == 1:  # the common case, without a call per record
            cond = conditions[0][1]
            if isinstance(cond, (set, frozenset)):
                return [k for k, r in lean.items() if r.f0 in cond or not isinstance(r.f0, str)]
            if cond[0] == ">=":
                return [k for k, r in lean.items() if not isinstance(r.f0, str) or r.f0 >= cond[1]]
        names = [f"f{i}" for i in range(len(fields))]
        return [
            key
            for key, row in lean.items()
            if lazy.passes(tuple(getattr(row, n) for n in names), conditions)
        ]

    def fields(self, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """Just these fields of every record, as tuples (one lean pass when the table is as
        read; else from the decoded records)."""
        data = self._storage.read()
        self._docs()
        lean = data.lean(self._name, names) if isinstance(data, lazy.LazyTables) else None
        if lean is None:
            docs = (lazy.doc(v) for v in self._docs().values())
            return [tuple(d.get(n) for n in names) for d in docs]
        attrs = [f"f{i}" for i in range(len(names))]
        return [tuple(getattr(row, a) for a in attrs) for row in lean.values()]

    def get(self, key: str) -> T | None:
        doc = self._docs().get(key)
        return None if doc is None else self._cls.from_doc(lazy.doc(doc))

    def keys(self) -> list[str]:
        return list(self._docs())

    def put(self, record: T, doc: dict[str, Any] | None = None) -> None:
        """Insert or replace `record` (whole, never merged with an older version)."""
        key = record.key()
        self.delete(key)
        self._table.insert(Document(doc if doc is not None else record.to_doc(), doc_id=key))  # type: ignore[arg-type]

    def put_many(self, records: Iterable[T]) -> None:
        """Insert or replace many records in one table rewrite (`put` rewrites it per record)."""
        self.put_many_docs((record.key(), record.to_doc()) for record in records)

    def put_many_docs(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """`put_many` with the documents already made (keys and stored shapes)."""
        docs = dict(items)
        stale = [key for key in docs if key in self._docs()]
        if stale:
            self._table.remove(doc_ids=stale)  # type: ignore[arg-type]
        self._table.insert_multiple(Document(doc, doc_id=key) for key, doc in docs.items())  # type: ignore[arg-type]

    def delete(self, key: str) -> None:
        if key in self._docs():
            self._table.remove(doc_ids=[key])  # type: ignore[list-item]

    def __len__(self) -> int:
        return len(self._docs())


class Repository:
    """The tables of one store. Session records here carry only their index fields."""

    def __init__(self, db: TinyDB, home: Path) -> None:
        self.home = home
        self.reps = Table(db, "reps", Rep)
        self.sessions = Table(db, "sessions", Session)
        self.commitments = Table(db, "commitments", Commitment)
        self.plans = Table(db, "plans", PlannedSlot)
        self.metrics = Table(db, "metrics", Metric)
        self.goals = Table(db, "goals", Goal)
        self.scores = Table(db, "scores", Score)
        self.preps = Table(db, "preps", Prep)
        self.calls = Table(db, "calls", Call)
        self._pending_bodies: dict[str, bytes] = {}

    # ids ---------------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        """A short id, `s-`, `c-` or `k-` and six hex digits, unique within this store."""
        tables: dict[str, Table[Any]] = {
            "s": self.sessions,
            "c": self.commitments,
            "k": self.calls,
        }
        taken = set(tables[prefix].keys())
        while True:
            candidate = f"{prefix}-{secrets.token_hex(3)}"
            if candidate not in taken:
                return candidate

    # sessions ----------------------------------------------------------------------------
    def save_session(self, session: Session) -> None:
        """Stage the body file and write the index row; the body lands before the index."""
        self.sessions.put(session, session.index_doc())
        body = json.dumps(session.body_doc(), ensure_ascii=False, indent=1).encode("utf-8")
        self._pending_bodies[session.id] = body

    def save_sessions(self, sessions: Iterable[Session]) -> None:
        """`save_session` for many sessions in one index rewrite (a bulk import)."""
        staged = list(sessions)
        for session in staged:
            body = json.dumps(session.body_doc(), ensure_ascii=False, indent=1).encode("utf-8")
            self._pending_bodies[session.id] = body
        self.sessions.put_many_docs((s.key(), s.index_doc()) for s in staged)

    def load_session(self, session_id: str) -> Session | None:
        """The whole session: index row plus body file."""
        session = self.sessions.get(session_id)
        if session is None:
            return None
        body = read_body(self.home, session_id)
        if body:
            full = session.to_doc() | {k: v for k, v in body.items() if k != "id"}
            session = Session.from_doc(full)
        return session

    def flush_bodies(self) -> None:
        if not self._pending_bodies:
            return
        directory = ensure_dir(self.home / BODY_DIR)
        for session_id, body in self._pending_bodies.items():
            atomic_write(directory / f"{session_id}.json", body)
        self._pending_bodies.clear()


def read_body(home: Path, session_id: str) -> dict[str, Any] | None:
    path = home / BODY_DIR / f"{session_id}.json"
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"the session file {path} is damaged: {exc}") from exc
    if not isinstance(data, dict):
        raise StoreError(f"the session file {path} does not hold a session")
    return data


class Store:
    """The store of one coach home, opened per command and never held across prompts."""

    def __init__(self, home: Path, path: Path | None = None) -> None:
        self.home = home
        self.path = path or home / STORE_NAME

    @classmethod
    def at(cls, location: Path) -> Store:
        """A store given as its home directory or as its `coach.json` (for `--store`)."""
        if location.is_dir():
            return cls(location)
        if not location.exists():
            raise StoreError(f"no coach store at {location}")
        return cls(location.parent, location)

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> Repository:
        """A read-only snapshot; changes made to it are never written."""
        return Repository(storage.snapshot(self.path), self.home)

    def read_tables(self, schema: type) -> Mapping[str, Any]:
        """The tables as plain dicts holding only the fields `schema` names; no lock, no write.

        `schema` is a TypedDict of tables (table name -> dict[key, TypedDict of fields]). For
        read-only reports over many large stores (`coach stats --store ...`): msgspec decodes
        just those fields, several times faster than parsing every field of every record.
        Anything unusual (a missing or damaged file, another schema version, a document that
        does not fit `schema`) takes the ordinary path, with its errors and migrations.
        """
        import msgspec

        try:
            raw = self.path.read_bytes()
            decoder = _LEAN.get(schema)
            if decoder is None:
                decoder = _LEAN[schema] = msgspec.json.Decoder(schema)
            data = decoder.decode(raw)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            data = None
        if isinstance(data, dict) and migrations.version_of(data) == migrations.SCHEMA_VERSION:
            return data
        return storage.StoreFile(self.path).load()[0]

    def records_in_key_order(
        self, fields: Mapping[str, tuple[str, ...]]
    ) -> dict[str, Iterable[Mapping[str, Any]]]:
        """Each table's records in the order of their keys, for a read-only pass over a
        whole store (the org export): decoded as they are iterated, a batch at a time, never
        all at once. A table named in `fields` gives just those of each record's fields (the
        rest skipped in C: a commitment's text is never made a string). A store in an older
        layout is read whole, as before."""
        data, _ = storage.StoreFile(self.path).load()
        if not isinstance(data, lazy.LazyTables):
            return {
                name: _in_key_order(table)
                for name, table in data.items()
                if isinstance(table, Mapping)
            }
        return {name: lazy.in_key_order(data, name, fields.get(name)) for name in data}

    @contextlib.contextmanager
    def write(self) -> Iterator[Repository]:
        """A locked transaction: everything done to the repository is written once, at the end.

        If the block raises, nothing is written.
        """
        with storage.transaction(self.path, before=self._tidy) as db:
            repo = Repository(db, self.home)
            yield repo
            repo.flush_bodies()

    def _tidy(self) -> None:
        """Under the lock, before the store is read: clear what killed processes left (a
        forget half done, temp files) so that every write finishes their work."""
        from coachcli.store import forgetting

        # Bodies are written only under the lock, so temps there are a killed writer's.
        remove_stale_temps(self.home / BODY_DIR, "s-*.json")
        sweep_temps(self.home / DRAFT_DIR, "*.json")
        forgetting.finish_pending(self.home)


def _in_key_order(table: Mapping[str, Any]) -> Iterator[Any]:
    """A table parsed whole, in key order; a record that is not an object reads as empty
    (as in `lazy.doc`)."""
    for key in sorted(table):
        value = table[key]
        yield value if isinstance(value, dict) else {}
