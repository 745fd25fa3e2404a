"""A document a command was asked to write to a file (`-o FILE`): atomically, 0600."""

from __future__ import annotations

from pathlib import Path


def write_document(output: str, text: str) -> Path:
    """Write `text` to the file `output` names (`~` expanded); returns the path written."""
    from coachcli.store.files import atomic_write

    return atomic_write(Path(output).expanduser(), text.encode("utf-8"))
