"""Call figures that must be true: talk time is the union of a speaker's cues, a silence ends a
monologue, every voice of a cue gets its own words, questions in any script, decimals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.transcripts import (
    MANAGER,
    add,
    make_team,
    raw_vtt,
    speaker,
    subrip,
    write,
    zoom_vtt,
)


@pytest.fixture
def team(coach_home: Path) -> Path:
    return make_team(coach_home)


def test_repeated_cues_are_talk_once_and_shares_add_up_to_the_whole(
    team: Path, tmp_path: Path
) -> None:
    # Three identical 60 s cues of the rep, then 30 s of the manager: a 90 s call.
    lines = [(0, 60, "Dana Lee", "We ship in March.")] * 3 + [(60, 90, MANAGER, "Why March?")]
    call = add(write(tmp_path, "r.vtt", zoom_vtt(lines)))
    assert speaker(call, "rep")["seconds"] == 60
    assert speaker(call, "manager")["seconds"] == 30
    assert call["rep_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert call["manager_share"] == pytest.approx(1 / 3, abs=1e-4)
    total = call["manager_share"] + call["rep_share"] + call["other_share"]
    assert total + call["unattributed_share"] <= 1.0001
    assert all(s["seconds"] <= call["minutes"] * 60 for s in call["speakers"])


def test_overlapping_cues_of_one_speaker_count_their_union(team: Path, tmp_path: Path) -> None:
    lines = [
        (0, 40, "Dana Lee", "First part."),
        (20, 60, "Dana Lee", "Second part."),
        (60, 80, MANAGER, "Thanks."),
    ]
    call = add(write(tmp_path, "o.srt", subrip(lines)))
    assert speaker(call, "rep")["seconds"] == 60


def test_a_silence_longer_than_the_gap_ends_a_monologue(team: Path, tmp_path: Path) -> None:
    # Two 10 s manager cues seven minutes apart: 20 s of talk, the longest monologue 10 s.
    lines = [(0, 10, MANAGER, "Let us start."), (430, 440, MANAGER, "We are back.")]
    lines += [(440, 470, "Dana Lee", "Sure.")]
    call = add(write(tmp_path, "g.vtt", zoom_vtt(lines)))
    manager = speaker(call, "manager")
    assert (manager["seconds"], manager["longest_monologue"]) == (20, 10)


def test_pauses_within_the_gap_keep_one_monologue_and_the_gap_is_configurable(
    team: Path, tmp_path: Path
) -> None:
    lines = [(0, 10, MANAGER, "One."), (14, 20, MANAGER, "Two."), (20, 30, "Dana Lee", "Ok.")]
    path = write(tmp_path, "p.vtt", zoom_vtt(lines))
    assert speaker(add(path), "manager")["longest_monologue"] == 20  # a 4 s pause
    ok_config = team / "config.yaml"
    ok_config.write_text(ok_config.read_text() + "monologue_gap: 3\n")
    from tests.conftest import ok

    ok("call", "remove", add(path)["id"])
    assert speaker(add(path), "manager")["longest_monologue"] == 10


def test_each_voice_of_a_cue_gets_its_own_words_and_time(team: Path, tmp_path: Path) -> None:
    cues = [
        (0, 30, f"<v {MANAGER}>How did the demo land with them?</v> <v Dana Lee>Well. They "
         "asked for a pilot in January and a quote by Friday please.</v>"),
    ]  # fmt: skip
    call = add(write(tmp_path, "v.vtt", raw_vtt(cues)))
    manager, rep = speaker(call, "manager"), speaker(call, "rep")
    # 7 words against 14: the 30 s are split 10 s / 20 s
    assert (manager["seconds"], rep["seconds"]) == (10, 20)
    assert (manager["questions"], manager["statements"]) == (1, 0)
    assert (rep["questions"], rep["statements"]) == (0, 2)


@pytest.mark.parametrize("mark", ["?", "\uff1f", "\u061f"])
def test_question_marks_of_every_script_count(team: Path, tmp_path: Path, mark: str) -> None:
    lines = [(0, 10, MANAGER, f"Ready{mark} Let us go."), (10, 20, "Dana Lee", "Yes.")]
    manager = speaker(add(write(tmp_path, "q.vtt", zoom_vtt(lines))), "manager")
    assert (manager["questions"], manager["statements"]) == (1, 1)


def test_a_decimal_number_does_not_end_a_sentence(team: Path, tmp_path: Path) -> None:
    lines = [
        (0, 10, "Dana Lee", "The budget is 3.5 million."),
        (10, 20, MANAGER, "Is 2.5 enough? Version 1.2.3 ships."),
    ]
    call = add(write(tmp_path, "d.vtt", zoom_vtt(lines)))
    assert (speaker(call, "rep")["statements"], speaker(call, "rep")["questions"]) == (1, 0)
    assert (speaker(call, "manager")["questions"], speaker(call, "manager")["statements"]) == (1, 1)
