"""The first question of `coach session start` comes before pydantic is imported.

Banks read back from the validated-bank cache are plain values (core.bank_values), which is
what keeps the time to the first question under 0.25 s (benchmarks/first_question.py). This
runs coach in a real pseudo-terminal with an import hook that notes when pydantic is first
imported, and checks the note is still empty when the first question is on the screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

TODAY = "2026-11-24"

# Runs coach as its console script does, after a finder that records the first import of
# pydantic (and imports nothing itself).
WATCH = """
import runpy, sys
NOTE = sys.argv.pop(1)
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "pydantic":
            with open(NOTE, "a") as out:
                out.write("imported\\n")
        return None
sys.meta_path.insert(0, Watch())
sys.argv[0] = "coach"
runpy.run_module("coachcli", run_name="__main__")
"""


def first_question(note: Path) -> str:
    """Start a session in a pty, wait for the first question, Ctrl-C; what `note` says."""
    env = dict(os.environ)
    env.update({"TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"})
    argv = ["-c", WATCH, str(note), "session", "start", "dana-lee", "--today", TODAY]
    child = pexpect.spawn(
        sys.executable, argv, env=env, encoding="utf-8", timeout=20, dimensions=(50, 200)
    )
    child.expect_exact("Which question bank?")
    seen = note.read_text() if note.exists() else ""
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return seen


def test_the_first_question_needs_no_pydantic_once_the_banks_are_cached(
    team: Path, tmp_path: Path
) -> None:
    cold = tmp_path / "cold.txt"
    assert first_question(cold) == "imported\n"  # no cache yet: the bank files are validated
    assert (team / ".banks-cache.json").exists()  # and the session wrote the cache
    warm = tmp_path / "warm.txt"
    assert first_question(warm) == ""  # from the cache: plain values, no pydantic
