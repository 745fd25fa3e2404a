"""The organisation's view on DuckDB: org exports in, `stats` figures per manager out.

The figures are computed by the SQL shipped in `coachcli/sql/` (tables.sql, stats.sql) over
the files read with the explicit schema of org_schema.py; this module finds the files, runs
the SQL, checks what came in, and shapes the rows like `coach stats --json` (org_figures.py).
duckdb and sqlglot are imported inside the functions that need them.
"""

from __future__ import annotations

import glob
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.progress import track
from coachcli.errors import CoachError, Problem, ProblemList
from coachcli.services.org_checks import CHECK_COLUMNS, check_columns, screen
from coachcli.services.org_figures import figures
from coachcli.services.org_results import coaching_and_results
from coachcli.services.org_sql import DIALECTS, duckdb_read, params_query

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

    from coachcli.core.stats import Window

TABLES = (
    "org_records",
    "org_reps",
    "org_sessions",
    "org_session_banks",
    "org_session_roles",
    "org_commitments",
    "org_plans",
    "org_metric_counts",
    "org_focus",
    "org_calls",
)
SCHEMA_VERSION = 1
# Columns the read adds for its checks (org_checks.py), never stored in a database.
READ_ONLY = ("file_key", *CHECK_COLUMNS)
# What `org stats` straight from files leaves unread, as no figure or check uses it: a score
# record's payload (a list of structs per record is the dearest thing to parse), the export
# header's details and a plan's end and focus. Every column read costs a lookup per line.
UNUSED_BY_STATS = frozenset({"scorecard", "ratings", "exported", "pseudonymized", "end", "focus"})
MEMORY_LIMIT = "1200MB"


def sql_file(name: str) -> str:
    return resources.files("coachcli.sql").joinpath(name).read_text(encoding="utf-8")


def statements(text: str) -> list[str]:
    """The statements of one shipped file (they never hold a `;` inside a string)."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def export_files(paths: list[str]) -> list[Path]:
    """Files, directories (their *.jsonl) and globs; every one must name something."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            matches = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        elif path.is_file():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(str(path)) if Path(p).is_file())
        if not matches:
            raise CoachError(
                f"no org export at {given}",
                hint="give .jsonl files from `coach export --audience org`, a directory of "
                "them, or a glob",
            )
        found.extend(m for m in matches if m not in found)
    return found


def _connect(database: str = ":memory:", read_only: bool = False) -> DuckDBPyConnection:
    import tempfile

    import duckdb

    config: dict[str, str | bool | int | float | list[str]] = {
        "threads": 2,
        # Bounded memory whatever the input: DuckDB spills to a private temp directory past it.
        "memory_limit": MEMORY_LIMIT,
        "preserve_insertion_order": False,
        "temp_directory": str(Path(tempfile.gettempdir()) / f"coach-duckdb-{os.getpid()}"),
    }
    try:
        return duckdb.connect(database, read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise CoachError(f"cannot open {database}: {exc}") from None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_records(
    con: DuckDBPyConnection,
    files: list[Path],
    table: str,
    skip: frozenset[str] = frozenset(),
    temporary: bool = False,
) -> list[str]:
    """The export lines into `table`, checked: each file one manager, org schema v1; records
    out of range skipped (org_checks.py), with the located warnings returned. `temporary`:
    a table of this connection only, never written to the database file."""
    import duckdb

    listing = "[" + ", ".join(_literal(str(f)) for f in files) + "]"
    try:
        con.execute(
            f"CREATE OR REPLACE {'TEMPORARY ' if temporary else ''}TABLE {table} AS "
            f"SELECT *, {check_columns()} FROM ({duckdb_read(listing, file_key=True, skip=skip)})"
        )
    except duckdb.Error as exc:
        raise CoachError(f"cannot read the org exports: {str(exc).splitlines()[0]}") from None
    names: dict[int, str] = dict(
        con.execute(
            "SELECT hash(f), f FROM unnest(?) AS t(f)", [[str(f) for f in files]]
        ).fetchall()
    )
    problems: list[Problem] = []
    rows = con.execute(
        f"SELECT file_key, COUNT(DISTINCT manager), MIN(manager), "
        f"COUNT(*) FILTER (WHERE type = 'export' AND schema = 'coach-org'), "
        f"MAX(schema_version), COUNT(*) FILTER (WHERE manager IS NULL OR type IS NULL) "
        f"FROM {table} GROUP BY file_key"
    ).fetchall()
    owners: dict[str, str] = {}
    for key, managers, manager, headers, version, loose in sorted(rows, key=lambda r: names[r[0]]):
        name = names[key]
        if headers != 1:
            problems.append(Problem(name, "not an org export: use `coach export --audience org`"))
        elif version != SCHEMA_VERSION:
            problems.append(Problem(name, f"org schema version {version}: this coach reads 1"))
        elif managers != 1 or loose:
            problems.append(Problem(name, "every record must name the same manager"))
        elif manager in owners:
            problems.append(
                Problem(name, f"manager {manager!r} is also in {owners[manager]}: give one")
            )
        else:
            owners[manager] = name
    seen = {names[row[0]] for row in rows}
    problems += [Problem(str(f), "empty: not an org export") for f in files if str(f) not in seen]
    if problems:
        raise ProblemList(problems, hint="nothing was loaded")
    return screen(con, table, names)


def _build_tables(con: DuckDBPyConnection, *, materialize: bool = True) -> None:
    """tables.sql: tables in a database kept for many queries; views for a one-off query over
    files (copying what is read once only costs time)."""
    text = sql_file("tables.sql")
    if not materialize:
        text = text.replace("CREATE OR REPLACE TABLE", "CREATE OR REPLACE VIEW")
    queries = statements(text)
    for statement in track(queries, "building the org tables", total=len(queries), unit="queries"):
        con.execute(statement)


def load(paths: list[str], database: str) -> dict[str, Any]:
    """Load exports into a DuckDB file: a manager loaded again replaces that manager's rows."""
    files = export_files(paths)
    con = _connect(database)
    try:
        exists = con.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'org_records'"
        ).fetchone()
        con.execute("BEGIN TRANSACTION")  # a refused export leaves the database as it was
        if exists and exists[0]:
            # Checked in memory first: only what passes is written, and it replaces the rows
            # of the managers it holds.
            warnings = _read_records(con, files, "org_incoming", temporary=True)
            counted = _count(con, "org_incoming")
            con.execute(
                "DELETE FROM org_records WHERE manager IN "
                "(SELECT DISTINCT manager FROM org_incoming)"
            )
            _add_new_columns(con)
            con.execute(
                f"INSERT INTO org_records BY NAME SELECT * EXCLUDE ({', '.join(READ_ONLY)}) "
                "FROM org_incoming"
            )
        else:
            # A first load reads straight into the database file: one compressed write, where
            # a copy through memory spilled to disk and was written twice.
            warnings = _read_records(con, files, "org_records")
            for column in READ_ONLY:
                con.execute(f"ALTER TABLE org_records DROP COLUMN {column}")
            counted = _count(con, "org_records")
        _build_tables(con)
        con.execute("COMMIT")
    finally:
        con.close()
    managers, records = counted
    return {"managers": managers, "records": records, "warnings": warnings}


