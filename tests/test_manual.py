"""The manual a user reads: a short README, pages in docs/, a command reference generated
from the commands, and nothing that points outside the project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coachcli.app import COMMANDS, load_command
from tests.conftest import REPO
from tests.helpers.manual import manual_files

sys.path.insert(0, str(REPO / "docs"))
from gen_cli import reference_text  # docs/gen_cli.py


def leaves(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    subs = getattr(command, "commands", None)
    if not subs:
        return [path]
    return [leaf for name, sub in subs.items() for leaf in leaves(sub, (*path, name))]


LEAVES = [leaf for name in COMMANDS for leaf in leaves(load_command(name), (name,))]


def test_the_readme_is_a_front_page_of_at_most_200_lines() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines: move detail into docs/"


def test_the_readme_links_every_page_of_the_manual_and_every_link_resolves() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\((docs/[^)#]+)", readme)
    for target in targets:
        assert (REPO / target).exists() or target == "docs/cli.md", target
    pages = {p.name for p in manual_files()[1:]}
    linked = {Path(t).name for t in targets}
    assert pages - {"architecture.md", "jsonl-schema.md", "index.md"} <= linked


def test_the_generated_reference_has_every_leaf_command_with_its_example() -> None:
    text = reference_text()
    for leaf in LEAVES:
        heading = f"`coach {' '.join(leaf)}`"
        assert re.search(rf"^#+ {re.escape(heading)}$", text, re.M), heading
    assert text.count("Example: coach ") >= len(LEAVES)


def project_files() -> list[Path]:
    """What git tracks, and the new files it does not ignore: the project, not its builds."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [REPO / name for name in listed if (REPO / name).is_file()]


@pytest.mark.parametrize("name", ["CONTRACT.md", "ARCHITECTURE.md", "../shared", "PRODUCT.md"])
def test_no_project_file_points_at_a_file_outside_the_project(name: str) -> None:
    this = Path(__file__).resolve()
    found = [
        str(p.relative_to(REPO))
        for p in project_files()
        if p.resolve() != this and name in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert not found, f"{name} is not in the project, yet {found} point at it"


@pytest.mark.slow
def test_the_manual_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(REPO / "docs"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "html" / "cli.html").exists()


def test_the_manual_keys_table_lists_exactly_the_session_keys_in_order() -> None:
    from coachcli.core.session.keys import KEYS

    page = (REPO / "docs" / "one-on-one.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `/(\w+)(?: ([A-Z]+))?` \|", page, re.M)
    assert rows == [(name, arg) for name, arg, _ in KEYS]
