"""`coach report`: the data behind the charts, from this store or from org exports."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from coachcli.core.progress import track
from coachcli.core.stats import Window
from coachcli.errors import CoachError


def own_series(home: Path, window: Window) -> tuple[str, dict[str, Any]]:
    """(manager name, chart series) of the store in `home`."""
    from coachcli.core.report_data import series
    from coachcli.core.stats_tables import StatsTables
    from coachcli.services.banks import bank_focus
    from coachcli.services.config import config_values
    from coachcli.store.repository import Store

    # A missing store reads as empty; one that cannot be read (a home that is a file, a
    # damaged file) is the ordinary store error (exit 3), not an empty report. Only the fields
    # the charts read are decoded (those of `coach stats`): every field of a 300-rep home
    # took 500 MB.
    tables: Any = Store(home).read_tables(StatsTables)
    name = str(config_values(home).get("manager") or "").strip() or "My team"
    return name, series(tables, window, bank_focus(home))


def org_series(paths: list[str], window: Window) -> list[tuple[str, dict[str, Any]]]:
    """(manager, chart series) for every manager in the org exports, by name."""
    from coachcli.core.report_data import series, tables_from_org
    from coachcli.inputs.bounded import decode_utf8, read_bounded
    from coachcli.services.org import export_files

    by_manager: dict[str, list[dict[str, Any]]] = defaultdict(list)
    files = export_files(paths)
    for path in track(files, "reading org exports", total=len(files), unit="files"):
        text = decode_utf8(path, read_bounded(path, 2 << 30, "org export"), "org export")
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise CoachError(f"{path}:{number}: not a JSON object") from None
            if isinstance(record, dict) and isinstance(record.get("manager"), str):
                by_manager[record["manager"]].append(record)
    out = []
    for manager, records in sorted(by_manager.items()):
        focus: dict[str, list[str]] = defaultdict(list)
        for r in records:
            if r.get("type") == "bank":
                focus[str(r.get("bank"))].append(str(r.get("transition")))
        out.append((manager, series(tables_from_org(records), window, focus)))
    return out


def headline_figures(
    home: Path, paths: list[str] | None, window: Window
) -> list[tuple[str, dict[str, Any]]]:
    """(manager, `stats --json` figures) for the headline: the store's, or every manager's in
    the org exports (records out of range skipped, as `org stats` does)."""
    if paths:
        from coachcli.services import org

        result, _ = org.stats(paths, None, window)
        return [(m["manager"], m) for m in result["managers"]]
    from coachcli.services.config import config_values
    from coachcli.services.stats import coaching_stats

    name = str(config_values(home).get("manager") or "").strip() or "My team"
    figures = coaching_stats(home, None, today=window.today, weeks=window.weeks)
    return [(name, figures)]
