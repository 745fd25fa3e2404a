"""A call the manager is not heard in is a customer call, never a joint call with a role."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fails, ok
from tests.helpers.transcripts import MANAGER, add, make_team, write, zoom_vtt

# The rep alone with a buyer: the manager never speaks.
REP_AND_BUYER = [
    (0, 60, "Dana Lee", "What made you look at this now?"),
    (60, 120, "Jo Buyer", "Our renewal is in March."),
]


@pytest.fixture
def team(coach_home: Path) -> Path:
    return make_team(coach_home)


def test_a_call_the_manager_never_speaks_in_is_a_customer_call(team: Path, tmp_path: Path) -> None:
    call = add(write(tmp_path, "c.vtt", zoom_vtt(REP_AND_BUYER)))
    assert (call["kind"], call["manager_role"], call["manager_share"]) == ("customer", None, 0)
    stats = ok("stats", "--today", "2026-11-30", "--weeks", "4", "--json").json()
    assert stats["measured_roles"]["calls"] == 0


@pytest.mark.parametrize("kind", ["joint", "coaching"])
def test_asking_for_a_joint_or_coaching_call_the_manager_is_not_in_is_refused(
    team: Path, tmp_path: Path, kind: str
) -> None:
    path = write(tmp_path, "c.vtt", zoom_vtt(REP_AND_BUYER))
    result = fails(1, "call", "add", "dana", str(path), "--kind", kind, "--date", "2026-11-24")
    assert "do not speak" in result.stderr and "--kind customer" in result.stderr
    assert ok("call", "list", "--json").json() == []
    stats = ok("stats", "--today", "2026-11-30", "--weeks", "4", "--json").json()
    assert stats["measured_roles"]["calls"] == 0


def test_without_a_manager_name_a_customer_call_is_still_measured(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Dana Lee")
    path = write(tmp_path, "c.vtt", zoom_vtt(REP_AND_BUYER))
    assert "--kind customer" in fails(1, "call", "add", "dana", str(path)).stderr
    assert add(path, "--kind", "customer")["kind"] == "customer"


def test_a_manager_who_speaks_a_little_is_a_measured_silent_observer(
    team: Path, tmp_path: Path
) -> None:
    lines = [*REP_AND_BUYER, (120, 122, MANAGER, "Thanks both.")]
    call = add(write(tmp_path, "s.vtt", zoom_vtt(lines)))
    assert (call["kind"], call["manager_role"]) == ("joint", "silent observer")
