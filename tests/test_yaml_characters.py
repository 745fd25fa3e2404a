"""Characters YAML refuses (a NUL, a control character, Word's soft line break, U+FFFE) in any
YAML file a user gives coach are a located problem, `file:line:col`, exit 1; never an
internal error. A config.yaml holding one names the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.errors import ProblemList
from coachcli.inputs.yamlio import load_yaml
from tests.conftest import fails, ok, run

BAD = {
    "nul": "\x00",
    "control": "\x01",
    "vertical-tab": "\x0b",  # Word's soft line break (Shift+Enter) pasted into a file
    "u-fffe": "\ufffe",
    "escape": "\x1b",
}
TODAY = "2026-11-30"


def _hostile(path: Path, char: str, before: str = "# a file\n") -> Path:
    """`before`, then a line whose 10th character is `char`: the problem is at line N, col 10."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((before + f"notes: 'a{char}b'\n").encode("utf-8"))
    return path


def _where(path: Path, before: str = "# a file\n") -> str:
    return f"{path}:{before.count(chr(10)) + 1}:10"


@pytest.mark.parametrize("char", BAD.values(), ids=BAD.keys())
def test_the_yaml_reader_locates_a_refused_character(tmp_path: Path, char: str) -> None:
    path = _hostile(tmp_path / "x.yaml", char, "a: 1\nb: 2\n")
    with pytest.raises(ProblemList) as info:
        load_yaml(path)
    (problem,) = info.value.items
    assert (problem.line, problem.column) == (3, 10)
    assert f"U+{ord(char):04X}" in problem.message


def test_the_fast_reader_locates_it_too(tmp_path: Path) -> None:
    path = _hostile(tmp_path / "bank.yaml", "\x0b")
    with pytest.raises(ProblemList) as info:
        load_yaml(path, fast=True)
    assert (info.value.items[0].line, info.value.items[0].column) == (2, 10)


def test_a_vertical_tab_is_named_as_words_soft_line_break(tmp_path: Path) -> None:
    path = _hostile(tmp_path / "x.yaml", "\x0b")
    with pytest.raises(ProblemList) as info:
        load_yaml(path)
    assert "soft line break" in info.value.items[0].message


def _team(home: Path) -> None:
    ok("rep", "add", "Dana Lee")


USES = {
    "answers": lambda p: ("session", "start", "dana", "--answers", str(p), "--today", TODAY),
    "team": lambda p: ("rep", "import", str(p)),
    "ratings": lambda p: ("score", "rate", "dana", "--ratings", str(p), "--today", TODAY),
    "bank": lambda p: ("bank", "validate", str(p)),
}


@pytest.mark.parametrize("char", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("kind", USES)
def test_a_refused_character_in_a_file_given_to_a_command_is_exit_1_located(
    coach_home: Path, tmp_path: Path, kind: str, char: str
) -> None:
    _team(coach_home)
    path = _hostile(tmp_path / f"{kind}.yaml", char)
    result = fails(1, *USES[kind](path))
    assert _where(path) in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("char", BAD.values(), ids=BAD.keys())
def test_a_crm_mapping_with_a_refused_character_is_exit_1_located(
    coach_home: Path, tmp_path: Path, char: str
) -> None:
    _team(coach_home)
    csv = tmp_path / "crm.csv"
    csv.write_text("Owner,Date,Calls\nDana Lee,2026-11-23,3\n")
    mapping = _hostile(tmp_path / "mapping.yaml", char)
    result = fails(1, "crm", "import", str(csv), "--mapping", str(mapping), "--dry-run")
    assert _where(mapping) in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("char", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize(("folder", "command"), [("scorecards", "scorecard"), ("banks", "bank")])
def test_a_refused_character_in_a_users_scorecard_or_bank_is_located_never_a_crash(
    coach_home: Path, folder: str, command: str, char: str
) -> None:
    _team(coach_home)
    path = _hostile(coach_home / folder / "mine.yaml", char)
    result = run(command, "list")  # a listing names the file and skips it
    assert result.exit_code in (0, 1)
    assert _where(path) in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("char", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize(
    "args",
    [("plan", "week", "--today", TODAY), ("rep", "list"), ("rep", "add", "Priya Patel")],
    ids=["plan", "rep-list", "rep-add"],
)
def test_a_config_with_a_refused_character_names_the_file_and_the_fix(
    coach_home: Path, args: tuple[str, ...], char: str
) -> None:
    _team(coach_home)
    config = coach_home / "config.yaml"
    config.write_bytes(f"manager: 'Ana{char}Ruiz'\nsession_minutes: 30\n".encode())
    result = fails(1, *args) if args[0] == "plan" else None
    if result is None:  # commands that never read the config are not stopped by it
        ok(*args)
        return
    assert f"{config}:1:14" in result.stderr
    assert "internal error" not in result.stderr
    assert "config.yaml" in result.stderr and "delete" in result.stderr
