"""The bounded reader trusts bytes read, not st_size: pipes and devices stop at the cap."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from coachcli.errors import CoachError, Problem, ProblemList
from coachcli.inputs.bounded import decode_utf8, read_bounded


def test_a_regular_file_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100


def test_a_regular_file_over_the_cap_is_refused_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ProblemList) as caught:
        read_bounded(path, 100, "team file")
    assert str(caught.value.items[0]) == f"{path}:1:1: team file is over the limit of 100 bytes"


def test_dev_zero_stops_at_the_cap_instead_of_reading_forever() -> None:
    with pytest.raises(ProblemList):
        read_bounded(Path("/dev/zero"), 1_000_000)


def test_a_pipe_is_bounded_by_what_it_delivers(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def writer() -> None:
        with fifo.open("wb") as handle, contextlib.suppress(BrokenPipeError):
            handle.write(b"y" * 5_000_000)

    thread = threading.Thread(target=writer)
    thread.start()
    with pytest.raises(ProblemList):
        read_bounded(fifo, 64_000)
    thread.join(timeout=5)


def test_missing_and_directory_are_one_line_user_errors(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="no such file"):
        read_bounded(tmp_path / "nope", 10)
    with pytest.raises(CoachError, match="is a directory"):
        read_bounded(tmp_path, 10)


def test_invalid_utf8_names_the_line_and_a_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    assert decode_utf8(path, b"\xef\xbb\xbfok") == "ok"
    with pytest.raises(ProblemList) as caught:
        decode_utf8(path, b"one\ntwo\n\xff")
    assert caught.value.items[0].line == 3


def test_problem_lists_print_a_screenful_and_count_the_rest() -> None:
    problems = [Problem("f.csv", "bad count", line, 2, "calls") for line in range(2, 1002)]
    error = ProblemList(problems)
    lines = error.lines()
    assert lines[0] == "f.csv:2:2: calls: bad count"
    assert lines[-1] == "… and 950 more"
    assert len(lines) == 51
    assert error.message == "f.csv:2:2: calls: bad count (and 999 more)"
