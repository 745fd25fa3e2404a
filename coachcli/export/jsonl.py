"""Sessions as JSON Lines, one object per session, for analytics tools and warehouses.

The field names and types are a public schema, documented in docs/jsonl-schema.md; add
fields freely, never rename or remove one. `SCHEMA_VERSION` goes up only if that promise has
to be broken.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from coachcli.core.models import Commitment, Rep, Session

SCHEMA_VERSION = 1
# Valid in JSON strings but unsafe on a terminal or in JavaScript: written as \u escapes.
_ESCAPE = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def session_record(
    session: Session,
    reps: Mapping[str, Rep],
    commitments: Mapping[str, Commitment],
    manager: str = "",
) -> dict[str, Any]:
    rep = reps.get(session.rep)
    return {
        "schema_version": SCHEMA_VERSION,
        "manager": manager,
        "id": session.id,
        "rep": session.rep,
        "rep_name": rep.name if rep else session.rep,
        "rep_tier": rep.tier if rep else None,
        "date": session.date,
        "started": session.started or None,
        "minutes": session.minutes,
        "banks": list(session.banks),
        "asked": session.asked,
        "told": session.told,
        "observed": session.observed,
        "answers": [
            {
                "bank": a.bank,
                "question_id": a.question_id,
                "ask": a.ask,
                "type": a.type,
                "answer": a.answer,
                "answer_text": _text(a.answer),
                "follow_ups": [{"ask": f.ask, "answer": f.answer} for f in a.follow_ups],
            }
            for a in session.answers
        ],
        "tells": list(session.tells),
        "observations": list(session.observations),
        "reviews": [
            {
                "commitment": r.commitment,
                "text": commitments[r.commitment].text if r.commitment in commitments else None,
                "status": r.status,
                "note": r.note,
                "reinforcement": r.reinforcement,
            }
            for r in session.reviews
        ],
        "commitments": [_commitment(cid, commitments.get(cid)) for cid in session.commitments],
        "roles": list(session.roles),
        "notes": session.notes,
        "feedback": _feedback(session.feedback),
    }


def _feedback(feedback: dict[str, Any] | None) -> dict[str, Any] | None:
    """The rep's view of the session: `useful` 1..5 or null, `comment`, `via` ("prep" when
    it came with their prep form, else null)."""
    if not feedback:
        return None
    return {
        "useful": feedback.get("useful"),
        "comment": feedback.get("comment"),
        "via": feedback.get("via"),
    }


def _text(value: object) -> str | None:
    """The answer as text, one type for every row: warehouses dislike mixed columns."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _commitment(cid: str, c: Commitment | None) -> dict[str, Any]:
    if c is None:
        return {"id": cid, "text": None, "due": None, "measure": None, "status": None}
    return {"id": c.id, "text": c.text, "due": c.due, "measure": c.measure, "status": c.status}


def to_jsonl(
    sessions: Iterable[Session],
    reps: Mapping[str, Rep],
    commitments: Mapping[str, Commitment],
    manager: str = "",
) -> str:
    """One line per session, oldest first (so appending newer exports keeps the order)."""
    ordered = sorted(sessions, key=lambda s: (s.date, s.started, s.id))
    return "".join(dump_line(session_record(s, reps, commitments, manager)) for s in ordered)


def dump_line(record: dict[str, Any]) -> str:
    """One JSON Lines row, UTF-8 kept, terminal- and script-unsafe characters escaped."""
    return _safe(_encode(record)) + "\n"


def line_maker(fixed: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """`dump_line(fixed | record)` for records whose keys are not in `fixed` (the same
    text): the fixed fields, first on every line, are encoded once."""
    head = dump_line(fixed)[:-2] + ", " if fixed else "{"  # '{"type": "x"' + ', '

    def line(record: dict[str, Any]) -> str:
        if not record:
            return dump_line(fixed)
        return head + _safe(_encode(record))[1:] + "\n"

    return line


def _safe(text: str) -> str:
    """`text` with the unsafe characters escaped (none of them is ASCII: most lines skip it)."""
    return text if text.isascii() else _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _encoder() -> Callable[[Any], str]:
    """`json.dumps(record, ensure_ascii=False)`, same text, with the encoder made once: the
    C encoder json.dumps makes afresh on every call (half its time on a line of a few
    fields), else (an interpreter without it) json's own."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    # No cycle check (a record decoded from JSON has no cycles); otherwise json.dumps's
    # settings: ", " and ": ", keys in order, NaN allowed, the same errors for odd types.
    c_encode = make(
        None, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda record: "".join(c_encode(record, 0))


_encode = _encoder()
