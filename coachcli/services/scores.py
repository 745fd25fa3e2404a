"""Skill ratings of reps on scorecards: rate (from a file or at the terminal), store, trend."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.core.models import Score, score_key
from coachcli.core.scorecards import Scorecard, skill_trend
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.ports import Prompter
    from coachcli.store.repository import Repository

DEFAULT_SCORECARD = "sales"


def scorecards(home: Path) -> tuple[dict[str, Scorecard], list[str]]:
    """Every valid scorecard by id, and the located problems of skipped files (as lines)."""
    from coachcli.inputs.scorecards import load_scorecards

    cards, problems = load_scorecards(home)
    return cards, [str(p) for p in problems]


def default_scorecard(cards: dict[str, Scorecard]) -> str | None:
    if DEFAULT_SCORECARD in cards:
        return DEFAULT_SCORECARD
    return next(iter(cards), None)


def pick_scorecard(home: Path, card_id: str | None) -> Scorecard:
    from coachcli.inputs.scorecards import find_scorecard

    cards, _ = scorecards(home)
    wanted = card_id or default_scorecard(cards)
    if wanted is None:
        raise CoachError("no scorecard is installed", hint="add one to <home>/scorecards/")
    return find_scorecard(cards, wanted)


def save_ratings(
    repo: Repository,
    rep: str,
    card: str,
    ratings: dict[str, int],
    day: date,
    session: str | None = None,
) -> Score:
    """Stage the ratings; a second rating of the same rep, scorecard and day merges in."""
    key = score_key(rep, card, day.isoformat())
    found = repo.scores.get(key)
    merged = dict(found.ratings) if found else {}
    merged.update(ratings)
    score = Score(
        rep=rep,
        date=day.isoformat(),
        scorecard=card,
        ratings=merged,
        session=session or (found.session if found else None),
    )
    repo.scores.put(score)
    return score


def rate_from_file(home: Path, rep_ref: str, path: Path, card_id: str | None, day: date) -> Score:
    """Ratings from a ratings file: checked all or nothing, then one locked write."""
    from coachcli.core.roster import resolve
    from coachcli.inputs.scorecards import read_ratings
    from coachcli.store.repository import Store

    cards, _ = scorecards(home)
    default = card_id or default_scorecard(cards)
    parsed = read_ratings(path, cards, default)
    with Store(home).write() as repo:
        rep = resolve(repo.reps.all(), rep_ref)
        return save_ratings(repo, rep.slug, parsed.scorecard, parsed.ratings, day)


def ask_ratings(card: Scorecard, prompter: Prompter) -> dict[str, int]:
    """Each skill with its five levels; Enter skips a skill."""
    ratings: dict[str, int] = {}
    for skill in card.skills:
        options = [(str(n), f"{n}  {text}") for n, text in enumerate(skill.levels, start=1)]
        options.append(("", "skip this skill"))
        picked = prompter.select(
            f"{skill.name}: which level did you see?", options, default="", hint="Enter skips"
        )
        if picked:
            ratings[skill.id] = int(picked)
    return ratings


def rate_interactive(
    home: Path, rep_ref: str, card_id: str | None, day: date, prompter: Prompter
) -> Score | None:
    """Rate at the terminal; None when every skill was skipped (nothing is written)."""
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    store = Store(home)

    card = pick_scorecard(home, card_id)
    rep = resolve(store.read().reps.all(), rep_ref)
    prompter.note(f"Rating {rep.name} on {card.title}", style="bold")
    ratings = ask_ratings(card, prompter)
    if not ratings:
        return None
    with store.write() as repo:
        rep = resolve(repo.reps.all(), rep.slug)
        return save_ratings(repo, rep.slug, card.id, ratings, day)


def score_report(home: Path, rep_ref: str) -> dict[str, Any]:
    """`score show --json`: per scorecard the rep was rated on, each skill's trend.

    The top-level `skills` are those of the most recently used scorecard (the contract's
    shape); `scorecards` holds every scorecard's trend.
    """
    from coachcli.core.roster import resolve
    from coachcli.store.repository import Store

    repo = Store(home).read()
    rep = resolve(repo.reps.all(), rep_ref)
    entries = sorted(
        repo.scores.where(lambda d: d.get("rep") == rep.slug), key=lambda s: (s.date, s.scorecard)
    )
    cards, _ = scorecards(home)
    by_card: dict[str, list[tuple[str, dict[str, int]]]] = {}
    for score in entries:
        by_card.setdefault(score.scorecard, []).append((score.date, score.ratings))
    sheets = [
        {
            "id": card_id,
            "title": cards[card_id].title if card_id in cards else card_id,
            "skills": skill_trend(cards.get(card_id), items),
        }
        for card_id, items in by_card.items()
    ]
    latest = entries[-1].scorecard if entries else None
    main = next((s for s in sheets if s["id"] == latest), None)
    return {
        "rep": rep.slug,
        "name": rep.name,
        "scorecard": latest,
        "skills": main["skills"] if main else [],
        "scorecards": sheets,
    }
