"""docs/jsonl-schema.md lists every key of every org record: a test fails when the export (or
the benchmark's generator) writes a key the schema does not list, and the SQL loaders' explicit
schema (org_schema.py) holds exactly the documented keys."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from coachcli.services.org_schema import NAMES
from tests.conftest import ok
from tests.test_org import typed_store
from tests.test_warehouse_engines import ROOT, _org_generate


def documented() -> dict[str, set[str]]:
    """record type -> keys, from the table of "The org export"."""
    text = (ROOT / "docs" / "jsonl-schema.md").read_text()
    section = text[text.index("## The org export") :]
    keys: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[1].startswith("`"):
            continue
        record = cells[0].strip("`")
        keys.setdefault(record, set()).update(re.findall(r"`([a-z_]+)`", cells[1]))
    return keys


def _check(records: list[dict[str, object]], doc: dict[str, set[str]]) -> set[str]:
    kinds = set()
    for record in records:
        kind = str(record["type"])
        kinds.add(kind)
        allowed = doc["every record"] | doc.get(kind, set())
        assert set(record) <= allowed, (kind, sorted(set(record) - allowed))
    return kinds


def test_every_key_the_org_export_writes_is_in_the_documented_schema(tmp_path: Path) -> None:
    doc = documented()
    home = tmp_path / "ana"
    typed_store(home)
    for extra in ((), ("--pseudonymize",)):
        text = ok("--home", str(home), "export", "--audience", "org", *extra).stdout
        kinds = _check([json.loads(line) for line in text.splitlines()], doc)
        assert kinds == set(doc) - {"every record"}  # every record type was exercised


def test_the_generator_writes_every_key_a_real_export_carries(tmp_path: Path) -> None:
    doc = documented()
    home = tmp_path / "ana"
    typed_store(home)
    real = [
        json.loads(t)
        for t in ok("--home", str(home), "export", "--audience", "org").stdout.splitlines()
    ]
    _org_generate().manager_file(tmp_path, 1, 4, 12, date(2026, 11, 23))
    made = [json.loads(t) for t in next(tmp_path.glob("*.jsonl")).read_text().splitlines()]
    _check(made, doc)
    for kind in {str(r["type"]) for r in real}:
        real_keys = set().union(*(set(r) for r in real if r["type"] == kind))
        made_keys = set().union(*(set(r) for r in made if r["type"] == kind))
        assert made_keys == real_keys, (kind, sorted(real_keys ^ made_keys))


def test_the_loaders_explicit_schema_is_the_documented_one() -> None:
    doc = documented()
    assert set().union(*doc.values()) == NAMES
