"""Static checks of action.yml, the example workflow and the pre-commit manifest.

Needs the command-line tools ``check-jsonschema`` (PyPI; ships SchemaStore's GitHub schemas, so it runs
offline), ``zizmor`` (PyPI wheel), ``pre-commit`` (PyPI) and ``shellcheck`` (Debian/Ubuntu package).
A missing tool skips its test with a reason naming the package; ``.ci/run`` installs all four.
"""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from action_helpers import ACTION, REPO, load_action, tool

WORKFLOW = REPO / ".github" / "workflows" / "example-blamelint.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
EXPECTED_INPUTS = {"paths", "version", "fail-on", "only-changed", "sarif-file", "config"}


def need(name: str, package: str) -> str:
    path = tool(name)
    if path is None:
        pytest.skip(f"{name} is not installed (install {package}; .ci/run does)")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=REPO, capture_output=True, text=True, timeout=120)


def test_action_shape() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == EXPECTED_INPUTS
    assert action["inputs"]["fail-on"]["default"] == "error"
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        # Inputs reach scripts through env only: no expression inside a run block (script injection).
        assert "${{" not in step["run"], step["name"]
        assert "set -euo pipefail" in step["run"]


def test_workflow_has_least_privilege() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["blamelint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    for step in job["steps"]:
        if "run" in step:
            assert "${{" not in step["run"]
        uses = step.get("uses", "")
        if uses and not uses.startswith("./"):
            assert re.search(r"@[0-9a-f]{40}$", uses), f"pin {uses} to a commit SHA"


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-actions", ACTION), ("vendor.github-workflows", WORKFLOW)])
def test_check_jsonschema(schema: str, path) -> None:
    exe = need("check-jsonschema", "the PyPI package check-jsonschema")
    proc = run(exe, "--builtin-schema", schema, str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok -- validation done" in proc.stdout


def test_check_jsonschema_rejects_a_broken_action(tmp_path) -> None:
    exe = need("check-jsonschema", "the PyPI package check-jsonschema")
    broken = tmp_path / "action.yml"
    broken.write_text(ACTION.read_text(encoding="utf-8").replace("using: composite", "using: compost"), encoding="utf-8")
    proc = run(exe, "--builtin-schema", "vendor.github-actions", str(broken))
    assert proc.returncode == 1, proc.stdout


def test_zizmor_offline() -> None:
    exe = need("zizmor", "the PyPI package zizmor")
    proc = run(exe, "--offline", "--no-progress", str(ACTION), str(WORKFLOW))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout


def _run_blocks() -> list[tuple[str, str]]:
    blocks = [(f"action.yml: {s['name']}", s["run"]) for s in load_action()["runs"]["steps"] if "run" in s]
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    blocks += [
        (f"{WORKFLOW.name}: {s.get('name', s.get('id'))}", s["run"])
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if "run" in s
    ]
    return blocks


@pytest.mark.parametrize(("name", "script"), _run_blocks(), ids=[n for n, _ in _run_blocks()])
def test_shellcheck_run_blocks(name: str, script: str) -> None:
    exe = need("shellcheck", "the Debian/Ubuntu package shellcheck")
    # Expressions would be replaced before bash sees the script; none should be there anyway.
    text = re.sub(r"\$\{\{.*?\}\}", "PLACEHOLDER", script)
    proc = subprocess.run([exe, "-s", "bash", "-S", "style", "-"], input=text, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"{name}:\n{proc.stdout}"


def test_pre_commit_manifest() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"blamelint", "blamelint-fix"}
    assert hooks["blamelint"]["entry"] == "blamelint check"
    assert hooks["blamelint-fix"]["entry"] == "blamelint check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
    exe = need("pre-commit", "the PyPI package pre-commit")
    proc = run(exe, "validate-manifest", str(HOOKS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
