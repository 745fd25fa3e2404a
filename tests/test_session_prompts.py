"""The real questionary prompts, driven by keys through a prompt_toolkit pipe input."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coachcli.errors import Interrupted
from coachcli.services import sessions as flow
from coachcli.ui.prompter import QuestionaryPrompter
from tests.session_support import FakeClock, add_bank

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def prompter() -> QuestionaryPrompter:
    return QuestionaryPrompter(stream=io.StringIO())


def test_text_prompt_returns_what_was_typed(keys: PipeInput) -> None:
    keys.send_text("Acme workshop" + ENTER)
    assert prompter().text("Which deal?", hint="Let them find it.") == "Acme workshop"


def test_text_prompt_rejects_invalid_input_until_it_is_fixed(keys: PipeInput) -> None:
    keys.send_text("nine" + ENTER)
    keys.send_text("\x7f" * 4 + "4" + ENTER)  # backspace over it, type a number
    answer = prompter().text(
        "How confident?", validate=lambda s: None if s.isdigit() else "a number please"
    )
    assert answer == "4"


def test_select_prompt_takes_the_default_with_enter_or_moves_with_arrows(keys: PipeInput) -> None:
    options = [("done", "done"), ("partial", "partial"), ("missed", "missed")]
    keys.send_text(ENTER)
    assert prompter().select("How did it go?", options, default="partial") == "partial"
    keys.send_text(DOWN + ENTER)
    assert prompter().select("How did it go?", options) == "partial"
    keys.send_text("3" + ENTER)  # number shortcut
    assert prompter().select("How did it go?", options) == "missed"


def test_confirm_prompt_answers_in_one_keystroke(keys: PipeInput) -> None:
    keys.send_text("n")
    assert prompter().confirm("Save this session?") is False
    keys.send_text("y")
    assert prompter().confirm("Save this session?", default=False) is True


def test_ctrl_c_in_a_prompt_raises_keyboard_interrupt(keys: PipeInput) -> None:
    keys.send_text("half typed" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompter().text("Which deal?")


def test_notes_go_to_the_stream_without_colour_when_it_is_not_a_terminal() -> None:
    stream = io.StringIO()
    QuestionaryPrompter(stream=stream).note("Dana Lee \x1b[31m(core)", style="bold")
    assert stream.getvalue() == "Dana Lee [31m(core)\n"


def test_a_whole_session_typed_into_the_real_prompts(team: Path, keys: PipeInput) -> None:
    add_bank(team)
    script = [
        "Acme" + ENTER,  # text question
        ENTER,  # bank follow-up: Enter skips it
        "1" + ENTER,  # choice: lead
        "4" + ENTER,  # scale
        "2" + ENTER,  # confirm question as a choice: no
        "The role play" + ENTER,  # the closing question
        "Book the workshop" + ENTER,  # commitment
        ENTER,  # due: the default
        "Invite accepted" + ENTER,  # measure
        ENTER,  # no more commitments
        "Private" + ENTER,  # notes
        ENTER,  # the rep's step (issue 13): skipped
        "y",  # save
    ]
    keys.send_text("".join(script))
    result = flow.start_interactive(
        team,
        "dana",
        today=date(2026, 11, 24),
        prompter=prompter(),
        clock=FakeClock().clock(),
        banks=["kinds"],
    )
    assert result is not None
    session, made = result
    answers = {a.question_id: a.answer for a in session.answers}
    assert answers == {
        "deal": "Acme",
        "manager-role": "lead",
        "confidence": 4,
        "ready": False,
        "most-useful": "The role play",
    }
    assert session.notes == "Private"
    assert [(c.text, c.due, c.measure) for c in made] == [
        ("Book the workshop", "2026-12-01", "Invite accepted")
    ]


def test_ctrl_c_in_the_real_prompts_pauses_the_session(team: Path, keys: PipeInput) -> None:
    add_bank(team)
    keys.send_text("Acme" + ENTER + ENTER + CTRL_C)
    with pytest.raises(Interrupted):
        flow.start_interactive(
            team,
            "dana",
            today=date(2026, 11, 24),
            prompter=prompter(),
            clock=FakeClock().clock(),
            banks=["kinds"],
        )
    assert (team / "drafts" / "dana-lee.json").exists()
