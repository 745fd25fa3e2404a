"""Core raises errors as data; the CLI skin says which `coach …` command helps."""

from __future__ import annotations

import ast
from pathlib import Path

from coachcli.commands._hints import hint_for
from coachcli.errors import DamagedDraft, Exists, Interrupted
from tests.conftest import REPO, fails, ok


def test_a_duplicate_rep_and_a_repeated_status_say_what_to_do_instead(team: Path) -> None:
    again = fails(1, "rep", "add", "Dana Lee")
    assert "already exists as dana-lee" in again.stderr and "coach rep edit" in again.stderr
    cid = ok("commit", "add", "dana", "Call Acme", "--today", "2026-11-23").stdout.strip()
    ok("commit", "done", cid, "--today", "2026-11-24")
    twice = fails(1, "commit", "done", cid, "--today", "2026-11-24")
    assert "is already done" in twice.stderr and "coach commit list" in twice.stderr


def test_hints_come_from_the_error_data() -> None:
    assert "coach session resume dana-lee" in (
        hint_for(Interrupted("Paused.", paused="dana-lee")) or ""
    )
    assert hint_for(Interrupted("Stopped.")) is None
    assert "coach session discard dana-lee" in (hint_for(DamagedDraft("x", rep="dana-lee")) or "")
    assert "coach rep edit" in (hint_for(Exists("x", kind="rep", ref="dana-lee")) or "")


def test_core_composes_no_coach_command_advice() -> None:
    """docs/architecture.md: core raises typed errors; `coach …` advice is the skin's."""
    found = []
    for path in (REPO / "coachcli" / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "hint":
                text = ast.unparse(node.value)
                if "coach " in text:
                    found.append(f"{path.relative_to(REPO)}:{node.value.lineno}")
    assert not found, found
