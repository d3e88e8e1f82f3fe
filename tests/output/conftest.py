"""Shared fixtures for the reporter tests: a small corpus and the real CLI run over it once per format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

BLAME = """# Incident 42

## Summary

John forgot to run the migration before the deploy. Sarah should have checked the logs.

The operator failed to notice the alert.
"""

ROOT_CAUSE = """# Incident 7

## Root cause

The root cause was human error.
"""

CLEAN = """# Incident 9

## Summary

The deploy pipeline allowed a migration to run out of order.
"""

# A file name a CI system could really see: commas, colons, a percent sign and a space.
HOSTILE_NAME = "we,ird: 100%.md"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m blamelint`` from this checkout in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "blamelint", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "postmortems").mkdir()
    (root / "postmortems" / "blame.md").write_text(BLAME, encoding="utf-8")
    (root / "postmortems" / "root-cause.md").write_text(ROOT_CAUSE, encoding="utf-8")
    (root / "postmortems" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (root / "postmortems" / HOSTILE_NAME).write_text(ROOT_CAUSE, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def cli_output(corpus: Path):
    """Return ``fmt -> CompletedProcess`` for the real CLI over the corpus (run lazily, cached)."""
    cache: dict[str, subprocess.CompletedProcess[str]] = {}

    def get(fmt: str) -> subprocess.CompletedProcess[str]:
        if fmt not in cache:
            cache[fmt] = run_cli("check", "postmortems", "--format", fmt, cwd=corpus)
            assert cache[fmt].returncode == 1, cache[fmt].stderr
        return cache[fmt]

    return get
