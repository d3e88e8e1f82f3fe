"""The built wheel carries every rule file and works from a non-editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_every_rule_and_loads_them(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(out.glob("blamelint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yml"))
    assert rule_files, "no rule files found in the source tree"
    missing = [f for f in rule_files if f"blamelint/_rules/{f}" not in names]
    assert not missing, f"rule files missing from the wheel: {missing}"
    assert "blamelint/py.typed" in names
    assert "blamelint_lsp/__init__.py" in names

    # Install the wheel alone into a folder and import it from there, away from the source tree.
    target = tmp_path / "site"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    code = (
        "import blamelint, blamelint.registry as r; "
        "d = r.builtin_rules_dir(); assert str(d).startswith(%r), d; "
        "rules = blamelint.list_rules(); print(len(rules)); "
        "print(blamelint.lint_text('John forgot to run the migration.')[0].code)"
    ) % str(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert run.returncode == 0, run.stderr
    count, code_line = run.stdout.split()
    assert int(count) == len([f for f in rule_files if "/" in f])  # lexicons.yml is not a rule
    assert code_line == "BL101"
