"""`coach org sql`: one complete script per engine, from the shipped DuckDB SQL.

The script defines `org_records` with the explicit schema of org_schema.py, loads the JSON
Lines where the engine reads files (DuckDB `read_json`, PostgreSQL `\\copy` under psql, Spark
`CREATE TEMPORARY VIEW ... USING json`; BigQuery and Snowflake: a comment naming the loader),
sets the window (`org_params`), builds the tables of tables.sql and stats.sql, and leaves
`org_figures(path, value)`: every number of `coach org stats --json` for the same window,
rounded once the same way (`ROUND(CAST(x AS DECIMAL(18,6)), 4)`), as core/numbers.py rounds.
The portable statements are transpiled by sqlglot; the few that no transpiler gets right
(table creation, the load, UNNEST of lists) are written per engine here.
"""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.services import org_schema
from coachcli.services.org_figures import leaves
from coachcli.services.org_results import LEVEL, MIN_REPS

if TYPE_CHECKING:
    from coachcli.core.stats import Window

DIALECTS = ("duckdb", "postgres", "spark", "bigquery", "snowflake")
DEFAULT_DATA = "exports/*.jsonl"
ROUNDING = "CAST(ROUND(CAST({x} AS DECIMAL(18, 6)), 4) AS DOUBLE)"
_CREATE = re.compile(r"CREATE OR REPLACE (TABLE|VIEW) (\w+) AS\s+(.*)", re.DOTALL)

# Lists of a record, one row per item: what sqlglot cannot write for every engine.
_UNNEST: dict[str, dict[str, str]] = {
    "postgres": {
        "org_session_banks": "SELECT r.manager, r.id AS session, r.rep, r.date, r.week_no, b.bank\n"
        "FROM org_records AS r CROSS JOIN LATERAL UNNEST(r.banks) AS b(bank)\n"
        "WHERE r.type = 'session'",
        "org_session_roles": "SELECT r.manager, r.id AS session, r.date, x.role\n"
        "FROM org_records AS r CROSS JOIN LATERAL UNNEST(r.roles) AS x(role)\n"
        "WHERE r.type = 'session'",
        "org_metric_counts": "SELECT r.manager, r.rep, r.week_no, c.item ->> 'stage' AS stage,\n"
        "       CAST(c.item ->> 'count' AS BIGINT) AS n\n"
        "FROM org_records AS r CROSS JOIN LATERAL jsonb_array_elements(r.counts) AS c(item)\n"
        "WHERE r.type = 'metric'",
    },
    "spark": {
        "org_session_banks": "SELECT r.manager, r.id AS session, r.rep, r.date, r.week_no, b.bank\n"
        "FROM org_records AS r LATERAL VIEW explode(r.banks) b AS bank\n"
        "WHERE r.type = 'session'",
        "org_session_roles": "SELECT r.manager, r.id AS session, r.date, x.role\n"
        "FROM org_records AS r LATERAL VIEW explode(r.roles) x AS role\n"
        "WHERE r.type = 'session'",
        "org_metric_counts": "SELECT r.manager, r.rep, r.week_no, c.stage, c.n\n"
        "FROM org_records AS r LATERAL VIEW inline(r.counts) c AS stage, n\n"
        "WHERE r.type = 'metric'",
    },
    "bigquery": {
        "org_session_banks": "SELECT r.manager, r.id AS session, r.rep, r.date, r.week_no,\n"
        "       bank_id AS bank\n"
        "FROM org_records AS r CROSS JOIN UNNEST(r.banks) AS bank_id\n"
        "WHERE r.type = 'session'",
        "org_session_roles": "SELECT r.manager, r.id AS session, r.date, role_name AS role\n"
        "FROM org_records AS r CROSS JOIN UNNEST(r.roles) AS role_name\n"
        "WHERE r.type = 'session'",
        # An unnamed UNNEST of a list of structs gives the struct's fields as columns.
        "org_metric_counts": "SELECT r.manager, r.rep, r.week_no, stage, `count` AS n\n"
        "FROM org_records AS r CROSS JOIN UNNEST(r.counts)\n"
        "WHERE r.type = 'metric'",
    },
    "snowflake": {
        "org_session_banks": "SELECT r.manager, r.id AS session, r.rep, r.date, r.week_no,\n"
        "       CAST(b.value AS VARCHAR) AS bank\n"
        "FROM org_records AS r, LATERAL FLATTEN(input => r.banks) AS b\n"
        "WHERE r.type = 'session'",
        "org_session_roles": "SELECT r.manager, r.id AS session, r.date,\n"
        "       CAST(x.value AS VARCHAR) AS role\n"
        "FROM org_records AS r, LATERAL FLATTEN(input => r.roles) AS x\n"
        "WHERE r.type = 'session'",
        "org_metric_counts": "SELECT r.manager, r.rep, r.week_no,\n"
        "       CAST(c.value:stage AS VARCHAR) AS stage, CAST(c.value:count AS BIGINT) AS n\n"
        "FROM org_records AS r, LATERAL FLATTEN(input => r.counts) AS c\n"
        "WHERE r.type = 'metric'",
    },
}


