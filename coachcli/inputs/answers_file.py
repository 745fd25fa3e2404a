"""Answers files (`coach session start REP --answers FILE`): a session recorded with no prompts.

The file is checked all or nothing: its shape by pydantic, then every answer against the
chosen banks and every review against the rep's open commitments. Each problem is reported as
`file:line:col: field: message`; with any problem nothing is saved. The result is the same
`State` the interactive flow builds, so both are saved by `core.session.save`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coachcli.core.ids import resolve_id
from coachcli.core.models import Answer, Review
from coachcli.core.session.questions import parse_value
from coachcli.core.session.state import Context, State, parse_due
from coachcli.core.text import clean_line, clean_text
from coachcli.errors import CoachError, InvalidValue, NotFound, Problem, ProblemList
from coachcli.inputs.yamlio import Loc, Marks, load_yaml_mapping, locate, validate

Scalar = str | bool | int | float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReviewIn(_Strict):
    commitment: str
    status: Literal["done", "partial", "missed", "dropped", "open"]
    note: str | None = None
    reinforcement: str | None = None
    due: date | str | None = None  # still open: a new due date; missed/partial: carried forward


class CommitmentIn(_Strict):
    text: str
    due: date | str | None = None  # a date, or "+N" days from the session
    measure: str | None = None


class FeedbackIn(_Strict):
    """The rep's view of the session: `feedback: {useful: 4, comment: "..."}`."""

    useful: int | None = Field(default=None, ge=1, le=5, strict=True)
    comment: str | None = None


class AnswersFile(_Strict):
    """The documented answers file (docs/formats.md, "Answers file")."""

    bank: str | None = None
    banks: list[str] | None = None
    minutes: int | None = Field(default=None, ge=1, le=600, strict=True)
    reviews: list[ReviewIn] = []
    answers: dict[str, Any] = {}  # checked against each question's type below
    tells: list[str] = []
    observations: list[str] = []  # offered after the rep spoke; kept apart from tells
    commitments: list[CommitmentIn] = []
    notes: str = ""
    feedback: FeedbackIn | None = None
    scorecard: str | None = None  # for `scores:`; default: sales
    scores: dict[str, int] = {}  # skill id -> 1..5, checked against the scorecard below

    @model_validator(mode="after")
    def _one_bank_field(self) -> AnswersFile:
        if self.bank is not None and self.banks is not None:
            raise ValueError("give either bank or banks, not both")
        return self


def read_answers(
    path: Path, ctx: Context, started: str, default_banks: list[str] | None = None
) -> State:
    """The session recorded in `path`, checked against `ctx`; a ProblemList has every error.

    Banks: the file's `bank`/`banks`, else `default_banks` (`--bank`), else the suggestion.
    """
    try:
        data, marks = load_yaml_mapping(path)
    except ValueError as exc:  # PyYAML builds dates itself: 2026-13-01 raises ValueError
        raise ProblemList([Problem(str(path), f"invalid value: {exc}", 1, 1, "YAML")]) from None
    _as_written(path, data, marks)
    parsed = validate(AnswersFile, data, path, marks)
    checker = _Checker(path, marks, ctx)
    state = checker.build(parsed, started, default_banks or [ctx.suggested])
    if checker.problems:
        raise ProblemList(checker.problems)
    return state


