"""`coach remind`: the follow-ups due between sessions, quiet enough for a shell start-up file.

The work is done in `remind_fast` (no Typer there), which `coach remind` also reaches through
a fast path in `coachcli.__main__`; this module is the Typer face of the same command.
"""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt


def remind(
    days: Annotated[
        str,
        typer.Option("--days", metavar="N", help="Look this many days ahead (default 3)."),
    ] = "3",
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Follow-ups to act on today; prints nothing when there is nothing to do.

    Lists upcoming sessions, overdue and soon-due commitments, reps out of cadence, habit
    checks 1, 2 and 4 weeks after a commitment was done, and wins to recognise.

    Example: coach remind --days 5
    """
    from coachcli.commands.remind_fast import run

    run(days, today_, json_)
