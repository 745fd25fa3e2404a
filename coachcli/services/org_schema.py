"""Every column an org export line can hold, typed once, written out per SQL engine.

One row per JSON key of any org record (docs/jsonl-schema.md, "The org export"): the loaders
read the files with this schema and never infer one, so a column no file holds is still there
(NULL) and a rating is a number in every engine. `counts` (funnel counts of a metric record)
and `ratings` (skill ratings of a score record) are lists of {stage, count} / {skill, rating}.
"""

from __future__ import annotations

COLUMNS: tuple[tuple[str, str], ...] = (
    ("type", "text"),
    ("manager", "text"),
    ("schema", "text"),
    ("schema_version", "int"),
    ("exported", "text"),
    ("pseudonymized", "bool"),
    ("id", "text"),
    ("rep", "text"),
    ("name", "text"),
    ("tier", "text"),
    ("active", "bool"),
    ("date", "text"),
    ("week", "text"),
    ("week_no", "int"),
    ("minutes", "int"),
    ("banks", "texts"),
    ("asked", "int"),
    ("told", "int"),
    ("observed", "int"),
    ("reviewed", "int"),
    ("commitments_made", "int"),
    ("roles", "texts"),
    ("plan", "text"),
    ("useful", "double"),
    ("due", "text"),
    ("status", "text"),
    ("created", "text"),
    ("session", "text"),
    ("start", "text"),
    ("end", "text"),
    ("focus", "text"),
    ("skipped", "bool"),
    ("counts", "counts"),
    ("bank", "text"),
    ("transition", "text"),
    ("stage_from", "text"),
    ("stage_to", "text"),
    ("kind", "text"),
    ("call_minutes", "double"),
    ("manager_share", "double"),
    ("rep_share", "double"),
    ("other_share", "double"),
    ("manager_role", "text"),
    ("manager_questions_per_statement", "double"),
    ("scorecard", "text"),
    ("ratings", "ratings"),
)
NAMES = frozenset(name for name, _ in COLUMNS)
# Reserved words somewhere: always quoted, in the shipped SQL as in every table definition.
QUOTED = frozenset({"schema", "start", "end"})

_TYPES: dict[str, dict[str, str]] = {
    "duckdb": {
        "text": "VARCHAR",
        "int": "BIGINT",
        "double": "DOUBLE",
        "bool": "BOOLEAN",
        "texts": "VARCHAR[]",
        "counts": "STRUCT(stage VARCHAR, count BIGINT)[]",
        "ratings": "STRUCT(skill VARCHAR, rating DOUBLE)[]",
    },
    "postgres": {
        "text": "TEXT",
        "int": "BIGINT",
        "double": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "texts": "TEXT[]",
        "counts": "JSONB",
        "ratings": "JSONB",
    },
    "spark": {
        "text": "STRING",
        "int": "BIGINT",
        "double": "DOUBLE",
        "bool": "BOOLEAN",
        "texts": "ARRAY<STRING>",
        "counts": "ARRAY<STRUCT<stage: STRING, `count`: BIGINT>>",
        "ratings": "ARRAY<STRUCT<skill: STRING, rating: DOUBLE>>",
    },
    "bigquery": {
        "text": "STRING",
        "int": "INT64",
        "double": "FLOAT64",
        "bool": "BOOL",
        "texts": "ARRAY<STRING>",
        "counts": "ARRAY<STRUCT<stage STRING, `count` INT64>>",
        "ratings": "ARRAY<STRUCT<skill STRING, rating FLOAT64>>",
    },
    "snowflake": {
        "text": "VARCHAR",
        "int": "BIGINT",
        "double": "DOUBLE",
        "bool": "BOOLEAN",
        "texts": "ARRAY",
        "counts": "ARRAY",
        "ratings": "ARRAY",
    },
}


def quote(name: str, dialect: str) -> str:
    """A column name as written in `dialect`: the reserved ones quoted, lower case kept."""
    if name not in QUOTED:
        return name
    return f"`{name}`" if dialect in ("spark", "bigquery") else f'"{name}"'


def column_type(kind: str, dialect: str) -> str:
    return _TYPES[dialect][kind]


def table_columns(dialect: str) -> str:
    """`name TYPE` for every column, one per line, for CREATE TABLE / CREATE VIEW (...)."""
    return ",\n".join(f"    {quote(n, dialect)} {column_type(k, dialect)}" for n, k in COLUMNS)


def duckdb_columns(skip: frozenset[str] = frozenset()) -> str:
    """The `columns = {...}` argument of DuckDB's read_json, but for the columns `skip`."""
    inner = ", ".join(f"'{n}': '{column_type(k, 'duckdb')}'" for n, k in COLUMNS if n not in skip)
    return "{" + inner + "}"
