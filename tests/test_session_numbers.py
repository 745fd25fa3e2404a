"""The session header brings the numbers in: the weakest conversion suggests the bank, and
goal pacing is shown, so the conversation starts from data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coachcli.core.banks import banks_for_transition
from coachcli.core.session.state import header
from coachcli.services.banks import load_banks
from coachcli.services.session_context import load_context
from coachcli.store.repository import Store
from tests.conftest import EXAMPLES, ok


def test_a_rep_without_focus_gets_the_bank_for_their_weakest_conversion(team: Path) -> None:
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    ok("goal", "set", "sam", "meetings", "10")
    today = date(2026, 11, 26)  # a Thursday of week 48, which has metrics
    ctx = load_context(Store(team).read(), "sam", today)
    assert ctx.reason.startswith("weakest conversion: meetings->opportunities ")
    assert " of " in ctx.reason and "team " in ctx.reason  # the counts behind the ratio
    addressing = banks_for_transition(load_banks(team), "meetings->opportunities")
    assert ctx.suggested == addressing[0].id
    lines = header(ctx)
    assert any(
        line.startswith("Weakest conversion vs the team: meetings->opportunities ")
        for line in lines
    )
    assert any(line.startswith("Pacing meetings: ") and "/week" in line for line in lines)


def test_the_reps_own_focus_still_comes_before_the_numbers(team: Path) -> None:
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    ctx = load_context(Store(team).read(), "priya", date(2026, 11, 26))
    assert (ctx.suggested, ctx.reason) == ("activity-conversion", "Priya Nair's focus")
    assert any("Weakest conversion" in line for line in header(ctx))
