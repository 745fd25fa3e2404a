"""The rep's prep form (issue 13.1) and feedback (13.3): out, filled in as a rep would, back
in, and into the next session; the refusals; the feedback and scoring steps of a session."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from coachcli.services import sessions as flow
from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.session_support import FakeClock, add_commitment

TODAY = "2026-11-24"


@pytest.fixture
def dana(team: Path, tmp_path: Path) -> Path:
    """Dana's commitments, and a session held on 2026-11-17 (the last 1:1 a form asks about)."""
    add_commitment(team, "c-19be04", "dana-lee", "Book 3 discovery calls", due="2026-11-28")
    add_commitment(team, "c-2a2a2a", "dana-lee", "Update the Acme plan")
    add_commitment(team, "c-3b3b3b", "marco-rossi", "Marco's own thing")
    held = tmp_path / "held.yaml"
    held.write_text("bank: early-pipeline\nanswers: {}\n")
    ok("session", "start", "dana", "--answers", str(held), "--today", "2026-11-17")
    return team


def _form(tmp_path: Path) -> Path:
    out = tmp_path / "dana-prep.md"
    ok("prep", "dana", "-o", str(out), "--today", TODAY)
    return out


def _fill(text: str) -> str:
    """What a rep does: write under the headings, change a status, rate the last 1:1."""
    text = text.replace(
        "## What do you want to cover?\n\n",
        "## What do you want to cover?\n\nThe Acme forecast, and my Q1 territory.\n",
    )
    text = re.sub(
        r"(### c-19be04 [^\n]*\n<!--[^\n]*-->\n)status: open\nnote: ",
        r"\1status: done\nnote: Booked 4, one with Acme.",
        text,
    )
    first_question = re.search(r"\n## (?!Commitments|What do you)([^\n]+)\n\n", text)
    assert first_question is not None
    text = text.replace(first_question.group(0), first_question.group(0) + "Acme and Borealis.\n")
    return text.replace("useful: ", "useful: 4\nMore time on live deals, less on reporting.")


