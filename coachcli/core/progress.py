"""Progress of long work, reported by the code doing it and drawn by whoever listens.

A loop that may take seconds (a CRM export's rows, the org exports, a whole notes export)
wraps its iterable in `track(...)`; it costs one context lookup per item when nobody
listens. The command layer installs a `Meter` for the invocation (`listening`) only when
stderr is a terminal and `--quiet` is not given: the rich bar in `ui.progress`. Core knows
nothing of terminals: it only says what it is reading and how far it got.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class Meter(Protocol):
    """What listens to progress: one task at a time, begun, advanced, ended."""

    def begin(self, label: str, total: int | None, unit: str) -> None: ...

    def advance(self, done: int) -> None: ...

    def end(self) -> None: ...


_meter: ContextVar[Meter | None] = ContextVar("coach_progress_meter", default=None)

EVERY = 512  # items between two reports: cheap enough for a million rows


@contextmanager
def listening(meter: Meter | None) -> Iterator[None]:
    """Send the progress of work done inside the block to `meter` (None: to nobody)."""
    token = _meter.set(meter)
    try:
        yield
    finally:
        _meter.set(None)
        _meter.reset(token)


def track(
    items: Iterable[T], label: str, *, total: int | None = None, unit: str = "items"
) -> Iterator[T]:
    """Yield `items`, reporting every EVERY of them to the meter listening (if any)."""
    meter = _meter.get()
    if meter is None:
        yield from items
        return
    meter.begin(label, total, unit)
    count = 0
    try:
        for item in items:
            yield item
            count += 1
            if count % EVERY == 0:
                meter.advance(count)
        meter.advance(count)
    finally:
        meter.end()
