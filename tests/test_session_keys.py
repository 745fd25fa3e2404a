"""Issue 10 (1-8, 18) and issue 14.4: the keys at every prompt of a session, typed into the
real questionary prompts through a prompt_toolkit pipe input."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coachcli.commands._hints import hint_for
from coachcli.core.session.state import Clock
from coachcli.errors import Interrupted
from coachcli.services import sessions as flow
from coachcli.store import drafts
from coachcli.store.repository import Store
from coachcli.ui.prompter import QuestionaryPrompter
from tests.conftest import EXAMPLES, ok, run
from tests.session_support import FakeClock, add_bank, add_commitment

ENTER = "\r"
CTRL_C = "\x03"
TODAY = date(2026, 11, 24)

# The kinds bank, every question asked (--all): deal (its follow-up only once answered),
# manager-role (a choice), confidence (a scale), ready (a confirm), the closing "most useful".
SKIP_ALL_QUESTIONS = [ENTER] * 5
AFTER_DEAL = SKIP_ALL_QUESTIONS[1:]  # deal answered and its follow-up passed


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    return team


class Run:
    def __init__(self, home: Path, keys: PipeInput) -> None:
        self.home, self.keys = home, keys
        self.stream = io.StringIO()

    def start(self, typed: list[str], clock: FakeClock | None = None, **kw: Any) -> Any:
        self.keys.send_text("".join(typed))
        return flow.start_interactive(
            self.home,
            "dana",
            today=TODAY,
            prompter=QuestionaryPrompter(stream=self.stream),
            clock=(clock or FakeClock()).clock(),
            banks=kw.pop("banks", ["kinds"]),
            ask_all=True,
            **kw,
        )

    def resume(self, typed: list[str]) -> Any:
        self.keys.send_text("".join(typed))
        return flow.resume_interactive(
            self.home,
            "dana",
            today=None,
            prompter=QuestionaryPrompter(stream=self.stream),
            clock=FakeClock().clock(),
        )

    @property
    def notes(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def session(home: Path, keys: PipeInput) -> Run:
    return Run(home, keys)


def answers(result: Any) -> dict[str, Any]:
    saved, _ = result
    return {a.question_id: a.answer for a in saved.answers}


END = [ENTER, ENTER, ENTER, "y"]  # no commitment, no notes, the rep's step skipped, save


# 1 ---------------------------------------------------------------------------------------------
def test_enter_on_a_choice_or_confirm_question_skips_it_and_records_nothing(
    session: Run,
) -> None:
    typed = ["Acme\r", ENTER, ENTER, "4\r", ENTER, ENTER, *END]
    result = session.start(typed)
    assert answers(result) == {"deal": "Acme", "confidence": 4}
    assert result[0].roles == []  # a slip of Enter never logs "lead"


def test_a_choice_is_picked_by_number_or_by_its_words(session: Run) -> None:
    typed = [ENTER, "silent\r", ENTER, "y\r", ENTER, *END]
    assert answers(session.start(typed)) == {"manager-role": "silent observer", "ready": True}


# 2 ---------------------------------------------------------------------------------------------
def test_keys_work_at_the_commitment_prompts_and_are_never_saved_as_text(session: Run) -> None:
    typed = [
        *SKIP_ALL_QUESTIONS,
        "Book the workshop\r",
        "/cancel\r",  # at "By when?": this commitment is dropped
        "Call Acme\r",
        "/b\r",  # at "By when?": back to the text, prefilled
        " today\r",  # the text becomes "Call Acme today"
        ENTER,  # due: the default
        "Invite\r",
        "/back\r",  # at "Commitment 2": the last one comes back, from its text
        ENTER,
        ENTER,
        ENTER,  # the measure kept: "Invite"
        "/skip\r",  # no more commitments
        ENTER,
        ENTER,  # the rep's step (issue 13): skipped
        "y",
    ]
    _, made = session.start(typed)
    assert [(c.text, c.due, c.measure) for c in made] == [
        ("Call Acme today", "2026-12-01", "Invite")
    ]
    assert "commitment dropped" in session.notes


def test_a_date_typed_as_a_commitments_text_is_refused_there(session: Run) -> None:
    backspaces = "\x7f" * 10
    typed = [*SKIP_ALL_QUESTIONS, "2026-12-04\r", backspaces + "Call Acme\r", ENTER, ENTER]
    _, made = session.start([*typed, ENTER, ENTER, ENTER, "y"])
    assert [(c.text, c.due) for c in made] == [("Call Acme", "2026-12-01")]


def test_keys_work_at_the_review_prompts(home: Path, session: Run) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(home, "c-aaa002", "dana-lee", "Send the recap", due="2026-11-26")
    typed = [
        "1\r",  # done
        "/tell Block the mornings\r",
        "Mornings work\r",
        "Block 9-10\r",  # how will you keep it going
        "/back\r",  # at review 2's status: back to review 1, "done" shown
        "\x7f" * 4 + "2\r",  # partial this time
        ENTER,  # what did you learn: kept, Enter
        "+7\r",  # carried forward to a new due date
        "/skip\r",  # review 2 skipped: it stays open
        *SKIP_ALL_QUESTIONS,
        *END,
    ]
    saved, made = session.start(typed)
    assert [(r.commitment, r.status, r.due) for r in saved.reviews] == [
        ("c-aaa001", "partial", "2026-12-01")
    ]
    assert saved.tells == ["Block the mornings"]
    assert "4 days overdue" in session.notes  # how overdue each one is
    assert [(c.text, c.due) for c in made] == [("Call 20 prospects", "2026-12-01")]
    repo = Store(home).read()
    old, still = repo.commitments.get("c-aaa001"), repo.commitments.get("c-aaa002")
    assert old is not None and still is not None
    assert (old.status, still.status) == ("partial", "open")
    carried = repo.commitments.get(made[0].id)
    assert carried is not None and "carried forward from c-aaa001" in str(carried.history[0].note)


# 3 ---------------------------------------------------------------------------------------------
def test_follow_is_filed_under_the_question_just_answered(session: Run) -> None:
    typed = [
        "The pitch to Acme\r",
        ENTER,
        "/follow Which part of the pitch feels weakest?\r",  # typed at the next question
        "Pricing\r",
        ENTER,
        *SKIP_ALL_QUESTIONS[2:],
        *END,
    ]
    saved, _ = session.start(typed)
    deal = next(a for a in saved.answers if a.question_id == "deal")
    assert [(f.ask, f.answer) for f in deal.follow_ups] == [
        ("Which part of the pitch feels weakest?", "Pricing")
    ]
    assert all(not a.follow_ups for a in saved.answers if a.question_id != "deal")


# 4 ---------------------------------------------------------------------------------------------
def test_ctrl_c_keeps_the_half_typed_answer_and_says_paused(home: Path, session: Run) -> None:
    with pytest.raises(Interrupted) as caught:
        session.start(["Acm" + CTRL_C])
    assert caught.value.message.startswith("Paused")
    assert "coach session resume dana-lee" in (hint_for(caught.value) or "")
    assert drafts.load_draft(home, "dana-lee")["typed"]["text"] == "Acm"  # type: ignore[index]
    result = session.resume(["e\r", ENTER, *AFTER_DEAL, *END])
    assert answers(result) == {"deal": "Acme"}


def test_a_pause_is_reported_as_paused_not_as_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    from coachcli.app import report

    report(Interrupted("Paused. Everything typed is kept", hint="continue with `x`"))
    err = capsys.readouterr().err
    assert err.startswith("coach: Paused.") and "error" not in err


# 5 ---------------------------------------------------------------------------------------------
def test_a_new_session_never_says_resuming_and_a_resumed_one_does(session: Run) -> None:
    with pytest.raises(Interrupted):
        session.start(["Acme\r", CTRL_C])
    assert "Resuming" not in session.notes
    session.resume([ENTER, ENTER, *AFTER_DEAL, *END])  # deal again (kept), its follow-up
    assert "Resuming the session started" in session.notes


def test_no_at_the_save_prompt_names_the_rep_in_the_hint(
    home: Path, keys: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachcli.commands.session as command
    import coachcli.ui.prompter

    monkeypatch.setattr(command, "_need_terminal", lambda: None)
    monkeypatch.setattr(
        coachcli.ui.prompter,
        "terminal_prompter",
        lambda: QuestionaryPrompter(stream=io.StringIO()),
    )
    keys.send_text("".join([*SKIP_ALL_QUESTIONS, ENTER, ENTER, ENTER, "n"]))
    result = run("session", "start", "dana", "--bank", "kinds", "--all", "--today", "2026-11-24")
    assert result.exit_code == 0, result.stderr
    assert "coach session resume dana-lee" in result.stderr
    assert "REP" not in result.stderr


# 6 ---------------------------------------------------------------------------------------------
def test_done_at_a_question_moves_on_to_the_commitments(session: Run) -> None:
    typed = ["Acme\r", ENTER, "/done\r", "Book it\r", ENTER, ENTER, ENTER, ENTER, ENTER, "y"]
    saved, made = session.start(typed)
    assert answers((saved, made)) == {"deal": "Acme"}
    assert [c.text for c in made] == ["Book it"]


def test_help_lists_every_key_and_an_unknown_key_is_cleared(session: Run) -> None:
    typed = ["/help\r", "/xyz\r", "Acme\r", ENTER, *AFTER_DEAL, *END]
    result = session.start(typed)
    for key in ("/skip", "/back", "/tell", "/follow", "/observe", "/done", "/cancel", "/help"):
        assert key in session.notes
    assert "unknown key /xyz" in session.notes
    assert answers(result) == {"deal": "Acme"}  # not "/xyzAcme": the input was cleared


class LateClock(FakeClock):
    """22 minutes pass between the start of the flow and its first question."""

    def clock(self) -> Clock:
        reads = iter([0.0])
        return Clock(monotonic=lambda: next(reads, 22 * 60.0), now=lambda: self.wall)


def test_at_22_minutes_the_flow_offers_to_move_on_to_commitments(session: Run) -> None:
    typed = ["y", "Book it\r", ENTER, ENTER, ENTER, ENTER, ENTER, "y"]
    saved, made = session.start(typed, clock=LateClock())
    assert saved.answers == [] and [c.text for c in made] == ["Book it"]


# 7 ---------------------------------------------------------------------------------------------
COMMIT_BANK = """\
id: closing-bank
title: Commit
questions:
  - id: action
    ask: What exactly will you do before we next meet?
    type: text
  - id: proof
    ask: How will we both know it happened?
    type: text
