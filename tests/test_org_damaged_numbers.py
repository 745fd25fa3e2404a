"""`org stats` on an org export whose week numbers were edited past what can be computed
says what is wrong at the record's line, instead of blaming an older coach (issue 19). The
export is generated, then damaged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ok
from tests.helpers.bench import load_generator

generate = load_generator()


@pytest.mark.parametrize("week_no", [2**63 - 1, -(2**63)])
def test_a_week_number_past_int64_arithmetic_is_named_as_a_damaged_export(
    tmp_path: Path, week_no: int
) -> None:
    home = tmp_path / "home"
    generate.generate_home(home, reps=2, weeks=6, seed=1, end=date(2026, 11, 23))
    records = [
        json.loads(line)
        for line in ok("--home", str(home), "export", "--audience", "org").stdout.splitlines()
    ]
    for record in records:
        if record.get("type") == "session":
            record["week_no"] = week_no
    path = tmp_path / "org.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = ok("org", "stats", str(path), "--today", "2026-11-23", "--weeks", "12")
    assert f"{path}:" in result.stderr and "week_no out of" in result.stderr
    assert "older coach" not in result.stderr
