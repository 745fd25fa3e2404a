"""Skill scorecards: the skills a rep is rated on, five behavioural levels each, and the
trend of a rep's ratings over time.

A scorecard file (docs/formats.md, "Scorecard"): `id`, `title`, `skills:` a list of `id`,
`name`, `levels` (five descriptions, for 1 to 5). Reading the file and locating its problems
is `coachcli.inputs.scorecards`; this module is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from coachcli.core.ids import KEBAB_ID

LEVELS = 5
SPARK = "▁▂▃▅█"  # one glyph per level, 1 to 5


def _kebab(value: str) -> str:
    if not KEBAB_ID.match(value):
        raise ValueError(f"{value!r} is not kebab-case (lower-case words joined by -)")
    return value


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


Id = Annotated[str, AfterValidator(_kebab)]
Text = Annotated[str, AfterValidator(_text)]


class Skill(BaseModel):
    """One skill: `levels[0]` describes a 1, `levels[4]` a 5."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    name: Text
    levels: list[Text] = Field(min_length=LEVELS, max_length=LEVELS)


class Scorecard(BaseModel):
    """A scorecard; `source` is set by the loader ("shipped" or the file's path)."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    title: Text
    summary: str = ""
    skills: list[Skill] = Field(min_length=1)
    source: str = "shipped"

    @field_validator("skills")
    @classmethod
    def _unique(cls, skills: list[Skill]) -> list[Skill]:
        seen: set[str] = set()
        for skill in skills:
            if skill.id in seen:
                raise ValueError(f"duplicate skill id {skill.id!r}")
            seen.add(skill.id)
        return skills

    def skill(self, skill_id: str) -> Skill | None:
        return next((s for s in self.skills if s.id == skill_id), None)

    def json_summary(self) -> dict[str, Any]:
        """The `scorecard list --json` object."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "skills": len(self.skills),
            "source": self.source,
        }

    def json_full(self) -> dict[str, Any]:
        """The `scorecard show --json` object."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "source": self.source,
            "skills": [{"id": s.id, "name": s.name, "levels": list(s.levels)} for s in self.skills],
        }


def check_ratings(card: Scorecard, ratings: dict[str, Any]) -> list[tuple[str, str]]:
    """(skill id, problem) for each rating that is not a known skill rated 1 to 5."""
    problems = []
    for skill_id, value in ratings.items():
        if card.skill(str(skill_id)) is None:
            known = ", ".join(s.id for s in card.skills)
            problems.append((str(skill_id), f"unknown skill in {card.id} (known: {known})"))
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LEVELS:
            problems.append((str(skill_id), f"rate it 1 to {LEVELS}, not {value!r}"))
    return problems


def sparkline(scores: list[int]) -> str:
    """One glyph per rating, oldest first: `▂▃▅`."""
    return "".join(SPARK[min(max(s, 1), LEVELS) - 1] for s in scores)


def skill_trend(
    card: Scorecard | None, entries: list[tuple[str, dict[str, int]]]
) -> list[dict[str, Any]]:
    """Each rated skill's history (oldest first), latest, change and sparkline.

    `entries` are (ISO date, ratings) pairs; skills keep the scorecard's order, and a skill
    rated but no longer on the scorecard comes last under its id.
    """
    history: dict[str, list[dict[str, Any]]] = {}
    for day, ratings in sorted(entries, key=lambda e: e[0]):
        for skill_id, score in ratings.items():
            history.setdefault(skill_id, []).append({"date": day, "score": score})
    order = [s.id for s in card.skills] if card else []
    order += sorted(k for k in history if k not in order)
    out = []
    for skill_id in order:
        points = history.get(skill_id)
        if not points:
            continue
        skill = card.skill(skill_id) if card else None
        scores = [p["score"] for p in points]
        out.append(
            {
                "id": skill_id,
                "name": skill.name if skill else skill_id,
                "history": points,
                "latest": scores[-1],
                "change": scores[-1] - scores[0],
                "sparkline": sparkline(scores),
            }
        )
    return out


def focus_change(entries: list[tuple[str, dict[str, int]]], focus_skills: set[str]) -> float | None:
    """The average change (latest minus first) of the coached skills that were rated twice
    or more; None when there is none."""
    changes = [
        item["change"]
        for item in skill_trend(None, entries)
        if item["id"] in focus_skills and len(item["history"]) > 1
    ]
    return round(sum(changes) / len(changes), 2) if changes else None


def focus_changes(
    sessions: Iterable[Mapping[str, Any]],
    scores: Iterable[Mapping[str, Any]],
    first: str,
    last: str,
    bank_skills: Mapping[str, list[str]],
) -> list[int]:
    """The change (latest minus first score, both in first..last) of every skill that was the
    focus of a rep's coaching: named in `skills:` by a bank of that rep's sessions in the
    window, and rated twice or more in it. One value per (rep, skill), reps in slug order."""
    focus: dict[str, set[str]] = {}
    for s in sessions:
        if first <= str(s.get("date", "")) <= last:
            for bank in s.get("banks") or ():
                focus.setdefault(str(s["rep"]), set()).update(bank_skills.get(bank, ()))
    entries: dict[str, list[tuple[str, dict[str, int]]]] = {}
    for score in scores:
        day, rep = str(score.get("date", "")), str(score.get("rep", ""))
        if first <= day <= last and focus.get(rep):
            entries.setdefault(rep, []).append((day, dict(score.get("ratings") or {})))
    return [
        item["change"]
        for rep, items in sorted(entries.items())
        for item in skill_trend(None, items)
        if item["id"] in focus[rep] and len(item["history"]) > 1
    ]
