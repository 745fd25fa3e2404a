"""The user's manual as tests read it: the README and the hand-written pages of docs/."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
GENERATED = {"cli.md"}  # written by docs/gen_cli.py on every build


def manual_files() -> list[Path]:
    pages = sorted(p for p in (REPO / "docs").glob("*.md") if p.name not in GENERATED)
    return [REPO / "README.md", *pages]


def manual_text() -> str:
    """Every page, one after the other (each starts on a new line)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in manual_files())
