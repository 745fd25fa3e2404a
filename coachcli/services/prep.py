"""`coach prep`: the form a rep fills in before their next session, and reading it back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.prep import QUESTIONS_FROM_BANK, FilledForm, FormCommitment, PrepForm
from coachcli.errors import Problem, ProblemList

if TYPE_CHECKING:
    from coachcli.store.repository import Repository


def prep_form(home: Path, rep_ref: str, today: date) -> tuple[str, str]:
    """The markdown form for the rep's next planned session, and the rep's slug."""
    from coachcli.export.prep import to_markdown
    from coachcli.services.config import load_config
    from coachcli.services.session_context import load_context
    from coachcli.store.repository import Store

    ctx = load_context(Store(home).read(), rep_ref, today, numbers=False)
    if ctx.plan is not None and not ctx.plan.session and ctx.plan.start[:10] >= today.isoformat():
        when = ctx.plan.start[:10]
    elif ctx.next_planned is not None:
        when = ctx.next_planned.isoformat()
    else:
        when = today.isoformat()
    bank = ctx.banks.get(ctx.suggested)
    questions = [q.ask for q in bank.questions if q.type == "text"] if bank else []
    form = PrepForm(
        rep=ctx.rep.slug,
        name=ctx.rep.name,
        session_date=when,
        generated=today.isoformat(),
        manager=load_config(home).manager,
        bank=bank.id if bank else None,
        commitments=[FormCommitment(c.id, c.text, c.due, c.measure) for c in ctx.open_commitments],
        questions=questions[:QUESTIONS_FROM_BANK],
    )
    return to_markdown(form), ctx.rep.slug


def import_prep(home: Path, path: Path, now: datetime) -> dict[str, Any]:
    """Check the filled-in form against the store, then store it in one write: the rep's
    next session starts with it. Any problem: nothing is stored."""
    from coachcli.inputs.prep import read_prep
    from coachcli.store.repository import Store

    form = read_prep(path)
    with Store(home).write() as repo:
        rep = repo.reps.get(form.rep.value)
        if rep is None:
            raise ProblemList(
                [Problem(str(path), f"no rep {form.rep.value!r} in the roster", form.rep.line, 1)],
                hint="nothing was imported",
            )
        _check_statuses(repo, form, rep.slug, rep.name, path)
        return _store(repo, form, rep.slug, now)


def _check_statuses(repo: Repository, form: FilledForm, slug: str, name: str, path: Path) -> None:
    problems = []
    for status in form.statuses:
        found = repo.commitments.get(status.commitment)
        if found is None:
            problems.append(
                Problem(str(path), f"unknown commitment id {status.commitment!r}", status.line, 1)
            )
        elif found.rep != slug:
            owner = repo.reps.get(found.rep)
            whose = owner.name if owner else found.rep
            message = f"{status.commitment} is {whose}'s commitment, not {name}'s"
            problems.append(Problem(str(path), message, status.line, 1))
    if problems:
        raise ProblemList(problems, hint="nothing was imported")


def _store(repo: Repository, form: FilledForm, slug: str, now: datetime) -> dict[str, Any]:
    from coachcli.core.models import Prep
    from coachcli.core.weeks import fmt_minute

    doc = form.prep_doc()
    open_ids = {c.id for c in repo.commitments.where(lambda d: d.get("rep") == slug)}
    doc["statuses"] = [s for s in doc["statuses"] if s["commitment"] in open_ids]
    prep = Prep(
        rep=slug,
        date=form.session_date or now.date().isoformat(),
        imported=fmt_minute(now),
        answers=doc["answers"],
        statuses=doc["statuses"],
        feedback=doc["feedback"],
    )
    repo.preps.put(prep)
    rated = None
    if doc["feedback"]:
        rated = _feedback_on_last_session(repo, slug, doc["feedback"])
    return {"rep": slug, "prep": prep.to_doc(), "feedback_on": rated}


def _feedback_on_last_session(repo: Repository, slug: str, feedback: dict[str, Any]) -> str | None:
    """The form's "how useful was our last 1:1" goes on that session, unless it has some."""
    mine = repo.sessions.where(lambda d: d.get("rep") == slug)
    if not mine:
        return None
    last = max(mine, key=lambda s: (s.date, s.started, s.id))
    session = repo.load_session(last.id)
    if session is None or session.feedback:
        return None
    session.feedback = {**feedback, "via": "prep"}
    session.useful = feedback.get("useful")
    repo.save_session(session)
    return session.id
