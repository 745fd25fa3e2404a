"""Words are never a speaker: what a speaker label is, unattributed talk, and no word of a
transcript anywhere in the home afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coachcli.core.speaker_labels import LabelRule, name_like
from tests.conftest import ok
from tests.helpers.transcripts import MANAGER, add, make_team, speaker, write, zoom_vtt


@pytest.fixture
def team(coach_home: Path) -> Path:
    return make_team(coach_home)


@pytest.mark.parametrize(
    "label",
    ["Dana", "DANA LEE", "Jo Buyer (Acme)", "Mary-Jane O'Brien", "Ludwig van Beethoven",
     "J. R. Smith", "Lee, Dana", "王伟", "Zoë Ångström"],
)  # fmt: skip
def test_name_like_labels_are_speakers(label: str) -> None:
    assert name_like(label)


@pytest.mark.parametrize(
    "label",
    ["Acme will pay 250k", "Meeting title", "Hosted by", "Speaker 1", "https",
     "Note", "The plan for Q4", "we agreed", "One Two Three Four Five",
     "A very long label that goes on past forty characters"],
)  # fmt: skip
def test_words_and_headers_are_not_speakers(label: str) -> None:
    assert not name_like(label)


def test_known_people_are_speakers_in_any_case() -> None:
    rule = LabelRule([MANAGER, "Dana Lee", "dlee"])
    assert rule("dana") and rule("sam rivera") and rule("dlee") and rule("DANA LEE (Guest)")
    assert not rule("acme will pay")


ZOOM_WITH_HEADERS = [
    (0, 5, "Meeting title", "Q4 renewal with Acme"),
    (5, 10, "Hosted by", MANAGER),
    (10, 40, MANAGER, "Thanks for joining. Where do things stand?"),
    (40, 70, "Dana Lee", "They want a pilot."),
    (70, 90, "Acme will pay 250k", "we sign Friday"),
    (90, 100, "Jo Buyer", "Correct."),
]


def test_headers_and_sentences_before_a_colon_are_unattributed_talk(
    team: Path, tmp_path: Path
) -> None:
    call = add(write(tmp_path, "z.vtt", zoom_vtt(ZOOM_WITH_HEADERS)))
    names = {s["name"] for s in call["speakers"]}
    assert names == {MANAGER, "Dana Lee", "Jo Buyer"}
    assert call["kind"] == "joint"
    # 5 + 5 + 20 s of 100 s are nobody's
    assert call["unattributed_share"] == 0.3
    assert speaker(call, "manager")["seconds"] == 30
    shares = call["manager_share"] + call["rep_share"] + call["other_share"]
    assert shares + call["unattributed_share"] == pytest.approx(1, abs=1e-3)
    shown = ok("call", "show", call["id"]).stdout
    assert "(unattributed)" in shown and "Acme" not in shown and "Meeting" not in shown


def test_a_cue_without_a_label_continues_the_speaker_and_talk_before_any_is_unattributed(
    team: Path, tmp_path: Path
) -> None:
    lines = [
        (0, 10, "", "Recording started."),
        (10, 20, MANAGER, "So tell me, would you"),
        (20, 30, "", "like a second call?"),
        (30, 40, "Dana Lee", "Yes."),
    ]
    call = add(write(tmp_path, "c.vtt", zoom_vtt(lines)))
    manager = speaker(call, "manager")
    assert (manager["seconds"], manager["questions"], manager["statements"]) == (20, 1, 0)
    assert call["unattributed_share"] == 0.25


def test_no_word_of_a_transcript_is_anywhere_in_the_home(team: Path, tmp_path: Path) -> None:
    call = add(write(tmp_path, "z.vtt", zoom_vtt(ZOOM_WITH_HEADERS)))
    other = [(0, 30, MANAGER, "Renewal pricing is fine?"), (30, 60, "Dana Lee", "Yes.")]
    add(write(tmp_path, "c.vtt", zoom_vtt(other)), day="2026-11-25")
    ok("call", "remove", call["id"])
    ok("call", "list")
    phrases = [b"Acme will pay", b"250k", b"we sign Friday", b"Meeting title", b"Hosted by",
               b"Q4 renewal", b"Where do things stand", b"pilot", b"Renewal pricing"]  # fmt: skip
    files = [Path(root) / name for root, _, names in os.walk(team) for name in names]
    assert any(f.parent.name == "backups" for f in files)
    for file in files:
        data = file.read_bytes()
        for phrase in phrases:
            assert phrase not in data, (file, phrase)
