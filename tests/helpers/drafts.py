"""Write a rep's draft the way a paused session leaves it (through the store's DraftWriter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coachcli.store.drafts import DraftWriter


def write_draft(home: Path, slug: str, doc: dict[str, Any]) -> None:
    DraftWriter(home, slug).finish(doc)
