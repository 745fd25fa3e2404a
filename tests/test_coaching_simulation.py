"""Twelve weeks of coaching three reps, through `plan week --today` and `session start
--answers --today`, as a manager would run them:

- Erin converts calls to conversations at 8% (the team: 20%) and does not move;
- Mo converts meetings to opportunities at 12.5% (the team: 50%) and improves once coached;
- Tia, a top performer, is at or above the team everywhere.

The first suggestion fits each rep's weakest well-sampled step; no bank whose `applies:`
fails is suggested; no rotating question comes back within 8 weeks while its bank still has
questions the rep was never asked; after 4 flat weeks on Erin's step the method changes, and
the plan says why.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli.core import weeks as isoweeks
from coachcli.store.repository import Store
from tests.conftest import ok

START = date(2027, 1, 4)  # Monday of 2027-W01
WEEKS = 12
HISTORY = 8  # weeks of metrics before the first session
STEPS = ("calls", "conversations", "meetings", "opportunities", "proposals", "won")
AVERAGE = (100, 20, 8, 4, 2, 1)
REPS = {  # name -> (tier, weekly counts before coaching, after)
    "Erin Early": ("core", (100, 8, 3, 2, 1, 1), (100, 8, 3, 2, 1, 1)),
    "Mo Middle": ("core", (100, 20, 8, 1, 1, 0), (100, 20, 8, 4, 2, 1)),
    "Tia Top": ("top", (100, 25, 10, 5, 3, 2), (100, 25, 10, 5, 3, 2)),
    "Ava Average": ("core", AVERAGE, AVERAGE),
    "Ben Average": ("core", AVERAGE, AVERAGE),
}
COACHED = {"erin-early": "Erin", "mo-middle": "Mo", "tia-top": "Tia"}


def _metrics(path: Path, weeks: list[str], coached: bool) -> Path:
    rows = ["rep," + ",".join(("week", *STEPS))]
    for name, (_, before, after) in REPS.items():
        counts = after if coached else before
        rows += [f"{name},{week}," + ",".join(map(str, counts)) for week in weeks]
    path.write_text("\n".join(rows) + "\n")
    return path


def _team(home: Path, tmp: Path) -> None:
    for name, (tier, _, _) in REPS.items():
        ok("rep", "add", name, "--tier", tier)
    with Store(home).write() as repo:  # added long ago: nobody here is a new rep
        for rep in repo.reps.all():
            rep.created = "2025-01-06"
            repo.reps.put(rep)
    first = isoweeks.week_of(START)
    history = [isoweeks.shift(first, -i) for i in range(HISTORY, 0, -1)]
    ok("metrics", "import", str(_metrics(tmp / "history.csv", history, False)),
       "--today", START.isoformat())  # fmt: skip


class Banks:
    """`bank show --json`, once per bank."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, Any]] = {}

    def __getitem__(self, bank_id: str) -> dict[str, Any]:
        if bank_id not in self.seen:
            self.seen[bank_id] = ok("bank", "show", bank_id, "--json").json()
        return self.seen[bank_id]

    def pool(self, bank_id: str) -> set[str]:
        """The questions that rotate: not openers, not pinned, not the wrap-up or the close."""
        questions = self[bank_id]["questions"]
        ends = [q for q in questions if not q["opener"] and q["id"] != "most-useful"]
        wrap = ends[-1]["id"] if ends else None
        return {
            q["id"]
            for q in questions
            if not q["opener"] and not q["always"] and q["id"] not in (wrap, "most-useful")
        }

    def openers(self, bank_id: str) -> set[str]:
        return {q["id"] for q in self[bank_id]["questions"] if q["opener"]}


def _answer(q: dict[str, Any], bank: dict[str, Any]) -> Any:
    kind = q["type"]
    if kind == "scale":
        return 3
    if kind == "confirm":
        return True
    if kind == "choice":
        full = next(x for x in bank["questions"] if x["id"] == q["id"])
        return full["choices"][0]
    return "Noted."


def _hold(slug: str, bank: str, day: date, banks: Banks, tmp: Path) -> list[dict[str, Any]]:
    """The session the plan asked for: preview it, answer every question, record it."""
    args = ("--bank", bank, "--today", day.isoformat(), "--json")
    questions: list[dict[str, Any]] = ok("session", "preview", slug, *args).json()["questions"]
    import json

    answers = {q["id"]: _answer(q, banks[q["bank"]]) for q in questions}
    path = tmp / f"{slug}.yaml"
    path.write_text(json.dumps({"bank": bank, "answers": answers}))  # JSON is YAML
    ok("session", "start", slug, "--answers", str(path), "--today", day.isoformat())
    return questions


def _applies(bank: dict[str, Any], tier: str, method: bool) -> bool:
    """Whether the bank's `applies:` holds for these reps: no call measured, none new, no
    overdue commitment; a joint call only when the plan's change of method plans one."""
    cond = {k: v for k, v in (bank.get("applies") or {}).items() if v is not None}
    checks = [
        "recording_days" not in cond,
        "tenure_under_weeks" not in cond,
        cond.get("overdue") is not True,
        cond.get("joint_call") is not True or method,
        tier in (cond.get("tier") or [tier]),
    ]
    return all(checks)


