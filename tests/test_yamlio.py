"""Safe YAML reading: located problems for everything a user can get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.errors import ProblemList
from coachcli.inputs.yamlio import load_yaml


def test_an_impossible_date_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("commitments:\n  - text: x\n    due: 2026-13-01\n")
    with pytest.raises(ProblemList) as info:
        load_yaml(path)
    (problem,) = info.value.items
    assert (problem.line, problem.column, problem.field) == (3, 10, "commitments[0].due")
    assert str(problem).startswith(f"{path}:3:10: commitments[0].due: ")


def test_duplicate_keys_and_aliases_are_refused_with_their_lines(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(ProblemList, match=r"dup.yaml:3:1: a: duplicate key"):
        load_yaml(dup)
    alias = tmp_path / "alias.yaml"
    alias.write_text("a: &x [1, 2]\nb: *x\n")
    with pytest.raises(ProblemList, match=r"alias.yaml:2:4: YAML: aliases"):
        load_yaml(alias)
