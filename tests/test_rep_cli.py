"""The roster through the CLI: add, import, list, show, edit, archive, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, fails, ok, run


def test_import_example_team_then_list_json_has_the_documented_keys(team: Path) -> None:
    reps = ok("rep", "list", "--json").json()
    assert isinstance(reps, list) and len(reps) == 7
    for rep in reps:
        assert {"name", "slug", "tier", "slot", "focus", "active"} <= set(rep)
    dana = next(r for r in reps if r["slug"] == "dana-lee")
    assert dana == dana | {
        "name": "Dana Lee",
        "tier": "core",
        "slot": "tue 10:00",
        "focus": "early-pipeline",
        "active": True,
    }


def test_reimporting_updates_instead_of_duplicating(team: Path, tmp_path: Path) -> None:
    changed = tmp_path / "t.yaml"
    changed.write_text("reps:\n  - name: Dana Lee\n    tier: top\n  - name: New Person\n")
    result = ok("rep", "import", str(changed))
    assert "1 added, 1 updated" in result.stderr
    reps = {r["slug"]: r for r in ok("rep", "list", "--json").json()}
    assert len(reps) == 8
    assert reps["dana-lee"]["tier"] == "top"
    assert reps["dana-lee"]["slot"] == "tue 10:00"  # fields not in the file are kept


def test_import_csv(tmp_path: Path) -> None:
    csv = tmp_path / "team.csv"
    csv.write_text("name,tier,slot,email\nAna Silva,top,Mon 9:00,ana@example.com\nBo Chen,,,\n")
    ok("rep", "import", str(csv))
    reps = {r["slug"]: r for r in ok("rep", "list", "--json").json()}
    assert reps["ana-silva"]["slot"] == "mon 09:00"
    assert reps["bo-chen"]["tier"] == "core"


def test_bad_team_file_reports_every_line_and_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "reps:\n  - name: Ok Person\n  - name: Bad Tier\n    tier: superstar\n"
        "  - name: Bad Slot\n    slot: someday\n"
    )
    result = fails(1, "rep", "import", str(bad))
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines  # both bad reps, one line each, nothing else
    assert lines[0].startswith(f"coach: error: {bad}:4:11: reps[1].tier: ")
    assert lines[1].startswith(f"coach: error: {bad}:6:11: reps[2].slot: invalid slot")
    assert ok("rep", "list", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rep", "add", "Dana Lee"], "already exists"),
        (["rep", "add", "Zed", "--tier", "superstar"], "invalid tier"),
        (["rep", "add", "Zed", "--slot", "someday 10:00"], "invalid slot"),
        (["rep", "add", "Zed", "--email", "not-an-email"], "invalid email"),
        (["rep", "add", "Zed", "--focus", "no-such-bank"], "unknown bank"),
        (["rep", "show", "zed"], "no rep matches"),
        (["rep", "add", "x" * 300], "at most 80"),
        (["rep", "add", "a\x00b"], None),
    ],
)
def test_user_errors_are_one_line_exit_1(team: Path, args: list[str], expected: str | None) -> None:
    result = run(*args)
    if expected is None:  # NUL is dropped: stored cleanly instead of refused
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1, result.stderr
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_ambiguous_prefix_lists_the_candidates(tmp_path: Path) -> None:
    ok("rep", "add", "Sam Ortiz")
    ok("rep", "add", "Sami Khan")
    result = fails(1, "rep", "show", "sam")
    assert "sam-ortiz" in result.stderr and "sami-khan" in result.stderr


def test_reps_resolve_by_name_slug_or_prefix_case_insensitively(team: Path) -> None:
    for ref in ("Dana Lee", "DANA-LEE", "dana", "DaNa-L"):
        assert ok("rep", "show", ref, "--json").json()["slug"] == "dana-lee"


def test_two_unicode_spellings_of_a_name_are_one_rep(tmp_path: Path) -> None:
    ok("rep", "add", "Jos\u00e9 Ruiz")  # precomposed é
    result = fails(1, "rep", "add", "Jose\u0301 Ruiz")  # e + combining accent
    assert "already exists" in result.stderr


def test_edit_changes_fields_and_empty_clears(team: Path) -> None:
    ok("rep", "edit", "dana", "--tier", "top", "--slot", "Wednesday 14:30", "--focus", "")
    dana = ok("rep", "show", "dana", "--json").json()
    assert (dana["tier"], dana["slot"], dana["focus"]) == ("top", "wed 14:30", None)


def test_archive_hides_from_list_but_keeps_the_rep(team: Path) -> None:
    ok("rep", "archive", "dana")
    assert "dana-lee" not in [r["slug"] for r in ok("rep", "list", "--json").json()]
    everyone = {r["slug"]: r for r in ok("rep", "list", "--all", "--json").json()}
    assert everyone["dana-lee"]["active"] is False
    ok("rep", "unarchive", "dana")
    assert ok("rep", "show", "dana", "--json").json()["active"] is True


def test_list_table_for_people(team: Path) -> None:
    out = ok("rep", "list").stdout
    assert "Dana Lee" in out and "early-pipeline" in out


def test_example_team_has_six_to_eight_reps() -> None:
    text = (EXAMPLES / "team.yaml").read_text()
    assert 6 <= text.count("- name:") <= 8
