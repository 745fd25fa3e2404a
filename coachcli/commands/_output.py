"""Where a command's document goes: stdout (no -o, or `-o -`) or a file written atomically."""

from __future__ import annotations

import sys
from pathlib import Path


def write_output(text: str, output: str | None) -> Path | None:
    """Write `text`; returns the file written, or None for stdout. Files are 0600."""
    if output in (None, "-"):
        from coachcli.ui.render import safe

        sys.stdout.write(safe(text))
        sys.stdout.flush()
        return None
    from coachcli.services.output import write_document

    return write_document(str(output), text)
