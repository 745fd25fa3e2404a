"""The coaching session's entry points: start, resume or record one, and save it.

The store is read once, into a `Context` (services.session_context), before the first prompt;
the interactive flow (core.session.flow) then runs without it. The session, its new commitments,
the reviewed commitments and the planned slot are written in one locked store write at the
end (`save`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.commitments import change_status, edit_commitment, new_commitment
from coachcli.core.models import Commitment, Review, Session, plan_key
from coachcli.core.session.state import (
    Clock,
    Context,
    State,
    check_banks,
    new_state,
)
from coachcli.core.weeks import fmt_minute, week_of
from coachcli.errors import CoachError
from coachcli.services.session_context import load_context
from coachcli.store import claims, drafts

if TYPE_CHECKING:
    from coachcli.core.ports import Prompter
    from coachcli.store.repository import Repository, Store

ROLE_QUESTION = "manager-role"


# --- saving ---------------------------------------------------------------------------------


def save(store: Store, state: State, clock: Clock) -> tuple[Session, list[Commitment]]:
    """One locked store write: the session, its new commitments, reviews, and the plan slot."""
    with store.write() as repo:
        return save_into(repo, state, clock)


def save_into(repo: Repository, state: State, clock: Clock) -> tuple[Session, list[Commitment]]:
    """Stage the session in a write transaction that the caller holds."""
    today = date.fromisoformat(state.today)
    at = datetime.combine(today, clock.now().time().replace(second=0, microsecond=0))
    rep = repo.reps.get(state.rep)
    if rep is None:
        raise CoachError(f"the rep {state.rep!r} is no longer in the roster")
    sid = repo.new_id("s")
    made = []
    for review in state.reviews:
        carried = _apply_review(repo, review, rep.slug, today, at, sid)
        if carried is not None:
            made.append(carried)
    for item in state.commitments:
        commitment = new_commitment(
            repo.new_id("c"),
            rep.slug,
            str(item["text"]),
            created=today,
            due=date.fromisoformat(due) if (due := item.get("due")) else None,
            measure=item.get("measure"),
            session=sid,
            at=at,
        )
        repo.commitments.put(commitment)
        made.append(commitment)
    key = plan_key(week_of(today), rep.slug)
    slot = repo.plans.get(key)
    plan = None
    if slot is not None and not slot.session:
        slot.session = sid
        repo.plans.put(slot)
        plan = key
    answers = list(state.answers.values())
    session = Session(
        id=sid,
        rep=rep.slug,
        date=state.today,
        started=state.started,
        minutes=state.minutes_used(),
        banks=list(state.banks),
        asked=state.asked,
        told=len(state.tells),
        reviewed=len(state.reviews),
        commitments=[c.id for c in made],
        roles=[
            str(a.answer)
            for a in answers
            if a.question_id == ROLE_QUESTION and a.answer is not None
        ],
        plan=plan,
        answers=answers,
        tells=list(state.tells),
        reviews=list(state.reviews),
        notes=state.notes,
        observed=len(state.observations),
        observations=list(state.observations),
    )
    _rep_side(repo, session, state, today)
    repo.save_session(session)
    return session, made


def _rep_side(repo: Repository, session: Session, state: State, today: date) -> None:
    """The prep the session started with (used up now), the rep's feedback, the ratings."""
    session.prep = state.prep
    session.feedback = state.feedback
    session.useful = (state.feedback or {}).get("useful")
    if state.prep is not None:
        repo.preps.delete(session.rep)
    if state.scores and state.scorecard:
        from coachcli.services.scores import save_ratings

        save_ratings(repo, session.rep, state.scorecard, state.scores, today, session.id)