def data_glob(data: str | None, dialect: str) -> str:
    """--data as a glob of .jsonl files: a directory here means its *.jsonl, by its absolute
    path where the engine reads local files (Spark resolves a relative one from where its JVM
    started); the cloud warehouses' loaders read a bucket or a stage: the folder's name."""
    if not data:
        return DEFAULT_DATA
    folder = Path(data).expanduser()
    if not folder.is_dir():
        return data
    if dialect in ("bigquery", "snowflake"):
        return f"{folder.resolve().name}/*.jsonl"
    return str(folder.resolve() / "*.jsonl")


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def duckdb_read(files: str, *, file_key: bool = False, skip: frozenset[str] = frozenset()) -> str:
    """DuckDB's read of org export files with the explicit schema (`files`: a SQL list or
    string); `file_key`: each row's file as a 64-bit hash of its name (a name per row of
    millions is memory for nothing); `skip`: columns left unread."""
    if not file_key:
        head, extra = "SELECT *", ""
    else:
        head = "SELECT * EXCLUDE (filename), hash(filename) AS file_key"
        extra = "    filename = true,\n"
    return (
        f"{head} FROM read_json(\n    {files},\n    format = 'newline_delimited',\n{extra}"
        f"    columns = {org_schema.duckdb_columns(skip)}\n)"
    )


def _records(dialect: str, data: str) -> list[str]:
    columns = org_schema.table_columns(dialect)
    if dialect == "duckdb":
        return [
            f"CREATE OR REPLACE TABLE org_records (\n{columns}\n);",
            f"INSERT INTO org_records BY NAME\n{duckdb_read(_text(data))};",
        ]
    if dialect == "postgres":
        return _postgres_records(columns, data)
    if dialect == "spark":
        return [
            f"CREATE OR REPLACE TEMPORARY VIEW org_records (\n{columns}\n)\n"
            f"USING json OPTIONS (path {_text(data)});",
            "CACHE TABLE org_records;",
        ]
    loader = {
        "bigquery": "-- Load the files into it once it exists, with BigQuery's loader (its\n"
        "-- schema, no autodetect), e.g.:\n"
        "--   bq load --source_format=NEWLINE_DELIMITED_JSON --ignore_unknown_values \\\n"
        f"--     DATASET.org_records 'gs://BUCKET/{data}'\n"
        "-- and run this script with that dataset as the default (bq query --dataset_id).",
        "snowflake": "-- Load the files into it once it exists, with Snowflake's loader, e.g.:\n"
        "--   COPY INTO org_records FROM @STAGE/exports/ FILE_FORMAT = (TYPE = JSON)\n"
        "--     MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE\n"
        f"-- (the files: {data}).",
    }[dialect]
    return [f"CREATE TABLE IF NOT EXISTS org_records (\n{columns}\n);\n{loader}"]


def _postgres_value(name: str, kind: str) -> str:
    key = _text(name)
    if kind == "text":
        return f"line ->> {key}"
    if kind in ("int", "double", "bool"):
        return f"CAST(line ->> {key} AS {org_schema.column_type(kind, 'postgres')})"
    listed = f"jsonb_typeof(line -> {key}) = 'array'"
    if kind == "texts":
        return f"CASE WHEN {listed} THEN ARRAY(SELECT jsonb_array_elements_text(line -> {key})) END"
    return f"CASE WHEN {listed} THEN line -> {key} END"


def _postgres_records(columns: str, data: str) -> list[str]:
    """psql: each line into a jsonb staging table (CSV with quote and delimiter characters
    JSON never holds raw, so backslashes stay as they are), then typed."""
    folder, _, pattern = data.rpartition("/")
    files = f"{shlex.quote(folder)}/{pattern}" if folder else pattern
    values = ",\n".join(
        f"    {_postgres_value(n, k)} AS {org_schema.quote(n, 'postgres')}"
        for n, k in org_schema.COLUMNS
    )
    return [
        "SET client_min_messages = warning;",  # no notice per table that is not there yet
        "DROP TABLE IF EXISTS org_lines;",
        "CREATE TEMPORARY TABLE org_lines (line JSONB);",
        f"\\copy org_lines (line) FROM PROGRAM {_text('cat ' + files)} "
        "WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')",
        "DROP TABLE IF EXISTS org_records CASCADE;",
        f"CREATE TABLE org_records (\n{columns}\n);",
        f"INSERT INTO org_records\nSELECT\n{values}\nFROM org_lines WHERE line IS NOT NULL;",
    ]


def params_query(window: Window) -> str:
    """The window as the one-row `org_params` (DuckDB SQL)."""
    from coachcli.core import weeks as isoweeks
    from coachcli.export.org_jsonl import week_no

    first, last = week_no(window.week_list[0]), week_no(isoweeks.week_of(window.today))
    days = (window.today - window.start).days + 1
    return (
        f"SELECT '{window.start.isoformat()}' AS first_day, "
        f"'{window.today.isoformat()}' AS last_day,\n"
        f"       {first} AS first_week_no, {last} AS last_week_no, {days} AS days, "
        f"{window.weeks} AS weeks"
    )