def test_prep_form_round_trip_into_the_next_session(dana: Path, tmp_path: Path) -> None:
    form = _form(tmp_path)
    text = form.read_text()
    assert text.startswith('---\ntype: coach-prep\nrep: "dana-lee"\n')
    assert "### c-19be04 Book 3 discovery calls" in text and "c-3b3b3b" not in text
    assert "## What do you want to cover?" in text and "## How useful was our last 1:1" in text
    assert len(re.findall(r"^## ", text, re.M)) >= 5  # commitments, cover, 2+ questions, feedback
    # a mail client sends it back with CRLF line ends
    filled = tmp_path / "back.md"
    filled.write_bytes(_fill(text).replace("\n", "\r\n").encode())
    result = ok("prep", "import", str(filled))
    assert "1 status change(s)" in result.stderr

    preview = ok("session", "preview", "dana", "--today", TODAY, "--json").json()
    assert preview["prep"]["answers"][0]["answer"].startswith("The Acme forecast")

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "bank: early-pipeline\nreviews:\n  - commitment: c-19be04\n    status: done\n"
        "answers: {}\nfeedback: {useful: 5, comment: Clear next steps}\n"
    )
    sid = ok("session", "start", "dana", "--answers", str(answers), "--today", TODAY)
    shown = ok("session", "show", sid.stdout.strip(), "--json").json()
    prep = shown["prep"]
    asked = {a["ask"]: a["answer"] for a in prep["answers"]}
    assert asked["What do you want to cover?"] == "The Acme forecast, and my Q1 territory."
    assert "Acme and Borealis." in asked.values()
    statuses = {s["commitment"]: s for s in prep["statuses"]}
    assert statuses["c-19be04"] == {
        "commitment": "c-19be04",
        "status": "done",
        "note": "Booked 4, one with Acme.",
    }
    assert statuses["c-2a2a2a"]["status"] == "open"
    assert prep["feedback"] == {
        "useful": 4,
        "comment": "More time on live deals, less on reporting.",
    }
    assert shown["feedback"] == {"useful": 5, "comment": "Clear next steps"}
    # the prep is used up: the session after that starts without one
    assert ok("session", "preview", "dana", "--today", TODAY, "--json").json()["prep"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('rep: "dana-lee"', 'rep: "nobody"'), "no rep 'nobody' in the roster"),
        (("### c-19be04", "### c-3b3b3b"), "c-3b3b3b is Marco Rossi's commitment, not Dana Lee's"),
        (("### c-19be04", "### c-999999"), "unknown commitment id 'c-999999'"),
        (("\nstatus: open", "\nstatus: finished"), "status 'finished'"),
        (("useful: ", "useful: 9"), "useful '9'"),
        (("type: coach-prep", "type: invoice"), "type must be coach-prep"),
    ],
)
def test_a_bad_form_is_refused_with_its_line_and_nothing_is_imported(
    dana: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = _form(tmp_path).read_text()
    bad_text = text.replace(*change, 1)
    line = next(n for n, ln in enumerate(bad_text.splitlines(), 1) if change[1].strip() in ln)
    bad = tmp_path / "bad.md"
    bad.write_text(bad_text)
    result = fails(1, "prep", "import", str(bad))
    assert f"{bad}:{line}:1: " in result.stderr and message in result.stderr
    assert "nothing was imported" in result.stderr
    assert Store(dana).read().preps.all() == []


def test_a_quoted_reply_with_cr_line_ends_and_a_bom_still_reads(dana: Path, tmp_path: Path) -> None:
    text = _fill(_form(tmp_path).read_text())
    quoted = "\ufeff" + "\r".join(f"> {line}" if line else ">" for line in text.split("\n"))
    back = tmp_path / "quoted.md"
    back.write_bytes(quoted.encode())
    ok("prep", "import", str(back))
    (prep,) = Store(dana).read().preps.all()
    assert prep.feedback == {"useful": 4, "comment": "More time on live deals, less on reporting."}
    assert any(a["answer"] == "Acme and Borealis." for a in prep.answers)


def test_the_forms_feedback_goes_on_the_last_session(dana: Path, tmp_path: Path) -> None:
    sid = ok("session", "list", "dana", "--json").json()[0]["id"]  # type: ignore[index]
    back = tmp_path / "back.md"
    back.write_text(_fill(_form(tmp_path).read_text()))
    assert sid in ok("prep", "import", str(back)).stderr
    shown = ok("session", "show", sid, "--json").json()
    assert shown["feedback"]["useful"] == 4


def test_prep_to_stdout_and_unknown_rep(dana: Path) -> None:
    assert ok("prep", "dana", "-o", "-", "--today", TODAY).stdout.startswith("---\n")
    fails(1, "prep", "nobody")


class Lenient:
    """Answers from (fragment, answer) pairs in order; any other prompt gets its default
    (Enter), so the test pins only the steps it is about."""

    def __init__(self, script: list[tuple[str, object]]) -> None:
        self.script = script
        self.notes: list[str] = []
        self.asked: list[tuple[str, object]] = []  # (message, default)

    def note(self, text: str, *, style: str = "") -> None:
        self.notes.append(text)

    def _answer(self, message: str, default: object) -> object:
        self.asked.append((message, default))
        if self.script and self.script[0][0] in message:
            return self.script.pop(0)[1]
        return default

    def text(self, message: str, *, hint=None, default: str = "", validate=None) -> str:  # type: ignore[no-untyped-def]
        return str(self._answer(message, default))

    def select(self, message: str, options, *, hint=None, default=None) -> str:  # type: ignore[no-untyped-def]
        value = self._answer(message, default)
        return str(value if value is not None else options[0][0])

    def confirm(self, message: str, *, default: bool = True) -> bool:
        return bool(self._answer(message, default))


def test_an_interactive_session_shows_the_prep_first_defaults_reviews_and_asks_the_rep(
    dana: Path, tmp_path: Path
) -> None:
    back = tmp_path / "back.md"
    back.write_text(_fill(_form(tmp_path).read_text()))
    ok("prep", "import", str(back))
    prompter = Lenient(
        [
            ("Discovery: which level", "3"),
            ("How useful was today", "4"),
            ("next 1:1 more useful", "More role play"),
        ]
    )
    session, _ = flow.start_interactive(  # type: ignore[misc]
        dana,
        "dana",
        today=date(2026, 11, 24),
        prompter=prompter,  # type: ignore[arg-type]
        clock=FakeClock().clock(),
        banks=["early-pipeline"],
        score="",
    )
    assert prompter.script == []
    prep_at = prompter.notes.index("Dana's prep")
    assert prep_at < next(i for i, n in enumerate(prompter.notes) if "review 1/" in n)
    reviews = [(m, d) for m, d in prompter.asked if "How did it go" in m or "learn" in m]
    assert reviews[:2] == [
        ("How did it go?", "done"),
        ("What did you learn?", "Booked 4, one with Acme."),
    ]
    saved = Store(dana).read()
    full = saved.load_session(session.id)
    assert full is not None and full.feedback == {"useful": 4, "comment": "More role play"}
    assert full.prep is not None and saved.preps.all() == []
    assert saved.commitments.get("c-19be04").status == "done"  # type: ignore[union-attr]
    (score,) = saved.scores.all()
    assert score.ratings == {"discovery": 3} and score.session == session.id
    assert ok("session", "show", session.id, "--json").json()["feedback"]["useful"] == 4


def test_the_rep_may_skip_the_feedback_step(dana: Path) -> None:
    prompter = Lenient([])
    session, _ = flow.start_interactive(  # type: ignore[misc]
        dana,
        "dana",
        today=date(2026, 11, 24),
        prompter=prompter,  # type: ignore[arg-type]
        clock=FakeClock().clock(),
        banks=["early-pipeline"],
    )
    assert any("How useful was today" in m for m, _ in prompter.asked)
    assert not any("next 1:1 more useful" in m for m, _ in prompter.asked)
    full = Store(dana).read().load_session(session.id)
    assert full is not None and full.feedback is None and full.useful is None


def test_an_answers_file_takes_scores_and_checks_them(dana: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "bank: early-pipeline\nanswers: {}\nscores:\n  discovery: 4\n  juggling: 2\n"
    )
    result = fails(1, "session", "start", "dana", "--answers", str(answers))
    assert f"{answers}:5:13: scores.juggling: unknown skill" in result.stderr
    answers.write_text("bank: early-pipeline\nanswers: {}\nscores: {discovery: 4}\n")
    sid = ok("session", "start", "dana", "--answers", str(answers), "--today", TODAY)
    (score,) = Store(dana).read().scores.all()
    assert (score.ratings, score.session) == ({"discovery": 4}, sid.stdout.strip())