def _apply_review(
    repo: Repository, review: Review, rep: str, today: date, at: datetime, sid: str
) -> Commitment | None:
    """One review into its commitment; returns the new commitment that carries it forward."""
    commitment = repo.commitments.get(review.commitment)
    if commitment is None:
        return None
    if not review.during_week:  # closed during the week: its status is already recorded
        change_status(commitment, review.status, at=at, session=sid, note=review.note)
    if review.reinforcement:
        commitment.reinforcement = review.reinforcement
    carried = None
    if review.due and review.status == "open":
        edit_commitment(
            commitment, at=at, due=date.fromisoformat(review.due), session=sid, note="reviewed"
        )
    elif review.due:  # missed or partial, carried forward: a new commitment, same words
        carried = new_commitment(
            repo.new_id("c"),
            rep,
            commitment.text,
            created=today,
            due=date.fromisoformat(review.due),
            measure=commitment.measure,
            session=sid,
            at=at,
        )
        carried.history[0].note = f"carried forward from {commitment.id} ({review.status})"
        review.carried = carried.id
        repo.commitments.put(carried)
    repo.commitments.put(commitment)
    return carried


def save_and_clear(store: Store, state: State, clock: Clock) -> tuple[Session, list[Commitment]]:
    """Save; the draft goes only once the store write has succeeded."""
    try:
        result = save(store, state, clock)
    except CoachError as exc:
        if drafts.has_draft(store.home, state.rep):
            kept = f"your answers are kept: `coach session resume {state.rep}` saves them"
            exc.hint = f"{exc.hint}; {kept}" if exc.hint else kept
        raise
    drafts.discard_draft(store.home, state.rep)
    return result


# --- entry points for the command ------------------------------------------------------------


def _open(home: Path) -> Store:
    from coachcli.store.repository import Store

    return Store(home)


def start_interactive(
    home: Path,
    rep_ref: str,
    *,
    today: date,
    prompter: Prompter,
    clock: Clock | None = None,
    banks: list[str] | None = None,
    ask_all: bool = False,
    score: str | None = None,
    take_over: bool = False,
) -> tuple[Session, list[Commitment]] | None:
    """Run a new session (or the paused one, if the manager picks it); None if not saved.

    `ask_all` asks every question of the banks instead of the selection (`--all`); `score`
    adds a step rating the rep's skills on that scorecard (`--score`). The rep's
    live-session claim is held throughout: a second terminal is refused unless it takes the
    session over (`take_over`).
    """
    clock = clock or Clock()
    store = _open(home)
    ctx = load_context(store.read(), rep_ref, today, write_cache=True)
    ctx.ask_all = ask_all
    chosen = check_banks(ctx, banks) if banks else None
    card = None
    if score is not None:
        from coachcli.services.scores import pick_scorecard

        card = pick_scorecard(home, score or None).id
    with claims.claim(home, ctx.rep.slug, ctx.rep.name, take_over=take_over):
        return _start(store, ctx, chosen, rep_ref, prompter, clock, card)


def _start(
    store: Store,
    ctx: Context,
    chosen: list[str] | None,
    rep_ref: str,
    prompter: Prompter,
    clock: Clock,
    scorecard: str | None = None,
) -> tuple[Session, list[Commitment]] | None:
    draft = drafts.load_draft(store.home, ctx.rep.slug)
    if draft is not None:
        pick = prompter.select(
            f"{ctx.rep.name} has a paused session (started {draft.get('started', '?')}).",
            [("resume", "Resume it"), ("discard", "Discard it and start a new one")],
            default="resume",
        )
        if pick == "resume":
            return _resume(store, rep_ref, None, prompter, clock)
        drafts.discard_draft(store.home, ctx.rep.slug)
    state = new_state(ctx, clock, chosen)
    state.scorecard = scorecard
    return _run_and_save(store, ctx, state, prompter, clock)


def resume_interactive(
    home: Path,
    rep_ref: str,
    *,
    today: date | None,
    prompter: Prompter,
    clock: Clock | None = None,
    take_over: bool = False,
) -> tuple[Session, list[Commitment]] | None:
    """Continue the rep's paused session where it stopped; None if not saved."""
    from coachcli.core.roster import resolve

    clock = clock or Clock()
    store = _open(home)
    rep = resolve(store.read().reps.all(), rep_ref)
    with claims.claim(home, rep.slug, rep.name, take_over=take_over):
        return _resume(store, rep_ref, today, prompter, clock)


