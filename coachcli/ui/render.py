"""Output for people and for scripts: Rich tables, JSON, and terminal-safe text.

Data goes to stdout, messages to stderr. Rich is imported only when a table is drawn; colour
follows Rich's rules (off when stdout is not a terminal or NO_COLOR is set).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from coachcli.core.text import CONTROL_CHARS

if TYPE_CHECKING:
    from rich.console import Console

# C0/C1 controls (escape sequences start here) and bidi overrides; newlines and tabs survive.
# Lone surrogates too (only a store edited by hand holds them): no stream can encode them.
_UNSAFE = re.compile(f"[{CONTROL_CHARS}\\ud800-\\udfff]")  # and lone surrogates


def safe(text: object) -> str:
    """Text that cannot drive the terminal: escape sequences and bidi overrides removed."""
    return _UNSAFE.sub("", "" if text is None else str(text))


PIPE_WIDTH = 160  # tables written to a file or a pipe are not squeezed into 80 columns


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits 1 on a closed pipe; hand it to coach's one handler, which stops
            # quietly with 0 as for every other write (`coach rep list | head -1`).
            self.quiet = True
            raise BrokenPipeError

    out = _Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = _Console(stderr=stderr, highlight=False, soft_wrap=False, width=PIPE_WIDTH)
    return out


def message(text: str) -> None:
    """A line for the person at the terminal (stderr, so stdout stays data)."""
    sys.stderr.write(safe(text) + "\n")
    sys.stderr.flush()


def warn(text: str) -> None:
    message(f"warning: {text}")


def print_json(value: Any) -> None:
    """JSON on stdout; C1 controls and bidi overrides written as \\u escapes, never raw
    (json.dumps escapes only C0), so the data is exact and the terminal is safe."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
    sys.stdout.flush()


def print_json_items(items: Iterable[Any]) -> None:
    """`print_json` of a list, written item by item: the same text, and a listing of 60,000
    sessions never holds all of them (or all of its text) in memory at once."""
    write = sys.stdout.write
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        write(
            ("[\n  " if first else ",\n  ")
            + _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        )
        first = False
    write("[]\n" if first else "\n]\n")
    sys.stdout.flush()


def print_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """A Rich table on stdout; every cell passes through `safe` and is never read as markup."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(safe("" if cell is None else cell)) for cell in row))
    console().print(table)


def print_lines(lines: Iterable[str]) -> None:
    for line in lines:
        sys.stdout.write(safe(line) + "\n")
    sys.stdout.flush()
