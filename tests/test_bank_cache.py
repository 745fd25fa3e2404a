"""Validated banks are cached in the home: the cache gives exactly what parsing gives, follows
every change to a bank file, and is written only by commands that write the home anyway."""

from __future__ import annotations

import json
from pathlib import Path

from coachcli.core.banks import Bank, bank_to_plain
from coachcli.inputs import banks as bank_files
from coachcli.services import banks
from coachcli.services.banks import CACHE_NAME
from coachcli.services.home import BANKS_ENV, extra_bank_dirs
from tests.conftest import ok

USER_BANK = """id: cold-openers
title: {title}
questions:
  - id: first
    ask: What did you open with?
  - id: rate
    ask: How did it land?
    type: scale
    min: 1
    max: 5
    follow_ups:
      - ask: What would you change?
        when: {{at_most: 2}}
      - Anything else?
"""


def _dumped(loaded: dict[str, Bank]) -> dict[str, object]:
    return {bank_id: bank.model_dump(mode="json") for bank_id, bank in loaded.items()}


def _fresh(home: Path) -> dict[str, Bank]:
    bank_files._cache.clear()
    return dict(bank_files.read_all(extra_bank_dirs(home), BANKS_ENV).banks)


def test_banks_from_the_cache_equal_the_banks_parsed_from_the_files(coach_home: Path) -> None:
    (coach_home / "banks").mkdir(parents=True)
    (coach_home / "banks" / "cold-openers.yaml").write_text(USER_BANK.format(title="Mine"))
    written = banks.load_banks(coach_home, write_cache=True)
    assert (coach_home / CACHE_NAME).exists()
    assert (coach_home / CACHE_NAME).stat().st_mode & 0o777 == 0o600
    bank_files._cache.clear()
    from_cache = banks.load_banks(coach_home)
    assert _dumped(from_cache) == _dumped(written) == _dumped(_fresh(coach_home))
    assert [bank_to_plain(b) for b in from_cache.values()] == [
        bank_to_plain(b) for b in written.values()
    ]
    rate = from_cache["cold-openers"].questions[1]
    assert [f.applies(1) for f in rate.follow_ups] == [True, True]
    assert [f.applies(4) for f in rate.follow_ups] == [False, True]


def test_a_changed_bank_file_is_read_again_not_taken_from_the_cache(coach_home: Path) -> None:
    (coach_home / "banks").mkdir(parents=True)
    path = coach_home / "banks" / "cold-openers.yaml"
    path.write_text(USER_BANK.format(title="First"))
    banks.load_banks(coach_home, write_cache=True)
    path.write_text(USER_BANK.format(title="Second, longer"))
    assert banks.load_banks(coach_home)["cold-openers"].title == "Second, longer"


def test_a_damaged_cache_is_ignored(coach_home: Path) -> None:
    coach_home.mkdir(parents=True)
    banks.load_banks(coach_home, write_cache=True)
    cache = coach_home / CACHE_NAME
    doc = json.loads(cache.read_bytes())
    doc["banks"] = {"weekly-checkin": {"id": "weekly-checkin"}}  # not a bank any more
    cache.write_text(json.dumps(doc))
    assert "weekly-checkin" in banks.load_banks(coach_home)
    cache.write_bytes(b"\x00not json")
    assert "weekly-checkin" in banks.load_banks(coach_home)


def test_read_only_commands_write_no_cache_and_recording_a_session_does(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Dana Lee")
    ok("bank", "list")
    ok("session", "preview", "dana")
    assert not (coach_home / CACHE_NAME).exists()
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: weekly-checkin\nnotes: quick one\n")
    ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-23")
    assert (coach_home / CACHE_NAME).exists()


def test_follow_up_hints_survive_the_cache_and_pydantic_is_not_needed_to_read_it(
    coach_home: Path,
) -> None:
    (coach_home / "banks").mkdir(parents=True)
    hinted = USER_BANK.format(title="Hinted").replace(
        "        when: {at_most: 2}\n", "        when: {at_most: 2}\n        hint: Listen first.\n"
    )
    (coach_home / "banks" / "cold-openers.yaml").write_text(hinted)
    written = banks.load_banks(coach_home, write_cache=True)
    assert written["cold-openers"].questions[1].follow_ups[0].hint == "Listen first."
    bank_files._cache.clear()
    banks._memo.clear()
    from_cache = banks.load_banks(coach_home)
    rate = from_cache["cold-openers"].questions[1]
    assert type(rate).__module__ == "coachcli.core.bank_values"  # read back, not validated
    assert rate.follow_ups[0].hint == "Listen first."
    assert [f.condition() for f in rate.follow_ups] == ["if at most 2", ""]
    assert _dumped(from_cache) == _dumped(written) == _dumped(_fresh(coach_home))
