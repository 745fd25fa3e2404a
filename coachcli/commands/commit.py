"""`coach commit ...`: commitments made outside a session, and their status changes.

Every change is appended to the commitment's history (when, and from which session: none
here), so reminders can follow a habit after it was done and stats can measure follow-through.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, parse_date, today
from coachcli.commands._complete import commitment_ids, rep_refs
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.models import Commitment

app = typer.Typer(
    help="Commitments: concrete actions a rep agreed to, and how they turned out.",
    no_args_is_help=True,
    add_completion=False,
)

DEFAULT_DUE_DAYS = 7
LIST_STATUSES = ("open", "done", "partial", "missed", "dropped", "all")

IdArg = Annotated[
    str,
    typer.Argument(
        autocompletion=commitment_ids, help="Commitment id or a unique prefix (c-19be04, 19b)."
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="What happened, in a few words.")]


@app.command("add")
def add(
    rep: Annotated[
        str, typer.Argument(autocompletion=rep_refs, help="Name, slug or unique slug prefix.")
    ],
    text: Annotated[
        str, typer.Argument(help="The concrete action, like 'Book 3 discovery calls'.")
    ],
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="YYYY-MM-DD", help="Due date (default: a week from today)."),
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="How you will both know it happened.")
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Record a commitment; prints its id on stdout.

    Example: coach commit add dana "Book 3 discovery calls" --due 2026-12-04 --measure "3 invites"
    """
    from coachcli.services.commitments import add_commitment
    from coachcli.ui.render import message, warn

    day = today(today_)
    due_on = parse_date(due, "--due") if due else day + timedelta(days=DEFAULT_DUE_DAYS)
    commitment, found = add_commitment(
        home(), rep, text, created=day, due=due_on, measure=measure, at=_now(day)
    )
    if due_on < day:
        warn(f"the due date {due_on.isoformat()} is already past")
    message(f"added {commitment.id} for {found.name}, due {due_on.isoformat()}")
    typer.echo(commitment.id)


@app.command("list")
def list_(
    rep: Annotated[
        str | None,
        typer.Argument(autocompletion=rep_refs, help="Only this rep (name, slug or prefix)."),
    ] = None,
    status: Annotated[
        str,
        typer.Option("--status", help="open, done, partial, missed, dropped or all."),
    ] = "open",
    json_: JsonOpt = False,
    today_: TodayOpt = None,
) -> None:
    """List commitments, open ones by default; overdue ones are marked.

    Example: coach commit list dana --status all --json
    """
    from coachcli.core.commitments import commitment_json, days_overdue, is_overdue
    from coachcli.services.commitments import list_commitments, rep_name
    from coachcli.ui.render import message, print_json, print_table

    wanted = status.strip().lower()
    if wanted not in LIST_STATUSES:
        raise CoachError(f"invalid --status {status!r}: use one of {', '.join(LIST_STATUSES)}")
    day = today(today_)
    listing = list_commitments(home(), rep, wanted)
    found, reps, slug = listing.commitments, listing.reps, listing.slug
    if json_:
        print_json(
            [
                commitment_json(c)
                | {"rep_name": rep_name(reps, c.rep), "overdue": is_overdue(c, day)}
                for c in found
            ]
        )
        return
    if not found:
        which = "" if wanted == "all" else f"{wanted} "
        message(f"no {which}commitments" + (f" for {reps[slug].name}" if slug else ""))
        return
    overdue = sum(1 for c in found if is_overdue(c, day))
    print_table(
        ["ID", "Rep", "Due", "Status", "Commitment", "Measure"],
        (
            [
                c.id,
                rep_name(reps, c.rep),
                _due_cell(c, days_overdue(c, day)),
                c.status,
                c.text,
                c.measure or "",
            ]
            for c in found
        ),
        caption=f"{len(found)} commitment(s)" + (f", {overdue} OVERDUE" if overdue else ""),
    )


