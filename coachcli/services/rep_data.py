"""A rep's data rights: a copy of everything held about them, and its erasure."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError


def export_data(home: Path, rep_ref: str) -> dict[str, Any]:
    """Everything stored about the rep, as one JSON-ready document."""
    from coachcli import __version__
    from coachcli.core.roster import resolve
    from coachcli.store.drafts import draft_path
    from coachcli.store.repository import Store

    store = Store(home)
    repo = store.read()
    rep = resolve(repo.reps.all(), rep_ref)
    data, _ = _raw_tables(store)
    out: dict[str, Any] = {
        "type": "coach-rep-data",
        "exported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "coach": __version__,
        "rep": rep.to_doc(),
    }
    for name, table in sorted(data.items()):
        if name in ("reps", "meta") or not isinstance(table, dict):
            continue
        docs = [d for d in table.values() if isinstance(d, dict) and d.get("rep") == rep.slug]
        if name == "sessions":
            docs = [
                full.to_doc() if (full := repo.load_session(str(d.get("id")))) else d for d in docs
            ]
        out[name] = docs
    draft = draft_path(home, rep.slug)
    out["draft"] = json.loads(draft.read_bytes()) if draft.is_file() else None
    return out


def _raw_tables(store: Any) -> tuple[dict[str, Any], bool]:
    from coachcli.store.storage import StoreFile

    return StoreFile(store.path).load()


def write_export(home: Path, rep_ref: str, output: str) -> Path:
    from coachcli.store.files import atomic_write

    doc = export_data(home, rep_ref)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(Path(output).expanduser(), text.encode("utf-8"))


def forget(home: Path, rep_ref: str) -> dict[str, Any]:
    """Erase the rep everywhere, under the store's lock: the store (one atomic write), their
    session files and draft, and every backup holding them (rewritten without them); then
    a fresh backup of the store as it now is. Returns what was done."""
    from coachcli.core.roster import resolve
    from coachcli.store import erase
    from coachcli.store.repository import BODY_DIR
    from coachcli.store.storage import MemoryStorage, StoreFile, Transaction, locked

    store = StoreFile(erase.store_path(home))
    if not store.path.exists():
        raise CoachError(f"no coach store in {home}")
    with locked(home):
        txn = Transaction(store)
        storage = txn.db.storage
        assert isinstance(storage, MemoryStorage)
        reps = txn.data.get("reps", {})
        from coachcli.core.models import Rep

        rep = resolve([Rep.from_doc(d) for d in reps.values()], rep_ref)
        session_ids = erase.erase_from_data(storage.data, rep.slug)
        storage.dirty = True
        txn.commit()
        files = erase.rep_files(home, rep.slug, session_ids)
        removed = erase.remove_files(files)
        rewritten, dropped = erase.scrub_backups(store.backups(), rep.slug)
        erase.fresh_backup(store)
        stray = sorted(
            p.name for p in (home / BODY_DIR).glob("*.json") if p.stem in set(session_ids)
        )
    return {
        "rep": rep.slug,
        "name": rep.name,
        "sessions": len(session_ids),
        "files_removed": removed,
        "backups_rewritten": rewritten,
        "backups_dropped": dropped,
        "left": stray,
    }
