"""Smaller truths of a session: an answers file takes a choice by number; the measure typed at
"How will we both know?" and an answer a bank says to record as a commitment are offered; the
manager's exports and `session show` carry the rep's feedback; the recap carries the
observations; the rep's copy has no `private:` key; the summary counts what the save counts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coachcli.services import sessions as flow
from tests.conftest import fails, ok
from tests.session_support import (
    ENTER,
    FakeClock,
    ScriptedPrompter,
    add_bank,
    add_commitment,
    scripts_used_up,  # noqa: F401  (autouse: scripts used up)
)

TODAY = "2026-11-24"


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    return team


def answers_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return ok("session", "start", "dana", "--answers", str(path), "--today", TODAY).stdout.strip()


def test_an_answers_file_takes_a_choice_by_its_number(home: Path, tmp_path: Path) -> None:
    sid = answers_file(tmp_path, "bank: kinds\nanswers:\n  manager-role: 2\n")
    shown = ok("session", "show", sid, "--json").json()
    assert shown["answers"][0]["answer"] == "passive participant"  # type: ignore[index]


def test_an_answers_file_names_the_numbered_choices_when_one_is_out_of_range(
    home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("bank: kinds\nanswers:\n  manager-role: 4\n")
    result = fails(1, "session", "start", "dana", "--answers", str(path))
    assert "1 lead, 2 passive participant, 3 silent observer" in result.stderr


MEASURE_BANK = """\
id: measured
title: Measured
questions:
  - id: habit
    ask: Which habit do you want to build this week?
    type: text
  - id: proof
    ask: How will we both know it happened?
    type: text
  - id: next-call
    ask: Which upcoming buyer call would you like to prepare together?
    type: text
    hint: Agree the call. Record it as a commitment.
"""


def run_scripted(home: Path, steps: list[tuple[str, str, object]], banks: list[str]):  # type: ignore[no-untyped-def]
    script = ScriptedPrompter(steps)
    result = flow.start_interactive(
        home,
        "dana",
        today=date(2026, 11, 24),
        prompter=script,
        clock=FakeClock().clock(),
        banks=banks,
        ask_all=True,
    )
    return script, result


def test_the_measure_typed_at_how_will_we_both_know_prefills_the_commitments_measure(
    home: Path,
) -> None:
    add_bank(home, MEASURE_BANK, "measured")
    script, (_, made) = run_scripted(
        home,
        [
            ("text", "Which habit", "Calls before 10"),
            ("text", "How will we both know", "A tally of 20 calls"),
            ("text", "Which upcoming buyer call", ""),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", "Call before 10 every day"),
            ("text", "By when", ENTER),
            ("text", "How will we know", ENTER),  # the prefilled measure kept
            ("text", "Commitment 2", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save", True),
        ],
        ["measured"],
    )
    assert script.defaults_at("How will we know") == ["A tally of 20 calls"]
    assert [(c.text, c.measure) for c in made] == [
        ("Call before 10 every day", "A tally of 20 calls")
    ]


def test_an_answer_the_bank_says_to_record_as_a_commitment_is_offered_as_one(
    home: Path,
) -> None:
    add_bank(home, MEASURE_BANK, "measured")
    script, (_, made) = run_scripted(
        home,
        [
            ("text", "Which habit", ""),
            ("text", "How will we both know", ""),
            ("text", "Which upcoming buyer call", "The Borealis demo on Friday"),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", ENTER),  # offered, prefilled: kept
            ("text", "By when", ENTER),
            ("text", "How will we know", ENTER),
            ("text", "Commitment 2", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save", True),
        ],
        ["measured"],
    )
    assert script.defaults_at("Commitment 1") == ["The Borealis demo on Friday"]
    assert [c.text for c in made] == ["The Borealis demo on Friday"]


@pytest.mark.parametrize(
    ("bank", "question"),
    [("new-rep-ramp", "activity-goal"), ("call-review", "next-recording")],
)
def test_the_shipped_wrap_ups_that_ask_for_an_action_are_offered_as_commitments(
    home: Path, bank: str, question: str
) -> None:
    from coachcli.core.session import closing
    from coachcli.services.banks import load_banks

    found = next(q for q in load_banks(home)[bank].questions if q.id == question)
    assert closing.COMMIT_ASK.search(found.ask) or closing.COMMIT_HINT.search(found.hint or "")


def test_the_summary_counts_a_carried_forward_commitment_as_the_saved_line_does(
    home: Path,
) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    script, (session, made) = run_scripted(
        home,
        [
            ("text", "How did it go", "missed"),
            ("text", "What did you learn", ENTER),
            ("text", "New due date", "+7"),  # carried forward: a new commitment
            *[("text", ask, "") for ask in ("Which deal", "role", "confident", "ready")],
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", "Book the workshop"),
            ("text", "By when", ENTER),
            ("text", "How will we know", ENTER),
            ("text", "Commitment 2", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save", True),
        ],
        ["kinds"],
    )
    assert len(made) == 2 and len(session.commitments) == 2
    assert "Reviewed 1 commitment(s), made 2 new (1 carried forward)" in script.notes


FEEDBACK = """\
bank: kinds
answers:
  deal: Acme
observations:
  - OBSERVED-you-paused-well
