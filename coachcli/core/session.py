"""The coaching session as plain steps: review, ask, commit, note, save.

The flow asks through a `Prompter` (coachcli.prompter) and never touches a terminal; an
answers file builds the same `State` without prompts (core.answers_file). The store is read
once, into a `Context`, before the first prompt; every answer rewrites a small draft file
(core.drafts); the session, its new commitments, the reviewed commitments and the planned
slot are written in one locked store write at the end (`save`).

Keys at a text or scale question: an answer, Enter alone to skip, or one of the commands in
`HELP` (`/skip`, `/back`, `/tell ADVICE`, `/follow QUESTION`; `//` starts an answer with /).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core import drafts
from coachcli.core.commitments import change_status, new_commitment, open_for
from coachcli.core.models import (
    Answer,
    Commitment,
    FollowUp,
    PlannedSlot,
    Rep,
    Review,
    Session,
    plan_key,
)
from coachcli.core.text import clean_line, clean_text
from coachcli.core.weeks import fmt_minute, week_of
from coachcli.errors import CoachError, Interrupted

if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Question
    from coachcli.prompter import Option, Prompter
    from coachcli.store.repository import Repository, Store

TIMEBOX_MINUTES = 30
DEFAULT_BANK = "weekly-checkin"
ROLE_QUESTION = "manager-role"
MAX_DUE_DAYS = 731  # a commitment is due within two years
COMMANDS = ("skip", "back", "tell", "follow")
HELP = (
    "Keys: Enter on an empty answer skips; /skip, /back, /tell ADVICE (log advice you gave), "
    "/follow QUESTION (ask your own follow-up); /s /b /t /f for short; Ctrl-C pauses."
)
REVIEW_OPTIONS: list[tuple[str, str]] = [
    ("done", "done"),
    ("partial", "partial"),
    ("missed", "missed"),
    ("dropped", "dropped"),
    ("open", "still open"),
]
COMMAND_OPTIONS: list[tuple[str, str]] = [
    ("/skip", "(skip)"),
    ("/back", "(back to the previous question)"),
    ("/tell", "(log a tell: advice I gave)"),
    ("/follow", "(ask my own follow-up)"),
]


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
                answers={f"{a.bank}/{a.question_id}": a for a in answers},
                skipped=[str(s) for s in doc.get("skipped", [])],
                tells=[str(t) for t in doc.get("tells", [])],
                commitments=list(doc.get("commitments", [])),
                pending=doc.get("pending"),
                notes=str(doc.get("notes", "")),
                minutes=doc.get("minutes"),
            )
        except (KeyError, TypeError, ValueError):
            raise CoachError(
                f"the draft for {doc.get('rep', '?')} is damaged",
                hint=f"discard it with `coach session discard {doc.get('rep', 'REP')}`",
            ) from None

    def is_empty(self) -> bool:
        """Nothing typed yet that would be worth a draft (a bank choice is quickly redone)."""
        return (
            self.stage in ("bank", "reviews")
            and not (self.reviews or self.answers or self.tells or self.commitments)
            and not (self.pending or self.notes or self.skipped)
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


# --- reading the store once ----------------------------------------------------------------


def load_context(
    repo: Repository, home: Path, rep_ref: str, today: date, *, numbers: bool = True
) -> Context:
    """The rep, their open commitments, history and plan, and the banks: all before prompting.

    `numbers=False` (an answers file: no header to show) skips the metrics and goals unless
    the suggested bank depends on them.
    """
    from coachcli.config import load_config
    from coachcli.core.banks import load_banks
    from coachcli.core.metrics import pacing_for
    from coachcli.core.roster import resolve
    from coachcli.core.scheduler import weakest_banks

    rep = resolve(repo.reps.all(), rep_ref)
    banks = load_banks(home)
    day = today.isoformat()
    mine = repo.sessions.where(lambda d: d.get("rep") == rep.slug)  # index rows only
    earlier = [s.date for s in mine if s.date <= day]
    slot = repo.plans.get(plan_key(week_of(today), rep.slug))
    upcoming = sorted(
        p.start[:10]
        for p in repo.plans.where(lambda d: d.get("rep") == rep.slug)
        if not p.skipped and not p.session and p.start[:10] > day
    )
    planned = slot.focus if slot is not None and slot.focus in banks else None
    own = rep.focus if rep.focus in banks else None
    need_weakest = numbers or not (planned or own)
    weakest = weakest_banks(repo, [rep.slug], today).get(rep.slug) if need_weakest else None
    if planned:
        suggested, reason = planned, "this week's plan"
    elif own:
        suggested, reason = own, f"{rep.name}'s focus"
    elif weakest and weakest[0] in banks:
        suggested, reason = weakest[0], f"weakest conversion: {weakest[1]}"
    else:
        suggested, reason = DEFAULT_BANK, "the default"
    lines = [f"Weakest conversion vs the team: {weakest[1]}"] if numbers and weakest else []
    if numbers and len(repo.goals):
        paces = pacing_for(repo, load_config(home), rep.slug, today)
        lines += [f"Pacing {p.metric}: {p.actual} of {p.goal:g}/week, {p.status}" for p in paces]
    return Context(
        rep=rep,
        today=today,
        open_commitments=open_for(
            repo.commitments.where(
                lambda d: d.get("rep") == rep.slug and d.get("status") == "open"
            ),
            rep.slug,
        ),
        last_session=max(earlier) if earlier else None,
        plan=slot,
        next_planned=date.fromisoformat(upcoming[0]) if upcoming else None,
        suggested=suggested,
        reason=reason,
        banks=banks,
        numbers=lines,
    )


def new_state(ctx: Context, clock: Clock, banks: list[str] | None = None) -> State:
    started = datetime.combine(ctx.today, clock.now().time())
    state = State(rep=ctx.rep.slug, today=ctx.today.isoformat(), started=fmt_minute(started))
    if banks:
        state.banks = list(dict.fromkeys(banks))
        state.stage = "reviews"
    return state


def check_banks(ctx: Context, bank_ids: list[str]) -> list[str]:
    """Bank ids as given by `--bank`, normalised; an unknown one is an error naming it."""
    out = []
    for bank_id in bank_ids:
        key = bank_id.strip().lower()
        if key not in ctx.banks:
            known = ", ".join(ctx.banks) or "none"
            raise CoachError(
                f"unknown bank {bank_id!r} (known: {known})", hint="see `coach bank list`"
            )
        out.append(key)
    return out


def header(ctx: Context) -> list[str]:
    rep = ctx.rep
    if ctx.last_session is None:
        last = "first session"
    else:
        days = (ctx.today - date.fromisoformat(ctx.last_session)).days
        last = "last session today" if days == 0 else f"last session {days} day(s) ago"
    count = len(ctx.open_commitments)
    return [
        f"{rep.name} ({rep.tier}) · {last} · {count} open commitment(s)",
        f"Suggested focus: {ctx.suggested} ({ctx.reason}) · {TIMEBOX_MINUTES}-minute timebox",
        *ctx.numbers,
    ]


# --- commands typed at a question ----------------------------------------------------------


def parse_command(raw: str) -> tuple[str, str] | None:
    """`/tell Bring numbers` -> ("tell", "Bring numbers"); None when `raw` is an answer.

    An unknown command raises ValueError with the message to show.
    """
    text = raw.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    word, _, arg = text[1:].partition(" ")
    matches = [c for c in COMMANDS if word and c.startswith(word.lower())]
    if len(matches) != 1:
        raise ValueError(
            f"unknown command /{word}: use /skip, /back, /tell ADVICE or /follow QUESTION "
            "(start an answer with // to type a slash)"
        )
    return matches[0], arg.strip()


def _literal(raw: str) -> str:
    text = raw.strip()
    return text[1:] if text.startswith("//") else text


def _text_problem(raw: str, what: str) -> str | None:
    try:
        clean_text(raw, field=what)
    except CoachError as exc:
        return exc.message
    return None


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


# --- the interactive flow ------------------------------------------------------------------


class Flow:
    """Runs the remaining steps of `state`, asking through `prompter`.

    `on_change(state)` is called after every answer (the draft). Ctrl-C and end of input
    propagate as KeyboardInterrupt / EOFError; `run_interactive` saves the draft then.
    """

    def __init__(
        self,
        ctx: Context,
        state: State,
        prompter: Prompter,
        clock: Clock,
        on_change: Callable[[State], None],
    ) -> None:
        self.ctx = ctx
        self.state = state
        self.p = prompter
        self.clock = clock
        self.on_change = on_change
        self._t0 = clock.monotonic()
        self._base = state.elapsed

    # time ---------------------------------------------------------------------------------
    def elapsed(self) -> float:
        return self._base + (self.clock.monotonic() - self._t0)

    def timer_line(self, where: str) -> str:
        used = int(self.elapsed() // 60)
        left = TIMEBOX_MINUTES - used
        rest = f"{left} left" if left >= 0 else f"{-left} over"
        return f"[{used} min used · {rest}] {where}"

    def _changed(self) -> None:
        self.state.elapsed = self.elapsed()
        self.on_change(self.state)

    # the steps ----------------------------------------------------------------------------
    def run(self) -> State:
        s = self.state
        for line in header(self.ctx):
            self.p.note(line, style="bold")
        if s.stage != "bank":
            self.p.note(f"Resuming the session started {s.started}.", style="dim")
        self.p.note(HELP, style="dim")
        if s.stage == "bank":
            self._choose_bank()
        if s.stage == "reviews":
            self._reviews()
        if s.stage == "questions":
            self._questions()
        if s.stage == "commitments":
            self._commitments()
        if s.stage == "notes":
            self._notes()
        return s

    def _advance(self, stage: str) -> None:
        self.state.stage = stage
        self.state.pending = None
        self._changed()

    def _choose_bank(self) -> None:
        options: list[Option] = [(b.id, f"{b.id} — {b.title}") for b in self.ctx.banks.values()]
        chosen = self.p.select(
            "Which question bank?",
            options,
            default=self.ctx.suggested,
            hint=f"Enter takes the suggestion ({self.ctx.reason})",
        )
        self.state.banks = [chosen]
        self._advance("reviews")

    def _reviews(self) -> None:
        done = {r.commitment for r in self.state.reviews}
        total = len(self.ctx.open_commitments)
        if total > len(done):
            self.p.note(f"Review of open commitments ({total})", style="bold")
        for number, c in enumerate(self.ctx.open_commitments, start=1):
            if c.id not in done:
                self._review(c, number, total)
        self._advance("questions")

    def _review(self, c: Commitment, number: int, total: int) -> None:
        pending = self.state.pending
        if not pending or pending.get("commitment") != c.id:
            pending = {"kind": "review", "commitment": c.id}
        self.p.note(self.timer_line(f"review {number}/{total}"), style="dim")
        due = f" (due {c.due})" if c.due else ""
        measure = f"; we will know by: {c.measure}" if c.measure else ""
        self.p.note(f"{c.id}: {c.text}{due}{measure}")
        if "status" not in pending:
            pending["status"] = self.p.select("How did it go?", REVIEW_OPTIONS)
            self._pend(pending)
        if "note" not in pending:
            pending["note"] = self._free_text(
                "What did you learn?", "In the rep's words; Enter to skip"
            )
            self._pend(pending)
        reinforcement = None
        if pending["status"] == "done":
            reinforcement = self._free_text(
                "How will you keep this going?", "Reinforce the habit; Enter to skip"
            )
        self.state.reviews.append(
            Review(
                commitment=c.id,
                status=pending["status"],
                note=pending["note"] or None,
                reinforcement=reinforcement or None,
            )
        )
        self.state.pending = None
        self._changed()

    def _pend(self, pending: dict[str, Any]) -> None:
        self.state.pending = pending
        self._changed()

    def _free_text(self, message: str, hint: str, default: str = "", line: bool = False) -> str:
        raw = self.p.text(
            message,
            hint=hint,
            default=default,
            validate=lambda value: _text_problem(value, "answer"),
        )
        return (
            clean_line(raw, field="answer", max_chars=1000)
            if line
            else clean_text(raw, field="answer")
        )

    # questions ----------------------------------------------------------------------------
    def flat_questions(self) -> list[tuple[Bank, Question]]:
        out = []
        for bank_id in self.state.banks:
            bank = self.ctx.banks.get(bank_id)
            if bank is None:
                raise CoachError(
                    f"the bank {bank_id!r} is no longer available", hint="see `coach bank list`"
                )
            out.extend((bank, q) for q in bank.questions)
        return out

    def _questions(self) -> None:
        flat = self.flat_questions()
        order = {f"{b.id}/{q.id}": i for i, (b, q) in enumerate(flat)}
        while self.state.position < len(flat):
            i = self.state.position
            bank, question = flat[i]
            self.p.note(
                self.timer_line(f"question {i + 1}/{len(flat)} · {bank.title}"), style="dim"
            )
            outcome = self._ask(bank, question)
            if outcome == "back":
                if i == 0:
                    self.p.note("This is the first question.", style="dim")
                self.state.position = max(0, i - 1)
            else:
                self.state.position = i + 1
            self.state.answers = dict(
                sorted(self.state.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
            )
            self._changed()
        self._advance("commitments")

    def _ask(self, bank: Bank, q: Question) -> str:
        """Ask one question until it is answered, skipped or left with /back."""
        key = f"{bank.id}/{q.id}"
        while True:
            previous = self.state.answers.get(key)
            before = previous.answer if previous is not None else None
            if q.type in ("choice", "confirm"):
                values = list(q.choices or []) if q.type == "choice" else ["yes", "no"]
                options: list[Option] = [(v, v) for v in values] + COMMAND_OPTIONS
                default = None
                if before is not None:
                    default = ("yes" if before else "no") if q.type == "confirm" else str(before)
                picked = self.p.select(q.ask, options, hint=q.hint, default=default)
                command = (picked[1:], "") if picked.startswith("/") else None
                value: str | int | bool | None = None
                if command is None:
                    value = (picked == "yes") if q.type == "confirm" else picked
            else:
                raw = self.p.text(
                    q.ask,
                    hint=q.hint,
                    default="" if before is None else str(before),
                    validate=lambda text: self._problem(q, text),
                )
                command = parse_command(raw)
                value = None
                if command is None:
                    literal = _literal(raw)
                    if not literal:
                        command = ("skip", "")
                    elif q.type == "scale":
                        value = int(literal)
                    else:
                        value = clean_text(literal, field="answer")
            if command is not None:
                name, arg = command
                if name in ("skip", "back"):
                    if name == "skip":
                        self._skip(key, previous)
                    return name
                self._side_step(name, arg, bank, q)
                continue
            follow_ups = previous.follow_ups if previous is not None else []
            self.state.answers[key] = Answer(
                question_id=q.id,
                ask=q.ask,
                answer=value,
                bank=bank.id,
                type=q.type,
                follow_ups=follow_ups,
            )
            if key in self.state.skipped:
                self.state.skipped.remove(key)
            if q.follow_ups:  # else the caller saves the draft once, with the next position
                self._changed()
                if self._offer_follow_ups(bank, q) == "back":
                    continue  # re-ask the question itself, its answer as the default
            return "answered"

    def _problem(self, q: Question, raw: str) -> str | None:
        try:
            if parse_command(raw) is not None:
                return None
        except ValueError as exc:
            return str(exc)
        literal = _literal(raw)
        if q.type == "scale" and literal:
            low, high = q.min or 0, q.max or 0
            try:
                number = int(literal)
            except ValueError:
                return f"type a whole number from {low} to {high} (or a /command)"
            if not low <= number <= high:
                return f"type a whole number from {low} to {high}"
            return None
        return _text_problem(raw, "answer")

    def _skip(self, key: str, previous: Answer | None) -> None:
        if previous is not None and previous.follow_ups:
            previous.answer = None  # keep the follow-ups that were asked
        else:
            self.state.answers.pop(key, None)
        if key not in self.state.skipped:
            self.state.skipped.append(key)
        self._changed()

    def _side_step(self, name: str, arg: str, bank: Bank, q: Question) -> None:
        """/tell and /follow: record, then come back to the same question."""
        if name == "tell":
            advice = arg or self._free_text(
                "What advice did you give?", "Logged as a tell", line=False
            )
            advice = clean_text(advice, field="tell")
            if advice:
                self.state.tells.append(advice)
                self.p.note(f"tell logged ({len(self.state.tells)} so far)", style="dim")
                self._changed()
            return
        ask = clean_line(arg, field="follow-up", max_chars=1000) if arg else ""
        if not ask:
            ask = self._free_text("Your follow-up question?", "Enter to cancel", line=True)
        if ask:
            self._follow_up(bank, q, ask)

    def _follow_up(self, bank: Bank, q: Question, ask: str, default: str = "") -> str | None:
        """Ask one follow-up; "skip" (no more follow-ups) or "back" (to the question) or None."""
        key = f"{bank.id}/{q.id}"
        raw = self.p.text(
            f"↳ {ask}",
            hint="Enter to go on",
            default=default,
            validate=lambda value: self._follow_problem(value),
        )
        command = parse_command(raw)
        if command is not None:
            name, arg = command
            if name in ("skip", "back"):
                return name
            self._side_step(name, arg, bank, q)
            return self._follow_up(bank, q, ask, default)
        answer = clean_text(_literal(raw), field="answer")
        if not answer:
            return None
        target = self.state.answers.get(key)
        if target is None:
            target = Answer(question_id=q.id, ask=q.ask, answer=None, bank=bank.id, type=q.type)
            self.state.answers[key] = target
        target.follow_ups = [f for f in target.follow_ups if f.ask != ask]
        target.follow_ups.append(FollowUp(ask=ask, answer=answer))
        self._changed()
        return None

    def _follow_problem(self, raw: str) -> str | None:
        try:
            parse_command(raw)
        except ValueError as exc:
            return str(exc)
        return _text_problem(raw, "answer")

    def _offer_follow_ups(self, bank: Bank, q: Question) -> str | None:
        key = f"{bank.id}/{q.id}"
        for ask in q.follow_ups:
            answer = self.state.answers.get(key)
            earlier = (
                next((f.answer for f in answer.follow_ups if f.ask == ask), "") if answer else ""
            )
            outcome = self._follow_up(bank, q, ask, default=earlier)
            if outcome is not None:
                return outcome
        return None

    # commitments and notes ----------------------------------------------------------------
    def _commitments(self) -> None:
        self.p.note("New commitments, in the rep's words (an empty line when done)", style="bold")
        while True:
            pending = self.state.pending or {"kind": "commitment"}
            number = len(self.state.commitments) + 1
            if "text" not in pending:
                self.p.note(self.timer_line(f"commitment {number}"), style="dim")
                text = self._free_text(
                    f"Commitment {number}: what will you do?",
                    "Their words, one concrete action; Enter on an empty line when done",
                    line=True,
                )
                if not text:
                    break
                pending["text"] = text
                self._pend(pending)
            if "due" not in pending:
                due = self.p.text(
                    "By when?",
                    hint="YYYY-MM-DD or +DAYS",
                    default=self.ctx.default_due.isoformat(),
                    validate=self._due_problem,
                )
                pending["due"] = parse_due(due, self.ctx.today).isoformat()
                self._pend(pending)
            measure = self._free_text(
                "How will we know it happened?",
                "Something you can both check; Enter to skip",
                line=True,
            )
            self.state.commitments.append(
                {"text": pending["text"], "due": pending["due"], "measure": measure or None}
            )
            self.state.pending = None
            self._changed()
        self._advance("notes")

    def _due_problem(self, raw: str) -> str | None:
        try:
            parse_due(raw, self.ctx.today)
        except CoachError as exc:
            return exc.message
        return None

    def _notes(self) -> None:
        self.p.note(self.timer_line("notes"), style="dim")
        self.state.notes = self._free_text(
            "Private notes?", "Only you see these; Enter to skip", default=self.state.notes
        )
        self._advance("done")


# --- running, summarising, saving ------------------------------------------------------------


def summary(state: State, elapsed: float | None = None) -> list[str]:
    made = len(state.commitments)
    return [
        f"Asked {state.asked} question(s), logged {len(state.tells)} tell(s)",
        f"Reviewed {len(state.reviews)} commitment(s), made {made} new",
        f"{state.minutes_used(elapsed)} of {TIMEBOX_MINUTES} minutes used",
    ]


def run_interactive(
    home: Path, ctx: Context, state: State, prompter: Prompter, clock: Clock
) -> bool:
    """Run the remaining steps; True when the manager chose to save.

    Ctrl-C or end of input at any prompt keeps the draft and raises `Interrupted` (exit 130)
    with the command that resumes.
    """
    slug = ctx.rep.slug
    writer = drafts.DraftWriter(home, slug)
    flow = Flow(ctx, state, prompter, clock, lambda s: writer.save(s.to_doc()))
    try:
        try:
            flow.run()
            state.elapsed = flow.elapsed()
            prompter.note("Summary", style="bold")
            for line in summary(state):
                prompter.note(line)
            writer.save(state.to_doc())
            keep = prompter.confirm("Save this session?", default=True)
        finally:
            if state.stage != "done":
                state.elapsed = flow.elapsed()
            writer.finish(state.to_doc())
    except (KeyboardInterrupt, EOFError):
        if state.is_empty():
            drafts.discard_draft(home, slug)
            raise Interrupted("session stopped before anything was typed; nothing kept") from None
        raise Interrupted(
            "session paused; everything typed is kept in a draft",
            hint=f"continue with `coach session resume {slug}`",
        ) from None
    return keep


def save(store: Store, state: State, clock: Clock) -> tuple[Session, list[Commitment]]:
    """One locked store write: the session, its new commitments, reviews, and the plan slot."""
    with store.write() as repo:
        return save_into(repo, state, clock)


def save_into(repo: Repository, state: State, clock: Clock) -> tuple[Session, list[Commitment]]:
    """Stage the session in a write transaction that the caller holds."""
    today = date.fromisoformat(state.today)
    at = datetime.combine(today, clock.now().time().replace(second=0, microsecond=0))
    rep = repo.reps.get(state.rep)
    if rep is None:
        raise CoachError(f"the rep {state.rep!r} is no longer in the roster")
    sid = repo.new_id("s")
    for review in state.reviews:
        commitment = repo.commitments.get(review.commitment)
        if commitment is None:
            continue
        change_status(commitment, review.status, at=at, session=sid, note=review.note)
        repo.commitments.put(commitment)
    made = []
    for item in state.commitments:
        commitment = new_commitment(
            repo.new_id("c"),
            rep.slug,
            str(item["text"]),
            created=today,
            due=date.fromisoformat(item["due"]) if item.get("due") else None,
            measure=item.get("measure"),
            session=sid,
            at=at,
        )
        repo.commitments.put(commitment)
        made.append(commitment)
    key = plan_key(week_of(today), rep.slug)
    slot = repo.plans.get(key)
    plan = None
    if slot is not None and not slot.session:
        slot.session = sid
        repo.plans.put(slot)
        plan = key
    answers = list(state.answers.values())
    session = Session(
        id=sid,
        rep=rep.slug,
        date=state.today,
        started=state.started,
        minutes=state.minutes_used(),
        banks=list(state.banks),
        asked=state.asked,
        told=len(state.tells),
        reviewed=len(state.reviews),
        commitments=[c.id for c in made],
        roles=[
            str(a.answer)
            for a in answers
            if a.question_id == ROLE_QUESTION and a.answer is not None
        ],
        plan=plan,
        answers=answers,
        tells=list(state.tells),
        reviews=list(state.reviews),
        notes=state.notes,
    )
    repo.save_session(session)
    return session, made


def save_and_clear(
    store: Store, home: Path, state: State, clock: Clock
) -> tuple[Session, list[Commitment]]:
    """Save; the draft goes only once the store write has succeeded."""
    try:
        result = save(store, state, clock)
    except CoachError as exc:
        if drafts.has_draft(home, state.rep):
            kept = f"your answers are kept: `coach session resume {state.rep}` saves them"
            exc.hint = f"{exc.hint}; {kept}" if exc.hint else kept
        raise
    drafts.discard_draft(home, state.rep)
    return result


# --- entry points for the command ------------------------------------------------------------


def start_interactive(
    store: Store,
    home: Path,
    rep_ref: str,
    *,
    today: date,
    prompter: Prompter,
    clock: Clock | None = None,
    banks: list[str] | None = None,
) -> tuple[Session, list[Commitment]] | None:
    """Run a new session (or the paused one, if the manager picks it); None if not saved."""
    clock = clock or Clock()
    ctx = load_context(store.read(), home, rep_ref, today)
    chosen = check_banks(ctx, banks) if banks else None
    draft = drafts.load_draft(home, ctx.rep.slug)
    if draft is not None:
        pick = prompter.select(
            f"{ctx.rep.name} has a paused session (started {draft.get('started', '?')}).",
            [("resume", "Resume it"), ("discard", "Discard it and start a new one")],
            default="resume",
        )
        if pick == "resume":
            return resume_interactive(
                store, home, rep_ref, today=None, prompter=prompter, clock=clock
            )
        drafts.discard_draft(home, ctx.rep.slug)
    state = new_state(ctx, clock, chosen)
    return _run_and_save(store, home, ctx, state, prompter, clock)


def resume_interactive(
    store: Store,
    home: Path,
    rep_ref: str,
    *,
    today: date | None,
    prompter: Prompter,
    clock: Clock | None = None,
) -> tuple[Session, list[Commitment]] | None:
    """Continue the rep's paused session where it stopped; None if not saved."""
    from coachcli.core.roster import resolve

    clock = clock or Clock()
    repo = store.read()
    rep = resolve(repo.reps.all(), rep_ref)
    draft = drafts.load_draft(home, rep.slug)
    if draft is None:
        raise CoachError(
            f"{rep.name} has no paused session",
            hint=f"start one with `coach session start {rep.slug}`",
        )
    state = State.from_doc(draft)
    day = today or date.fromisoformat(state.today)
    state.today = day.isoformat()
    ctx = load_context(repo, home, rep.slug, day)
    return _run_and_save(store, home, ctx, state, prompter, clock)


