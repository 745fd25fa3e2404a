"""`coach session ...`: run a coaching session, continue a paused one, and read history."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today
from coachcli.commands._complete import bank_ids, rep_refs, scorecard_ids, session_ids
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from coachcli.core.models import Commitment, Session

app = typer.Typer(
    help="Run coaching sessions and read their history.", no_args_is_help=True, add_completion=False
)

RepArg = Annotated[
    str, typer.Argument(autocompletion=rep_refs, help="Name, slug or unique slug prefix.")
]
BankOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--bank",
        metavar="ID",
        autocompletion=bank_ids,
        help="Question bank to use (repeatable); default: asked.",
    ),
]


def _need_terminal() -> None:
    if not sys.stdin.isatty():
        raise CoachError(
            "an interactive session needs a terminal, and stdin is not one",
            hint="record the session from a file with `--answers FILE` (see examples/answers.yaml)",
        )


def _saved(result: tuple[Session, list[Commitment]] | None, rep: str = "REP") -> None:
    from coachcli.ui.render import message

    if result is None:
        slug = _slug(rep)
        message(
            f"not saved; the draft is kept: `coach session resume {slug}` to save it, "
            f"`coach session discard {slug}` to drop it"
        )
        return
    session, made = result
    message(
        f"saved session {session.id}: asked {session.asked}, tells {session.told}, "
        f"reviewed {session.reviewed}, {len(made)} new commitment(s), {session.minutes} min"
    )
    sys.stdout.write(session.id + "\n")
    sys.stdout.flush()


def _slug(rep: str) -> str:
    """The slug of the rep the manager named (the draft's name in the hints)."""
    from coachcli.services.reps import find_rep

    try:
        return find_rep(home(), rep).slug
    except CoachError:
        return rep


TakeOverOpt = Annotated[
    bool,
    typer.Option(
        "--take-over", help="Take over the rep's session that is open in another terminal."
    ),
]


@app.command("start")
def start(
    rep: RepArg,
    bank: BankOpt = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", metavar="FILE", help="Record the session from a YAML file, no prompts."
        ),
    ] = None,
    today_: TodayOpt = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Ask every question of the bank, not the selection."),
    ] = False,
    take_over: TakeOverOpt = False,
    score: Annotated[
        bool, typer.Option("--score", help="End with rating the rep's skills on a scorecard.")
    ] = False,
    scorecard: Annotated[
        str | None,
        typer.Option(
            "--scorecard",
            metavar="ID",
            autocompletion=scorecard_ids,
            help="The scorecard for --score (default: sales).",
        ),
    ] = None,
) -> None:
    """Run a 30-minute coaching session with a rep.

    Reviews open commitments, asks a selection of the bank's questions that fits the
    timebox (an opener, the core questions this rep was not asked recently, a close; `--all`
    asks every one), records new commitments and notes, then saves. Prints the new session
    id on stdout. Ctrl-C pauses (exit 130) and keeps a draft; `--answers FILE` records a
    session from a YAML file with no prompts. `coach session preview REP` shows the agenda.
    A prep form the rep sent back (`coach prep import`) is shown first; `--score` adds a
    skill-rating step; the session ends with a skippable step for the rep (how useful).

    Example: coach session start dana --bank early-pipeline
    """
    from coachcli.services import sessions as flow

    day = today(today_)
    if answers is not None:
        _saved(_record(rep, answers, day, bank))
        return
    _need_terminal()
    from coachcli.ui.prompter import terminal_prompter

    _saved(
        flow.start_interactive(
            home(),
            rep,
            today=day,
            prompter=terminal_prompter(),
            banks=bank,
            ask_all=all_,
            score=(scorecard or "") if (score or scorecard) else None,
            take_over=take_over,
        ),
        rep,
    )


def _record(
    rep: str, answers: Path, day: date, bank: list[str] | None
) -> tuple[Session, list[Commitment]]:
    """Record from a file; with several problems, each is listed on its own line first."""
    from coachcli.errors import ProblemList
    from coachcli.services import sessions as flow

    try:
        return flow.record_from_file(home(), rep, answers, today=day, banks=bank)
    except ProblemList as exc:
        exc.hint = "nothing was saved"
        if exc.total > 1:
            exc.summary = f"{exc.total} problems in {answers}"
        raise


