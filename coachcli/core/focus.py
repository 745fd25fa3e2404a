"""What a rep's next session should focus on, and why (the planner's focus rules)."""

from __future__ import annotations

from coachcli.core.models import Rep
from coachcli.core.plan_history import RepHistory
from coachcli.core.rules import DEFAULT_BANK, EARLY_PIPELINE

COMMITMENT_REVIEW = "commitment-review"
DEFAULT_FOCUS = DEFAULT_BANK


def needs_metrics(rep: Rep, history: RepHistory) -> bool:
    """Whether `suggest_focus` would look at the rep's weakest conversion."""
    early = sum(EARLY_PIPELINE in banks for banks in history.recent_focus[-3:])
    return not rep.focus and not history.overdue and early >= 2


def suggest_focus(rep: Rep, history: RepHistory) -> tuple[str, str]:
    """The bank to focus on in `rep`'s next session, and a short reason why.

    The rep's own focus; else reviewing overdue commitments; else early-stage pipeline often
    enough that it fills at least half of any four consecutive sessions; else the rep's
    weakest conversion (once metrics exist); else the weekly check-in.
    """
    if rep.focus:
        return rep.focus, "the rep's chosen focus"
    if history.overdue:
        n = history.overdue
        return COMMITMENT_REVIEW, f"{n} overdue commitment{'s' if n != 1 else ''}"
    early = sum(EARLY_PIPELINE in banks for banks in history.recent_focus[-3:])
    if early < 2:
        return EARLY_PIPELINE, f"early pipeline in {early} of the last 3 sessions: keep it at half"
    if history.weakest:
        bank, transition = history.weakest
        return bank, f"weakest conversion: {transition}"
    return DEFAULT_FOCUS, "early pipeline covered; regular check-in"