def _run_and_save(
    store: Store, home: Path, ctx: Context, state: State, prompter: Prompter, clock: Clock
) -> tuple[Session, list[Commitment]] | None:
    if not run_interactive(home, ctx, state, prompter, clock):
        return None
    return save_and_clear(store, home, state, clock)


def record_from_file(
    store: Store,
    home: Path,
    rep_ref: str,
    path: Path,
    *,
    today: date,
    clock: Clock | None = None,
    banks: list[str] | None = None,
) -> tuple[Session, list[Commitment]]:
    """Record a session from an answers file: checked all or nothing, then one write."""
    from coachcli.core.answers_file import read_answers

    clock = clock or Clock()
    # No prompts here, so the whole thing is one transaction: the store is read once, under
    # the lock, and a problem anywhere in the file leaves it untouched.
    with store.write() as repo:
        ctx = load_context(repo, home, rep_ref, today, numbers=False)
        chosen = check_banks(ctx, banks) if banks else None
        if drafts.has_draft(home, ctx.rep.slug):
            raise CoachError(
                f"{ctx.rep.name} has a paused session",
                hint=f"finish it with `coach session resume {ctx.rep.slug}` or drop it with "
                f"`coach session discard {ctx.rep.slug}`",
            )
        started = fmt_minute(datetime.combine(today, clock.now().time()))
        state = read_answers(path, ctx, started, default_banks=chosen)
        return save_into(repo, state, clock)