@app.command("preview")
def preview(
    rep: RepArg,
    bank: Annotated[
        list[str] | None,
        typer.Option("--bank", metavar="ID", help="Bank (repeatable); default: the suggested."),
    ] = None,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show the agenda of the rep's next session, without starting it.

    The commitments it would review, the rep's prep, and the questions it would ask (bank
    and id), selected as `session start` would select them. Read-only: no lock, nothing
    written.

    Example: coach session preview dana --bank skill-practice --json
    """
    from coachcli.core.session.agenda import agenda_lines
    from coachcli.services.sessions import preview as build
    from coachcli.ui.render import print_json, print_lines

    doc = build(home(), rep, today=today(today_), banks=bank)
    if json_:
        print_json(doc)
        return
    print_lines(agenda_lines(doc))


@app.command("resume")
def resume(rep: RepArg, today_: TodayOpt = None, take_over: TakeOverOpt = False) -> None:
    """Continue a paused session where it stopped.

    Everything typed before Ctrl-C is restored; only the remaining steps are asked.

    Example: coach session resume dana
    """
    from coachcli.services import sessions as flow

    day = today(today_) if today_ else None
    _need_terminal()
    from coachcli.ui.prompter import terminal_prompter

    _saved(
        flow.resume_interactive(
            home(), rep, today=day, prompter=terminal_prompter(), take_over=take_over
        ),
        rep,
    )


@app.command("discard")
def discard(rep: RepArg) -> None:
    """Drop a rep's paused session (its draft).

    The store is not touched.

    Example: coach session discard dana
    """
    from coachcli.services.session_history import discard_paused
    from coachcli.ui.render import message

    found = discard_paused(home(), rep)
    message(f"discarded the paused session for {found.name}")


SHOWN = 50  # sessions the table shows unless asked for more
PAGE = 1_000  # rows per table printed: a long listing streams, page by page


@app.command("list")
def list_(
    rep: Annotated[
        str | None, typer.Argument(autocompletion=rep_refs, help="Only this rep's sessions.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help=f"Only the newest N (the table shows the newest {SHOWN} unless --all).",
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every session, in the table too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List sessions, newest first: the table shows the newest 50, `--json` every one.

    Reads the session index only, never the answers or notes, and builds only the sessions it
    shows. A footer says how many there are when the table shows fewer.

    Example: coach session list dana --limit 10
    """
    from coachcli.core.session.views import session_index_json
    from coachcli.services import session_history as history
    from coachcli.ui.render import message, print_json_items

    if json_:
        found, _ = history.newest_sessions(home(), rep, None if all_ else limit)
        print_json_items(session_index_json(s) for s in found)
        return
    shown = None if all_ else (limit or SHOWN)
    found, total = history.newest_sessions(home(), rep, shown)
    if not total:
        message("no sessions yet: run one with `coach session start REP`")
        return
    _session_table(found)
    if shown is not None and total > shown:
        message(
            f"showing the newest {shown:,} of {total:,} sessions: "
            "`--limit N` for more, `--all` for every one"
        )


def _session_table(sessions: Iterator[Session]) -> None:
    from itertools import islice

    from coachcli.ui.render import print_table

    columns = ["ID", "Rep", "Date", "Min", "Banks", "Asked", "Tells", "Reviewed", "New commitments"]
    while page := list(islice(sessions, PAGE)):
        print_table(
            columns,
            (
                [
                    s.id,
                    s.rep,
                    s.date,
                    s.minutes,
                    ", ".join(s.banks),
                    s.asked,
                    s.told,
                    s.reviewed,
                    len(s.commitments),
                ]
                for s in page
            ),
        )


@app.command("show")
def show(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            autocompletion=session_ids,
            help="Session id or unique prefix (s- optional).",
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show one session in full.

    Answers, tells, reviews, the commitments made, and the private notes.

    Example: coach session show s-7f3a --json
    """
    from coachcli.core.session.views import session_json, session_lines
    from coachcli.services.session_history import session_detail
    from coachcli.ui.render import print_json, print_lines

    found = session_detail(home(), session_id)
    if json_:
        print_json(session_json(found.session, found.commitments))
        return
    print_lines(session_lines(found.session, found.rep_name, found.commitments))
