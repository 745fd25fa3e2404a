"""Helpers for the session tests: a scripted prompter, a fake clock, a bank with every kind."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from coachcli.core.commitments import new_commitment
from coachcli.core.models import PlannedSlot
from coachcli.core.session.state import Clock
from coachcli.store.repository import Store

ENTER = object()  # accept the prompt's default
REP_STEPS = ("How useful was today",)  # prompts answered with Enter unless scripted

KINDS_BANK = """\
id: kinds
title: Every kind of question
questions:
  - id: deal
    ask: Which deal could you still shape the most?
    type: text
    hint: Let them find the next step.
    follow_ups: [What would have to be true for it to move?]
  - id: manager-role
    ask: On our last joint call, what role did I play?
    type: choice
    choices: [lead, passive participant, silent observer]
  - id: confidence
    ask: How confident are you, from 1 to 5?
    type: scale
    min: 1
    max: 5
  - id: ready
    ask: Are you ready to book the meeting?
    type: confirm
"""


@dataclass
class FakeClock:
    """Monotonic seconds that advance by `step` at every prompt; a fixed wall clock."""

    t: float = 0.0
    step: float = 30.0
    wall: datetime = datetime(2026, 11, 24, 10, 0)

    def clock(self) -> Clock:
        return Clock(monotonic=lambda: self.t, now=lambda: self.wall)


@dataclass
class ScriptedPrompter:
    """Answers from a script of (kind, text in the message, answer); fails on anything else.

    An answer the prompt's validator refuses is recorded in `refused` and the same prompt is
    asked again, as the real one would. `KeyboardInterrupt` / `EOFError` as an answer raise.
    """

    steps: list[tuple[str, str, Any]]
    clock: FakeClock | None = None
    notes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    defaults: list[Any] = field(default_factory=list)
    asked: list[tuple[str, Any]] = field(default_factory=list)  # (message, default) in order

    def __post_init__(self) -> None:
        _LIVE.append(self)  # `scripts_used_up` checks every script at teardown

    def defaults_at(self, fragment: str) -> list[Any]:
        """The defaults offered, in order, by the prompts whose message holds `fragment`."""
        return [default for message, default in self.asked if fragment in message]

    def _next(self, kind: str, message: str) -> Any:
        # The rep's closing step (issue 13) is Enter unless a test scripts it.
        scripted = self.steps and self.steps[0][1] in message
        if any(f in message for f in REP_STEPS) and not scripted:
            return ENTER
        assert self.steps, f"unexpected {kind} prompt: {message!r}"
        want_kind, fragment, answer = self.steps.pop(0)
        assert (want_kind, True) == (kind, fragment in message), (
            f"expected a {want_kind} prompt with {fragment!r}, got {kind}: {message!r}"
        )
        if self.clock is not None:
            self.clock.t += self.clock.step
        if answer in (KeyboardInterrupt, EOFError):
            raise answer
        return answer

    def note(self, text: str, *, style: str = "") -> None:
        self.notes.append(text)

    def text(
        self, message: str, *, hint: str | None = None, default: str = "", validate: Any = None
    ) -> str:
        while True:
            answer = self._next("text", message)
            self.defaults.append(default)
            self.asked.append((message, default))
            value = default if answer is ENTER else answer
            problem = validate(value) if validate else None
            if problem is None:
                return str(value)
            self.refused.append(problem)

    def select(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        answer = self._next("select", message)
        self.defaults.append(default)
        self.asked.append((message, default))
        value = default if answer is ENTER else answer
        assert value in [v for v, _ in options], f"{value!r} is not an option of {message!r}"
        return str(value)

    def confirm(self, message: str, *, default: bool = True) -> bool:
        answer = self._next("confirm", message)
        return default if answer is ENTER else bool(answer)

    def done(self) -> None:
        assert not self.steps, f"prompts never asked: {self.steps}"


_LIVE: list[ScriptedPrompter] = []


@pytest.fixture(autouse=True)
def scripts_used_up() -> Iterator[None]:
    """Fails the test at teardown when a script still holds prompts nobody asked: a flow
    that stops early must not pass because its script was long enough."""
    _LIVE.clear()
    yield
    left = [script.steps for script in _LIVE if script.steps]
    _LIVE.clear()
    assert not left, f"scripted prompts never asked: {left}"


def add_bank(home: Path, text: str = KINDS_BANK, name: str = "kinds") -> None:
    (home / "banks").mkdir(parents=True, exist_ok=True)
    (home / "banks" / f"{name}.yaml").write_text(text)


def add_commitment(home: Path, cid: str, rep: str, text: str, due: str | None = None) -> None:
    with Store(home).write() as repo:
        repo.commitments.put(
            new_commitment(
                cid,
                rep,
                text,
                created=date(2026, 11, 17),
                due=date.fromisoformat(due) if due else None,
                at=datetime(2026, 11, 17, 10, 0),
            )
        )


def add_slot(home: Path, week: str, rep: str, start: str, focus: str | None = None) -> None:
    end = start[:11] + f"{int(start[11:13]):02d}:30"
    with Store(home).write() as repo:
        repo.plans.put(PlannedSlot(week=week, rep=rep, start=start, end=end, focus=focus))
