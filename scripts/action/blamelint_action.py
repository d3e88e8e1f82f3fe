#!/usr/bin/env python3
"""The logic of the blamelint GitHub Action (``action.yml``), kept here so it can be unit-tested.

It runs with the Python of the venv the action installed blamelint into and uses only the standard
library plus the blamelint CLI (as a subprocess), and reads only the public ``--format json`` wire
format (version 1), so it works with any blamelint release that has that format.

Inputs arrive as environment variables (never pasted into a shell script):

``INPUT_PATHS``        files or folders to lint, separated by whitespace or newlines (default ``.``)
``INPUT_FAIL_ON``      ``error`` | ``warning`` | ``never`` (default ``error``)
``INPUT_ONLY_CHANGED`` ``true``: lint only Markdown files the pull request (or push) changed, inside ``paths``
``INPUT_SARIF_FILE``   also write SARIF 2.1.0 here (for ``github/codeql-action/upload-sarif``)
``INPUT_CONFIG``       a blamelint config file used for every file
``BLAMELINT_PYTHON``   the interpreter that has blamelint installed (default: this one)

and the runner's ``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH``, ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``,
``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_SHA``.

What it does: pick the files; run ``blamelint check --format json --exit-zero`` once; print every finding
as a workflow command (an annotation; GitHub shows only ten of each kind per step) and as a plain
``path:line:col`` log line; write a Markdown table of *every* finding to the job summary; write the
outputs ``findings``, ``errors``, ``warnings``, ``notices``, ``files`` and ``sarif-file``; optionally run
``--format sarif`` into ``INPUT_SARIF_FILE``; exit 1 when ``fail-on`` says so, 2 when blamelint fails.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import quote

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
FAIL_ON = ("error", "warning", "never")
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SUMMARY_ROWS = 1000  # the job summary is capped at 1 MiB per step
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class ActionError(Exception):
    """A problem with the inputs or the run, reported as an ``::error::`` and exit code 2."""


# -- workflow commands ---------------------------------------------------------------------------


def escape_data(value: str) -> str:
    """Escape a workflow command message (actions/toolkit ``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property (actions/toolkit ``escapeProperty``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: dict) -> str:
    """Return the ``::error|warning|notice`` command for one finding of the JSON format."""
    start, end = finding["range"]["start"], finding["range"]["end"]
    props: list[tuple[str, object]] = [("file", finding["path"]), ("line", start["line"])]
    if start["line"] == end["line"]:
        props.append(("col", start["column"]))
    props.append(("endLine", max(end["line"], start["line"])))
    if start["line"] == end["line"]:
        props.append(("endColumn", max(end["column"], start["column"])))
    props.append(("title", f"{finding['code']} {finding['rule']}"))
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{COMMANDS.get(finding['severity'], 'warning')} {joined}::{escape_data(finding['message'])}"


def log_line(finding: dict) -> str:
    """Return the plain ``path:line:col: CODE [severity] message`` line (one line, always)."""
    start = finding["range"]["start"]
    text = f"{finding['path']}:{start['line']}:{start['column']}: {finding['code']} [{finding['severity']}] {finding['message']}"
    return " ".join(text.splitlines())


# -- inputs --------------------------------------------------------------------------------------


def truthy(value: str | None) -> bool:
    """Interpret a boolean action input (``true``/``false``, as YAML booleans arrive)."""
    text = (value or "").strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("", "false", "no", "0", "off"):
        return False
    raise ActionError(f"expected true or false, got {value!r}")


def split_paths(value: str | None) -> list[str]:
    """Split the ``paths`` input on whitespace and newlines (default ``.``)."""
    return (value or "").split() or ["."]


def _norm(path: str) -> str:
    text = PurePosixPath(path.replace("\\", "/")).as_posix()
    return "" if text in (".", "./") else text.removeprefix("./").rstrip("/")


def within(path: str, roots: list[str]) -> bool:
    """Return whether a repository-relative ``path`` is one of ``roots`` or inside one."""
    target = _norm(path)
    for root in roots:
        base = _norm(root)
        if base == "" or target == base or target.startswith(base + "/"):
            return True
    return False


# -- changed files -------------------------------------------------------------------------------


def _git(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def base_revision(event_name: str, event: dict) -> str | None:
    """Return the commit to diff against: the PR's base SHA, or a push's ``before`` SHA."""
    pull = event.get("pull_request")
    if isinstance(pull, dict):
        sha = (pull.get("base") or {}).get("sha")
        if sha:
            return str(sha)
    before = event.get("before")
    if event_name == "push" and before and set(str(before)) != {"0"}:
        return str(before)
    return None


def changed_files(base: str, cwd: str | None = None) -> list[str]:
    """Return files changed between ``base`` and ``HEAD`` that still exist (fetching ``base`` if needed)."""
    if _git("cat-file", "-e", f"{base}^{{commit}}", cwd=cwd).returncode != 0:
        fetched = _git("fetch", "--no-tags", "--depth=1", "origin", base, cwd=cwd)
        if fetched.returncode != 0:
            raise ActionError(
                f"cannot fetch the base commit {base}: {fetched.stderr.decode(errors='replace').strip()} "
                "(use actions/checkout with fetch-depth: 0)"
            )
    diff = _git("diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", base, "HEAD", "--", cwd=cwd)
    if diff.returncode != 0:
        raise ActionError(f"git diff {base} HEAD failed: {diff.stderr.decode(errors='replace').strip()}")
    names = [n.decode("utf-8", errors="surrogateescape") for n in diff.stdout.split(b"\0") if n]
    return sorted(names)


def select_targets(env: dict[str, str], cwd: str | None = None) -> tuple[list[str], str]:
    """Return the paths to lint and a one-line description of how they were chosen."""
    paths = split_paths(env.get("INPUT_PATHS"))
    if not truthy(env.get("INPUT_ONLY_CHANGED")):
        return paths, f"paths: {' '.join(paths)}"
    event_path = env.get("GITHUB_EVENT_PATH")
    event: dict = {}
    if event_path and Path(event_path).is_file():
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    base = base_revision(env.get("GITHUB_EVENT_NAME", ""), event)
    if base is None:
        print("::notice title=blamelint::only-changed: no pull request or push base in this event; linting all paths")
        return paths, f"paths: {' '.join(paths)} (no base commit to compare with)"
    root = Path(cwd or os.getcwd())
    files = [
        f
        for f in changed_files(base, cwd=cwd)
        if f.lower().endswith(MARKDOWN_SUFFIXES) and within(f, paths) and (root / f).is_file()
    ]
    return files, f"{len(files)} changed Markdown file(s) since {base[:12]}"


# -- running blamelint ---------------------------------------------------------------------------


def run_blamelint(python: str, fmt: str, targets: list[str], config: str) -> subprocess.CompletedProcess[str]:
    """Run ``blamelint check`` and return the process (exit 0 or 1 is success: ``--exit-zero``)."""
    args = [python, "-m", "blamelint", "check", "--format", fmt, "--exit-zero"]
    if config:
        args += ["--config", config]
    args += ["--", *targets]
    proc = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise ActionError(f"blamelint exited {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


# -- job summary ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=False).replace("|", "\\|")


def _file_link(finding: dict, env: dict[str, str]) -> str:
    path, line = finding["path"], finding["range"]["start"]["line"]
    label = f"{_cell(path)}:{line}"
    server, repo, sha = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_SHA")
    if not (server and repo and sha) or path.startswith("/") or path == "-":
        return label
    url = f"{server}/{repo}/blob/{sha}/{quote(path)}#L{line}"
    return f"[{label}]({url})"


def summary(findings: list[dict], description: str, env: dict[str, str], fail_on: str) -> str:
    """Return the job summary: counts, then a table with every finding (up to ``SUMMARY_ROWS``)."""
    counts = Counter(f["severity"] for f in findings)
    files = len({f["path"] for f in findings})
    out = ["## blamelint", ""]
    if not findings:
        out += [f"No findings ({_cell(description)}).", ""]
        return "\n".join(out)
    detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    out += [
        f"**{len(findings)} finding(s)** ({detail}) in {files} file(s); {_cell(description)}; fail-on: `{fail_on}`.",
        "",
        "| Severity | Location | Rule | Message |",
        "| --- | --- | --- | --- |",
    ]
    icons = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}
    for finding in findings[:SUMMARY_ROWS]:
        rule = f"`{finding['code']}` {_cell(finding['rule'])}"
        out.append(
            f"| {icons.get(finding['severity'], _cell(finding['severity']))} | {_file_link(finding, env)} "
            f"| {rule} | {_cell(finding['message'])} |"
        )
    if len(findings) > SUMMARY_ROWS:
        out += ["", f"… and {len(findings) - SUMMARY_ROWS} more (see the log or the SARIF file)."]
    out.append("")
    return "\n".join(out)


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def _output(env: dict[str, str], **values: object) -> None:
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    _append(env.get("GITHUB_OUTPUT"), lines)


def should_fail(findings: list[dict], fail_on: str) -> bool:
    """Return whether the findings fail the step under ``fail-on``."""
    if fail_on == "never":
        return False
    failing = ("error",) if fail_on == "error" else ("error", "warning")
    return any(f["severity"] in failing for f in findings)


def main(env: dict[str, str] | None = None) -> int:
    """Run the action; return the exit code."""
    env = dict(os.environ if env is None else env)
    try:
        fail_on = (env.get("INPUT_FAIL_ON") or "error").strip().lower()
        if fail_on not in FAIL_ON:
            raise ActionError(f"fail-on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
        python = env.get("BLAMELINT_PYTHON") or sys.executable
        config = (env.get("INPUT_CONFIG") or "").strip()
        sarif_file = (env.get("INPUT_SARIF_FILE") or "").strip()
        targets, description = select_targets(env)
        findings: list[dict] = []
        if targets:
            proc = run_blamelint(python, "json", targets, config)
            findings = json.loads(proc.stdout)["findings"]
        else:
            print("blamelint: no changed Markdown files to lint")
        if sarif_file:
            sarif = run_blamelint(python, "sarif", targets, config).stdout if targets else _empty_sarif(python)
            Path(sarif_file).parent.mkdir(parents=True, exist_ok=True)
            Path(sarif_file).write_text(sarif, encoding="utf-8")
    except ActionError as exc:
        print(f"::error title=blamelint::{escape_data(str(exc))}")
        _append(env.get("GITHUB_STEP_SUMMARY"), f"## blamelint\n\nblamelint could not run: {_cell(str(exc))}\n")
        return EXIT_ERROR

    for finding in findings:
        print(annotation(finding))
    if findings:
        print("::group::blamelint findings (every one; GitHub shows at most 10 annotations of each kind per step)")
        for finding in findings:
            print(log_line(finding))
        print("::endgroup::")
    counts = Counter(f["severity"] for f in findings)
    _append(env.get("GITHUB_STEP_SUMMARY"), summary(findings, description, env, fail_on))
    _output(
        env,
        findings=len(findings),
        errors=counts["error"],
        warnings=counts["warning"],
        notices=counts["info"],
        files=len(targets),
        **{"sarif-file": sarif_file},
    )
    print(f"blamelint: {len(findings)} finding(s) in {len(targets)} target(s); fail-on={fail_on}")
    return EXIT_FINDINGS if should_fail(findings, fail_on) else EXIT_OK


def _empty_sarif(python: str) -> str:
    """Return a SARIF log with no results (nothing changed), from blamelint so the rules are listed."""
    with tempfile.TemporaryDirectory(prefix="blamelint-empty-") as empty:
        return run_blamelint(python, "sarif", [empty], "").stdout


if __name__ == "__main__":
    sys.exit(main())
