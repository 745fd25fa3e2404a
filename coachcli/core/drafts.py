"""Drafts of sessions in progress: one small JSON file per rep, `<home>/drafts/<slug>.json`.

A draft is rewritten (atomically, 0600) after every answer, so Ctrl-C, a closed terminal or a
crash never loses what was typed, and typing never waits on the store: the store is written
once, when the session is saved, and the draft is removed after that write.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError

DRAFT_DIR = "drafts"
DRAFT_VERSION = 1


def draft_path(home: Path, slug: str) -> Path:
    return home / DRAFT_DIR / f"{slug}.json"


def save_draft(home: Path, slug: str, doc: dict[str, Any]) -> None:
    from coachcli.home import ensure_dir
    from coachcli.store.files import atomic_write

    ensure_dir(home / DRAFT_DIR)
    data = json.dumps({"version": DRAFT_VERSION, **doc}, ensure_ascii=False).encode("utf-8")
    atomic_write(draft_path(home, slug), data)


def load_draft(home: Path, slug: str) -> dict[str, Any] | None:
    """The rep's draft, or None; a damaged draft is an error that says how to drop it."""
    path = draft_path(home, slug)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CoachError(f"cannot read the draft {path}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        doc = None
    if not isinstance(doc, dict) or doc.get("version") != DRAFT_VERSION:
        raise CoachError(
            f"the draft {path} is damaged or from another version of coach",
            hint=f"discard it with `coach session discard {slug}`",
        )
    return doc


def has_draft(home: Path, slug: str) -> bool:
    return draft_path(home, slug).exists()


def discard_draft(home: Path, slug: str) -> bool:
    """Remove the rep's draft; True if there was one."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(home, slug).unlink()
        return True
    return False
