"""Question banks as values: the `Bank` and `Question` schema, and choosing among banks.

A bank is a YAML file (see CONTRACT.md, "Question bank file"); reading and validating the
files, with located problems, is `coachcli.inputs.banks`. This module holds what every floor
agrees on: the schema pydantic checks, the default bank, and lookups over loaded banks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from coachcli.errors import CoachError

SHIPPED = "shipped"
DEFAULT_BANK = "weekly-checkin"
FUNNEL = ("calls", "conversations", "meetings", "opportunities", "proposals", "won")
TRANSITIONS = tuple(f"{a}->{b}" for a, b in pairwise(FUNNEL))
MAX_SCALE_SPAN = 100

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
_TRANSITION = re.compile(rf"^{_NAME}->{_NAME}$")


def _kebab(value: str) -> str:
    if not _KEBAB.match(value):
        raise ValueError(f"{value!r} is not kebab-case (lower-case words joined by -)")
    return value


def _question_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if not value.endswith("?"):
        raise ValueError(f"{_short(value)!r} is not a question: end it with '?'")
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


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


Id = Annotated[str, AfterValidator(_kebab)]
QuestionText = Annotated[str, AfterValidator(_question_text)]
Text = Annotated[str, AfterValidator(_non_empty)]


class Question(BaseModel):
    """One question of a bank; `hint` is shown to the manager only."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    ask: QuestionText
    type: Literal["text", "choice", "scale", "confirm"] = "text"
    hint: str | None = None
    follow_ups: list[QuestionText] = []
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


class Bank(BaseModel):
    """A question bank; `source` is set by the loader ("shipped" or the file's path)."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    title: Text
    summary: str = ""
    tags: list[Text] = []
    focus: list[Annotated[str, AfterValidator(_focus)]] = []
    questions: list[Question] = Field(min_length=1)
    source: str = SHIPPED

    def json_summary(self) -> dict[str, Any]:
        """The `bank list --json` object."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "questions": len(self.questions),
            "focus": list(self.focus),
            "tags": list(self.tags),
            "source": self.source,
        }


# --- choosing among loaded banks ------------------------------------------------------


def find_bank(
    banks: Mapping[str, Bank], bank_id: str, skipped: Mapping[str, str] | None = None
) -> Bank:
    """The bank `bank_id` names (any case, spaces around); an unknown one names the known.

    `skipped` (user banks the loader skipped -> their first problem) says why one is missing.
    """
    skipped = skipped or {}
    key = bank_id.strip().lower()
    if key in banks:
        return banks[key]
    if key in skipped:
        raise CoachError(
            f"unknown bank {bank_id!r}: its file was skipped: {skipped[key]}",
            hint="fix it; `coach bank validate PATH` lists every problem",
        )
    known = ", ".join(banks) or "none"
    raise CoachError(f"unknown bank {bank_id!r} (known: {known})", hint="see `coach bank list`")


def normalise_transition(transition: str) -> str:
    """`calls:conversations`, `Calls -> Conversations` and `calls→conversations` all match."""
    text = transition.strip().lower().replace("→", "->")
    if "->" not in text and text.count(":") == 1:
        text = text.replace(":", "->")
    return "->".join(part.strip() for part in text.split("->"))


def banks_for_transition(banks: Mapping[str, Bank], transition: str) -> list[Bank]:
    """Banks whose `focus` names this metric transition, in id order."""
    wanted = normalise_transition(transition)
    return [bank for bank in banks.values() if wanted in bank.focus]
