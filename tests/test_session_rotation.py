"""Sessions that select and rotate, `--all`, branching follow-ups in the flow, the planner's
rotation among the banks for a weak transition, and `session preview` (issue 14)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli.services import sessions as flow
from coachcli.store.repository import Store
from tests.conftest import EXAMPLES, fails, ok
from tests.helpers.drafts import write_draft
from tests.session_support import (
    FakeClock,
    add_bank,
    add_commitment,
    scripts_used_up,  # noqa: F401  (autouse: scripts used up)
)

TODAY = date(2026, 11, 24)
NEXT_WEEK = date(2026, 12, 1)
WRAP_UP = (
    "Commitment",
    "Private notes",
    "What did you learn",
    "keep this going",
    "New due date",
    "↳",
)


@dataclass
class AutoPrompter:
    """Answers every bank question (text, or the first scale value the prompt accepts, or the
    first option), skips follow-ups and wrap-up prompts, saves; records what was asked."""

    picks: dict[str, str] = field(default_factory=dict)  # message fragment -> option / text
    asked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str, *, style: str = "") -> None:
        self.notes.append(text)

    def _pick(self, message: str) -> str | None:
        return next((v for k, v in self.picks.items() if k in message), None)

    def text(
        self, message: str, *, hint: str | None = None, default: str = "", validate: Any = None
    ) -> str:
        self.asked.append(message)
        if message.startswith("By when"):
            return default
        if any(message.startswith(w) for w in WRAP_UP):
            return ""
        for answer in (self._pick(message), "An answer", "3", "2"):
            if answer is not None and (validate is None or validate(answer) is None):
                return answer
        raise AssertionError(f"no answer fits {message!r}")

    def select(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        self.asked.append(message)
        if message.startswith("How did it go"):
            return "open"
        wanted = self._pick(message)
        values = [v for v, _ in options if not v.startswith("/")]
        return wanted if wanted in values else values[0]

    def confirm(self, message: str, *, default: bool = True) -> bool:
        return True


def run_session(
    home: Path, bank: str, day: date = TODAY, prompter: AutoPrompter | None = None, **kw: Any
) -> tuple[list[str], AutoPrompter]:
    """One interactive session through the service; the question ids it stored."""
    prompter = prompter or AutoPrompter()
    result = flow.start_interactive(
        home, "dana", today=day, prompter=prompter, clock=FakeClock().clock(),
        banks=[bank], **kw,
    )  # fmt: skip
    assert result is not None
    session = Store(home).read().load_session(result[0].id)
    assert session is not None
    return [a.question_id for a in session.answers], prompter


def bank_ids(home: Path, bank: str) -> list[str]:
    data = ok("bank", "show", bank, "--json").json()
    return [q["id"] for q in data["questions"]]


# --- selection and rotation ----------------------------------------------------------------


def test_a_second_session_with_the_same_bank_asks_mostly_other_questions(team: Path) -> None:
    every = bank_ids(team, "grow")
    first, _ = run_session(team, "grow")
    second, prompter = run_session(team, "grow", NEXT_WEEK)
    notes = prompter.notes
    assert 4 <= len(first) < len(every)  # a selection, not the whole bank
    heard = f"{len(second)} questions of {len(every)}, the ones this rep heard least recently"
    assert any(n.startswith(heard) for n in notes), notes
    assert first[-1] == second[-1] == "most-useful"  # the close
    again = set(first) & set(second)
    assert again == {first[0], first[-2], "most-useful"}, (first, second)  # opener, wrap-up, close
    assert len(set(second) - set(first)) >= 3  # every core question is new (GROW holds 9)
    # A third session: what was asked last week does not come back; two weeks ago does.
    args = ("--bank", "grow", "--today", "2026-12-08", "--json")
    preview = ok("session", "preview", "dana", *args)
    third = [q["id"] for q in preview.json()["questions"] if q["part"] == "core"]
    assert third and not set(third) & set(second)
    assert set(third) <= set(first) | (set(every) - set(second))


def test_the_session_asks_what_the_preview_showed(team: Path) -> None:
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    args = ("--bank", "deal-strategy", "--today", "2026-11-24", "--json")
    shown = ok("session", "preview", "dana", *args)
    questions = shown.json()["questions"]
    asked, prompter = run_session(team, "deal-strategy")
    assert asked == [q["id"] for q in questions]
    asks = [q["ask"] for q in questions]
    assert [m for m in prompter.asked if m in asks] == asks


def test_all_asks_every_question_of_the_bank(team: Path) -> None:
    asked, _ = run_session(team, "skill-practice", ask_all=True)
    assert asked == [*bank_ids(team, "skill-practice"), "most-useful"]


PINNED = """\
id: pinned
title: A pinned question
questions:
{questions}"""


def test_a_pinned_question_is_asked_in_every_session(team: Path) -> None:
    lines = [
        f"  - id: q{i}\n    ask: What about deal {i}?\n" + ("    always: true\n" if i == 9 else "")
        for i in range(1, 13)
    ]
    add_bank(team, PINNED.format(questions="".join(lines)), name="pinned")
    first, _ = run_session(team, "pinned")
    second, _ = run_session(team, "pinned", NEXT_WEEK)
    assert "q9" in first and "q9" in second
    assert set(first) & set(second) == {"q1", "q9", "q12", "most-useful"}


def test_an_answers_file_may_answer_any_question_of_the_bank_and_the_close(
    team: Path, tmp_path: Path
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "bank: skill-practice\nanswers:\n  success-signal: A deeper answer\n"
        "  most-useful: The role play\n"
    )
    sid = ok("session", "start", "dana", "--answers", str(path), "--today", "2026-11-24")
    shown = ok("session", "show", sid.stdout.strip(), "--json").json()
    assert [(a["question_id"], a["bank"]) for a in shown["answers"]] == [
        ("success-signal", "skill-practice"),
        ("most-useful", "skill-practice"),
    ]


# --- branching follow-ups in the flow -------------------------------------------------------

BRANCHING = """\
id: branching
title: Branching follow-ups
questions:
  - id: skill
    ask: Which skill would you like to practise?
    type: choice
    choices: [discovery, objection handling]
    follow_ups:
      - ask: Which discovery question gets the longest answer?
        when: [discovery]
      - ask: Which objection surprised you this month?
        when: [objection handling]
  - id: confidence
    ask: How confident are you on that skill, from 1 to 5?
    type: scale
    min: 1
    max: 5
    follow_ups:
      - ask: What would one point higher look like on a call?
        when: {at_most: 3}
      - ask: Which call shows it at its best?
        when: {at_least: 4}
      - What will you try first?
