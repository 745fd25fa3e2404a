"""`coach export`: the sessions chosen from this store, as markdown or JSON Lines, to stdout,
one file, or one file per session in a directory.

Files are named only from the session date, the rep's slug and the session id, resolved
inside the target directory, written atomically with mode 0600, and never replace an
existing file without `--force`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.core.progress import track
from coachcli.errors import CoachError
from coachcli.services.output import Written, emit, utf8, write_many, write_new

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coachcli.core.models import Commitment, Rep, Session
    from coachcli.store.repository import Repository

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class NotesRequest:
    """What `coach export` was asked for, parsed: `fmt` is md or jsonl, `private` keeps the
    manager's private notes (audience me), `first` is --since."""

    rep: str | None
    session: str | None
    first: date | None
    fmt: str
    private: bool
    output: str | None
    force: bool
    skip_existing: bool


def export_notes(home: Path, req: NotesRequest) -> Written:
    """Export the sessions `req` chooses from the store in `home`."""
    from coachcli.store.repository import Store

    repo = Store(home).read()
    reps = {r.slug: r for r in repo.reps.all()}
    chosen = _rep(reps, req.rep)
    if req.fmt == "jsonl" and not req.session:
        return _stream_jsonl(repo, reps, chosen, req, _manager(home))
    sessions = _sessions(repo, chosen, req.session, req.first)
    if not req.private:  # the manager's private notes stay on this laptop
        from dataclasses import replace

        sessions = [replace(s, notes="") for s in sessions]
    commitments = _commitments(repo, sessions)
    output = req.output
    to_dir = output not in (None, "-") and _is_dir_target(str(output), req, chosen)
    if req.fmt == "jsonl":
        from coachcli.export.jsonl import to_jsonl

        text = to_jsonl(sessions, reps, commitments, _manager(home))
        stem = session_stem(sessions[0]) if req.session else (chosen.slug if chosen else "sessions")
        return emit(text, output, to_dir, f"{_safe_part(stem)}.jsonl", req.force)

    from coachcli.export.markdown import References, rep_document, session_document

    ctx = References(reps, commitments, _manager(home), private=req.private)
    if req.session:
        text = session_document(sessions[0], ctx)
        return emit(text, output, to_dir, f"{session_stem(sessions[0])}.md", req.force)
    if chosen:
        text = rep_document(chosen, sessions, ctx)
        return emit(text, output, to_dir, f"{_safe_part(chosen.slug)}.md", req.force)
    if to_dir:
        files = {f"{session_stem(s)}.md": session_document(s, ctx) for s in sessions}
        return Written(message=write_many(Path(str(output)), files, req.force, req.skip_existing))
    raise CoachError(
        "markdown export needs a rep, a --session, or -o DIR for one file per session",
        hint="e.g. `coach export dana`, or `coach export -o notes/`",
    )


def export_org_notes(
    home: Path, output: str | None, force: bool, pseudonymize: bool, today: date
) -> Written:
    """`coach export --audience org`: the whole store, JSON Lines, no typed text; `today` is
    the export's date in its header."""
    from coachcli.services.sharing import org_export

    lines, manager = org_export(home, pseudonymize=pseudonymize, today=today)
    to_dir = output not in (None, "-") and (
        Path(str(output)).expanduser().is_dir() or str(output).endswith("/")
    )
    if output in (None, "-"):  # the lines stream out as they are made (a whole store)
        return Written(stdout=lines)
    if not to_dir:
        path = Path(str(output)).expanduser()
        return Written(message=f"wrote {write_new(path, (utf8(x) for x in lines), force)}")
    return emit("".join(lines), output, to_dir, f"org-{_safe_part(manager)}.jsonl", force)


def _rep(reps: dict[str, Rep], ref: str | None) -> Rep | None:
    if ref is None:
        return None
    from coachcli.core.roster import resolve

    return resolve(reps.values(), ref)


def _sessions(
    repo: Repository, rep: Rep | None, ref: str | None, first: date | None
) -> list[Session]:
    """The chosen sessions with their bodies, oldest first; bodies only for those."""
    if ref:
        from coachcli.core.ids import resolve_id
        from coachcli.errors import NotFound

        try:
            sid = resolve_id(repo.sessions.keys(), ref, "s", "session")
        except NotFound as exc:
            exc.hint = "see the ids with `coach session list`"
            raise
        index: Sequence[Session | None] = [repo.sessions.get(sid)]
    else:
        since = first.isoformat() if first else ""
        index = repo.sessions.where(
            lambda d: (rep is None or d.get("rep") == rep.slug) and d.get("date", "") >= since
        )
    found: list[Session] = []
    for item in track(index, "reading sessions", total=len(index), unit="sessions"):
        full = repo.load_session(item.id) if item else None
        if full is not None:
            found.append(full)
    if ref and rep and found and found[0].rep != rep.slug:
        raise CoachError(f"session {found[0].id} is not one of {rep.name}'s sessions")
    return sorted(found, key=lambda s: (s.date, s.started, s.id))


def _stream_jsonl(
    repo: Repository, reps: dict[str, Rep], chosen: Rep | None, req: NotesRequest, manager: str
) -> Written:
    """A whole (or one rep's) JSON Lines export, written as it is made (flat memory)."""
    from coachcli.services.jsonl_export import session_lines

    lines = session_lines(repo, reps, chosen, req.first, private=req.private, manager=manager)
    name = f"{_safe_part(chosen.slug if chosen else 'sessions')}.jsonl"
    output = req.output
    if output in (None, "-"):
        return Written(stdout=lines)
    path = Path(str(output)).expanduser()
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        return emit("".join(lines), output, True, name, req.force)
    return Written(message=f"wrote {write_new(path, (utf8(line) for line in lines), req.force)}")


def _commitments(repo: Repository, sessions: list[Session]) -> dict[str, Commitment]:
    wanted = {c for s in sessions for c in s.commitments}
    wanted |= {r.commitment for s in sessions for r in s.reviews}
    return {c.id: c for c in repo.commitments.where(lambda d: d.get("id") in wanted)}


def _manager(home: Path) -> str:
    from coachcli.services.config import load_config

    return load_config(home).manager


def _safe_part(text: str) -> str:
    """A file-name part from stored text: lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "x"


def session_stem(s: Session) -> str:
    """`2026-11-30-dana-lee-s-7f3a2c`: date, slug and id, whatever the store holds."""
    day = s.date if _DATE.match(s.date) else "undated"
    return f"{day}-{_safe_part(s.rep)}-{_safe_part(s.id)}"


def _is_dir_target(output: str, req: NotesRequest, rep: Rep | None) -> bool:
    """Is -o a directory? An existing one or a path ending in `/`; and for markdown with no
    REP and no --session (one file per session), a path that does not exist yet."""
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(("/", os.sep)):
        return True
    return req.fmt == "md" and rep is None and req.session is None and not path.exists()
