"""Follow-ups that branch on the answer (`when:`).

A follow-up is a plain question (asked every time) or `{ask, when}`: `when` is a list of the
question's choices, or `{at_most: N}` / `{at_least: N}` (or both) for a scale question.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_serializer

from coachcli.core.bank_values import when_applies, when_condition


def short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def question_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if not value.endswith("?"):
        raise ValueError(f"{short(value)!r} is not a question: end it with '?'")
    return value


QuestionText = Annotated[str, AfterValidator(question_text)]


class Bounds(BaseModel):
    """`when: {at_most: 2}` / `{at_least: 4}` (or both) on a scale question's follow-up."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    at_most: int | None = None
    at_least: int | None = None

    def matches(self, value: int) -> bool:
        low_ok = self.at_least is None or value >= self.at_least
        return low_ok and (self.at_most is None or value <= self.at_most)

    def describe(self) -> str:
        parts = [f"at least {self.at_least}"] if self.at_least is not None else []
        parts += [f"at most {self.at_most}"] if self.at_most is not None else []
        return " and ".join(parts)


def _when(value: Any) -> Any:
    """A choice list or scale bounds; anything else says what `when` takes."""
    if value is None or isinstance(value, Bounds):
        return value
    if isinstance(value, list):
        if not value:
            raise ValueError("name at least one choice, or leave `when` out")
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError("every choice in `when` must be non-empty text")
        return [v.strip() for v in value]
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in ("at_most", "at_least"))
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}: use at_most or at_least")
        if not value:
            raise ValueError("give at_most, at_least or both")
        for key, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int):
                raise ValueError(f"{key} must be a whole number")
        return Bounds(**value)
    raise ValueError(
        "use a list of choices, like [lead, observer], or {at_most: N} / {at_least: N}"
    )


def as_follow_up(value: Any) -> Any:
    return {"ask": value} if isinstance(value, str) else value


class FollowUpSpec(BaseModel):
    """A follow-up; with `when`, asked only if the answer is one of those choices or within
    those bounds. A plain string in the file is a follow-up with no condition."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    ask: QuestionText
    when: Annotated[list[str] | Bounds | None, BeforeValidator(_when)] = None
    hint: str | None = None  # for the manager, like a question's hint

    @model_serializer(mode="wrap")
    def _plain(self, handler: Any) -> Any:
        # A follow-up with nothing but its ask reads back as the string it was written as.
        if self.when is None and self.hint is None:
            return self.ask
        data = handler(self)
        if self.hint is None:
            data.pop("hint", None)
        return data

    def applies(self, answer: object) -> bool:
        """Whether to ask it after `answer` (a choice or a scale number); None: not asked."""
        return when_applies(self.when, answer)

    def condition(self) -> str:
        """`when` for people: "if lead or observer", "if at most 2"; "" with no condition."""
        return when_condition(self.when)