# --- history: the JSON shapes of `session list` and `session show` ---------------------------


def session_index_json(s: Session) -> dict[str, Any]:
    """The documented `session list --json` object (index fields only)."""
    return {
        "id": s.id,
        "rep": s.rep,
        "date": s.date,
        "started": s.started,
        "minutes": s.minutes,
        "banks": list(s.banks),
        "asked": s.asked,
        "told": s.told,
        "reviewed": s.reviewed,
        "commitment_ids": list(s.commitments),
        "roles": list(s.roles),
        "plan": s.plan,
    }


def session_json(s: Session, commitments: dict[str, Commitment]) -> dict[str, Any]:
    """`session show --json`: the index plus answers, tells, reviews, commitments and notes."""
    from coachcli.core.commitments import commitment_json

    reviews = []
    for r in s.reviews:
        doc = r.to_doc()
        reviewed = commitments.get(r.commitment)
        doc["text"] = reviewed.text if reviewed else None
        reviews.append(doc)
    return session_index_json(s) | {
        "answers": [
            {
                "question_id": a.question_id,
                "ask": a.ask,
                "answer": a.answer,
                "bank": a.bank,
                "type": a.type,
                "follow_ups": [f.to_doc() for f in a.follow_ups],
            }
            for a in s.answers
        ],
        "tells": list(s.tells),
        "reviews": reviews,
        "commitments": [commitment_json(commitments[c]) for c in s.commitments if c in commitments],
        "notes": s.notes,
    }


