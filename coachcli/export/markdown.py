"""Sessions as markdown notes with YAML front matter: pure functions from records to text.

Safe by construction: everything a person typed goes through `inline` or `block`, which
escape HTML (`<`, `>`, `&`), neutralise images and links, and escape every character that
could start markdown structure at the beginning of a line (headings, front matter rules,
quotes, lists, tables, code fences). Front matter values are JSON-quoted strings (valid YAML),
never raw text. So a note cannot forge a heading, a table, a second front matter block,
run a script in a renderer or fetch a remote image.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coachcli.core.models import Commitment, Rep, Session
from coachcli.core.session.views import feedback_text
from coachcli.core.text import CONTROL_CHARS

# Inline markdown that could link, embed, format code or build a table.
_INLINE = re.compile(r"([\\`*_\[\]|!~])")
# What may open a block at the start of a line once inline characters are escaped.
_LINE_START = re.compile(r"^(#|-|\+|=|:|\d+[.)])")
# Controls and bidi overrides: dropped, so a note cannot drive a terminal or hide text.
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# Characters YAML (1.1 and 1.2) refuses raw inside double-quoted scalars.
# `<`, `>` and `&` too: a renderer unaware of front matter must not meet raw HTML there either.
_YAML_UNSAFE = re.compile(
    "[<>&\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)


def yaml_str(value: object) -> str:
    """A YAML scalar for any value: JSON (a YAML subset) with risky characters escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", _escape_html(_CONTROL.sub("", line).strip()))
    return _LINE_START.sub(lambda m: _escape_start(m.group()), line)


def _escape_start(opening: str) -> str:
    if opening[0].isdigit():  # `12.` -> `12\.`: an ordered list needs the bare dot
        return opening[:-1] + "\\" + opening[-1]
    return "\\" + opening


def inline(value: object) -> str:
    """User text on one line (a heading, a list item): newlines folded, everything escaped."""
    return _escape_line(" ".join(str(value).split())) if value is not None else ""


