"""Issue 10 (20): a weekly `export -o DIR --skip-existing`, and the manager in the front matter."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, fails, ok

ANSWERS = str(EXAMPLES / "answers.yaml")


def record(day: str) -> str:
    return ok("session", "start", "dana", "--answers", ANSWERS, "--today", day).stdout.strip()


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_export_skip_existing_writes_only_the_new_sessions(team: Path, tmp_path: Path) -> None:
    first = record("2026-11-24")
    out = tmp_path / "notes"
    ok("export", "-o", str(out))
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 1 and first in written[0]
    old = out / written[0]
    old.write_text("edited by hand\n", encoding="utf-8")
    second = record("2026-12-01")
    assert "already exist" in fails(1, "export", "-o", str(out)).stderr
    result = ok("export", "-o", str(out), "--skip-existing")
    assert "wrote 1 file(s)" in result.stderr and "skipped 1" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and second in names[1]
    assert old.read_text(encoding="utf-8") == "edited by hand\n"
    again = ok("export", "-o", str(out), "--skip-existing")
    assert "wrote 0 file(s)" in again.stderr and "skipped 2" in again.stderr


def test_export_skip_existing_and_force_do_not_go_together(team: Path, tmp_path: Path) -> None:
    record("2026-11-24")
    out = str(tmp_path / "notes")
    assert "not both" in fails(1, "export", "-o", out, "--skip-existing", "--force").stderr


def test_the_manager_from_config_is_in_the_front_matter(team: Path, tmp_path: Path) -> None:
    ok("init")
    config = team / "config.yaml"
    text = config.read_text(encoding="utf-8").replace('manager: ""', 'manager: "Alex Morgan"')
    assert "Alex Morgan" in text
    config.write_text(text, encoding="utf-8")
    sid = record("2026-11-24")
    out = tmp_path / "notes"
    ok("export", "-o", str(out))
    [path] = out.iterdir()
    assert front(path)["manager"] == "Alex Morgan"
    ok("export", "dana", "-o", str(tmp_path / "dana.md"))
    assert front(tmp_path / "dana.md")["manager"] == "Alex Morgan"
    ok("export", "--session", sid, "-o", str(tmp_path / "one.md"))
    assert front(tmp_path / "one.md")["manager"] == "Alex Morgan"
