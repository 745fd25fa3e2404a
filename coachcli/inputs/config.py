"""`config.yaml`: the manager's working week, validated by pydantic.

A missing file means the defaults; a malformed one is a user error naming file, line and field.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coachcli.core.escalation import ESCALATE_AFTER
from coachcli.core.rules import FUNNEL, MIN_SAMPLE
from coachcli.core.weeks import WEEKDAYS

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str) -> time:
    match = _HHMM.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time like 09:30")
    return time(int(match.group(1)), int(match.group(2)))


class Span(BaseModel):
    """A daily time span like 09:00-17:00."""

    model_config = ConfigDict(extra="forbid")
    start: str
    end: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if parse_hhmm(self.start) >= parse_hhmm(self.end):
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class CallRoles(BaseModel):
    """When the manager counts as leading, or silent, on a measured joint call."""

    model_config = ConfigDict(extra="forbid")
    lead_ratio: float = Field(1.0, gt=0, le=100)  # manager talk >= this x the rep's: lead
    silent_share: float = Field(0.05, ge=0, le=1)  # manager's share of talk under this: silent


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    manager: str = ""
    manager_email: str | None = None  # From: of `coach recap --format eml`
    working_days: list[str] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    working_hours: Span = Field(default_factory=lambda: Span(start="09:00", end="17:00"))
    lunch: Span | None = Field(default_factory=lambda: Span(start="12:00", end="13:00"))
    session_minutes: int = Field(30, ge=10, le=120)
    max_sessions_per_day: int = Field(3, ge=1, le=20)
    week_start: str = "mon"
    timezone: str | None = None  # IANA name; default: the machine's local zone
    funnel: list[str] = Field(default_factory=lambda: list(FUNNEL), min_length=2)
    call_roles: CallRoles = Field(default_factory=CallRoles)
    # A ratio over fewer of the earlier step (summed over the window) is "not enough data".
    min_sample: int = Field(MIN_SAMPLE, ge=1, le=1_000_000)
    monologue_gap: float = Field(5.0, gt=0, le=3600)  # seconds of silence that end a monologue
    # Sessions in a row on one transition with no change before the method changes.
    escalate_after: int = Field(ESCALATE_AFTER, ge=2, le=52)

    @field_validator("working_days")
    @classmethod
    def _days(cls, days: list[str]) -> list[str]:
        out = [d.strip().lower()[:3] for d in days]
        bad = [d for d in out if d not in WEEKDAYS]
        if bad or not out:
            raise ValueError(f"use weekday names like {', '.join(WEEKDAYS[:5])}")
        return sorted(set(out), key=WEEKDAYS.index)

    @field_validator("week_start")
    @classmethod
    def _week_start(cls, day: str) -> str:
        day = day.strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ValueError("use a weekday name like mon")
        return day

    @field_validator("working_hours", "lunch", mode="before")
    @classmethod
    def _span_text(cls, value: Any) -> Any:
        """Accept `09:00-17:00` as well as a mapping with start and end."""
        if isinstance(value, str) and "-" in value:
            start, end = value.split("-", 1)
            return {"start": start.strip(), "end": end.strip()}
        return value

    @field_validator("funnel")
    @classmethod
    def _funnel(cls, steps: list[str]) -> list[str]:
        cleaned = [s.strip().lower() for s in steps]
        if len(set(cleaned)) != len(cleaned) or not all(cleaned):
            raise ValueError("funnel steps must be distinct, non-empty names")
        return cleaned


DEFAULT_CONFIG_TEXT = """\
# coach configuration. Times are local, HH:MM.
manager: ""                     # your name, shown on exports
# manager_email: you@example.com  # From: of recap emails (coach recap --format eml)
working_days: [mon, tue, wed, thu, fri]
working_hours: "09:00-17:00"
lunch: "12:00-13:00"            # no sessions are planned over lunch; null for none
session_minutes: 30
max_sessions_per_day: 3
week_start: mon
# timezone: Europe/Berlin       # default: this machine's local time zone
funnel: [calls, conversations, meetings, opportunities, proposals, won]
min_sample: 20                  # fewer of the earlier step in the window: "not enough data"
escalate_after: 4               # sessions on one step with no change: change the method
# call_roles:                   # the manager's role on a measured joint call (coach call add)
#   lead_ratio: 1.0             # lead: talked at least this many times as long as the rep
#   silent_share: 0.05          # silent observer: under this share of all talk
# monologue_gap: 5              # seconds of silence that end a monologue on a measured call
"""


def read_config(path: Path) -> Config:
    """The config file at `path`; defaults when there is none."""
    if not path.exists():
        return Config()
    from coachcli.errors import ProblemList
    from coachcli.inputs.yamlio import load_yaml_mapping, validate

    try:
        data, lines = load_yaml_mapping(path)
        return validate(Config, data, path, lines)
    except ProblemList as exc:
        # Every command that plans or dates reads the config: say how to get going again.
        exc.hint = exc.hint or (
            f"fix {path} at the line shown (`coach init` leaves an existing config alone; "
            f"move it aside and run it again for a fresh one)"
        )
        raise
