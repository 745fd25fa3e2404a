"""Which questions a session asks: an opener, the core questions that fit the timebox, a
wrap-up and a close; rotated so that what this rep was asked recently comes last.

Pure: the banks, what the rep was asked before (`question key -> ISO date`, from their past
sessions) and the number of commitments to review in; an ordered list of questions out. The
same inputs always give the same selection.

The rule (documented in the README, "Selection and rotation"):

- Time for questions: the 30-minute timebox less 5 minutes for new commitments and notes,
  less 2 minutes per open commitment to review (at most 10): 25 minutes with nothing to
  review, 15 with five or more commitments.
- An open question (text) costs 4 minutes (the answer, a follow-up, a silence); a choice,
  scale or yes/no question costs 2.
- The opener: a question of the first bank marked `opener: true`, the least recently asked
  (ties: bank order); a bank with none opens with its first question.
- The wrap-up: the last bank's last question (not an opener), asked after the core: banks
  end on the question that leads into new commitments.
- The close: "What was most useful today?" (`most-useful`), unless a bank has its own
  question with that id. It costs 2 minutes.
- Pinned questions (`always: true`) are always asked.
- Core: every other question (openers excluded), ranked never asked first, then asked
  longest ago, then bank order; taken in turn from each bank (round robin) while the time
  lasts, skipping one that does not fit for a shorter one (but never for one asked before
  while the bank has questions this rep was never asked); at least 2 core questions.
- The session asks them in this order: the opener, the core questions in bank order, the
  wrap-up, the close.

A bank with `ask: all` (a checklist: call planning, a joint-call briefing) is asked whole, in
its own order, every time: its questions are all core (its first opens the session when it is
the first bank, its last wraps up when it is the last), the timebox is not applied to them,
and the other banks fill what time is left.

`everything=True` (`session start --all`) asks every question of every bank, then the close.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from coachcli.core.bank_values import QuestionValue
from coachcli.core.rules import TIMEBOX_MINUTES

if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Question

COMMIT_MINUTES = 5  # new commitments and private notes
REVIEW_MINUTES = 2  # per open commitment
REVIEW_CAP_MINUTES = 10
OPEN_MINUTES = 4  # a text question: the answer, a follow-up, a silence
CLOSED_MINUTES = 2  # choice, scale, confirm
MIN_CORE = 2

Rank = Callable[["Bank", "Question"], tuple[int, str, tuple[int, int]]]

# A plain value (literal, valid values), as the banks cache gives: a model here would import
# pydantic, which a session started from the banks cache otherwise never needs.
CLOSING = cast(
    "Question",
    QuestionValue(
        id="most-useful",
        ask="What was most useful today?",
        hint="Let them name it in their own words; a short answer is fine. Note it for next time.",
    ),
)


@dataclass(frozen=True)
class Picked:
    """One selected question, with its bank and its part of the session."""

    bank: Bank
    question: Question
    part: str  # opener, core, wrap-up, close

    @property
    def key(self) -> str:
        return f"{self.bank.id}/{self.question.id}"


def question_minutes(open_commitments: int, timebox: int = TIMEBOX_MINUTES) -> int:
    """Minutes left for questions after the review, and before new commitments and notes."""
    review = min(REVIEW_CAP_MINUTES, REVIEW_MINUTES * max(0, open_commitments))
    return timebox - COMMIT_MINUTES - review


def cost(question: Question) -> int:
    return OPEN_MINUTES if question.type == "text" else CLOSED_MINUTES


def closing_for(banks: Sequence[Bank]) -> tuple[Bank, Question]:
    """The close: a bank's own `most-useful` question, else the built-in one (first bank)."""
    for bank in banks:
        for q in bank.questions:
            if q.id == CLOSING.id:
                return bank, q
    return banks[0], CLOSING


