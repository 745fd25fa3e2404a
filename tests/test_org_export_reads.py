"""The org export reads only the fields it writes, a batch of records at a time, and encodes
each line once: its text is what decoding every record whole and `json.dumps` would give."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coachcli.export import org_jsonl
from coachcli.export.jsonl import dump_line, line_maker
from coachcli.store import lazy
from tests.conftest import ok
from tests.test_org import typed_store

_UNSAFE = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
KINDS = tuple(org_jsonl._BUILDERS)


def _dumps(record: dict[str, Any]) -> str:
    """What a line was before: json.dumps, then the unsafe characters as \\u escapes."""
    text = json.dumps(record, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _expected(home: Path, manager: str) -> list[str]:
    """The record lines from every record decoded whole (no salt: real slugs)."""
    tables = json.loads((home / "coach.json").read_text())
    alias = org_jsonl.Pseudonyms(None)
    lines = []
    for kind, build in org_jsonl._BUILDERS.items():
        docs = tables.get(f"{kind}s") or {}
        for key in sorted(docs):
            doc = docs[key] if isinstance(docs[key], dict) else {}
            lines.append(_dumps({"type": kind, "manager": manager, **build(doc, alias)}))
    return lines


def _records_of(text: str) -> list[str]:
    return [line + "\n" for line in text.splitlines() if json.loads(line)["type"] in KINDS]


def _rewrite_table(home: Path, name: str, table: dict[str, Any]) -> None:
    """Replace one table of coach.json by hand, keeping the one-table-per-line layout."""
    tables = json.loads((home / "coach.json").read_text())
    tables[name] = table
    body = ",\n".join(
        f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'), ensure_ascii=False)}"
        for k, v in tables.items()
    )
    (home / "coach.json").write_text("{" + body + "\n}")


def _more_records(home: Path) -> None:
    """Records in no key order, odd values a hand edit could leave, a record that is not an
    object, and text that must be escaped."""
    tables = json.loads((home / "coach.json").read_text())
    sessions = tables["sessions"]
    base = next(iter(sessions.values()))
    for n in (9, 3, 7, 5):
        sessions[f"s-00000{n}"] = base | {
            "id": f"s-00000{n}",
            "minutes": 30.5 + n,
            "useful": n if n != 5 else "very",
            "rep": n if n == 3 else "dana-lee",
            "plan": "2026-W46" if n == 7 else f"2026-W4{n}:dana-lee",
            "roles": ["lead", 7, "typed", "silent observer"],
        }
    del sessions["s-000005"]["date"]
    _rewrite_table(home, "sessions", sessions)
    reps = tables["reps"]
    reps["zoe-\u2028"] = {"slug": "zoe-\u2028", "name": "Zo\u00eb \u202e\u0085", "active": None}
    _rewrite_table(home, "reps", reps)
    commitments = tables["commitments"]
    commitments["c-00000a"] = [1, 2]
    commitments["c-00000b"] = {"id": "c-00000b", "rep": "dana-lee", "due": 1e16}
    _rewrite_table(home, "commitments", commitments)


@pytest.mark.parametrize("batch", [1, 2, 1024])
def test_the_org_export_is_what_whole_records_and_json_dumps_give_at_any_batch_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    home = tmp_path / "ana"
    typed_store(home, manager="Ana \u00d6rg \u202e Lee")
    _more_records(home)
    monkeypatch.setattr(lazy, "BATCH", batch)
    text = ok("--home", str(home), "export", "--audience", "org").stdout
    assert _records_of(text) == _expected(home, "Ana \u00d6rg \u202e Lee")
    target = tmp_path / "org.jsonl"
    ok("--home", str(home), "export", "--audience", "org", "-o", str(target))
    assert target.read_text() == text


def test_a_store_in_the_older_layout_exports_the_same_lines(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    _more_records(home)
    lazy_text = ok("--home", str(home), "export", "--audience", "org").stdout
    whole = json.loads((home / "coach.json").read_text())
    (home / "coach.json").write_text(json.dumps(whole, indent=2))  # parsed whole
    assert ok("--home", str(home), "export", "--audience", "org").stdout == lazy_text


class _Watched(dict[str, Any]):
    """A record that remembers which of its fields were read."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


def test_every_field_an_org_record_is_made_from_is_one_the_store_is_asked_to_decode() -> None:
    every = {
        name: "2026-W46:x" if name in ("plan", "week") else 1
        for name in ("slug", "name", "plan", "week", "date", "counts", "ratings", "text")
    }
    every |= {"counts": {"calls": 3}, "ratings": {"listening": 4}, "commitments": ["c-1"]}
    for kind, build in org_jsonl._BUILDERS.items():
        for salt in (None, b"s" * 32):
            doc = _Watched(every)
            build(doc, org_jsonl.Pseudonyms(salt))
            assert doc.read <= set(org_jsonl.FIELDS[f"{kind}s"]), kind


ODD: list[Any] = [
    float("nan"),
    float("-inf"),
    1e16,
    -0.0,
    1.5e-7,
    10**30,
    True,
    None,
    'Zo\u00eb \u2028 \u202e \u0085 \x00 \t " \\ \ud800',
    ("a", 1),
    {"nested": ["\u2066", {"deep": 2.25}], "": []},
]


def test_a_json_line_is_the_text_json_dumps_gives_with_unsafe_characters_escaped() -> None:
    for value in ODD:
        record = {"value": value, "\u2029key": value}
        assert dump_line(record) == _dumps(record)
        fixed = {"type": "session", "manager": "Ana \u00d6rg \u2029"}
        assert line_maker(fixed)(record) == _dumps(fixed | record)
    fixed = {"type": "rep"}
    assert line_maker(fixed)({}) == _dumps(fixed)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dump_line({"value": {1, 2}})
