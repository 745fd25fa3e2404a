"""`coach export`: session notes as markdown (one session, a rep's document, one file per
session) or JSON Lines for analytics tools. The service (`services/notes_export.py`) reads
the store and writes the files; this skin parses the options and shows what came back.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.commands._common import TodayOpt, home, parse_date, today
from coachcli.commands._complete import rep_refs, session_ids
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.services.output import Written

FORMATS = {"md": "md", "markdown": "md", "jsonl": "jsonl", "json-lines": "jsonl"}


def export(
    rep: Annotated[
        str | None,
        typer.Argument(autocompletion=rep_refs, help="Only this rep (name, slug or prefix)."),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            metavar="ID",
            autocompletion=session_ids,
            help="Only this session (id or unique prefix).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Only sessions on or after this date."),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option("--format", metavar="md|jsonl", help="md (default) or jsonl."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH|-",
            help="File or directory to write; '-' or none: stdout. "
            "A directory with no REP gets one file per session.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option(
            "--skip-existing",
            help="With -o DIR: write only the sessions not yet in DIR (a weekly export).",
        ),
    ] = False,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            metavar="me|rep|org",
            help="me (default): everything; rep: no private notes; org: no typed text at all, "
            "for your VP (JSON Lines, whole store).",
        ),
    ] = "me",
    pseudonymize: Annotated[
        bool,
        typer.Option(
            "--pseudonymize", help="With --audience org: reps as stable tokens, not names."
        ),
    ] = False,
    today_: TodayOpt = None,
) -> None:
    """Export session notes as markdown with front matter, or as JSON Lines.

    Example: coach export -o notes/ --skip-existing
    Example: coach export --format jsonl --audience org --pseudonymize -o ana.jsonl
    """
    from coachcli.services import notes_export

    if force and skip_existing:
        raise CoachError("give --force or --skip-existing, not both")
    who = _audience(audience, pseudonymize)
    if who == "org":
        _org_options(rep, session, since, format_)
        day = today(today_)
        _show(notes_export.export_org_notes(home(), output, force, pseudonymize, day))
        return
    fmt = FORMATS.get((format_ or "md").strip().lower())
    if fmt is None:
        raise CoachError(f"invalid --format {format_!r}: use md or jsonl")
    first = parse_date(since, "--since") if since else None
    request = notes_export.NotesRequest(
        rep=rep,
        session=session,
        first=first,
        fmt=fmt,
        private=who != "rep",
        output=output,
        force=force,
        skip_existing=skip_existing,
    )
    _show(notes_export.export_notes(home(), request))


def _org_options(
    rep: str | None, session: str | None, since: str | None, format_: str | None
) -> None:
    """`--audience org` exports the whole store as JSON Lines: refuse what does not fit."""
    if rep or session or since:
        raise CoachError(
            "--audience org exports the whole store: drop REP, --session and --since",
            hint="`coach org stats` picks the weeks to count",
        )
    if format_ is not None and format_.strip().lower() not in ("jsonl", "json-lines"):
        raise CoachError(f"--audience org writes JSON Lines, not {format_!r}: use --format jsonl")


def _audience(value: str, pseudonymize: bool) -> str:
    who = value.strip().lower()
    if who not in ("me", "rep", "org"):
        raise CoachError(f"invalid --audience {value!r}: use me, rep or org")
    if pseudonymize and who != "org":
        raise CoachError("--pseudonymize goes with --audience org")
    return who


def _show(result: Written) -> None:
    """The export on stdout (made as it is written), or the line saying what was written."""
    from coachcli.ui.render import message, safe

    for chunk in result.stdout:
        sys.stdout.write(safe(chunk))
    sys.stdout.flush()
    if result.message:
        message(result.message)
