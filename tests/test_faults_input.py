"""Fault injection on what users hand coach: hostile bank and answers files, Ctrl-C and Ctrl-D
at every kind of prompt, no terminal, invalid UTF-8, huge text, hostile rep names, and
terminal escapes in stored text (issue 6, cases 9-16).

Each case asserts that nothing already stored is lost: the store's bytes are unchanged after
a refused input, or its records are intact after an accepted one.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from coachcli.commands._hints import hint_for
from coachcli.core.commitments import new_commitment
from coachcli.core.models import Answer, FollowUp, PlannedSlot, Rep, Review, Session
from coachcli.core.text import MAX_TEXT
from coachcli.errors import ExitCode, Interrupted
from coachcli.services import sessions as flow
from coachcli.store import drafts
from coachcli.store.repository import Store
from tests.conftest import fails, ok, run
from tests.helpers.drafts import write_draft
from tests.helpers.jsonout import json_object, json_objects
from tests.session_support import (
    ENTER,
    FakeClock,
    ScriptedPrompter,
    add_bank,
    add_commitment,
    scripts_used_up,  # noqa: F401  (autouse: scripts used up)
)

BANK_FIXTURES = Path(__file__).parent / "fixtures" / "banks"
TODAY = ["--today", "2026-11-30"]
SMALL_ANSWERS = "bank: weekly-checkin\nanswers:\n  on-your-mind: Acme renewal\n  energy: 4\n"


def store_bytes(home: Path) -> bytes:
    return (home / "coach.json").read_bytes()


def tree(home: Path) -> dict[str, bytes]:
    """Every file under the home (store, session bodies, drafts, backups) and its bytes; the
    caches of validated config and banks (`.*-cache.json`) are not data and may change."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not (p.name.startswith(".") and p.name.endswith("-cache.json"))
    }


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def dana(team: Path) -> Path:
    """The example team, one open commitment for Dana and one recorded session."""
    add_commitment(team, "c-aaa001", "dana-lee", "Call 20 prospects", due="2026-12-04")
    answers = write(team.parent / "first.yaml", SMALL_ANSWERS)
    ok("session", "start", "dana", "--answers", str(answers), *TODAY)
    return team


# 9. Hostile bank and answers files ---------------------------------------------------------


def _alias_bomb(tmp: Path) -> tuple[Path, int]:
    return write(tmp / "bomb.yaml", (BANK_FIXTURES / "alias-bomb.yaml").read_text()), 2


def _python_tag(tmp: Path) -> tuple[Path, int]:
    marker = tmp / "executed"
    text = f'bank: weekly-checkin\nnotes: !!python/object/apply:os.system ["touch {marker}"]\n'
    return write(tmp / "tag.yaml", text), 2


def _latin1(tmp: Path) -> tuple[Path, int]:
    return write(
        tmp / "latin1.yaml", "bank: weekly-checkin\nnotes: Ren\xe9e\n".encode("latin-1")
    ), 2


def _five_megabytes(tmp: Path) -> tuple[Path, int]:
    return write(tmp / "huge.yaml", "bank: weekly-checkin\nnotes: " + "x" * 5_000_000 + "\n"), 1


def _duplicate_key(tmp: Path) -> tuple[Path, int]:
    return write(tmp / "dup.yaml", "bank: weekly-checkin\nnotes: a\nnotes: b\n"), 3


def _syntax_error(tmp: Path) -> tuple[Path, int]:
    return write(tmp / "syntax.yaml", "bank: weekly-checkin\nanswers: [on-your-mind: x\n"), 3


HOSTILE_ANSWERS = {
    "alias-bomb": _alias_bomb,
    "python-tag": _python_tag,
    "latin-1": _latin1,
    "5-MB": _five_megabytes,
    "duplicate-key": _duplicate_key,
    "syntax-error": _syntax_error,
}


# CPU seconds within which a refusal must come: proof that a hostile file is refused early (an
# alias bomb takes far longer); CPU time, so other work on the machine does not count.
FAST = 5.0


