"""`coach call`: measure a transcript, store its figures (never its words), list and show them.

The file is read and measured before the store is locked; the transaction only resolves the
rep and the session and writes one record. The cues (and their words) are dropped when
`add_call` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachcli.core import talk
from coachcli.core.models import Call, Rep
from coachcli.errors import CoachError


def call_json(call: Call, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The documented JSON of a call (`call add/list/show --json`)."""
    doc = call.to_doc()
    doc["name"] = (names or {}).get(call.rep, call.rep)
    return doc


def _thresholds(home: Path) -> tuple[str, talk.Thresholds]:
    from coachcli.services.config import load_config

    config = load_config(home)
    roles = config.call_roles
    return config.manager, talk.Thresholds(roles.lead_ratio, roles.silent_share)


def _no_one_known(path: Path, speakers: Sequence[str], rep: Rep, manager: str) -> CoachError:
    found = ", ".join(repr(s) for s in speakers[:20])
    who = f"the manager ({manager!r}) nor " if manager else "the manager nor "
    return CoachError(
        f"{path}: neither {who}{rep.name} speaks in this transcript; speakers found: {found}",
        hint=(
            f"name the rep's speaker with `coach rep edit {rep.slug} --alias NAME`, and the "
            "manager with --manager NAME or `manager:` in config.yaml"
        ),
    )


def measure_file(
    path: Path, rep: Rep, manager: str, kind: str | None, thresholds: talk.Thresholds
) -> tuple[str, talk.Figures, list[str]]:
    """(format, figures, speakers) of one transcript for `rep`; nothing is kept of the text."""
    from coachcli.inputs.transcripts import read_transcript

    fmt, cues = read_transcript(path)
    speakers = talk.speaker_names(cues)
    roles = talk.assign_roles(speakers, [manager] if manager else [], [rep.name, *rep.aliases])
    present = set(roles.values())
    if "manager" not in present and "rep" not in present:
        raise _no_one_known(path, speakers, rep, manager)
    chosen = talk.check_kind(kind) if kind else talk.default_kind(roles)
    if chosen != "customer" and not manager:
        raise CoachError(
            f"{path}: who is the manager on this {chosen} call? speakers found: "
            + ", ".join(repr(s) for s in speakers[:20]),
            hint="give --manager NAME, or set `manager:` in config.yaml once",
        )
    figures = talk.measure(cues, roles, chosen, thresholds)
    return fmt, figures, speakers


def add_call(
    home: Path,
    rep_ref: str,
    path: Path,
    *,
    kind: str | None,
    day: date,
    session: str | None = None,
    manager: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Measure `path` for the rep and store the figures; (the call's JSON, warnings)."""
    from coachcli.core.ids import resolve_id
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    configured, thresholds = _thresholds(home)
    who = (manager or configured or "").strip()
    store = Store(home)
    rep = resolve(store.read().reps.all(), rep_ref)
    fmt, figures, speakers = measure_file(path, rep, who, kind, thresholds)
    warnings: list[str] = []
    roles = {s.role for s in figures.speakers}
    if who and "manager" not in roles and figures.kind != "customer":
        warnings.append(
            f"the manager ({who!r}) does not speak in {path}; speakers found: "
            + ", ".join(repr(s) for s in speakers[:20])
        )
    if "rep" not in roles:
        warnings.append(f"{rep.name} does not speak in {path}")
    with store.write() as repo:
        rep = resolve(repo.reps.all(), rep.slug)
        session_id = None
        if session:
            session_id = resolve_id(repo.sessions.keys(), session, "s", "session")
            held = repo.sessions.get(session_id)
            if held is not None and held.rep != rep.slug:
                raise CoachError(f"session {session_id} is {held.rep}'s, not {rep.slug}'s")
        data = figures.to_json()
        call = Call(
            id=repo.new_id("k"),
            rep=rep.slug,
            date=day.isoformat(),
            kind=figures.kind,
            minutes=data["minutes"],
            session=session_id,
            format=fmt,
            cues=figures.cues,
            speakers=data["speakers"],
            manager_share=data["manager_share"],
            rep_share=data["rep_share"],
            other_share=data["other_share"],
            manager_role=figures.manager_role,
            manager_questions_per_statement=data["manager_questions_per_statement"],
            added=datetime.now().strftime("%Y-%m-%dT%H:%M"),
        )
        repo.calls.put(call)
    return call_json(call, {rep.slug: rep.name}), warnings


def newest_first(calls: Iterable[Call]) -> list[Call]:
    return sorted(calls, key=lambda c: (c.date, c.added, c.id), reverse=True)


def list_calls(home: Path, rep_ref: str | None = None) -> list[dict[str, Any]]:
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    repo = Store(home).read()
    reps = repo.reps.all()
    names = {r.slug: r.name for r in reps}
    calls = repo.calls.all()
    if rep_ref:
        slug = resolve(reps, rep_ref).slug
        calls = [c for c in calls if c.rep == slug]
    return [call_json(c, names) for c in newest_first(calls)]


def show_call(home: Path, ref: str) -> dict[str, Any]:
    from coachcli.core.ids import resolve_id
    from coachcli.store.repository import Store

    repo = Store(home).read()
    call = repo.calls.get(resolve_id(repo.calls.keys(), ref, "k", "call"))
    assert call is not None
    return call_json(call, {r.slug: r.name for r in repo.reps.all()})
