"""Measuring a call while its cues stream past, keeping numbers only (never a word).

A `Tally` takes cues one at a time (`add`) and keeps, per cue with words, its start, end and
speaker in compact arrays, each speaker's questions and statements, and a running SHA-256 of
the normalised cues (the call's identity, for "already added"). At the end `figures` gives:

- talk time: the union of a speaker's cue intervals, so overlapping or repeated cues count
  once; shares are of everyone's talk time (unattributed talk included): they add up to 100%;
- a monologue: consecutive cues of one speaker (in time order) with no silence longer than
  `gap` seconds between them, from the first one's start to the last one's end;
- questions and statements: sentences ending in a question mark (`?`, the fullwidth U+FF1F
  or the Arabic U+061F), and the others; a sentence ends at `.`, `!` or `?` followed by a
  space or the end of the cue (so "3.5 million." is one statement), or at a fullwidth or
  ideographic stop, exclamation or question mark; a sentence split over consecutive cues of
  one speaker counts once.

Example: three identical 60 s cues of the rep and 30 s of the manager give the rep 60 s of
talk and a 67% share.
"""

from __future__ import annotations

import hashlib
import math
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence

from coachcli.core.talk import ROLE_NAMES, Cue, Figures, Speaker, Thresholds, manager_role
from coachcli.errors import CoachError

MONOLOGUE_GAP = 5.0  # seconds of silence that end a monologue (config: monologue_gap)
MAX_SPEAKERS = 500
UNATTRIBUTED = "unattributed"
_MARKS = "\uff1f\u061f\uff01\u3002\uff0e"  # fullwidth ?, Arabic ?, fullwidth !, ideographic
_END = re.compile(rf"[.!?]+(?=[\"'\u201d\u2019)\]]*(?:\s|$))|[{_MARKS}][.!?{_MARKS}]*")
_WORD = re.compile(r"\w")
_QUESTION = re.compile("[?\uff1f\u061f]")


class TooManySpeakers(CoachError):
    """More distinct speakers than a meeting has: the file is not a transcript."""


def sentences(text: str) -> tuple[int, int]:
    """(questions, statements) in one piece of text."""
    asked, stated, pending = _count(text, False)
    return asked, stated + (1 if pending else 0)


def _count(text: str, pending: bool) -> tuple[int, int, bool]:
    """(questions, statements, a sentence still open at the end), `pending` when the text
    continues a sentence begun in an earlier cue."""
    asked = stated = pos = 0
    for end in _END.finditer(text):
        if pending or _WORD.search(text, pos, end.start()):
            if _QUESTION.search(end.group()):
                asked += 1
            else:
                stated += 1
        pending = False
        pos = end.end()
    return asked, stated, bool(_WORD.search(text, pos))


