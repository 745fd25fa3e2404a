"""What a rep's next session should focus on, and why (the planner's focus rules, core.fit)."""

from __future__ import annotations

from datetime import date

from coachcli.core.fit import COMMITMENT_REVIEW, Choice, choose
from coachcli.core.models import Rep
from coachcli.core.plan_history import RepHistory
from coachcli.core.rules import DEFAULT_BANK

__all__ = ["COMMITMENT_REVIEW", "DEFAULT_FOCUS", "Choice", "needs_metrics", "suggest_focus"]

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


def suggest_focus(rep: Rep, history: RepHistory) -> Choice:
    """The bank to focus on in `rep`'s next session, and a short reason why (core.fit has
    the rule). `history.fit` carries the banks and the rep's numbers when they were read."""
    if history.fit is None and history.weakest and not rep.focus and not history.overdue:
        weak = history.weakest
        return Choice(weak.bank, f"weakest conversion: {weak.describe()}", weak.transition)
    return choose(
        own_focus=rep.focus,
        name=rep.name,
        tier=rep.tier,
        overdue=history.overdue,
        overdue_why=overdue_reason(history) if history.overdue else None,
        recent_focus=history.recent_focus,
        data=history.fit,
    )
