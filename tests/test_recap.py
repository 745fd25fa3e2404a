"""`coach recap` (issue 13.2): what the rep takes away, never the private notes."""

from __future__ import annotations

import email.parser
import email.policy
from pathlib import Path

import pytest

from tests.conftest import fails, ok
from tests.session_support import add_slot

ANSWERS = """\
bank: early-pipeline
answers:
  curious-deals: Acme, the ops workshop
  readiness: 4
tells:
  - SUGGESTION-tell-4411
commitments:
  - text: Book the Acme workshop
    due: 2026-12-04
    measure: Invite accepted
notes: PRIVATE-note-9931 do not share
"""


def _session(home: Path, tmp_path: Path, rep: str = "dana") -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS)
    return ok(
        "session", "start", rep, "--answers", str(path), "--today", "2026-11-24"
    ).stdout.strip()


@pytest.mark.parametrize("fmt", ["md", "txt", "eml"])
def test_a_recap_never_holds_private_notes_and_tells_only_when_asked(
    team: Path, tmp_path: Path, fmt: str
) -> None:
    sid = _session(team, tmp_path)
    plain = ok("recap", sid, "--format", fmt).stdout
    if fmt == "eml":
        plain = email.parser.Parser(policy=email.policy.default).parsestr(plain)
        plain = plain.get_content()
    assert "PRIVATE-note-9931" not in plain and "SUGGESTION-tell-4411" not in plain
    assert "Acme, the ops workshop" in plain
    assert "Book the Acme workshop" in plain and "2026-12-04" in plain
    assert "Invite accepted" in plain
    out = tmp_path / f"recap.{fmt}"
    ok("recap", sid, "--format", fmt, "--with-suggestions", "-o", str(out))
    written = out.read_text()
    if fmt == "eml":
        written = email.parser.Parser(policy=email.policy.default).parsestr(written)
        written = written.get_content()
    assert "SUGGESTION-tell-4411" in written and "PRIVATE-note-9931" not in written


def test_the_eml_parses_and_is_addressed_to_the_rep_from_the_manager(
    team: Path, tmp_path: Path
) -> None:
    (team / "config.yaml").write_text('manager: "Sam Boss"\nmanager_email: sam@example.com\n')
    add_slot(team, "2026-W49", "dana-lee", "2026-12-01T10:00")
    sid = _session(team, tmp_path)
    raw = ok("recap", sid, "--format", "eml").stdout
    message = email.parser.Parser(policy=email.policy.default).parsestr(raw)
    assert message["To"].addresses[0].addr_spec == "dana.lee@example.com"
    assert message["From"].addresses[0].addr_spec == "sam@example.com"
    assert "2026-11-24" in message["Subject"]
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert "Next 1:1: 2026-12-01 10:00" in body


def test_an_eml_for_a_rep_without_email_needs_an_output_file(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "No Mail")
    sid = _session(coach_home, tmp_path, "no-mail")
    result = fails(1, "recap", sid, "--format", "eml")
    assert "no email address" in result.stderr and result.stdout == ""
    out = tmp_path / "draft.eml"
    ok("recap", sid, "--format", "eml", "-o", str(out))
    message = email.parser.Parser(policy=email.policy.default).parsestr(out.read_text())
    assert message["To"] is None and "Book the Acme workshop" in message.get_content()


def test_markdown_recap_escapes_what_the_rep_typed(team: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS.replace("Acme, the ops workshop", "'# <script>x</script>'"))
    sid = ok(
        "session", "start", "dana", "--answers", str(path), "--today", "2026-11-24"
    ).stdout.strip()
    text = ok("recap", sid).stdout
    assert "<script>" not in text and "\n# <" not in text


def test_an_unknown_format_or_session_is_a_user_error(team: Path, tmp_path: Path) -> None:
    sid = _session(team, tmp_path)
    assert "unknown format" in fails(1, "recap", sid, "--format", "pdf").stderr
    assert fails(1, "recap", "s-zzzzzz").stderr
