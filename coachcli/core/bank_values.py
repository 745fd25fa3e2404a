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
    def ask(self) -> str: ...

    @property
    def applies(self) -> Any: ...

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
        "ask": bank.ask,
        "applies": applies_plain(bank.applies),
        "focus": list(bank.focus),
        "skills": list(bank.skills),
        "tags": list(bank.tags),
        "source": bank.source,
    }


# --- when a bank applies (`applies:`) ---------------------------------------------------

APPLIES_FIELDS = ("recording_days", "joint_call", "tenure_under_weeks", "tier", "overdue")


class _Applies(Protocol):
    @property
    def recording_days(self) -> int | None: ...

    @property
    def joint_call(self) -> bool | None: ...

    @property
    def tenure_under_weeks(self) -> int | None: ...

    @property
    def tier(self) -> list[str] | None: ...

    @property
    def overdue(self) -> bool | None: ...


@dataclass(frozen=True, slots=True)
class RepFacts:
    """What a bank's `applies:` conditions are checked against, for one rep on one day.

    `recorded_days_ago`: days since the rep's latest measured customer or joint call (None:
    none); `joint_call`: a joint call measured this week or last week, or one planned (the
    rep's own focus is a joint-call bank); `tenure_weeks`: whole weeks since the rep was added
    (None: unknown, which is never "new"); `overdue`: an open commitment past its due date.
    """

    tier: str = "core"
    recorded_days_ago: int | None = None
    joint_call: bool = False
    tenure_weeks: int | None = None
    overdue: bool = False


def applies_plain(applies: _Applies | None) -> dict[str, Any] | None:
    """`applies:` as JSON-ready values with only the conditions given (None: always)."""
    if applies is None:
        return None
    values = {name: getattr(applies, name) for name in APPLIES_FIELDS}
    return {name: value for name, value in values.items() if value is not None}


def describe_applies(applies: _Applies | None) -> list[str]:
    """Each condition of `applies:` in words, in the schema's order."""
    if applies is None:
        return []
    out: list[str] = []
    if applies.recording_days is not None:
        out.append(f"a call measured in the last {applies.recording_days} days")
    if applies.joint_call is not None:
        out.append("a joint call this week or last" if applies.joint_call else "no joint call")
    if applies.tenure_under_weeks is not None:
        out.append(f"rep added under {applies.tenure_under_weeks} weeks ago")
    if applies.tier is not None:
        out.append(f"tier {' or '.join(applies.tier)}")
    if applies.overdue is not None:
        out.append("an overdue commitment" if applies.overdue else "no overdue commitment")
    return out


def applies_failures(applies: _Applies | None, facts: RepFacts) -> list[str]:
    """The conditions of `applies:` that `facts` do not meet, in words; [] when it applies."""
    if applies is None:
        return []
    failed: list[str] = []
    days = applies.recording_days
    if days is not None and (facts.recorded_days_ago is None or facts.recorded_days_ago > days):
        failed.append(f"no call measured in the last {days} days")
    if applies.joint_call is not None and applies.joint_call != facts.joint_call:
        failed.append("no joint call this week or last" if applies.joint_call else "a joint call")
    weeks = applies.tenure_under_weeks
    if weeks is not None and (facts.tenure_weeks is None or facts.tenure_weeks >= weeks):
        failed.append(f"not added in the last {weeks} weeks")
    if applies.tier is not None and facts.tier not in applies.tier:
        failed.append(f"tier {facts.tier}, not {' or '.join(applies.tier)}")
    if applies.overdue is not None and applies.overdue != facts.overdue:
        failed.append("no overdue commitment" if applies.overdue else "an overdue commitment")
    return failed


@dataclass(slots=True)
class AppliesValue:
    """core.banks.Applies, read back."""

    recording_days: int | None = None
    joint_call: bool | None = None
    tenure_under_weeks: int | None = None
    tier: list[str] | None = None
    overdue: bool | None = None

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        return {name: getattr(self, name) for name in APPLIES_FIELDS}


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
    ask: str = "selection"
    applies: AppliesValue | None = None
    focus: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    questions: list[QuestionValue] = field(default_factory=list)
    source: str = "shipped"

    def json_summary(self) -> dict[str, Any]:
        """The `bank list --json` object (as Bank.json_summary)."""
        return bank_summary(self)

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["applies"] = None if self.applies is None else self.applies.model_dump(mode)
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
    applies = data.get("applies")
    rebuilt = None if applies is None else AppliesValue(**applies)
    return BankValue(**{**data, "applies": rebuilt, "questions": questions})


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
