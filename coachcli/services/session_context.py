"""What a session starts from: one read of the store and the home, before the first prompt.

Everything the flow shows or checks (the rep, open commitments, history, this week's plan, the
banks, the numbers) is gathered here into a `core.session.state.Context`, so the interactive
flow never waits on the store.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.commitments import open_for
from coachcli.core.models import Commitment, Session, plan_key
from coachcli.core.roster import resolve
from coachcli.core.rules import DEFAULT_BANK
from coachcli.core.session.state import Context
from coachcli.core.weeks import week_of
from coachcli.services.banks import load_banks, skipped_banks, weakest_banks
from coachcli.services.calls import session_call_notes
from coachcli.services.config import funnel_values

if TYPE_CHECKING:
    from coachcli.core.scorecards import Scorecard
    from coachcli.store.repository import Repository


def load_context(
    repo: Repository,
    rep_ref: str,
    today: date,
    *,
    numbers: bool = True,
    write_cache: bool = False,
) -> Context:
    """The rep, their open commitments, history and plan, and the banks: all before prompting.

    `numbers=False` (an answers file: no header to show) skips the metrics and goals unless
    the suggested bank depends on them. `write_cache`: refresh the banks cache (a session
    that will write the home anyway), never for a preview.
    """
    rep = resolve(repo.reps.all(), rep_ref)
    banks = load_banks(repo.home, write_cache=write_cache)
    day = today.isoformat()
    mine = repo.sessions.where(lambda d: d.get("rep") == rep.slug, {"rep": {rep.slug}})
    earlier = [s.date for s in mine if s.date <= day]
    slot = repo.plans.get(plan_key(week_of(today), rep.slug))
    upcoming = sorted(
        p.start[:10]
        for p in repo.plans.where(lambda d: d.get("rep") == rep.slug, {"rep": {rep.slug}})
        if not p.skipped and not p.session and p.start[:10] > day
    )
    planned = slot.focus if slot is not None and slot.focus in banks else None
    own = rep.focus if rep.focus in banks else None
    need_weakest = numbers or not (planned or own)
    weakest = weakest_banks(repo, [rep.slug], today).get(rep.slug) if need_weakest else None
    if planned:
        suggested, reason = planned, "this week's plan"
    elif own:
        suggested, reason = own, f"{rep.name}'s focus"
    elif weakest and weakest.bank in banks:
        suggested, reason = weakest.bank, f"weakest conversion: {weakest.describe()}"
    else:
        suggested, reason = DEFAULT_BANK, "the default"
    lines = [f"Weakest conversion vs the team: {weakest.describe()}"] if numbers and weakest else []
    pacing: list[str] = []
    if numbers and len(repo.goals):
        from coachcli.core.pacing import pacing_for  # only for the header's numbers

        paces = pacing_for(repo, funnel_values(repo.home), rep.slug, today)
        pacing = [f"Pacing {p.metric}: {p.describe()} (goal {p.goal:g}/week)" for p in paces]
        lines += pacing
    said, notes = session_call_notes(repo, rep.slug, mine, today) if numbers else ([], {})
    lines += said
    return Context(
        rep=rep,
        today=today,
        open_commitments=open_for(
            repo.commitments.where(
                lambda d: d.get("rep") == rep.slug and d.get("status") == "open",
                {"rep": {rep.slug}, "status": {"open"}},
            ),
            rep.slug,
        ),
        last_session=max(earlier) if earlier else None,
        plan=slot,
        next_planned=date.fromisoformat(upcoming[0]) if upcoming else None,
        suggested=suggested,
        reason=reason,
        banks=banks,
        numbers=lines,
        skipped=skipped_banks(),
        asked_before=asked_before(repo, [s for s in mine if s.date <= day]),
        closed_since=closed_since(repo, rep.slug, max(earlier) if earlier else None, today),
        call_notes=notes,
        ratios=_ratios(repo, rep.slug, today) if numbers and len(repo.metrics) else [],
        pacing=pacing,
        **_rep_side(repo, rep.slug),
    )


def _rep_side(repo: Repository, slug: str) -> dict[str, Any]:
    """The rep's waiting prep form, and the scorecards (loaded only if a step rates skills)."""
    found = repo.preps.get(slug)
    return {"prep": found.to_doc() if found else None, "scorecards": lambda: _scorecards(repo.home)}