def _resume(
    store: Store,
    rep_ref: str,
    today: date | None,
    prompter: Prompter,
    clock: Clock,
) -> tuple[Session, list[Commitment]] | None:
    from coachcli.core.roster import resolve

    repo = store.read()
    rep = resolve(repo.reps.all(), rep_ref)
    draft = drafts.load_draft(store.home, rep.slug)
    if draft is None:
        raise CoachError(
            f"{rep.name} has no paused session",
            hint=f"start one with `coach session start {rep.slug}`",
        )
    state = State.from_doc(draft)
    day = today or date.fromisoformat(state.today)
    state.today = day.isoformat()
    ctx = load_context(repo, rep.slug, day, write_cache=True)
    return _run_and_save(store, ctx, state, prompter, clock, resumed=True)


def _run_and_save(
    store: Store,
    ctx: Context,
    state: State,
    prompter: Prompter,
    clock: Clock,
    *,
    resumed: bool = False,
) -> tuple[Session, list[Commitment]] | None:
    # The interactive flow is imported only here: recording from a file never needs it.
    from coachcli.core.session.flow import run_interactive

    home = store.home
    writer = drafts.DraftWriter(home, ctx.rep.slug)
    if not run_interactive(writer, ctx, state, prompter, clock, resumed=resumed):
        return None
    if not claims.still_mine(home, ctx.rep.slug):
        raise CoachError(
            f"{ctx.rep.name}'s session was taken over in another terminal: nothing was saved here",
            hint="the answers are in the session that took it over",
        )
    return save_and_clear(store, state, clock)


def record_from_file(
    home: Path,
    rep_ref: str,
    path: Path,
    *,
    today: date,
    clock: Clock | None = None,
    banks: list[str] | None = None,
) -> tuple[Session, list[Commitment]]:
    """Record a session from an answers file: checked all or nothing, then one write."""
    from coachcli.inputs.answers_file import read_answers

    clock = clock or Clock()
    # No prompts here, so the whole thing is one transaction: the store is read once, under
    # the lock, and a problem anywhere in the file leaves it untouched.
    with _open(home).write() as repo:
        ctx = load_context(repo, rep_ref, today, numbers=False, write_cache=True)
        chosen = check_banks(ctx, banks) if banks else None
        claims.refuse_if_live(home, ctx.rep.slug, ctx.rep.name)
        if drafts.has_draft(home, ctx.rep.slug):
            raise CoachError(
                f"{ctx.rep.name} has a paused session",
                hint=f"finish it with `coach session resume {ctx.rep.slug}` or drop it with "
                f"`coach session discard {ctx.rep.slug}`",
            )
        started = fmt_minute(datetime.combine(today, clock.now().time()))
        state = read_answers(path, ctx, started, default_banks=chosen)
        return save_into(repo, state, clock)


# --- the agenda of the next session ------------------------------------------------------------


def preview(
    home: Path, rep_ref: str, *, today: date, banks: list[str] | None = None
) -> dict[str, Any]:
    """What the rep's next session would review and ask (`session preview --json`).

    Read-only: one snapshot of the store, no lock, nothing written; the same context and
    selection `session start` would use, so the preview and the session agree.
    """
    from coachcli.core.session.agenda import agenda

    repo = _open(home).read()
    ctx = load_context(repo, rep_ref, today, numbers=False)
    chosen = check_banks(ctx, banks) if banks else [ctx.suggested]
    reason = None if banks else ctx.reason
    doc = agenda(ctx, list(dict.fromkeys(chosen)), reason, _prep(repo, ctx.rep.slug))
    try:  # `session start` would first offer to resume a paused session
        draft = drafts.load_draft(home, ctx.rep.slug)
    except CoachError:  # a damaged draft: `session start` says how to drop it
        draft = {"started": "?"}
    doc["paused"] = str(draft.get("started", "?")) if draft is not None else None
    return doc


def _prep(repo: Repository, slug: str) -> dict[str, Any] | None:
    """The rep's prep form waiting for this session (`coach prep import`)."""

    """The rep's prep form waiting for this session (issue 13), as stored."""
    found = repo.preps.get(slug)
    return found.to_doc() if found is not None else None