@pytest.mark.parametrize("kind", list(HOSTILE_ANSWERS))
def test_a_hostile_answers_file_exits_1_with_file_and_line_fast_and_saves_nothing(
    dana: Path, tmp_path: Path, kind: str
) -> None:
    path, line = HOSTILE_ANSWERS[kind](tmp_path)
    before = tree(dana)
    started = time.process_time()
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    assert time.process_time() - started < FAST  # stops early, not a speed figure
    assert result.stderr.startswith(f"coach: error: {path}:{line}:"), result.stderr
    assert result.stderr.count("\n") == 1 and "nothing was saved" in result.stderr
    assert result.stdout == ""
    assert tree(dana) == before
    assert not (tmp_path / "executed").exists()


@pytest.mark.parametrize("command", ["rep add --focus", "session start --bank", "bank: in a file"])
@pytest.mark.parametrize(
    ("fixture", "field"),
    [
        ("duplicate-question-id.yaml", "questions[1].id"),
        ("duplicate-key.yaml", "title"),
        ("alias-bomb.yaml", "YAML"),
        ("python-tag.yaml", "summary"),
        ("latin1.yaml", "file"),
        ("syntax-error.yaml", "YAML"),
    ],
)
def test_a_broken_user_bank_asked_for_by_id_names_its_file_and_line_and_saves_nothing(
    dana: Path, tmp_path: Path, fixture: str, field: str, command: str
) -> None:
    """`--focus ID` / `--bank ID` of a user bank that was skipped says why, with file:line."""
    (dana / "banks").mkdir()
    path = write(dana / "banks" / fixture, (BANK_FIXTURES / fixture).read_bytes())
    before = tree(dana)
    bank_id = path.stem
    answers = str(tmp_path / "a.yaml")
    args = {
        "rep add --focus": ["rep", "add", "Nova Quinn", "--focus", bank_id],
        "session start --bank": [
            "session",
            "start",
            "dana",
            "--bank",
            bank_id,
            "--answers",
            answers,
        ],
        "bank: in a file": ["session", "start", "dana", "--answers", answers],
    }[command]
    write(tmp_path / "a.yaml", f"bank: {bank_id}\n" if command.startswith("bank") else "{}\n")
    started = time.process_time()
    result = fails(1, *args)
    assert time.process_time() - started < FAST  # stops early, not a speed figure
    assert f"unknown bank {bank_id!r}" in result.stderr
    assert f"{path}:" in result.stderr and f": {field}: " in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert tree(dana) == before


# 11. No terminal ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["start", "resume"])
def test_without_a_terminal_a_paused_session_and_the_store_are_left_alone(
    dana: Path, command: str
) -> None:
    write_draft(
        dana,
        "dana-lee",
        {"rep": "dana-lee", "today": "2026-11-30", "started": "2026-11-30T10:00", "notes": "kept"},
    )
    before = tree(dana)
    result = fails(1, "session", command, "dana", *TODAY)
    assert "stdin is not one" in result.stderr and "--answers FILE" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert tree(dana) == before


# 12. Invalid UTF-8 -------------------------------------------------------------------------

BAD = "caf\udce9"  # how Python presents the undecodable argv bytes b"caf\xe9"


@pytest.mark.parametrize(
    "args",
    [
        ["rep", "add", BAD],
        ["rep", "add", "Nova Quinn", "--notes", BAD],
        ["rep", "edit", "dana", "--notes", BAD],
        ["rep", "edit", "dana", "--name", BAD],
        ["commit", "add", "dana", BAD],
        ["commit", "add", "dana", "Call Acme", "--measure", BAD],
        ["commit", "done", "c-aaa001", "--note", BAD],
        ["plan", "skip", "dana", "--reason", BAD, "--week", "2026-W49"],
    ],
    ids=lambda args: " ".join(a for a in args if a != BAD)[:40],
)
def test_invalid_utf8_in_an_argument_is_refused_at_input_and_export_still_works(
    dana: Path, args: list[str]
) -> None:
    before = store_bytes(dana)
    result = fails(1, *args)
    assert "not valid UTF-8" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert store_bytes(dana) == before
    assert "Acme renewal" in ok("export", "dana").stdout
    ok("export", "--format", "jsonl")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('answers:\n  on-your-mind: "caf\\uDCE9"\n', "answers.on-your-mind"),
        ('notes: "caf\\uDCE9"\n', "notes"),
        ('tells: ["caf\\uDCE9"]\n', "tells[0]"),
        ('commitments:\n  - text: "caf\\uDCE9"\n', "commitments[0].text"),
        (
            'reviews:\n  - commitment: aaa001\n    status: done\n    note: "caf\\uDCE9"\n',
            "reviews[0].note",
        ),
    ],
    ids=["answer", "notes", "tell", "commitment", "review-note"],
)
def test_invalid_utf8_in_an_answers_file_is_refused_naming_the_field(
    dana: Path, tmp_path: Path, body: str, field: str
) -> None:
    path = write(tmp_path / "a.yaml", "bank: weekly-checkin\n" + body)
    before = tree(dana)
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    assert f": {field}: not valid UTF-8 text" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert tree(dana) == before
    assert "Acme renewal" in ok("export", "dana").stdout


