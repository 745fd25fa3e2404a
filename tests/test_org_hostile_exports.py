"""Private text never leaves, and what comes back in is range-checked: an org record carries
only values of a closed vocabulary (a typed answer to a `manager-role` text question is not a
role), and `org stats`/`org load` skip out-of-range or repeated records with a warning naming
file:line, so the figures and the JSON stay sound."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from coachcli.store.repository import Store
from tests.conftest import ok
from tests.test_org import SECRET, _secret, typed_store
from tests.test_warehouse_engines import _org_generate

WINDOW = ("--today", "2026-11-20", "--weeks", "30")


def test_a_typed_answer_to_a_manager_role_text_question_never_leaves_as_a_role(
    tmp_path: Path,
) -> None:
    home = tmp_path / "ana"
    typed_store(home)
    with Store(home).write() as repo:
        session = repo.sessions.get("s-000001")
        assert session is not None
        # what a user bank's `text` question with id `manager-role` leaves in the store
        session.roles = ["lead", _secret("typed-role"), "silent observer"]
        repo.sessions.put(session)
        rep = repo.reps.get("dana-lee")
        assert rep is not None
        repo.reps.put(rep, rep.to_doc() | {"tier": _secret("tier")})
        call = repo.calls.get("k-000001")
        assert call is not None
        call.manager_role = _secret("call-role")
        call.kind = _secret("kind")
        repo.calls.put(call)
    for extra in ((), ("--pseudonymize",)):
        text = ok("--home", str(home), "export", "--audience", "org", *extra).stdout
        assert SECRET not in text
        records = [json.loads(line) for line in text.splitlines()]
        session_record = next(r for r in records if r["type"] == "session")
        assert session_record["roles"] == ["lead", "silent observer"]
        call_record = next(r for r in records if r["type"] == "call")
        assert call_record["manager_role"] is None and call_record["kind"] is None


def _clean_export(tmp_path: Path) -> Path:
    folder = tmp_path / "clean"
    folder.mkdir()
    _org_generate().manager_file(folder, 3, 4, 30, date(2026, 11, 23))
    return next(folder.glob("*.jsonl"))


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_org_stats_skips_repeated_and_out_of_range_records_naming_file_and_line(
    tmp_path: Path,
) -> None:
    clean = _clean_export(tmp_path)
    lines = clean.read_text().splitlines()
    at = {json.loads(t)["type"]: i for i, t in reversed(list(enumerate(lines)))}
    first_session = json.loads(lines[at["session"]])
    hostile = tmp_path / "hostile" / clean.name
    hostile.parent.mkdir()

    def session(**values: Any) -> str:
        return json.dumps(
            first_session | {"id": f"s-bad{len(values)}{next(iter(values))}"} | values
        )

    added = [
        lines[at["session"]],  # the same session twice: held would count it twice
        session(useful=-1e9),
        session(minutes=2**62),
        session(useful=float("nan")),
        session(asked=-5),
        session(date="someday"),
        session(week_no=first_session["week_no"] + 3),
    ]
    hostile.write_text("\n".join([*lines, *added]) + "\n")
    first_added = len(lines) + 1
    result = ok("org", "stats", str(hostile), *WINDOW, "--json")
    figures = _strict(result.stdout)
    assert figures == _strict(ok("org", "stats", str(clean), *WINDOW, "--json").stdout)
    warned = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warned) == len(added), result.stderr
    for offset, line in enumerate(warned):
        assert f"{hostile}:{first_added + offset}:" in line, line
        assert line.endswith("skipped")
    assert "repeats" in warned[0] and "useful" in warned[1] and "minutes" in warned[2]
    assert "useful" in warned[3] and "count" in warned[4] and "date" in warned[5]
    assert "week_no is not the week of the date" in warned[6]

    db = tmp_path / "org.duckdb"
    loaded = ok("org", "load", str(hostile), "--db", str(db))
    assert loaded.stderr.count("skipped") == len(added)
    from_db = ok("org", "stats", "--db", str(db), *WINDOW, "--json")
    assert _strict(from_db.stdout) == figures and "warning" not in from_db.stderr


def test_out_of_range_call_figures_are_skipped_and_the_json_stays_valid(tmp_path: Path) -> None:
    clean = _clean_export(tmp_path)
    lines = clean.read_text().splitlines()
    call = next(json.loads(t) for t in lines if json.loads(t)["type"] == "call")
    bad = [
        json.dumps(call | {"id": "k-nan", "manager_share": float("nan")}),
        json.dumps(call | {"id": "k-big", "manager_share": 7.5}),
        json.dumps(call | {"id": "k-inf", "call_minutes": float("inf")}),
    ]
    hostile = tmp_path / "calls.jsonl"
    hostile.write_text("\n".join([*lines, *bad]) + "\n")
    result = ok("org", "stats", str(hostile), *WINDOW, "--json")
    assert _strict(result.stdout) == _strict(
        ok("org", "stats", str(clean), *WINDOW, "--json").stdout
    )
    assert result.stderr.count("skipped") == 3 and "share" in result.stderr
