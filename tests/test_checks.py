"""The lint and type checks run with the tests: ruff and mypy over app/, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    run = _run("ruff", "check", "app")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing():
    """Strict for store/ and core/, the default checks elsewhere (see [tool.mypy] in pyproject.toml)."""
    run = _run("mypy")
    assert run.returncode == 0, run.stdout + run.stderr