def test_invalid_utf8_typed_at_a_prompt_is_refused_there(team: Path) -> None:
    add_bank(team)
    script = ScriptedPrompter(
        [
            ("text", "Which deal", BAD),
            ("text", "Which deal", "Acme"),
            ("text", "What would have to be true", ""),
            ("text", "role", "/skip"),
            ("text", "How confident", ""),
            ("text", "ready", "/skip"),
            ("text", "most useful", ENTER),
            ("text", "Commitment 1", BAD),
            ("text", "Commitment 1", ""),
            ("text", "Private notes", BAD),
            ("text", "Private notes", "fine"),
            ("confirm", "Save", True),
        ]
    )
    result = flow.start_interactive(
        team,
        "dana",
        today=date(2026, 11, 30),
        prompter=script,
        clock=FakeClock().clock(),
        banks=["kinds"],
    )
    script.done()
    assert script.refused == ["answer: not valid UTF-8 text"] * 3
    assert result is not None
    assert ok("export", "--session", result[0].id).stdout.count("Acme") == 1


# 13. Huge text -----------------------------------------------------------------------------


def test_a_10_mb_answers_file_is_refused_naming_the_1_mb_cap(dana: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", "bank: weekly-checkin\nanswers:\n  on-your-mind: ")
    with path.open("a") as f:
        f.write("x" * 10_000_000 + "\n")
    before = tree(dana)
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    assert "the limit is 1,000,000" in result.stderr and "nothing was saved" in result.stderr
    assert tree(dana) == before
    assert_next_write_is_fast(dana)


@pytest.mark.parametrize(
    ("body", "field", "cap"),
    [
        ("answers:\n  on-your-mind: {big}\n", "answers.on-your-mind", MAX_TEXT),
        ("notes: {big}\n", "notes", MAX_TEXT),
        ("tells: [{big}]\n", "tells[0]", MAX_TEXT),
        ("commitments:\n  - text: {big}\n", "commitments[0].text", 1000),
    ],
    ids=["answer", "notes", "tell", "commitment"],
)
def test_a_25000_character_answer_is_refused_naming_the_cap(
    dana: Path, tmp_path: Path, body: str, field: str, cap: int
) -> None:
    path = write(tmp_path / "a.yaml", "bank: weekly-checkin\n" + body.format(big="y" * 25_000))
    before = tree(dana)
    result = fails(1, "session", "start", "dana", "--answers", str(path), *TODAY)
    assert f": {field}: 25,000 characters is over the limit of {cap:,}" in result.stderr
    assert result.stderr.count("\n") == 1
    assert tree(dana) == before
    assert_next_write_is_fast(dana)


@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (["commit", "add", "dana", "z" * 25_000], 1000),
        (["commit", "add", "dana", "Call Acme", "--measure", "z" * 25_000], 1000),
        (["commit", "done", "c-aaa001", "--note", "z" * 25_000], MAX_TEXT),
        (["rep", "edit", "dana", "--notes", "z" * 25_000], MAX_TEXT),
    ],
    ids=["commit-text", "measure", "done-note", "rep-notes"],
)
def test_25000_characters_on_the_command_line_are_refused_naming_the_cap(
    dana: Path, args: list[str], cap: int
) -> None:
    before = store_bytes(dana)
    result = fails(1, *args)
    assert f"25,000 characters is over the limit of {cap:,}" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert store_bytes(dana) == before
    assert_next_write_is_fast(dana)


