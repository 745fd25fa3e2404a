"""The printed `coach org sql` on each engine: wall time of the whole script over generated
org exports, beside `coach org stats` on the same files.

    python benchmarks/org_generate.py --managers 120 --weeks 52 --out /tmp/org120
    PGHOST=/path/to/socket-dir python benchmarks/org_engines.py --data /tmp/org120 \\
        --engines duckdb postgres spark

PostgreSQL: a server you point psql at (PGHOST, PGUSER, PGDATABASE); the script runs under
`psql -v ON_ERROR_STOP=1 -f`. Spark: local mode (local[2], loopback only), statements one by
one. Prints one line per engine: seconds, and the number of org_figures rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-20"


def _script(dialect: str, data: Path, out: Path) -> Path:
    text = subprocess.run(
        ["coach", "org", "sql", "--dialect", dialect, "--data", str(data), "--today", TODAY],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = out / f"org-{dialect}.sql"
    path.write_text(text)
    return path


def duckdb_run(script: Path) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute(script.read_text())
    row = con.execute("SELECT COUNT(*) FROM org_figures").fetchone()
    return int(row[0]) if row else 0


def postgres_run(script: Path) -> int:
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script)], check=True)
    out = subprocess.run(
        ["psql", "-X", "-At", "-c", "SELECT COUNT(*) FROM org_figures"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())


def spark_run(script: Path) -> int:
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        # Two cores, not a cluster: Spark's default 200 shuffle partitions are 200 tasks per
        # join on a laptop (a cluster sizes this to its own cores).
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    for statement in script.read_text().split(";\n"):
        if statement.strip():
            spark.sql(statement)
    return int(spark.table("org_figures").count())


RUNS = {"duckdb": duckdb_run, "postgres": postgres_run, "spark": spark_run}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--engines", nargs="+", default=["duckdb"], choices=sorted(RUNS))
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="coach-org-engines-"))
    start = time.perf_counter()
    subprocess.run(
        ["coach", "org", "stats", str(args.data), "--today", TODAY, "--json"],
        capture_output=True,
        check=True,
    )
    sys.stdout.write(
        f"coach org stats (DuckDB, from the files): {time.perf_counter() - start:.1f} s\n"
    )
    for engine in args.engines:
        script = _script(engine, args.data, out)
        start = time.perf_counter()
        rows = RUNS[engine](script)
        took = time.perf_counter() - start
        sys.stdout.write(f"{engine}: the printed script in {took:.1f} s, {rows} figures\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
