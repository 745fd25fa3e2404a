"""The org figures on the real engines: the script `coach org sql --dialect X` prints runs
unchanged on DuckDB, on PostgreSQL under `psql -v ON_ERROR_STOP=1 -f` and on Spark in local
mode (statements one by one), and leaves `org_figures(path, value)` equal to `coach org stats
--json` figure for figure, on exports with and without calls, ratings and scores. BigQuery's
and Snowflake's scripts are parsed by sqlglot and checked for what is known to fail there.

A test that cannot start its engine fails: PostgreSQL and a Java runtime come from .ci/run
(Debian's postgresql, default-jre-headless), pyspark from the test extra."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fails, ok
from tests.helpers.bench import load_generator

TODAY = "2026-11-20"
WINDOW = ("--today", TODAY, "--weeks", "12")
ROOT = Path(__file__).resolve().parents[1]


def _org_generate() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "coach_org_generate", ROOT / "benchmarks" / "org_generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`full`: two real coach exports (calls, ratings) and two generated managers with calls,
    ratings and skill scores; `plain`: generated managers with none of those."""
    from tests.test_org import _add_calls

    base = tmp_path_factory.mktemp("warehouse")
    gen = _org_generate()
    full, plain = base / "full", base / "plain"
    full.mkdir()
    plain.mkdir()
    generate = load_generator()
    for name, reps, seed in (("ana", 5, 3), ("ben", 4, 4)):
        home = base / name
        generate.generate_home(home, reps=reps, weeks=30, seed=seed, end=date(2026, 11, 23))
        _add_calls(home, 9)
        out = ok("--home", str(home), "export", "--audience", "org").stdout
        (full / f"{name}.jsonl").write_text(out)
    for index in (1, 2):
        gen.manager_file(full, index, 6, 30, date(2026, 11, 23))
        gen.manager_file(plain, index + 10, 6, 30, date(2026, 11, 23), plain=True)
    return {"full": full, "plain": plain}


