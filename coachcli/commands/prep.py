"""`coach prep REP` writes a rep's prep form; `coach prep import FILE` reads it back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from coachcli.commands._common import TodayOpt, home, today
from coachcli.commands._complete import rep_refs
from coachcli.typer_private import DefaultSubcommandGroup


class _FormByDefault(DefaultSubcommandGroup):
    """`coach prep REP ...` runs `form`; `coach prep import FILE` runs `import`."""

    default = "form"


app = typer.Typer(
    cls=_FormByDefault,
    help="The rep's prep form: write it before a session, read it back.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("form")
def form(
    rep: Annotated[
        str, typer.Argument(autocompletion=rep_refs, help="Name, slug or unique slug prefix.")
    ],
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="FILE|-", help="Write to FILE; - is stdout."),
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Write a prep form for the rep's next session (also as `coach prep REP`).

    Markdown with front matter: their open commitments (a status and a note to fill in),
    "What do you want to cover?", questions from the planned focus bank to think about, and
    "How useful was our last 1:1?" (when there was one). The front matter binds it to the
    rep and the session: rep, session date and week, last session and a token. Send it;
    `coach prep import FILE` reads it back.

    Example: coach prep form dana -o dana-prep.md --today 2026-11-28
    """
    from coachcli.commands._output import write_output
    from coachcli.services.prep import prep_form
    from coachcli.ui.render import message

    text, slug = prep_form(home(), rep, today(today_))
    written = write_output(text, output)
    if written is not None:
        message(f"wrote {slug}'s prep form to {written}; `coach prep import` reads it back")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The filled-in prep form.")],
) -> None:
    """Read a filled-in prep form; the rep's next session starts with it.

    Any editor's or mail client's line ends, greeting, signature or "Sent from my iPhone"
    are fine. The form is bound to the rep and session it was written for: an edited rep,
    session or token is refused, as is an unknown rep or a commitment that is unknown or
    another rep's, each at its line; nothing is imported then. Importing the same form again
    replaces the first import (and repairs one that was stopped half-way).

    Example: coach prep import dana-prep.md
    """
    from coachcli.services.prep import import_prep
    from coachcli.ui.render import message

    done = import_prep(home(), file, datetime.now())
    prep = done["prep"]
    reported = sum(1 for s in prep["statuses"] if s["status"] != "open")
    extra = f"; feedback added to session {done['feedback_on']}" if done["feedback_on"] else ""
    message(
        f"imported {done['rep']}'s prep: {len(prep['answers'])} answer(s), "
        f"{reported} status change(s) reported{extra}; their next session starts with it"
    )
