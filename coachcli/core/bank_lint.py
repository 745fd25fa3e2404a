"""Lint for question banks (`coach bank lint`): near copies across banks, by words and by
meaning, and asks that are not open coaching questions.

Pure: plain question texts in, findings out. Two measures find copies:

- Words: the Jaccard similarity of two asks' content-word sets (stop words removed, plural
  and -ing/-ed endings folded), leaving out the few words over a tenth of all questions use
  ("buyer", "deal", "call": in a sales bank they say nothing about intent). A pair is a near
  copy at 0.5 when it shares three words or more, at 0.6 when it shares two (short asks).
- Meaning: a small hand-kept list of intents a word measure cannot see ("What do you need
  from me?" ~ "How can I help?"; "economic buyer" ~ "who signs" ~ "budget holder"). Two
  banks asking the same intent are a copy whatever the words: keep it in the bank whose
  situation needs it.

Pairs within one question (a question and its own follow-ups) are never copies; two
questions are reported once, whichever of their follow-ups match, and a question asking an
intent another bank asks is reported once for that bank.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol


def _listed(text: str) -> list[str]:
    return text.split()


MAX_ASK_WORDS = 25
NEAR_COPY = 0.5
MIN_SHARED = 3
NEAR_COPY_SHORT = 0.6
MIN_SHARED_SHORT = 2
COMMON_SHARE = 0.10
MIN_COMMON_BASE = 50  # too few questions to tell which words are common: none are

# A closed question opens with an auxiliary verb and is answered with yes or no.
AUXILIARIES = frozenset(
    _listed(
        "do does did is are am was were can could will would have has had should shall may "
        "might must isn't aren't don't doesn't didn't won't wouldn't can't couldn't "
        "shouldn't"
    )
)

# Words that carry no intent of their own: what is left is what the question is about.
STOP_WORDS = frozenset(
    _listed(
        "a an the and or but if of to in on at by for with from about into onto over under "
        "than then that this these those there here what which who whom whose when where why "
        "how do does did done is are am was were be been being can could will would should "
        "shall may might must have has had you your yours yourself i me my we our us it its "
        "they them their he she his her as so up out not no more most one any some each every "
        "just still next last now today week this time way thing things make made get got "
        "like let lets said say tell right 1 5 rate scale"
    )
)

# Intents a word measure cannot see: each is asked in one bank only. The patterns are
# matched case-insensitively on the ask.
INTENTS: dict[str, str] = {
    "what the rep needs from the manager": (
        r"\b(need|want|support|help|helped)\b.*\bfrom me\b|\bhow (can|could) i (help|support)\b"
    ),
    "the economic buyer": (
        r"\beconomic buyer\b|\bwho signs\b|\bsigns? the (contract|order)\b"
        r"|\bbudget (holder|authority|owner)\b|\b(controls|owns) the budget\b"
    ),
    "the best time to reach buyers": (
        r"\b(hours?|times?) of (the )?day\b|\bwhen in the day\b|\bbest (hours|time) (to|for)\b"
    ),
    "the cold-call opener": (
        r"\b(open|opening|opener)\b.*\bcold call\b|\bcold call\b.*\b(open|opening|opener)\b"
        r"|\bfirst (ten|thirty) seconds\b"
    ),
    "what to trade for a lower price": (
        r"\b(in return|trade)\b.*\bprice\b|\bprice\b.*\b(in return|trade)\b"
    ),
    "what the buyer agreed to": r"\b(buyer|they) (agree|agreed|agrees) to\b",
    "learning from a peer": (
        r"\b(teammate|colleague|peer)s?\b.*\b(learn|shadow|admire|better|practise|worked)"
        r"|\b(learn|shadow)\w*\b.*\b(teammate|colleague|peer)s?\b|\brep you admire\b"
        r"|\bwho on the (sales )?team\b.*\b(better|learn|well)\b"
    ),
    "a role play": (
        r"\brole[- ]?play\b|\brehears|\b(playing|play) the buyer\b|\bshould i play\b"
        r"|\bpractise\b.*\bwith me\b"
    ),
    "the ideal customer": (
        r"\bideal (customer|buyer)s?\b(?!.*\b(least|will you)\b)"
        r"|\bbest customers\b.*\b(common|alike)\b|\blook (most )?like your best customers\b"
    ),
    "confidence from 1 to 5": r"\b(confident|confidence|ready|prepared)\b.*\b1 to 5\b",
    "energy for selling": r"\benergy\b",
    "the hardest objection": r"\bhardest objection\b",
    "what the rep is proudest of": r"\bproud(est)?\b",
    "a reminder for the new behaviour": r"\bremind\b",
}
_INTENTS = {name: re.compile(pattern, re.I) for name, pattern in INTENTS.items()}

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_STACK = re.compile(r"\s(and|or) (how|what|why|when|which|who|where)\b", re.I)


class _FollowUp(Protocol):
    @property
    def ask(self) -> str: ...


class _Question(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def ask(self) -> str: ...
    @property
    def follow_ups(self) -> Sequence[_FollowUp]: ...


class _Bank(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def questions(self) -> Sequence[_Question]: ...


@dataclass(frozen=True)
class Ask:
    """One question or follow-up of a bank."""

    bank: str
    question: str
    text: str
    follow_up: bool = False

    @property
    def where(self) -> str:
        return f"{self.bank}/{self.question}" + ("/follow-up" if self.follow_up else "")


@dataclass(frozen=True)
class Finding:
    """Something to fix: a near copy (`other` set) or a poor ask."""

    ask: Ask
    reason: str
    other: Ask | None = None

    def __str__(self) -> str:
        if self.other is None:
            return f"{self.ask.where}: {self.reason}: {self.ask.text!r}"
        return (
            f"{self.ask.where} ~ {self.other.where}: {self.reason}: "
            f"{self.ask.text!r} ~ {self.other.text!r}"
        )


def asks_of(banks: Iterable[_Bank]) -> list[Ask]:
    """Every question and follow-up of the banks, in bank order."""
    out: list[Ask] = []
    for bank in banks:
        for q in bank.questions:
            out.append(Ask(bank.id, q.id, q.ask))
            out += [Ask(bank.id, q.id, f.ask, follow_up=True) for f in q.follow_ups]
    return out


# --- words -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in words(text) if w not in STOP_WORDS)


def common_words(texts: Sequence[str]) -> frozenset[str]:
    """Content words that more than COMMON_SHARE of the texts use (none in a small set)."""
    if len(texts) < MIN_COMMON_BASE:
        return frozenset()
    counts = Counter(w for text in texts for w in content_words(text))
    return frozenset(w for w, n in counts.items() if n > COMMON_SHARE * len(texts))


def _jaccard(x: frozenset[str], y: frozenset[str]) -> tuple[float, int]:
    if not x or not y:
        return 0.0, 0
    shared = len(x & y)
    return shared / len(x | y), shared


def _near(score: float, shared: int) -> bool:
    return (score >= NEAR_COPY and shared >= MIN_SHARED) or (
        score >= NEAR_COPY_SHORT and shared >= MIN_SHARED_SHORT
    )


def overlap(a: str, b: str, common: frozenset[str] = frozenset()) -> tuple[float, int]:
    """Jaccard similarity of the two texts' content-word sets, and how many words they share."""
    return _jaccard(content_words(a) - common, content_words(b) - common)


