"""The package type-checks with the [tool.mypy] settings in pyproject.toml (strict for core,
store and export), so a wrong annotation fails the suite like a wrong answer does."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed: pip install -e '.[test]'",
)
def test_mypy_finds_no_errors_in_the_package() -> None:
    # Runs from the repo root so pyproject.toml's [tool.mypy] applies; the cache there
    # (.mypy_cache, git-ignored) makes repeat runs take well under a second.
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"mypy failed:\n{done.stdout}{done.stderr}"