"""


def test_an_answer_that_names_a_commitment_is_offered_prefilled(home: Path, session: Run) -> None:
    add_bank(home, COMMIT_BANK, "closing-bank")
    typed = [
        "Send the Acme proposal\r",
        "Acme replies\r",
        ENTER,  # most useful
        ENTER,  # "Commitment 1" prefilled with the answer: kept
        ENTER,  # due: default
        ENTER,  # measure prefilled with "How will we both know": kept
        ENTER,  # no more
        ENTER,
        ENTER,  # the rep's step (issue 13): skipped
        "y",
    ]
    _, made = session.start(typed, banks=["closing-bank"])
    assert [(c.text, c.measure) for c in made] == [("Send the Acme proposal", "Acme replies")]
    assert "From the answer to" in session.notes


# 8 ---------------------------------------------------------------------------------------------
def test_a_commitment_closed_during_the_week_is_reviewed_with_its_reinforcement(
    home: Path, session: Run
) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    ok("commit", "done", "c-aaa001", "--today", "2026-11-21")
    typed = ["Mornings work\r", "Calls before 10 every day\r", *SKIP_ALL_QUESTIONS, *END]
    saved, _ = session.start(typed)
    assert "Closed during the week: done on 2026-11-21" in session.notes
    [review] = saved.reviews
    assert (review.status, review.during_week, review.reinforcement) == (
        "done",
        True,
        "Calls before 10 every day",
    )
    done = Store(home).read().commitments.get("c-aaa001")
    assert done is not None and done.reinforcement == "Calls before 10 every day"
    assert [h.status for h in done.history] == ["open", "done"]  # not done twice


def test_a_still_open_commitment_gets_a_new_due_date_kept_in_history(
    home: Path, session: Run
) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    typed = ["5\r", ENTER, "2026-11-27\r", *SKIP_ALL_QUESTIONS, *END]
    session.start(typed)
    c = Store(home).read().commitments.get("c-aaa001")
    assert c is not None and (c.status, c.due) == ("open", "2026-11-27")
    assert c.history[-1].edited == {"due": ["2026-11-20", "2026-11-27"]}


# 18 --------------------------------------------------------------------------------------------
RATIO_BANK = """\
id: numbers
title: Numbers
questions:
  - id: ratio-look
    ask: What do you notice in your calls-to-conversations ratio?
    type: text
    hint: Show the ratio next to the team's. Let them interpret it before you do.
