"""`coach recap SESSION`: what to send the rep after a session."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.commands._common import home


def _complete_session(incomplete: str) -> list[str]:
    from coachcli.commands._complete import session_ids

    return session_ids(incomplete)


def recap(
    session: Annotated[
        str,
        typer.Argument(
            metavar="SESSION",
            help="Session id or unique prefix (s- optional).",
            autocompletion=_complete_session,
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", metavar="md|txt|eml", help="md (default), txt or eml.")
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="FILE|-", help="Write to FILE; - is stdout."),
    ] = None,
    with_suggestions: Annotated[
        bool,
        typer.Option("--with-suggestions", help="Include the advice you gave (tells)."),
    ] = False,
) -> None:
    """What to send the rep after a session: answers, commitments, next 1:1.

    The questions and the rep's own answers, the commitments in their words with due dates
    and how we will know, the reviewed commitments, and the next planned session. Never the
    private notes; the advice you gave only with --with-suggestions. `--format eml` is a
    ready-to-send email (To: the rep, From: manager_email in config.yaml).

    Example: coach recap s-7f3a --format eml -o recap.eml
    """
    from coachcli.commands._output import write_output
    from coachcli.services.recap import recap_text
    from coachcli.ui.render import message

    to_file = output not in (None, "-")
    text, _ = recap_text(
        home(), session, fmt.strip().lower(), with_suggestions=with_suggestions, to_file=to_file
    )
    written = write_output(text, output)
    if written is not None:
        message(f"wrote the recap to {written}")
