"""`coach score REP` rates a rep's skills on a scorecard; `coach score show REP` the trend."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today
from coachcli.errors import CoachError
from coachcli.typer_private import DefaultSubcommandGroup


class _RateByDefault(DefaultSubcommandGroup):
    """`coach score REP ...` runs `rate`; `coach score show REP` runs `show`; `coach score
    <Tab>` offers the subcommands and the reps."""

    default = "rate"

    def extra_completions(self, incomplete: str) -> list[str]:
        return _complete_rep(incomplete)


app = typer.Typer(
    cls=_RateByDefault,
    help="Rate a rep's skills on a scorecard, and show the trend.",
    no_args_is_help=True,
    add_completion=False,
)


def _complete_rep(incomplete: str) -> list[str]:
    from coachcli.commands._complete import rep_refs

    return rep_refs(incomplete)


def _complete_scorecard(incomplete: str) -> list[str]:
    from coachcli.commands._complete import scorecard_ids

    return scorecard_ids(incomplete)


RepArg = Annotated[
    str,
    typer.Argument(help="Name, slug or unique slug prefix.", autocompletion=_complete_rep),
]


@app.command("rate")
def rate(
    rep: RepArg,
    scorecard: Annotated[
        str | None,
        typer.Option(
            "--scorecard",
            metavar="ID",
            help="Scorecard to rate on (default: sales).",
            autocompletion=_complete_scorecard,
        ),
    ] = None,
    ratings: Annotated[
        Path | None,
        typer.Option("--ratings", metavar="FILE", help="Ratings from a YAML file, no prompts."),
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Rate a rep's skills on a scorecard (also as `coach score REP`).

    Shows each skill's five levels; Enter skips a skill. `--ratings FILE` takes
    `scorecard: ID` and `ratings: {skill: 1..5}` instead of asking.

    Example: coach score rate dana --ratings ratings.yaml --today 2026-11-24
    """
    from coachcli.services import scores
    from coachcli.ui.render import message

    day = today(today_)
    if ratings is not None:
        saved = scores.rate_from_file(home(), rep, ratings, scorecard, day)
    else:
        if not sys.stdin.isatty():
            raise CoachError(
                "rating interactively needs a terminal, and stdin is not one",
                hint="give the ratings in a file with `--ratings FILE`",
            )
        from coachcli.ui.prompter import terminal_prompter

        asked = scores.rate_interactive(home(), rep, scorecard, day, terminal_prompter())
        if asked is None:
            message("every skill was skipped; nothing was saved")
            return
        saved = asked
    rated = ", ".join(f"{k} {v}" for k, v in saved.ratings.items())
    message(f"saved {saved.rep}'s {saved.scorecard} ratings of {saved.date}: {rated}")


@app.command("show")
def show(rep: RepArg, json_: JsonOpt = False) -> None:
    """Show each rated skill's history, latest rating, change and a sparkline.

    Example: coach score show dana --json
    """
    from coachcli.services.scores import score_report
    from coachcli.ui.render import message, print_json, print_table

    report: dict[str, Any] = score_report(home(), rep)
    if json_:
        print_json(report)
        return
    if not report["scorecards"]:
        message(f"{report['name']} has no ratings yet: `coach score {report['rep']}`")
        return
    for sheet in report["scorecards"]:
        print_table(
            ["Skill", "Ratings", "Latest", "Change", "Trend"],
            (
                [
                    s["name"],
                    " ".join(str(p["score"]) for p in s["history"]),
                    s["latest"],
                    f"{s['change']:+d}",
                    s["sparkline"],
                ]
                for s in sheet["skills"]
            ),
            title=f"{report['name']}: {sheet['title']}",
        )
