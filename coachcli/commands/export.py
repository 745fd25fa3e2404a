"""`coach export` (being built)."""

from __future__ import annotations


def export() -> None:
    """export (being built)."""
