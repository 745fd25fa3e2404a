"""Forgetting a rep (`coach rep forget`), complete and resumable after a crash.

Before anything changes, a journal (`<home>/forget-journal.json`, written atomically, 0600)
names the rep (slug, name, aliases), the ids of their sessions and the steps left:

1. `store`: their records leave every table, and their name leaves other reps' calls, in
   one atomic write that backs up the store first, like every other write;
2. `files`: their session bodies, draft, claim and the temp files of killed writers;
3. `backups`: every backup holding them is rewritten without them.

The journal is rewritten after each step and removed after the last. A crash anywhere leaves
it behind; the next `rep forget` of that rep, or any write (`Store.write` calls
`finish_pending` under the lock), runs the steps still left. Every step can run twice.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from coachcli.errors import CoachError, StoreError
from coachcli.store import erase, lazy
from coachcli.store.claims import claim_path, holder
from coachcli.store.drafts import DRAFT_DIR, draft_path
from coachcli.store.files import atomic_write, fsync_dir, remove_stale_temps, sweep_temps
from coachcli.store.paths import BODY_DIR, STORE_NAME
from coachcli.store.storage import StoreFile, Transaction

JOURNAL_NAME = "forget-journal.json"
STEPS = ("store", "files", "backups")


@dataclass
class Journal:
    """What one forget set out to do and what is left of it."""

    rep: str  # the slug: the id every record of the rep carries
    name: str
    aliases: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=lambda: list(STEPS))

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Done:
    """What a forget did, for the command's one line."""

    sessions: int = 0
    files_removed: int = 0
    backups_rewritten: int = 0
    backups_dropped: int = 0
    calls_renamed: int = 0
    left: list[str] = field(default_factory=list)


def journal_path(home: Path) -> Path:
    return home / JOURNAL_NAME


def read_journal(home: Path) -> Journal | None:
    """The unfinished forget of this home, or None. A damaged journal is one the crash cut
    before it was complete: nothing had changed yet, so it is dropped."""
    path = journal_path(home)
    try:
        doc = json.loads(path.read_bytes())
        journal = Journal(
            rep=str(doc["rep"]),
            name=str(doc["name"]),
            aliases=[str(a) for a in doc.get("aliases", [])],
            sessions=[str(s) for s in doc.get("sessions", [])],
            left=[str(s) for s in doc.get("left", STEPS) if s in STEPS],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return journal


def _save(home: Path, journal: Journal) -> None:
    atomic_write(journal_path(home), json.dumps(asdict(journal), ensure_ascii=False).encode())


def begin(home: Path, slug: str) -> Journal:
    """Record the intent to forget the rep `slug` before anything changes; under the lock."""
    data, _ = StoreFile(home / STORE_NAME).load()
    rep = erase.roster_doc(data, slug)
    if rep is None:
        raise CoachError(f"no rep {slug!r} in the store of {home}")
    journal = Journal(
        rep=slug,
        name=str(rep.get("name") or slug),
        aliases=[str(a) for a in rep.get("aliases") or [] if isinstance(a, str)],
        sessions=sorted(erase.rep_keys(data, "sessions", slug)),
    )
    _save(home, journal)
    return journal


def finish(home: Path, journal: Journal) -> Done:
    """Run the steps the journal has left, saving it after each; then remove it."""
    done = Done(sessions=len(journal.sessions))
    scrubber = erase.Scrubber(journal.rep, journal.names)  # shared: backups repeat the store
    for step in list(journal.left):
        if step == "store":
            _forget_in_store(home, scrubber)
        elif step == "files":
            done.files_removed, done.left = _remove_files(home, journal)
        else:
            done.backups_rewritten, done.backups_dropped = _scrub_backups(home, scrubber)
        journal.left.remove(step)
        if journal.left:
            _save(home, journal)
    done.calls_renamed = scrubber.renamed
    with contextlib.suppress(FileNotFoundError):
        journal_path(home).unlink()
    # Under the lock, temps of the journal, the store and its backups are a killed writer's
    # (they hold the rep too).
    remove_stale_temps(home, JOURNAL_NAME)
    remove_stale_temps(home, STORE_NAME)
    remove_stale_temps(StoreFile(home / STORE_NAME).backup_dir, "coach-*.json")
    fsync_dir(home)
    return done


def finish_pending(home: Path) -> None:
    """Finish a forget a crash interrupted (every write calls this under the lock)."""
    remove_stale_temps(home, JOURNAL_NAME)  # written under the lock: a killed writer's
    journal = read_journal(home)
    if journal is not None:
        finish(home, journal)


def _forget_in_store(home: Path, scrubber: erase.Scrubber) -> None:
    store = StoreFile(home / STORE_NAME)
    if store.read_raw() is None:
        return
    txn = Transaction(store)
    try:
        changed = scrubber.data(txn.data)
    except erase.Damaged:
        raise StoreError(
            f"the store {store.path} is not valid JSON (a table is damaged)",
            hint="nothing was erased; restore a backup, then forget again",
        ) from None
    if changed:
        txn.db.storage.dirty = True  # type: ignore[attr-defined]  # a MemoryStorage
        txn.commit()


def _remove_files(home: Path, journal: Journal) -> tuple[int, list[str]]:
    """The rep's files outside the store; returns (removed, what a live process holds)."""
    bodies = home / BODY_DIR
    removed = 0
    for sid in journal.sessions:
        removed += _unlink(bodies / f"{sid}.json")
    removed += remove_stale_temps(bodies, "s-*.json")  # bodies are written under the lock
    removed += _remove_orphans(home, journal.rep)
    removed += _unlink(draft_path(home, journal.rep))
    left: list[str] = []
    drafts = home / DRAFT_DIR
    removed += sweep_temps(drafts, f"{journal.rep}.json")
    if any(drafts.glob(f".{journal.rep}.json.*.tmp")):
        left.append(f"a draft being written by a live coach process in {drafts}")
    if holder(home, journal.rep) is None:
        removed += _unlink(claim_path(home, journal.rep))
    return removed, left


def _remove_orphans(home: Path, slug: str) -> int:
    """Session bodies no index refers to (a write killed between the body and the index):
    those of the rep, and those too old to say whose they are."""
    bodies = home / BODY_DIR
    if not bodies.is_dir():
        return 0
    data, _ = StoreFile(home / STORE_NAME).load()
    indexed = set(erase.table_keys(data, "sessions"))
    removed = 0
    with os.scandir(bodies) as entries:
        for entry in entries:
            stem, dot, ext = entry.name.partition(".")
            if ext != "json" or not dot or stem in indexed or not stem.startswith("s-"):
                continue
            try:
                body = lazy.doc(Path(entry.path).read_bytes())
            except (OSError, ValueError):
                body = {}
            if body.get("rep") in (slug, None):
                removed += _unlink(Path(entry.path))
    return removed


def _scrub_backups(home: Path, scrubber: erase.Scrubber) -> tuple[int, int]:
    rewritten = dropped = 0
    store = home / STORE_NAME
    digest = erase.file_digest(store)
    # The newest backup is the store before forget: scrubbed, it is the store now.
    scrubber.store = (store, digest) if digest is not None else None
    for path in StoreFile(store).backups():
        outcome = erase.scrub_backup(path, scrubber)
        scrubber.store = None
        rewritten += outcome == "rewritten"
        dropped += outcome == "dropped"
    return rewritten, dropped


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1
