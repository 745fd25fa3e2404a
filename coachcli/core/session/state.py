"""The state and context of one coaching session: what it starts from and what was typed.

`Context` is read from the store once, before the first prompt (services.session_context);
`State` is everything typed so far, saved as the draft after every answer and built the same
way from an answers file (inputs.answers_file). Both the interactive flow (core.session.flow)
and the save (services.sessions) work on these.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.core.models import (
    Answer,
    Commitment,
    PlannedSlot,
    Rep,
    Review,
)
from coachcli.core.rules import TIMEBOX_MINUTES
from coachcli.core.weeks import fmt_minute
from coachcli.errors import CoachError, DamagedDraft

if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.core.scorecards import Scorecard

MAX_DUE_DAYS = 731  # a commitment is due within two years


@dataclass
class Clock:
    """The clock port: a monotonic timer for the 30 minutes, and the wall clock for stamps."""

    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = datetime.now


@dataclass
class Context:
    """What the flow needs from the store, read once from a snapshot before any prompt."""

    rep: Rep
    today: date
    open_commitments: list[Commitment]
    last_session: str | None  # ISO date of the latest earlier session
    plan: PlannedSlot | None  # this week's planned slot for the rep
    next_planned: date | None  # the rep's next planned session after today
    suggested: str  # bank id
    reason: str  # why that bank
    banks: dict[str, Bank]  # every known bank, by id
    numbers: list[str] = field(default_factory=list)  # weakest conversion and goal pacing
    asked_before: dict[str, str] = field(default_factory=dict)  # "bank/question" -> ISO date
    ask_all: bool = False  # `--all`: every question of the banks, no selection
    skipped: dict[str, str] = field(default_factory=dict)  # broken user banks -> why
    # closed between sessions (`commit done` during the week), reviewed after the open ones
    closed_since: list[Commitment] = field(default_factory=list)
    ratios: list[str] = field(default_factory=list)  # the rep's ratios beside the team's
    pacing: list[str] = field(default_factory=list)  # this week's pacing against the goals
    # measured calls, by bank id: the joint call being debriefed, the call under review
    call_notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def to_review(self) -> list[Commitment]:
        return self.open_commitments + self.closed_since

    prep: dict[str, Any] | None = None  # the rep's imported prep form, shown first
    # Scorecards by id, loaded only when a session rates skills (`--score`, `scores:`).
    scorecards: Callable[[], dict[str, Scorecard]] | None = None

    @property
    def default_due(self) -> date:
        return self.next_planned or self.today + timedelta(days=7)


@dataclass
class State:
    """Everything typed so far; saved as the draft after every answer."""

    rep: str
    today: str
    started: str
    banks: list[str] = field(default_factory=list)
    stage: str = "bank"  # bank, reviews, questions, commitments, notes, done
    position: int = 0  # next question, in the flat list of the banks' questions
    elapsed: float = 0.0  # seconds spent before the current run
    reviews: list[Review] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)  # "bank/question" -> answer
    skipped: list[str] = field(default_factory=list)
    tells: list[str] = field(default_factory=list)
    commitments: list[dict[str, str | None]] = field(default_factory=list)  # text, due, measure
    pending: dict[str, Any] | None = None  # a review or commitment half typed
    notes: str = ""
    minutes: int | None = None  # fixed by an answers file; else the time spent
    selected: list[str] | None = None  # "bank/question" keys to ask; None: every question
    observations: list[str] = field(default_factory=list)
    review_pos: int = 0  # next commitment to review, in Context.to_review
    last_answered: str | None = None  # "bank/question" that /follow attaches to
    typed: dict[str, str] | None = None  # {"prompt", "text"}: half typed when paused
    wrap_offered: bool = False  # the ~22-minute offer to move on to commitments was made
    offered: list[str] = field(default_factory=list)  # answers offered as commitments
    prep: dict[str, Any] | None = None  # the prep form the session started with
    feedback: dict[str, Any] | None = None  # the rep's: {useful: 1..5, comment}
    scorecard: str | None = None  # rate skills on this scorecard (`--score`, `scores:`)
    scores: dict[str, int] = field(default_factory=dict)  # skill id -> 1..5

    def to_doc(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "today": self.today,
            "started": self.started,
            "banks": list(self.banks),
            "stage": self.stage,
            "position": self.position,
            "elapsed": self.elapsed,
            "reviews": [r.to_doc() for r in self.reviews],
            "answers": [a.to_doc() for a in self.answers.values()],
            "skipped": list(self.skipped),
            "tells": list(self.tells),
            "commitments": [dict(c) for c in self.commitments],
            "pending": self.pending,
            "notes": self.notes,
            "minutes": self.minutes,
            "selected": self.selected,
            "observations": list(self.observations),
            "review_pos": self.review_pos,
            "last_answered": self.last_answered,
            "typed": self.typed,
            "wrap_offered": self.wrap_offered,
            "offered": list(self.offered),
            "prep": self.prep,
            "feedback": self.feedback,
            "scorecard": self.scorecard,
            "scores": dict(self.scores),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> State:
        try:
            answers = [Answer.from_doc(a) for a in doc.get("answers", [])]
            return cls(
                rep=str(doc["rep"]),
                today=str(doc["today"]),
                started=str(doc["started"]),
                banks=[str(b) for b in doc.get("banks", [])],
                stage=str(doc.get("stage", "bank")),
                position=int(doc.get("position", 0)),
                elapsed=float(doc.get("elapsed", 0.0)),
                reviews=[Review.from_doc(r) for r in doc.get("reviews", [])],
                answers={a.key(): a for a in answers},
                skipped=[str(s) for s in doc.get("skipped", [])],
                tells=[str(t) for t in doc.get("tells", [])],
                commitments=list(doc.get("commitments", [])),
                pending=doc.get("pending"),
                notes=str(doc.get("notes", "")),
                minutes=doc.get("minutes"),
                selected=_keys(doc.get("selected")),
                observations=[str(o) for o in doc.get("observations", [])],
                review_pos=int(doc.get("review_pos", len(doc.get("reviews", [])))),
                last_answered=doc.get("last_answered"),
                typed=doc.get("typed"),
                wrap_offered=bool(doc.get("wrap_offered", False)),
                offered=[str(o) for o in doc.get("offered", [])],
                prep=doc.get("prep"),
                feedback=doc.get("feedback"),
                scorecard=doc.get("scorecard"),
                scores={str(k): int(v) for k, v in (doc.get("scores") or {}).items()},
            )
        except (KeyError, TypeError, ValueError):
            raise DamagedDraft(
                f"the draft for {doc.get('rep', '?')} is damaged", rep=str(doc.get("rep", "REP"))
            ) from None

    def is_empty(self) -> bool:
        """Nothing typed yet that would be worth a draft (a bank choice is quickly redone)."""
        return (
            self.stage in ("bank", "reviews")
            and not (self.reviews or self.answers or self.tells or self.commitments)
            and not (self.pending or self.notes or self.skipped or self.observations)
            and not (self.typed and self.typed.get("text"))
        )

    # the index numbers of the session, from what was typed
    @property
    def asked(self) -> int:
        answered = sum(1 for a in self.answers.values() if a.answer is not None)
        return answered + sum(len(a.follow_ups) for a in self.answers.values())

    def minutes_used(self, elapsed: float | None = None) -> int:
        if self.minutes is not None:
            return self.minutes
        seconds = self.elapsed if elapsed is None else elapsed
        return max(1, math.ceil(seconds / 60))


def _keys(value: Any) -> list[str] | None:
    return None if value is None else [str(k) for k in value]


def new_state(ctx: Context, clock: Clock, banks: list[str] | None = None) -> State:
    started = datetime.combine(ctx.today, clock.now().time())
    state = State(rep=ctx.rep.slug, today=ctx.today.isoformat(), started=fmt_minute(started))
    state.prep = ctx.prep
    if banks:
        state.banks = list(dict.fromkeys(banks))
        state.selected = selection_for(ctx, state.banks)
        state.stage = "reviews"
    return state


def selection_for(ctx: Context, bank_ids: list[str]) -> list[str]:
    """The question keys a session over these banks asks (see core.session.selection)."""
    from coachcli.core.session.selection import select

    chosen = [ctx.banks[b] for b in bank_ids if b in ctx.banks]
    picked = select(chosen, ctx.asked_before, len(ctx.open_commitments), everything=ctx.ask_all)
    return [p.key for p in picked]


def check_banks(ctx: Context, bank_ids: list[str]) -> list[str]:
    """Bank ids as given by `--bank`, normalised; an unknown one is an error naming it."""
    from coachcli.core.bank_values import find_bank

    return [find_bank(ctx.banks, bank_id, ctx.skipped).id for bank_id in bank_ids]


def header(ctx: Context) -> list[str]:
    rep = ctx.rep
    if ctx.last_session is None:
        last = "first session"
    else:
        days = (ctx.today - date.fromisoformat(ctx.last_session)).days
        last = "last session today" if days == 0 else f"last session {days} day(s) ago"
    count = len(ctx.open_commitments)
    closed = f", {len(ctx.closed_since)} closed since" if ctx.closed_since else ""
    return [
        f"{rep.name} ({rep.tier}) · {last} · {count} open commitment(s){closed}",
        f"Suggested focus: {ctx.suggested} ({ctx.reason}) · {TIMEBOX_MINUTES}-minute timebox",
        *ctx.numbers,
    ]


def parse_due(raw: str, today: date) -> date:
    """A due date: ISO (`2026-12-04`) or `+N` days; not in the past, within two years."""
    text = raw.strip()
    try:
        due = (
            today + timedelta(days=int(text[1:]))
            if text.startswith("+")
            else date.fromisoformat(text)
        )
    except ValueError:
        raise CoachError(f"invalid due date {raw!r}: use YYYY-MM-DD or +DAYS, like +7") from None
    if due < today:
        raise CoachError(f"due date {due.isoformat()} is before the session ({today.isoformat()})")
    if due > today + timedelta(days=MAX_DUE_DAYS):
        raise CoachError(f"due date {due.isoformat()} is more than two years away")
    return due
