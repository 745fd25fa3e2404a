"""Sphinx configuration for coach's manual (MyST markdown; build with -W in CI).

The command reference (cli.md) is generated on every build from the commands themselves by
Typer's own docs generator, so it cannot drift from `--help`.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

project = "coach"
author = "the coach developers"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
myst_heading_anchors = 4
html_theme = "furo"
html_title = "coach manual"
suppress_warnings: list[str] = []


def _generate_cli_reference() -> None:
    sys.path.insert(0, str(HERE.parent))
    from gen_cli import write_reference  # docs/gen_cli.py

    write_reference(HERE / "cli.md")


sys.path.insert(0, str(HERE))
_generate_cli_reference()
