"""`rep export-data` decodes only the rep's records (issue 19: a 300-rep home took 600 MB),
and writes exactly what the whole store holds about the rep."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import ok
from tests.helpers.bench import load_generator

generate = load_generator()


def test_export_data_holds_every_record_of_the_rep_and_no_other(
    coach_home: Path, tmp_path: Path
) -> None:
    generate.generate_home(coach_home, reps=3, weeks=10, seed=2, end=date(2026, 11, 23))
    slug = ok("rep", "list", "--json").json()[1]["slug"]  # type: ignore[index]
    out = tmp_path / "rep.json"
    ok("rep", "export-data", slug, "-o", str(out))
    exported = json.loads(out.read_text())
    whole = json.loads((coach_home / "coach.json").read_text())
    for name, table in whole.items():
        if name in ("reps", "meta") or not isinstance(table, dict):
            continue
        theirs = [d for d in table.values() if isinstance(d, dict) and d.get("rep") == slug]
        if name == "sessions":
            assert [d["id"] for d in exported[name]] == [d["id"] for d in theirs]
            assert all("answers" in d for d in exported[name])  # the bodies are read too
        else:
            assert exported[name] == theirs, name
    assert exported["commitments"] and exported["plans"] and exported["metrics"]
