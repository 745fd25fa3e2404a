"""What counts as a speaker label in a transcript, so that words are never stored as a name.

Zoom and SubRip write `Name: text`, Teams `<v Name>text`. The text before the colon is a
speaker label when it is

- a person coach knows on this call: the manager's name, the rep's name, one of the rep's
  aliases, or either one's first name (any case), or
- a short name-like label: at most 4 words and 40 characters (a trailing `(Guest)` or
  `(Acme)` aside), no digits, every word capitalised (`Dana`, `DANA LEE`, `O'Brien`,
  `Mary-Jane`), an initial (`J.`), a name particle inside a name (`van`, `de`, `da`...) or in a
  script without case (`王伟`), and not a known header (`Meeting title`, `Hosted by`...).

Anything else (`Acme will pay 250k: we sign Friday`, `Meeting title: Q4 review`) is not a
speaker: that cue's talk is unattributed, and the label is never kept.

Example: `LabelRule(["Sam Rivera", "Dana Lee"])("dana")` is True (a known first name);
`LabelRule([])("Acme will pay 250k")` is False.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_WORDS = 4
MAX_CHARS = 40
HEADERS = frozenset(
    {
        "meeting title",
        "meeting id",
        "meeting",
        "hosted by",
        "host",
        "date",
        "time",
        "topic",
        "subject",
        "agenda",
        "attendees",
        "participants",
        "transcript",
        "recording",
        "note",
        "notes",
        "summary",
        "action items",
        "next steps",
        "question",
        "answer",
        "speaker",
        "unknown",
        "unknown speaker",
        "webvtt",
    }
)
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la",
     "le", "bin", "ibn", "al", "el", "y", "e"}
)  # fmt: skip
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_ALLOWED = re.compile(r"^[^\W\d_][\w.'\u2019\-]*,?$")  # a word: letters first, no digits below
_CACHE_LIMIT = 4096


def strip_suffix(label: str) -> str:
    """`Dana Lee (Guest)` -> `Dana Lee`: the company or guest mark meeting tools add."""
    return _PAREN.sub("", label).strip()


def name_like(label: str) -> bool:
    """A short label shaped like a person's name (see the module's rule)."""
    core = strip_suffix(label)
    if not core or len(core) > MAX_CHARS or any(ch.isdigit() for ch in core):
        return False
    words = core.split()
    if len(words) > MAX_WORDS or " ".join(words).casefold() in HEADERS:
        return False
    for position, word in enumerate(words):
        if not _ALLOWED.match(word):
            return False
        first = word[0]
        if first.islower() and not (position and word in PARTICLES):
            return False
    return True


class LabelRule:
    """Decides, once per distinct label, whether a label names a speaker."""

    def __init__(self, known: Iterable[str]) -> None:
        names = [" ".join(n.split()) for n in known if n and n.strip()]
        self.known = {n.casefold() for n in names} | {n.split()[0].casefold() for n in names}
        self._seen: dict[str, bool] = {}

    def __call__(self, label: str) -> bool:
        found = self._seen.get(label)
        if found is None:
            key = " ".join(label.split()).casefold()
            found = (
                key in self.known or strip_suffix(key) in self.known or name_like(label)
            ) and len(label) <= 2 * MAX_CHARS
            if len(self._seen) < _CACHE_LIMIT:
                self._seen[label] = found
        return found