def session_lines(s: Session, rep_name: str, commitments: dict[str, Commitment]) -> list[str]:
    """A readable rendering of one session for `session show`."""

    def indent(text: object, pad: str = "    ") -> list[str]:
        return [pad + line for line in str(text).splitlines()] or [pad]

    lines = [
        f"Session {s.id} · {rep_name} ({s.rep}) · {(s.started or s.date).replace('T', ' ')} · "
        f"{s.minutes} min",
        f"Banks: {', '.join(s.banks) or '-'} · asked {s.asked} · tells {s.told} · "
        f"reviewed {s.reviewed} · commitments made {len(s.commitments)}",
    ]
    if s.roles:
        lines.append(f"Manager role on joint calls: {', '.join(s.roles)}")
    if s.reviews:
        lines += ["", "Reviews"]
        for r in s.reviews:
            c = commitments.get(r.commitment)
            status = "still open" if r.status == "open" else r.status
            lines.append(f"  {r.commitment} {status}: {c.text if c else '(removed)'}")
            if r.note:
                lines += indent(f"learned: {r.note}")
            if r.reinforcement:
                lines += indent(f"keeping it going: {r.reinforcement}")
    if s.answers:
        lines += ["", "Answers"]
        for a in s.answers:
            lines.append(f"  {a.ask}")
            if a.answer is None:
                shown = "(skipped)"
            elif isinstance(a.answer, bool):
                shown = "yes" if a.answer else "no"
            else:
                shown = str(a.answer)
            lines += indent(shown)
            for f in a.follow_ups:
                lines.append(f"    ↳ {f.ask}")
                lines += indent(f.answer, "      ")
    if s.tells:
        lines += ["", "Tells (advice given)"]
        lines += [f"  - {t}" for t in s.tells]
    if s.commitments:
        lines += ["", "Commitments made"]
        for cid in s.commitments:
            c = commitments.get(cid)
            if c is None:
                lines.append(f"  {cid} (removed)")
                continue
            extra = f"due {c.due}" if c.due else "no due date"
            if c.measure:
                extra += f"; we will know: {c.measure}"
            lines.append(f"  {c.id} [{c.status}] {c.text} ({extra})")
    if s.notes:
        lines += ["", "Private notes"]
        lines += indent(s.notes, "  ")
    return lines
