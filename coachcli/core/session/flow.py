"""The interactive session flow: review, ask, commit, note, asking through a `Prompter`.

The flow never touches a terminal or the store: it reads a `Context` (core.session.state)
built before the first prompt, and hands the `State` to a `DraftSink` after every answer.
Saving is the caller's step (services.sessions). The steps live in core.session.reviews,
core.session.questions and core.session.closing; the prompt and keys they share in
core.session.base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coachcli.core.rules import TIMEBOX_MINUTES
from coachcli.core.session import closing, keys, questions, rep_steps, reviews
from coachcli.core.session.base import FlowBase, GoTo
from coachcli.core.session.state import (
    Clock,
    Context,
    State,
    header,
    selection_for,
)
from coachcli.errors import Interrupted

if TYPE_CHECKING:
    from coachcli.core.ports import DraftSink, Option, Prompter

STEPS: dict[str, Callable[[FlowBase], None]] = {
    "reviews": reviews.run,
    "questions": questions.run,
    "commitments": closing.commitments,
    "notes": closing.notes,
    "scores": rep_steps.scores,
    "feedback": rep_steps.feedback,
}


class Flow(FlowBase):
    """Runs the remaining steps of `state`, in order, asking through `prompter`."""

    # the steps ----------------------------------------------------------------------------
    def run(self) -> State:
        for line in header(self.ctx):
            self.p.note(line, style="bold")
        if self.resumed:
            self.p.note(f"Resuming the session started {self.state.started}.", style="dim")
        self.p.note(keys.SHORT_HELP, style="dim")
        rep_steps.show_prep(self)
        if self.state.stage == "bank":
            self._choose_bank()
        for bank_id in self.state.banks:
            for line in self.ctx.call_notes.get(bank_id, []):
                self.p.note(line, style="bold")
        while self.state.stage in STEPS:
            try:
                STEPS[self.state.stage](self)
            except GoTo as jump:
                self.advance(jump.stage)
        return self.state

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
        self.advance("reviews")


def summary(state: State, elapsed: float | None = None) -> list[str]:
    """What the session holds, counted as the saved line will count it: a missed or partial
    commitment carried forward to a new due date is a new commitment too."""
    carried = sum(1 for r in state.reviews if r.due and r.status != "open")
    made = len(state.commitments) + carried
    forward = f" ({carried} carried forward)" if carried else ""
    return [
        f"Asked {state.asked} question(s), logged {len(state.tells)} tell(s) and "
        f"{len(state.observations)} observation(s)",
        f"Reviewed {len(state.reviews)} commitment(s), made {made} new{forward}",
        f"{state.minutes_used(elapsed)} of {TIMEBOX_MINUTES} minutes used",
    ]


def run_interactive(
    writer: DraftSink,
    ctx: Context,
    state: State,
    prompter: Prompter,
    clock: Clock,
    *,
    resumed: bool = False,
) -> bool:
    """Run the remaining steps; True when the manager chose to save.

    Ctrl-C or end of input at any prompt keeps the draft, with the answer half typed at that
    moment, and raises `Interrupted` (exit 130): "Paused", with the command that resumes.
    """
    slug = ctx.rep.slug
    flow = Flow(ctx, state, prompter, clock, lambda s: writer.save(s.to_doc()), resumed=resumed)
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
            raise Interrupted("Stopped before anything was typed; nothing kept.") from None
        raise Interrupted(
            "Paused. Everything typed is kept in a draft, the answer being typed too",
            paused=slug,
        ) from None
    return keep
