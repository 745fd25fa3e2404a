"""The interactive session flow: review, ask, commit, note, asking through a `Prompter`.

The flow never touches a terminal or the store: it reads a `Context` (core.session_state)
built before the first prompt, and every answer goes to a `DraftSink` (core.ports; the store's
draft file in real use). Saving is the caller's step (services.sessions).

Keys at a text or scale question: an answer, Enter alone to skip, or one of the commands in
`HELP` (`/skip`, `/back`, `/tell ADVICE`, `/follow QUESTION`; `//` starts an answer with /).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coachcli.core.models import Answer, Commitment, FollowUp, Review
from coachcli.core.session.state import (
    TIMEBOX_MINUTES,
    Clock,
    Context,
    State,
    header,
    parse_due,
    selection_for,
)
from coachcli.core.text import clean_line, clean_text
from coachcli.errors import CoachError, Interrupted

if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Question
    from coachcli.core.ports import DraftSink, Option, Prompter

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


def resolve_selection(
    keys: list[str], questions: list[tuple[Bank, Question]]
) -> list[tuple[Bank, Question]]:
    """The selected "bank/question" keys as questions; one a bank no longer has is left out."""
    from coachcli.core.session.selection import CLOSING

    by_key = {f"{b.id}/{q.id}": (b, q) for b, q in questions}
    banks = {b.id: b for b, _ in questions}
    out = []
    for key in keys:
        bank_id, _, qid = key.partition("/")
        if key in by_key:
            out.append(by_key[key])
        elif qid == CLOSING.id and bank_id in banks:
            out.append((banks[bank_id], CLOSING))
    return out


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
        self.state.selected = selection_for(self.ctx, self.state.banks)
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
        out: list[tuple[Bank, Question]] = []
        for bank_id in self.state.banks:
            bank = self.ctx.banks.get(bank_id)
            if bank is None:
                raise CoachError(
                    f"the bank {bank_id!r} is no longer available", hint="see `coach bank list`"
                )
            out.extend((bank, q) for q in bank.questions)
        if self.state.selected is None:  # a draft from before selection: every question
            return out
        return resolve_selection(self.state.selected, out)

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
            # A changed answer drops the answers to bank follow-ups that no longer apply.
            stale = {f.ask for f in q.follow_ups if not f.applies(value)}
            follow_ups = [f for f in follow_ups if f.ask not in stale]
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
            if any(f.applies(value) for f in q.follow_ups):  # else the caller saves once
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
        for spec in q.follow_ups:
            answer = self.state.answers.get(key)
            if not spec.applies(answer.answer if answer else None):
                continue  # `when:` does not match this answer
            ask = spec.ask
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


# --- running and summarising ----------------------------------------------------------------


def summary(state: State, elapsed: float | None = None) -> list[str]:
    made = len(state.commitments)
    return [
        f"Asked {state.asked} question(s), logged {len(state.tells)} tell(s)",
        f"Reviewed {len(state.reviews)} commitment(s), made {made} new",
        f"{state.minutes_used(elapsed)} of {TIMEBOX_MINUTES} minutes used",
    ]


def run_interactive(
    writer: DraftSink, ctx: Context, state: State, prompter: Prompter, clock: Clock
) -> bool:
    """Run the remaining steps; True when the manager chose to save.

    Ctrl-C or end of input at any prompt keeps the draft and raises `Interrupted` (exit 130)
    with the command that resumes.
    """
    slug = ctx.rep.slug
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
            writer.discard()
            raise Interrupted("session stopped before anything was typed; nothing kept") from None
        raise Interrupted(
            "session paused; everything typed is kept in a draft",
            hint=f"continue with `coach session resume {slug}`",
        ) from None
    return keep
