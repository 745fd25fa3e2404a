"""A transcript near the 20 MB cap streams: `coach call add` of 400,000 minimal cues ends in
bounded memory (a generous cap proving it streams; timings live in benchmarks/transcript.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.transcripts import make_team, stamp

CUES = 400_000
MEMORY_CAP_MIB = 400


@pytest.mark.slow
def test_a_transcript_of_400000_cues_is_measured_in_bounded_memory(
    coach_home: Path, tmp_path: Path
) -> None:
    make_team(coach_home)
    path = tmp_path / "long.vtt"
    with path.open("w", encoding="utf-8") as out:
        out.write("WEBVTT\n\n")
        for i in range(CUES):
            who = ("Sam Rivera", "Dana", "Jo")[i % 3]
            out.write(f"{stamp(i)} --> {stamp(i + 0.9)}\n{who}: Ok?\n\n")
    assert path.stat().st_size < 20 * 1024 * 1024
    coach = Path(sys.executable).with_name("coach")
    # A launcher whose only child is coach reports that child's peak RSS.
    launcher = (
        "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    args = [str(coach), "call", "add", "dana", str(path), "--date", "2026-11-24", "--json"]
    done = subprocess.run(
        [sys.executable, "-c", launcher, *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert '"cues": 400000' in done.stdout
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    assert peak_kib / 1024 < MEMORY_CAP_MIB
