"""Helpers shared by the reporter tests (a uniquely named module: tests/ has no packages)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