def _count(con: DuckDBPyConnection, table: str) -> tuple[int, int]:
    """(managers, records) in `table`."""
    row = con.execute(f"SELECT COUNT(DISTINCT manager), COUNT(*) FROM {table}").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _add_new_columns(con: DuckDBPyConnection) -> None:
    """A database loaded by an older coach gains the columns this one reads."""
    have = {row[0] for row in con.execute("DESCRIBE org_records").fetchall()}
    for name, kind, *_ in con.execute("DESCRIBE org_incoming").fetchall():
        if name not in have and name not in READ_ONLY:
            con.execute(f'ALTER TABLE org_records ADD COLUMN "{name}" {kind}')


def _params(con: DuckDBPyConnection, window: Window) -> None:
    con.execute(f"CREATE OR REPLACE VIEW org_params AS {params_query(window)}")


def _open(paths: list[str], database: str | None) -> tuple[DuckDBPyConnection, list[str]]:
    if database:
        if paths:
            raise CoachError("give either export PATHs or --db, not both")
        if not Path(database).expanduser().is_file():
            raise CoachError(f"no database at {database}", hint="make one with `coach org load`")
        con = _connect()
        con.execute(f"ATTACH {_literal(str(Path(database).expanduser()))} AS src (READ_ONLY)")
        for table in TABLES:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM src.{table}")
        return con, []
    if not paths:
        raise CoachError("give org exports (files, directories or globs) or --db FILE.duckdb")
    con = _connect()
    warnings = _read_records(con, export_files(paths), "org_records", UNUSED_BY_STATS)
    _build_tables(con, materialize=False)
    return con, warnings


def stats(
    paths: list[str], database: str | None, window: Window
) -> tuple[dict[str, Any], list[str]]:
    """`org stats --json`: per manager and in total, shaped like `coach stats --json`; and
    the warnings about records skipped."""
    import duckdb

    con, warnings = _open(paths, database)
    try:
        _params(con, window)
        queries = statements(sql_file("stats.sql"))
        for statement in track(
            queries, "computing the org figures", total=len(queries), unit="queries"
        ):
            con.execute(statement)
        rows = _dicts(con, "SELECT * FROM org_stats ORDER BY is_total, manager")
        results = con.execute(
            "SELECT minutes_per_month, consistency, change FROM org_rep_results "
            "ORDER BY manager, rep"
        ).fetchall()
    except duckdb.OutOfRangeException as exc:  # a week_no near 2^63: the arithmetic overflows
        raise CoachError(
            "cannot compute the org figures: an export holds a number out of range "
            f"({str(exc).splitlines()[0].removeprefix('Out of Range Error: ')})",
            hint="the export was edited or damaged: export it again with "
            "`coach export --audience org` (and `coach org load` it again if you use --db)",
        ) from None
    except duckdb.Error as exc:
        raise CoachError(
            f"cannot compute the org figures: {str(exc).splitlines()[0]}",
            hint="if --db was loaded by an older coach, run `coach org load` again",
        ) from None
    finally:
        con.close()
    head = {"from": window.start.isoformat(), "to": window.today.isoformat()}
    head["weeks"] = window.weeks  # type: ignore[assignment]
    managers = [{"manager": r["manager"], **head, **figures(r)} for r in rows if not r["is_total"]]
    total = next(r for r in rows if r["is_total"])
    return {
        **head,
        "managers": managers,
        "total": {"manager": "total", **head, **figures(total)},
        "coaching_and_results": coaching_and_results(results),
    }, warnings


def _dicts(con: DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    cursor = con.execute(query)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def sql_text(dialect: str, data: str | None, window: Window) -> str:
    """The complete script of `coach org sql` for `dialect` (see org_sql.py)."""
    from coachcli import __version__
    from coachcli.services import org_sql

    if dialect not in DIALECTS:
        raise CoachError(f"invalid --dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    return org_sql.script(dialect, data, window, __version__)