def block(value: object, indent: str = "") -> str:
    """User text as paragraphs: each line escaped, line breaks kept, blank lines collapsed."""
    paragraphs: list[list[str]] = [[]]
    for raw in str(value if value is not None else "").splitlines():
        line = _escape_line(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    # A trailing backslash is CommonMark's hard line break.
    text = ["\\\n".join(p) for p in paragraphs if p]
    joined = "\n\n".join(text)
    return "\n".join(indent + line if line else "" for line in joined.split("\n"))


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(skipped)"
    return str(value)


@dataclass
class References:
    """What a session refers to: its rep, and the commitments it reviewed or made."""

    reps: Mapping[str, Rep]
    commitments: Mapping[str, Commitment]
    manager: str = ""  # config `manager:`; in the front matter when set
    private: bool = True  # the manager's own copy (`private: true`); False for the rep's

    def rep_name(self, slug: str) -> str:
        rep = self.reps.get(slug)
        return rep.name if rep else slug


def front_matter(fields: Iterable[tuple[str, object]]) -> str:
    lines = ["---"] + [f"{key}: {yaml_str(value)}" for key, value in fields] + ["---"]
    return "\n".join(lines) + "\n"


def session_fields(session: Session, ctx: References) -> list[tuple[str, object]]:
    return [
        ("type", "coach-session"),
        ("id", session.id),
        ("rep", session.rep),
        ("rep_name", ctx.rep_name(session.rep)),
        ("date", session.date),
        ("started", session.started),
        ("minutes", session.minutes),
        ("banks", list(session.banks)),
        *_manager(ctx),
        *_private(ctx),
    ]


def _manager(ctx: References) -> list[tuple[str, object]]:
    return [("manager", ctx.manager)] if ctx.manager else []


def _private(ctx: References) -> list[tuple[str, object]]:
    """`private: true` marks the manager's own copy; the rep's copy has no such key."""
    return [("private", True)] if ctx.private else []


def session_body(session: Session, ctx: References, level: int = 1) -> str:
    """The body of one session; `level` is the level of its own heading."""
    h = "#" * level
    sub = "#" * (level + 1)
    out: list[str] = [f"{h} Session with {inline(ctx.rep_name(session.rep))}, {session.date}", ""]
    started = session.started[11:16] if len(session.started) >= 16 else ""
    out += [
        f"- Rep: {inline(ctx.rep_name(session.rep))} ({inline(session.rep)})",
        f"- Date: {session.date}" + (f", {started}" if started else ""),
        f"- Minutes: {session.minutes}",
        f"- Banks: {inline(', '.join(session.banks)) or 'none'}",
        f"- Session id: {inline(session.id)}",
        "",
    ]
    out += _reviews(session, ctx, sub) + _answers(session, sub)
    if session.tells:
        out += [f"{sub} Advice given (tells)", ""]
        out += [f"- {inline(tell)}" for tell in session.tells]
        out.append("")
    if session.observations:
        out += [f"{sub} Observations (offered after the rep spoke)", ""]
        out += [f"- {inline(item)}" for item in session.observations]
        out.append("")
    out += _made(session, ctx, sub)
    if session.feedback:
        out += [f"{sub} The rep's feedback", "", f"- {inline(feedback_text(session.feedback))}", ""]
    if session.notes:
        out += [
            f"{sub} Private notes",
            "",
            "*PRIVATE: the manager's own notes; do not share with the rep or forward.*",
            "",
            block(session.notes),
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def _reviews(session: Session, ctx: References, sub: str) -> list[str]:
    if not session.reviews:
        return []
    out = [f"{sub} Commitments reviewed", ""]
    for review in session.reviews:
        made = ctx.commitments.get(review.commitment)
        what = inline(made.text) if made else "(commitment not found)"
        out.append(f"- **{inline(review.status)}**: {what} ({inline(review.commitment)})")
        if review.note:
            out += ["", "  Note:", "", block(review.note, "  ")]
        if review.reinforcement:
            out += ["", "  How it will stick:", "", block(review.reinforcement, "  ")]
    out.append("")
    return out


def _answers(session: Session, sub: str) -> list[str]:
    if not session.answers:
        return []
    out = [f"{sub} Questions and answers", ""]
    for answer in session.answers:
        out += [f"{sub}# {inline(answer.ask)}", "", block(_answer_text(answer.answer)), ""]
        for follow in answer.follow_ups:
            out += [
                f"*Follow-up:* {inline(follow.ask)}",
                "",
                block(_answer_text(follow.answer)),
                "",
            ]
    return out


def _made(session: Session, ctx: References, sub: str) -> list[str]:
    if not session.commitments:
        return []
    out = [f"{sub} Commitments made", ""]
    for cid in session.commitments:
        c = ctx.commitments.get(cid)
        if c is None:
            out.append(f"- {inline(cid)} (commitment not found)")
            continue
        details = [f"due {c.due}" if c.due else "no due date"]
        if c.measure:
            details.append(f"measure: {inline(c.measure)}")
        details.append(f"now {inline(c.status)}")
        out.append(f"- {inline(c.text)} ({inline(c.id)}; {'; '.join(details)})")
    out.append("")
    return out


def session_document(session: Session, ctx: References) -> str:
    """One session as a note: front matter, then the session."""
    return front_matter(session_fields(session, ctx)) + "\n" + session_body(session, ctx)


def rep_document(rep: Rep, sessions: list[Session], ctx: References) -> str:
    """All of a rep's sessions (oldest first) in one note."""
    ordered = sorted(sessions, key=lambda s: (s.date, s.started, s.id))
    head = front_matter(
        [
            ("type", "coach-rep-sessions"),
            ("rep", rep.slug),
            ("rep_name", rep.name),
            ("sessions", len(ordered)),
            ("first", ordered[0].date if ordered else None),
            ("last", ordered[-1].date if ordered else None),
            *_manager(ctx),
            *_private(ctx),
        ]
    )
    parts = [head, f"# Coaching sessions with {inline(rep.name)}", ""]
    if not ordered:
        parts.append("No sessions yet.\n")
    for session in ordered:
        parts.append(session_body(session, ctx, level=2))
    return "\n".join(parts).rstrip("\n") + "\n"
