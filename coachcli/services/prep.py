"""`coach prep`: the form a rep fills in before their next session, and reading it back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.prep import (
    QUESTIONS_FROM_BANK,
    FilledForm,
    FormCommitment,
    PrepForm,
    form_token,
    token_matches,
)
from coachcli.core.weeks import week_of
from coachcli.errors import Problem, ProblemList
from coachcli.services.sharing import salt

if TYPE_CHECKING:
    from coachcli.store.repository import Repository


def prep_form(home: Path, rep_ref: str, today: date) -> tuple[str, str]:
    """The markdown form for the rep's next planned session, and the rep's slug."""
    from coachcli.export.prep import to_markdown
    from coachcli.services.config import load_config
    from coachcli.services.session_context import load_context
    from coachcli.store.repository import Store

    repo = Store(home).read()
    ctx = load_context(repo, rep_ref, today, numbers=False)
    if ctx.plan is not None and not ctx.plan.session and ctx.plan.start[:10] >= today.isoformat():
        when = ctx.plan.start[:10]
    elif ctx.next_planned is not None:
        when = ctx.next_planned.isoformat()
    else:
        when = today.isoformat()
    bank = ctx.banks.get(ctx.suggested)
    questions = [q.ask for q in bank.questions if q.type == "text"] if bank else []
    last = _last_session(repo, ctx.rep.slug)
    form = PrepForm(
        rep=ctx.rep.slug,
        name=ctx.rep.name,
        session_date=when,
        generated=today.isoformat(),
        manager=load_config(home).manager,
        bank=bank.id if bank else None,
        commitments=[FormCommitment(c.id, c.text, c.due, c.measure) for c in ctx.open_commitments],
        questions=questions[:QUESTIONS_FROM_BANK],
        week=week_of(date.fromisoformat(when)),
        last=last,
        token=form_token(salt(home), ctx.rep.slug, when, last),
    )
    return to_markdown(form), ctx.rep.slug


def _last_session(repo: Repository, slug: str) -> str | None:
    """The id of the rep's latest session: the 1:1 a form asks them to rate."""
    mine = repo.sessions.where(lambda d: d.get("rep") == slug, {"rep": {slug}})
    return max(mine, key=lambda s: (s.date, s.started, s.id)).id if mine else None


def import_prep(home: Path, path: Path, now: datetime) -> dict[str, Any]:
    """Check the filled-in form against the store, then store it in one write: the rep's
    next session starts with it. Any problem: nothing is stored."""
    from coachcli.inputs.prep import read_prep
    from coachcli.store.repository import Store

    form = read_prep(path)
    key = salt(home)
    with Store(home).write() as repo:
        rep = repo.reps.get(form.rep.value)
        if rep is None:
            raise ProblemList(
                [Problem(str(path), f"no rep {form.rep.value!r} in the roster", form.rep.line, 1)],
                hint="nothing was imported",
            )
        _check_binding(repo, form, rep.slug, path, key)
        _check_statuses(repo, form, rep.slug, rep.name, path)
        return _store(repo, form, rep.slug, now)


def _check_binding(repo: Repository, form: FilledForm, slug: str, path: Path, key: bytes) -> None:
    """The form is the one coach wrote for this rep and session: its token still matches
    `rep:`, `session:` and `last:`. Else it is refused at the line that shows the change."""
    fix = f"write a new form with `coach prep {slug}`; nothing was imported"
    session = form.session_date or ""

    def bound_to(rep: str) -> bool:
        return form.token is not None and token_matches(
            key, form.token.value, rep, session, form.last
        )

    if form.token is None:
        message = "the front matter has no token: this form was not written by this coach"
        problem = Problem(str(path), message, form.front_line, 1, "token")
    elif bound_to(slug):
        if form.useful is None or form.last is not None:
            return
        message = "there was no earlier 1:1 to rate: leave this section out"
        problem = Problem(str(path), message, form.feedback_line, 1, "useful")
    elif owner := next((r for r in repo.reps.all() if bound_to(r.slug)), None):
        message = f"this form was written for {owner.name} ({owner.slug}), not {slug}"
        problem = Problem(str(path), message, form.rep.line, 1, "rep")
        fix = f"import the form {owner.name} sent back unchanged; nothing was imported"
    else:
        message = (
            "the token does not match this form's rep, session and last session: the front "
            "matter was changed after coach wrote it"
        )
        problem = Problem(str(path), message, form.token.line, 1, "token")
    raise ProblemList([problem], hint=fix)


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
    if doc["feedback"] and form.last:
        rated = _feedback_on(repo, form.last, slug, doc["feedback"])
    return {"rep": slug, "prep": prep.to_doc(), "feedback_on": rated}


def _feedback_on(repo: Repository, last: str, slug: str, feedback: dict[str, Any]) -> str | None:
    """The form's "how useful was our last 1:1" goes on the session the form names (`last:`),
    unless the rep rated it in the session itself. A rating from an earlier import of a form
    is replaced: importing again repairs an import that was killed between the session's
    file and the index."""
    session = repo.load_session(last)
    if session is None or session.rep != slug:
        return None
    if session.feedback and session.feedback.get("via") != "prep":
        return None
    session.feedback = {**feedback, "via": "prep"}
    session.useful = feedback.get("useful")
    repo.save_session(session)
    return session.id