def _scorecards(home: Path) -> dict[str, Scorecard]:
    from coachcli.inputs.scorecards import load_scorecards

    return load_scorecards(home)[0]


def closed_since(
    repo: Repository, slug: str, last_session: str | None, today: date
) -> list[Commitment]:
    """Commitments closed outside a session since the last one (`commit done` during the week):
    the review recognises them and asks how the rep will keep it going."""
    since = last_session or (today - timedelta(days=14)).isoformat()
    found = []
    for c in repo.commitments.where(
        lambda d: d.get("rep") == slug and d.get("status") in ("done", "partial", "missed"),
        {"rep": {slug}, "status": {"done", "partial", "missed"}},
    ):
        change = next((h for h in reversed(c.history) if h.status == c.status), None)
        if change is None or change.session or change.edited:
            continue
        if since <= change.at[:10] <= today.isoformat() and c.created < today.isoformat():
            found.append(c)
    return sorted(found, key=lambda c: (c.closed_on or "", c.id))


def _ratios(repo: Repository, slug: str, today: date) -> list[str]:
    values = funnel_values(repo.home)
    return ratio_lines(repo, slug, today, values.funnel, min_sample=values.min_sample)


def ratio_lines(
    repo: Repository,
    slug: str,
    today: date,
    funnel: list[str],
    weeks: int = 8,
    min_sample: int | None = None,
) -> list[str]:
    """`calls->conversations: 25.0% (6 of 24; team 30.0%)` per transition, over the last
    `weeks`; a sample under `min_sample` says "not enough data" (core.rules.enough)."""
    from coachcli.core import metrics
    from coachcli.core.numbers import ratio_text
    from coachcli.core.rules import MIN_SAMPLE, enough

    sample = MIN_SAMPLE if min_sample is None else min_sample
    grouped = metrics.team_of(
        metrics.by_rep(repo.metrics.all(), metrics.window(today, weeks)), repo.reps.all(), slug
    )
    if slug not in grouped:
        return []
    team = metrics.team_counts(grouped, funnel)
    medians = metrics.sampled_medians(team, funnel, sample)
    return [
        f"{name}: {ratio_text(num, den, enough=enough(den, sample), team=medians.get(name))}"
        for name, (num, den) in team[slug].items()
    ]


MEMORY_DAYS = 366  # how far back what a rep was asked is remembered: at least a year


def asked_before(repo: Repository, sessions: list[Session]) -> dict[str, str]:
    """ "bank/question" -> the latest date the rep answered it, over the last year.

    Kept per bank over the rep's history, not their last few sessions: a rep whose banks
    cycle every nine weeks is still not asked a bank's questions again while it has unasked
    ones. Reads the bodies (the answers live there) of the sessions from the last MEMORY_DAYS
    before the latest one; the selection (core.session.selection) puts these questions last.
    """
    out: dict[str, str] = {}
    if not sessions:
        return out
    latest = date.fromisoformat(max(s.date for s in sessions))
    since = (latest - timedelta(days=MEMORY_DAYS)).isoformat()
    for index_row in sorted(sessions, key=lambda s: (s.date, s.started, s.id)):
        if index_row.date < since or not index_row.banks:
            continue
        session = repo.load_session(index_row.id)
        if session is None:
            continue
        for answer in session.answers:
            if answer.answer is not None or answer.follow_ups:
                out[answer.key()] = max(out.get(answer.key(), ""), session.date)
    return out
