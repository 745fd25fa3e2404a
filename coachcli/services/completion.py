"""Shell completion values, read straight from the store file: no lock, no write, no
validation, no migration. A damaged or missing store completes nothing rather than failing,
so a Tab press never prints an error into the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coachcli.store.paths import STORE_NAME


def _decoder(table: str, fields: tuple[str, ...]) -> Any:
    """A msgspec decoder that keeps only `fields` of the documents of one table: the rest of
    the store (a few MB on a years-old store) is skipped, not built."""
    import msgspec

    doc = msgspec.defstruct("Doc", [(f, Any, None) for f in fields], forbid_unknown_fields=False)
    documents: Any = dict[str, doc]  # type: ignore[valid-type]  # a type built at run time
    top = msgspec.defstruct("Tables", [(table, documents, {})], forbid_unknown_fields=False)
    return msgspec.json.Decoder(top)


def _docs(home: Path, table: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The documents of `table` with just `fields`; nothing when the store cannot be read."""
    import msgspec

    try:
        raw = (home / STORE_NAME).read_bytes()
        data = _decoder(table, fields).decode(raw)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return []
    return [{f: getattr(doc, f) for f in fields} for doc in getattr(data, table).values()]


def _starting(values: list[str], incomplete: str) -> list[str]:
    wanted = incomplete.casefold()
    return list(dict.fromkeys(v for v in values if v.casefold().startswith(wanted)))


def rep_refs(home: Path, incomplete: str) -> list[str]:
    """Slugs of the active reps, then their names (for shells that quote them)."""
    docs = [d for d in _docs(home, "reps", ("slug", "name", "active")) if d["active"] is not False]
    slugs = sorted(str(d.get("slug", "")) for d in docs)
    names = sorted(str(d.get("name", "")) for d in docs)
    return _starting([*slugs, *names], incomplete)


def session_ids(home: Path, incomplete: str) -> list[str]:
    """Session ids, newest first."""
    docs = sorted(
        _docs(home, "sessions", ("id", "date", "started")),
        key=lambda d: (str(d.get("date", "")), str(d.get("started", ""))),
        reverse=True,
    )
    return _starting([str(d.get("id", "")) for d in docs], incomplete)


def commitment_ids(home: Path, incomplete: str) -> list[str]:
    """Commitment ids, open ones first."""
    docs = _docs(home, "commitments", ("id", "status"))
    docs.sort(key=lambda d: (d.get("status") != "open", str(d.get("id", ""))))
    return _starting([str(d.get("id", "")) for d in docs], incomplete)


def _stems(directories: list[Path]) -> list[str]:
    out: list[str] = []
    for directory in directories:
        try:
            out += sorted(p.stem for p in directory.glob("*.yaml"))
        except OSError:
            continue
    return out


def bank_ids(home: Path, incomplete: str) -> list[str]:
    """Bank ids by file name (shipped banks are named after their id), no YAML parsed."""
    import coachcli.question_banks as shipped
    from coachcli.services.home import extra_bank_dirs

    dirs = [Path(shipped.__file__).parent, *extra_bank_dirs(home)]
    return _starting(sorted(set(_stems(dirs))), incomplete)


def scorecard_ids(home: Path, incomplete: str) -> list[str]:
    import coachcli.scorecards as shipped

    dirs = [Path(shipped.__file__).parent, home / "scorecards"]
    return _starting(sorted(set(_stems(dirs))), incomplete)
