"""Run the composite action's steps locally, the way the runner would (no GitHub, no Docker).

``run_action`` reads ``action.yml``, fills ``${{ inputs.* }}`` (from the given inputs or the defaults) and
``${{ steps.<id>.outputs.* }}`` (from the earlier steps' ``GITHUB_OUTPUT`` files) in each step's
``env:``, and runs each ``run:`` block with ``bash --noprofile --norc -eo pipefail`` in the workspace,
with fake ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY`` and ``GITHUB_EVENT_PATH`` files. Steps named in
``replace`` are not run; their outputs are given instead (the install step needs PyPI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / "action.yml"
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def tool(name: str) -> str | None:
    """Find a command next to this interpreter (the venv) or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@dataclass
class ActionRun:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)


def _read_outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep:
                out[key] = value
    return out


def run_action(
    workspace: Path,
    inputs: dict[str, str],
    *,
    event: dict | None = None,
    event_name: str = "pull_request",
    replace: dict[str, dict[str, str]] | None = None,
    extra_env: dict[str, str] | None = None,
) -> ActionRun:
    action = load_action()
    declared = action["inputs"]
    unknown = set(inputs) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()} | inputs
    temp = workspace.parent / f"{workspace.name}-runner"
    temp.mkdir(exist_ok=True)
    event_path = temp / "event.json"
    event_path.write_text(json.dumps(event or {}), encoding="utf-8")
    summary_path = temp / "summary.md"
    summary_path.write_text("", encoding="utf-8")
    base_env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_STEP_SUMMARY": str(summary_path),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "octo/postmortems",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
        "RUNNER_TEMP": str(temp),
        "PYTHONPATH": str(REPO),
        **(extra_env or {}),
    }
    step_outputs: dict[str, dict[str, str]] = {}
    stdout, stderr = [], []
    returncode = 0

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("inputs."):
                return values[expr.removeprefix("inputs.")]
            parts = expr.split(".")
            if parts[0] == "steps" and parts[2] == "outputs":
                return step_outputs.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"expression not supported by this test runner: {expr}")

        return _EXPR.sub(one, text)

    for index, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if replace and step_id in replace:
            step_outputs[step_id] = replace[step_id]
            continue
        assert step.get("shell") == "bash", step
        output_path = temp / f"output-{step_id}"
        output_path.write_text("", encoding="utf-8")
        env = {**base_env, "GITHUB_OUTPUT": str(output_path)}
        env |= {key: fill(str(value)) for key, value in (step.get("env") or {}).items()}
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        stdout.append(proc.stdout)
        stderr.append(proc.stderr)
        step_outputs[step_id] = _read_outputs(output_path)
        returncode = proc.returncode
        if returncode != 0:
            break
    outputs = {name: fill(str(spec["value"])) for name, spec in (action.get("outputs") or {}).items()}
    return ActionRun(returncode, "".join(stdout), "".join(stderr), outputs, summary_path.read_text(encoding="utf-8"), step_outputs)


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return proc.stdout.strip()