@app.command("export")
def export(
    rep: Annotated[
        str | None,
        typer.Option("--rep", autocompletion=rep_refs, help="Only this rep's commitments."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="todotxt or ics (default: ics when -o ends in .ics, else todotxt)."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="FILE|-", help="Write to FILE; - is stdout."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Closed commitments from this day on go too (default: 8 weeks ago).",
        ),
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Open commitments for your task list or calendar: todo.txt lines or iCalendar VTODOs.

    Each item keeps the commitment's identity (`id:c-19be04` in todo.txt, UID c-19be04@coach
    in iCalendar), so exporting again updates the same items, and one closed since (done, or
    dropped) arrives completed (`x`) or cancelled. Only the text, due date and measure go:
    never notes or answers.

    Example: coach commit export --rep dana --format ics -o dana-commitments.ics
    """
    from datetime import timedelta

    from coachcli.commands._output import write_output
    from coachcli.services.commitments import TASK_FORMATS, export_tasks
    from coachcli.ui.render import message

    chosen = (fmt or ("ics" if (output or "").lower().endswith(".ics") else "todotxt")).lower()
    if chosen not in TASK_FORMATS:
        raise CoachError(f"invalid --format {fmt!r}: use one of {', '.join(TASK_FORMATS)}")
    day = today(today_)
    start = parse_date(since, "--since") if since else day - timedelta(weeks=8)
    text, count = export_tasks(home(), rep, chosen, since=start, stamp=_now(day))
    written = write_output(text, output)
    if written is not None:
        message(f"wrote {count} commitment(s) to {written}")


def _due_cell(c: Commitment, late: int) -> str:
    if not c.due:
        return ""
    return f"{c.due}  OVERDUE {late}d" if late else c.due


def _now(day: date) -> datetime:
    """When a change is recorded: `day` at the clock's current time."""
    return datetime.combine(day, datetime.now().time())


def _change(
    ref: str, status: str, note: str | None, today_: str | None, keep: str | None = None
) -> None:
    from coachcli.services.commitments import set_status
    from coachcli.ui.render import message, warn

    commitment, warning = set_status(
        home(), ref, status, at=_now(today(today_)), note=note, keep=keep
    )
    if warning:
        warn(warning)
    message(f"{commitment.id} is now {status}: {commitment.text}")


def _due(value: str, day: date) -> date:
    """`--due`: YYYY-MM-DD, or +DAYS from today."""
    text = value.strip()
    if text.startswith("+") and text[1:].isdigit() and int(text[1:]) <= 3660:
        return day + timedelta(days=int(text[1:]))
    return parse_date(text, "--due")


@app.command("edit")
def edit(
    ref: IdArg,
    text: Annotated[str | None, typer.Option("--text", help="The new wording.")] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="YYYY-MM-DD|+DAYS", help="New due date."),
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="How you will both know it happened.")
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Correct a commitment's text, due date or measure; the history keeps the old values.

    Example: coach commit edit c-19be04 --due +7 --measure "4 invites sent"
    """
    from coachcli.services.commitments import edit_details
    from coachcli.ui.render import message

    if text is None and due is None and measure is None:
        raise CoachError("nothing to change", hint="give --text, --due or --measure")
    day = today(today_)
    due_on = _due(due, day) if due is not None else None
    commitment, changed = edit_details(
        home(), ref, at=_now(day), text=text, due=due_on, measure=measure
    )
    if not changed:
        message(f"{commitment.id} already says that; nothing changed")
        return
    parts = ", ".join(f"{name} {new or '(none)'}" for name, (_, new) in changed.items())
    message(f"{commitment.id} edited ({parts}): {commitment.text}")


@app.command("done")
def done(
    ref: IdArg,
    note: NoteOpt = None,
    keep: Annotated[
        str | None,
        typer.Option("--keep", metavar="TEXT", help="How the rep will keep it going (a habit)."),
    ] = None,
    today_: TodayOpt = None,
) -> None:
    """Mark a commitment done; with --keep, remind checks the habit later.

    Habit checks come 1, 2 and 4 weeks after the day it was done, for commitments with a way
    to keep them going (--keep here, or the review's answer in the next session).

    Example: coach commit done c-19be04 --note "Booked 4 of 3" --keep "Calls every morning"
    """
    _change(ref, "done", note, today_, keep)


@app.command("partial")
def partial(ref: IdArg, note: NoteOpt = None, today_: TodayOpt = None) -> None:
    """Mark a commitment partly done.

    Example: coach commit partial 19be --note "2 of 3 calls booked"
    """
    _change(ref, "partial", note, today_)


@app.command("miss")
def miss(ref: IdArg, note: NoteOpt = None, today_: TodayOpt = None) -> None:
    """Mark a commitment missed.

    Example: coach commit miss 19be --note "Lost the week to a pricing escalation"
    """
    _change(ref, "missed", note, today_)


@app.command("drop")
def drop(ref: IdArg, note: NoteOpt = None, today_: TodayOpt = None) -> None:
    """Drop a commitment that no longer applies; it stops counting as due.

    Example: coach commit drop 19be --note "Account moved to another territory"
    """
    _change(ref, "dropped", note, today_)
