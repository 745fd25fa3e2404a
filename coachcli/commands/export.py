"""`coach export`: session notes as markdown (one session, a rep's document, one file per
session) or JSON Lines for analytics tools.

Files are named only from the session date, the rep's slug and the session id, resolved
inside the target directory, written atomically with mode 0600, and never replace an
existing file without `--force`.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.commands._common import home, open_store, parse_date
from coachcli.commands._complete import rep_refs, session_ids
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from coachcli.core.models import Commitment, Rep, Session
    from coachcli.store.repository import Repository

FORMATS = {"md": "md", "markdown": "md", "jsonl": "jsonl", "json-lines": "jsonl"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
) -> None:
    """Export session notes as markdown with front matter, or as JSON Lines.

    Example: coach export -o notes/ --skip-existing
    Example: coach export --format jsonl --audience org --pseudonymize -o ana.jsonl
    """
    if force and skip_existing:
        raise CoachError("give --force or --skip-existing, not both")
    who = _audience(audience, pseudonymize)
    if who == "org":
        export_org(rep, session, since, format_, output, force, pseudonymize)
        return
    fmt = FORMATS.get((format_ or "md").strip().lower())
    if fmt is None:
        raise CoachError(f"invalid --format {format_!r}: use md or jsonl")
    first = parse_date(since, "--since") if since else None
    repo = open_store().read()
    reps = {r.slug: r for r in repo.reps.all()}
    chosen = _rep(reps, rep)
    if fmt == "jsonl" and not session:
        _stream_jsonl(repo, reps, chosen, first, who, output, force)
        return
    sessions = _sessions(repo, chosen, session, first)
    if who == "rep":  # the manager's private notes stay on this laptop
        from dataclasses import replace

        sessions = [replace(s, notes="") for s in sessions]
    commitments = _commitments(repo, sessions)
    to_dir = output not in (None, "-") and _is_dir_target(str(output), fmt, chosen, session)

    if fmt == "jsonl":
        from coachcli.export.jsonl import to_jsonl

        text = to_jsonl(sessions, reps, commitments, _manager())
        stem = session_stem(sessions[0]) if session else (chosen.slug if chosen else "sessions")
        _emit(text, output, to_dir, f"{_safe_part(stem)}.jsonl", force)
        return

    from coachcli.export.markdown import References, rep_document, session_document

    ctx = References(reps, commitments, _manager())
    if session:
        _emit(
            session_document(sessions[0], ctx),
            output,
            to_dir,
            f"{session_stem(sessions[0])}.md",
            force,
        )
    elif chosen:
        _emit(
            rep_document(chosen, sessions, ctx),
            output,
            to_dir,
            f"{_safe_part(chosen.slug)}.md",
            force,
        )
    elif to_dir:
        files = {f"{session_stem(s)}.md": session_document(s, ctx) for s in sessions}
        _write_many(Path(str(output)), files, force, skip_existing)
    else:
        raise CoachError(
            "markdown export needs a rep, a --session, or -o DIR for one file per session",
            hint="e.g. `coach export dana`, or `coach export -o notes/`",
        )


def export_org(
    rep: str | None,
    session: str | None,
    since: str | None,
    format_: str | None,
    output: str | None,
    force: bool,
    pseudonymize: bool,
) -> None:
    """`coach export --audience org`: the whole store, JSON Lines, no typed text."""
    from coachcli.services.sharing import org_export

    if rep or session or since:
        raise CoachError(
            "--audience org exports the whole store: drop REP, --session and --since",
            hint="`coach org stats` picks the weeks to count",
        )
    if format_ is not None and format_.strip().lower() not in ("jsonl", "json-lines"):
        raise CoachError(f"--audience org writes JSON Lines, not {format_!r}: use --format jsonl")
    text, manager = org_export(home(), pseudonymize=pseudonymize)
    to_dir = output not in (None, "-") and (
        Path(str(output)).expanduser().is_dir() or str(output).endswith("/")
    )
    _emit(text, output, to_dir, f"org-{_safe_part(manager)}.jsonl", force)


def _audience(value: str, pseudonymize: bool) -> str:
    who = value.strip().lower()
    if who not in ("me", "rep", "org"):
        raise CoachError(f"invalid --audience {value!r}: use me, rep or org")
    if pseudonymize and who != "org":
        raise CoachError("--pseudonymize goes with --audience org")
    return who


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
    for item in index:
        full = repo.load_session(item.id) if item else None
        if full is not None:
            found.append(full)
    if ref and rep and found and found[0].rep != rep.slug:
        raise CoachError(f"session {found[0].id} is not one of {rep.name}'s sessions")
    return sorted(found, key=lambda s: (s.date, s.started, s.id))


def _stream_jsonl(
    repo: Repository,
    reps: dict[str, Rep],
    chosen: Rep | None,
    first: date | None,
    who: str,
    output: str | None,
    force: bool,
) -> None:
    """A whole (or one rep's) JSON Lines export, written as it is made (flat memory)."""
    from coachcli.services.jsonl_export import session_lines

    lines = session_lines(repo, reps, chosen, first, private=who != "rep", manager=_manager())
    name = f"{_safe_part(chosen.slug if chosen else 'sessions')}.jsonl"
    if output in (None, "-"):
        from coachcli.ui.render import safe

        for line in lines:
            sys.stdout.write(safe(line))
        sys.stdout.flush()
        return
    path = Path(str(output)).expanduser()
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        _emit("".join(lines), output, True, name, force)
        return
    _write_one(path, (_utf8(line) for line in lines), force)


def _commitments(repo: Repository, sessions: list[Session]) -> dict[str, Commitment]:
    wanted = {c for s in sessions for c in s.commitments}
    wanted |= {r.commitment for s in sessions for r in s.reviews}
    return {c.id: c for c in repo.commitments.where(lambda d: d.get("id") in wanted)}


def _manager() -> str:
    from coachcli.services.config import load_config

    return load_config(home()).manager


def _safe_part(text: str) -> str:
    """A file-name part from stored text: lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "x"


def session_stem(s: Session) -> str:
    """`2026-11-30-dana-lee-s-7f3a2c`: date, slug and id, whatever the store holds."""
    day = s.date if _DATE.match(s.date) else "undated"
    return f"{day}-{_safe_part(s.rep)}-{_safe_part(s.id)}"


def _is_dir_target(output: str, fmt: str, rep: Rep | None, session: str | None) -> bool:
    """Is -o a directory? An existing one or a path ending in `/`; and for markdown with no
    REP and no --session (one file per session), a path that does not exist yet."""
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(("/", os.sep)):
        return True
    return fmt == "md" and rep is None and session is None and not path.exists()


def _emit(text: str, output: str | None, to_dir: bool, name: str, force: bool) -> None:
    if output in (None, "-"):
        from coachcli.ui.render import safe

        sys.stdout.write(safe(text))
        sys.stdout.flush()
        return
    if to_dir:
        _write_many(Path(str(output)), {name: text}, force)
        return
    _write_one(Path(str(output)).expanduser(), text, force)


def _write_one(path: Path, text: str | Iterator[bytes], force: bool) -> None:
    from coachcli.store.files import atomic_write
    from coachcli.ui.render import message

    if path.exists() and not force:
        raise CoachError(f"{path} already exists", hint="use --force to replace it")
    try:
        data = _utf8(text) if isinstance(text, str) else text
        written = atomic_write(path, data, overwrite=force)
    except FileExistsError:
        raise CoachError(f"{path} already exists", hint="use --force to replace it") from None
    message(f"wrote {written}")


def _utf8(text: str) -> bytes:
    """Input is checked for invalid UTF-8, but a store edited by hand may still hold a lone
    surrogate: it becomes `?` rather than failing the whole export."""
    return text.encode("utf-8", errors="replace")


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refused unless it is a plain name that stays inside `directory`."""
    base = Path(os.path.realpath(directory))
    target = base / name
    if (
        name in ("", ".", "..")
        or "/" in name
        or os.sep in name
        or Path(os.path.realpath(target)).parent != base
        or target.is_symlink()
    ):
        raise CoachError(f"refusing to write {name!r}: it would land outside {directory}")
    return target


def _write_many(
    directory: Path, files: dict[str, str], force: bool, skip_existing: bool = False
) -> None:
    """Write every file or none: existing ones are refused before anything is written
    (or, with `skip_existing`, left as they are while the others are written)."""
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import ensure_dir
    from coachcli.ui.render import message

    directory = directory.expanduser()
    if directory.exists() and not directory.is_dir():
        raise CoachError(f"{directory} is not a directory")
    if not files:
        message("no sessions to export")
        return
    if not directory.exists():
        ensure_dir(directory)  # a new directory is private; an existing one is left as it is
    targets = {inside(directory, name): text for name, text in files.items()}
    existing = [t for t in targets if os.path.lexists(t)]
    if skip_existing:
        for target in existing:
            del targets[target]
    elif existing and not force:
        shown = ", ".join(t.name for t in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise CoachError(
            f"{len(existing)} file(s) already exist in {directory}: {shown}",
            hint="nothing was written; use --force to replace them",
        )
    for target, text in targets.items():
        try:
            atomic_write(target, _utf8(text), overwrite=force)
        except FileExistsError:
            raise CoachError(f"{target} appeared while exporting; it was left as it is") from None
    skipped = f"; skipped {len(existing)} already there" if skip_existing else ""
    message(f"wrote {len(targets)} file(s) to {directory}{skipped}")
