"""The rep's part of a session: their prep shown first, the review statuses they reported as
defaults for the manager to confirm, the skill-rating step (`--score`), and the closing step
handed to the rep (how useful was today, and what would make the next 1:1 better).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from coachcli.core.prep import prep_lines, reported_status
from coachcli.core.session.base import GoTo
from coachcli.core.text import clean_text

if TYPE_CHECKING:
    from coachcli.core.models import Commitment
    from coachcli.core.ports import Prompter
    from coachcli.core.session.base import FlowBase
    from coachcli.core.session.state import Context, State

# The value is the rating recorded; the prompter makes each digit its own key (4 picks "4").
USEFUL_OPTIONS: list[tuple[str, str]] = [
    ("", "skip (the rep would rather not say)"),
    ("5", "very useful"),
    ("4", "useful"),
    ("3", "somewhat useful"),
    ("2", "a little useful"),
    ("1", "not useful"),
]


class FlowLike(Protocol):
    """What these steps use of `core.session.flow.Flow`."""

    ctx: Context
    state: State
    p: Prompter

    def advance(self, stage: str) -> None: ...


def show_prep(flow: FlowLike) -> None:
    """ "Dana's prep" first, before anything is asked."""
    prep = flow.state.prep or flow.ctx.prep
    if not prep:
        return
    lines = prep_lines(prep, flow.ctx.rep.name)
    flow.p.note(lines[0], style="bold")
    for line in lines[1:]:
        flow.p.note(line)


def prep_answer(flow: FlowLike, ask: str) -> str:
    """What the rep wrote in their prep under this question, on one line ("" if nothing)."""
    prep = flow.state.prep or flow.ctx.prep or {}
    wanted = " ".join(ask.split()).casefold()
    for item in prep.get("answers", []):
        if " ".join(str(item.get("ask", "")).split()).casefold() == wanted:
            return " ".join(str(item.get("answer") or "").split())
    return ""


def reported(flow: FlowLike, commitment: Commitment, name: str) -> str:
    """What the rep reported in their prep for this review step ("status" or "note"), as
    its default for the manager to confirm; "" when they reported nothing."""
    found = reported_status(flow.state.prep, commitment.id) or {}
    return str(found.get(name) or "")


def scores(flow: FlowLike) -> None:
    """Rate skills on the session's scorecard; Enter skips a skill."""
    card_id = flow.state.scorecard
    cards = flow.ctx.scorecards() if flow.ctx.scorecards else {}
    card = cards.get(card_id or "")
    if card is not None:
        flow.p.note(f"Skills: {card.title} (Enter skips a skill)", style="bold")
        for skill in card.skills:
            if skill.id in flow.state.scores:
                continue
            options = [(str(n), f"{n}  {text}") for n, text in enumerate(skill.levels, start=1)]
            options.append(("", "skip this skill"))
            picked = flow.p.select(f"{skill.name}: which level?", options, default="")
            if picked:
                flow.state.scores[skill.id] = int(picked)
    flow.advance("feedback")


def feedback(flow: FlowBase) -> None:
    """The rep's step: usefulness 1-5, then a comment; Enter skips both.

    The digit typed is the rating; the keys work at the comment as at every prompt: /back
    returns to the rating, /skip (or Enter) leaves the comment out, /done keeps the rating.
    """
    first = flow.ctx.rep.name.split()[0] if flow.ctx.rep.name.strip() else "the rep"
    flow.p.note(f"For {first} (hand over the keyboard; Enter skips)", style="bold")
    rated = str((flow.state.feedback or {}).get("useful") or "")
    while True:
        picked = flow.p.select("How useful was today, 1 to 5?", USEFUL_OPTIONS, default=rated)
        if not picked:
            flow.state.feedback = None
            break
        flow.state.feedback = {"useful": int(picked), "comment": None}
        try:
            reply = flow.ask("What would make our next 1:1 more useful?", hint="Enter to skip")
        except GoTo:  # /done: the rating stays, the comment is left out
            break
        if reply.kind == "back":
            rated = picked
            continue
        if reply.kind == "answer":
            flow.state.feedback["comment"] = clean_text(reply.text, field="comment") or None
        break
    flow.advance("done")