def select(
    banks: Sequence[Bank],
    asked_before: Mapping[str, str],
    open_commitments: int = 0,
    *,
    everything: bool = False,
) -> list[Picked]:
    """The questions of the next session over `banks`, in the order they are asked.

    `asked_before` maps "bank/question" to the ISO date the rep last answered it.
    """
    if not banks:
        return []
    close_bank, close = closing_for(banks)
    closing = Picked(close_bank, close, "close")
    if everything:
        picked = [
            Picked(b, q, "core") for b in banks for q in b.questions if q is not closing.question
        ]
        return [*picked, closing]
    order = {(b.id, q.id): (i, j) for i, b in enumerate(banks) for j, q in enumerate(b.questions)}

    def rank(bank: Bank, q: Question) -> tuple[int, str, tuple[int, int]]:
        last = asked_before.get(f"{bank.id}/{q.id}")
        return (0 if last is None else 1, last or "", order[(bank.id, q.id)])

    first, last = banks[0], banks[-1]
    # Every bank's own close is a close, never a core question.
    taken = {(b.id, q.id) for b in banks for q in b.questions if q.id == CLOSING.id}
    firsts = [q for q in first.questions if (first.id, q.id) not in taken]
    opener = firsts[0] if whole(first) and firsts else _opener(first, firsts, rank)
    taken |= {(first.id, opener.id)} if opener is not None else set()
    ends = [q for q in last.questions if not q.opener or whole(last)]
    ends = [q for q in ends if (last.id, q.id) not in taken]
    wrap = ends[-1] if ends else None  # the last bank's last question leads into commitments
    taken |= {(last.id, wrap.id)} if wrap is not None else set()
    edges = [q for q in (opener, wrap) if q is not None]
    budget = question_minutes(open_commitments) - CLOSED_MINUTES - sum(cost(q) for q in edges)
    core: list[Picked] = []
    for bank in banks:
        for q in bank.questions:
            if (q.always or whole(bank)) and (bank.id, q.id) not in taken:
                core.append(Picked(bank, q, "core"))
                taken.add((bank.id, q.id))
                budget -= cost(q)

    def pool(bank: Bank) -> list[Question]:
        free = [q for q in bank.questions if not q.opener and (bank.id, q.id) not in taken]
        return sorted(free, key=lambda q: rank(bank, q))

    pools = [pool(b) for b in banks]
    fresh = {
        (b.id, q.id) for b in banks for q in b.questions if f"{b.id}/{q.id}" not in asked_before
    }
    core += _fill(banks, pools, budget, need=max(0, MIN_CORE - len(core)), fresh=fresh)
    core.sort(key=lambda p: order[(p.bank.id, p.question.id)])
    opening = [Picked(first, opener, "opener")] if opener is not None else []
    wrapping = [Picked(last, wrap, "wrap-up")] if wrap is not None else []
    return [*opening, *core, *wrapping, closing]


def whole(bank: Bank) -> bool:
    """Whether the bank is a checklist, asked whole and in order (`ask: all`)."""
    return getattr(bank, "ask", "selection") == "all"


def _opener(bank: Bank, candidates: list[Question], rank: Rank) -> Question | None:
    """The least recently asked of the bank's `opener: true` questions, else its first."""
    openers = [q for q in candidates if q.opener] or candidates[:1]
    return min(openers, key=lambda q: rank(bank, q)) if openers else None


def _fill(
    banks: Sequence[Bank],
    pools: list[list[Question]],
    budget: int,
    need: int,
    fresh: set[tuple[str, str]],
) -> list[Picked]:
    """Round robin over the banks' ranked pools while the minutes last (`need` at least).

    While a bank's pool holds questions never asked to this rep (`fresh`), only those are
    taken: a short question asked before never fills the gap a longer new one left."""
    out: list[Picked] = []
    while any(pools):
        added = False
        for bank, pool in zip(banks, pools, strict=True):
            new = [q for q in pool if (bank.id, q.id) in fresh] or pool
            fits = next((q for q in new if cost(q) <= budget or len(out) < need), None)
            if fits is None:
                continue
            pool.remove(fits)
            out.append(Picked(bank, fits, "core"))
            budget -= cost(fits)
            added = True
        if not added:
            break
    return out


def least_recently_used(bank_ids: Sequence[str], last_used: Mapping[str, str]) -> str:
    """The bank to suggest among those that address a rep's weakest transition: one the rep
    never had first, then the one used longest ago; ties in the order given (by id).

    `last_used` maps bank id to the ISO date of the rep's latest session with it.
    """
    return min(bank_ids, key=lambda b: (b in last_used, last_used.get(b, "")))
