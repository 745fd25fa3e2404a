"""`coach session` through the CLI: --answers files, history, errors, and no-terminal runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.store import drafts
from tests.conftest import EXAMPLES, fails, ok, run
from tests.helpers.drafts import write_draft
from tests.session_support import add_bank, add_commitment

TODAY = ["--today", "2026-11-24"]


@pytest.fixture
def home(team: Path) -> Path:
    add_bank(team)
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-11-20")
    add_commitment(team, "c-aaa002", "dana-lee", "Send the recap")
    add_commitment(team, "c-aab003", "dana-lee", "Shadow Marco on a call")
    add_commitment(team, "c-bbb001", "marco-rossi", "Mentor Priya")
    return team


ANSWERS = """\
bank: kinds
minutes: 28
reviews:
  - commitment: aaa001
    status: done
    note: Booked 4 of 3 meetings.
    reinforcement: Keep Tuesday mornings for calls.
  - commitment: c-aaa002
    status: dropped
answers:
  deal: Acme — run a discovery workshop with their ops lead.
  manager-role: Silent observer
  confidence: 4
  ready: yes
tells:
  - Bring the ops lead's numbers to the workshop.
commitments:
  - text: Book the Acme discovery workshop
    due: 2026-12-04
    measure: Invite accepted
  - text: Send the agenda
