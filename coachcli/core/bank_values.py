"""Validated banks as plain values: what the banks cache is rebuilt into, without pydantic.

A bank is validated by pydantic (`core.banks.Bank`) once, when its file is read; the cache
(`services.banks`) keeps the validated values as JSON. Reading them back needs no validation,
and importing pydantic and building its models cost more than a session's first question may
take, so the cache gives these dataclasses instead: the same fields in the same order, the same
methods the flow calls (`applies`, `condition`, `matches`, `describe`, `json_summary`) and the
same `model_dump()` as the models, so every reader sees one shape, whichever way it was loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from coachcli.errors import NotFound


class _Focused(Protocol):
    @property
    def focus(self) -> list[str]: ...


B = TypeVar("B")  # a Bank or a BankValue: the lookups work on either
F = TypeVar("F", bound=_Focused)


class _Bounds(Protocol):
    def matches(self, value: int) -> bool: ...

    def describe(self) -> str: ...


class _Summarised(Protocol):
    id: str
    title: str
    summary: str
    source: str

    @property
    def questions(self) -> Any: ...

    @property
    def focus(self) -> Any: ...

    @property
    def skills(self) -> Any: ...

    @property
    def tags(self) -> Any: ...


def when_applies(when: list[str] | _Bounds | None, answer: object) -> bool:
    """Whether a follow-up with this `when` is asked after `answer` (a choice or a scale
    number; None: the question was not answered). One rule for the validated bank models and
    the plain values read back from the cache."""
    if when is None:
        return True
    if answer is None:
        return False
    if isinstance(when, list):
        return str(answer).casefold() in {w.casefold() for w in when}
    return isinstance(answer, int) and when.matches(answer)


def when_condition(when: list[str] | _Bounds | None) -> str:
    """`when` for people: "if lead or observer", "if at most 2"; "" with no condition."""
    if when is None:
        return ""
    if isinstance(when, list):
        return "if " + " or ".join(when)
    return f"if {when.describe()}"


def bank_summary(bank: _Summarised) -> dict[str, Any]:
    """The `bank list --json` object, for a validated bank or its cached plain value."""
    return {
        "id": bank.id,
        "title": bank.title,
        "summary": bank.summary,
        "questions": len(bank.questions),
        "focus": list(bank.focus),
        "skills": list(bank.skills),
        "tags": list(bank.tags),
        "source": bank.source,
    }


@dataclass(slots=True)
class BoundsValue:
    """`when: {at_most: 2}` / `{at_least: 4}`: core.follow_ups.Bounds, read back."""

    at_most: int | None = None
    at_least: int | None = None

    def matches(self, value: int) -> bool:
        low_ok = self.at_least is None or value >= self.at_least
        return low_ok and (self.at_most is None or value <= self.at_most)

    def describe(self) -> str:
        parts = [f"at least {self.at_least}"] if self.at_least is not None else []
        parts += [f"at most {self.at_most}"] if self.at_most is not None else []
        return " and ".join(parts)

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        return {"at_most": self.at_most, "at_least": self.at_least}


@dataclass(slots=True)
class FollowUpValue:
    """core.follow_ups.FollowUpSpec, read back."""

    ask: str
    when: list[str] | BoundsValue | None = None
    hint: str | None = None

    def applies(self, answer: object) -> bool:
        return when_applies(self.when, answer)

    def condition(self) -> str:
        return when_condition(self.when)

    def model_dump(self, mode: str = "python") -> Any:
        # As FollowUpSpec serialises: nothing but its ask reads back as the string.
        if self.when is None and self.hint is None:
            return self.ask
        when = self.when.model_dump() if isinstance(self.when, BoundsValue) else self.when
        data: dict[str, Any] = {"ask": self.ask, "when": when}
        if self.hint is not None:
            data["hint"] = self.hint
        return data


@dataclass(slots=True)
class QuestionValue:
    """core.banks.Question, read back (fields in the model's order)."""

    id: str
    ask: str
    type: str = "text"
    hint: str | None = None
    follow_ups: list[FollowUpValue] = field(default_factory=list)
    always: bool = False
    opener: bool = False
    scale_reason: str | None = None
    choices: list[str] | None = None
    min: int | None = None
    max: int | None = None

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["follow_ups"] = [f.model_dump(mode) for f in self.follow_ups]
        return data


@dataclass(slots=True)
class BankValue:
    """core.banks.Bank, read back (fields in the model's order)."""

    id: str
    title: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    questions: list[QuestionValue] = field(default_factory=list)
    source: str = "shipped"

    def json_summary(self) -> dict[str, Any]:
        """The `bank list --json` object (as Bank.json_summary)."""
        return bank_summary(self)

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["questions"] = [q.model_dump(mode) for q in self.questions]
        return data


def _follow_up(f: dict[str, Any]) -> FollowUpValue:
    when = f["when"]
    bounds = BoundsValue(**when) if isinstance(when, dict) else when
    return FollowUpValue(ask=f["ask"], when=bounds, hint=f.get("hint"))


def bank_from_plain(data: dict[str, Any]) -> BankValue:
    """The bank `core.banks.bank_to_plain` gave, rebuilt without validating it again (it was
    validated before it was cached)."""
    questions = [
        QuestionValue(**{**q, "follow_ups": [_follow_up(f) for f in q["follow_ups"]]})
        for q in data["questions"]
    ]
    return BankValue(**{**data, "questions": questions})


# --- choosing among loaded banks ------------------------------------------------------


def find_bank(banks: Mapping[str, B], bank_id: str, skipped: Mapping[str, str] | None = None) -> B:
    """The bank `bank_id` names (any case, spaces around); an unknown one names the known.

    `skipped` (user banks the loader skipped -> their first problem) says why one is missing.
    """
    skipped = skipped or {}
    key = bank_id.strip().lower()
    if key in banks:
        return banks[key]
    if key in skipped:
        message = f"unknown bank {bank_id!r}: its file was skipped: {skipped[key]}"
        raise NotFound(message, kind="bank", ref=bank_id, skipped=skipped[key])
    known = ", ".join(banks) or "none"
    message = f"unknown bank {bank_id!r} (known: {known})"
    raise NotFound(message, kind="bank", ref=bank_id, known=list(banks))


def normalise_transition(transition: str) -> str:
    """`calls:conversations`, `Calls -> Conversations` and `calls→conversations` all match."""
    text = transition.strip().lower().replace("→", "->")
    if "->" not in text and text.count(":") == 1:
        text = text.replace(":", "->")
    return "->".join(part.strip() for part in text.split("->"))


def banks_for_transition(banks: Mapping[str, F], transition: str) -> list[F]:
    """Banks whose `focus` names this metric transition, in id order."""
    wanted = normalise_transition(transition)
    return [bank for bank in banks.values() if wanted in bank.focus]
