"""`coach crm ...`: the CRM's report exports, as they come, into the weekly funnel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today

app = typer.Typer(
    help="Import the CRM's report exports into the weekly funnel counts.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The report export, as the CRM saved it (CSV).")],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            metavar="ID|FILE.yaml",
            help="The mapping to read it with (default: the one whose headers fit the file).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
    ] = False,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Turn a CRM report export into weekly funnel counts per rep.

    For each rep and week in the file, the steps the mapping fills are replaced; other steps
    stay. Rows of owners who are not reps are skipped and listed. A file with any bad cell
    imports nothing and lists every bad cell as file:line: column 'X': problem. UTF-8, UTF-16
    or Windows-1252 (Latin-1) text; a report's title and totals rows are skipped, with a note.
    A row dated more than a week after today (`--today`, else the real date) is a bad cell.

    Example: coach crm import examples/salesforce-activities.csv --dry-run --today 2026-11-30
    """
    from coachcli.services.crm import import_export
    from coachcli.ui.render import message

    result = import_export(home(), file, mapping, today=today(today_), dry_run=dry_run)
    for text in result["warnings"]:
        message(f"warning: {text}")
    for text in result["notes"]:
        message(f"note: {text}")
    if json_:
        from coachcli.ui.render import print_json

        print_json(result)
        return
    _render(result)


def _render(result: dict[str, Any]) -> None:
    from coachcli.ui.render import message, print_table

    steps = result["steps"]
    changed = [w for w in result["weeks"] if w["changed"]]

    def cells(counts: dict[str, int | None]) -> str:
        return " ".join("-" if counts[s] is None else str(counts[s]) for s in steps)

    if changed:
        print_table(
            ["Rep", "Week", f"Before ({' '.join(steps)})", "After"],
            ([w["rep"], w["week"], cells(w["before"]), cells(w["after"])] for w in changed),
            title=f"{'Would change' if result['dry_run'] else 'Changed'} ({result['mapping']})",
        )
    verb = "would import" if result["dry_run"] else "imported"
    message(
        f"{verb} {result['file']} with {result['mapping']}: {result['rows']} rows, "
        f"{len(result['weeks'])} rep-weeks ({len(changed)} changed)"
        + (", nothing written" if result["dry_run"] else "")
    )
    unknown = result["unknown_owners"]
    if unknown:
        total = sum(u["rows"] for u in unknown)
        listed = ", ".join(f"{u['owner']} ({u['rows']})" for u in unknown[:20])
        message(
            f"skipped {total} rows of owners who are not reps: {listed}; "
            "add them with `coach rep add` or give a rep `--alias`"
        )


@app.command("mappings")
def mappings(json_: JsonOpt = False) -> None:
    """List the mappings: shipped ones and yours (<home>/mappings/*.yaml).

    Example: coach crm mappings --json
    """
    from coachcli.services.crm import list_mappings
    from coachcli.ui.render import message, print_json, print_table

    found, warnings = list_mappings(home())
    for text in warnings:
        message(f"warning: {text}")
    if json_:
        print_json(found)
        return
    print_table(
        ["ID", "Kind", "Fills", "Identified by columns", "Source"],
        (
            [m["id"], m["kind"], _joined(m["steps"]), _joined(m["headers"]), m["source"]]
            for m in found
        ),
    )


def _joined(values: object) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list) else str(values)
