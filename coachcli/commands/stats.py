"""`coach stats` (being built)."""

from __future__ import annotations


def stats() -> None:
    """stats (being built)."""
