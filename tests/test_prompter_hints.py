"""Hints are wrapped to the terminal: prompt_toolkit cuts long message lines instead."""

from __future__ import annotations

import pytest

from coachcli.ui.prompter import QuestionaryPrompter


def test_a_long_hint_is_wrapped_to_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    hint = "Keep the conversation on discovery deals. " * 5
    shown = QuestionaryPrompter._instruction(hint)
    assert shown is not None
    lines = shown.split("\n")[1:-1]  # after the question, before the input arrow
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    assert " ".join(line.strip() for line in lines) == hint.strip()
