"""`coach call`: measure a transcript, store its figures (never its words), list and show them.

The file is streamed and measured before the store is locked; the transaction only resolves
the rep and the session, looks for the same transcript already stored, and writes one record.
No cue outlives its measure: the words are dropped as the file is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core import talk
from coachcli.core.models import Call, Rep, Session
from coachcli.errors import CoachError, Problem, ProblemList

if TYPE_CHECKING:
    from coachcli.store.repository import Repository


def call_json(call: Call, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The documented JSON of a call (`call add/list/show --json`)."""
    doc = call.to_doc()
    doc.pop("content_hash", None)  # the store's own check for "already added"
    doc["name"] = (names or {}).get(call.rep, call.rep)
    return doc


class Settings:
    """What `call add` reads from config.yaml: the manager's name, the role thresholds and
    the silence that ends a monologue."""

    def __init__(self, home: Path) -> None:
        from coachcli.services.config import load_config

        config = load_config(home)
        roles = config.call_roles
        self.manager = config.manager
        self.thresholds = talk.Thresholds(roles.lead_ratio, roles.silent_share)
        self.gap = config.monologue_gap


def _no_one_known(path: Path, speakers: Sequence[str], rep: Rep, manager: str) -> CoachError:
    found = ", ".join(repr(s) for s in speakers[:20]) or "none"
    who = f"the manager ({manager!r}) nor " if manager else "the manager nor "
    return CoachError(
        f"{path}: neither {who}{rep.name} speaks in this transcript; speakers found: {found}",
        hint=(
            f"name the rep's speaker with `coach rep edit {rep.slug} --alias NAME`, and the "
            "manager with --manager NAME or `manager:` in config.yaml"
        ),
    )


def measure_file(
    path: Path, rep: Rep, manager: str, kind: str | None, settings: Settings
) -> tuple[str, talk.Figures, list[str]]:
    """(format, figures, speakers) of one transcript for `rep`; nothing is kept of the text.

    The cues stream from the file into a `Tally` one at a time (a 400,000-cue file is never
    held whole)."""
    from coachcli.core.speaker_labels import LabelRule
    from coachcli.core.talk_tally import Tally, TooManySpeakers
    from coachcli.inputs.transcripts import open_transcript

    managers = [manager] if manager else []
    reps = [rep.name, *rep.aliases]
    fmt, cues = open_transcript(path, LabelRule([*managers, *reps]))
    tally = Tally(settings.gap)
    try:
        for cue in cues:
            tally.add(cue)
    except TooManySpeakers as exc:
        raise ProblemList([Problem(str(path), exc.message)]) from None
    speakers = tally.speaker_names()
    roles = talk.assign_roles(speakers, managers, reps)
    present = set(roles.values())
    if "manager" not in present and "rep" not in present:
        raise _no_one_known(path, speakers, rep, manager)
    chosen = _kind(path, kind, roles, manager, speakers)
    return fmt, tally.figures(roles, chosen, settings.thresholds), speakers


def _kind(
    path: Path, kind: str | None, roles: dict[str, str], manager: str, speakers: Sequence[str]
) -> str:
    """The call's kind: as given, else from who speaks. A call the manager is not heard in is
    a customer call: asking for a joint or coaching call there is refused."""
    found = ", ".join(repr(s) for s in speakers[:20])
    if not manager and (kind is None or talk.check_kind(kind) != "customer"):
        raise CoachError(
            f"{path}: who is the manager on this call? speakers found: {found}",
            hint="give --manager NAME (or set `manager:` in config.yaml once), or --kind customer",
        )
    if kind is None:
        return talk.default_kind(roles)
    chosen = talk.check_kind(kind)
    if chosen != "customer" and "manager" not in roles.values():
        raise CoachError(
            f"{path}: you ({manager!r}) do not speak in this transcript, so it cannot be "
            f"measured as a {chosen} call; speakers found: {found}",
            hint="a call you are not heard in is a customer call (--kind customer); "
            "if you do speak under another name, give --manager NAME",
        )
    return chosen


