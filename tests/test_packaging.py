"""The wheel carries the shipped banks, and an installed coach finds them from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_the_wheel_ships_the_banks_and_the_installed_coach_finds_them(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("coachcli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (REPO / "question_banks").glob("*.yaml"))
    assert (
        sorted(
            n.rsplit("/", 1)[1]
            for n in names
            if n.startswith("coachcli/question_banks/") and n.endswith(".yaml")
        )
        == shipped
    )
    # The org analytics SQL (`coach org stats`, `coach org sql`) is package data too.
    sql = sorted(p.name for p in (REPO / "coachcli" / "sql").glob("*.sql"))
    assert sql and all(f"coachcli/sql/{name}" in names for name in sql)
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy first on the path, the test environment's dependencies after it.
    env = os.environ | {
        "PYTHONPATH": str(site),
        "COACH_HOME": str(tmp_path / "home"),
        "PYTHONSAFEPATH": "1",
    }
    code = "import sys; sys.argv[0] = 'coach'; from coachcli.__main__ import main; main()"

    def coach(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )

    assert coach("--version").stdout.startswith("coach ")
    banks = json.loads(coach("bank", "list", "--json").stdout)
    assert len(banks) == len(shipped) and {b["source"] for b in banks} == {"shipped"}
    located = subprocess.run(
        [sys.executable, "-c", "import coachcli; print(coachcli.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.startswith(str(site))
    coach("rep", "import", str(REPO / "examples" / "team.yaml"))
    assert len(json.loads(coach("rep", "list", "--json").stdout)) == 7
    # The shipped CRM mappings travel with the wheel too, and read a Salesforce export.
    mappings = sorted(p.stem for p in (REPO / "mappings").glob("*.yaml"))
    listed = json.loads(coach("crm", "mappings", "--json").stdout)
    assert sorted(m["id"] for m in listed) == mappings
    coach("crm", "import", str(REPO / "examples" / "salesforce-activities.csv"))
