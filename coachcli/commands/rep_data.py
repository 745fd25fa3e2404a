"""`coach rep export-data` and `coach rep forget`: a rep's rights over the data held on them.

Registered on the `rep` group by `coachcli.commands.rep`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coachcli.commands._common import home
from coachcli.errors import CoachError


def _complete_rep(incomplete: str) -> list[str]:
    from coachcli.commands._complete import rep_refs

    return rep_refs(incomplete)


RepArg = Annotated[
    str, typer.Argument(help="Name, slug or unique slug prefix.", autocompletion=_complete_rep)
]


def export_data(
    rep: RepArg,
    output: Annotated[
        str, typer.Option("-o", "--output", metavar="FILE.json", help="Where to write it.")
    ],
) -> None:
    """Everything stored about a rep as one JSON document: the roster entry, sessions with
    their answers and notes, commitments and their history, plans, metrics, goals, scores,
    prep and feedback, and a paused session's draft. The file is private (0600).

    Example: coach rep export-data dana -o dana-lee.json
    """
    from coachcli.services.rep_data import write_export
    from coachcli.ui.render import message

    written = write_export(home(), rep, output)
    message(f"wrote everything stored about {rep} to {written}")


def forget(
    rep: RepArg,
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking.")] = False,
) -> None:
    """Erase everything stored about a rep, everywhere: the roster entry, sessions and their
    files, commitments, plans, metrics, goals, scores, prep, feedback, calls, a paused draft,
    and every backup that holds them (rewritten without them). Found by the rep's id, never
    by a file name; in other reps' calls their name becomes "other". A forget cut short by a
    crash is finished by the next forget of that rep or by any write. It cannot reach files
    you exported yourself. Without --yes it asks, and refuses when there is no terminal.

    Example: coach rep forget dana --yes
    """
    from coachcli.services.rep_data import forget as erase
    from coachcli.services.rep_data import forget_target
    from coachcli.ui.render import message

    found = forget_target(home(), rep)
    if not yes:
        if not sys.stdin.isatty():
            raise CoachError(
                f"not erasing {found.name}: confirm with --yes",
                hint="nothing was changed",
            )
        if not typer.confirm(
            f"Erase everything about {found.name} ({found.slug}), backups included? "
            "This cannot be undone",
            default=False,
            err=True,
        ):
            raise CoachError(f"{found.name} was not erased", hint="nothing was changed")
    done = erase(home(), found.slug)
    message(
        f"erased {done['name']} ({done['rep']}): {done['sessions']} session(s), "
        f"{done['files_removed']} file(s) removed, {done['backups_rewritten']} backup(s) "
        f"rewritten, {done['backups_dropped']} dropped, {done['calls_renamed']} other call(s) "
        "renamed; files you exported yourself are not reached"
    )
    for left in done["left"]:
        message(f"warning: kept {left}; the first write after that process ends removes it")