def assert_next_write_is_fast(home: Path) -> None:
    started = time.process_time()
    ok("commit", "add", "dana", "Send the recap", *TODAY)
    assert time.process_time() - started < FAST  # stops early, not a speed figure


# 14. Hostile rep names ---------------------------------------------------------------------


def test_hostile_rep_names_are_stored_or_refused_and_export_to_distinct_safe_files(
    coach_home: Path, tmp_path: Path
) -> None:
    stored = {
        "../../etc/passwd": "etc-passwd",
        "-rf": "rf",
        "Zo\u00eb Park": "zoe-park",  # precomposed ë
        "A\x00B Null": "ab-null",  # NUL: a control character, dropped
    }
    for name, slug in stored.items():
        args = ["rep", "add", "--", name] if name.startswith("-") else ["rep", "add", name]
        assert f"({slug})" in ok(*args).stderr
    before = store_bytes(coach_home)
    too_long = fails(1, "rep", "add", "n" * 300)
    assert "at most 80 characters (got 300)" in too_long.stderr
    same = fails(1, "rep", "add", "Zoe\u0308 Park")  # e + combining diaeresis
    assert "already exists as zoe-park" in same.stderr
    assert store_bytes(coach_home) == before
    reps = {r["slug"]: r["name"] for r in json_objects(ok("rep", "list", "--json"))}
    assert reps == {
        "etc-passwd": "../../etc/passwd",
        "rf": "-rf",
        "zoe-park": "Zo\u00eb Park",
        "ab-null": "AB Null",
    }

    answers = write(tmp_path / "answers.yaml", SMALL_ANSWERS)
    ids = {
        slug: ok("session", "start", slug, "--answers", str(answers), *TODAY).stdout.strip()
        for slug in reps
    }
    out = tmp_path / "exports"
    ok("export", "-o", str(out))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"2026-11-30-{slug}-{sid}.md" for slug, sid in ids.items()
    )
    per_rep = tmp_path / "per-rep"
    per_rep.mkdir()
    for slug in reps:
        ok("export", slug, "-o", str(per_rep))
        ok("export", slug, "--format", "jsonl", "-o", str(per_rep))
    assert sorted(p.name for p in per_rep.iterdir()) == sorted(
        f"{slug}.{ext}" for slug in reps for ext in ("md", "jsonl")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "answers.yaml",
        "exports",
        "home",
        "per-rep",
    ]
    assert not Path("/etc/passwd.md").exists()
    for path in [*out.iterdir(), *per_rep.glob("*.md")]:
        assert "Acme renewal" in path.read_text()


# 16. Terminal escapes in stored text -------------------------------------------------------

ESC = "\x1b[2J\x1b]0;pwned\x07\u202eevil\u2066x\u2069\x9b31m"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\x9b")


@pytest.fixture
def escapes(coach_home: Path) -> Path:
    """A store edited by hand (or by an older coach): escapes in every stored text field."""
    with Store(coach_home).write() as repo:
        repo.reps.put(
            Rep(name=f"Eve {ESC}", slug="eve", notes=f"notes {ESC}", created="2026-10-01")
        )
        for cid, text, due in [
            ("c-e5c001", "overdue", "2026-11-20"),
            ("c-e5c002", "soon", "2026-12-01"),
        ]:
            repo.commitments.put(
                new_commitment(
                    cid,
                    "eve",
                    "placeholder",
                    created=date(2026, 11, 1),
                    due=date.fromisoformat(due),
                    at=datetime(2026, 11, 1, 9, 0),
                )
            )
            stored = repo.commitments.get(cid)
            assert stored is not None
            stored.text, stored.measure = f"{text} {ESC}", f"measure {ESC}"
            repo.commitments.put(stored)
        repo.save_session(
            Session(
                id="s-e5e5e5",
                rep="eve",
                date="2026-11-23",
                started="2026-11-23T10:00",
                banks=["weekly-checkin"],
                asked=1,
                told=1,
                reviewed=1,
                answers=[
                    Answer(
                        "on-your-mind",
                        f"ask {ESC}?",
                        f"answer {ESC}",
                        bank="weekly-checkin",
                        follow_ups=[FollowUp(f"follow {ESC}?", f"reply {ESC}")],
                    )
                ],
                tells=[f"tell {ESC}"],
                reviews=[Review("c-e5c001", "missed", note=f"review {ESC}")],
                notes=f"private {ESC}",
            )
        )
        repo.plans.put(
            PlannedSlot(
                week="2026-W49",
                rep="eve",
                start="2026-12-01T10:00",
                end="2026-12-01T10:30",
                focus="weekly-checkin",
                reason=f"reason {ESC}",
            )
        )
    return coach_home


