"""Figures of a call measured from its transcript: who talked, how long, how much they asked.

The values here (a cue, the figures, the roles) and the rules that need no cue text: who is
the manager or the rep, the call's kind, the manager's role. The cues themselves are measured
as they stream past by `core.talk_tally.Tally`, which keeps no text. The figures are those of
the contract ("Call transcripts"):

- talk time: the union of a speaker's cue intervals; `share` = that / everyone's talk time
  (unattributed talk included, so the shares add up to 100%);
- `manager_role` on joint calls the manager speaks in: `lead` when the manager talked at least
  `lead_ratio` times as long as the rep, `silent observer` under `silent_share` of all talk,
  else `passive participant`. A call the manager does not speak in has no role.

Example: a manager who spoke 20 s of a 100 s joint call beside a rep who spoke 50 s has
`manager_share` 0.2 and `manager_role` "passive participant".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from coachcli.errors import CoachError

KINDS = ("joint", "coaching", "customer")
ROLE_NAMES = ("manager", "rep", "other")
LEAD, PASSIVE, SILENT = "lead", "passive participant", "silent observer"

_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


class Cue(NamedTuple):
    """One timed piece of talk. `text` lives only in memory, while the call is measured."""

    start: float  # seconds from the start of the recording
    end: float
    speaker: str | None  # None: unattributed talk (no speaker label)
    text: str = ""
    part: int = 0  # > 0: a later voice of the same cue (its time split by words)


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
    unattributed_seconds: float = 0.0
    digest: str = ""  # a hash of the normalised cues: the same transcript, added again

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "minutes": round(self.minutes, 2),
            "cues": self.cues,
            "speakers": [s.to_json() for s in self.speakers],
            "manager_share": round(self.shares.get("manager", 0.0), 4),
            "rep_share": round(self.shares.get("rep", 0.0), 4),
            "other_share": round(self.shares.get("other", 0.0), 4),
            "unattributed_share": round(self.shares.get("unattributed", 0.0), 4),
            "manager_role": self.manager_role,
            "manager_questions_per_statement": (
                None
                if self.manager_questions_per_statement is None
                else round(self.manager_questions_per_statement, 4)
            ),
        }


# speakers ------------------------------------------------------------------------------------
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
    """customer when the manager does not speak; else joint when anyone besides the manager
    and the rep talks; else coaching (the 1:1 itself)."""
    present = set(roles.values())
    if "manager" not in present:
        return "customer"
    return "joint" if "other" in present else "coaching"


def check_kind(kind: str) -> str:
    value = kind.strip().lower()
    if value not in KINDS:
        raise CoachError(f"invalid kind {kind!r}: use one of {', '.join(KINDS)}")
    return value


def manager_role(
    manager_seconds: float, rep_seconds: float, manager_share: float, thresholds: Thresholds
) -> str:
    """lead / silent observer / passive participant, in that order of tests (the contract's)."""
    if manager_seconds > 0 and manager_seconds >= thresholds.lead_ratio * rep_seconds:
        return LEAD
    if manager_share < thresholds.silent_share:
        return SILENT
    return PASSIVE