"""


def test_follow_ups_are_asked_only_when_the_answer_matches(team: Path) -> None:
    add_bank(team, BRANCHING, name="branching")
    picks = {"Which skill": "objection handling", "How confident": "2"}
    _, prompter = run_session(team, "branching", prompter=AutoPrompter(picks=picks))
    follow_ups = [m.removeprefix("↳ ") for m in prompter.asked if m.startswith("↳")]
    assert follow_ups == [
        "Which objection surprised you this month?",
        "What would one point higher look like on a call?",
        "What will you try first?",
    ]
    picks = {"Which skill": "discovery", "How confident": "5"}
    _, prompter = run_session(team, "branching", NEXT_WEEK, AutoPrompter(picks=picks))
    follow_ups = [m.removeprefix("↳ ") for m in prompter.asked if m.startswith("↳")]
    assert follow_ups == [
        "Which discovery question gets the longest answer?",
        "Which call shows it at its best?",
        "What will you try first?",
    ]


def test_preview_shows_each_follow_up_with_its_condition(team: Path) -> None:
    add_bank(team, BRANCHING, name="branching")
    args = ("session", "preview", "dana", "--bank", "branching", "--today", "2026-11-24")
    out = ok(*args).stdout
    assert "     ↳ Which objection surprised you this month? (if objection handling)" in out
    assert "     ↳ What would one point higher look like on a call? (if at most 3)" in out
    skill = ok(*args, "--json").json()["questions"][0]
    assert skill["follow_ups"][0] == {
        "ask": "Which discovery question gets the longest answer?",
        "when": "if discovery",
    }


# --- the planner rotates among the banks for a weak transition -----------------------------


def test_the_planner_suggests_stage_conversion_when_deal_strategy_was_used_last(
    team: Path, tmp_path: Path
) -> None:
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    # Aiko converts opportunities to proposals worst of the team: five shipped banks name that
    # transition. She had every one of them but stage-conversion (with early-pipeline beside
    # it, so the early-pipeline share is kept and the planner turns to her weak transition).
    naming = [
        row["id"]
        for row in ok("bank", "list", "--json").json()
        if "opportunities->proposals" in row["focus"]
    ]
    assert "stage-conversion" in naming and len(naming) >= 3
    used = [bank for bank in naming if bank != "stage-conversion"]
    for n, bank in enumerate(used):
        day = (date(2026, 11, 23) - timedelta(days=7 * (len(used) - 1 - n))).isoformat()
        path = tmp_path / f"{day}.yaml"
        path.write_text(f"banks: [early-pipeline, {bank}]\n")
        ok("session", "start", "aiko", "--answers", str(path), "--today", day)
    slots = ok("plan", "week", "--today", "2026-11-30", "--json").json()
    aiko = next(s for s in slots if s["rep"] == "aiko-tanaka")
    assert aiko["focus"] == "stage-conversion"
    assert "opportunities->proposals" in aiko["reason"]


def test_least_recently_used_prefers_a_bank_never_used_then_the_oldest() -> None:
    from coachcli.core.session.selection import least_recently_used

    both = ["deal-strategy", "stage-conversion"]
    assert least_recently_used(both, {}) == "deal-strategy"
    assert least_recently_used(both, {"deal-strategy": "2026-11-16"}) == "stage-conversion"
    used = {"deal-strategy": "2026-11-16", "stage-conversion": "2026-11-23"}
    assert least_recently_used(both, used) == "deal-strategy"


# --- session preview ------------------------------------------------------------------------


def test_preview_json_has_the_agenda_and_writes_nothing(team: Path) -> None:
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    store = team / "coach.json"
    before = (store.read_bytes(), os.stat(store).st_mtime_ns, sorted(team.rglob("*")))
    doc = ok("session", "preview", "dana", "--today", "2026-11-24", "--json").json()
    assert (store.read_bytes(), os.stat(store).st_mtime_ns, sorted(team.rglob("*"))) == before
    assert {"rep", "date", "banks", "commitments", "prep", "questions"} <= set(doc)
    assert (doc["rep"], doc["date"], doc["banks"]) == ("dana-lee", "2026-11-24", ["early-pipeline"])
    assert doc["reason"] == "Dana Lee's focus" and doc["prep"] is None
    assert [c["id"] for c in doc["commitments"]] == ["c-aaa001"]
    assert doc["question_minutes"] == 23
    for q in doc["questions"]:
        assert {"bank", "id", "ask"} <= set(q) and q["bank"] == "early-pipeline"
    assert [q["part"] for q in doc["questions"]][0::1][0] == "opener"
    assert doc["questions"][-1]["id"] == "most-useful"


def test_preview_spans_several_banks_and_prints_the_agenda(team: Path) -> None:
    args = ["--bank", "skill-practice", "--bank", "deal-strategy", "--today", "2026-11-24"]
    doc = ok("session", "preview", "dana", *args, "--json").json()
    assert doc["banks"] == ["skill-practice", "deal-strategy"] and doc["reason"] is None
    assert {q["bank"] for q in doc["questions"]} == {"skill-practice", "deal-strategy"}
    out = ok("session", "preview", "dana", *args).stdout
    assert out.startswith("Next session with Dana Lee on 2026-11-24: skill-practice, deal-strategy")
    assert "Review (0 open commitment(s))\n  nothing to review" in out
    assert "Prep from the rep\n  none yet" in out
    assert "(skill-practice/most-useful) [close]" in out


def test_preview_takes_no_lock(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachcli.store import storage

    def refuse(home: Path) -> None:
        raise AssertionError("preview took the write lock")

    monkeypatch.setattr(storage, "locked", refuse)
    ok("session", "preview", "dana", "--today", "2026-11-24")


@pytest.mark.slow
def test_preview_does_not_import_the_prompter(team: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys, coachcli.app as a\n"
        "sys.argv = ['coach', 'session', 'preview', 'dana', '--today', '2026-11-24']\n"
        "try:\n    a.run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('questionary', 'prompt_toolkit') if m in sys.modules),"
        " file=sys.stderr)"
    )
    env = os.environ | {"COACH_HOME": str(team)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.stderr.strip().endswith("[]"), done.stderr


def test_preview_of_an_unknown_rep_or_bank_is_a_user_error(team: Path) -> None:
    assert "nobody" in fails(1, "session", "preview", "nobody").stderr
    assert "unknown bank 'nope'" in fails(1, "session", "preview", "dana", "--bank", "nope").stderr


def test_preview_shows_the_reps_prep_when_the_store_has_one(team: Path) -> None:
    from coachcli.core.models import Prep

    with Store(team).write() as repo:
        repo.preps.put(
            Prep(
                rep="dana-lee",
                date="2026-11-24",
                answers=[{"ask": "What do you want to work on?", "answer": "The Acme renewal"}],
                statuses=[{"commitment": "c-aaa001", "status": "done", "note": "Booked 4"}],
            )
        )
    doc = ok("session", "preview", "dana", "--today", "2026-11-24", "--json").json()
    assert doc["prep"]["answers"][0]["answer"] == "The Acme renewal"
    out = ok("session", "preview", "dana", "--today", "2026-11-24").stdout
    assert "Prep from the rep\n  What do you want to work on? → The Acme renewal\n" in out
    assert "  c-aaa001: done (Booked 4)\n" in out


def test_preview_names_a_paused_session_that_start_would_offer_first(team: Path) -> None:
    from coachcli.store import drafts

    assert ok("session", "preview", "dana", "--json").json()["paused"] is None
    write_draft(team, "dana-lee", {"rep": "dana-lee", "started": "2026-11-24T10:00"})
    draft = drafts.draft_path(team, "dana-lee").read_bytes()
    doc = ok("session", "preview", "dana", "--today", "2026-11-24", "--json").json()
    assert doc["paused"] == "2026-11-24T10:00"
    out = ok("session", "preview", "dana", "--today", "2026-11-24").stdout
    assert "A paused session (started 2026-11-24T10:00) comes first" in out
    assert drafts.draft_path(team, "dana-lee").read_bytes() == draft


def test_changing_a_choice_drops_the_follow_up_answers_that_no_longer_apply(team: Path) -> None:
    from tests.session_support import ENTER, ScriptedPrompter

    add_bank(team, BRANCHING, name="branching")
    script = ScriptedPrompter(
        [
            ("text", "Which skill", "discovery"),
            ("text", "Which discovery question", "The impact one"),
            ("text", "How confident", "/back"),
            ("text", "Which skill", "objection handling"),
            ("text", "Which objection surprised", "Budget freeze"),
            ("text", "How confident", "5"),
            ("text", "Which call shows it", ENTER),
            ("text", "What will you try first", ENTER),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save this session", True),
        ]
    )
    result = flow.start_interactive(
        team, "dana", today=TODAY, prompter=script, clock=FakeClock().clock(),
        banks=["branching"],
    )  # fmt: skip
    script.done()
    assert result is not None
    skill = result[0].answers[0]
    assert (skill.question_id, skill.answer) == ("skill", "objection handling")
    assert [(x.ask, x.answer) for x in skill.follow_ups] == [
        ("Which objection surprised you this month?", "Budget freeze")
    ]