@pytest.mark.parametrize(
    "args",
    [
        ["rep", "list"],
        ["rep", "show", "eve"],
        ["commit", "list", "--status", "all"],
        ["session", "list"],
        ["session", "show", "s-e5e5e5"],
        ["remind", "--today", "2026-11-30"],
        ["plan", "week", "--week", "2026-W49", "--today", "2026-11-30"],
        ["export", "-o", "-", "eve"],
        ["export", "--session", "e5e5"],
        ["stats", "--today", "2026-11-30"],
        ["rep", "show", "\x1b[31mX\u202e"],
        ["commit", "done", "\x1b]0;pwned\x07"],
        ["session", "show", "\x1b[2J"],
        ["export", "\x9b31m"],
    ],
    ids=lambda args: (
        " ".join(args[:2]) + (" (bad ref)" if any(c in "".join(args) for c in RAW) else "")
    ),
)
def test_escape_sequences_in_stored_text_never_reach_the_terminal_raw(
    escapes: Path, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code in (0, 1), (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    for raw in RAW:
        assert raw not in result.stdout, (raw, result.stdout)
        assert raw not in result.stderr, (raw, result.stderr)
    if result.exit_code == 0 and args[0] != "plan":
        assert "pwned" in result.stdout or "eve" in result.stdout  # the text is still shown


@pytest.mark.parametrize(
    "args",
    [
        ["rep", "list", "--json"],
        ["rep", "show", "eve", "--json"],
        ["commit", "list", "--status", "all", "--json"],
        ["session", "show", "s-e5e5e5", "--json"],
        ["remind", "--today", "2026-11-30", "--json"],
        ["export", "eve", "--format", "jsonl"],
    ],
    ids=" ".join,
)
def test_json_output_escapes_control_and_bidi_characters_yet_keeps_the_text(
    escapes: Path, args: list[str]
) -> None:
    """JSON is data: the text is kept exactly, but written as \\u escapes, never raw."""
    out = ok(*args).stdout
    for raw in RAW:
        assert raw not in out, (raw, out)
    data = [json.loads(line) for line in out.splitlines()] if "jsonl" in args else json.loads(out)
    assert any(ESC in text for text in strings(data))


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


# 10. Ctrl-C and Ctrl-D at every kind of prompt ---------------------------------------------

# One whole session with every kind of prompt, in the order they come: (label, step).
EVERY_PROMPT: list[tuple[str, tuple[str, str, Any]]] = [
    ("bank-choice", ("select", "Which question bank", "kinds")),
    ("review-status", ("text", "How did it go", "done")),
    ("review-note", ("text", "What did you learn", "Mornings work best")),
    ("review-reinforcement", ("text", "keep this going", "Block 9-10")),
    ("text-question", ("text", "Which deal", "Acme")),
    ("follow-up", ("text", "What would have to be true", "Ops lead agrees")),
    ("choice-question", ("text", "role", "lead")),
    ("scale-question", ("text", "How confident", "4")),
    ("confirm-question", ("text", "ready", "yes")),
    ("closing-question", ("text", "most useful", "The role play")),
    ("commitment-text", ("text", "Commitment 1", "Book the workshop")),
    ("commitment-due", ("text", "By when", "+3")),
    ("commitment-measure", ("text", "How will we know", "Invite accepted")),
    ("commitment-end", ("text", "Commitment 2", "")),
    ("notes", ("text", "Private notes", "Seemed tired")),
    ("save-confirm", ("confirm", "Save this session", True)),
]
# What resuming asks again before the rest: a follow-up re-asks its question (Enter keeps it).
RESUME_PREFIX: dict[str, list[tuple[str, str, Any]]] = {
    "follow-up": [("text", "Which deal", ENTER)],
}


def every_prompt_session(home: Path, script: ScriptedPrompter, fake: FakeClock) -> Any:
    return flow.start_interactive(
        home, "dana", today=date(2026, 11, 30), prompter=script, clock=fake.clock()
    )


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("at", range(len(EVERY_PROMPT)), ids=[k for k, _ in EVERY_PROMPT])
def test_ctrl_c_or_ctrl_d_at_every_kind_of_prompt_keeps_a_draft_and_resume_finishes(
    dana: Path, at: int, stop: type[BaseException]
) -> None:
    add_bank(dana)
    steps = [step for _, step in EVERY_PROMPT]
    kind, fragment, _ = steps[at]
    before = store_bytes(dana)
    fake = FakeClock()
    first = ScriptedPrompter([*steps[:at], (kind, fragment, stop)], clock=fake)
    with pytest.raises(Interrupted) as caught:
        every_prompt_session(dana, first, fake)
    first.done()
    assert caught.value.exit_code == ExitCode.INTERRUPTED == 130
    assert store_bytes(dana) == before  # the store is only written by the save
    draft = drafts.draft_path(dana, "dana-lee")
    if at <= 1:  # nothing typed yet (a bank picked is not typing): nothing to keep
        assert "nothing kept" in caught.value.message
        assert not draft.exists()
        return
    assert "coach session resume dana-lee" in (hint_for(caught.value) or "")
    kept = json.loads(draft.read_text())
    assert kept["banks"] == ["kinds"]
    assert kept["reviews"] or kept["pending"]["status"] == "done"

    label = EVERY_PROMPT[at][0]
    second = ScriptedPrompter([*RESUME_PREFIX.get(label, []), *steps[at:]], clock=fake)
    result = flow.resume_interactive(dana, "dana", today=None, prompter=second, clock=fake.clock())
    second.done()
    assert result is not None
    session, made = result
    saved = Store(dana).read().load_session(session.id)
    assert saved is not None
    assert {a.question_id: a.answer for a in saved.answers} == {
        "deal": "Acme",
        "manager-role": "lead",
        "confidence": 4,
        "ready": True,
        "most-useful": "The role play",
    }
    assert saved.answers[0].follow_ups == [
        FollowUp("What would have to be true for it to move?", "Ops lead agrees")
    ]
    assert [(r.commitment, r.status, r.note, r.reinforcement) for r in saved.reviews] == [
        ("c-aaa001", "done", "Mornings work best", "Block 9-10")
    ]
    assert [(c.text, c.due, c.measure) for c in made] == [
        ("Book the workshop", "2026-12-03", "Invite accepted")
    ]
    assert saved.notes == "Seemed tired"
    assert not draft.exists()
    after = Store(dana).read()
    assert len(after.sessions.all()) == 2  # the session recorded before is still there
    assert "Acme renewal" in ok("export", "dana").stdout


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_at_the_resume_or_discard_prompt_keeps_the_draft(
    dana: Path, stop: type[BaseException]
) -> None:
    add_bank(dana)
    steps = [step for _, step in EVERY_PROMPT]
    fake = FakeClock()
    with pytest.raises(Interrupted):
        every_prompt_session(
            dana, ScriptedPrompter([*steps[:4], ("text", "Which deal", stop)]), fake
        )
    draft = drafts.draft_path(dana, "dana-lee").read_bytes()
    before = store_bytes(dana)
    again = ScriptedPrompter([("select", "paused session", stop)])
    with pytest.raises((Interrupted, stop)):
        every_prompt_session(dana, again, fake)
    assert drafts.draft_path(dana, "dana-lee").read_bytes() == draft
    assert store_bytes(dana) == before


@pytest.fixture
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedPrompter]:
    """`coach session start/resume` as if stdin were a terminal, typed into by a script:
    each command run takes the next prompter of the returned list."""
    import coachcli.commands.session as command
    import coachcli.ui.prompter

    scripts: list[ScriptedPrompter] = []
    monkeypatch.setattr(command, "_need_terminal", lambda: None)
    monkeypatch.setattr(coachcli.ui.prompter, "terminal_prompter", lambda: scripts.pop(0))
    return scripts


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("label", ["choice-question", "notes", "save-confirm"])
def test_through_the_cli_an_interrupted_session_exits_130_and_resume_saves_it(
    dana: Path, fake_terminal: list[ScriptedPrompter], label: str, stop: type[BaseException]
) -> None:
    add_bank(dana)
    steps = [step for _, step in EVERY_PROMPT]
    at = [k for k, _ in EVERY_PROMPT].index(label)
    kind, fragment, _ = steps[at]
    before = store_bytes(dana)
    fake_terminal.append(ScriptedPrompter([*steps[:at], (kind, fragment, stop)]))
    paused = run("session", "start", "dana", *TODAY)
    assert paused.exit_code == 130, (paused.stderr, paused.exception)
    assert "coach session resume dana-lee" in paused.stderr and "Traceback" not in paused.stderr
    assert store_bytes(dana) == before
    # Ctrl-C or Ctrl-D at "resume or discard?" leaves the draft as it was: exit 130, not 4
    draft = drafts.draft_path(dana, "dana-lee").read_bytes()
    fake_terminal.append(ScriptedPrompter([("select", "paused session", stop)]))
    asked = run("session", "start", "dana", *TODAY)
    assert asked.exit_code == 130, (asked.stderr, asked.exception)
    assert asked.stderr.strip() == "coach: interrupted"
    assert drafts.draft_path(dana, "dana-lee").read_bytes() == draft
    fake_terminal.append(ScriptedPrompter(steps[at:]))
    sid = ok("session", "resume", "dana").stdout.strip()
    assert json_object(ok("session", "show", sid, "--json"))["notes"] == "Seemed tired"
    assert len(json_objects(ok("session", "list", "--json"))) == 2


def test_a_lone_surrogate_in_a_hand_edited_store_does_not_break_export(
    dana: Path, tmp_path: Path
) -> None:
    """Input refuses invalid UTF-8, but a body file edited by hand can still hold it."""
    [body] = (dana / "sessions").iterdir()
    doc = json.loads(body.read_text())
    doc["notes"] = "caf\udce9 notes"
    body.write_text(json.dumps(doc))  # ASCII JSON with a \udce9 escape
    out = tmp_path / "out"
    ok("export", "-o", str(out))
    ok("export", "dana", "-o", str(tmp_path / "dana.md"))
    ok("export", "dana", "--format", "jsonl", "-o", str(tmp_path / "dana.jsonl"))
    assert "caf? notes" in (tmp_path / "dana.md").read_text(encoding="utf-8")
    assert [p.read_text(encoding="utf-8").count("caf? notes") for p in out.iterdir()] == [1]
    assert "Acme renewal" in ok("export", "dana").stdout
    assert "caf notes" in ok("session", "show", doc["id"]).stdout
    shown = json_object(ok("session", "show", doc["id"], "--json"))
    assert shown["notes"] == "caf\udce9 notes"


# 15. Markdown injection, through an answers file ----------------------------------------


def test_markdown_injection_typed_into_an_answers_file_exports_inert(
    dana: Path, tmp_path: Path
) -> None:
    """test_export.py covers a hostile store; this is the same through the real input path."""
    from tests.test_export import assert_safe

    hostile = (
        "bank: weekly-checkin\n"
        "answers:\n"
        '  on-your-mind: "<script>alert(1)</script> ![x](http://evil/x.png) | a | b |"\n'
        "tells: ['# Forged heading']\n"
        'notes: "---\\ntitle: forged\\n---\\n# Forged\\n| a | b |\\n|---|---|\\n<img src=x>"\n'
    )
    path = write(tmp_path / "a.yaml", hostile)
    sid = ok("session", "start", "dana", "--answers", str(path), *TODAY).stdout.strip()
    text = ok("export", "--session", sid).stdout
    assert_safe(text)
    assert "&lt;script&gt;" in text
    out = tmp_path / "out"
    ok("export", "-o", str(out))
    for exported in out.iterdir():
        assert_safe(exported.read_text(encoding="utf-8"))
