"""Question banks as values: the `Bank` and `Question` schema, and choosing among banks.

A bank is a YAML file (docs/formats.md, "Question bank"); reading and validating the
files, with located problems, is `coachcli.inputs.banks`. This module holds what every floor
agrees on: the schema pydantic checks, the default bank, and lookups over loaded banks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from coachcli.core.bank_values import (  # re-exported: the lookups need no pydantic
    bank_from_plain,
    bank_summary,
    banks_for_transition,
    find_bank,
    normalise_transition,
)
from coachcli.core.follow_ups import Bounds, FollowUpSpec, QuestionText, as_follow_up
from coachcli.core.follow_ups import short as _short
from coachcli.core.ids import KEBAB_ID
from coachcli.core.models import TIERS
from coachcli.core.rules import FUNNEL
from coachcli.errors import Problem

__all__ = [  # the lookups live in core.bank_values (no pydantic); re-exported here
    "Applies",
    "Bank",
    "Question",
    "bank_from_plain",
    "bank_to_plain",
    "banks_for_transition",
    "condition_problems",
    "find_bank",
    "normalise_transition",
]

SHIPPED = "shipped"
TRANSITIONS = tuple(f"{a}->{b}" for a, b in pairwise(FUNNEL))
MAX_SCALE_SPAN = 100

_NAME = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
_TRANSITION = re.compile(rf"^{_NAME}->{_NAME}$")


def _kebab(value: str) -> str:
    if not KEBAB_ID.match(value):
        raise ValueError(f"{value!r} is not kebab-case (lower-case words joined by -)")
    return value


def _focus(value: str) -> str:
    value = value.strip()
    if not _TRANSITION.match(value):
        raise ValueError(
            f"{_short(value)!r} is not a metric transition: use from->to, like {TRANSITIONS[0]}"
        )
    return value


def _non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _tier(value: str) -> str:
    if value not in TIERS:
        raise ValueError(f"{_short(value)!r} is not a tier: use {', '.join(TIERS)}")
    return value


Id = Annotated[str, AfterValidator(_kebab)]
Text = Annotated[str, AfterValidator(_non_empty)]


class Question(BaseModel):
    """One question of a bank; `hint` is shown to the manager only.

    `always` pins it into every session's selection; `opener` marks a question that can open
    a session (see core.session.selection); `scale_reason` says why a scale is not 1-5.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: Id
    ask: QuestionText
    type: Literal["text", "choice", "scale", "confirm"] = "text"
    hint: str | None = None
    follow_ups: list[Annotated[FollowUpSpec, BeforeValidator(as_follow_up)]] = []
    always: bool = Field(default=False, strict=True)
    opener: bool = Field(default=False, strict=True)
    scale_reason: Text | None = None
    # Defaults are validated too, so a missing range or missing choices is reported.
    choices: list[Text] | None = Field(default=None, validate_default=True)
    min: int | None = Field(default=None, validate_default=True, strict=True)
    max: int | None = Field(default=None, validate_default=True, strict=True)

    @field_validator("choices")
    @classmethod
    def _choices(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        kind = info.data.get("type")
        if kind is None:  # the type itself is invalid: already reported
            return value
        if kind != "choice":
            if value is not None:
                raise ValueError(f"only choice questions have choices (this one is {kind})")
            return value
        if not value:
            raise ValueError("a choice question needs at least 2 choices")
        seen: set[str] = set()
        for choice in value:
            if choice.casefold() in seen:
                raise ValueError(f"duplicate choice {_short(choice)!r}")
            seen.add(choice.casefold())
        if len(seen) < 2:
            raise ValueError("a choice question needs at least 2 choices")
        return value

    @field_validator("min", "max")
    @classmethod
    def _range(cls, value: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("type")
        if kind is None:
            return value
        if kind != "scale":
            if value is not None:
                field = info.field_name
                raise ValueError(f"only scale questions have {field} (this one is {kind})")
            return value
        if value is None:
            raise ValueError("a scale question needs min and max, like min: 1, max: 5")
        low = info.data.get("min")
        if info.field_name == "max" and low is not None:
            if value <= low:
                raise ValueError(f"max ({value}) must be greater than min ({low})")
            if value - low > MAX_SCALE_SPAN:
                raise ValueError(f"the scale spans {value - low}; keep it within {MAX_SCALE_SPAN}")
        return value


class Applies(BaseModel):
    """When the planner may suggest a bank (`applies:`): every condition given must hold.

    `recording_days`: a call of the rep was measured (`coach call add`) in the last N days;
    `joint_call`: a joint call was measured this week or last week, or the rep's focus for
    the planned week is a joint call (false: none); `tenure_under_weeks`: the rep was added
    fewer than N weeks ago; `tier`: the rep's tier is one of these; `overdue`: the rep has an
    overdue commitment (false: none). The rule itself is `core.bank_values.applies_failures`.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    recording_days: int | None = Field(default=None, ge=1, le=366, strict=True)
    joint_call: bool | None = Field(default=None, strict=True)
    tenure_under_weeks: int | None = Field(default=None, ge=1, le=520, strict=True)
    tier: list[Annotated[str, AfterValidator(_tier)]] | None = Field(default=None, min_length=1)
    overdue: bool | None = Field(default=None, strict=True)


class Bank(BaseModel):
    """A question bank; `source` is set by the loader ("shipped" or the file's path).

    `ask: all` asks the whole bank, in order, every time (a checklist); the default,
    `selection`, asks what one session holds, rotating (core.session.selection).
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: Id
    title: Text
    summary: str = ""
    tags: list[Text] = []
    ask: Literal["all", "selection"] = "selection"
    applies: Applies | None = None
    focus: list[Annotated[str, AfterValidator(_focus)]] = []
    skills: list[Id] = []  # scorecard skill ids this bank develops (`coach score`)
    questions: list[Question] = Field(min_length=1)
    source: str = SHIPPED

    def json_summary(self) -> dict[str, Any]:
        """The `bank list --json` object."""
        return bank_summary(self)


# --- choosing among loaded banks: pure lookups, in core.bank_values (no pydantic) ----------

# --- checks across a question's fields (the loader locates them) ----------------------------

SCALE = (1, 5)  # the one scale; another needs a `scale_reason`
Locate = Callable[[tuple[str | int, ...], str, str], Problem]


def condition_problems(
    bank: Bank, at: Locate, shipped: bool
) -> tuple[list[Problem], list[Problem]]:
    """What the question's type makes wrong in its follow-ups' `when`, and scales off 1-5
    with no `scale_reason` (an error in a shipped bank, a warning in a user bank)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for i, q in enumerate(bank.questions):
        for j, follow in enumerate(q.follow_ups):
            loc = ("questions", i, "follow_ups", j, "when")
            field = f"questions[{i}].follow_ups[{j}].when"
            for k, message in _when_problems(q, follow):
                where = (*loc, k) if k is not None else loc
                name = f"{field}[{k}]" if k is not None else field
                errors.append(at(where, name, message))
        if q.type == "scale" and (q.min, q.max) != SCALE and q.scale_reason is None:
            message = (
                f"the scale is {q.min}-{q.max}; coach uses {SCALE[0]}-{SCALE[1]} everywhere: "
                "use min: 1, max: 5, or say why in scale_reason"
            )
            place = ("questions", i, "max")
            (errors if shipped else warnings).append(at(place, f"questions[{i}].max", message))
        if q.scale_reason is not None and q.type != "scale":
            place = ("questions", i, "scale_reason")
            message = f"only scale questions have it (this one is {q.type})"
            errors.append(at(place, f"questions[{i}].scale_reason", message))
    return errors, warnings


def _when_problems(q: Question, follow: FollowUpSpec) -> list[tuple[int | None, str]]:
    when = follow.when
    if when is None:
        return []
    if isinstance(when, Bounds):
        if q.type != "scale":
            return [(None, f"at_most/at_least need a scale question (this one is {q.type})")]
        low, high = q.min or 0, q.max or 0
        out: list[tuple[int | None, str]] = []
        for name, value in (("at_least", when.at_least), ("at_most", when.at_most)):
            if value is not None and not low <= value <= high:
                out.append((None, f"{name} {value} is outside the scale {low} to {high}"))
        low_set, high_set = when.at_least, when.at_most
        if not out and low_set is not None and high_set is not None and low_set > high_set:
            out.append((None, f"at_least {low_set} is above at_most {high_set}"))
        return out
    if q.type != "choice":
        return [(None, f"a list of choices needs a choice question (this one is {q.type})")]
    known = {c.casefold() for c in q.choices or []}
    return [
        (k, f"{value!r} is not one of the choices: {', '.join(q.choices or [])}")
        for k, value in enumerate(when)
        if value.casefold() not in known
    ]


# --- validated banks as plain data (the on-disk cache of loaded banks) ---------------------


def bank_to_plain(bank: Bank) -> dict[str, Any]:
    """A validated bank (or one read back from the cache) as JSON-ready values, for
    `core.bank_values.bank_from_plain` to rebuild without validation or pydantic."""
    data = {name: getattr(bank, name) for name in Bank.model_fields if name != "questions"}
    if bank.applies is not None:
        data["applies"] = {name: getattr(bank.applies, name) for name in Applies.model_fields}
    data["questions"] = [
        {
            **{name: getattr(q, name) for name in Question.model_fields if name != "follow_ups"},
            "follow_ups": [
                {
                    "ask": f.ask,
                    "when": (
                        f.when
                        if f.when is None or isinstance(f.when, list)
                        else {"at_most": f.when.at_most, "at_least": f.when.at_least}
                    ),
                    "hint": f.hint,
                }
                for f in q.follow_ups
            ],
        }
        for q in bank.questions
    ]
    return data
