"""When coaching one step has not moved it, change the method (call review, role play, a
joint call) instead of asking the same kind of questions again.

The rule (README, "How a bank is chosen"):

- A *streak* is the rep's latest held sessions whose plan entry was for the same transition
  (`PlannedSlot.transition`), back to the first one planned for another transition or for a
  change of method (`PlannedSlot.method`): a change of method starts the count again.
- After `escalate_after` (config, default 4) such sessions, the transition's ratio over the
  weeks since the first of them (the streak's, however long) is compared with the 4 weeks
  before it. It *moved* when both
  sides have enough data (core.rules.enough) and the change is more than twice the standard
  error of the difference of two proportions (pooled): about a 95% test, so 8% -> 10% over
  300 calls each is noise, 8% -> 14% is not. Unless it rose beyond noise, the method changes.
- The method: `call-review` when it applies (a call measured recently), else `skill-practice`
  (a role play), else `joint-call-briefing`; a method used at the last change for this step is
  passed over for the next one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coachcli.core import weeks as isoweeks
from coachcli.core.rules import MIN_SAMPLE, enough

ESCALATE_AFTER = 4  # config.yaml `escalate_after`
METHODS = ("call-review", "skill-practice", "joint-call-briefing")
BEFORE_WEEKS = 4  # the baseline: the weeks before the streak's first session
NOISE_ERRORS = 2.0  # a change within this many standard errors is noise

Counts = tuple[int, int]  # (numerator, denominator)


def change(before: Counts, after: Counts, min_sample: int = MIN_SAMPLE) -> int | None:
    """+1 when a ratio rose beyond noise from `before` to `after`, -1 when it fell beyond it,
    0 when the change is within noise; None when either side has too little data to tell."""
    (x1, n1), (x2, n2) = before, after
    if not (enough(n1, min_sample) and enough(n2, min_sample)):
        return None
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if abs(p2 - p1) <= NOISE_ERRORS * error:
        return 0
    return 1 if p2 > p1 else -1


@dataclass(frozen=True)
class PastSlot:
    """One held session's plan entry, as the rule reads it."""

    week: str
    transition: str | None
    method: bool
    bank: str | None


@dataclass(frozen=True)
class Stall:
    """A transition coached for `sessions` sessions in a row without rising beyond noise."""

    transition: str
    sessions: int
    before: Counts
    after: Counts
    fell: bool
    last_method: str | None  # the method of the last change for this transition, if any

    def words(self) -> str:
        """`4 weeks on calls->conversations without change` (or `and it fell`)."""
        how = "and it fell" if self.fell else "without change"
        return f"{self.sessions} weeks on {self.transition} {how}"


def _counts(by_week: Mapping[str, Mapping[str, int]], weeks: Sequence[str], t: str) -> Counts:
    a, _, b = t.partition("->")
    num = den = 0
    for week in weeks:
        counts = by_week.get(week) or {}
        if a in counts and b in counts:
            num, den = num + counts[b], den + counts[a]
    return num, den


def find_stall(
    held: Sequence[PastSlot],
    by_week: Mapping[str, Mapping[str, int]],
    transition: str,
    week: str,
    *,
    escalate_after: int = ESCALATE_AFTER,
    min_sample: int = MIN_SAMPLE,
) -> Stall | None:
    """The stall on `transition` before the planned `week`, if there is one.

    `held` is the rep's held sessions' plan entries before `week`, oldest first; `by_week`
    their weekly funnel counts (week -> step -> count).
    """
    streak: list[PastSlot] = []
    for slot in reversed(held):
        if slot.transition != transition or slot.method:
            break
        streak.append(slot)
    if len(streak) < max(1, escalate_after):
        return None
    first = min(s.week for s in streak)  # since coaching on it began (or the method changed)
    start = isoweeks.monday(first)
    before = [isoweeks.shift(first, -i) for i in range(BEFORE_WEEKS, 0, -1)]
    span = (isoweeks.monday(week) - start).days // 7
    after = [isoweeks.shift(first, i) for i in range(span)]
    then, now = _counts(by_week, before, transition), _counts(by_week, after, transition)
    moved = change(then, now, min_sample)
    if moved is None or moved > 0:
        return None
    methods = [s.bank for s in held if s.method and s.transition == transition]
    return Stall(transition, len(streak), then, now, moved < 0, methods[-1] if methods else None)
