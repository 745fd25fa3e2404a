"""`coach crm`: a CRM report export -> the weekly funnel counts that `metrics` reads.

The file is read and counted against a snapshot of the roster; only a file with no bad cell is
written, in one locked transaction that rewrites the metrics table once (`put_many`). For each
rep and week the file covers, the steps the mapping fills are replaced (so importing the same
file twice changes nothing) and every other step is left as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from coachcli.core.crm import MappingSpec, count_rows, owner_index, summary
from coachcli.errors import CoachError, Problem, ProblemList


def list_mappings(home: Path) -> tuple[list[dict[str, object]], list[str]]:
    from coachcli.inputs.crm_mapping import load_mappings

    specs, warnings = load_mappings(home)
    return [s.to_json() for s in sorted(specs, key=lambda s: s.id)], warnings


def _choose(
    home: Path, file: Path, ref: str | None, header: list[str]
) -> tuple[MappingSpec, list[str]]:
    from coachcli.inputs.crm_mapping import load_mappings, read_mapping

    if ref and (ref.endswith((".yaml", ".yml")) or Path(ref).exists()):
        return read_mapping(Path(ref)), []
    specs, warnings = load_mappings(home)
    if ref:
        for spec in specs:
            if spec.id == ref.strip():
                return spec, warnings
        known = ", ".join(sorted(s.id for s in specs))
        raise CoachError(f"no mapping {ref!r}", hint=f"known mappings: {known}")
    fitting = [s for s in specs if s.fits(header)]
    if len(fitting) == 1:
        return fitting[0], warnings
    if fitting:
        names = ", ".join(sorted(s.id for s in fitting))
        raise CoachError(
            f"{file}: several mappings fit its columns: {names}",
            hint="choose one with --mapping ID",
        )
    shown = ", ".join(repr(h) for h in header[:8])
    raise CoachError(
        f"{file}: no mapping fits its columns ({shown})",
        hint=(
            f"known mappings: {', '.join(sorted(s.id for s in specs))}; give one with --mapping, "
            f"or write one in {home / 'mappings'}"
        ),
    )


def import_export(
    home: Path, file: Path, mapping: str | None = None, *, today: date, dry_run: bool = False
) -> dict[str, Any]:
    """Count `file` with its mapping and (unless `dry_run`) write the counts; the report.

    A row dated more than a week after `today` is a bad cell: nothing is imported."""
    from coachcli.core.models import Metric
    from coachcli.inputs.crm_csv import open_export
    from coachcli.services.config import load_config
    from coachcli.store.repository import Store

    funnel = load_config(home).funnel
    store = Store(home)
    with open_export(file) as export:
        spec, warnings = _choose(home, file, mapping, export.header)
        if spec.delimiter:
            export.use(spec.delimiter)
        unknown = spec.unknown_steps(funnel)
        if unknown:
            raise CoachError(
                f"mapping {spec.id}: {', '.join(unknown)} not in the funnel ({', '.join(funnel)})",
                hint="use funnel steps from config.yaml, or add the step to `funnel:` there",
            )
        notes = _twice(spec, export.duplicated(), str(file))
        reps = store.read().reps.all()
        owners = owner_index((r.slug, [r.name, r.email or "", *r.aliases]) for r in reps)
        tally = count_rows(
            spec, export.header, export.rows(), owners, funnel, str(file), today=today
        )
        notes = export.notes + notes
    if tally.problems:
        raise ProblemList(
            tally.problems,
            hint="nothing was imported; fix the cells and retry",
            total=tally.problem_total,
        )
    steps = spec.filled_steps(funnel)
    weekly = tally.weekly(steps)

    def stored(repo: Any) -> Any:
        def existing(rep: str, week: str) -> dict[str, int] | None:
            record = repo.metrics.get(f"{rep}:{week}")
            return None if record is None else dict(record.counts)

        return existing

    if dry_run:
        report = summary(tally, steps, stored(store.read()))
    else:
        with store.write() as repo:
            report = summary(tally, steps, stored(repo))
            records = []
            for (rep, week), counts in weekly.items():
                old = repo.metrics.get(f"{rep}:{week}")
                merged = {**(old.counts if old else {}), **counts}
                records.append(Metric(rep=rep, week=week, counts=merged))
            repo.metrics.put_many(records)
    return {
        "file": str(file),
        "mapping": spec.id,
        "kind": spec.kind,
        "dry_run": dry_run,
        **report,
        "warnings": warnings,
        "notes": notes,
    }


def _twice(spec: MappingSpec, names: list[str], file: str) -> list[str]:
    """Notes on header columns written twice that the mapping never reads; one it reads is a
    problem (which of the two would it be?)."""
    used = {c.strip().casefold() for c in spec.columns()}
    read = [n for n in names if n.casefold() in used]
    if read:
        shown = ", ".join(repr(n) for n in read)
        raise ProblemList(
            [Problem(file, f"column {shown} appears twice in the header (mapping {spec.id})", 1)],
            hint="remove the extra column from the report, or rename it, and export again",
        )
    said = f"appears twice; mapping {spec.id} does not read it"
    return [f"{file}:1: column {n!r} {said}" for n in names]
