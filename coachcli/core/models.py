"""The stored records: reps, sessions, commitments, plans, metrics, goals.

These are plain dataclasses, not pydantic models, on purpose: read-only commands (`plan week`,
`remind`, `stats`, `export`) build thousands of them and must not pay pydantic's import and
validation cost. Everything that enters from outside (config, banks, answers files, imports,
command-line values) is validated by the pydantic input models beside the code that reads it,
before it becomes one of these records.
"""

from __future__ import annotations

import builtins
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, TypeVar

TIERS = ("top", "core", "developing")
COMMIT_STATUSES = ("open", "done", "partial", "missed", "dropped")
REVIEW_STATUSES = ("done", "partial", "missed", "dropped", "open")

R = TypeVar("R", bound="Record")


class Record:
    """Shared (de)serialisation: records are stored as JSON objects, keyed by `key()`."""

    nested: ClassVar[dict[str, type[Record]]] = {}

    def key(self) -> str:  # pragma: no cover - every record defines it
        raise NotImplementedError

    def to_doc(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload,no-any-return]

    @classmethod
    def from_doc(cls: type[R], doc: dict[str, Any]) -> R:
        """Build from a stored object, ignoring keys a newer coach may have added."""
        names = _FIELD_NAMES.get(cls)
        if names is None:  # dataclasses.fields() per record was a third of building one
            names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
        values = {k: v for k, v in doc.items() if k in names}
        for name, sub in cls.nested.items():
            if name in values and values[name] is not None:
                values[name] = [sub.from_doc(item) for item in values[name]]
        return cls(**values)


_FIELD_NAMES: dict[type, frozenset[str]] = {}  # each record class's field names


@dataclass
class Rep(Record):
    name: str
    slug: str
    tier: str = "core"
    slot: str | None = None  # preferred weekly slot, normalised: "tue 10:00"
    email: str | None = None
    focus: str | None = None  # a bank id
    active: bool = True
    created: str = ""  # ISO date
    notes: str = ""
    aliases: list[str] = field(default_factory=list)  # other names in transcripts and CRMs

    def key(self) -> str:
        return self.slug


@dataclass
class StatusChange(Record):
    at: str  # "YYYY-MM-DDTHH:MM"
    status: str
    session: str | None = None
    note: str | None = None
    # an edit (`commit edit`, a review that carries the due date forward): field -> [old, new];
    # the status is unchanged by it
    edited: dict[str, list[str | None]] | None = None

    def key(self) -> str:
        return self.at


@dataclass
class Commitment(Record):
    id: str
    rep: str  # slug
    text: str
    due: str | None = None  # ISO date
    measure: str | None = None
    status: str = "open"
    created: str = ""  # ISO date
    session: str | None = None  # the session that made it
    history: list[StatusChange] = field(default_factory=list)
    # how the rep will keep it going once done (a review's answer): what habit checks show
    reinforcement: str | None = None

    nested: ClassVar[dict[str, type[Record]]] = {"history": StatusChange}

    def key(self) -> str:
        return self.id

    @property
    def closed_on(self) -> str | None:
        """ISO date of the latest change to the current status (None while open)."""
        if self.status == "open":
            return None
        for change in reversed(self.history):
            if change.status == self.status and not change.edited:
                return change.at[:10]
        return None


@dataclass
class FollowUp(Record):
    ask: str
    answer: str

    def key(self) -> str:
        return self.ask


@dataclass
class Answer(Record):
    question_id: str
    ask: str
    answer: str | int | float | bool | None
    bank: str = ""
    type: str = "text"
    follow_ups: list[FollowUp] = field(default_factory=list)

    # builtins.type: in this class body `type` is the field above.
    nested: ClassVar[dict[str, builtins.type[Record]]] = {"follow_ups": FollowUp}

    def key(self) -> str:
        return f"{self.bank}/{self.question_id}"


@dataclass
class Review(Record):
    commitment: str  # commitment id
    status: str  # one of REVIEW_STATUSES
    note: str | None = None  # what the rep learned
    reinforcement: str | None = None  # for done ones: how they will keep it up
    due: str | None = None  # a new due date: still open ones move, missed/partial carry forward
    carried: str | None = None  # the commitment that carries a missed/partial one forward
    during_week: bool = False  # closed between sessions (`commit done`): status not changed

    def key(self) -> str:
        return self.commitment


# Session fields that live in the index the planner, reminders and stats read; the rest (the
# answers, tells, reviews and notes: the bulk of a store) live in a separate body file.
SESSION_INDEX_FIELDS = (
    "id",
    "rep",
    "date",
    "started",
    "minutes",
    "banks",
    "asked",
    "told",
    "reviewed",
    "commitments",
    "roles",
    "plan",
    "useful",
    "observed",
)


