"""`coach org`: the organisation's view over the org exports managers share, on DuckDB."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, parse_weeks, today, weeks_option
from coachcli.errors import CoachError

app = typer.Typer(
    help="The organisation's view: coaching figures over managers' org exports, on DuckDB.",
    no_args_is_help=True,
)

Paths = Annotated[
    list[str] | None,
    typer.Argument(metavar="PATH...", help="Org exports: files, directories or globs."),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", metavar="FILE.duckdb", help="A database made by `coach org load`."),
]


@app.callback()
def _needs_org_extra() -> None:
    from coachcli.services.extras import require

    require("org", "coach org")


SORTS = (
    "manager",
    "consistency",
    "minutes",
    "ask_tell",
    "follow_through",
    "talk_share",
    "usefulness",
    "sessions",
)


@app.command("stats")
def stats(
    paths: Paths = None,
    db: DbOpt = None,
    weeks: Annotated[str | None, weeks_option(12)] = None,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
    sort: Annotated[
        str,
        typer.Option("--sort", metavar="COLUMN", help=f"Sort managers by: {', '.join(SORTS)}."),
    ] = "manager",
) -> None:
    """The `stats` figures for every manager in the org exports, computed by DuckDB.

    Per manager and in total, with the same definitions as `coach stats`, plus "coaching and
    results": across reps, how coaching dose relates to the change in the coached conversion
    ratio (with a 90% interval by Fisher's z transform).

    Example: coach org stats exports/ --weeks 12 --sort consistency
    """
    from coachcli.core.stats import window_for
    from coachcli.services import org

    key = sort.strip().lower().replace("-", "_").replace(":", "_")
    if key not in SORTS:
        raise CoachError(f"invalid --sort {sort!r}: use one of {', '.join(SORTS)}")
    day = today(today_)
    window = window_for(day, parse_weeks(weeks, day, 12))
    result, warnings = org.stats(paths or [], db, window)
    if warnings:
        from coachcli.ui.render import warn

        for line in warnings:
            warn(line)
    if json_:
        from coachcli.core.numbers import rounded
        from coachcli.ui.render import print_json

        print_json(rounded(result))
        return
    from coachcli.commands.org_render import render_stats

    render_stats(result, key)


@app.command("load")
def load(
    paths: Paths = None,
    db: Annotated[
        str, typer.Option("--db", metavar="FILE.duckdb", help="The database to create or update.")
    ] = "org.duckdb",
) -> None:
    """Load org exports into a DuckDB database once, to query many times.

    Incremental: a manager loaded again replaces that manager's earlier rows; the others stay.

    Example: coach org load exports/*.jsonl --db org.duckdb && coach org stats --db org.duckdb
    """
    from coachcli.services import org
    from coachcli.ui.render import message, warn

    if not paths:
        raise CoachError("give the org exports to load: files, directories or globs")
    loaded = org.load(paths, db)
    for line in loaded["warnings"]:
        warn(line)
    message(f"loaded {loaded['managers']} manager(s), {loaded['records']} records into {db}")


@app.command("sql")
def sql(
    dialect: Annotated[
        str,
        typer.Option(
            "--dialect",
            metavar="NAME",
            help="duckdb (default), postgres, spark, bigquery or snowflake.",
        ),
    ] = "duckdb",
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="DIR|GLOB",
            help="Where the org exports are: a directory or a glob [default: exports/*.jsonl].",
        ),
    ] = None,
    weeks: Annotated[str | None, weeks_option(12)] = None,
    today_: TodayOpt = None,
) -> None:
    """Print one complete SQL script for your engine: the same figures as `org stats`.

    The script creates `org_records` with an explicit schema, loads the exports (DuckDB
    read_json, psql \\copy, Spark USING json; BigQuery and Snowflake: a comment naming the
    loader), sets the window and leaves `org_figures(path, value)`: every number of
    `coach org stats --json` for the same window, to 4 places.

    Example: coach org sql --dialect postgres --data exports/ > org.sql && psql -f org.sql
    """
    import sys

    from coachcli.core.stats import window_for
    from coachcli.services import org

    day = today(today_)
    window = window_for(day, parse_weeks(weeks, day, 12))
    sys.stdout.write(org.sql_text(dialect.strip().lower(), data, window))
