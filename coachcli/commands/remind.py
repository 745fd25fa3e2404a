"""`coach remind` (being built)."""

from __future__ import annotations


def remind() -> None:
    """remind (being built)."""
