"""The keys a manager types at every prompt of a session: questions, reviews, commitments, notes.

One table (`KEYS`) is the single source for parsing, the `/help` text and the manual's keys
table. A key is `/` and a word (any unique prefix: `/s`, `/b`, `/d`...), then an optional
argument; `//` starts an answer with a slash; Enter on an empty answer skips.

| key | what it does |
|---|---|
| (Enter on an empty answer) | skip this prompt |
| `/skip` | skip this prompt |
| `/back` | back to the previous prompt (previous question, review or commitment step) |
| `/tell ADVICE` | log advice you gave instead of asking (a tell) |
| `/follow QUESTION` | ask your own follow-up to the question just answered |
| `/observe TEXT` | log one observation you offered after the rep had spoken |
| `/done` | on to the commitments (at the commitments: the notes; at the notes: the rep's step) |
| `/cancel` | drop the commitment being entered |
| `/help` | show these keys |
"""

from __future__ import annotations

from dataclasses import dataclass

# name, argument, what it does (shown by /help; the manual's keys table, docs/one-on-one.md,
# lists the same keys in this order: tests/test_manual.py holds them together)
KEYS: tuple[tuple[str, str, str], ...] = (
    ("skip", "", "skip this prompt (Enter on an empty answer does the same)"),
    ("back", "", "back to the previous prompt"),
    ("tell", "ADVICE", "log advice you gave instead of asking"),
    ("follow", "QUESTION", "ask your own follow-up to the question just answered"),
    ("observe", "TEXT", "log an observation you offered after the rep spoke"),
    ("done", "", "on to the commitments (from the commitments: the notes; then the rep's step)"),
    ("cancel", "", "drop the commitment being entered"),
    ("help", "", "show these keys"),
)
NAMES = tuple(name for name, _, _ in KEYS)
# Keys handled where they are typed, after which the same prompt is asked again.
SIDE_KEYS = ("tell", "follow", "observe", "help")

SHORT_HELP = (
    "Keys: Enter on an empty answer skips · /skip /back /tell /follow /observe /done /cancel "
    "/help (or /s /b /t /f /o /d /c /h) · // starts an answer with / · Ctrl-C pauses"
)


@dataclass(frozen=True)
class Key:
    name: str
    arg: str = ""


class UnknownKey(ValueError):
    """A `/word` that names no key; its message says what to type instead."""


def help_lines() -> list[str]:
    lines = ["Keys at every prompt (any unique prefix works: /s, /b, /d ...):"]
    for name, arg, what in KEYS:
        lines.append(f"  /{name}{' ' + arg if arg else ''}: {what}")
    lines.append("  // at the start: the answer itself starts with /")
    lines.append("  Ctrl-C: pause; everything typed, this answer too, is kept for resume")
    return lines


def parse(raw: str) -> Key | None:
    """`/tell Bring numbers` -> Key("tell", "Bring numbers"); None when `raw` is an answer.

    An unknown `/word` raises UnknownKey with the message to show.
    """
    text = raw.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    word, _, arg = text[1:].partition(" ")
    matches = [n for n in NAMES if word and n.startswith(word.lower())]
    if len(matches) != 1:
        raise UnknownKey(
            f"unknown key /{word}: type /help for the keys (start an answer with // to type "
            "a slash)"
        )
    return Key(matches[0], arg.strip())


def literal(raw: str) -> str:
    """The answer typed: `//etc` -> `/etc`, surrounding spaces dropped."""
    text = raw.strip()
    return text[1:] if text.startswith("//") else text


def is_key(raw: str) -> bool:
    """A key or a `/word` that looks like one (known or not): never an answer."""
    text = raw.strip()
    return text.startswith("/") and not text.startswith("//")
