"""The rep's prep form is bound to the rep and session coach wrote it for; what a mail client
adds around it is ignored; a killed import is repaired by importing again; a first session's
form asks nothing about a last 1:1; the session shows what the rep answered in it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coachcli.services import sessions as flow
from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.session_support import FakeClock, add_commitment

HELPERS = Path(__file__).resolve().parent / "helpers"
REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"


@pytest.fixture
def dana(team: Path, tmp_path: Path) -> Path:
    """Dana and Marco, each with a session on 2026-11-17; Dana has an open commitment."""
    add_commitment(team, "c-19be04", "dana-lee", "Book 3 discovery calls", due="2026-11-28")
    answers = tmp_path / "held.yaml"
    answers.write_text("bank: early-pipeline\nanswers: {}\n")
    for rep in ("dana", "marco"):
        ok("session", "start", rep, "--answers", str(answers), "--today", "2026-11-17")
    return team


def last_session(rep: str) -> str:
    return str(ok("session", "list", rep, "--json").json()[0]["id"])  # type: ignore[index]


def form(tmp_path: Path, rep: str = "dana", today: str = TODAY) -> str:
    out = tmp_path / f"{rep}-prep.md"
    ok("prep", rep, "-o", str(out), "--today", today)
    return out.read_text()


def filled(text: str) -> str:
    text = text.replace(
        "## What do you want to cover?\n\n", "## What do you want to cover?\n\nAcme.\n"
    )
    return text.replace("useful: ", "useful: 4\nMore live deals.")


def write(tmp_path: Path, text: str, name: str = "back.md") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# bound to the rep and the session ---------------------------------------------------------------
def test_the_form_names_the_rep_the_session_its_week_the_last_session_and_a_token(
    dana: Path, tmp_path: Path
) -> None:
    front = form(tmp_path).split("---")[1]
    assert 'rep: "dana-lee"' in front and "session: 2026-11-24" in front
    assert "week: 2026-W48" in front and f"last: {last_session('dana')}" in front
    assert re.search(r"(?m)^token: [0-9a-f]{20}$", front)
    assert form(tmp_path) == form(tmp_path)  # the same form, written twice


def test_a_form_whose_rep_was_changed_is_refused_naming_whose_it_is(
    dana: Path, tmp_path: Path
) -> None:
    text = filled(form(tmp_path)).replace('rep: "dana-lee"', 'rep: "marco-rossi"')
    path = write(tmp_path, text)
    result = fails(1, "prep", "import", str(path))
    assert f"{path}:{line_of(text, 'rep: ')}:1: " in result.stderr
    assert "written for Dana Lee (dana-lee), not marco-rossi" in result.stderr
    assert "nothing was imported" in result.stderr
    repo = Store(dana).read()
    assert repo.preps.all() == []
    marco = repo.load_session(last_session("marco"))
    assert marco is not None and marco.feedback is None and marco.useful is None


@pytest.mark.parametrize(
    "change",
    [
        ("session: 2026-11-24", "session: 2026-12-01"),
        ("token: ", "token: 0"),
        ("last: s-", "last: s-0"),
    ],
    ids=["session", "token", "last"],
)
def test_a_form_whose_session_or_token_was_changed_is_refused_at_the_token(
    dana: Path, tmp_path: Path, change: tuple[str, str]
) -> None:
    text = filled(form(tmp_path)).replace(*change)
    path = write(tmp_path, text)
    result = fails(1, "prep", "import", str(path))
    assert f"{path}:{line_of(text, 'token: ')}:1: " in result.stderr
    assert "changed after coach wrote it" in result.stderr
    assert Store(dana).read().preps.all() == []


def test_a_form_without_a_token_is_refused(dana: Path, tmp_path: Path) -> None:
    text = re.sub(r"(?m)^token: .*\n", "", filled(form(tmp_path)))
    path = write(tmp_path, text)
    result = fails(1, "prep", "import", str(path))
    assert f"{path}:1:1: " in result.stderr and "no token" in result.stderr
    assert Store(dana).read().preps.all() == []


def test_the_rating_goes_on_the_session_the_form_was_written_after(
    dana: Path, tmp_path: Path
) -> None:
    text = filled(form(tmp_path))
    rated = last_session("dana")
    # another session is held before the form comes back: the rating stays with the one asked about
    answers = write(tmp_path, "bank: early-pipeline\nanswers: {}\n", "later.yaml")
    ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-20")
    result = ok("prep", "import", str(write(tmp_path, text)))
    assert rated in result.stderr
    repo = Store(dana).read()
    assert repo.sessions.get(rated).useful == 4  # type: ignore[union-attr]
    assert [s.useful for s in repo.sessions.all() if s.id != rated and s.rep == "dana-lee"] == [
        None
    ]


# a first session ---------------------------------------------------------------------------------
def test_a_first_sessions_form_asks_nothing_about_a_last_one_to_one(
    team: Path, tmp_path: Path
) -> None:
    text = form(tmp_path)
    assert "How useful was our last 1:1" not in text and "useful:" not in text
    assert "\nlast: " not in text
    ok("prep", "import", str(write(tmp_path, filled(text))))
    (prep,) = Store(team).read().preps.all()
    assert prep.feedback is None


def test_a_rating_added_to_a_first_sessions_form_is_refused_at_its_line(
    team: Path, tmp_path: Path
) -> None:
    text = form(tmp_path) + "## How useful was our last 1:1?\n\nuseful: 5\n"
    path = write(tmp_path, text)
    result = fails(1, "prep", "import", str(path))
    assert f"{path}:{line_of(text, 'How useful')}:1: " in result.stderr
    assert "no earlier 1:1 to rate" in result.stderr


# what a mail client adds ------------------------------------------------------------------------
MAIL_TOP = "Hi Alex,\n\nhere is my prep for Tuesday.\n\n"
MAIL_BOTTOM = (
    "\n\n-- \nDana Lee\nAccount Executive, Acme Corp\n+1 555 0100\n\nSent from my iPhone\n"
)


def test_a_greeting_a_signature_and_sent_from_my_iphone_are_ignored(
    dana: Path, tmp_path: Path
) -> None:
    text = MAIL_TOP + filled(form(tmp_path)) + MAIL_BOTTOM
    ok("prep", "import", str(write(tmp_path, text)))
    (prep,) = Store(dana).read().preps.all()
    assert prep.feedback == {"useful": 4, "comment": "More live deals."}
    assert [a["answer"] for a in prep.answers] == ["Acme."]


def test_a_trailing_sent_from_my_iphone_alone_is_ignored(dana: Path, tmp_path: Path) -> None:
    text = filled(form(tmp_path)) + "\n\nSent from my iPhone\n"
    ok("prep", "import", str(write(tmp_path, text)))
    (prep,) = Store(dana).read().preps.all()
    assert prep.feedback == {"useful": 4, "comment": "More live deals."}


def test_a_reply_quoting_the_form_under_a_greeting_reads(dana: Path, tmp_path: Path) -> None:
    quoted = "\n".join(f"> {line}" if line else ">" for line in filled(form(tmp_path)).split("\n"))
    text = "Done, see below.\n\nOn Mon, 23 Nov 2026, Alex Kim wrote:\n" + quoted + MAIL_BOTTOM
    ok("prep", "import", str(write(tmp_path, text)))
    (prep,) = Store(dana).read().preps.all()
    assert prep.feedback == {"useful": 4, "comment": "More live deals."}


def test_an_error_under_a_greeting_points_at_its_own_line(dana: Path, tmp_path: Path) -> None:
    text = MAIL_TOP + filled(form(tmp_path)).replace("status: open", "status: finished")
    path = write(tmp_path, text)
    result = fails(1, "prep", "import", str(path))
    assert f"{path}:{line_of(text, 'status: finished')}:1: " in result.stderr
    assert ":1:1:" not in result.stderr


# a killed import ---------------------------------------------------------------------------------
def _import_interrupted(home: Path, form_path: Path, k: int) -> subprocess.CompletedProcess[str]:
    env = {"COACH_HOME": str(home), "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    helper = str(HELPERS / "interrupt_write.py")
    command = [sys.executable, helper, "replace", str(k), "prep", "import", str(form_path)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def _rating(home: Path, sid: str) -> tuple[object, object]:
    index = json.loads((home / "coach.json").read_text())["sessions"][sid].get("useful")
    body = json.loads((home / "sessions" / f"{sid}.json").read_text()).get("feedback") or {}
    return index, body.get("useful")


@pytest.mark.slow
def test_importing_again_after_an_import_stopped_at_any_write_repairs_the_rating(
    dana: Path, tmp_path: Path
) -> None:
    sid = last_session("dana")
    path = write(tmp_path, filled(form(tmp_path)))
    stopped_with: list[tuple[object, object]] = []
    for k in range(1, 8):
        home = tmp_path / f"home-{k}"
        shutil.copytree(dana, home)
        stopped = _import_interrupted(home, path, k)
        assert "Traceback" not in stopped.stderr
        if stopped.returncode == 0:
            break  # past the last write
        stopped_with.append(_rating(home, sid))
        assert stopped_with[-1] in ((None, None), (None, 4))
        ok("--home", str(home), "prep", "import", str(path))
        assert _rating(home, sid) == (4, 4)
        stats = ok("--home", str(home), "stats", "--today", "2026-11-30", "--json").json()
        assert stats["usefulness"]["rated"] == 1  # type: ignore[index]
    else:
        pytest.fail("the import never finished")
    assert (None, 4) in stopped_with  # stopped between the session's file and the index


# the session shows what the rep answered --------------------------------------------------------
class Script:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.asked: list[tuple[str, object]] = []

    def note(self, text: str, *, style: str = "") -> None:
        self.notes.append(text)

    def text(self, message: str, *, hint=None, default: str = "", validate=None) -> str:  # type: ignore[no-untyped-def]
        self.asked.append((message, default))
        return default

    def select(self, message: str, options, *, hint=None, default=None) -> str:  # type: ignore[no-untyped-def]
        return str(default if default is not None else options[0][0])

    def confirm(self, message: str, *, default: bool = True) -> bool:
        return default


def test_a_question_the_rep_answered_in_the_prep_is_asked_with_their_answer(
    dana: Path, tmp_path: Path
) -> None:
    text = form(tmp_path)
    question = re.findall(r"(?m)^## (.+)$", text)[2]  # the first question from the bank
    text = text.replace(f"## {question}\n\n", f"## {question}\n\nThe Borealis renewal.\n")
    ok("prep", "import", str(write(tmp_path, text)))
    script = Script()
    saved, _ = flow.start_interactive(  # type: ignore[misc]
        dana,
        "dana",
        today=date(2026, 11, 24),
        prompter=script,  # type: ignore[arg-type]
        clock=FakeClock().clock(),
        ask_all=True,
    )
    asked = dict(script.asked)
    assert asked[question.replace("\\", "")] == "The Borealis renewal."
    assert any("In the prep: The Borealis renewal." in n for n in script.notes)
    answers = {a.ask: a.answer for a in saved.answers}
    assert answers[question.replace("\\", "")] == "The Borealis renewal."
