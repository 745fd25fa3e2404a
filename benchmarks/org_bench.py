"""Time the organisation's view: `coach org stats` beside `coach stats --store` on the same 20
managers, and `coach org load` / `org stats --db` on 500 managers x 12 reps x 5 years.

    python benchmarks/generate.py --stores 20 --out /tmp/org-bench/stores     # 20 coach homes
    python benchmarks/org_generate.py --managers 500 --out /tmp/org-bench/500  # 500 org exports
    python benchmarks/org_bench.py --stores /tmp/org-bench/stores --org /tmp/org-bench/500

Every figure is a whole `coach` process (spawn to exit), timed with its peak RSS (GNU time's
%M, in KiB); medians of --runs runs. Results go to stdout as a markdown table.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TODAY = "2026-11-20"


def coach() -> str:
    found = Path(sys.executable).parent / "coach"
    return str(found) if found.exists() else "coach"


def timed(args: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in MiB) of one process."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    proc = subprocess.run(
        [time_bin, "-f", "%e %M", *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    seconds, kib = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) // 1024


def median_of(args: list[str], runs: int) -> tuple[float, int]:
    results = [timed(args) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def row(what: str, result: tuple[float, int], note: str = "") -> str:
    return f"| {what} | {result[0]:.2f} s | {result[1]} MiB | {note} |"


def twenty(stores: Path, runs: int, work: Path) -> list[str]:
    homes = sorted(p for p in stores.iterdir() if (p / "config.yaml").exists())
    exports = work / "exports20"
    exports.mkdir(exist_ok=True)
    for home in homes:
        # generate.py reuses five manager names; an org export is keyed by its manager.
        config = home / "config.yaml"
        text = config.read_text()
        if f"({home.name})" not in text:
            config.write_text(re.sub(r'manager: "([^"]*)"', rf'manager: "\1 ({home.name})"', text))
        target = exports / f"{home.name}.jsonl"
        if not target.exists():
            subprocess.run(
                [coach(), "--home", str(home), "export", "--audience", "org", "-o", str(target)],
                check=True,
                capture_output=True,
            )
    window = ["--weeks", "12", "--today", TODAY, "--json"]
    store_args = [a for h in homes for a in ("--store", str(h))]
    db = work / "org20.duckdb"
    db.unlink(missing_ok=True)
    load = timed([coach(), "org", "load", str(exports), "--db", str(db)])
    return [
        row(
            f"`stats --store` x {len(homes)}",
            median_of([coach(), "stats", *store_args, *window], runs),
        ),
        row(
            f"`org stats` over {len(homes)} exports",
            median_of([coach(), "org", "stats", str(exports), *window], runs),
        ),
        row(f"`org load` {len(homes)} exports", load, "once"),
        row(
            f"`org stats --db` ({len(homes)})",
            median_of([coach(), "org", "stats", "--db", str(db), *window], runs),
        ),
    ]


def five_hundred(org: Path, runs: int, work: Path) -> list[str]:
    db = work / "org500.duckdb"
    db.unlink(missing_ok=True)
    load = timed([coach(), "org", "load", str(org), "--db", str(db)])
    rows = [row("`org load` 500 exports", load, "once, incremental afterwards")]
    for weeks in ("12", "260"):
        args = [
            coach(),
            "org",
            "stats",
            "--db",
            str(db),
            "--weeks",
            weeks,
            "--today",
            TODAY,
            "--json",
        ]
        rows.append(row(f"`org stats --db` (500), --weeks {weeks}", median_of(args, runs)))
    direct = timed([coach(), "org", "stats", str(org), "--today", TODAY, "--json"])
    rows.append(row("`org stats` straight from the 500 .jsonl files", direct, "read + query"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", type=Path, help="a directory of coach homes (generate.py)")
    parser.add_argument("--org", type=Path, help="a directory of org exports (org_generate.py)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "org-bench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    lines = ["| what | median | peak RSS | note |", "|---|---|---|---|"]
    if args.stores:
        lines += twenty(args.stores, args.runs, args.work)
    if args.org:
        lines += five_hundred(args.org, max(1, args.runs // 2), args.work)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
