"""The week's invites: the plan as an .ics file the manager imports (export.ics builds it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.services.config import Settings


def bank_titles(home: Path) -> dict[str, str]:
    """Bank id -> title, the topic an invite shows (ids alone if the banks cannot be read)."""
    from coachcli.services.banks import load_banks

    try:
        return {b.id: b.title for b in load_banks(home).values()}
    except CoachError:
        return {}


PREP_LINE = "Prep form: received, thank you. We will start from what you wrote."


def prep_lines(home: Path, week: str) -> dict[str, str]:
    """Rep slug -> the invite's prep line, for the reps whose filled-in prep form
    (`coach prep import`) waits for a session in `week`. `coach prep` itself stores nothing,
    so a form only sent out is not known and not mentioned."""
    from coachcli.store.repository import Store

    out: dict[str, str] = {}
    for prep in Store(home).read().preps.all():
        try:
            year, number, _ = date.fromisoformat(prep.date).isocalendar()
        except ValueError:
            continue
        if f"{year}-W{number:02d}" == week:
            out[prep.rep] = PREP_LINE
    return out


def write_ics(
    path: Path,
    week: str,
    slots: list[Any],
    reps: dict[str, Any],
    settings: Settings,
    day: date,
    home: Path,
    *,
    with_commitments: bool = False,
) -> int:
    """Write the calendar, refusing to clobber a file that is not an earlier coach export;
    returns the number of events written. `with_commitments`: the planned reps' open
    commitments go in too, as to-dos with the UIDs `coach commit export` gives them."""

    from coachcli.export.ics import MARKER, plan_calendar
    from coachcli.store.files import atomic_write

    if path.is_dir():
        raise CoachError(f"{path} is a directory", hint="give a file name like coaching.ics")
    if path.exists():
        try:
            with path.open("rb") as handle:  # a device or pipe: read no further than this
                head = handle.read(4096)
        except OSError as exc:
            raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
        if head.strip() and MARKER.encode() not in head:
            raise CoachError(
                f"refusing to overwrite {path}: it is not a calendar exported by coach",
                hint="choose another file name",
            )
    sessions = [(s, reps[s.rep]) for s in slots if reps[s.rep].active]
    stamp = datetime.combine(day, time(), tzinfo=UTC)
    text = plan_calendar(
        week,
        sessions,
        stamp=stamp,
        zone=settings.zone(),
        manager=settings.manager,
        topics=bank_titles(home),
        prep=prep_lines(home, week),
        todos=_open_todos(home, {s.rep for s, _ in sessions}, stamp) if with_commitments else (),
    )
    atomic_write(path, text.encode("utf-8"))
    return sum(1 for s, _ in sessions if not s.skipped)


def _open_todos(home: Path, planned: set[str], stamp: datetime) -> list[Any]:
    """VTODOs of the open commitments of the reps planned this week."""
    from coachcli.export.tasks import vtodos
    from coachcli.store.repository import Store

    repo = Store(home).read()
    found = repo.commitments.where(
        lambda d: d.get("status") == "open" and d.get("rep") in planned, {"status": {"open"}}
    )
    found.sort(key=lambda c: (c.rep, c.due or "9999", c.id))
    return vtodos(found, {r.slug: r for r in repo.reps.all()}, stamp=stamp)