def numbers(value: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """Every number of a JSON document with its path (keys joined by `.`, list items by
    index)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float):
        yield path, float(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{path}.{key}" if path else key)
    else:
        for index, item in enumerate(value):
            yield from numbers(item, f"{path}.{index}" if path else str(index))


def expected(data: Path) -> dict[str, float]:
    """Every number of `org stats --json`."""
    result = ok("org", "stats", str(data), *WINDOW, "--json").json()
    return dict(numbers(result))


def assert_same_figures(data: Path, rows: list[tuple[str, Any]]) -> None:
    want = expected(data)
    got = {str(path): float(value) for path, value in rows}
    assert len(got) == len(rows), "one row per path"
    assert sorted(set(want) - set(got)) == [], "figures missing from org_figures"
    assert sorted(set(got) - set(want)) == [], "org_figures holds figures org stats has not"
    differ = {p: (want[p], got[p]) for p in want if round(want[p], 4) != round(got[p], 4)}
    assert differ == {}
    assert want["total.sessions.held"] > 0


def script(tmp_path: Path, dialect: str, data: Path) -> Path:
    text = ok("org", "sql", "--dialect", dialect, "--data", str(data), *WINDOW).stdout
    path = tmp_path / f"org-{dialect}.sql"
    path.write_text(text)
    return path


def split_statements(text: str) -> list[str]:
    """What the manual's Spark recipe does: the statements, one by one."""
    return [s for s in text.split(";\n") if s.strip()]


@pytest.mark.parametrize("kind", ["full", "plain"])
def test_duckdb_runs_the_printed_script_and_every_figure_equals_org_stats(
    exports: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    import duckdb

    path = script(tmp_path, "duckdb", exports[kind])
    con = duckdb.connect()
    con.execute(path.read_text())
    assert_same_figures(exports[kind], con.execute("SELECT * FROM org_figures").fetchall())


# PostgreSQL: a throwaway cluster, unix socket only.


def _postgres_bin(name: str) -> str:
    """Debian keeps the server's programs off PATH, one folder per major version."""
    debian = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    newest = sorted(
        debian, key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0
    )
    found = newest[-1:] or [p for p in [shutil.which(name)] if p]
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[0]


def _as_postgres(command: list[str]) -> list[str]:
    """Root cannot run a PostgreSQL server: run it as the `postgres` user then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, str]]:
    """The environment psql needs to reach a fresh cluster (PGHOST is its socket dir)."""
    base = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    log = base / "server.log"
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    try:
        subprocess.run(
            _as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]),
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-k {base} -c listen_addresses=''"
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]),
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL: {exc}")
    env = os.environ | {"PGHOST": str(base), "PGUSER": "postgres", "PGDATABASE": "postgres"}
    try:
        yield env
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(base, ignore_errors=True)


def psql(env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def postgres_figures(env: dict[str, str]) -> list[tuple[str, float]]:
    out = psql(env, "-At", "-F", "\t", "-c", "SELECT path, value FROM org_figures")
    return [(p, float(v)) for p, v in (line.split("\t") for line in out.splitlines())]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["full", "plain"])
def test_postgres_runs_the_printed_script_under_psql_and_every_figure_equals_org_stats(
    exports: dict[str, Path], postgres: dict[str, str], tmp_path: Path, kind: str
) -> None:
    path = script(tmp_path, "postgres", exports[kind])
    psql(postgres, "-f", str(path))
    assert_same_figures(exports[kind], postgres_figures(postgres))
    psql(postgres, "-f", str(path))  # again, over the tables of the first run
    assert_same_figures(exports[kind], postgres_figures(postgres))


# Spark in local mode, on the loopback only.


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    try:
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master("local[2]")
            .appName("coach-warehouse-test")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
            .getOrCreate()
        )
    except Exception as exc:  # no Java, no pyspark: the test fails, it does not skip
        pytest.fail(f"cannot start Spark in local mode: {exc}")
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["full"])  # "plain": the manual's recipe below runs it
def test_spark_runs_the_printed_script_statement_by_statement_and_figures_equal_org_stats(
    exports: dict[str, Path], spark: Any, tmp_path: Path, kind: str
) -> None:
    path = script(tmp_path, "spark", exports[kind])
    for statement in split_statements(path.read_text()):
        spark.sql(statement)
    rows = [(r["path"], r["value"]) for r in spark.sql("SELECT * FROM org_figures").collect()]
    assert_same_figures(exports[kind], rows)


# BigQuery and Snowflake: not reachable from a test; parsed, and checked for known failures.


def _unnest_aliases(tree: Any) -> set[str]:
    import sqlglot.expressions as exp

    names: set[str] = set()
    for unnest in tree.find_all(exp.Unnest):
        alias = unnest.args.get("alias")
        if alias is not None:
            names.add(alias.name)
            names.update(c.name for c in alias.args.get("columns") or [])
    return names


@pytest.mark.parametrize("dialect", ["bigquery", "snowflake"])
def test_bigquery_and_snowflake_scripts_parse_and_avoid_what_fails_there(
    tmp_path: Path, dialect: str
) -> None:
    import sqlglot
    import sqlglot.expressions as exp

    text = script(tmp_path, dialect, Path("exports")).read_text()
    trees = [t for t in sqlglot.parse(text, read=dialect) if t is not None]
    made = {t.find(exp.Table).name for t in trees if isinstance(t, exp.Create)}  # type: ignore[union-attr]
    assert {"org_records", "org_params", "org_stats", "org_figures"} <= made
    for tree in trees:
        aliases = _unnest_aliases(tree)
        for column in tree.find_all(exp.Column):
            # `c.item.stage` reads as database.table.column in Snowflake; BigQuery wants the
            # fields of an unnamed UNNEST: no column is reached through an UNNEST's alias.
            assert column.table not in aliases or not column.table, column.sql(dialect)
        assert not any(isinstance(d, exp.Dot) for d in tree.find_all(exp.Dot)), tree.sql()[:80]
    assert "CREATE OR REPLACE TABLE org_records" not in text  # loaded data is never dropped
    loader = {"bigquery": "bq load", "snowflake": "COPY INTO"}[dialect]
    assert loader in text


def test_every_printed_statement_ends_with_a_semicolon_at_a_line_end(tmp_path: Path) -> None:
    for dialect in ("duckdb", "postgres", "spark", "bigquery", "snowflake"):
        text = script(tmp_path, dialect, Path("exports")).read_text()
        for statement in split_statements(text):
            code = [ln for ln in statement.splitlines() if ln and not ln.startswith(("--", "\\"))]
            assert code, f"{dialect}: a chunk with no statement"
            assert ";" not in "\n".join(code), f"{dialect}: two statements on a line"
        assert text.rstrip().endswith(";")
    assert "invalid --dialect" in fails(1, "org", "sql", "--dialect", "cobol").stderr


# The manual's recipes (docs/warehouse.md), run as printed in a folder holding exports/.


def recipe(engine: str) -> str:
    text = (ROOT / "docs" / "warehouse.md").read_text()
    section = text[text.index("## The org figures in your engine") :]
    blocks = section.split("```")[1::2]
    found = [b.split("\n", 1)[1] for b in blocks if f"--dialect {engine}" in b.replace('", "', " ")]
    assert len(found) == 1, engine
    return found[0]


def _pinned(text: str) -> str:
    """The recipe with the test's date (no test may depend on the real date)."""
    return text.replace("org sql --dialect", f"org sql --today {TODAY} --dialect").replace(
        '"org", "sql",', f'"org", "sql", "--today", "{TODAY}",'
    )


def _in_a_folder_with_exports(tmp_path: Path, data: Path) -> Path:
    shutil.copytree(data, tmp_path / "exports")
    return tmp_path


def _run_shell(code: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    assert shutil.which("coach"), "the coach command is not on PATH"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _pinned(code)],
        cwd=cwd,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


def test_the_manuals_duckdb_recipe_gives_the_org_stats_figures(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    import duckdb

    folder = _in_a_folder_with_exports(tmp_path, exports["full"])
    _run_shell(recipe("duckdb"), folder)
    rows = duckdb.connect(str(folder / "org.duckdb")).execute("SELECT * FROM org_figures")
    assert_same_figures(exports["full"], rows.fetchall())


@pytest.mark.slow
def test_the_manuals_postgres_recipe_gives_the_org_stats_figures(
    exports: dict[str, Path], postgres: dict[str, str], tmp_path: Path
) -> None:
    folder = _in_a_folder_with_exports(tmp_path, exports["full"])
    _run_shell(recipe("postgres"), folder, postgres)
    assert_same_figures(exports["full"], postgres_figures(postgres))


@pytest.mark.slow
def test_the_manuals_spark_recipe_gives_the_org_stats_figures(
    exports: dict[str, Path], spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _in_a_folder_with_exports(tmp_path, exports["plain"])
    monkeypatch.chdir(folder)
    exec(_pinned(recipe("spark")), {})  # the same session: getOrCreate() returns it
    rows = [(r["path"], r["value"]) for r in spark.table("org_figures").collect()]
    assert_same_figures(exports["plain"], rows)


def test_the_manuals_first_look_at_session_exports_runs_as_printed(tmp_path: Path) -> None:
    from tests.test_org import typed_store

    home = tmp_path / "ana"
    typed_store(home)
    (tmp_path / "exports").mkdir()
    ok("--home", str(home), "export", "--format", "jsonl", "-o", str(tmp_path / "exports/a.jsonl"))
    intro = (ROOT / "docs" / "warehouse.md").read_text().split("## The org figures")[0]
    [code] = [b.split("\n", 1)[1] for b in intro.split("```")[1::2] if "duckdb" in b]
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert "Ana Org" in shown.stdout and "dana-lee" in shown.stdout, shown.stdout
