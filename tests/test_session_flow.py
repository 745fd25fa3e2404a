"""The session flow driven by a scripted prompter, on a real store in a tmp home."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from coachcli.commands._hints import hint_for
from coachcli.core.session.state import State
from coachcli.errors import CoachError, ExitCode, Interrupted
from coachcli.services import sessions as flow
from coachcli.services.session_context import load_context
from coachcli.store import drafts
from coachcli.store.repository import Store
from tests.helpers.drafts import write_draft
from tests.session_support import (
    ENTER,
    FakeClock,
    ScriptedPrompter,
    add_bank,
    add_commitment,
    add_slot,
    scripts_used_up,  # noqa: F401  (autouse: scripts used up)
)

TODAY = date(2026, 11, 24)  # a Tuesday in 2026-W48


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(team, "c-aaa002", "dana-lee", "Send the recap")
    return team


def start(
    home: Path,
    prompter: ScriptedPrompter,
    fake: FakeClock,
    banks: list[str] | None = None,
    rep: str = "dana",
):
    return flow.start_interactive(
        home, rep, today=TODAY, prompter=prompter, clock=fake.clock(), banks=banks
    )


def resume(home: Path, prompter: ScriptedPrompter, fake: FakeClock):
    return flow.resume_interactive(home, "dana", today=None, prompter=prompter, clock=fake.clock())


REVIEWS = [
    ("text", "How did it go", "done"),
    ("text", "What did you learn", "Mornings work best"),
    ("text", "keep this going", "Block 9-10 every day"),
    ("text", "How did it go", "missed"),
    ("text", "What did you learn", ENTER),
    ("text", "New due date", ENTER),  # not carried forward
]
END = [
    ("text", "most useful", ENTER),
    ("text", "Commitment 1", ""),
    ("text", "Private notes", ""),
    ("confirm", "Save this session", True),
]


def test_a_full_session_reviews_asks_commits_and_saves_everything(home: Path) -> None:
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", "/tell Bring the ops lead's numbers"),
            ("text", "Which deal", "Acme: run a discovery workshop"),
            ("text", "What would have to be true", "The ops lead agrees"),
            ("text", "what role did I play", "lead"),
            ("text", "How confident", "9"),  # refused: out of range
            ("text", "How confident", "4"),
            ("text", "ready to book", "/follow"),
            ("text", "Your follow-up question", "What is stopping you?"),
            ("text", "What is stopping you?", "Nothing now"),
            ("text", "ready to book", "yes"),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", "Book the Acme workshop"),
            ("text", "By when", ENTER),
            ("text", "How will we know", "Invite accepted"),
            ("text", "Commitment 2", ""),
            ("text", "Private notes", "Seemed tired; check workload."),
            ("confirm", "Save this session", True),
        ],
        clock=fake,
    )

    result = start(home, script, fake, banks=["kinds"])

    script.done()
    assert result is not None
    saved, made = result
    assert script.refused == ["type a whole number from 1 to 5"]
    repo = Store(home).read()
    session = repo.load_session(saved.id)
    assert session is not None
    assert (session.rep, session.date, session.banks) == ("dana-lee", "2026-11-24", ["kinds"])
    assert (session.asked, session.told, session.reviewed) == (6, 1, 2)
    assert session.roles == ["lead"]
    assert session.minutes == math.ceil((fake.t - fake.step) / 60)  # until the summary
    assert session.tells == ["Bring the ops lead's numbers"]
    assert session.notes == "Seemed tired; check workload."
    answers = {a.question_id: a for a in session.answers}
    assert [a.question_id for a in session.answers] == [
        "deal",
        "manager-role",
        "confidence",
        "ready",
    ]
    assert answers["deal"].answer == "Acme: run a discovery workshop"
    assert [(f.ask, f.answer) for f in answers["deal"].follow_ups] == [
        ("What would have to be true for it to move?", "The ops lead agrees")
    ]
    assert (answers["confidence"].answer, answers["ready"].answer) == (4, True)
    # /follow belongs to the question just answered, not to the one on screen
    assert answers["confidence"].follow_ups[0].answer == "Nothing now"
    assert answers["ready"].follow_ups == []
    reviews = {r.commitment: r for r in session.reviews}
    assert reviews["c-aaa001"].reinforcement == "Block 9-10 every day"
    # the reviewed commitments changed status, stamped with the session
    done, missed = repo.commitments.get("c-aaa001"), repo.commitments.get("c-aaa002")
    assert done is not None and missed is not None
    assert (done.status, missed.status) == ("done", "missed")
    assert done.history[-1].session == saved.id and done.history[-1].note == "Mornings work best"
    # the new commitment, due a week later by default
    assert [c.id for c in made] == session.commitments
    new = repo.commitments.get(made[0].id)
    assert new is not None
    assert (new.text, new.due, new.measure, new.session) == (
        "Book the Acme workshop",
        "2026-12-01",
        "Invite accepted",
        saved.id,
    )
    assert not drafts.has_draft(home, "dana-lee")


def test_header_and_timer_are_shown_at_each_step(home: Path) -> None:
    fake = FakeClock(step=90)
    script = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", "/back"),
            *[
                ("text", "Which deal", "/skip"),
                ("text", "role", "/skip"),
                ("text", "How confident", ""),
                ("text", "ready", "/skip"),
            ],
            *END,
        ],
        clock=fake,
    )
    start(home, script, fake, banks=["kinds"])
    assert "Dana Lee (core) · first session · 2 open commitment(s)" in script.notes
    assert any("Suggested focus: early-pipeline (Dana Lee's focus)" in n for n in script.notes)
    assert any(n.startswith("Keys:") and "/tell" in n for n in script.notes)
    assert "[0 min used · 30 left] review 1/2" in script.notes
    assert any(n.startswith("[9 min used · 21 left] question 1/5") for n in script.notes)
    assert "This is the first question." in script.notes


def test_the_bank_is_offered_with_the_suggestion_as_default(home: Path) -> None:
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            ("select", "Which question bank", ENTER),
            ("text", "How did it go", "done"),
            ("text", "What did you learn", KeyboardInterrupt),
        ]
    )
    with pytest.raises(Interrupted):
        start(home, script, fake)
    assert script.defaults[0] == "early-pipeline"
    draft = drafts.load_draft(home, "dana-lee")
    assert draft is not None and draft["banks"] == ["early-pipeline"]


@pytest.mark.parametrize(
    ("rep", "slot_focus", "expected", "reason"),
    [
        ("dana", None, "early-pipeline", "Dana Lee's focus"),
        ("dana", "grow", "grow", "this week's plan"),
        ("marco", None, "weekly-checkin", "the default"),
        ("marco", "no-such-bank", "weekly-checkin", "the default"),
    ],
)
def test_suggested_bank_is_the_plan_then_the_rep_focus_then_the_weekly_checkin(
    home: Path, rep: str, slot_focus: str | None, expected: str, reason: str
) -> None:
    slug = {"dana": "dana-lee", "marco": "marco-rossi"}[rep]
    if slot_focus:
        add_slot(home, "2026-W48", slug, "2026-11-26T10:00", focus=slot_focus)
    ctx = load_context(Store(home).read(), rep, TODAY)
    assert (ctx.suggested, ctx.reason) == (expected, reason)


def test_back_reasks_the_previous_question_with_its_answer_and_skip_leaves_it_out(
    home: Path,
) -> None:
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", "First thought"),
            ("text", "What would have to be true", "/skip"),
            ("text", "role", "/back"),
            ("text", "Which deal", ENTER),  # the earlier answer is the default
            ("text", "What would have to be true", ""),
            ("text", "role", "/skip"),
            ("text", "How confident", "/b"),
            ("text", "role", "silent observer"),
            ("text", "How confident", ""),  # Enter alone skips
            ("text", "ready", "/skip"),
            *END,
        ],
        clock=fake,
    )
    result = start(home, script, fake, banks=["kinds"])
    assert result is not None
    assert script.defaults_at("Which deal") == ["", "First thought"]  # the re-asked one
    answers = {a.question_id: a.answer for a in result[0].answers}
    assert answers == {"deal": "First thought", "manager-role": "silent observer"}


def test_ctrl_c_keeps_a_draft_and_resume_asks_only_what_is_left(home: Path) -> None:
    fake = FakeClock()
    first = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", "Acme"),
            ("text", "What would have to be true", ""),
            ("text", "role", "passive participant"),
            ("text", "How confident", KeyboardInterrupt),
        ],
        clock=fake,
    )
    with pytest.raises(Interrupted) as caught:
        start(home, first, fake, banks=["kinds"])
    assert caught.value.exit_code == ExitCode.INTERRUPTED == 130
    assert "coach session resume dana-lee" in (hint_for(caught.value) or "")
    path = drafts.draft_path(home, "dana-lee")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert json.loads(path.read_text())["answers"][0]["answer"] == "Acme"
    assert Store(home).read().sessions.all() == []  # nothing in the store yet

    spent = fake.t
    second = ScriptedPrompter(
        [
            ("text", "How confident", "3"),
            ("text", "ready", "no"),
            *END,
        ],
        clock=fake,
    )
    result = resume(home, second, fake)
    second.done()
    assert result is not None
    session = Store(home).read().load_session(result[0].id)
    assert session is not None
    assert {a.question_id: a.answer for a in session.answers} == {
        "deal": "Acme",
        "manager-role": "passive participant",
        "confidence": 3,
        "ready": False,
    }
    assert [r.status for r in session.reviews] == ["done", "missed"]
    assert (
        session.minutes == math.ceil((fake.t - fake.step) / 60) > math.ceil((fake.t - spent) / 60)
    )
    assert not path.exists()


def test_end_of_input_in_the_middle_of_a_commitment_keeps_what_was_typed(home: Path) -> None:
    fake = FakeClock()
    questions = [
        ("text", "Which deal", ""),
        ("text", "role", "/skip"),
        ("text", "How confident", ""),
        ("text", "ready", "/skip"),
    ]
    first = ScriptedPrompter(
        [
            *REVIEWS,
            *questions,
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", "Book the workshop"),
            ("text", "By when", EOFError),
        ],
        clock=fake,
    )
    with pytest.raises(Interrupted):
        start(home, first, fake, banks=["kinds"])
    second = ScriptedPrompter(
        [
            ("text", "By when", "+3"),
            ("text", "How will we know", ""),
            ("text", "Commitment 2", ""),
            ("text", "Private notes", ""),
            ("confirm", "Save", True),
        ],
        clock=fake,
    )
    result = resume(home, second, fake)
    assert result is not None
    assert [(c.text, c.due) for c in result[1]] == [("Book the workshop", "2026-11-27")]


def test_starting_again_offers_to_resume_or_discard_the_paused_session(home: Path) -> None:
    fake = FakeClock()
    first = [("text", "How did it go", "partial"), ("text", "What did you learn", EOFError)]
    with pytest.raises(Interrupted):
        start(home, ScriptedPrompter(first), fake, banks=["kinds"])
    # resume: continues inside the first review
    resumed = [("select", "paused session", ENTER), ("text", "What did you learn", EOFError)]
    with pytest.raises(Interrupted):
        start(home, ScriptedPrompter(resumed), fake)
    # discard: a new session, so the bank is asked again; stopping before typing keeps nothing
    fresh = [("select", "paused session", "discard"), ("select", "Which question bank", EOFError)]
    with pytest.raises(Interrupted) as caught:
        start(home, ScriptedPrompter(fresh), fake)
    assert "nothing kept" in caught.value.message
    assert not drafts.has_draft(home, "dana-lee")


def test_resume_without_a_draft_is_an_error_with_a_hint(home: Path) -> None:
    with pytest.raises(CoachError) as caught:
        resume(home, ScriptedPrompter([]), FakeClock())
    assert "no paused session" in caught.value.message
    assert "coach session start dana-lee" in (caught.value.hint or "")


def test_declining_to_save_keeps_the_draft_and_the_store_unchanged(home: Path) -> None:
    before = (home / "coach.json").read_bytes()
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", ""),
            ("text", "role", "/skip"),
            ("text", "How confident", ""),
            ("text", "ready", "/skip"),
            *END[:-1],
            ("confirm", "Save", False),
        ],
        clock=fake,
    )
    assert start(home, script, fake, banks=["kinds"]) is None
    assert (home / "coach.json").read_bytes() == before
    assert drafts.has_draft(home, "dana-lee")


def test_a_planned_slot_is_marked_held_and_sets_the_default_due_date(home: Path) -> None:
    add_slot(home, "2026-W48", "dana-lee", "2026-11-24T10:00", focus="kinds")
    add_slot(home, "2026-W49", "dana-lee", "2026-12-03T10:00")
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            ("select", "Which question bank", ENTER),
            *REVIEWS,
            ("text", "Which deal", ""),
            ("text", "role", "/skip"),
            ("text", "How confident", ""),
            ("text", "ready", "/skip"),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", "Try the new opener"),
            ("text", "By when", ENTER),
            ("text", "How will we know", ""),
            ("text", "Commitment 2", ""),
            *END[2:],
        ],
        clock=fake,
    )
    result = start(home, script, fake)
    assert result is not None
    saved, made = result
    assert script.defaults[0] == "kinds"
    assert made[0].due == "2026-12-03"  # the next planned session, not a week later
    repo = Store(home).read()
    assert saved.plan == "2026-W48:dana-lee"
    slot = repo.plans.get("2026-W48:dana-lee")
    later = repo.plans.get("2026-W49:dana-lee")
    assert slot is not None and later is not None
    assert (slot.session, later.session) == (saved.id, None)


@pytest.mark.parametrize(
    ("prompt", "bad", "message"),
    [
        ("Which deal", "bad \ud800 text", "not valid UTF-8"),
        ("How confident", "four", "whole number from 1 to 5"),
        ("By when", "2026-11-01", "is before the session"),
        ("By when", "someday", "invalid due date"),
        ("By when", "2031-01-01", "more than two years away"),
    ],
)
def test_invalid_input_is_refused_at_the_prompt_with_a_message(
    home: Path, prompt: str, bad: str, message: str
) -> None:
    add_commitment(home, "c-aaa003", "marco-rossi", "Mentor Priya")
    answers = {"Which deal": "", "How confident": "", "By when": ENTER}
    answers[prompt] = bad
    steps = [
        ("text", "How did it go", "open"),
        ("text", "What did you learn", ""),
        ("text", "New due date", ""),
        ("text", "Which deal", answers["Which deal"]),
        ("text", "role", "/skip"),
        ("text", "How confident", answers["How confident"]),
        ("text", "ready", "/skip"),
        ("text", "most useful", ENTER),
        ("text", "Commitment 1", "Do it"),
        ("text", "By when", answers["By when"]),
    ]
    at = next(i for i, step in enumerate(steps) if step[1] == prompt)
    prompter = ScriptedPrompter([*steps[: at + 1], ("text", prompt, KeyboardInterrupt)])
    with pytest.raises(Interrupted):
        start(home, prompter, FakeClock(), banks=["kinds"], rep="marco")
    assert len(prompter.refused) == 1 and message in prompter.refused[0], prompter.refused


def test_a_failed_save_keeps_the_draft_and_says_how_to_retry(home: Path) -> None:
    fake = FakeClock()
    state = State(
        rep="dana-lee",
        today="2026-11-24",
        started="2026-11-24T10:00",
        banks=["kinds"],
        stage="done",
    )
    state.rep = "gone"  # the rep was deleted while the session ran
    write_draft(home, "gone", state.to_doc())
    with pytest.raises(CoachError) as caught:
        flow.save_and_clear(Store(home), state, fake.clock())
    assert "no longer in the roster" in caught.value.message
    assert "coach session resume gone" in (caught.value.hint or "")
    assert drafts.has_draft(home, "gone")


def test_typing_never_touches_the_store_between_the_first_read_and_the_save(home: Path) -> None:
    """Observed from outside, no patching: from the first prompt to the last, the store file
    holds bytes no reader could parse. Had the flow read or written the store while the
    manager typed, it would have failed or changed them; once the file is back, one save."""
    store_file = home / "coach.json"
    real = store_file.read_bytes()
    garbage = b"\x00 not a store while the manager types \x00"
    seen: list[bytes] = []

    class Saboteur(ScriptedPrompter):
        def _next(self, kind: str, message: str) -> object:
            if not seen:
                store_file.write_bytes(garbage)
            seen.append(store_file.read_bytes())
            if kind == "confirm" and "Save this session" in message:
                store_file.write_bytes(real)
            return super()._next(kind, message)

    script = Saboteur(
        [
            *REVIEWS,
            ("text", "Which deal", "Acme"),
            ("text", "What would", ""),
            ("text", "role", "lead"),
            ("text", "How confident", "3"),
            ("text", "ready", "yes"),
            *END,
        ]
    )
    result = start(home, script, FakeClock(), banks=["kinds"])
    assert result is not None
    assert len(seen) == 16 and set(seen) == {garbage}  # every prompt, the rep's step too
    saved = Store(home).read().load_session(result[0].id)
    assert saved is not None and saved.answers[0].answer == "Acme"


def test_the_draft_writer_keeps_the_latest_version_and_reports_failures(tmp_path: Path) -> None:
    writer = drafts.DraftWriter(tmp_path, "dana-lee")
    for i in range(50):
        writer.save({"rep": "dana-lee", "n": i})
    writer.close()
    assert drafts.load_draft(tmp_path, "dana-lee") == {"version": 1, "rep": "dana-lee", "n": 49}

    (tmp_path / "blocked").write_text("a file where the drafts directory should be")
    broken = drafts.DraftWriter(tmp_path / "blocked", "dana-lee")
    broken.save({"rep": "dana-lee"})
    with pytest.raises(CoachError):
        broken.close()


def test_a_damaged_draft_is_an_error_that_says_how_to_discard_it(home: Path) -> None:
    path = drafts.draft_path(home, "dana-lee")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    with pytest.raises(CoachError) as caught:
        resume(home, ScriptedPrompter([]), FakeClock())
    assert "damaged" in caught.value.message
    assert "coach session discard dana-lee" in (caught.value.hint or "")


def test_at_a_follow_up_back_returns_to_the_question_and_tell_is_logged(home: Path) -> None:
    fake = FakeClock()
    script = ScriptedPrompter(
        [
            *REVIEWS,
            ("text", "Which deal", "Acme"),
            ("text", "What would have to be true", "/tell Ask the ops lead"),
            ("text", "What would have to be true", "/back"),
            ("text", "Which deal", "Acme, the ops side"),
            ("text", "What would have to be true", "Budget approved"),
            ("text", "role", "/skip"),
            ("text", "How confident", ""),
            ("text", "ready", "/skip"),
            *END,
        ],
        clock=fake,
    )
    result = start(home, script, fake, banks=["kinds"])
    assert result is not None
    deal = result[0].answers[0]
    assert (deal.answer, [f.answer for f in deal.follow_ups]) == (
        "Acme, the ops side",
        ["Budget approved"],
    )
    assert script.defaults_at("Which deal") == ["", "Acme"]  # back: the answer is the default
    assert result[0].tells == ["Ask the ops lead"]
