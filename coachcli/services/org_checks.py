"""What `org load` and `org stats` accept from an org export: every figure in its range.

A record with a value out of range (minutes past a day, a rating outside 1-5, NaN, a share
past 1, a count below 0, a date that is not a date) or repeating a record already read (the
same session id twice) is skipped with a warning naming its file and line; the figures never
see it. The check runs in DuckDB over the typed rows (one pass); only files holding a skipped
record are read again, to name the line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

DAY = 1440
MANY = 100_000  # more questions, tells or observations than any session holds
ISO_DATE = r"'^[12][0-9]{3}-[01][0-9]-[0-3][0-9]'"
SHOWN = 20  # warnings past this many are summed up in one line

# (what is wrong, when) over the typed columns of org_schema.py
RULES: tuple[tuple[str, str], ...] = (
    ("minutes out of 0-1440", f"minutes < 0 OR minutes > {DAY}"),
    ("call minutes out of 0-1440", f"NOT (call_minutes BETWEEN 0 AND {DAY})"),
    (
        "a count below 0 or past 100000",
        " OR ".join(
            f"{c} < 0 OR {c} > {MANY}"
            for c in ("asked", "told", "observed", "reviewed", "commitments_made")
        ),
    ),
    ("rating `useful` out of 1-5", "NOT (useful BETWEEN 1 AND 5)"),
    (
        "a talk share out of 0-1",
        " OR ".join(
            f"NOT ({c} BETWEEN 0 AND 1)" for c in ("manager_share", "rep_share", "other_share")
        ),
    ),
    (
        "questions per statement out of 0-100000",
        f"NOT (manager_questions_per_statement BETWEEN 0 AND {MANY})",
    ),
    ("week_no out of 0-60000", "week_no < 0 OR week_no > 60000"),
    # The figures find a session's week by week_no and its window by date: they must agree.
    (
        "week_no is not the week of the date",
        "type = 'session' AND week_no <> (TRY_CAST(date AS DATE) - DATE '1970-01-05') // 7",
    ),
    (
        "a date that is not YYYY-MM-DD",
        " OR ".join(f"NOT regexp_matches({c}, {ISO_DATE})" for c in ("date", "due", "created")),
    ),
    (
        "a funnel count below 0 or past 10000000",
        "list_min([c.count FOR c IN counts]) < 0 OR list_max([c.count FOR c IN counts]) > 10000000",
    ),
)
# Records of a kind that may appear once per key in one export.
KEYS = {
    "session": "id",
    "commitment": "id",
    "call": "id",
    "rep": "rep",
    "plan": "week || ':' || rep",
    "metric": "week || ':' || rep",
    "bank": "bank || ':' || transition",
}
_DUPLICATE = "repeats a record read before"


# The two columns that identify a record of each kind (the second NULL when one is enough).
_KEY_COLUMNS = {
    "session": ("id", "NULL"),
    "commitment": ("id", "NULL"),
    "call": ("id", "NULL"),
    "rep": ("rep", "NULL"),
    "plan": ("rep", "week"),
    "metric": ("rep", "week"),
    "bank": ("bank", "transition"),
}
_ID = "CASE type " + " ".join(f"WHEN '{k}' THEN {c[0]}" for k, c in _KEY_COLUMNS.items()) + " END"
_ID2 = "CASE type " + " ".join(f"WHEN '{k}' THEN {c[1]}" for k, c in _KEY_COLUMNS.items()) + " END"


# Worked out while the lines are read (org.py), when each row is at hand anyway: whether the
# record breaks a rule, and a 64-bit hash of (file, kind, key) to find repeats with.
CHECK_COLUMNS = ("org_broken", "org_key")


def check_columns() -> str:
    """The select list adding CHECK_COLUMNS to a row of the org schema plus `file_key`."""
    broken = " OR ".join(f"COALESCE({when}, FALSE)" for _, when in RULES)
    key_hash = f"CASE WHEN {_ID} IS NOT NULL THEN hash(file_key, type, {_ID}, {_ID2}) END"
    return f"{broken} AS org_broken, {key_hash} AS org_key"


def _bad_rows(con: DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    """(rowid, file key, kind, key, what is wrong) of every record to skip.

    The reason and key are worked out for the broken rows only; the hashes say whether any
    key repeats (one distinct count), and only the rows of a repeated hash are compared
    exactly: grouping millions of rows by four strings cost more than the rest of the check."""
    reasons = ", ".join(
        f"CASE WHEN COALESCE({when}, FALSE) THEN '{what}' END" for what, when in RULES
    )
    key = "CASE type " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in KEYS.items()) + " END"
    wrong = con.execute(
        f"SELECT rowid, file_key, type, {key}, coalesce({reasons}) AS wrong "
        f"FROM {table} WHERE org_broken"
    ).fetchall()
    repeats = con.execute(f"SELECT COUNT(org_key) - COUNT(DISTINCT org_key) FROM {table}")
    if not repeats.fetchall()[0][0]:
        return wrong
    skipped = {row[0] for row in wrong}
    rows = con.execute(
        f"""SELECT row_id, file_key, type, record_key FROM (
            SELECT rowid AS row_id, file_key, type, {key} AS record_key,
                   ROW_NUMBER() OVER (
                       PARTITION BY file_key, type, {_ID}, {_ID2} ORDER BY rowid
                   ) AS n
            FROM {table}
            WHERE org_key IN (SELECT org_key FROM {table} GROUP BY org_key HAVING COUNT(*) > 1)
        ) WHERE n > 1"""
    ).fetchall()
    return wrong + [(*row, _DUPLICATE) for row in rows if row[0] not in skipped]


def screen(con: DuckDBPyConnection, table: str, names: dict[int, str]) -> list[str]:
    """Drop the records out of range from `table`; one located warning per record, in file
    order (`names`: the file of each `file_key`)."""
    bad = sorted(_bad_rows(con, table), key=lambda row: (names[row[1]], row[0]))
    if not bad:
        return []
    con.execute(f"DELETE FROM {table} WHERE rowid IN ({', '.join(str(r[0]) for r in bad)})")
    warnings: list[str] = []
    by_file: dict[str, list[tuple[Any, ...]]] = {}
    for row in bad:
        by_file.setdefault(names[row[1]], []).append(row)
    for name, rows in by_file.items():
        lines = _lines(Path(name), {(r[2], r[3]) for r in rows})
        for _, _, kind, key, wrong in rows:
            where = lines.get((kind, key), [])
            line = where.pop(0) if wrong != _DUPLICATE and where else _later(where)
            warnings.append(
                f"{name}:{line}: {kind} {key or ''}: {wrong}; skipped".replace(" :", ":")
            )
    if len(warnings) > SHOWN:
        warnings = [*warnings[:SHOWN], f"... and {len(warnings) - SHOWN} more records skipped"]
    return warnings


def _later(where: list[int]) -> str:
    """A repeated record: its second line (the first one was kept)."""
    return str(where.pop(1)) if len(where) > 1 else "?"


def _lines(
    path: Path, wanted: set[tuple[str, str | None]]
) -> dict[tuple[str, str | None], list[int]]:
    """Line numbers of the records of `wanted` (kind, key) in one file."""
    found: dict[tuple[str, str | None], list[int]] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, 1):
            try:
                record = json.loads(text)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            kind = str(record.get("type"))
            key = _key(kind, record)
            if (kind, key) in wanted:
                found.setdefault((kind, key), []).append(number)
    return found


def _key(kind: str, r: dict[str, Any]) -> str | None:
    if kind in ("session", "commitment", "call"):
        return _text(r.get("id"))
    if kind == "rep":
        return _text(r.get("rep"))
    if kind in ("plan", "metric"):
        return f"{r.get('week')}:{r.get('rep')}"
    if kind == "bank":
        return f"{r.get('bank')}:{r.get('transition')}"
    return None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)
