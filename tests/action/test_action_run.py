"""A local run of the composite action's steps: changed files, fail-on, summary, outputs and SARIF."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest

from action_helpers import REPO, git, run_action

BLAME = "# Incident 42\n\n## Summary\n\nJohn forgot to run the migration before the deploy.\n"
WARNING_ONLY = "# Incident 43\n\n## Summary\n\nSarah should have checked the logs.\n"
CLEAN = "# Incident 44\n\n## Summary\n\nThe deploy pipeline allowed a migration to run out of order.\n"
# The install step needs PyPI; every test here uses this checkout's blamelint instead.
INSTALLED = {"install": {"python": sys.executable}}
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+),")


def annotations(stdout: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in map(ANNOTATION.match, stdout.splitlines()) if m]


@pytest.fixture
def pr_repo(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose HEAD (the PR) changes one postmortem, a text file and a README outside ``paths``."""
    repo = tmp_path / "workspace"
    (repo / "postmortems").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "postmortems" / "old.md").write_text(BLAME, encoding="utf-8")
    (repo / "postmortems" / "gone.md").write_text(BLAME, encoding="utf-8")
    (repo / "README.md").write_text("# readme\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "postmortems" / "new, 2026: db%.md").write_text(BLAME + "\n" + WARNING_ONLY.split("\n\n", 2)[2], encoding="utf-8")
    (repo / "postmortems" / "notes.txt").write_text("John forgot to run it.\n", encoding="utf-8")
    (repo / "README.md").write_text("# readme\n\nJohn forgot to run the migration.\n", encoding="utf-8")
    (repo / "postmortems" / "gone.md").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pr")
    return repo, base


def test_only_changed_lints_the_pull_requests_markdown(pr_repo: tuple[Path, str]) -> None:
    repo, base = pr_repo
    event = {"pull_request": {"number": 7, "base": {"sha": base}}}
    run = run_action(
        repo,
        {"paths": "postmortems", "only-changed": "true", "fail-on": "never", "sarif-file": "out/blamelint.sarif"},
        event=event,
        replace=INSTALLED,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    found = annotations(run.stdout)
    assert found, run.stdout
    # Only the changed Markdown file inside `paths`: not old.md (unchanged), README.md (outside), notes.txt.
    assert {path for _, path in found} == {"postmortems/new%2C 2026%3A db%25.md"}
    assert ("error", "postmortems/new%2C 2026%3A db%25.md") in found
    assert ("warning", "postmortems/new%2C 2026%3A db%25.md") in found
    assert "postmortems/new, 2026: db%.md:5:1: BL101 [error]" in run.stdout  # the plain log line
    assert run.outputs["findings"] == str(len(found)) == "2"
    assert run.outputs["errors"] == "1" and run.outputs["warnings"] == "1"
    assert run.outputs["sarif-file"] == "out/blamelint.sarif"
    assert run.step_outputs["run"]["files"] == "1"
    # The job summary lists every finding, with a link to the line.
    assert "| Severity | Location | Rule | Message |" in run.summary
    assert "[postmortems/new, 2026: db%.md:5](https://github.com/octo/postmortems/blob/" in run.summary
    assert "postmortems/new%2C%202026%3A%20db%25.md#L5" in run.summary
    assert "old.md" not in run.summary and "README" not in run.summary
    assert run.summary.count("\n| ") == 2 + 2  # header, separator, two findings
    sarif = json.loads((repo / "out" / "blamelint.sarif").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"postmortems/new%2C%202026%3A%20db%25.md"}
    print(run.summary)


def test_only_changed_with_no_markdown_changes_passes_without_running(tmp_path: Path) -> None:
    repo = tmp_path / "workspace"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.md").write_text(BLAME, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "b.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "pr")
    run = run_action(
        repo,
        {"only-changed": "true", "fail-on": "warning"},
        event={"pull_request": {"base": {"sha": base}}},
        replace=INSTALLED,
        extra_env={"PYTHONPATH": str(tmp_path / "no-blamelint-here")},  # blamelint cannot run: proves it was not
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.outputs["findings"] == "0"
    assert "No findings" in run.summary
    assert "no changed Markdown files" in run.stdout


@pytest.fixture(scope="module")
def warning_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("failon") / "workspace"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "warn.md").write_text(WARNING_ONLY, encoding="utf-8")
    (repo / "docs" / "clean.md").write_text(CLEAN, encoding="utf-8")
    return repo


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on(warning_workspace: Path, fail_on: str, expected: int) -> None:
    run = run_action(warning_workspace, {"paths": "docs", "fail-on": fail_on}, event_name="push", replace=INSTALLED)
    assert run.returncode == expected, run.stdout + run.stderr
    assert annotations(run.stdout) == [("warning", "docs/warn.md")]
    assert run.outputs["findings"] == "1" and run.outputs["warnings"] == "1" and run.outputs["errors"] == "0"
    assert f"fail-on: `{fail_on}`" in run.summary


def test_bad_inputs_fail_clearly(warning_workspace: Path) -> None:
    run = run_action(warning_workspace, {"fail-on": "sometimes"}, replace=INSTALLED)
    assert run.returncode == 2
    assert "::error title=blamelint::fail-on must be one of error, warning, never" in run.stdout
    run = run_action(warning_workspace, {"paths": "missing-folder"}, replace=INSTALLED)
    assert run.returncode == 2
    assert "missing-folder: no such file or directory" in run.stdout
    assert "could not run" in run.summary


def test_install_step_rejects_a_malformed_version(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    run = run_action(workspace, {"version": "1.0 --index-url https://evil.example"})
    assert run.returncode == 2
    assert "version must look like 0.1.0" in run.stdout


def test_only_changed_fetches_the_base_of_a_shallow_checkout(pr_repo: tuple[Path, str], tmp_path: Path) -> None:
    upstream, base = pr_repo
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", upstream.as_uri(), str(shallow))
    assert git(shallow, "cat-file", "-t", "HEAD") == "commit"
    run = run_action(
        shallow,
        {"paths": "postmortems", "only-changed": "true", "fail-on": "error"},
        event={"pull_request": {"base": {"sha": base}}},
        replace=INSTALLED,
    )
    assert run.returncode == 1, run.stdout + run.stderr  # the changed file has an error finding
    assert {path for _, path in annotations(run.stdout)} == {"postmortems/new%2C 2026%3A db%25.md"}
    assert run.step_outputs["run"]["files"] == "1"
