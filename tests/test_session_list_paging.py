"""`session list` as a table shows the newest sessions, not every one (issue 19: 56,000
sessions took 31 s and 555 MB), says how many it left out, and pages when asked for all."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ok
from tests.helpers.bench import load_generator

generate = load_generator()
ID = re.compile(r"^│ (s-[0-9a-z-]+)", re.MULTILINE)


@pytest.fixture
def history(coach_home: Path) -> list[str]:
    """A home of two reps with about 70 sessions; their ids, newest first."""
    generate.generate_home(coach_home, reps=2, weeks=40, seed=5, end=date(2026, 11, 23))
    return [s["id"] for s in ok("session", "list", "--json").json()]  # type: ignore[index]


def shown(text: str) -> list[str]:
    return ID.findall(text)


def test_the_table_shows_the_newest_50_and_says_how_many_there_are(history: list[str]) -> None:
    assert len(history) > 60
    result = ok("session", "list")
    assert shown(result.stdout) == history[:50]
    assert (
        f"showing the newest 50 of {len(history)} sessions: `--limit N` for more, "
        "`--all` for every one" in result.stderr
    )


def test_limit_and_all_choose_how_many_rows(
    history: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shown(ok("session", "list", "--limit", "5").stdout) == history[:5]
    import coachcli.commands.session as command

    monkeypatch.setattr(command, "PAGE", 7)  # --all prints page by page
    every = ok("session", "list", "--all")
    assert shown(every.stdout) == history
    assert "showing the newest" not in every.stderr


def test_json_still_lists_every_session_and_takes_a_limit(history: list[str]) -> None:
    three = ok("session", "list", "--json", "--limit", "3").json()
    assert [s["id"] for s in three] == history[:3]  # type: ignore[index]


def test_a_reps_listing_counts_only_their_sessions(history: list[str]) -> None:
    reps = ok("rep", "list", "--json").json()
    slug = reps[0]["slug"]  # type: ignore[index]
    theirs = [s["id"] for s in ok("session", "list", slug, "--json").json()]  # type: ignore[index]
    result = ok("session", "list", slug, "--limit", "4")
    assert shown(result.stdout) == theirs[:4]
    assert f"showing the newest 4 of {len(theirs)} sessions" in result.stderr
