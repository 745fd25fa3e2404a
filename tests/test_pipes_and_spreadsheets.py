"""Files from pipes and devices, spreadsheet CSVs, and a
metrics import that writes the table once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import fails, ok

HEADER = "rep,week,calls,conversations,meetings,opportunities,proposals,won\n"


# -- 2. bounded reads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["rep", "import", "/dev/zero"],
        ["metrics", "import", "/dev/zero"],
        ["session", "start", "dana", "--answers", "/dev/zero", "--today", "2026-11-30"],
        ["plan", "week", "--busy", "/dev/zero", "--week", "2026-W49", "--today", "2026-11-27"],
    ],
)
def test_an_endless_device_is_refused_at_the_cap(team: Path, args: list[str]) -> None:
    result = fails(1, *args)
    assert "/dev/zero" in result.stderr and "limit" in result.stderr


def _feed(fifo: Path, chunk: bytes, times: int) -> threading.Thread:
    def write() -> None:
        try:
            with fifo.open("wb") as out:
                for _ in range(times):
                    out.write(chunk)
        except BrokenPipeError:
            pass  # the reader stopped at its cap: what this test wants

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_pipe_of_two_million_rows_stops_at_the_cap(team: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    thread = _feed(fifo, (HEADER + "dana,2026-W01,x\n" * 99_999).encode(), 20)
    result = fails(1, "metrics", "import", str(fifo))
    thread.join(timeout=10)
    assert "limit of 20,000,000 bytes" in result.stderr
    assert result.stderr.count("\n") <= 3


def test_many_bad_rows_print_fifty_problems_then_a_count(team: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    reps = ["dana", "marco", "priya", "sam", "aiko", "jose", "grace"]
    rows = "".join(
        f"{reps[n % 7]},{1950 + n // 7 // 52}-W{1 + n // 7 % 52:02d},x\n" for n in range(20_000)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    result = fails(1, "metrics", "import", str(path))
    lines = result.stderr.splitlines()
    assert len(lines) == 52, lines[-3:]
    assert lines[50] == "… and 19,950 more"
    assert "20,000 problems; nothing was imported" in lines[51]


# -- 9. spreadsheet CSVs ---------------------------------------------------------------------

ROWS = [("Dana Lee", "2026-W37", "142", "38"), ("Marco Rossi", "2026-W37", "113", "36")]


def _csv(sep: str, end: str = "\n") -> str:
    lines = [sep.join(["rep", "week", "calls", "conversations"])]
    lines += [sep.join(row) for row in ROWS]
    return end.join(lines) + end


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("semicolon", _csv(";").encode("utf-8")),
        ("tab", _csv("\t").encode("utf-8")),
        ("utf-8-bom", b"\xef\xbb\xbf" + _csv(",").encode("utf-8")),
        ("utf-16-le", _csv("\t", "\r\n").encode("utf-16")),  # Excel's "Unicode text"
        ("utf-16-be", b"\xfe\xff" + _csv(";").encode("utf-16-be")),
        ("cr-only", _csv(",", "\r").encode("utf-8")),
    ],
)
def test_spreadsheet_csvs_are_read(team: Path, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    assert "2 rows (2 new, 0 updated)" in ok("metrics", "import", str(path)).stderr
    shown = ok("metrics", "show", "dana", "--json", "--today", "2026-09-14").json()
    assert "142" in str(shown)


def test_utf16_without_its_mark_is_named(team: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(_csv(",").encode("utf-16-le"))
    result = fails(1, "metrics", "import", str(path))
    assert "UTF-16" in result.stderr and "CSV UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("١٢", "is not a whole number"),  # Arabic-Indic digits
        ("\uff11\uff12", "is not a whole number"),  # full-width digits
        ("1_000", "is not a whole number"),
        ("12345678901234567890123", "is more than 1,000,000"),
        ("-3", "is negative"),
    ],
)
def test_odd_counts_are_refused(team: Path, tmp_path: Path, cell: str, expected: str) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(f"rep,week,calls\nDana Lee,2026-W37,{cell}\n", encoding="utf-8")
    result = fails(1, "metrics", "import", str(path))
    assert "odd.csv:2: column 'calls':" in result.stderr and expected in result.stderr


def test_a_week_decades_ahead_and_a_row_with_no_counts_are_refused(
    team: Path, tmp_path: Path
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "rep,week,calls,won\nDana Lee,2090-W10,5,1\nMarco Rossi,2026-W37,,\n", encoding="utf-8"
    )
    result = fails(1, "metrics", "import", str(path))
    assert "odd.csv:2: column 'week': 2090-W10 is in the future" in result.stderr
    assert "odd.csv:3: the row has no counts" in result.stderr


# -- 11. one write per import --------------------------------------------------------------


def test_a_metrics_import_rewrites_the_table_once(
    team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.store.storage import MemoryStorage

    path = tmp_path / "many.csv"
    weeks = [f"{y}-W{w:02d}" for y in (2020, 2021, 2022, 2023, 2024, 2025) for w in range(1, 53)]
    reps = ["Dana Lee", "Marco Rossi", "Priya Nair"]
    path.write_text(
        HEADER + "".join(f"{r},{w},10,5,2,1,1,0\n" for r in reps for w in weeks), encoding="utf-8"
    )
    ok("metrics", "import", str(path))  # the first import: all new
    writes = []
    original = MemoryStorage.write

    def counting(self: MemoryStorage, data: dict[str, object]) -> None:
        writes.append(1)
        original(self, data)

    monkeypatch.setattr(MemoryStorage, "write", counting)
    result = ok("metrics", "import", str(path))  # again: every row replaces a stored one
    assert (
        f"{len(reps) * len(weeks)} rows (0 new, {len(reps) * len(weeks)} updated)" in result.stderr
    )
    assert len(writes) <= 2  # remove the old rows, insert the new: not one rewrite per row
