"""`coach export`: golden markdown and JSON Lines, and exports that stay safe whatever was typed.

Stores are built through the Repository with fixed ids and times, so the golden files are
stable; `COACH_UPDATE_GOLDEN=1 pytest tests/test_export.py` rewrites them (review the diff).
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from coachcli.core.commitments import change_status, new_commitment
from coachcli.core.models import Answer, FollowUp, Rep, Review, Session
from coachcli.store.repository import Store
from tests.conftest import REPO, fails, ok

FIXTURES = REPO / "tests" / "fixtures"


def golden(name: str, text: str) -> None:
    path = FIXTURES / name
    if os.environ.get("COACH_UPDATE_GOLDEN") or not path.exists():
        FIXTURES.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def session(sid: str, rep: str, day: str, **body: Any) -> Session:
    return Session(
        id=sid,
        rep=rep,
        date=day,
        started=f"{day}T10:00",
        minutes=body.pop("minutes", 30),
        banks=body.pop("banks", ["early-pipeline"]),
        **body,
    )


@pytest.fixture
def dana(coach_home: Path) -> Path:
    """Dana Lee with two sessions: a full one on 2026-11-30 and a short one a week before."""
    with Store(coach_home).write() as repo:
        repo.reps.put(Rep(name="Dana Lee", slug="dana-lee", tier="core", created="2026-10-01"))
        reviewed = new_commitment(
            "c-19be04",
            "dana-lee",
            "Book 3 discovery meetings",
            created=date(2026, 11, 23),
            due=date(2026, 11, 28),
            measure="3 invites accepted",
            session="s-1a1a1a",
            at=datetime(2026, 11, 23, 10, 20),
        )
        change_status(
            reviewed,
            "done",
            at=datetime(2026, 11, 30, 10, 5),
            session="s-7f3a2c",
            note="Booked 4 of 3 meetings.",
        )
        made = new_commitment(
            "c-2b2b2b",
            "dana-lee",
            "Run the Acme discovery workshop",
            created=date(2026, 11, 30),
            due=date(2026, 12, 4),
            measure="Invite accepted",
            session="s-7f3a2c",
            at=datetime(2026, 11, 30, 10, 25),
        )
        repo.commitments.put(reviewed)
        repo.commitments.put(made)
        repo.save_session(
            session(
                "s-1a1a1a",
                "dana-lee",
                "2026-11-23",
                minutes=25,
                banks=["weekly-checkin"],
                asked=1,
                commitments=["c-19be04"],
                answers=[
                    Answer(
                        "week-focus",
                        "What matters most this week?",
                        "Pipeline.",
                        bank="weekly-checkin",
                    )
                ],
            )
        )
        repo.save_session(
            session(
                "s-7f3a2c",
                "dana-lee",
                "2026-11-30",
                minutes=28,
                asked=3,
                told=1,
                reviewed=1,
                commitments=["c-2b2b2b"],
                reviews=[
                    Review(
                        "c-19be04",
                        "done",
                        note="Booked 4 of 3 meetings.",
                        reinforcement="Keep Tuesday mornings for calls.",
                    )
                ],
                answers=[
                    Answer(
                        "shape-a-deal",
                        "Which early-stage deal could you still shape?",
                        "Acme: a discovery workshop with their ops lead.",
                        bank="early-pipeline",
                        follow_ups=[
                            FollowUp(
                                "What would have to be true for it to move?",
                                "Their ops lead owns the budget.",
                            )
                        ],
                    ),
                    Answer(
                        "confidence",
                        "How confident are you, from 1 to 5?",
                        4,
                        bank="early-pipeline",
                        type="scale",
                    ),
                    Answer(
                        "ready",
                        "Are you ready to book it?",
                        True,
                        bank="early-pipeline",
                        type="confirm",
                    ),
                ],
                tells=["Bring the ops lead's numbers to the workshop."],
                notes="Seemed tired; ask about workload next week.\n\nSecond paragraph.",
            )
        )
    return coach_home


def test_one_session_matches_the_golden_markdown(dana: Path) -> None:
    golden("export_session.md", ok("export", "--session", "7f3a").stdout)


def test_a_reps_document_matches_the_golden_markdown(dana: Path) -> None:
    golden("export_rep.md", ok("export", "dana").stdout)


def test_jsonl_matches_the_golden_file_and_is_oldest_first(dana: Path) -> None:
    out = ok("export", "--format", "jsonl").stdout
    golden("export.jsonl", out)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["s-1a1a1a", "s-7f3a2c"]
    keys = {
        "id",
        "rep",
        "rep_name",
        "date",
        "started",
        "minutes",
        "banks",
        "answers",
        "tells",
        "reviews",
        "commitments",
        "notes",
        "asked",
        "told",
    }
    assert all(keys <= set(r) for r in rows)
    assert set(rows[1]["answers"][0]) >= {"bank", "question_id", "ask", "answer", "follow_ups"}


def test_front_matter_is_yaml_that_reads_back_the_same(dana: Path) -> None:
    text = ok("export", "--session", "s-7f3a2c").stdout
    _, head, _ = text.split("---\n", 2)
    assert yaml.safe_load(head) == {
        "type": "coach-session",
        "id": "s-7f3a2c",
        "rep": "dana-lee",
        "rep_name": "Dana Lee",
        "date": "2026-11-30",
        "started": "2026-11-30T10:00",
        "minutes": 28,
        "banks": ["early-pipeline"],
        "private": True,
    }


def test_since_keeps_later_sessions_only(dana: Path) -> None:
    out = ok("export", "dana", "--since", "2026-11-24").stdout
    assert "2026-11-30" in out and "What matters most this week" not in out
    rows = ok("export", "--format", "jsonl", "--since", "2026-11-24").stdout.splitlines()
    assert [json.loads(r)["id"] for r in rows] == ["s-7f3a2c"]


def test_dir_output_writes_one_private_file_per_session_and_never_overwrites(
    dana: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notes"
    ok("export", "-o", str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["2026-11-23-dana-lee-s-1a1a1a.md", "2026-11-30-dana-lee-s-7f3a2c.md"]
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (out / names[0]).write_text("my edits")
    result = fails(1, "export", "-o", str(out))
    assert "already exist" in result.stderr and "--force" in result.stderr
    assert (out / names[0]).read_text() == "my edits"
    ok("export", "-o", str(out), "--force")
    assert (out / names[0]).read_text().startswith("---\n")


def test_file_output_refuses_to_overwrite_without_force(dana: Path, tmp_path: Path) -> None:
    target = tmp_path / "dana.md"
    ok("export", "dana", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("keep me")
    fails(1, "export", "dana", "-o", str(target))
    assert target.read_text() == "keep me"
    ok("export", "dana", "-o", str(target), "--force")
    assert target.read_text().startswith("---\n")


def test_rep_or_session_into_an_existing_dir_gets_a_safe_name(dana: Path, tmp_path: Path) -> None:
    ok("export", "dana", "-o", str(tmp_path))
    ok("export", "--session", "7f3a", "-o", str(tmp_path))
    ok("export", "--format", "jsonl", "-o", str(tmp_path))
    assert {"dana-lee.md", "2026-11-30-dana-lee-s-7f3a2c.md", "sessions.jsonl"} <= {
        p.name for p in tmp_path.iterdir()
    }


def test_jsonl_to_a_new_path_writes_a_file_and_a_trailing_slash_means_a_dir(
    dana: Path, tmp_path: Path
) -> None:
    target = tmp_path / "exports" / "alex.jsonl"
    target.parent.mkdir()
    ok("export", "--format", "jsonl", "-o", str(target))
    assert target.is_file() and len(target.read_text().splitlines()) == 2
    ok("export", "dana", "-o", f"{tmp_path / 'new'}/")
    assert (tmp_path / "new" / "dana-lee.md").is_file()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export"], "needs a rep"),
        (["export", "--format", "pdf"], "invalid --format"),
        (["export", "--session", "ffffff"], "no session"),
        (["export", "zed"], "no rep matches"),
        (["export", "dana", "--since", "last week"], "invalid --since"),
    ],
)
def test_user_errors_are_one_line(dana: Path, args: list[str], expected: str) -> None:
    result = fails(1, *args)
    assert expected in result.stderr and result.stderr.count("\n") == 1


# Hostile input ---------------------------------------------------------------------------

HOSTILE_ANSWER = (
    "<script>alert('x')</script> and <img src=x onerror=alert(1)> & ![x](http://evil/x.png)"
)
HOSTILE_NOTE = (
    "---\ntitle: forged\n---\n# Forged heading\n## Another\n> quoted\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n- item\n* star\n+ plus\n1. one\n2) two\n"
    "```\ncode\n```\n~~~\n    indented code\nSetext\n===\n[link]: http://evil/\n"
    "<!-- comment -->\n&lt;entity&gt;\n![img](http://evil/x.png)\n\u202eevil\x1b[31m"
)


@pytest.fixture
def hostile(coach_home: Path) -> Path:
    with Store(coach_home).write() as repo:
        repo.reps.put(Rep(name="../../x", slug="x"))
        # A store edited by hand: a slug and an id that try to climb out of the directory.
        repo.reps.put(Rep(name="Evil <b>", slug="../../evil"))
        repo.commitments.put(
            new_commitment(
                "c-3c3c3c",
                "x",
                "# not a heading | a | b |",
                created=date(2026, 11, 1),
                due=date(2026, 11, 8),
                measure="---",
                at=datetime(2026, 11, 1, 9, 0),
            )
        )
        repo.save_session(
            session(
                "s-2c2c2c",
                "x",
                "2026-11-30",
                asked=1,
                commitments=["c-3c3c3c"],
                answers=[
                    Answer(
                        "q",
                        "What happened <b>today</b>?",
                        HOSTILE_ANSWER,
                        follow_ups=[FollowUp("# and then?", HOSTILE_NOTE)],
                    )
                ],
                tells=["| forged | table |", "---", "# tell"],
                reviews=[Review("c-3c3c3c", "missed", note=HOSTILE_NOTE)],
                notes=HOSTILE_NOTE,
            )
        )
        repo.save_session(session("s-..EVIL", "../../evil", "../2026", notes="x"))
    return coach_home


def structure(text: str) -> list[str]:
    """The block structure a CommonMark + tables renderer sees, after the front matter."""
    assert text.startswith("---\n")
    body = text.split("---\n", 2)[2]
    parser = MarkdownIt("commonmark").enable("table")
    kinds = []
    for token in parser.parse(body):
        kinds.append(token.type)
        for child in token.children or []:
            kinds.append(child.type)
    return kinds


def headings(text: str) -> list[str]:
    body = text.split("---\n", 2)[2]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def assert_safe(text: str) -> None:
    kinds = set(structure(text))
    forbidden = {
        "html_block",
        "html_inline",
        "image",
        "table_open",
        "hr",
        "fence",
        "code_block",
        "blockquote_open",
        "link_open",
        "code_inline",
    }
    assert not kinds & forbidden, kinds & forbidden
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "\u202e" not in text and "\x1b" not in text
    assert text.count("\n---\n") == 1  # only the end of the real front matter


def test_hostile_session_exports_without_html_images_or_forged_structure(hostile: Path) -> None:
    text = ok("export", "--session", "2c2c").stdout
    assert_safe(text)
    assert "&lt;script&gt;" in text
    assert headings(text) == [
        "Session with ../../x, 2026-11-30",
        "Commitments reviewed",
        "Questions and answers",
        "What happened &lt;b&gt;today&lt;/b&gt;?",  # source text: an entity, not a tag
        "Advice given (tells)",
        "Commitments made",
        "Private notes",
    ]
    assert structure(text).count("bullet_list_open") == 4  # details, reviews, tells, made
    assert "ordered_list_open" not in structure(text)


def test_hostile_rep_document_is_safe(hostile: Path) -> None:
    text = ok("export", "x").stdout
    assert_safe(text)
    assert yaml.safe_load(text.split("---\n", 2)[1])["rep_name"] == "../../x"


def test_hostile_names_and_ids_land_inside_the_target_dir(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "notes"
    ok("export", "-o", str(out))
    files = sorted(p.name for p in out.iterdir())
    assert files == ["2026-11-30-x-s-2c2c2c.md", "undated-evil-s-evil.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "home"]
    for path in out.iterdir():
        assert_safe(path.read_text())


def test_a_symlink_in_the_target_dir_is_never_written_through(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    (out / "2026-11-30-x-s-2c2c2c.md").symlink_to(victim)
    result = fails(1, "export", "-o", str(out), "--force")
    assert "refusing" in result.stderr
    assert not victim.exists()


def test_hostile_jsonl_keeps_the_text_exactly_as_data(hostile: Path) -> None:
    [row] = [
        json.loads(line) for line in ok("export", "x", "--format", "jsonl").stdout.splitlines()
    ]
    assert row["answers"][0]["answer"] == HOSTILE_ANSWER
    assert row["notes"] == HOSTILE_NOTE


def test_exporting_into_an_existing_directory_leaves_its_permissions_alone(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "shared-notes"
    notes.mkdir()
    notes.chmod(0o755)
    ok("rep", "import", str(REPO / "examples" / "team.yaml"))
    answers = str(REPO / "examples" / "answers.yaml")
    ok("session", "start", "dana-lee", "--answers", answers, "--today", "2026-12-01")
    ok("export", "-o", f"{notes}/")
    assert len(list(notes.iterdir())) == 1
    assert stat.S_IMODE(notes.stat().st_mode) == 0o755
    fresh = tmp_path / "new-notes"
    ok("export", "-o", f"{fresh}/")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
