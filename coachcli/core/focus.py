"""What a rep's next session should focus on, and why (the planner's focus rules)."""

from __future__ import annotations

from datetime import date

from coachcli.core.models import Rep
from coachcli.core.plan_history import RepHistory
from coachcli.core.rules import DEFAULT_BANK, EARLY_PIPELINE

COMMITMENT_REVIEW = "commitment-review"
DEFAULT_FOCUS = DEFAULT_BANK


def needs_metrics(rep: Rep, history: RepHistory) -> bool:
    """Whether `suggest_focus` would look at the rep's weakest conversion."""
    return not rep.focus and not history.overdue


def overdue_reason(history: RepHistory) -> str:
    """`2 commitments overdue since Tue 1 Dec, not reviewed since`."""
    n = history.overdue
    since = ""
    if history.overdue_since:
        try:
            day = date.fromisoformat(history.overdue_since)
            since = f" since {day:%a} {day.day} {day:%b}"
        except ValueError:  # a hand-edited due date: say it as it is
            since = f" since {history.overdue_since}"
    return f"{n} commitment{'s' if n != 1 else ''} overdue{since}, not reviewed since"


def early_share(history: RepHistory) -> tuple[int, int]:
    """(sessions on early pipeline, sessions counted) over the rep's last three at most."""
    recent = history.recent_focus[-3:]
    return sum(EARLY_PIPELINE in banks for banks in recent), len(recent)


def suggest_focus(rep: Rep, history: RepHistory) -> tuple[str, str]:
    """The bank to focus on in `rep`'s next session, and a short reason why.

    In order: the rep's own focus; reviewing overdue commitments; the rep's weakest
    conversion (once metrics exist: a weak transition outranks the pipeline share); early
    pipeline when the rep's own last sessions (up to three) would otherwise drop below half
    of it; else the weekly check-in. A rep with no sessions yet has no share to keep, so
    the half-share rule waits for their history.
    """
    if rep.focus:
        return rep.focus, "the rep's chosen focus"
    if history.overdue:
        return COMMITMENT_REVIEW, overdue_reason(history)
    if history.weakest:
        return history.weakest.bank, f"weakest conversion: {history.weakest.describe()}"
    early, counted = early_share(history)
    if counted and early * 2 < counted + 1:  # with this one, at least half would be early
        last = "the last session" if counted == 1 else f"the last {counted} sessions"
        return EARLY_PIPELINE, f"early pipeline in {early} of {last}: keep it at half"
    if not counted:
        return DEFAULT_FOCUS, "first session: a regular check-in"
    return DEFAULT_FOCUS, "early pipeline covered; regular check-in"
