"""Write the command reference (docs/cli.md) from the commands, with Typer's generator.

Run by the Sphinx build (docs/conf.py) and by tests/test_manual.py; by hand:
`python docs/gen_cli.py` writes docs/cli.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INTRO = (
    "Generated from the commands on every build of the manual (Typer's `utils docs`): what\n"
    "each command's `--help` says, with its example.\n\n"
)


def reference_text() -> str:
    """Every command's help as markdown, one heading per command (`coach GROUP COMMAND`)."""
    done = subprocess.run(
        [sys.executable, "-m", "typer", "coachcli.app", "utils", "docs", "--name", "coach"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "NO_COLOR": "1", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
    )
    text = done.stdout
    title, _, rest = text.partition("\n")
    return f"{title.replace('`coach`', 'Command reference: `coach`')}\n\n{INTRO}{rest.lstrip()}"


def write_reference(path: Path) -> None:
    text = reference_text()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_reference(Path(__file__).resolve().parent / "cli.md")