def _as_written(path: Path, data: dict[str, Any], marks: Marks) -> None:
    """Ids and relative due dates that YAML read as numbers, back to the text as written.

    `commitment: 9889` is an id prefix, `due: +7` seven days, `commitment: 19e04` a prefix
    too (YAML 1.1 would make it a float): each is taken from the file's own characters.
    """
    from coachcli.inputs.yamlio import read_text

    spots: list[tuple[dict[str, Any], str, Loc]] = []
    for name, key in (("reviews", "commitment"), ("reviews", "due"), ("commitments", "due")):
        items = data.get(name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                spots.append((item, key, (name, i, key)))
    if not spots:
        return
    lines = read_text(path).splitlines()
    for item, key, loc in spots:
        line, col = marks.get(loc, (0, 0))
        source = lines[line - 1][col - 1 :] if 0 < line <= len(lines) else ""
        token = re.split(r" #|[,}\]]", source, maxsplit=1)[0].strip().strip("'\"")
        item[key] = token or str(item[key])


class _Checker:
    def __init__(self, path: Path, marks: Marks, ctx: Context) -> None:
        self.path = path
        self.marks = marks
        self.ctx = ctx
        self.problems: list[Problem] = []

    def fail(self, loc: Loc, message: str) -> None:
        line, col = locate(self.marks, loc)
        field = ""
        for part in loc:
            field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
        self.problems.append(Problem(str(self.path), message, line, col, field))

    def text(self, loc: Loc, value: str, *, line: bool = False) -> str:
        try:
            if line:
                return clean_line(value, field="text", max_chars=1000)
            return clean_text(value, field="text")
        except InvalidValue as exc:
            self.fail(loc, exc.reason)
            return ""

    def build(self, parsed: AnswersFile, started: str, default_banks: list[str]) -> State:
        ctx = self.ctx
        state = State(
            rep=ctx.rep.slug,
            today=ctx.today.isoformat(),
            started=started,
            stage="done",
            minutes=parsed.minutes if parsed.minutes is not None else 30,
        )
        wanted: list[tuple[Loc, str]]
        if parsed.banks is not None:
            wanted = [(("banks", i), b) for i, b in enumerate(parsed.banks)]
            if not wanted:
                self.fail(("banks",), "name at least one bank")
        elif parsed.bank is not None:
            wanted = [(("bank",), parsed.bank)]
        else:
            wanted = [(("bank",), b) for b in default_banks]
        for loc, bank_id in wanted:
            key = bank_id.strip().lower()
            if key in ctx.banks:
                if key not in state.banks:
                    state.banks.append(key)
            elif key in (skipped := ctx.skipped):  # a broken user bank: say why
                self.fail(loc, f"unknown bank {bank_id!r}: its file was skipped: {skipped[key]}")
            else:
                self.fail(loc, f"unknown bank {bank_id!r} (see `coach bank list`)")
        self._answers(parsed, state)
        self._reviews(parsed, state)
        for i, tell in enumerate(parsed.tells):
            if not tell.strip():
                self.fail(("tells", i), "a tell cannot be empty")
            elif clean := self.text(("tells", i), tell):
                state.tells.append(clean)
        for i, text in enumerate(parsed.observations):
            if not text.strip():
                self.fail(("observations", i), "an observation cannot be empty")
            elif clean := self.text(("observations", i), text):
                state.observations.append(clean)
        for i, item in enumerate(parsed.commitments):
            state.commitments.append(self._commitment(("commitments", i), item))
        state.notes = self.text(("notes",), parsed.notes)
        self._rep_side(parsed, state)
        return state

    def _rep_side(self, parsed: AnswersFile, state: State) -> None:
        """The prep the session starts with, the rep's feedback, and skill ratings."""
        from coachcli.core.scorecards import check_ratings

        state.prep = self.ctx.prep
        if parsed.feedback is not None:
            comment = parsed.feedback.comment
            state.feedback = {
                "useful": parsed.feedback.useful,
                "comment": self.text(("feedback", "comment"), comment) or None if comment else None,
            }
        if not parsed.scores:
            if parsed.scorecard is not None:
                self.fail(("scorecard",), "give the ratings too, as scores: {skill-id: 1..5}")
            return
        cards = self.ctx.scorecards() if self.ctx.scorecards else {}
        wanted = parsed.scorecard or ("sales" if "sales" in cards else next(iter(cards), ""))
        card = cards.get(wanted.strip().lower())
        if card is None:
            known = ", ".join(cards) or "none"
            self.fail(("scorecard",), f"unknown scorecard {wanted!r} (known: {known})")
            return
        for skill_id, message in check_ratings(card, dict(parsed.scores)):
            self.fail(("scores", skill_id), message)
        state.scorecard = card.id
        state.scores = {str(k): int(v) for k, v in parsed.scores.items()}

    def _answers(self, parsed: AnswersFile, state: State) -> None:
        banks = [self.ctx.banks[b] for b in state.banks]
        order = [(b, q) for b in banks for q in b.questions]
        if banks:  # the session's closing question, when no bank has its own
            from coachcli.core.session.selection import closing_for

            close_bank, close = closing_for(banks)
            if all(q is not close for _, q in order):
                order.append((close_bank, close))
        found: dict[str, Answer] = {}
        for qid, value in parsed.answers.items():
            loc: Loc = ("answers", qid)
            bank_part, _, question_part = qid.rpartition("/")
            matches = [
                (b, q)
                for b, q in order
                if q.id == question_part and (not bank_part or b.id == bank_part)
            ]
            if not matches:
                where = ", ".join(state.banks) or "the chosen bank"
                self.fail(loc, f"unknown question id {qid!r} in {where}")
                continue
            if len(matches) > 1:
                self.fail(loc, f"{qid!r} is in several banks: write it as BANK/{question_part}")
                continue
            bank, question = matches[0]
            answer = self._value(loc, question, value)
            if answer is not None:
                key = f"{bank.id}/{question.id}"
                found[key] = Answer(
                    question_id=question.id,
                    ask=question.ask,
                    answer=answer,
                    bank=bank.id,
                    type=question.type,
                )
        for bank, question in order:  # keep the banks' order, not the file's
            key = f"{bank.id}/{question.id}"
            if key in found:
                state.answers[key] = found[key]

    def _value(self, loc: Loc, question: Any, value: Any) -> Scalar | None:
        kind = question.type
        if value is None:
            self.fail(loc, "no answer given; leave the question out to skip it")
            return None
        if isinstance(value, list | dict):
            self.fail(loc, "expected one answer: text, a choice, a number or true/false")
            return None
        if not isinstance(value, Scalar):
            value = str(value)  # a date or time YAML read for us: keep it as written
        if kind == "scale":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(loc, f"expected a whole number from {question.min} to {question.max}")
                return None
            if not question.min <= value <= question.max:
                self.fail(loc, f"{value} is outside the scale {question.min} to {question.max}")
                return None
            return value
        if kind == "confirm":
            if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
                return value.strip().lower() in ("yes", "true")
            if not isinstance(value, bool):
                self.fail(loc, "expected true or false (yes or no)")
                return None
            return value
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if kind == "choice":  # by its words or its number, as the live prompt takes it
            choice = parse_value(question, str(value))
            if not isinstance(choice, str):
                listed = ", ".join(f"{i} {c}" for i, c in enumerate(question.choices or [], 1))
                self.fail(loc, f"{value!r} is not one of: {listed}")
                return None
            return choice
        refused = len(self.problems)
        text = self.text(loc, str(value))
        if not text:
            if len(self.problems) == refused:  # else the text itself was refused: say only that
                self.fail(loc, "empty answer; leave the question out to skip it")
            return None
        return text

    def _reviews(self, parsed: AnswersFile, state: State) -> None:
        mine = {c.id: c for c in self.ctx.open_commitments}
        seen: set[str] = set()
        for i, item in enumerate(parsed.reviews):
            loc: Loc = ("reviews", i, "commitment")
            try:
                cid = resolve_id(mine, item.commitment, "c", "commitment")
            except NotFound as exc:
                reason = exc.message
                if not exc.matches:  # none, rather than several: say where it looked
                    reason += f" among {self.ctx.rep.slug}'s open commitments"
                self.fail(loc, reason)
                continue
            if cid in seen:
                self.fail(loc, f"{cid} is reviewed twice")
                continue
            seen.add(cid)
            note = self.text(("reviews", i, "note"), item.note) if item.note else ""
            keep = (
                self.text(("reviews", i, "reinforcement"), item.reinforcement)
                if item.reinforcement
                else ""
            )
            due = None
            if item.due is not None:
                if item.status not in ("open", "partial", "missed"):
                    self.fail(
                        ("reviews", i, "due"),
                        "only a still open, partial or missed commitment gets a new due date",
                    )
                else:
                    due = self._due(("reviews", i, "due"), item.due)
            state.reviews.append(
                Review(
                    commitment=cid,
                    status=item.status,
                    note=note or None,
                    reinforcement=keep or None,
                    due=due,
                )
            )

    def _commitment(self, loc: Loc, item: CommitmentIn) -> dict[str, str | None]:
        text = self.text((*loc, "text"), item.text, line=True)
        if not text and item.text.strip() == "":
            self.fail((*loc, "text"), "a commitment needs some text: what will the rep do?")
        due = self.ctx.default_due.isoformat()
        if item.due is not None:
            due = self._due((*loc, "due"), item.due) or due
        measure = self.text((*loc, "measure"), item.measure, line=True) if item.measure else ""
        return {"text": text, "due": due, "measure": measure or None}

    def _due(self, loc: Loc, value: date | str) -> str | None:
        given = value.isoformat() if isinstance(value, date) else value
        try:
            return parse_due(given, self.ctx.today).isoformat()
        except CoachError as exc:
            self.fail(loc, exc.message)
            return None