def figures_query() -> str:
    """`org_figures(path, value)`: one row per number of `org stats --json` (DuckDB SQL)."""
    names = ["weeks", *(path for path, _ in leaves())]
    leaf_rows = "\n    UNION ALL ".join(f"SELECT '{p}' AS leaf" for p in names)
    arms = "\n".join(f"            WHEN '{p}' THEN CAST(n.{c} AS DOUBLE)" for p, c in leaves())
    constants = {
        "coaching_and_results.min_reps": MIN_REPS,
        "coaching_and_results.interval.level": LEVEL,
    }
    fixed = "".join(
        f"\n    UNION ALL SELECT '{p}', CAST({v} AS DOUBLE)" for p, v in constants.items()
    )
    return f"""WITH numbered AS (
    SELECT s.*,
           CASE WHEN s.is_total THEN 'total'
                ELSE 'managers.' || CAST(ROW_NUMBER() OVER (
                    PARTITION BY s.is_total ORDER BY s.manager) - 1 AS VARCHAR)
           END AS head
    FROM org_stats AS s
),
leaves AS (
    {leaf_rows}
),
figures AS (
    SELECT n.head || '.' || l.leaf AS path,
           CASE l.leaf
            WHEN 'weeks' THEN CAST(w.weeks AS DOUBLE)
{arms}
           END AS value
    FROM numbered AS n CROSS JOIN leaves AS l CROSS JOIN org_params AS w
    UNION ALL SELECT 'weeks', CAST(weeks AS DOUBLE) FROM org_params
    UNION ALL SELECT 'coaching_and_results.reps', CAST(COUNT(*) AS DOUBLE) FROM org_rep_results
    UNION ALL SELECT 'coaching_and_results.' || dose || '.n', CAST(n AS DOUBLE)
              FROM org_correlations
    UNION ALL SELECT 'coaching_and_results.' || dose || '.r', r FROM org_correlations
    UNION ALL SELECT 'coaching_and_results.' || dose || '.ci90.0', ci_low FROM org_correlations
    UNION ALL SELECT 'coaching_and_results.' || dose || '.ci90.1', ci_high
              FROM org_correlations{fixed}
)
SELECT path, {ROUNDING.format(x="value")} AS value
FROM figures WHERE value IS NOT NULL"""


def _create(dialect: str, kind: str, name: str, query: str) -> str:
    if dialect == "postgres":
        return f"DROP {kind} IF EXISTS {name} CASCADE;\nCREATE {kind} {name} AS\n{query};"
    if dialect == "spark":
        # A table is a cached temporary view made from its query: later statements read the
        # cache and never analyse the whole chain of views again.
        if kind == "TABLE":
            return f"DROP VIEW IF EXISTS {name};\nCACHE TABLE {name} AS\n{query};"
        return f"CREATE OR REPLACE TEMPORARY VIEW {name} AS\n{query};"
    return f"CREATE OR REPLACE {kind} {name} AS\n{query};"


def _translate(dialect: str, name: str, query: str) -> str:
    if dialect == "duckdb":
        return query
    if name in _UNNEST[dialect]:
        return _UNNEST[dialect][name]
    import sqlglot

    text: str = sqlglot.transpile(query, read="duckdb", write=dialect, pretty=True)[0]
    if dialect == "postgres":  # list indexes in byte order, as DuckDB and Python sort
        text = text.replace("ORDER BY s.manager", 'ORDER BY s.manager COLLATE "C"')
    return text


def _statements(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _built(dialect: str, text: str) -> list[str]:
    out = []
    for statement in _statements(text):
        match = _CREATE.fullmatch(statement)
        if match is None:  # pragma: no cover - the shipped files hold CREATE statements only
            raise ValueError(f"not a CREATE OR REPLACE statement: {statement[:60]}")
        kind, name, query = match.groups()
        out.append(_create(dialect, kind, name, _translate(dialect, name, query)))
    return out


def script(dialect: str, data: str | None, window: Window, version: str) -> str:
    """The whole script for `dialect`: tables, load, window, figures."""
    from importlib import resources

    shipped = resources.files("coachcli.sql")
    files = data_glob(data, dialect)
    head = [
        f"-- coach org analytics for {dialect} (`coach org sql`, coach {version}), window "
        f"{window.start.isoformat()} to {window.today.isoformat()} ({window.weeks} weeks).",
        "-- Leaves org_figures(path, value): every number of `coach org stats --json` for the "
        "same window.",
        '-- 1. The org export lines, typed (docs/jsonl-schema.md, "The org export").',
        *_records(dialect, files),
        "-- 2. The window.",
        _create(dialect, "TABLE", "org_params", _translate(dialect, "", params_query(window))),
        "-- 3. The figures.",
    ]
    body = _built(dialect, shipped.joinpath("tables.sql").read_text(encoding="utf-8"))
    body += _built(dialect, shipped.joinpath("stats.sql").read_text(encoding="utf-8"))
    body.append(_create(dialect, "TABLE", "org_figures", _translate(dialect, "", figures_query())))
    return "\n".join(head + body) + "\n"


def today_window(today: date, weeks: int) -> Window:
    from coachcli.core.stats import window_for

    return window_for(today, weeks)
