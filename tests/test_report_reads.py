"""`coach report` decodes only the fields its charts read (issue 19: a 300-rep home took
500 MB), and draws the same series as from every field of every record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers.bench import load_generator

generate = load_generator()


def test_the_report_series_from_the_lean_read_equal_those_from_the_whole_store(
    coach_home: Path,
) -> None:
    pytest.importorskip("duckdb")
    from coachcli.core.report_data import series
    from coachcli.core.stats import window_for
    from coachcli.services.banks import bank_focus
    from coachcli.services.report import own_series
    from coachcli.store.repository import Store

    generate.generate_home(coach_home, reps=4, weeks=30, seed=9, end=date(2026, 11, 23))
    window = window_for(date(2026, 11, 27), 12)
    _, lean = own_series(coach_home, window)
    whole = series(Store(coach_home).read_tables(dict), window, bank_focus(coach_home))
    assert lean == whole
    assert sum(lean["talk"]["sessions"]) > 0 and sum(lean["follow_through"]["due"]) > 0
