"""`coach call remove` leaves nothing of the call, backups included; the same transcript added
again is recognised by its content and stored once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fails, ok, run
from tests.helpers.transcripts import MANAGER, add, make_team, subrip, write, zoom_vtt

COACHING = [
    (0, 10, MANAGER, "What went well this week?"),
    (10, 60, "Dana Lee", "Two discovery calls went deep."),
]


@pytest.fixture
def team(coach_home: Path) -> Path:
    return make_team(coach_home)


def _everywhere(home: Path) -> list[Path]:
    return [home / "coach.json", *sorted((home / "backups").glob("*.json"))]


def test_remove_takes_a_prefix_and_leaves_no_trace_in_the_store_or_its_backups(
    team: Path, tmp_path: Path
) -> None:
    call = add(write(tmp_path, "c.vtt", zoom_vtt(COACHING)))
    ok("rep", "add", "Priya Nair")  # one more write: the call is now in two backups
    assert sum(call["id"].encode() in p.read_bytes() for p in _everywhere(team)) >= 2
    result = ok("call", "remove", call["id"][2:6])
    assert call["id"] in result.stderr and "backups rewritten" in result.stderr
    for path in _everywhere(team):
        assert call["id"].encode() not in path.read_bytes(), path
        json.loads(path.read_bytes())  # still a readable store
    assert ok("call", "list", "--json").json() == []
    assert ok("rep", "show", "priya", "--json").json()["name"] == "Priya Nair"
    fails(1, "call", "remove", call["id"])
    # The next write keeps a backup of a store without the call.
    ok("rep", "add", "Lee Chen")
    for path in _everywhere(team):
        assert call["id"].encode() not in path.read_bytes(), path


def test_the_same_transcript_added_again_is_recognised_and_not_stored_twice(
    team: Path, tmp_path: Path
) -> None:
    first = add(write(tmp_path, "c.vtt", zoom_vtt(COACHING)))
    # The same cues as SubRip with Windows line ends, on another day: the same call.
    again = write(tmp_path, "c.srt", subrip(COACHING).replace("\n", "\r\n"))
    result = run("call", "add", "dana", str(again), "--date", "2026-11-25")
    assert result.exit_code == 0
    assert f"already added as {first['id']}" in result.stderr and "nothing stored" in result.stderr
    assert [c["id"] for c in ok("call", "list", "--json").json()] == [first["id"]]
    stored = json.loads((team / "coach.json").read_text())["calls"][first["id"]]
    assert len(stored["content_hash"]) == 64 and "content_hash" not in first
    # Another call, or the same one after it was removed, is stored.
    other = [(0, 10, MANAGER, "What went well this week?"), (10, 61, "Dana Lee", "Two calls.")]
    add(write(tmp_path, "d.vtt", zoom_vtt(other)))
    ok("call", "remove", first["id"])
    assert add(again)["id"] != first["id"]
