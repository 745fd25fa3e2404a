"""`coach scorecard ...`: the skill scorecards reps are rated on."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.commands._common import JsonOpt, home

app = typer.Typer(
    help="List and show skill scorecards.", no_args_is_help=True, add_completion=False
)


def _warn_skipped(problems: list[str]) -> None:
    from coachcli.ui.render import warn

    for problem in problems:
        warn(problem)
    if problems:
        warn("scorecards with problems were skipped")


@app.command("list")
def list_(json_: JsonOpt = False) -> None:
    """List the scorecards: shipped ones and yours (<home>/scorecards/*.yaml).

    Example: coach scorecard list --json
    """
    from coachcli.services.scores import scorecards
    from coachcli.ui.render import print_json, print_table

    cards, problems = scorecards(home())
    _warn_skipped(problems)
    if json_:
        print_json([card.json_summary() for card in cards.values()])
        return
    print_table(
        ["ID", "Title", "Skills", "Source"],
        ([c.id, c.title, len(c.skills), c.source] for c in cards.values()),
    )


def _complete_scorecard(incomplete: str) -> list[str]:
    from coachcli.commands._complete import scorecard_ids

    return scorecard_ids(incomplete)


@app.command("show")
def show(
    card_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Scorecard id, like sales.", autocompletion=_complete_scorecard
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show a scorecard's skills and what each of the five levels looks like.

    Example: coach scorecard show sales
    """
    from coachcli.services.scores import pick_scorecard
    from coachcli.ui.render import print_json, print_lines

    card = pick_scorecard(home(), card_id)
    if json_:
        print_json(card.json_full())
        return
    lines = [f"{card.title} ({card.id}, {card.source})"]
    if card.summary:
        lines.append(card.summary)
    for skill in card.skills:
        lines += ["", f"{skill.name} ({skill.id})"]
        lines += [f"  {n}. {text}" for n, text in enumerate(skill.levels, start=1)]
    print_lines(lines)
