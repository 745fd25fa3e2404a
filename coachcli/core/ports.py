"""The seams between the pure core and the outside world, as protocols.

Core code asks through these and never knows who answers: the store's repository gives the
records, questionary (or a scripted fake) answers the prompts, a draft file (or nothing)
keeps what was typed. The floors above implement them; core imports none of those floors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Goal, Metric, PlannedSlot, Rep, Session

# A validator returns None when the text is acceptable, else the message to show.
Validator = Callable[[str], str | None]
# A choice of `select`: (value returned, label shown).
Option = tuple[str, str]

T = TypeVar("T")


class Prompter(Protocol):
    """What the session flow asks of whoever answers."""

    def note(self, text: str, *, style: str = "") -> None:
        """A line for the manager: `style` is "", "dim" (hints, timer) or "bold" (headings)."""

    def text(
        self,
        message: str,
        *,
        hint: str | None = None,
        default: str = "",
        validate: Validator | None = None,
    ) -> str:
        """One line of text; `hint` is shown dimmed under the question."""
        ...

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        """One of `options`; returns its value. Enter accepts `default`."""
        ...

    def confirm(self, message: str, *, default: bool = True) -> bool:
        """Yes or no, in one keystroke."""
        ...


class DraftSink(Protocol):
    """Where the flow hands each change of a session in progress (the store's draft writer)."""

    def save(self, doc: dict[str, Any]) -> None:
        """Keep this version (may be written later, off the typing path)."""

    def finish(self, doc: dict[str, Any]) -> None:
        """Keep this version as the final one and wait until it is kept."""

    def discard(self) -> None:
        """Drop the draft: nothing worth keeping was typed."""


class TableView(Protocol[T]):
    """One table of records, read-only: what core reads from a store snapshot."""

    def all(self) -> list[T]: ...

    def where(self, test: Callable[[dict[str, Any]], bool], hint: Any = None) -> list[T]:
        """Records passing `test`; `hint` (plain data, like `{"status": {"open"}}`: a dict of
        field conditions, all must hold; a list: any item) lets the store skip records that
        surely fail without decoding them."""
        ...

    def fields(self, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """Just these fields of every record, as tuples (no records are built)."""
        ...

    def get(self, key: str) -> T | None: ...

    def keys(self) -> list[str]: ...

    def __len__(self) -> int: ...


class Records(Protocol):
    """The tables of one store snapshot (the store's `Repository` is one)."""

    @property
    def reps(self) -> TableView[Rep]: ...

    @property
    def sessions(self) -> TableView[Session]: ...

    @property
    def commitments(self) -> TableView[Commitment]: ...

    @property
    def plans(self) -> TableView[PlannedSlot]: ...

    @property
    def goals(self) -> TableView[Goal]: ...

    @property
    def metrics(self) -> TableView[Metric]: ...


class FunnelSettings(Protocol):
    """The part of the manager's config that goal pacing reads."""

    @property
    def funnel(self) -> Sequence[str]: ...

    @property
    def working_days(self) -> Sequence[str]: ...
