"""The planner chooses a rep's bank by fit to their data and by the bank's preconditions, says
why in words, and changes the method after flat weeks on one step (core.fit, core.escalation).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from coachcli.core.bank_values import AppliesValue, RepFacts
from coachcli.core.escalation import PastSlot, change, find_stall
from coachcli.core.fit import Choice, FitData, WeakStep, choose
from coachcli.core.stats import gather, window_for
from coachcli.core.stats_report import report
from tests.conftest import ok

TODAY = date(2027, 2, 1)
C2C = "calls->conversations"


class FakeBank:
    def __init__(self, bank_id: str, focus: list[str], applies: AppliesValue | None = None):
        self.id, self.focus, self.applies = bank_id, focus, applies


BANKS = {
    b.id: b
    for b in [
        FakeBank("activity-conversion", [C2C, "conversations->meetings"]),
        FakeBank("territory-planning", [C2C]),
        FakeBank("call-review", [C2C], AppliesValue(recording_days=14)),
        FakeBank("new-rep-ramp", [C2C], AppliesValue(tenure_under_weeks=12)),
        FakeBank("skill-practice", [C2C, "meetings->opportunities"]),
        FakeBank("joint-call-briefing", ["meetings->opportunities"], AppliesValue(joint_call=True)),
        FakeBank("joint-call-debrief", [], AppliesValue(joint_call=True)),
        FakeBank("top-performer-stretch", [], AppliesValue(tier=["top"])),
        FakeBank("early-pipeline", ["conversations->meetings"]),
        FakeBank("weekly-checkin", []),
        FakeBank("commitment-review", [], AppliesValue(overdue=True)),
    ]
}
WEAK = WeakStep(C2C, 24, 300, 0.2, {C2C: -0.6, "conversations->meetings": 0.1})


def pick(
    *,
    tier: str = "core",
    weak: WeakStep | None = WEAK,
    used: dict[str, str] | None = None,
    overdue: int = 0,
    recent: list[list[str]] | None = None,
    **facts: Any,
) -> Choice:
    data = FitData(
        banks=BANKS,
        facts=RepFacts(tier=tier, **facts),
        today=TODAY,
        used=used or {},
        weak=weak,
    )
    return choose(
        own_focus=None,
        name="Dana Lee",
        tier=tier,
        overdue=overdue,
        recent_focus=recent or [],
        data=data,
    )


def test_the_first_suggestion_fits_the_weakest_step_and_says_why() -> None:
    choice = pick()
    assert choice.transition == C2C and C2C in BANKS[choice.bank].focus
    assert choice.bank == "activity-conversion"  # works on the most of what is weak, never had
    assert choice.reason == (
        "weakest step calls->conversations 8.0% (24 of 300; team 20.0%): activity-conversion, "
        "never used with Dana"
    )


def test_a_bank_the_rep_had_least_recently_comes_next_with_how_long_ago() -> None:
    used = {"activity-conversion": "2027-01-25", "territory-planning": "2026-12-28"}
    choice = pick(used=used | {"skill-practice": "2027-01-18"})
    assert choice.bank == "territory-planning"
    assert choice.reason.endswith("territory-planning, not used with Dana for 5 weeks")


def test_a_bank_whose_preconditions_fail_is_never_suggested() -> None:
    used = {
        b: "2027-01-25" for b in ("activity-conversion", "territory-planning", "skill-practice")
    }
    assert pick(used=used).bank not in {"call-review", "new-rep-ramp"}
    assert pick(used=used, recorded_days_ago=3).bank == "call-review"  # a recording: it applies
    assert pick(used=used, tenure_weeks=4).bank == "new-rep-ramp"  # a new rep: it applies


def test_a_top_performer_with_nothing_weak_gets_the_stretch_bank() -> None:
    choice = pick(tier="top", weak=None, recent=[["top-performer-stretch"]])
    assert choice == Choice("top-performer-stretch", "top performer with no weak step: a stretch")
    assert pick(tier="core", weak=None).bank == "weekly-checkin"


def test_a_joint_call_measured_since_the_last_session_is_debriefed() -> None:
    data = FitData(BANKS, RepFacts(joint_call=True), TODAY, weak=WEAK, joint_call="2027-01-28")
    choice = choose(own_focus=None, name="Dana", tier="core", overdue=0, recent_focus=[], data=data)
    assert choice.bank == "joint-call-debrief"
    assert choice.reason == "joint call measured on 2027-01-28: debrief it"


def _flat(weeks: list[str], transition: str = C2C) -> list[PastSlot]:
    return [PastSlot(w, transition, False, "activity-conversion") for w in weeks]


BY_WEEK = {f"2027-W{n:02d}": {"calls": 100, "conversations": 8} for n in range(1, 9)} | {
    f"2026-W{n}": {"calls": 100, "conversations": 8} for n in range(49, 54)
}


def test_four_flat_weeks_on_one_step_change_the_method_and_say_so() -> None:
    held = _flat(["2027-W01", "2027-W02", "2027-W03", "2027-W04"])
    stall = find_stall(held, BY_WEEK, C2C, "2027-W05")
    assert stall is not None and stall.sessions == 4 and not stall.fell
    assert find_stall(held[1:], BY_WEEK, C2C, "2027-W05") is None  # three are not enough
    data = FitData(BANKS, RepFacts(), TODAY, weak=WEAK, stall=stall)
    choice = choose(own_focus=None, name="Dana", tier="core", overdue=0, recent_focus=[], data=data)
    assert (choice.bank, choice.method, choice.transition) == ("skill-practice", True, C2C)
    assert choice.reason.startswith(
        "4 weeks on calls->conversations without change: practise it instead"
    )
    assert re.search(
        r"\(\d+\.\d% \(\d+ of \d+\) before, \d+\.\d% \(\d+ of \d+\) since\)", choice.reason
    )
    recorded = FitData(BANKS, RepFacts(recorded_days_ago=2), TODAY, weak=WEAK, stall=stall)
    choice = choose(
        own_focus=None, name="Dana", tier="core", overdue=0, recent_focus=[], data=recorded
    )
    assert choice.bank == "call-review"  # a call was measured: review it


def test_after_a_change_of_method_the_count_starts_again_and_the_next_method_is_another() -> None:
    weeks = [f"2027-W0{n}" for n in range(1, 10)]
    held = [*_flat(weeks[:4]), PastSlot(weeks[4], C2C, True, "skill-practice")]
    assert find_stall(held, BY_WEEK, C2C, weeks[5]) is None
    held += _flat(weeks[5:9])
    stall = find_stall(held, BY_WEEK | {"2027-W09": {"calls": 100, "conversations": 8}}, C2C,
                       "2027-W10")  # fmt: skip
    assert stall is not None and stall.last_method == "skill-practice"
    data = FitData(BANKS, RepFacts(), TODAY, weak=WEAK, stall=stall)
    choice = choose(own_focus=None, name="Dana", tier="core", overdue=0, recent_focus=[], data=data)
    assert choice.bank == "joint-call-briefing" and choice.method  # plans a joint call


def test_a_step_that_rose_beyond_noise_is_not_escalated() -> None:
    risen = dict(BY_WEEK) | {f"2027-W0{n}": {"calls": 100, "conversations": 20} for n in (2, 3, 4)}
    held = _flat(["2027-W01", "2027-W02", "2027-W03", "2027-W04"])
    assert find_stall(held, risen, C2C, "2027-W05") is None


def test_noise_is_twice_the_standard_error_of_the_difference() -> None:
    assert change((24, 300), (30, 300)) == 0  # 8% -> 10%: within noise
    assert change((24, 300), (42, 300)) == 1  # 8% -> 14%: rose
    assert change((60, 300), (30, 300)) == -1  # 20% -> 10%: fell
    assert change((0, 2), (2, 2)) is None  # too few to tell


def test_stats_credits_the_transition_the_session_was_planned_for(coach_home: Path) -> None:
    window = window_for(date(2026, 11, 25), 4)
    plans = [
        {"week": "2026-W46", "rep": "ann", "start": "2026-11-10T09:00", "session": "s-1",
         "transition": C2C},
    ]  # fmt: skip
    sessions = [
        {"id": "s-1", "rep": "ann", "date": "2026-11-10", "banks": ["skill-practice"],
         "plan": "2026-W46:ann"},
        {"id": "s-2", "rep": "ann", "date": "2026-11-17", "banks": ["early-pipeline"]},
    ]  # fmt: skip
    tally = gather(
        reps=[{"slug": "ann", "name": "Ann"}],
        sessions=sessions,
        commitments=[],
        plans=plans,
        metrics=[],
        window=window,
        focus={"skill-practice": [C2C, "meetings->opportunities"], "early-pipeline": ["x->y"]},
    )
    credited = sorted((t["transition"], t["bank"]) for t in tally.transitions)
    # the planned session: only its planned step; the unplanned one: its bank's focus
    assert credited == [(C2C, "skill-practice"), ("x->y", "early-pipeline")]
    assert report(tally, window)["transitions"]["changed"] == 0


def test_stats_says_how_often_a_coached_step_changed(coach_home: Path) -> None:
    result = ok("stats", "--today", "2026-11-25")
    assert "Coached steps that changed after coaching (beyond noise)" in result.stdout
    data = ok("stats", "--today", "2026-11-25", "--json").json()
    assert data["transitions"]["changed"] == 0
