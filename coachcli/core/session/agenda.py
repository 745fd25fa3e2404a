"""The agenda of a rep's next session (`coach session preview`): what it would review, the
rep's prep, and the questions it would ask; its JSON object and its text.

Pure: built from the `Context` the session itself would start from and the selection it
would make, so the preview and the session agree.
"""

from __future__ import annotations

from typing import Any

from coachcli.core.commitments import commitment_json
from coachcli.core.rules import TIMEBOX_MINUTES
from coachcli.core.session.selection import Picked, question_minutes, select
from coachcli.core.session.state import Context


def agenda(
    ctx: Context,
    bank_ids: list[str],
    reason: str | None = None,
    prep: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `session preview --json` object; `reason`: why these banks, when suggested."""
    banks = [ctx.banks[b] for b in bank_ids]
    picked = select(banks, ctx.asked_before, len(ctx.open_commitments), everything=ctx.ask_all)
    return {
        "rep": ctx.rep.slug,
        "name": ctx.rep.name,
        "date": ctx.today.isoformat(),
        "banks": list(bank_ids),
        "reason": reason,
        "minutes": TIMEBOX_MINUTES,
        "question_minutes": question_minutes(len(ctx.open_commitments)),
        "commitments": [commitment_json(c) for c in ctx.open_commitments],
        "prep": prep,
        "questions": [_question(p, ctx.asked_before) for p in picked],
    }


def _question(p: Picked, asked_before: dict[str, str]) -> dict[str, Any]:
    q = p.question
    return {
        "bank": p.bank.id,
        "id": q.id,
        "ask": q.ask,
        "type": q.type,
        "part": p.part,
        "last_asked": asked_before.get(p.key),
        "follow_ups": [{"ask": f.ask, "when": f.condition() or None} for f in q.follow_ups],
    }


def agenda_lines(doc: dict[str, Any]) -> list[str]:
    """`session preview` as text, in the order the session runs."""
    why = f" ({doc['reason']})" if doc["reason"] else ""
    lines = [
        f"Next session with {doc['name']} on {doc['date']}: {', '.join(doc['banks'])}{why}",
        f"{doc['minutes']}-minute timebox, {doc['question_minutes']} for questions",
    ]
    if doc.get("paused"):
        lines.append(
            f"A paused session (started {doc['paused']}) comes first: `session start` offers "
            "to resume it"
        )
    commitments = doc["commitments"]
    lines += ["", f"Review ({len(commitments)} open commitment(s))"]
    lines += [
        f"  {c['id']}: {c['text']}" + (f" (due {c['due']})" if c["due"] else "")
        for c in commitments
    ] or ["  nothing to review"]
    prep = doc["prep"]
    lines += ["", "Prep from the rep"]
    if prep:
        lines += [f"  {a.get('ask', '')} → {a.get('answer', '')}" for a in prep.get("answers", [])]
        for status in prep.get("statuses", []):
            note = f" ({status['note']})" if status.get("note") else ""
            lines.append(f"  {status.get('commitment', '')}: {status.get('status', '')}{note}")
    else:
        lines.append("  none yet")
    lines += ["", f"Questions ({len(doc['questions'])})"]
    for n, q in enumerate(doc["questions"], 1):
        tag = "" if q["part"] == "core" else f" [{q['part']}]"
        lines.append(f"  {n}. {q['ask']}  ({q['bank']}/{q['id']}){tag}")
        lines += [
            f"     ↳ {f['ask']}" + (f" ({f['when']})" if f["when"] else "") for f in q["follow_ups"]
        ]
    return lines
