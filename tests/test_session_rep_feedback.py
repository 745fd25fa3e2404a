"""The rep's rating and comment at the end of a session, and going back to a review, typed
into the real questionary prompts through a prompt_toolkit pipe input."""

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

from coachcli.services import sessions as flow
from coachcli.store.repository import Store
from coachcli.ui.prompter import QuestionaryPrompter
from tests.conftest import ok
from tests.session_support import FakeClock, add_bank, add_commitment

ENTER = "\r"
BACKSPACES = "\x7f" * 20
QUESTIONS = [ENTER] * 5  # the kinds bank, every question asked and skipped
TO_NOTES = [*QUESTIONS, ENTER]  # no commitment


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    return team


def start(home: Path, keys: PipeInput, typed: list[str], stream: io.StringIO | None = None) -> Any:
    keys.send_text("".join(typed))
    saved, _ = flow.start_interactive(
        home,
        "dana",
        today=date(2026, 11, 24),
        prompter=QuestionaryPrompter(stream=stream or io.StringIO()),
        clock=FakeClock().clock(),
        banks=["kinds"],
        ask_all=True,
    )
    full = Store(home).read().load_session(saved.id)
    assert full is not None
    return full


@pytest.mark.parametrize("digit", [1, 2, 3, 4, 5])
def test_the_digit_the_rep_types_is_the_rating_recorded(
    home: Path, keys: PipeInput, digit: int
) -> None:
    typed = [*TO_NOTES, ENTER, f"{digit}\r", "More role play\r", "y"]
    session = start(home, keys, typed)
    assert session.feedback == {"useful": digit, "comment": "More role play"}
    assert session.useful == digit
    listed = ok("session", "list", "dana", "--json").json()
    assert listed[0]["id"] == session.id  # type: ignore[index]


def test_the_rating_menu_gives_each_rating_its_own_digit_and_skip_zero() -> None:
    from coachcli.core.session.rep_steps import USEFUL_OPTIONS
    from coachcli.ui.prompter import shortcut_keys

    values = [value for value, _ in USEFUL_OPTIONS]
    keys = dict(zip(values, shortcut_keys(USEFUL_OPTIONS), strict=True))
    assert keys == {"1": "1", "2": "2", "3": "3", "4": "4", "5": "5", "": "0"}


def test_enter_at_the_rating_skips_the_reps_step(home: Path, keys: PipeInput) -> None:
    session = start(home, keys, [*TO_NOTES, ENTER, ENTER, "y"])
    assert session.feedback is None and session.useful is None


def test_back_at_the_comment_returns_to_the_rating(home: Path, keys: PipeInput) -> None:
    typed = [*TO_NOTES, ENTER, "2\r", "/back\r", "5\r", "Clear next steps\r", "y"]
    session = start(home, keys, typed)
    assert session.feedback == {"useful": 5, "comment": "Clear next steps"}


@pytest.mark.parametrize("key", ["/skip", "/s", "/done"])
def test_a_key_at_the_comment_is_never_saved_as_the_comment(
    home: Path, keys: PipeInput, key: str
) -> None:
    session = start(home, keys, [*TO_NOTES, ENTER, "4\r", f"{key}\r", "y"])
    assert session.feedback == {"useful": 4, "comment": None}


def test_help_at_the_comment_shows_the_keys_and_asks_again(home: Path, keys: PipeInput) -> None:
    stream = io.StringIO()
    session = start(home, keys, [*TO_NOTES, ENTER, "4\r", "/help\r", "Shorter\r", "y"], stream)
    assert "/back" in stream.getvalue()
    assert session.feedback == {"useful": 4, "comment": "Shorter"}


def test_done_at_the_notes_still_offers_the_reps_step(home: Path, keys: PipeInput) -> None:
    typed = [*TO_NOTES, "/done\r", "3\r", ENTER, "y"]
    session = start(home, keys, typed)
    assert session.feedback == {"useful": 3, "comment": None}


def test_back_to_the_first_review_shows_what_was_recorded_and_enter_keeps_it(
    home: Path, keys: PipeInput
) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(home, "c-aaa002", "dana-lee", "Send the recap", due="2026-11-26")
    typed = [
        "1\r",  # review 1: done
        "Mornings work\r",
        "Block 9-10\r",  # how will you keep it going
        "/back\r",  # at review 2's status: back to review 1
        ENTER,  # the status shown, "done": kept
        ENTER,  # what was learned, shown: kept
        ENTER,  # how it is kept going, shown: kept
        "/skip\r",  # review 2 skipped
        *TO_NOTES,
        ENTER,
        ENTER,
        "y",
    ]
    session = start(home, keys, typed)
    assert [(r.commitment, r.status, r.note, r.reinforcement) for r in session.reviews] == [
        ("c-aaa001", "done", "Mornings work", "Block 9-10")
    ]


def test_back_to_the_first_review_lets_the_status_be_changed(home: Path, keys: PipeInput) -> None:
    add_commitment(home, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(home, "c-aaa002", "dana-lee", "Send the recap", due="2026-11-26")
    typed = [
        "3\r",  # review 1: missed
        "No time\r",
        ENTER,  # no new due date
        "/back\r",  # at review 2: back to review 1
        BACKSPACES + "2\r",  # partial this time
        ENTER,  # the note kept
        ENTER,  # no new due date
        "/skip\r",
        *TO_NOTES,
        ENTER,
        ENTER,
        "y",
    ]
    session = start(home, keys, typed)
    assert [(r.status, r.note) for r in session.reviews] == [("partial", "No time")]
