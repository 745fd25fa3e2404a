"""The progress bar on the terminal: rich's, on stderr, for work that takes a while.

Shown only when stderr is a terminal and `--quiet` was not given (`meter_for`), so scripts,
pipes and `--json` output never see it; drawn only once a task has run for `DELAY` seconds,
so quick work never flickers; transient, so it leaves no line behind. rich is imported only
when a bar is actually drawn.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from coachcli.core.progress import Meter

DELAY = 0.5  # seconds a task runs before its bar appears (COACH_PROGRESS_DELAY overrides)


class RichMeter:
    """A `core.progress.Meter` drawing one rich progress bar at a time on stderr."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._started = 0.0
        self._label = ""
        self._total: int | None = None
        self._unit = ""
        self._delay = DELAY

    def begin(self, label: str, total: int | None, unit: str) -> None:
        self._label, self._total, self._unit = label, total, unit
        self._started = time.monotonic()
        self._delay = float(os.environ.get("COACH_PROGRESS_DELAY", DELAY))

    def advance(self, done: int) -> None:
        if self._progress is None:
            if time.monotonic() - self._started < self._delay:
                return
            self._show()
        self._progress.update(self._task, completed=done)

    def end(self) -> None:
        if self._progress is not None:
            self._progress.stop()
        self._progress = self._task = None

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn() if self._total else TextColumn("{task.completed:,}"),
            TextColumn(self._unit),
            TimeElapsedColumn(),
        ]
        self._progress = Progress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(self._label, total=self._total)
        self._progress.start()


def meter_for(quiet: bool) -> Meter | None:
    """The meter for this invocation: a bar on an interactive stderr, else none."""
    if quiet or os.environ.get("COACH_NO_PROGRESS") or not sys.stderr.isatty():
        return None
    return RichMeter()
