"""Long work shows a progress bar on a terminal, and nothing when stderr is not one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.core import progress
from tests.test_session_pty import coach_bin

pexpect = pytest.importorskip("pexpect")

ROWS = 30_000


def crm_export(path: Path) -> Path:
    reps = ["Dana Lee", "Marco Rossi", "Priya Nair"]
    lines = ["Assigned,Date,Type,Call Result"]
    for i in range(ROWS):
        lines.append(f"{reps[i % 3]},11/{2 + i % 20:02d}/2026,Call,Connected")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def env(team: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "COACH_NO_PROGRESS"}
    return base | {"COACH_HOME": str(team), "TERM": "xterm-256color"} | extra


@pytest.mark.slow
def test_a_long_crm_import_shows_a_progress_bar_on_a_terminal(team: Path, tmp_path: Path) -> None:
    big = crm_export(tmp_path / "activities.csv")
    child = pexpect.spawn(
        coach_bin(),
        ["crm", "import", str(big)],
        env=env(team, COACH_PROGRESS_DELAY="0"),
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 160),
    )
    child.expect(r"reading activities\.csv")
    child.expect(r"rows")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


@pytest.mark.slow
def test_without_a_terminal_or_with_quiet_there_is_no_bar(team: Path, tmp_path: Path) -> None:
    big = crm_export(tmp_path / "activities.csv")
    piped = subprocess.run(
        [coach_bin(), "crm", "import", str(big), "--dry-run"],
        env=env(team, COACH_PROGRESS_DELAY="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert "reading activities.csv" not in piped.stderr and "\x1b[" not in piped.stderr
    child = pexpect.spawn(
        coach_bin(),
        ["--quiet", "crm", "import", str(big), "--dry-run"],
        env=env(team, COACH_PROGRESS_DELAY="0"),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    assert "reading activities.csv" not in (child.before or "")


def test_track_reports_to_the_meter_listening_and_costs_nothing_without_one() -> None:
    seen: list[tuple[str, object]] = []

    class Meter:
        def begin(self, label: str, total: int | None, unit: str) -> None:
            seen.append(("begin", (label, total, unit)))

        def advance(self, done: int) -> None:
            seen.append(("advance", done))

        def end(self) -> None:
            seen.append(("end", None))

    assert list(progress.track(range(3), "quiet")) == [0, 1, 2] and seen == []
    with progress.listening(Meter()):
        assert sum(progress.track(range(1200), "rows", total=1200, unit="rows")) == sum(range(1200))
    assert seen[0] == ("begin", ("rows", 1200, "rows"))
    assert ("advance", 1024) in seen and seen[-2:] == [("advance", 1200), ("end", None)]
    assert list(progress.track(range(2), "after")) == [0, 1] and len(seen) == 5


def test_the_bar_is_off_when_stderr_is_not_a_terminal_or_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from coachcli.ui.progress import RichMeter, meter_for

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("COACH_NO_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert meter_for(False) is None
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(meter_for(False), RichMeter) and meter_for(True) is None
