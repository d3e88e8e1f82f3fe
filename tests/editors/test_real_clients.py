"""Real LSP clients against the real server: headless Neovim and Emacs with eglot, from Debian's packages.

`.ci/run` installs `neovim`, `emacs-nox` and `elpa-eglot`; where one is missing its test is skipped
with the install to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "needs-work-database-outage.md"


def client_env(tmp_path: Path, document: Path, report: Path) -> dict[str, str]:
    """The environment for an editor that starts ``python -m blamelint lsp`` from this checkout."""
    return {
        **os.environ,
        "BLAMELINT_PYTHON": sys.executable,
        "BLAMELINT_FILE": str(document),
        "BLAMELINT_REPORT": str(report),
        "BLAMELINT_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path),  # the editor's logs and state go here, not into the user's home
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), str(ROOT / "lsp"), os.environ.get("PYTHONPATH")])),
    }


def run_client(command: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list[str], str]:
    """Run an editor headless on a copy of the example; return the run and the report it wrote."""
    document = tmp_path / "postmortem.md"
    shutil.copyfile(EXAMPLE, document)
    report = tmp_path / "report.txt"
    run = subprocess.run(
        command,
        env=client_env(tmp_path, document, report),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert report.is_file(), run.stdout + run.stderr
    lines = report.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines)
    assert "error:" not in text, text
    assert "diagnostics arrived: true" in lines
    return run, lines, text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed (apt-get install neovim; .ci/run does)")
def test_neovim_gets_diagnostics_and_applies_a_code_action(tmp_path: Path) -> None:
    run, lines, text = run_client(["nvim", "--headless", "--clean", "-c", f"luafile {HERE / 'nvim_client.lua'}"], tmp_path)
    # The example's "John forgot" on line 8, column 31 (0-based UTF-16), with code and source.
    assert any(l.startswith("diagnostic 8:31-42 severity=1 code=BL101 source=blamelint") for l in lines), text
    assert any(l.startswith("diagnostic ") and "code=BL301" in l and "severity=3" in l for l in lines), text
    assert "code action: Disable BL101 for this line" in lines
    assert "inserted line: <!-- blamelint-disable-next-line BL101 -->" in lines
    assert "BL101 cleared after the edit: true" in lines
    assert "server stopped: true" in lines
    assert run.returncode == 0


def _has_eglot() -> bool:
    if shutil.which("emacs") is None:
        return False
    probe = subprocess.run(["emacs", "--batch", "--eval", "(require 'eglot)"], capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


@pytest.mark.slow
def test_emacs_eglot_gets_diagnostics_and_applies_a_code_action(tmp_path: Path) -> None:
    if not _has_eglot():
        pytest.skip("Emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot; .ci/run does)")
    # Plain --batch, not -Q: -Q skips Debian's site-start, which puts the elpa packages on the load path.
    run, lines, text = run_client(["emacs", "--batch", "-l", str(HERE / "eglot_client.el")], tmp_path)
    # The example's "John forgot" on line 8 (1-based), columns 31-42; BL101 is an error.
    assert "diagnostic 8:31-42 type=eglot-error code=BL101" in lines, text
    # BL301 is "info" only through the settings eglot answered workspace/configuration with.
    assert any(l.startswith("diagnostic ") and l.endswith("type=eglot-note code=BL301") for l in lines), text
    assert "code action: Disable BL101 for this line" in lines
    assert "inserted line: <!-- blamelint-disable-next-line BL101 -->" in lines
    assert "BL101 cleared after the edit: true" in lines
    # eglot sends shutdown and exit, then deletes the process itself (it logs "exited with status 9").
    assert "server stopped: true" in lines
    assert run.returncode == 0