@dataclass
class Session(Record):
    id: str
    rep: str  # slug
    date: str  # ISO date
    started: str = ""  # "YYYY-MM-DDTHH:MM"
    minutes: int = 30
    banks: list[str] = field(default_factory=list)
    asked: int = 0  # questions actually asked (answered, not skipped)
    told: int = 0  # tells logged
    reviewed: int = 0  # commitments reviewed
    commitments: list[str] = field(default_factory=list)  # ids of commitments made
    roles: list[str] = field(default_factory=list)  # answers to `manager-role` questions
    plan: str | None = None  # key of the planned slot this session held
    useful: int | None = None  # the rep's rating of the session, 1..5 (from `feedback`)
    observed: int = 0  # observations offered after the rep spoke (not tells)
    # body
    answers: list[Answer] = field(default_factory=list)
    tells: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    notes: str = ""
    prep: dict[str, Any] | None = None  # the rep's prep form this session started with
    feedback: dict[str, Any] | None = None  # the rep's view: {useful: 1..5, comment}
    observations: list[str] = field(default_factory=list)

    nested: ClassVar[dict[str, type[Record]]] = {"answers": Answer, "reviews": Review}

    def key(self) -> str:
        return self.id

    def index_doc(self) -> dict[str, Any]:
        doc = self.to_doc()
        return {k: doc[k] for k in SESSION_INDEX_FIELDS}

    def body_doc(self) -> dict[str, Any]:
        doc = self.to_doc()
        # `rep`: a body left by a killed write (in no index) still says whose it is
        body = (
            "id",
            "rep",
            "answers",
            "tells",
            "reviews",
            "notes",
            "observations",
            "prep",
            "feedback",
        )
        return {k: doc[k] for k in body}


@dataclass
class PlannedSlot(Record):
    week: str  # "2026-W49"
    rep: str  # slug
    start: str  # "YYYY-MM-DDTHH:MM"
    end: str
    focus: str | None = None  # bank id suggested for the session
    reason: str | None = None  # why that focus
    skipped: bool = False
    skip_reason: str | None = None
    session: str | None = None  # id of the session that held it
    placed: str | None = None  # why this time: preferred slot, rhythm, moved by hand...
    transition: str | None = None  # the funnel transition the focus was chosen to work on
    method: bool = False  # the focus changes the method after flat weeks (core.escalation)

    def key(self) -> str:
        return plan_key(self.week, self.rep)


def plan_key(week: str, rep: str) -> str:
    return f"{week}:{rep}"


@dataclass
class Metric(Record):
    rep: str
    week: str  # "2026-W48"
    counts: dict[str, int] = field(default_factory=dict)

    def key(self) -> str:
        return f"{self.rep}:{self.week}"


@dataclass
class Goal(Record):
    rep: str
    metric: str
    per_week: float

    def key(self) -> str:
        return f"{self.rep}:{self.metric}"


@dataclass
class Score(Record):
    """One rating of a rep on a scorecard on one day; a second rating that day merges in."""

    rep: str
    date: str  # ISO date
    scorecard: str
    ratings: dict[str, int] = field(default_factory=dict)  # skill id -> 1..5
    session: str | None = None  # the session that rated, when one did

    def key(self) -> str:
        return score_key(self.rep, self.scorecard, self.date)


def score_key(rep: str, scorecard: str, day: str) -> str:
    return f"{rep}:{scorecard}:{day}"


@dataclass
class Prep(Record):
    """A rep's filled-in prep form, waiting for their next session (one per rep)."""

    rep: str
    date: str  # ISO date of the session it prepares
    imported: str = ""  # "YYYY-MM-DDTHH:MM"
    answers: list[dict[str, Any]] = field(default_factory=list)  # {ask, answer}
    statuses: list[dict[str, Any]] = field(default_factory=list)  # {commitment, status, note}
    feedback: dict[str, Any] | None = None  # {useful, comment} about the last session

    def key(self) -> str:
        return self.rep


@dataclass
class Call(Record):
    """Figures measured from a call's transcript (`coach call add`); never its words."""

    id: str  # "k-" and six hex digits
    rep: str  # slug
    date: str  # ISO date
    kind: str  # joint / coaching / customer
    minutes: float = 0.0
    session: str | None = None
    format: str = ""  # vtt / srt
    cues: int = 0
    speakers: list[dict[str, Any]] = field(default_factory=list)
    manager_share: float = 0.0
    rep_share: float = 0.0
    other_share: float = 0.0
    unattributed_share: float = 0.0  # talk with no speaker label
    manager_role: str | None = None  # joint calls: lead / passive participant / silent observer
    manager_questions_per_statement: float | None = None  # coaching calls
    added: str = ""  # "YYYY-MM-DDTHH:MM"
    content_hash: str = ""  # SHA-256 of the normalised cues: the same file is stored once

    def key(self) -> str:
        return self.id
