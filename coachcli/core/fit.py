"""Which bank a rep's next session should use, chosen by fit to the rep's data, and why.

The rule, in order (README, "How a bank is chosen"); a bank whose `applies:` fails for the
rep (core.bank_values.applies_failures) is never suggested:

1. the rep's own focus;
2. `commitment-review` when a commitment is overdue;
3. `joint-call-debrief` when a joint call was measured since the rep's last session;
4. the weakest well-sampled transition (core.metrics.weakest_of): after `escalate_after`
   flat sessions on it, a change of method (core.escalation); else the banks whose `focus`
   names it, the one this rep never had first, then the one had longest ago, then the one
   that works on most of what is weak for this rep (the sum of the rep's gaps below the team
   on its transitions), then its id (only to keep the choice stable);
5. `top-performer-stretch` for a top-tier rep with nothing weak;
6. `early-pipeline` when it would fall below half of the rep's last sessions (up to three);
7. a bank written for reps this new (`applies: {tenure_under_weeks: N}`), least recently had;
8. `weekly-checkin`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from coachcli.core.bank_values import RepFacts, applies_failures
from coachcli.core.escalation import METHODS, Stall
from coachcli.core.numbers import ratio_text
from coachcli.core.rules import DEFAULT_BANK, EARLY_PIPELINE

COMMITMENT_REVIEW = "commitment-review"
INSTEAD = {  # what each change of method asks for, in the plan's reason
    "call-review": "review a recorded call instead",
    "skill-practice": "practise it instead",
    "joint-call-briefing": "plan a joint call instead",
}
DEBRIEF = "joint-call-debrief"
STRETCH = "top-performer-stretch"


@dataclass(frozen=True)
class WeakStep:
    """A rep's weakest well-sampled transition, its counts, and the rep's relative gap to
    the team on every well-sampled transition (-0.6: 60% below the median)."""

    transition: str
    numerator: int
    denominator: int
    team: float | None = None  # the team median on it
    gaps: Mapping[str, float] = field(default_factory=dict)

    def words(self) -> str:
        """`calls->conversations 8.0% (24 of 300; team 20.0%)`."""
        return f"{self.transition} {ratio_text(self.numerator, self.denominator, team=self.team)}"


@dataclass(frozen=True)
class FitData:
    """What the choice reads besides the rep and their history: the banks, the rep's facts
    for `applies:`, when each bank was last used with them, and their numbers."""

    banks: Mapping[str, Any]  # bank id -> Bank or BankValue
    facts: RepFacts
    today: date
    used: Mapping[str, str] = field(default_factory=dict)  # bank id -> latest ISO date
    weak: WeakStep | None = None
    stall: Stall | None = None
    joint_call: str | None = None  # ISO date of a joint call measured since the last session


@dataclass(frozen=True)
class Choice:
    """The suggested bank, the reason in words, the transition it works on (None: not for a
    transition) and whether it is a change of method after a stall."""

    bank: str
    reason: str
    transition: str | None = None
    method: bool = False


class _Banks:
    """The banks that apply to one rep, and when each was last used with them."""

    def __init__(self, data: FitData | None, overdue: bool) -> None:
        self.data = data
        self.facts = replace(data.facts, overdue=overdue) if data is not None else None

    def ok(self, bank_id: str, *, plans_joint_call: bool = False) -> bool:
        """Whether the bank exists and applies (without loaded banks: the shipped ones do).

        `plans_joint_call`: the session is the change of method that plans a joint call, so
        a joint call counts as planned (`applies: {joint_call: true}` holds)."""
        if self.data is None or self.facts is None:
            return True
        bank = self.data.banks.get(bank_id)
        facts = replace(self.facts, joint_call=True) if plans_joint_call else self.facts
        return bank is not None and not applies_failures(bank.applies, facts)

    def since(self, bank_id: str, name: str) -> str:
        """`never used with Dana` or `not used with Dana for 5 weeks`."""
        last = self.data.used.get(bank_id) if self.data is not None else None
        if not last or self.data is None:
            return f"never used with {name}"
        weeks = (self.data.today - date.fromisoformat(last)).days // 7
        if weeks < 1:
            return f"used with {name} this week"
        return f"not used with {name} for {weeks} week{'s' * (weeks != 1)}"


def choose(
    *,
    own_focus: str | None,
    name: str,
    tier: str,
    overdue: int,
    recent_focus: list[list[str]],
    data: FitData | None,
    overdue_why: str | None = None,
) -> Choice:
    """The bank for a rep's next session (the module's rule), and why in words."""
    first = name.split()[0] if name.strip() else name
    banks = _Banks(data, overdue > 0)
    if own_focus:
        return Choice(own_focus, "the rep's chosen focus")
    if overdue and banks.ok(COMMITMENT_REVIEW):
        why = overdue_why or f"{overdue} overdue commitment{'s' * (overdue != 1)}"
        return Choice(COMMITMENT_REVIEW, why)
    if data is not None and data.joint_call and banks.ok(DEBRIEF):
        return Choice(DEBRIEF, f"joint call measured on {data.joint_call}: debrief it")
    found = _for_weak_step(data, banks, first) if data is not None else None
    if found is not None:
        return found
    if tier == "top" and data is not None and banks.ok(STRETCH):
        return Choice(STRETCH, "top performer with no weak step: a stretch")
    early = sum(EARLY_PIPELINE in b for b in recent_focus[-3:])
    counted = len(recent_focus[-3:])
    if counted and early * 2 < counted + 1 and banks.ok(EARLY_PIPELINE):
        last = "the last session" if counted == 1 else f"the last {counted} sessions"
        return Choice(EARLY_PIPELINE, f"early pipeline in {early} of {last}: keep it at half")
    new = _for_new_rep(data, banks, first)
    if new is not None:
        return new
    if not counted:
        return Choice(DEFAULT_BANK, "first session: a regular check-in")
    return Choice(DEFAULT_BANK, "early pipeline covered; regular check-in")


def _for_weak_step(data: FitData, banks: _Banks, name: str) -> Choice | None:
    weak = data.weak
    if weak is None:
        return None
    t = weak.transition
    stall = data.stall if data.stall is not None and data.stall.transition == t else None
    if stall is not None:
        method = next(
            (m for m in METHODS if m != stall.last_method and banks.ok(m, plans_joint_call=True)),
            None,
        )
        if method is not None:
            before, after = (ratio_text(n, d) for n, d in (stall.before, stall.after))
            instead = INSTEAD.get(method, "change the method")
            why = f"{stall.words()}: {instead} ({before} before, {after} since)"
            return Choice(method, why, t, method=True)
    fitting = [b for b in data.banks.values() if t in b.focus and banks.ok(b.id)]
    if not fitting:
        return None

    def rank(bank: Any) -> tuple[bool, str, float, str]:
        # fit: how far below the team the rep is on the transitions the bank works on
        fit = sum(min(0.0, weak.gaps.get(x, 0.0)) for x in bank.focus)
        return (bank.id in data.used, data.used.get(bank.id, ""), fit, bank.id)

    best = min(fitting, key=rank)
    why = f"weakest step {weak.words()}: {best.id}, {banks.since(best.id, name)}"
    return Choice(best.id, why, t)


def _for_new_rep(data: FitData | None, banks: _Banks, name: str) -> Choice | None:
    if data is None or data.facts.tenure_weeks is None:
        return None
    ramps = [
        b
        for b in data.banks.values()
        if b.applies is not None and b.applies.tenure_under_weeks is not None and banks.ok(b.id)
    ]
    if not ramps:
        return None
    best = min(ramps, key=lambda b: (b.id in data.used, data.used.get(b.id, ""), b.id))
    weeks = data.facts.tenure_weeks
    return Choice(best.id, f"new rep, added {weeks} week{'s' * (weeks != 1)} ago")
