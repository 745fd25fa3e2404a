"""A rep's data rights: a copy of everything held about them, and its erasure."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachcli.core.models import Rep
from coachcli.errors import CoachError, NotFound


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
    for name in sorted(data):
        if name in ("reps", "meta"):
            continue
        docs = _rep_docs(data, name, rep.slug)
        if docs is None:
            continue
        if name == "sessions":
            docs = [
                full.to_doc() if (full := repo.load_session(str(d.get("id")))) else d for d in docs
            ]
        out[name] = docs
    draft = draft_path(home, rep.slug)
    out["draft"] = json.loads(draft.read_bytes()) if draft.is_file() else None
    return out


def _rep_docs(data: Any, name: str, slug: str) -> list[dict[str, Any]] | None:
    """The documents of table `name` that belong to the rep; None when it is not a table.

    On a store laid out one table per line only the rep's records are decoded (a 300-rep
    home's export of one rep took 600 MB when every table was decoded whole)."""
    from coachcli.store.lazy import LazyTables

    found = data.matching(name, "rep", slug) if isinstance(data, LazyTables) else None
    if found is not None:
        return found
    table = data[name]
    if not isinstance(table, dict):
        return None
    return [d for d in table.values() if isinstance(d, dict) and d.get("rep") == slug]


def _raw_tables(store: Any) -> tuple[dict[str, Any], bool]:
    from coachcli.store.storage import StoreFile

    return StoreFile(store.path).load()


def write_export(home: Path, rep_ref: str, output: str) -> Path:
    from coachcli.store.files import atomic_write

    doc = export_data(home, rep_ref)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(Path(output).expanduser(), text.encode("utf-8"))


def forget_target(home: Path, rep_ref: str) -> Rep:
    """The rep `rep_ref` names: on the roster, or the one an interrupted forget was erasing
    (it may be gone from the roster already; its journal still names it)."""
    from coachcli.core.roster import resolve
    from coachcli.store.forgetting import read_journal
    from coachcli.store.repository import Store

    store = Store(home)
    if not store.exists():
        raise CoachError(f"no coach store in {home}")
    reps = store.read().reps.all()
    journal = read_journal(home)
    try:
        return resolve(reps, rep_ref)
    except NotFound:
        if journal is None:
            raise
        pending = Rep(name=journal.name, slug=journal.rep, aliases=journal.aliases)
        found = resolve([*reps, pending], rep_ref)
        if found.slug != journal.rep:
            raise
        return found


def forget(home: Path, slug: str) -> dict[str, Any]:
    """Erase the rep `slug` everywhere, under the store's lock (`store.forgetting`): a
    journal first, then the store (backed up first), their files, every backup. A forget a
    crash interrupted is finished first. Returns what was done."""
    from coachcli.store import forgetting
    from coachcli.store.paths import STORE_NAME
    from coachcli.store.storage import StoreFile, locked

    store = StoreFile(home / STORE_NAME)
    if not store.path.exists():
        raise CoachError(f"no coach store in {home}")
    with locked(home):
        journal = forgetting.read_journal(home)
        if journal is None or journal.rep != slug:
            forgetting.finish_pending(home)  # another rep's forget is finished first
            journal = _begin(home, slug)
        done = forgetting.finish(home, journal)
    return {"rep": journal.rep, "name": journal.name, **asdict(done)}


def _begin(home: Path, slug: str) -> Any:
    """The journal of a new forget of `slug`, refused while the rep's session runs in
    another terminal (its draft would bring typed text back)."""
    from coachcli.store import forgetting
    from coachcli.store.claims import holder

    live = holder(home, slug)
    if live is not None:
        raise CoachError(
            f"a session with {slug} is in progress (pid {live.get('pid')}): "
            "end or pause it, then forget",
            hint="nothing was changed",
        )
    return forgetting.begin(home, slug)
