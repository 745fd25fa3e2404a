"""A JSON Lines export made one session at a time, so a whole store streams to its file:
one session body in memory at a time, each commitment decoded only when a session names it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.core.progress import track

if TYPE_CHECKING:
    from coachcli.core.models import Commitment, Rep
    from coachcli.store.repository import Repository


def session_lines(
    repo: Repository,
    reps: dict[str, Rep],
    chosen: Rep | None,
    first: date | None,
    *,
    private: bool,
    manager: str,
) -> Iterator[str]:
    """The export's lines, oldest session first; `private=False` drops the private notes."""
    from coachcli.export.jsonl import dump_line, session_record

    since = first.isoformat() if first else ""
    index = repo.sessions.where(
        lambda d: (chosen is None or d.get("rep") == chosen.slug) and d.get("date", "") >= since,
        {"rep": {chosen.slug}, "date": (">=", since)} if chosen else {"date": (">=", since)},
    )
    order = sorted((s.date, s.started, s.id) for s in index)
    del index
    commitments: Any = CommitmentLookup(repo)
    for _, _, sid in track(order, "exporting sessions", total=len(order), unit="sessions"):
        full = repo.load_session(sid)
        if full is None:
            continue
        if not private:
            full = replace(full, notes="")
        yield dump_line(session_record(full, reps, commitments, manager))


class CommitmentLookup:
    """`commitments.get(id)` for an export: each record decoded when asked, the last few kept."""

    def __init__(self, repo: Repository) -> None:
        self._table = repo.commitments
        self._recent: dict[str, Commitment | None] = {}

    def get(self, cid: str) -> Commitment | None:
        if cid not in self._recent:
            if len(self._recent) > 512:
                self._recent.clear()
            self._recent[cid] = self._table.get(cid)
        return self._recent[cid]

    def __contains__(self, cid: object) -> bool:
        return isinstance(cid, str) and self.get(cid) is not None

    def __getitem__(self, cid: str) -> Commitment:
        found = self.get(cid)
        if found is None:
            raise KeyError(cid)
        return found