class Tally:
    """The figures of one call, gathered cue by cue (speaker 0 is unattributed talk)."""

    def __init__(self, gap: float = MONOLOGUE_GAP) -> None:
        self.gap = gap
        self.starts = array("d")
        self.ends = array("d")
        self.who = array("l")
        self.names: list[str] = []
        self._ids: dict[str, int] = {}
        self.asked = [0]
        self.stated = [0]
        self._open: int | None = None
        self._hash = hashlib.sha256()
        self.cues = 0
        self.first = math.inf
        self.last = -math.inf

    def add(self, cue: Cue) -> None:
        start, end, speaker, text, part = cue
        if not part:
            self.cues += 1
        if start < self.first:
            self.first = start
        if end > self.last:
            self.last = end
        if not text or not _WORD.search(text):
            return
        who = self._id(speaker)
        self.starts.append(start)
        self.ends.append(end)
        self.who.append(who)
        self._hash.update(" ".join(text.split()).encode() + b"\n")
        if self._open is not None and self._open != who:
            self._close()
        asked, stated, pending = _count(text, self._open == who)
        self.asked[who] += asked
        self.stated[who] += stated
        self._open = who if pending else None

    def _id(self, speaker: str | None) -> int:
        if speaker is None:
            return 0
        found = self._ids.get(speaker)
        if found is None:
            key = speaker.casefold()
            found = self._ids.get(key)
            if found is None:
                if len(self.names) >= MAX_SPEAKERS:
                    raise TooManySpeakers(
                        f"more than {MAX_SPEAKERS} different speakers: not a meeting transcript"
                    )
                self.names.append(speaker)
                self.asked.append(0)
                self.stated.append(0)
                found = self._ids[key] = len(self.names)
            self._ids[speaker] = found
        return found

    def _close(self) -> None:
        if self._open is not None:
            self.stated[self._open] += 1
            self._open = None

    @property
    def digest(self) -> str:
        """The call's identity: a hash of its normalised cues: their words (whitespace
        collapsed) as they come, then their times, speakers and the speakers' names."""
        whole = self._hash.copy()
        for numbers in (self.starts, self.ends, self.who):
            whole.update(numbers.tobytes())
        whole.update("\n".join(n.casefold() for n in self.names).encode())
        return whole.hexdigest()

    def speaker_names(self) -> list[str]:
        """Distinct speakers in order of first appearance (compared case-insensitively)."""
        return list(self.names)

    def _walk(self) -> tuple[list[float], list[float]]:
        """(talk seconds, longest monologue) per speaker id, from the cues in time order."""
        starts, ends, who = self.starts, self.ends, self.who
        count = len(self.names) + 1
        order: Sequence[int] = range(len(starts))
        if any(starts[i] > starts[i + 1] for i in range(len(starts) - 1)):
            order = sorted(order, key=lambda i: (starts[i], ends[i]))
        talk = [0.0] * count
        longest = [0.0] * count
        span: list[tuple[float, float] | None] = [None] * count
        run_who, run_start, run_end = -1, 0.0, 0.0
        for i in order:
            w, s, e = who[i], starts[i], ends[i]
            open_span = span[w]
            if open_span is None or s > open_span[1]:
                if open_span is not None:
                    talk[w] += open_span[1] - open_span[0]
                span[w] = (s, e)
            elif e > open_span[1]:
                span[w] = (open_span[0], e)
            if w == run_who and s - run_end <= self.gap:
                run_end = max(run_end, e)
                continue
            if run_who >= 0:
                longest[run_who] = max(longest[run_who], run_end - run_start)
            run_who, run_start, run_end = w, s, e
        if run_who >= 0:
            longest[run_who] = max(longest[run_who], run_end - run_start)
        for w, open_span in enumerate(span):
            if open_span is not None:
                talk[w] += open_span[1] - open_span[0]
        return talk, longest

    def figures(
        self, roles: Mapping[str, str], kind: str, thresholds: Thresholds = Thresholds()
    ) -> Figures:
        """The call's figures; `roles` maps speaker names (as first seen) to their role."""
        if self.cues == 0:
            raise CoachError("the transcript has no cues")
        self._close()
        talk, longest = self._walk()
        total = sum(talk)
        people = [
            Speaker(name, roles.get(name, "other"), talk[i], 0.0, longest[i])
            for i, name in enumerate(self.names, start=1)
        ]
        for i, person in enumerate(people, start=1):
            person.share = talk[i] / total if total else 0.0
            person.questions, person.statements = self.asked[i], self.stated[i]
        by_role = {r: sum(p.seconds for p in people if p.role == r) for r in ROLE_NAMES}
        by_role[UNATTRIBUTED] = talk[0]
        shares = {role: (sec / total if total else 0.0) for role, sec in by_role.items()}
        figures = Figures(
            kind=kind,
            minutes=max(0.0, self.last - self.first) / 60,
            cues=self.cues,
            speakers=sorted(people, key=lambda p: (-p.seconds, p.name.casefold())),
            shares=shares,
            unattributed_seconds=talk[0],
            digest=self.digest,
        )
        if kind == "joint" and by_role["manager"] > 0:
            figures.manager_role = manager_role(
                by_role["manager"], by_role["rep"], shares["manager"], thresholds
            )
        if kind == "coaching":
            managers = [p for p in people if p.role == "manager"]
            asked = sum(p.questions for p in managers)
            stated = sum(p.statements for p in managers)
            figures.manager_questions_per_statement = asked / stated if stated else None
        return figures


def measure(
    cues: Iterable[Cue],
    roles: Mapping[str, str],
    kind: str,
    thresholds: Thresholds = Thresholds(),
    gap: float = MONOLOGUE_GAP,
) -> Figures:
    """The figures of cues already in hand (tests, benchmarks): a `Tally` over them."""
    tally = Tally(gap)
    for cue in cues:
        tally.add(cue)
    return tally.figures(roles, kind, thresholds)