"""


def test_the_reps_ratios_are_shown_beside_the_teams_when_the_hint_asks(
    home: Path, session: Run
) -> None:
    add_bank(home, RATIO_BANK, "numbers")
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    session.start(["Fewer connects\r", ENTER, *END], banks=["numbers"])
    assert "Dana Lee's ratios beside the team's" in session.notes
    assert "calls->conversations: " in session.notes and "; team " in session.notes
    assert " of " in session.notes  # the counts behind the ratio


# observations (issue 14.4) ---------------------------------------------------------------------
def test_observe_at_any_prompt_is_kept_apart_from_tells_and_shown(
    home: Path, session: Run, tmp_path: Path
) -> None:
    typed = [
        "Acme\r",
        "/observe You named the buyer's problem before the product\r",
        ENTER,
        *AFTER_DEAL,
        "/observe Clear next step\r",  # at the commitment prompt too
        ENTER,
        ENTER,
        ENTER,  # the rep's step (issue 13): skipped
        "y",
    ]
    saved, _ = session.start(typed)
    assert saved.observations == [
        "You named the buyer's problem before the product",
        "Clear next step",
    ]
    assert saved.tells == [] and saved.observed == 2
    shown = ok("session", "show", saved.id, "--json").json()
    assert shown["observations"] == saved.observations  # type: ignore[index]
    assert "Observations (offered after the rep spoke)" in ok("session", "show", saved.id).stdout
    assert "Clear next step" in ok("export", "dana").stdout
    assert '"observed": 2' in ok("export", "dana", "--format", "jsonl").stdout
    stats = ok("stats", "--today", "2026-11-24", "--json").json()
    assert stats["observations"] == {"count": 2, "per_session": 2.0}  # type: ignore[index]
    assert stats["ask_tell"]["told"] == 0  # type: ignore[index]