def add_call(
    home: Path,
    rep_ref: str,
    path: Path,
    *,
    kind: str | None,
    day: date,
    session: str | None = None,
    manager: str | None = None,
) -> tuple[dict[str, Any], list[str], bool]:
    """Measure `path` for the rep and store the figures: (the call's JSON, warnings, stored).

    The same transcript (the same cues: a hash of their times, speakers and words, the only
    trace of the text kept) added again for the same rep is not stored twice: the call
    already stored is returned, with stored False.
    """
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    settings = Settings(home)
    who = (manager or settings.manager or "").strip()
    store = Store(home)
    rep = resolve(store.read().reps.all(), rep_ref)
    fmt, figures, _ = measure_file(path, rep, who, kind, settings)
    warnings: list[str] = []
    if "rep" not in {s.role for s in figures.speakers}:
        warnings.append(f"{rep.name} does not speak in {path}")
    with store.write() as repo:
        rep = resolve(repo.reps.all(), rep.slug)
        session_id = _session_id(repo, rep, session)
        same = repo.calls.where(
            lambda d: d.get("rep") == rep.slug and d.get("content_hash") == figures.digest,
            {"rep": {rep.slug}},
        )
        if same:
            return call_json(same[0], {rep.slug: rep.name}), [], False
        call = _new_call(repo, rep, figures, fmt, day, session_id)
        repo.calls.put(call)
    return call_json(call, {rep.slug: rep.name}), warnings, True


def _session_id(repo: Repository, rep: Rep, session: str | None) -> str | None:
    from coachcli.core.ids import resolve_id

    if not session:
        return None
    session_id = resolve_id(repo.sessions.keys(), session, "s", "session")
    held = repo.sessions.get(session_id)
    if held is not None and held.rep != rep.slug:
        raise CoachError(f"session {session_id} is {held.rep}'s, not {rep.slug}'s")
    return session_id


def _new_call(
    repo: Repository,
    rep: Rep,
    figures: talk.Figures,
    fmt: str,
    day: date,
    session_id: str | None,
) -> Call:
    data = figures.to_json()
    return Call(
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
        unattributed_share=data["unattributed_share"],
        manager_role=figures.manager_role,
        manager_questions_per_statement=data["manager_questions_per_statement"],
        added=datetime.now().strftime("%Y-%m-%dT%H:%M"),
        content_hash=figures.digest,
    )


def remove_call(home: Path, ref: str) -> tuple[dict[str, Any], int]:
    """Remove one call from the store and from every backup of it: (its JSON, backups
    rewritten). The backup this very write makes holds the call too, so it is rewritten."""
    from coachcli.core.ids import resolve_id
    from coachcli.store.backup_records import drop_from_backups
    from coachcli.store.repository import Store

    store = Store(home)
    with store.write() as repo:
        call_id = resolve_id(repo.calls.keys(), ref, "k", "call")
        call = repo.calls.get(call_id)
        assert call is not None
        names = {r.slug: r.name for r in repo.reps.all()}
        repo.calls.delete(call_id)
    rewritten = drop_from_backups(home, store.path, "calls", call_id)
    return call_json(call, names), rewritten


def session_call_notes(
    repo: Repository, slug: str, sessions: Sequence[Session], today: date
) -> tuple[list[str], dict[str, list[str]]]:
    """What a session with the rep says about their measured calls (core.call_notes): header
    lines, and lines per bank id; `sessions` are the rep's sessions."""
    from coachcli.core.call_notes import call_notes

    if not len(repo.calls):
        return [], {}
    day = today.isoformat()
    held = [s for s in sessions if s.date <= day]
    last = max(held, key=lambda s: (s.date, s.started, s.id), default=None)
    calls = repo.calls.where(lambda d: d.get("rep") == slug, {"rep": {slug}})
    return call_notes(calls, (last.id, last.date) if last else None, today)


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
