"""`coach recap`: compose a session's recap for the rep and render it."""

from __future__ import annotations

from pathlib import Path

from coachcli.errors import CoachError

FORMATS = ("md", "txt", "eml")


def recap_text(
    home: Path, session_ref: str, fmt: str, *, with_suggestions: bool, to_file: bool
) -> tuple[str, str]:
    """The rendered recap and the rep's slug. An email needs the rep's address unless it
    goes to a file (where the manager can fill it in)."""
    from coachcli.core.ids import resolve_id
    from coachcli.core.recap import compose_recap
    from coachcli.export import recap as render
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    if fmt not in FORMATS:
        raise CoachError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    repo = Store(home).read()
    sid = resolve_id(repo.sessions.keys(), session_ref, "s", "session")
    session = repo.load_session(sid)
    if session is None:  # pragma: no cover - resolve_id found it
        raise CoachError(f"no session with id {session_ref!r}")
    rep = repo.reps.get(session.rep)
    if rep is None:
        raise CoachError(f"the rep of session {sid} is no longer in the roster")
    wanted = set(session.commitments) | {r.commitment for r in session.reviews}
    commitments = {c: found for c in wanted if (found := repo.commitments.get(c)) is not None}
    plans = repo.plans.where(lambda d: d.get("rep") == rep.slug)
    config = load_config(home)
    recap = compose_recap(
        session,
        rep,
        commitments,
        plans,
        manager=config.manager,
        manager_email=config.manager_email,
        with_suggestions=with_suggestions,
    )
    if fmt == "md":
        return render.to_markdown(recap), rep.slug
    if fmt == "txt":
        return render.to_text(recap), rep.slug
    if not rep.email and not to_file:
        raise CoachError(
            f"{rep.name} has no email address, so the message would have no To:",
            hint=f"add one with `coach rep edit {rep.slug} --email ADDRESS`, or write the "
            "message to a file with -o FILE and fill in To: there",
        )
    try:
        return render.to_eml(recap), rep.slug
    except (ValueError, IndexError) as exc:
        raise CoachError(
            f"cannot address the email: {exc}",
            hint="check the rep's email and manager_email in config.yaml",
        ) from None