notes: Private manager notes.
"""


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def record(tmp_path: Path, text: str = ANSWERS, rep: str = "dana") -> str:
    result = ok("session", "start", rep, "--answers", str(write(tmp_path, text)), *TODAY)
    assert "saved session" in result.stderr
    return result.stdout.strip()


def test_a_session_from_an_answers_file_shows_in_list_and_show(home: Path, tmp_path: Path) -> None:
    sid = record(tmp_path)
    listed = ok("session", "list", "--json").json()
    assert isinstance(listed, list) and len(listed) == 1
    row = listed[0]
    assert {"id", "rep", "date", "minutes", "banks"} <= set(row)
    assert (row["id"], row["rep"], row["date"], row["minutes"], row["banks"]) == (
        sid,
        "dana-lee",
        "2026-11-24",
        28,
        ["kinds"],
    )
    assert (row["asked"], row["told"], row["reviewed"], row["roles"]) == (
        4,
        1,
        2,
        ["silent observer"],
    )

    shown = ok("session", "show", sid.removeprefix("s-")[:4], "--json").json()
    assert shown["id"] == sid
    assert [(a["question_id"], a["answer"]) for a in shown["answers"]] == [
        ("deal", "Acme — run a discovery workshop with their ops lead."),
        ("manager-role", "silent observer"),
        ("confidence", 4),
        ("ready", True),
    ]
    assert shown["answers"][0]["ask"] == "Which deal could you still shape the most?"
    assert shown["tells"] == ["Bring the ops lead's numbers to the workshop."]
    assert shown["notes"] == "Private manager notes."
    assert [(r["commitment"], r["status"]) for r in shown["reviews"]] == [
        ("c-aaa001", "done"),
        ("c-aaa002", "dropped"),
    ]
    made = shown["commitments"]
    assert [(c["text"], c["due"], c["measure"], c["status"], c["session"]) for c in made] == [
        ("Book the Acme discovery workshop", "2026-12-04", "Invite accepted", "open", sid),
        ("Send the agenda", "2026-12-01", None, "open", sid),
    ]
    # the reviewed commitments changed status in the store, stamped with the session
    statuses = {
        c["id"]: c for c in ok("commit", "list", "dana", "--status", "all", "--json").json()
    }
    assert (statuses["c-aaa001"]["status"], statuses["c-aaa002"]["status"]) == ("done", "dropped")
    assert statuses["c-aab003"]["status"] == "open"
    assert statuses["c-aaa001"]["history"][-1]["session"] == sid


def test_session_show_for_people_renders_every_part(home: Path, tmp_path: Path) -> None:
    sid = record(tmp_path)
    out = ok("session", "show", sid).stdout
    for expected in (
        "Dana Lee (dana-lee)",
        "28 min",
        "Which deal could you still shape",
        "Acme — run a discovery workshop",
        "c-aaa001 done: Call 20 prospects",
        "learned: Booked 4 of 3 meetings.",
        "Tells (advice given)",
        "Book the Acme discovery workshop",
        "Private notes",
        "yes",
        "Manager role on joint calls: silent observer",
    ):
        assert expected in out, expected


def test_session_list_is_newest_first_and_filters_by_rep(home: Path, tmp_path: Path) -> None:
    first = record(tmp_path)
    ok(
        "session",
        "start",
        "dana",
        "--answers",
        str(write(tmp_path, "bank: kinds\n")),
        "--today",
        "2026-12-01",
    )
    later = ok("session", "list", "--json").json()[0]["id"]
    marco = record(tmp_path, "bank: kinds\nanswers:\n  deal: Beta\n", rep="marco")
    ids = [s["id"] for s in ok("session", "list", "dana", "--json").json()]
    assert ids == [later, first]
    assert [s["id"] for s in ok("session", "list", "marco-rossi", "--json").json()] == [marco]
    table = ok("session", "list").stdout
    assert first in table and "kinds" in table


def test_example_answers_file_records_for_dana_lee(team: Path) -> None:
    sid = ok(
        "session", "start", "dana-lee", "--answers", str(EXAMPLES / "answers.yaml"), *TODAY
    ).stdout.strip()
    shown = ok("session", "show", sid, "--json").json()
    assert shown["banks"] == ["early-pipeline"]
    assert len(shown["answers"]) >= 2 and shown["commitments"][0]["due"] == "2026-12-04"


def test_the_bank_defaults_to_the_reps_focus_in_an_answers_file(home: Path, tmp_path: Path) -> None:
    sid = record(tmp_path, "answers:\n  curious-deals: Acme\n")
    assert ok("session", "show", sid, "--json").json()["banks"] == ["early-pipeline"]


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("bank: kinds\nanswers:\n  nope: 1\n", 3, "answers.nope", "unknown question id"),
        ("bank: kinds\nanswers:\n  confidence: very\n", 3, "answers.confidence", "whole number"),
        ("bank: kinds\nanswers:\n  confidence: 7\n", 3, "answers.confidence", "outside the scale"),
        ("bank: kinds\nanswers:\n  manager-role: boss\n", 3, "answers.manager-role", "not one of"),
        ("bank: kinds\nanswers:\n  ready: maybe\n", 3, "answers.ready", "true or false"),
        (
            "bank: kinds\nreviews:\n  - commitment: c-zzz\n    status: done\n",
            3,
            "reviews[0].commitment",
            "no commitment",
        ),
        (
            "bank: kinds\nreviews:\n  - commitment: aa\n    status: done\n",
            3,
            "reviews[0].commitment",
            "matches several",
        ),
        (
            "bank: kinds\nreviews:\n  - commitment: bbb001\n    status: done\n",
            3,
            "reviews[0].commitment",
            "dana-lee's open commitments",
        ),
        (
            "bank: kinds\nreviews:\n  - commitment: aaa001\n    status: finished\n",
            4,
            "reviews[0].status",
            "Input should be",
        ),
        (
            "bank: kinds\ncommitments:\n  - text: Call\n    due: 2026-11-01\n",
            4,
            "commitments[0].due",
            "before the session",
        ),
        (
            "bank: kinds\ncommitments:\n  - text: Call\n    due: next week\n",
            4,
            "commitments[0].due",
            "invalid due date",
        ),
        ("bank: kinds\ncommitments:\n  - text: Call\n    due: 2026-13-01\n", 4, "", "month"),
        (
            "bank: kinds\ncommitments:\n  - due: 2026-12-01\n",
            3,
            "commitments[0].text",
            "Field required",
        ),
        ("bank: nope\n", 1, "bank", "unknown bank"),
        ("bank: kinds\nmood: great\n", 2, "mood", "unknown field"),
        ("bank: kinds\nminutes: 0\n", 2, "minutes", "greater than or equal to 1"),
        ('bank: kinds\ntells:\n  - ""\n', 3, "tells[0]", "cannot be empty"),
        ('bank: kinds\nnotes: "bad \\uD800 text"\n', 2, "notes", "not valid UTF-8"),
        ("- just\n- a list\n", 1, "document", "expected a mapping"),
        ("bank: kinds\nanswers:\n  deal: [a, b]\n", 3, "answers.deal", "expected one answer"),
        ("bank: kinds\nbanks: [kinds]\n", 1, "document", "either bank or banks"),
    ],
)
def test_a_bad_answers_file_exits_1_naming_file_line_and_field_and_saves_nothing(
    home: Path, tmp_path: Path, text: str, line: int, field: str, message: str
) -> None:
    path = write(tmp_path, text)
    store = home / "coach.json"
    before = store.read_bytes()
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    assert f"{path}:{line}:" in result.stderr, result.stderr
    assert f": {field}: " in result.stderr if field else True
    assert message in result.stderr
    assert result.stdout == ""
    assert store.read_bytes() == before
    assert not (home / "sessions").exists()


def test_every_problem_in_an_answers_file_is_reported(home: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "bank: kinds\nanswers:\n  nope: 1\n  confidence: 9\n")
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3:9: answers.nope: unknown question id")
    assert lines[1].startswith(f"{path}:4:15: answers.confidence: 9 is outside the scale")
    assert f"coach: error: 2 problems in {path}; nothing was saved" in result.stderr


def test_without_a_terminal_and_without_answers_it_exits_1_with_a_hint(home: Path) -> None:
    before = (home / "coach.json").read_bytes()
    result = fails(1, "session", "start", "dana", *TODAY)
    assert "--answers FILE" in result.stderr
    assert (home / "coach.json").read_bytes() == before
    assert not (home / "drafts").exists() and not (home / "sessions").exists()
    assert "--answers FILE" in fails(1, "session", "resume", "dana").stderr


def test_answers_mode_refuses_while_a_session_is_paused(home: Path, tmp_path: Path) -> None:
    write_draft(
        home, "dana-lee", {"rep": "dana-lee", "today": "2026-11-24", "started": "2026-11-24T10:00"}
    )
    result = fails(
        1, "session", "start", "dana", "--answers", str(write(tmp_path, ANSWERS)), *TODAY
    )
    assert "paused session" in result.stderr
    assert "coach session resume dana-lee" in result.stderr
    ok("session", "discard", "dana")
    assert not drafts.has_draft(home, "dana-lee")
    assert "no paused session" in fails(1, "session", "discard", "dana").stderr
    record(tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["session", "start", "nobody", "--answers", "x.yaml"], "no rep matches"),
        (["session", "start", "dana", "--bank", "nope", "--answers", "x.yaml"], "unknown bank"),
        (["session", "start", "dana", "--today", "someday"], "invalid --today"),
        (["session", "start", "dana", "--answers", "/no/such/file.yaml"], "no such file"),
        (["session", "show", "s-000000"], "no session with id"),
        (["session", "list", "nobody"], "no rep matches"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(home: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_list_and_show_with_no_sessions(home: Path) -> None:
    assert ok("session", "list", "--json").json() == []
    assert "no sessions yet" in ok("session", "list").stderr


def test_the_bank_option_applies_when_the_file_names_none(home: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "answers:\n  deal: Acme\n")
    sid = ok(
        "session", "start", "dana", "--bank", "kinds", "--answers", str(path), *TODAY
    ).stdout.strip()
    assert ok("session", "show", sid, "--json").json()["banks"] == ["kinds"]
