"""`coach call`: transcripts in the three shapes (Zoom VTT, Teams VTT, SubRip) written here with
timings chosen so that every figure is known by hand; bad inputs; the words never stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import fails, ok
from tests.helpers.transcripts import MANAGER, Line, speaker, stamp, subrip, zoom_vtt


def teams_vtt(lines: list[Line]) -> str:
    """Teams: GUID cue ids, `<v Name>` with the closing tag on every other cue, CRLF, a BOM."""
    out = ["WEBVTT", ""]
    for i, (start, end, who, text) in enumerate(lines):
        close = "</v>" if i % 2 == 0 else ""
        out += [
            f"6f1c0d2e-8a4b-4c1e-9d3a-{i:012d}/{i}-0",
            f"{stamp(start)} --> {stamp(end)}",
            f"<v {who}>{text}{close}",
            "",
        ]
    return "\ufeff" + "\r\n".join(out)


# A joint call, 200 s of talk over 3:20: the manager leads (60 s >= the rep's 40 s).
LEAD: list[Line] = [
    (0, 30, MANAGER, "Thanks for your time. What made you look at this now?"),
    (30, 130, "Alex Buyer", "Our renewal is in March. We need fewer manual steps."),
    (130, 160, MANAGER, "Let me show you the workflow. It removes the export step."),
    (160, 200, "Dana Lee", "Would a pilot in January work for you?"),
]
# The manager talks 20 s of 200: passive participant.
PASSIVE: list[Line] = [
    (0, 50, "Dana Lee", "Thanks for joining. What should we cover?"),
    (50, 150, "Alex Buyer", "Pricing and the timeline."),
    (150, 170, MANAGER, "Pricing follows usage."),
    (170, 200, "Dana Lee", "Shall we book the pilot? Who else should join?"),
]
# The manager talks 5 s of 200: silent observer.
SILENT: list[Line] = [
    (0, 95, "Dana Lee", "Here is the plan. We start with your team."),
    (95, 195, "Alex Buyer", "That works."),
    (195, 200, MANAGER, "Thank you both."),
]
# The 1:1 itself: the manager talks 30 s of 100, with two questions and one statement.
COACHING: list[Line] = [
    (0, 10, MANAGER, "What went well this week?"),
    (10, 60, "Dana Lee", "Two discovery calls. The Acme one went deep."),
    (60, 80, MANAGER, "Good work. What would you do differently?"),
    (80, 100, "Dana Lee", "Ask about budget earlier."),
]
SHAPES = {"zoom.vtt": zoom_vtt, "teams.vtt": teams_vtt, "call.srt": subrip}


@pytest.fixture
def team(coach_home: Path) -> Path:
    ok("init")
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi", "--alias", "M. Rossi")
    (coach_home / "config.yaml").write_text(
        (coach_home / "config.yaml").read_text().replace('manager: ""', f'manager: "{MANAGER}"')
    )
    return coach_home


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def add(path: Path, *extra: str, rep: str = "dana") -> dict:
    return ok("call", "add", rep, str(path), "--date", "2026-11-24", "--json", *extra).json()


@pytest.mark.parametrize("shape", SHAPES)
def test_a_joint_call_where_the_manager_leads_in_every_shape(
    team: Path, tmp_path: Path, shape: str
) -> None:
    call = add(write(tmp_path, shape, SHAPES[shape](LEAD)))
    assert call["kind"] == "joint"
    assert call["minutes"] == pytest.approx(200 / 60, abs=0.01)
    assert (call["manager_share"], call["rep_share"], call["other_share"]) == (0.3, 0.2, 0.5)
    assert call["manager_role"] == "lead"
    manager = speaker(call, "manager")
    assert manager["name"] == MANAGER
    assert manager["seconds"] == 60
    assert manager["longest_monologue"] == 30
    assert manager["questions"] == 1
    assert speaker(call, "rep")["questions"] == 1
    assert speaker(call, "other")["seconds"] == 100
    assert call["id"].startswith("k-") and len(call["id"]) == 8
    assert call["manager_questions_per_statement"] is None


@pytest.mark.parametrize(
    ("lines", "role", "share"),
    [(PASSIVE, "passive participant", 0.1), (SILENT, "silent observer", 0.025)],
)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_manager_role_follows_the_talk(
    team: Path, tmp_path: Path, shape: str, lines: list[Line], role: str, share: float
) -> None:
    call = add(write(tmp_path, shape, SHAPES[shape](lines)))
    assert call["manager_role"] == role
    assert call["manager_share"] == share
    rep = speaker(call, "rep")
    if lines is PASSIVE:
        assert rep["seconds"] == 80 and rep["questions"] == 3
        assert rep["longest_monologue"] == 50


@pytest.mark.parametrize("shape", SHAPES)
def test_a_coaching_call_measures_talk_share_and_questions_per_statement(
    team: Path, tmp_path: Path, shape: str
) -> None:
    call = add(write(tmp_path, shape, SHAPES[shape](COACHING)))
    assert call["kind"] == "coaching"
    assert call["manager_share"] == 0.3
    assert call["rep_share"] == 0.7
    assert call["manager_questions_per_statement"] == 2.0
    assert call["manager_role"] is None
    shown = ok("call", "show", call["id"]).stdout
    assert "You talked 30% of the time" in shown
    assert "█" in shown and MANAGER in shown


def test_thresholds_in_config_change_the_role(team: Path, tmp_path: Path) -> None:
    config = team / "config.yaml"
    config.write_text(config.read_text() + "call_roles:\n  silent_share: 0.15\n")
    call = add(write(tmp_path, "p.vtt", zoom_vtt(PASSIVE)))
    assert call["manager_role"] == "silent observer"


def test_overlapping_cues_and_a_sentence_split_over_two_cues(team: Path, tmp_path: Path) -> None:
    text = "\n".join(
        [
            "WEBVTT",
            "",
            "00:00:00.000 --> 00:00:10.000",
            f"{MANAGER}: So tell me, would you",
            "",
            "00:00:10.000 --> 00:00:20.000",
            "like a second call?",
            "",
            "00:00:15.000 --> 00:00:25.000",
            "Dana Lee: Yes. We could do",
            "Thursday at ten.",
            "",
        ]
    )
    call = add(write(tmp_path, "o.vtt", text), "--kind", "coaching")
    manager = speaker(call, "manager")
    assert manager["seconds"] == 20 and manager["longest_monologue"] == 20
    assert manager["questions"] == 1 and manager["statements"] == 0
    assert speaker(call, "rep")["seconds"] == 10
    # talk time sums cue durations, overlaps included: 20 + 10
    assert call["manager_share"] == pytest.approx(20 / 30, abs=1e-4)
    assert call["minutes"] == pytest.approx(25 / 60, abs=0.01)
    assert call["manager_questions_per_statement"] is None  # no statements


@pytest.mark.parametrize(
    ("rep_speaker", "rep_ref"),
    [
        ("dana", "dana"),
        ("DANA LEE", "dana"),
        ("Dana Lee (Guest)", "dana"),
        ("M. Rossi", "marco"),
        ("Marco", "marco"),
    ],
)
def test_the_rep_is_found_by_name_alias_or_first_name_in_any_case(
    team: Path, tmp_path: Path, rep_speaker: str, rep_ref: str
) -> None:
    lines = [(0, 10, MANAGER.upper(), "Hello?"), (10, 30, rep_speaker, "Hi.")]
    call = add(write(tmp_path, "c.vtt", zoom_vtt(lines)), rep=rep_ref)
    assert speaker(call, "rep")["name"] == rep_speaker
    assert speaker(call, "manager")["seconds"] == 10


def test_a_first_name_shared_by_two_speakers_is_not_the_rep(team: Path, tmp_path: Path) -> None:
    lines = [(0, 10, "Dana", "Hello."), (10, 30, "Dana Kim", "Hi."), (30, 40, MANAGER, "Hm.")]
    call = add(write(tmp_path, "c.vtt", zoom_vtt(lines)))
    assert all(s["role"] != "rep" for s in call["speakers"])
    assert call["rep_share"] == 0


def test_neither_the_manager_nor_the_rep_speaking_lists_the_speakers(
    team: Path, tmp_path: Path
) -> None:
    lines = [(0, 10, "Alex Buyer", "Hello."), (10, 30, "Jo Buyer", "Hi.")]
    result = fails(1, "call", "add", "dana", str(write(tmp_path, "x.vtt", zoom_vtt(lines))))
    assert "'Alex Buyer', 'Jo Buyer'" in result.stderr
    assert "--alias" in result.stderr and "--manager" in result.stderr
    assert ok("call", "list", "--json").json() == []


def test_the_manager_is_needed_for_a_joint_or_coaching_call(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Dana Lee")
    path = write(tmp_path, "c.vtt", zoom_vtt(COACHING))
    result = fails(1, "call", "add", "dana", str(path))
    assert "--manager" in result.stderr
    call = add(path, "--manager", "sam rivera")
    assert call["manager_share"] == 0.3


GOOD = zoom_vtt(COACHING)
BAD_INPUTS = {
    "not a transcript": ("notes.txt", "Dana said the demo went fine.\n", None, "not a transcript"),
    "vtt without header": ("x.vtt", "00:00:01.000 --> 00:00:02.000\nA: b\n", 1, "WEBVTT"),
    "malformed timestamp": (
        "x.vtt",
        GOOD.replace("00:00:10.000 --> 00:01:00.000", "00:00:10.000 --> 00:01:0x.000"),
        8,
        "malformed timestamp",
    ),
    "malformed srt timestamp": (
        "x.srt",
        subrip(COACHING).replace("00:01:00,000 --> 00:01:20,000", "00:01:00,000 --> 00:01:2x,000"),
        10,
        "malformed timestamp",
    ),
    "empty": ("x.vtt", "", None, "empty"),
    "blank": ("x.srt", "\n \n", None, "empty"),
    "invalid utf-8": ("x.vtt", GOOD.encode() + b"\nDana Lee: caf\xe9\n", 19, "not UTF-8"),
    "ends before it starts": (
        "x.vtt",
        GOOD.replace("00:00:10.000 --> 00:01:00.000", "00:01:00.000 --> 00:00:10.000"),
        8,
        "ends before it starts",
    ),
    "srt ends before it starts": (
        "x.srt",
        subrip(COACHING).replace("00:01:00,000 --> 00:01:20,000", "00:01:20,000 --> 00:01:00,000"),
        10,
        "ends before it starts",
    ),
    "no cues": ("x.vtt", "WEBVTT\n\nNOTE nothing here\n", None, "no cues"),
    "no speakers": (
        "x.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n",
        None,
        "no speaker",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_located_and_nothing_is_stored(team: Path, tmp_path: Path, case: str) -> None:
    name, text, line, words = BAD_INPUTS[case]
    path = write(tmp_path, name, text)
    result = fails(1, "call", "add", "dana", str(path))
    where = f"{path}:{line}:" if line else f"{path}:"
    assert where in result.stderr, result.stderr
    assert words in result.stderr
    assert ok("call", "list", "--json").json() == []


def test_a_file_over_the_cap_is_refused_without_reading_it(team: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.vtt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    result = fails(1, "call", "add", "dana", str(path))
    assert "over the limit of 20,971,520 bytes" in result.stderr


def test_the_words_are_nowhere_in_the_home_after_call_add(team: Path, tmp_path: Path) -> None:
    phrase = "renewal is in March"
    add(write(tmp_path, "lead.vtt", teams_vtt(LEAD)))
    add(write(tmp_path, "lead.srt", subrip(LEAD)), "--kind", "customer")
    ok("call", "list")
    files = [Path(root) / f for root, _, names in os.walk(team) for f in names]
    assert any(f.name == "coach.json" for f in files)
    for file in files:
        data = file.read_bytes()
        assert phrase.encode() not in data, file
        assert b"export step" not in data, file


def test_list_and_show_newest_first_with_a_prefix_and_a_session(team: Path, tmp_path: Path) -> None:
    first = add(write(tmp_path, "a.vtt", zoom_vtt(LEAD)), "--date", "2026-11-20")
    second = add(write(tmp_path, "b.vtt", zoom_vtt(COACHING)))
    listed = ok("call", "list", "dana", "--json").json()
    assert [c["id"] for c in listed] == [second["id"], first["id"]]
    assert ok("call", "list", "marco", "--json").json() == []
    shown = ok("call", "show", first["id"][:5], "--json").json()
    assert shown == listed[1]
    assert set(shown) >= {
        "id", "rep", "date", "kind", "session", "minutes", "speakers", "manager_share",
        "rep_share", "other_share", "manager_role",
    }  # fmt: skip
    assert "lead" in ok("call", "list").stdout
    fails(1, "call", "show", "k-zzz")
    fails(1, "call", "add", "dana", str(tmp_path / "a.vtt"), "--session", "s-000000")
    fails(1, "call", "add", "dana", str(tmp_path / "a.vtt"), "--kind", "lunch")
    fails(1, "call", "add", "nobody", str(tmp_path / "a.vtt"))


def test_a_call_can_name_the_session_it_was(team: Path, tmp_path: Path) -> None:
    answers = write(tmp_path, "answers.yaml", "bank: early-pipeline\nminutes: 25\n")
    ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-24")
    session = ok("session", "list", "--json").json()[0]["id"]
    call = add(write(tmp_path, "c.vtt", zoom_vtt(COACHING)), "--session", session[:4])
    assert call["session"] == session
    store = json.loads((team / "coach.json").read_text())
    assert store["calls"][call["id"]]["session"] == session


def test_aliases_are_added_cleared_and_imported(coach_home: Path, tmp_path: Path) -> None:
    ok("rep", "add", "Dana Lee", "--alias", "D. Lee")
    ok("rep", "edit", "dana", "--alias", "dlee", "--alias", "d. LEE")
    assert ok("rep", "show", "dana", "--json").json()["aliases"] == ["D. Lee", "dlee"]
    ok("rep", "edit", "dana", "--alias", "")
    assert ok("rep", "show", "dana", "--json").json()["aliases"] == []
    team = write(tmp_path, "team.yaml", "reps:\n  - name: Dana Lee\n    aliases: [Dee, D. Lee]\n")
    ok("rep", "import", str(team))
    assert ok("rep", "show", "dana", "--json").json()["aliases"] == ["Dee", "D. Lee"]
    csv_team = write(tmp_path, "team.csv", "name,aliases\nPriya Nair,Pri; P. Nair\n")
    ok("rep", "import", str(csv_team))
    assert ok("rep", "show", "priya", "--json").json()["aliases"] == ["Pri", "P. Nair"]


def test_stats_counts_measured_roles_beside_reported_ones_and_your_1_1_talk_share(
    team: Path, tmp_path: Path
) -> None:
    for name, lines, day in [
        ("a.vtt", LEAD, "2026-11-23"),
        ("b.vtt", PASSIVE, "2026-11-24"),
        ("c.vtt", SILENT, "2026-11-25"),
        ("d.vtt", [*LEAD[:3], (160, 190, "Dana Lee", "A pilot?")], "2026-11-26"),
        ("e.vtt", COACHING, "2026-11-26"),
        ("f.vtt", [(0, 50, MANAGER, "Hm."), (50, 100, "Dana Lee", "Ok.")], "2026-11-27"),
        ("old.vtt", LEAD, "2026-01-05"),  # outside the window
    ]:
        add(write(tmp_path, name, zoom_vtt(lines)), "--date", day)
    stats = ok("stats", "--today", "2026-11-30", "--weeks", "4", "--json").json()
    measured = stats["measured_roles"]
    assert measured["calls"] == 4
    assert measured["counts"] == {"lead": 2, "passive_participant": 1, "silent_observer": 1}
    assert stats["coaching_calls"] == {"measured": 2, "avg_manager_share": 0.4}
    assert stats["roles"]["answers"] == 0  # reported roles are counted apart
    table = ok("stats", "--today", "2026-11-30", "--weeks", "4").stdout
    assert "Measured joint calls: manager as lead" in table
    assert "Your talk share in measured 1:1s" in table and "40% (2 measured)" in table
