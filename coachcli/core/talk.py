"""Figures of a call measured from its transcript: who talked, how long, how much they asked.

Pure functions over cues (start, end, speaker, text) already read from a file. The text of a
cue is only looked at here to count sentences ending in `?`; nothing here keeps it. The
figures are those of the contract ("Call transcripts"):

- talk time: the sum of a speaker's cue durations; `share` = that / everyone's talk time;
- a monologue: consecutive cues of one speaker, from the first one's start to the last one's
  end; `longest_monologue` is the longest;
- `questions`: sentences of that speaker ending in `?`;
- `manager_role` on joint calls: `lead` when the manager talked at least `lead_ratio` times as
  long as the rep, `silent observer` under `silent_share` of all talk, else
  `passive participant`.

Example: `measure(cues, roles, "joint")` for a manager who spoke 20 s of a 100 s call beside
a rep who spoke 50 s gives `manager_share` 0.2 and `manager_role` "passive participant".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coachcli.core.models import Call
from coachcli.errors import CoachError

KINDS = ("joint", "coaching", "customer")
ROLE_NAMES = ("manager", "rep", "other")
LEAD, PASSIVE, SILENT = "lead", "passive participant", "silent observer"

# A sentence: text up to and including a run of . ! ? (or the end of the text).
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"\w")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Cue:
    """One timed piece of talk. `text` lives only in memory, while the call is measured."""

    start: float  # seconds from the start of the recording
    end: float
    speaker: str
    text: str = ""


@dataclass(frozen=True)
class Thresholds:
    """When the manager counts as leading or silent on a joint call (config.yaml)."""

    lead_ratio: float = 1.0  # manager talk >= this x the rep's talk: lead
    silent_share: float = 0.05  # manager share under this: silent observer


@dataclass
class Speaker:
    name: str
    role: str  # manager / rep / other
    seconds: float = 0.0
    share: float = 0.0
    longest_monologue: float = 0.0
    questions: int = 0
    statements: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "seconds": round(self.seconds, 3),
            "share": round(self.share, 4),
            "longest_monologue": round(self.longest_monologue, 3),
            "questions": self.questions,
            "statements": self.statements,
        }


@dataclass
class Figures:
    """Everything measured about one call; no words."""

    kind: str
    minutes: float
    cues: int
    speakers: list[Speaker] = field(default_factory=list)
    shares: dict[str, float] = field(default_factory=dict)  # role -> share
    manager_role: str | None = None
    manager_questions_per_statement: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "minutes": round(self.minutes, 2),
            "cues": self.cues,
            "speakers": [s.to_json() for s in self.speakers],
            "manager_share": round(self.shares.get("manager", 0.0), 4),
            "rep_share": round(self.shares.get("rep", 0.0), 4),
            "other_share": round(self.shares.get("other", 0.0), 4),
            "manager_role": self.manager_role,
            "manager_questions_per_statement": (
                None
                if self.manager_questions_per_statement is None
                else round(self.manager_questions_per_statement, 4)
            ),
        }


# speakers ------------------------------------------------------------------------------------
def speaker_names(cues: Iterable[Cue]) -> list[str]:
    """Distinct speakers in order of first appearance (names compare case-insensitively)."""
    seen: dict[str, str] = {}
    for cue in cues:
        seen.setdefault(cue.speaker.casefold(), cue.speaker)
    return list(seen.values())


def _first(name: str) -> str:
    parts = name.split()
    return parts[0].casefold() if parts else ""


def match_person(speakers: Sequence[str], names: Iterable[str]) -> str | None:
    """The speaker who is the person known by `names` (full name first, then aliases).

    Case-insensitive; a speaker written with only a first name matches when the person's first
    name is that and no other speaker in the file shares it.
    """
    wanted = [n.strip() for n in names if n and n.strip()]
    by_key = {s.casefold(): s for s in speakers}
    # Zoom and Teams add a company or "(Guest)" after some names: "Dana Lee (Acme)".
    for s in speakers:
        by_key.setdefault(_PAREN.sub("", s).strip().casefold(), s)
    for name in wanted:
        if name.casefold() in by_key:
            return by_key[name.casefold()]
    if not wanted:
        return None
    first = _first(wanted[0])
    sharing = [s for s in speakers if _first(s) == first]
    if len(sharing) == 1 and sharing[0].casefold() == first:
        return sharing[0]
    return None


def assign_roles(
    speakers: Sequence[str], manager: Sequence[str], rep: Sequence[str]
) -> dict[str, str]:
    """speaker -> manager / rep / other. The rep is matched first; the manager among the rest."""
    found_rep = match_person(speakers, rep)
    rest = [s for s in speakers if s != found_rep]
    found_manager = match_person(rest, manager) if manager else None
    roles = {s: "other" for s in speakers}
    if found_rep:
        roles[found_rep] = "rep"
    if found_manager:
        roles[found_manager] = "manager"
    return roles


def default_kind(roles: Mapping[str, str]) -> str:
    """joint when anyone besides the manager and the rep talks, else coaching."""
    return "joint" if any(r == "other" for r in roles.values()) else "coaching"


def check_kind(kind: str) -> str:
    value = kind.strip().lower()
    if value not in KINDS:
        raise CoachError(f"invalid kind {kind!r}: use one of {', '.join(KINDS)}")
    return value


# sentences -----------------------------------------------------------------------------------
def sentences(text: str) -> tuple[int, int]:
    """(questions, statements) in `text`: sentences ending in `?`, and the others."""
    questions = statements = 0
    for match in _SENTENCE.finditer(text):
        piece = match.group(0)
        if not _WORD.search(piece):
            continue
        if piece.rstrip().endswith("?"):
            questions += 1
        else:
            statements += 1
    return questions, statements


# figures -------------------------------------------------------------------------------------
def _runs(cues: Sequence[Cue]) -> list[tuple[str, float, float, str]]:
    """Consecutive cues of one speaker: (speaker key, start, end, joined text)."""
    runs: list[tuple[str, float, float, str]] = []
    for cue in cues:
        key = cue.speaker.casefold()
        if runs and runs[-1][0] == key:
            last = runs[-1]
            runs[-1] = (key, last[1], max(last[2], cue.end), f"{last[3]} {cue.text}")
        else:
            runs.append((key, cue.start, cue.end, cue.text))
    return runs


def measure(
    cues: Sequence[Cue],
    roles: Mapping[str, str],
    kind: str,
    thresholds: Thresholds = Thresholds(),
) -> Figures:
    """The figures of one call. `roles` maps each speaker (as in `speaker_names`) to a role."""
    if not cues:
        raise CoachError("the transcript has no cues")
    ordered = sorted(cues, key=lambda c: (c.start, c.end))
    names = {s.casefold(): s for s in speaker_names(ordered)}
    people = {key: Speaker(name, roles.get(name, "other")) for key, name in names.items()}
    for cue in ordered:
        people[cue.speaker.casefold()].seconds += cue.end - cue.start
    for key, start, end, text in _runs(ordered):
        person = people[key]
        person.longest_monologue = max(person.longest_monologue, end - start)
        asked, stated = sentences(text)
        person.questions += asked
        person.statements += stated
    total = sum(p.seconds for p in people.values())
    for person in people.values():
        person.share = person.seconds / total if total else 0.0
    by_role = {
        role: sum(p.seconds for p in people.values() if p.role == role) for role in ROLE_NAMES
    }
    shares = {role: (sec / total if total else 0.0) for role, sec in by_role.items()}
    figures = Figures(
        kind=kind,
        minutes=(max(c.end for c in ordered) - ordered[0].start) / 60,
        cues=len(ordered),
        speakers=sorted(people.values(), key=lambda p: (-p.seconds, p.name.casefold())),
        shares=shares,
    )
    if kind == "joint":
        figures.manager_role = manager_role(
            by_role["manager"], by_role["rep"], shares["manager"], thresholds
        )
    if kind == "coaching":
        managers = [p for p in people.values() if p.role == "manager"]
        asked = sum(p.questions for p in managers)
        stated = sum(p.statements for p in managers)
        figures.manager_questions_per_statement = asked / stated if stated else None
    return figures


def manager_role(
    manager_seconds: float, rep_seconds: float, manager_share: float, thresholds: Thresholds
) -> str:
    """lead / silent observer / passive participant, in that order of tests (the contract's)."""
    if manager_seconds > 0 and manager_seconds >= thresholds.lead_ratio * rep_seconds:
        return LEAD
    if manager_share < thresholds.silent_share:
        return SILENT
    return PASSIVE


def last_coaching_share(calls: Iterable[Call], rep: str, today: str) -> float | None:
    """The manager's talk share in the rep's latest measured coaching call up to `today` (ISO
    date), for the session header's "Last 1:1 you talked 68% of the time"; None if none."""
    mine = [c for c in calls if c.rep == rep and c.kind == "coaching" and c.date <= today]
    if not mine:
        return None
    return max(mine, key=lambda c: (c.date, c.added, c.id)).manager_share