feedback: {useful: 4, comment: More role play}
notes: PRIVATE-note
"""


def test_the_managers_exports_and_session_show_carry_the_reps_feedback(
    home: Path, tmp_path: Path
) -> None:
    sid = answers_file(tmp_path, FEEDBACK)
    markdown = ok("export", "dana").stdout
    assert "The rep's feedback" in markdown and "useful 4/5: More role play" in markdown
    record = json.loads(ok("export", "dana", "--format", "jsonl").stdout.splitlines()[0])
    assert record["feedback"] == {"useful": 4, "comment": "More role play", "via": None}
    shown = ok("session", "show", sid).stdout
    assert "useful 4/5: More role play" in shown


def test_the_reps_copy_has_no_private_key_and_the_managers_does(home: Path, tmp_path: Path) -> None:
    answers_file(tmp_path, FEEDBACK)
    mine = ok("export", "dana").stdout
    theirs = ok("export", "dana", "--audience", "rep").stdout
    assert "\nprivate: true\n" in mine
    assert "private" not in theirs.split("---")[1] and "PRIVATE-note" not in theirs


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_the_recap_carries_the_observations(home: Path, tmp_path: Path, fmt: str) -> None:
    sid = answers_file(tmp_path, FEEDBACK)
    recap = ok("recap", sid, "--format", fmt).stdout
    assert "What I observed" in recap and "OBSERVED-you-paused-well" in recap
    assert "PRIVATE-note" not in recap


FIGURES_BANK = """\
id: figures
title: Figures
questions:
  - id: weakest-step
    ask: Which step in your funnel lost the most momentum lately?
    type: text
    hint: Have their ratios beside the team's. Let them pick before you point at the data.
  - id: connect-ratio
    ask: What do you notice in your calls-to-conversations ratio?
    type: text
    hint: Show the ratio next to the team's. Let them interpret it before you say anything.
  - id: week-vs-plan
    ask: What do you make of this week's calls against the plan you set?
    type: text
    hint: Put the numbers on screen and let the rep read them first.
"""


class Ordered(ScriptedPrompter):
    """A scripted prompter that also keeps notes and prompts in the order they came."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.events: list[str] = []

    def note(self, text: str, *, style: str = "") -> None:
        super().note(text, style=style)
        self.events.append(text)

    def text(self, message: str, **kw: object) -> str:  # type: ignore[override]
        self.events.append(f"? {message}")
        return super().text(message, **kw)  # type: ignore[arg-type]


def test_the_ratios_come_after_the_answer_when_the_hint_says_let_them_pick_first(
    home: Path,
) -> None:
    from tests.conftest import EXAMPLES

    add_bank(home, FIGURES_BANK, "figures")
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"), "--today", TODAY)
    ok("goal", "set", "dana", "calls", "150")
    script = Ordered(
        [
            ("text", "lost the most momentum", "Meetings to opportunities"),
            ("text", "calls-to-conversations ratio", "Fewer connects"),
            ("text", "this week's calls", "Behind"),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save", True),
        ]
    )
    flow.start_interactive(
        home,
        "dana",
        today=date(2026, 11, 24),
        prompter=script,
        clock=FakeClock().clock(),
        banks=["figures"],
        ask_all=True,
    )
    events = script.events
    ratios = [i for i, e in enumerate(events) if "ratios beside the team's" in e]
    asked = {e: i for i, e in enumerate(events) if e.startswith("? ")}

    def at(fragment: str) -> int:
        return next(i for e, i in asked.items() if fragment in e)

    # the rep picks first, then the data; the interpreting question has it on screen before
    assert at("lost the most momentum") < ratios[0] < at("calls-to-conversations")
    assert ratios[1] < at("calls-to-conversations")
    # a question about this week shows this week's pacing, not the 8-week ratios
    week = at("this week's calls")
    shown = events[ratios[1] + 1 : week]
    assert any("pacing this week" in e for e in shown)
    assert any(e.strip().startswith("Pacing calls") for e in shown)
    assert len(ratios) == 2


def test_a_due_date_moved_after_it_passed_is_shown_apart_and_never_improves_follow_through(
    team: Path,
) -> None:
    late = ok("commit", "add", "dana", "Call Acme", "--due", "2026-11-10", "--today", "2026-11-03")
    kept = ok(
        "commit", "add", "dana", "Send the deck", "--due", "2026-11-12", "--today", "2026-11-03"
    )
    ok("commit", "done", kept.stdout.strip(), "--today", "2026-11-11")
    before = ok("stats", "--today", "2026-11-30", "--weeks", "8", "--json").json()
    assert before["commitments"]["follow_through"] == 0.5  # type: ignore[index]
    # moved after it had passed, to a date still ahead, then done: it was not kept on time
    cid = late.stdout.strip()
    ok("commit", "edit", cid, "--due", "2026-12-10", "--today", "2026-11-15")
    ok("commit", "done", cid, "--today", "2026-11-16")
    after = ok("stats", "--today", "2026-11-30", "--weeks", "8", "--json").json()
    figures = after["commitments"]  # type: ignore[index]
    assert figures["follow_through"] == 0.5 and figures["due"] == 2
    assert after["redated_after_due"] == 1  # type: ignore[index]
    assert "re-dated after due: 1" in ok("stats", "--today", "2026-11-30", "--weeks", "8").stdout


def test_a_due_date_moved_before_it_passed_counts_at_its_new_date(team: Path) -> None:
    cid = ok(
        "commit", "add", "dana", "Call Acme", "--due", "2026-11-10", "--today", "2026-11-03"
    ).stdout.strip()
    ok("commit", "edit", cid, "--due", "2026-11-20", "--today", "2026-11-08")
    ok("commit", "done", cid, "--today", "2026-11-19")
    shown = ok("stats", "--today", "2026-11-30", "--weeks", "8", "--json").json()
    figures = shown["commitments"]  # type: ignore[index]
    assert (figures["done"], figures["due"], shown["redated_after_due"]) == (1, 1, 0)  # type: ignore[index]
