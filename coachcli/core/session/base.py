"""What every step of a session shares: the prompt with every key, the clock, the draft.

Every prompt of a session goes through `FlowBase.ask`, so the keys of core.session.keys work
the same everywhere: at questions, reviews, commitments and notes. The steps (reviews,
questions, closing) take a `FlowBase`; core.session.flow puts them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachcli.core.models import Answer, FollowUp
from coachcli.core.rules import TIMEBOX_MINUTES
from coachcli.core.session import keys
from coachcli.core.session.state import Clock, Context, State
from coachcli.core.text import clean_line, clean_text
from coachcli.errors import CoachError, NotFound

if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Question
    from coachcli.core.ports import Prompter

# What comes after each step; /done jumps to DONE_TARGET of the step it is typed in.
NEXT_STAGE = {"reviews": "questions", "questions": "commitments", "commitments": "notes"}
DONE_TARGET = {"reviews": "commitments", "questions": "commitments", "commitments": "notes"}

Check = Callable[[str], str | None]


@dataclass
class Reply:
    """What the manager typed at one prompt: an answer, or skip / back / cancel."""

    kind: str  # "answer", "skip", "back", "cancel"
    text: str = ""


class GoTo(Exception):
    """/done (or a step's own jump): leave the current step for `stage`."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


def _key_after(raw: str, prefilled: str) -> str:
    """A key typed after a prefilled answer (`2026-12-01/cancel`) is the key alone."""
    if prefilled and raw.startswith(prefilled) and keys.is_key(raw[len(prefilled) :]):
        return raw[len(prefilled) :].strip()
    return raw


def text_problem(raw: str, what: str = "answer") -> str | None:
    try:
        clean_text(raw, field=what)
    except CoachError as exc:
        return exc.message
    return None


class FlowBase:
    """The state of a running session and the prompt every step asks through.

    `on_change(state)` is called after every answer (the draft). Ctrl-C and end of input
    propagate as KeyboardInterrupt / EOFError, after the half-typed answer (a prompter may
    attach it as `typed` to the KeyboardInterrupt) is put in the state.
    """

    def __init__(
        self,
        ctx: Context,
        state: State,
        prompter: Prompter,
        clock: Clock,
        on_change: Callable[[State], None],
        *,
        resumed: bool = False,
    ) -> None:
        self.ctx = ctx
        self.state = state
        self.p = prompter
        self.clock = clock
        self.on_change = on_change
        self.resumed = resumed
        self.current: str | None = None  # "bank/question" on screen, for /follow
        self._t0 = clock.monotonic()
        self._base = state.elapsed

    # time ---------------------------------------------------------------------------------
    def elapsed(self) -> float:
        return self._base + (self.clock.monotonic() - self._t0)

    def minutes_used(self) -> int:
        return int(self.elapsed() // 60)

    def timer_line(self, where: str) -> str:
        used = self.minutes_used()
        left = TIMEBOX_MINUTES - used
        rest = f"{left} left" if left >= 0 else f"{-left} over"
        return f"[{used} min used · {rest}] {where}"

    # the draft ----------------------------------------------------------------------------
    def changed(self) -> None:
        self.state.elapsed = self.elapsed()
        self.on_change(self.state)

    def pend(self, pending: dict[str, object] | None) -> None:
        self.state.pending = pending
        self.changed()

    def advance(self, stage: str) -> None:
        self.state.stage = stage
        self.state.pending = None
        self.changed()

    # one prompt, every key ----------------------------------------------------------------
    def ask(
        self,
        message: str,
        *,
        hint: str | None = None,
        default: str = "",
        check: Check | None = None,
        cancellable: bool = False,
    ) -> Reply:
        """Ask until an answer, /skip (or Enter on nothing), /back or /cancel comes back.

        /tell, /observe, /follow and /help are done here and the same prompt comes again;
        an unknown key is named and the input cleared; /done raises GoTo.
        """
        typed = self._take_typed(message, default)
        while True:
            shown = typed
            raw = _key_after(self._text(message, hint, typed, self._checker(shown, check)), shown)
            typed = default
            if not keys.is_key(raw):
                answer = keys.literal(raw)
                return Reply("answer", answer) if answer else Reply("skip")
            try:
                key = keys.parse(raw)
            except keys.UnknownKey as exc:
                self.p.note(str(exc), style="dim")
                typed = ""  # the bad text does not stay in the input
                continue
            assert key is not None
            if key.name in keys.SIDE_KEYS:
                self.side_key(key)
            elif key.name == "done":
                raise GoTo(DONE_TARGET.get(self.state.stage, "done"))
            elif key.name == "cancel" and not cancellable:
                self.p.note("/cancel drops a commitment being entered: none here", style="dim")
            else:
                return Reply(key.name, key.arg)

    def _text(self, message: str, hint: str | None, default: str, validate: Check) -> str:
        try:
            return self.p.text(message, hint=hint, default=default, validate=validate)
        except KeyboardInterrupt as exc:
            typed = getattr(exc, "typed", "")
            if isinstance(typed, str) and typed.strip():
                self.state.typed = {"prompt": message, "text": typed}
            raise

    def _take_typed(self, message: str, default: str) -> str:
        """The answer half typed at this very prompt before a pause, else `default`."""
        typed = self.state.typed
        if typed and typed.get("prompt") == message:
            self.state.typed = None
            return str(typed.get("text", ""))
        return default

    def _checker(self, shown: str, check: Check | None) -> Check:
        """The prompt's validator: a key typed after the prefilled `shown` text is a key."""

        def valid(value: str) -> str | None:
            return self._valid(_key_after(value, shown), check)

        return valid

    @staticmethod
    def _valid(raw: str, check: Check | None) -> str | None:
        if keys.is_key(raw):
            return None  # a key, or an unknown one: named after Enter, not in the way
        answer = keys.literal(raw)
        if not answer:
            return None
        return (check(answer) if check else None) or text_problem(answer)

    def plain(self, message: str, hint: str) -> str:
        """A free-text prompt with no keys (the text of a /tell, an /observe, a follow-up)."""
        raw = self._text(message, hint, "", lambda value: text_problem(value))
        return clean_text(raw, field="answer")

    # /tell /observe /follow /help -----------------------------------------------------------
    def side_key(self, key: keys.Key) -> None:
        if key.name == "help":
            for line in keys.help_lines():
                self.p.note(line, style="dim")
        elif key.name == "tell":
            self._log(self.state.tells, key.arg, "What advice did you give?", "tell")
        elif key.name == "observe":
            self._log(self.state.observations, key.arg, "What did you observe?", "observation")
        else:
            self._follow(key.arg)

    def _log(self, into: list[str], arg: str, message: str, what: str) -> None:
        text = clean_text(arg, field=what) if arg else self.plain(message, "Enter to cancel")
        if text:
            into.append(text)
            self.p.note(f"{what} logged ({len(into)} so far)", style="dim")
            self.changed()

    def _follow(self, arg: str) -> None:
        """A follow-up to the question just answered (else the one on screen)."""
        target = self.state.last_answered or self.current
        found = self.find_question(target) if target else None
        if found is None:
            self.p.note("/follow asks about the question just answered: none yet", style="dim")
            return
        bank, q = found
        ask = clean_line(arg, field="follow-up", max_chars=1000) if arg else ""
        if not ask:
            ask = clean_line(
                self.plain("Your follow-up question?", "Enter to cancel"),
                field="follow-up",
                max_chars=1000,
            )
        if not ask:
            return
        self.p.note(f"follow-up to: {q.ask}", style="dim")
        answer = self.plain(f"↳ {ask}", "Enter to go on")
        if answer:
            self.add_follow_up(bank, q, ask, answer)

    def add_follow_up(self, bank: Bank, q: Question, ask: str, answer: str) -> None:
        key = f"{bank.id}/{q.id}"
        target = self.state.answers.get(key)
        if target is None:
            target = Answer(question_id=q.id, ask=q.ask, answer=None, bank=bank.id, type=q.type)
            self.state.answers[key] = target
        target.follow_ups = [f for f in target.follow_ups if f.ask != ask]
        target.follow_ups.append(FollowUp(ask=ask, answer=answer))
        self.changed()

    # questions of the chosen banks -----------------------------------------------------------
    def flat_questions(self) -> list[tuple[Bank, Question]]:
        out: list[tuple[Bank, Question]] = []
        for bank_id in self.state.banks:
            bank = self.ctx.banks.get(bank_id)
            if bank is None:
                raise NotFound(
                    f"the bank {bank_id!r} is no longer available", kind="bank", ref=bank_id
                )
            out.extend((bank, q) for q in bank.questions)
        if self.state.selected is None:  # a draft from before selection: every question
            return out
        return resolve_selection(self.state.selected, out)

    def find_question(self, key: str) -> tuple[Bank, Question] | None:
        return next(((b, q) for b, q in self.flat_questions() if f"{b.id}/{q.id}" == key), None)


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
