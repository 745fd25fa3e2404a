"""The questions of the chosen banks, one prompt each, every kind typed the same way.

Text, scale, choice and confirm questions are all typed answers: a choice is picked by its
number or its words and a confirm by yes or no, so Enter on an empty answer skips every kind
(a slip of the Enter key never records the first choice). After an answer the bank's own
follow-ups are offered; at about 22 minutes the flow offers to move on to the commitments.
A question the rep answered in their prep shows that answer above the prompt, prefilled
(Enter keeps it, /skip leaves it out). When a question's hint asks for the numbers on screen,
the rep's ratios are shown beside the team's (this week's pacing for a question about this
week): before the question, or after the answer when the hint says to let the rep pick first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coachcli.core.models import Answer
from coachcli.core.session import rep_steps
from coachcli.core.text import clean_text

if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Question
    from coachcli.core.session.base import FlowBase

WRAP_MINUTES = 22  # the offer to move on to commitments, leaving ~8 of the 30 minutes
_NUMBERS_HINT = re.compile(r"\bratios?\b|on screen|to hand|next to the team", re.IGNORECASE)
# A hint that wants the rep's own answer before the data: the figures come after the answer.
_AFTER_HINT = re.compile(
    r"\bafter they answer\b|\bbefore you (point|show)\b|\blet them pick\b|"
    r"before any list is on screen",
    re.IGNORECASE,
)
_THIS_WEEK = re.compile(r"\bthis week\b", re.IGNORECASE)
Value = str | int | bool


def run(f: FlowBase) -> None:
    flat = f.flat_questions()
    order = {f"{b.id}/{q.id}": i for i, (b, q) in enumerate(flat)}
    pool = sum(len(b.questions) for b in {b.id: b for b, _ in flat}.values())
    if f.state.position == 0 and len(flat) < pool:
        f.p.note(
            f"{len(flat)} questions of {pool}, the ones this rep heard least recently "
            "(`--all` asks every one)",
            style="dim",
        )
    while f.state.position < len(flat):
        if _wrap_up(f):
            return
        i = f.state.position
        bank, question = flat[i]
        f.p.note(f.timer_line(f"question {i + 1}/{len(flat)} · {bank.title}"), style="dim")
        figures = numbers_for(f, question)
        later = bool(question.hint and _AFTER_HINT.search(question.hint))
        if not later:
            _show(f, figures)
        outcome = ask_question(f, bank, question)
        if later and outcome == "answered":  # the rep picked first; now the data
            _show(f, figures)
        if outcome == "back" and i == 0:
            f.p.note("This is the first question.", style="dim")
        f.state.position = max(0, i - 1) if outcome == "back" else i + 1
        f.state.answers = dict(
            sorted(f.state.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
        )
        f.changed()
    f.advance("commitments")


def numbers_for(f: FlowBase, q: Question) -> list[str]:
    """The figures a question's hint asks for: this week's pacing for a question about this
    week, else the rep's ratios beside the team's over the last 8 weeks; [] for the others."""
    if not (q.hint and _NUMBERS_HINT.search(q.hint)):
        return []
    if _THIS_WEEK.search(q.ask):
        title = f"{f.ctx.rep.name}'s pacing this week:"
        return [title, *f.ctx.pacing] if f.ctx.pacing else []
    title = f"{f.ctx.rep.name}'s ratios beside the team's (last 8 weeks):"
    return [title, *f.ctx.ratios] if f.ctx.ratios else []


def _show(f: FlowBase, figures: list[str]) -> None:
    for n, line in enumerate(figures):
        f.p.note(line if n == 0 else f"  {line}", style="dim")


def _wrap_up(f: FlowBase) -> bool:
    """At ~22 minutes, once: offer to move on to the commitments (True when taken)."""
    if f.state.wrap_offered or f.minutes_used() < WRAP_MINUTES:
        return False
    f.state.wrap_offered = True
    f.changed()
    if f.p.confirm(f"{f.minutes_used()} minutes used: move on to the commitments now?"):
        f.advance("commitments")
        return True
    return False


def choices_of(q: Question) -> list[str]:
    return list(q.choices or []) if q.type == "choice" else ["yes", "no"]


def hint_of(q: Question) -> str | None:
    if q.type in ("choice", "confirm"):
        picks = "  ·  ".join(f"{i} {c}" for i, c in enumerate(choices_of(q), start=1))
        how = f"{picks}  (a number or the words; Enter skips)"
        return f"{q.hint}\n{how}" if q.hint else how
    if q.type == "scale":
        scale = f"{q.min} to {q.max}; Enter skips"
        return f"{q.hint} ({scale})" if q.hint else scale
    return q.hint


def parse_value(q: Question, text: str) -> Value | None:
    """The answer as stored: a number for scales, a choice, True/False; None if not valid."""
    if q.type == "scale":
        try:
            number = int(text)
        except ValueError:
            return None
        return number if (q.min or 0) <= number <= (q.max or 0) else None
    if q.type in ("choice", "confirm"):
        options = choices_of(q)
        word = text.strip().casefold()
        if word.isdigit() and 1 <= int(word) <= len(options):
            picked = options[int(word) - 1]
        else:
            exact = [c for c in options if c.casefold() == word]
            found = exact or [c for c in options if c.casefold().startswith(word)]
            if len(found) != 1:
                return None
            picked = found[0]
        return (picked == "yes") if q.type == "confirm" else picked
    return clean_text(text, field="answer")


def _problem(q: Question, text: str) -> str | None:
    if q.type == "text":
        return None  # checked as text by Flow.ask
    if parse_value(q, text) is not None:
        return None
    if q.type == "scale":
        return f"type a whole number from {q.min} to {q.max}"
    if q.type in ("choice", "confirm"):
        return f"type 1 to {len(choices_of(q))} or one of: {', '.join(choices_of(q))}"
    return None


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def ask_question(f: FlowBase, bank: Bank, q: Question) -> str:
    """Ask one question until it is answered, skipped or left with /back."""
    key = f"{bank.id}/{q.id}"
    f.current = key
    while True:
        previous = f.state.answers.get(key)
        default = _shown(previous.answer if previous else None)
        fresh = previous is None and key not in f.state.skipped and q.type == "text"
        if fresh and (prepped := rep_steps.prep_answer(f, q.ask)):  # answered in the prep
            f.p.note(f"In the prep: {prepped}", style="dim")
            default = prepped
        reply = f.ask(q.ask, hint=hint_of(q), default=default, check=lambda text: _problem(q, text))
        if reply.kind in ("back", "skip"):
            if reply.kind == "skip":
                _skip(f, key, previous)
            return reply.kind
        value = parse_value(q, reply.text)
        follow_ups = previous.follow_ups if previous is not None else []
        # A changed answer drops the answers to bank follow-ups that no longer apply.
        stale = {spec.ask for spec in q.follow_ups if not spec.applies(value)}
        f.state.answers[key] = Answer(
            question_id=q.id,
            ask=q.ask,
            answer=value,
            bank=bank.id,
            type=q.type,
            follow_ups=[x for x in follow_ups if x.ask not in stale],
        )
        f.state.last_answered = key
        if key in f.state.skipped:
            f.state.skipped.remove(key)
        if any(spec.applies(value) for spec in q.follow_ups):  # else the caller saves once
            f.changed()
            if _offer_follow_ups(f, bank, q) == "back":
                continue  # re-ask the question itself, its answer as the default
        return "answered"


def _skip(f: FlowBase, key: str, previous: Answer | None) -> None:
    if previous is not None and previous.follow_ups:
        previous.answer = None  # keep the follow-ups that were asked
    else:
        f.state.answers.pop(key, None)
    if key not in f.state.skipped:
        f.state.skipped.append(key)
    f.changed()


def _offer_follow_ups(f: FlowBase, bank: Bank, q: Question) -> str | None:
    """The bank's follow-ups, each skippable; "back" returns to the question."""
    key = f"{bank.id}/{q.id}"
    for spec in q.follow_ups:
        answer = f.state.answers.get(key)
        if not spec.applies(answer.answer if answer else None):
            continue  # `when:` does not match this answer
        ask = spec.ask
        earlier = next((x.answer for x in answer.follow_ups if x.ask == ask), "") if answer else ""
        hint = f"{spec.hint} Enter to go on." if spec.hint else "Enter to go on"
        reply = f.ask(f"↳ {ask}", hint=hint, default=earlier)
        if reply.kind == "back":
            return "back"
        if reply.kind == "answer":
            f.add_follow_up(bank, q, ask, clean_text(reply.text, field="answer"))
    return None
