"""The store is read table by table.

coach.json is one JSON document laid out one table per line; a command parses only the tables
it uses, and a write copies the bytes of the tables it never looked at."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import fails, ok


def lines(home: Path) -> dict[str, bytes]:
    raw = (home / "coach.json").read_bytes()
    json.loads(raw)  # still one JSON document
    body = raw[1:-2].split(b"\n")
    return {line.split(b'":', 1)[0][1:].decode(): line for line in body}


def test_the_store_is_one_table_per_line_and_untouched_tables_keep_their_bytes(
    team: Path,
) -> None:
    ok("commit", "add", "dana", "Book 3 discovery calls", "--due", "2026-12-04")
    before = lines(team)
    assert {"meta", "reps", "commitments"} <= before.keys()
    ok("rep", "add", "Zoe Newcomer")
    after = lines(team)
    assert after["commitments"] == before["commitments"]
    assert after["reps"] != before["reps"] and b"zoe-newcomer" in after["reps"]


def test_a_command_parses_only_the_tables_it_uses(team: Path) -> None:
    ok("commit", "add", "dana", "Book 3 discovery calls", "--due", "2026-12-04")
    path = team / "coach.json"
    raw = path.read_bytes()
    start = raw.index(b'\n"commitments":') + 1
    end = raw.index(b"\n", start)
    path.write_bytes(raw[:start] + b'"commitments":{"broken' + b"}" * 1 + raw[end - 1 :])
    assert "Dana Lee" in ok("rep", "list").stdout  # the damaged table is never read
    result = fails(3, "commit", "list")
    assert "coach.json" in result.stderr and "damaged" in result.stderr
