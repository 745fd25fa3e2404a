"""Every file in examples/ works with the command the manual (README or docs/) pairs it with,
and every form the comments of examples/answers.yaml document is accepted."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from coachcli.store.repository import Store
from tests.conftest import EXAMPLES, REPO, ok
from tests.helpers.jsonout import json_objects
from tests.helpers.manual import manual_text

MANUAL = manual_text()


def readme_commands(name: str) -> list[list[str]]:
    """The `coach ...` commands of the manual that name examples/NAME, comments dropped."""
    found = []
    for line in MANUAL.splitlines():
        for part in line.split("&&"):
            text = part.strip().strip("`")
            if f"examples/{name}" in text and text.startswith("coach "):
                args = shlex.split(text.split(" #", 1)[0])[1:]
                if "--home" in args:  # the quick start: the test's home is used instead
                    i = args.index("--home")
                    del args[i : i + 2]
                found.append(args)
    return found


def run_readme(args: list[str]) -> None:
    ok(*[str(REPO / a) if a.startswith("examples/") else a for a in args])


def test_every_example_file_is_paired_with_a_readme_command() -> None:
    names = sorted(p.name for p in EXAMPLES.iterdir() if p.is_file())
    assert names and all(readme_commands(n) for n in names), names


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if p.is_file()))
def test_each_example_works_with_its_readme_command(name: str) -> None:
    if name != "team.yaml":
        run_readme(readme_commands("team.yaml")[0])
    for args in readme_commands(name):
        run_readme(args)


def answers_with(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_forms_documented_in_the_answers_example_comments_are_accepted(
    team: Path, tmp_path: Path
) -> None:
    comments = [
        line.split("#", 1)[1]
        for line in (EXAMPLES / "answers.yaml").read_text().splitlines()
        if "#" in line
    ]
    documented = "\n".join(comments)
    assert "due: +7" in documented and "banks: [early-pipeline, weekly-checkin]" in documented
    assert "observations:" in (EXAMPLES / "answers.yaml").read_text()
    assert re.search(r"commitment: \d+", documented), "a digits-only id prefix is documented"
    with Store(team).write() as repo:
        from datetime import date

        from coachcli.core.commitments import new_commitment

        repo.commitments.put(
            new_commitment("c-988912", "dana-lee", "Book 3 calls", created=date(2026, 11, 17))
        )
        repo.commitments.put(
            new_commitment("c-19be04", "dana-lee", "Send the recap", created=date(2026, 11, 17))
        )
    path = answers_with(
        tmp_path,
        """\
banks: [early-pipeline, weekly-checkin]
reviews:
  - commitment: 9889
    status: missed
    note: Two of three booked.
    due: +7
  - commitment: c-19be04
    status: done
    reinforcement: Recap within the hour, every call.
answers:
  early-pipeline/readiness: 4
observations:
  - You named the buyer's problem first.
commitments:
  - text: Book the Acme discovery workshop
    due: +7
  - text: Call the ops lead
    due: 2026-12-04
""",
    )
    ok("session", "start", "dana", "--answers", path, "--today", "2026-11-24")
    data = ok("commit", "list", "dana", "--status", "all", "--json").json()
    assert isinstance(data, list)
    by_text = {c["text"]: c for c in data}
    assert by_text["Book the Acme discovery workshop"]["due"] == "2026-12-01"
    assert by_text["Call the ops lead"]["due"] == "2026-12-04"
    assert by_text["Send the recap"]["status"] == "done"
    assert sorted(c["status"] for c in data if c["text"] == "Book 3 calls") == ["missed", "open"]
    carried = next(c for c in data if c["text"] == "Book 3 calls" and c["status"] == "open")
    assert carried["due"] == "2026-12-01"  # carried forward, seven days after the session
    sid = ok("session", "list", "dana", "--json").json()[0]["id"]  # type: ignore[index]
    shown = ok("session", "show", sid, "--json").json()
    assert shown["observations"] == ["You named the buyer's problem first."]  # type: ignore[index]


def test_a_number_that_yaml_reads_as_a_float_is_kept_as_written(team: Path, tmp_path: Path) -> None:
    with Store(team).write() as repo:
        from datetime import date

        from coachcli.core.commitments import new_commitment

        repo.commitments.put(
            new_commitment("c-19e041", "dana-lee", "Book 3 calls", created=date(2026, 11, 17))
        )
    path = answers_with(tmp_path, "reviews: [{commitment: 19e04, status: done}]\n")
    ok("session", "start", "dana", "--answers", path, "--today", "2026-11-24")
    [item] = json_objects(ok("commit", "list", "dana", "--status", "done", "--json"))
    assert item["id"] == "c-19e041"
