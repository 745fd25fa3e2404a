"""Reading this store for `coach export --audience org`: what a manager shares upward.

The pure writer is `coachcli.export.org_jsonl`; this floor reads the store, the manager's name
from config.yaml, the bank focus map and the per-store pseudonym salt.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from coachcli.errors import CoachError

SALT_NAME = "org-salt"
SALT_BYTES = 32


def manager_name(home: Path) -> str:
    """`manager:` from config.yaml; an org export cannot be shared without it."""
    from coachcli.services.config import config_values

    name = str(config_values(home).get("manager") or "").strip()
    if not name:
        raise CoachError(
            f"an org export needs your name: `manager:` is not set in {home / 'config.yaml'}",
            hint="add a line like `manager: Alex Kim` to config.yaml, then export again",
        )
    return name


def salt(home: Path) -> bytes:
    """The per-store secret behind the pseudonyms: made once, kept in the home (0600).

    Same store, same tokens, export after export; nobody without this file can recompute a
    token from a rep's slug.
    """
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import ensure_dir

    path = home / SALT_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    except OSError as exc:
        raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) >= SALT_BYTES:
        return raw[:SALT_BYTES]
    ensure_dir(home)
    fresh = secrets.token_bytes(SALT_BYTES)
    try:
        atomic_write(path, fresh, overwrite=False)
    except FileExistsError:  # another export made it first: use theirs
        return path.read_bytes()[:SALT_BYTES]
    return fresh


def org_export(
    home: Path, *, pseudonymize: bool, today: date | None = None
) -> tuple[Iterator[str], str]:
    """(the org JSON Lines, made a chunk of whole lines at a time as they are written; the
    manager's name) for the store in `home`."""
    from coachcli.export.org_jsonl import FIELDS, org_chunks
    from coachcli.services.banks import bank_focus
    from coachcli.store.repository import Store

    manager = manager_name(home)
    store = Store(home)
    # Each record is decoded when the export reaches it, not all at once (580 MB on a 300-rep
    # home when every table was decoded whole), and only the fields the export reads.
    tables = store.records_in_key_order(FIELDS) if store.exists() else {}
    lines = org_chunks(
        manager=manager,
        exported=(today or date.today()).isoformat(),
        tables=tables,
        focus=bank_focus(home),
        salt=salt(home) if pseudonymize else None,
    )
    return lines, manager