@pytest.fixture(scope="module")
def twelve_weeks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("simulation")
    home = tmp / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("COACH_HOME", str(home))
    mp.delenv("COACH_BANKS", raising=False)
    try:
        _team(home, tmp)
        banks = Banks()
        out: dict[str, Any] = {slug: [] for slug in COACHED} | {"home": home}
        for n in range(WEEKS):
            monday = START + timedelta(weeks=n)
            slots = ok("plan", "week", "--today", monday.isoformat(), "--json").json()
            for slot in slots:
                if slot["rep"] in COACHED:
                    asked = _hold(slot["rep"], slot["focus"], monday, banks, tmp)
                    out[slot["rep"]].append(slot | {"asked": asked, "bank_data": banks})
            week = [isoweeks.week_of(monday)]
            ok("metrics", "import", str(_metrics(tmp / "week.csv", week, n >= 1)),
               "--today", (monday + timedelta(days=6)).isoformat())  # fmt: skip
        return out
    finally:
        mp.undo()


def test_the_first_suggestion_fits_each_reps_weakest_well_sampled_step(
    twelve_weeks: dict[str, list[dict[str, Any]]],
) -> None:
    erin, mo, tia = (twelve_weeks[s][0] for s in ("erin-early", "mo-middle", "tia-top"))
    banks: Banks = erin["bank_data"]
    assert erin["transition"] == "calls->conversations"
    assert "calls->conversations" in banks[erin["focus"]]["focus"]
    # the 8-week window ends with this week, whose numbers are not in yet: 7 weeks of 100 calls
    assert erin["reason"].startswith("weakest step calls->conversations 8.0% (56 of 700;")
    assert mo["transition"] == "meetings->opportunities"
    assert "meetings->opportunities" in banks[mo["focus"]]["focus"]
    assert tia["focus"] == "top-performer-stretch" and tia["transition"] is None
    assert tia["reason"] == "top performer with no weak step: a stretch"


def test_no_bank_that_does_not_apply_is_suggested(
    twelve_weeks: dict[str, list[dict[str, Any]]],
) -> None:
    tiers = {"erin-early": "core", "mo-middle": "core", "tia-top": "top"}
    for slug in COACHED:
        slots = twelve_weeks[slug]
        banks: Banks = slots[0]["bank_data"]
        for slot in slots:
            bank = banks[slot["focus"]]
            assert _applies(bank, tiers[slug], slot["method"]), (slug, slot["week"], bank["id"])


def test_no_rotating_question_repeats_within_8_weeks_while_its_bank_has_unasked_ones(
    twelve_weeks: dict[str, list[dict[str, Any]]],
) -> None:
    repeats = 0
    for slug in COACHED:
        slots = twelve_weeks[slug]
        banks: Banks = slots[0]["bank_data"]
        asked_in: list[set[tuple[str, str]]] = []
        for n, slot in enumerate(slots):
            now = {(q["bank"], q["id"]) for q in slot["asked"]}
            ever = set().union(*asked_in) if asked_in else set()
            recent = set().union(*asked_in[-7:]) if asked_in else set()
            for q in slot["asked"]:
                key = (q["bank"], q["id"])
                if key not in recent or banks[q["bank"]]["ask"] == "all":
                    continue
                repeats += 1
                bank = q["bank"]
                # a repeat may fill the time left once this session asked the last new ones
                seen = ever | now
                if q["part"] == "opener":
                    unasked = {o for o in banks.openers(bank) if (bank, o) not in seen}
                elif q["id"] in banks.pool(bank):
                    unasked = {p for p in banks.pool(bank) if (bank, p) not in seen}
                else:
                    continue  # pinned, the wrap-up and the close come back by design
                assert not unasked, (slug, n + 1, key, sorted(unasked))
            asked_in.append(now)
    assert repeats  # twelve weeks do bring questions back, once their bank is used up


def test_the_method_changes_after_4_flat_weeks_and_the_plan_says_why(
    twelve_weeks: dict[str, list[dict[str, Any]]],
) -> None:
    erin = twelve_weeks["erin-early"]
    assert [s["method"] for s in erin[:4]] == [False] * 4
    assert {s["transition"] for s in erin[:5]} == {"calls->conversations"}
    fifth = erin[4]
    assert fifth["method"] and fifth["focus"] == "skill-practice"  # no call measured to review
    assert fifth["reason"].startswith(
        "4 weeks on calls->conversations without change: practise it instead"
    )
    later = [s for s in erin[5:] if s["method"]]
    assert later and later[0]["focus"] != "skill-practice"  # the next change is another method
    # Mo improved once coached: his step moved, so his method never had to change.
    assert not any(s["method"] for s in twelve_weeks["mo-middle"])
    assert not any(s["method"] for s in twelve_weeks["tia-top"])


def test_stats_credit_the_planned_step_and_count_the_steps_that_changed(
    twelve_weeks: dict[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(twelve_weeks["home"]))
    end = (START + timedelta(weeks=WEEKS, days=6)).isoformat()
    report = ok("stats", "--weeks", str(WEEKS + 1), "--today", end, "--json").json()
    coached = {(t["rep"], t["transition"]) for t in report["transitions"]["reps"]}
    # Erin's sessions were all planned for calls->conversations: only that step is credited,
    # not every step of the banks she had (activity-conversion also works on conversations->
    # meetings, skill-practice on meetings->opportunities).
    assert {t for rep, t in coached if rep == "erin-early"} == {"calls->conversations"}
    assert report["transitions"]["changed"] >= 1  # Mo's step rose beyond noise


def test_the_plan_table_says_why_the_method_changed(
    twelve_weeks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(twelve_weeks["home"]))
    fifth = (START + timedelta(weeks=4)).isoformat()
    shown = ok("plan", "week", "--today", fifth).stdout  # the saved plan of week 5
    assert "Change of method for Erin Early: 4 weeks on calls->conversations without" in shown
    assert "Change of method for Mo" not in shown
