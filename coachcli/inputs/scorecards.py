"""Scorecard files and ratings files -> values, every problem located.

Shipped scorecards live in the top-level `scorecards/` directory (installed as the package
`coachcli.scorecards`); the user's own in `<home>/scorecards/*.yaml` override shipped ones
with the same id. YAML goes through `coachcli.inputs.yamlio` (safe subset, no aliases, no duplicate
keys, size cap, strict UTF-8); a file with any problem is not loaded.
"""

from __future__ import annotations

from pathlib import Path

from coachcli.core.scorecards import Scorecard, check_ratings
from coachcli.errors import CoachError, Problem, ProblemList

USER_DIR = "scorecards"
SHIPPED = "shipped"


def shipped_dir() -> Path:
    import coachcli.scorecards as shipped

    return Path(shipped.__file__).parent


def parse_scorecard(path: Path, *, shipped: bool = False) -> Scorecard:
    """One scorecard file, or a ProblemList of everything wrong with it."""
    from pydantic import ValidationError

    from coachcli.inputs.yamlio import describe_errors, load_yaml_mapping, locate

    if not path.is_file():
        what = "no such file" if not path.exists() else "not a regular file"
        raise ProblemList([Problem(str(path), what, 1, 1, "file")])
    data, marks = load_yaml_mapping(path)
    problems: list[Problem] = []
    if "source" in data:
        line, col = locate(marks, ("source",))
        problems.append(Problem(str(path), "unknown field (coach sets it)", line, col, "source"))
        data = {k: v for k, v in data.items() if k != "source"}
    card: Scorecard | None = None
    try:
        card = Scorecard.model_validate(data)
    except ValidationError as exc:
        problems.extend(describe_errors(exc, path, marks))
    if shipped and isinstance(data.get("id"), str) and data["id"] != path.stem:
        line, col = locate(marks, ("id",))
        problems.append(Problem(str(path), f"must be in {data['id']}.yaml", line, col, "id"))
    if problems or card is None:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ProblemList(problems)
    card.source = SHIPPED if shipped else str(path)
    return card


def load_scorecards(home: Path) -> tuple[dict[str, Scorecard], list[Problem]]:
    """Shipped scorecards overridden by valid user ones; the problems of skipped files."""
    cards: dict[str, Scorecard] = {}
    problems: list[Problem] = []
    files = [(p, True) for p in sorted(shipped_dir().glob("*.yaml"))]
    user = home / USER_DIR
    if user.is_dir():
        files += [(p, False) for p in sorted(user.glob("*.yaml"))]
    for path, shipped in files:
        try:
            card = parse_scorecard(path, shipped=shipped)
        except ProblemList as exc:
            problems.extend(exc.items)
            continue
        cards[card.id] = card
    return dict(sorted(cards.items())), problems


def find_scorecard(cards: dict[str, Scorecard], card_id: str) -> Scorecard:
    key = card_id.strip().lower()
    if key in cards:
        return cards[key]
    known = ", ".join(cards) or "none"
    raise CoachError(
        f"unknown scorecard {card_id!r} (known: {known})",
        hint="`coach scorecard list` shows them; yours go in <home>/scorecards/",
    )


def read_ratings(path: Path, cards: dict[str, Scorecard], default: str | None) -> Ratings:
    """A ratings file: `scorecard: ID` (optional when `default` is given) and
    `ratings: {skill-id: 1..5}`; every problem located."""
    from coachcli.inputs.yamlio import load_yaml_mapping, locate

    data, marks = load_yaml_mapping(path)
    where = str(path)
    problems: list[Problem] = []
    for key in data:
        if key not in ("scorecard", "ratings"):
            line, col = locate(marks, (str(key),))
            problems.append(Problem(where, "unknown field", line, col, str(key)))
    card_id = data.get("scorecard", default)
    card = None
    if not isinstance(card_id, str) or not card_id.strip():
        problems.append(Problem(where, "name the scorecard, like `scorecard: sales`", 1, 1))
    elif card_id.strip().lower() not in cards:
        line, col = locate(marks, ("scorecard",))
        known = ", ".join(cards) or "none"
        msg = f"unknown scorecard {card_id!r} (known: {known})"
        problems.append(Problem(where, msg, line, col, "scorecard"))
    else:
        card = cards[card_id.strip().lower()]
    ratings = data.get("ratings")
    if not isinstance(ratings, dict) or not ratings:
        line, col = locate(marks, ("ratings",))
        msg = "a mapping of skill id to 1..5, like `discovery: 3`"
        problems.append(Problem(where, msg, line, col, "ratings"))
    elif card is not None:
        for skill_id, message in check_ratings(card, ratings):
            line, col = locate(marks, ("ratings", skill_id))
            problems.append(Problem(where, message, line, col, f"ratings.{skill_id}"))
    if problems or card is None or not isinstance(ratings, dict):
        raise ProblemList(problems, hint="nothing was saved")
    return Ratings(card.id, {str(k): int(v) for k, v in ratings.items()})


class Ratings:
    """What a ratings file (or a session's `scores:`) says: a scorecard id and the ratings."""

    def __init__(self, scorecard: str, ratings: dict[str, int]) -> None:
        self.scorecard = scorecard
        self.ratings = ratings

    def __repr__(self) -> str:
        return f"Ratings({self.scorecard!r}, {self.ratings!r})"