def near_copy(a: str, b: str, common: frozenset[str] = frozenset()) -> bool:
    return _near(*overlap(a, b, common))


# --- meaning -----------------------------------------------------------------------------


def intents(text: str) -> list[str]:
    """The known intents the ask expresses."""
    return [name for name, pattern in _INTENTS.items() if pattern.search(text)]


# --- one ask -----------------------------------------------------------------------------


def ask_problems(text: str) -> list[str]:
    """What makes one ask (question or follow-up) a poor coaching question."""
    out = []
    found = words(text)
    first = found[0] if found else ""
    if not text.endswith("?"):
        out.append("does not end with '?'")
    if first in AUXILIARIES:
        out.append(f"opens with {first!r}: a yes/no question")
    if first == "why":
        out.append("opens with 'why', which sounds like blame: ask what led to it")
    if len(text.split()) > MAX_ASK_WORDS:
        out.append(f"{len(text.split())} words (at most {MAX_ASK_WORDS})")
    # One thing at a time ("And what else?" on its own is a follow-up, not a stack).
    if _STACK.search(text):
        out.append("stacks a second question on the first")
    return out


# --- the lint ----------------------------------------------------------------------------


def lint(asks: Sequence[Ask], only: frozenset[str] | None = None) -> list[Finding]:
    """Poor asks, then near copies by meaning, then by words; `only`: findings that involve
    one of these bank ids (the others are context)."""

    def wanted(*items: Ask) -> bool:
        return only is None or any(a.bank in only for a in items)

    out = [Finding(a, p) for a in asks if wanted(a) for p in ask_problems(a.text)]
    common = common_words([a.text for a in asks if not a.follow_up])
    meant = {a: intents(a.text) for a in asks}
    said = {a: content_words(a.text) - common for a in asks}
    told: set[frozenset[tuple[str, str]]] = set()  # one finding per pair of questions
    seen: set[tuple[tuple[str, str], str, str]] = set()
    # Questions before follow-ups: a copy is named by the questions themselves when it can be.
    for a, b in combinations(sorted(asks, key=lambda ask: ask.follow_up), 2):
        pair = frozenset({(a.bank, a.question), (b.bank, b.question)})
        if len(pair) == 1 or pair in told or not wanted(a, b):
            continue
        shared = [i for i in meant[a] if i in meant[b]] if a.bank != b.bank else []
        if shared:
            # An intent is reported once per question and other bank, whichever asks match.
            ways = {
                ((a.bank, a.question), b.bank, shared[0]),
                ((b.bank, b.question), a.bank, shared[0]),
            }
            if not ways & seen:
                out.append(Finding(a, f"same intent ({shared[0]})", b))
                seen.update(ways)
            told.add(pair)
            continue
        score, n = _jaccard(said[a], said[b])
        if _near(score, n):
            out.append(Finding(a, f"{score:.2f} of their words in common", b))
            told.add(pair)
    return out
