"""``check --fix``, ``--unsafe-fixes`` and ``--diff``: what is written, what is printed, the exit code.

The built-in rules only offer display-only rewrites, so these tests add a small rule pack with one
safe fix (a repeated word) and one unsafe fix (an evaluative adverb, removed by the rewriter).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from fix_rulepack import SAFE_RULE, UNSAFE_RULE

DOC = """\
---
title: very very obviously
---
# Incident

It was obviously the cache, and very very slow.

```
very very obviously
```

<!-- very very obviously -->
"""

SAFE_DONE = DOC.replace("and very very slow", "and very slow")
ALL_DONE = SAFE_DONE.replace("It was obviously the cache", "It was the cache")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for folder, name, text in (("structure", "repeated-word.yml", SAFE_RULE), ("judgment", "obvious-words.yml", UNSAFE_RULE)):
        (tmp_path / "rules" / folder).mkdir(parents=True)
        (tmp_path / "rules" / folder / name).write_text(text, encoding="utf-8")
    (tmp_path / ".blamelint.yaml").write_text("rule-folders: [rules]\nselect: [BL791, BL491]\n", encoding="utf-8")
    path = tmp_path / "pm.md"
    path.write_text(DOC, encoding="utf-8")
    path.chmod(0o640)
    return tmp_path


def _run(project: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["check", "--no-color", *args], input=input, catch_exceptions=False)


def test_fix_applies_safe_fixes_only_and_reports_what_remains(project: Path) -> None:
    path = project / "pm.md"
    result = _run(project, "--fix", str(path))
    assert path.read_text(encoding="utf-8") == SAFE_DONE
    assert path.stat().st_mode & 0o777 == 0o640
    assert "Fixed 1 finding in 1 file." in result.stderr
    assert "BL491" in result.stdout and "BL791" not in result.stdout
    assert result.exit_code == 1
    assert not [p for p in project.iterdir() if p.name.endswith(".blamelint-tmp")]


def test_unsafe_fixes_add_the_rewrites_and_a_clean_result_exits_zero(project: Path) -> None:
    path = project / "pm.md"
    result = _run(project, "--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == ALL_DONE
    assert result.exit_code == 0, result.output
    assert "Fixed 2 findings in 1 file." in result.stderr


def test_diff_prints_and_writes_nothing(project: Path) -> None:
    path = project / "pm.md"
    result = _run(project, "--diff", str(path))
    assert path.read_text(encoding="utf-8") == DOC
    assert result.stdout.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert "-It was obviously the cache, and very very slow.\n+It was obviously the cache, and very slow.\n" in result.stdout
    assert result.exit_code == 1  # the adverb would remain
    result = _run(project, "--diff", "--unsafe-fixes", str(path))
    assert "+It was the cache, and very slow.\n" in result.stdout
    assert result.exit_code == 0
    assert "Would fix 2 findings in 1 file." in result.stderr
    assert path.read_text(encoding="utf-8") == DOC


def test_unsafe_fixes_alone_is_a_usage_error(project: Path) -> None:
    result = _run(project, "--unsafe-fixes", str(project / "pm.md"))
    assert result.exit_code == 2
    assert "--unsafe-fixes goes with --fix or --diff" in result.stderr


def test_stdin_can_be_diffed_but_not_fixed(project: Path) -> None:
    config = str(project / ".blamelint.yaml")
    result = _run(project, "--config", config, "--fix", "-", input="It was very very slow.\n")
    assert result.exit_code == 2
    assert "--fix cannot write to standard input" in result.stderr
    result = _run(project, "--config", config, "--diff", "--stdin-filename", "pm.md", "-", input="It was very very slow.\n")
    assert "-It was very very slow.\n+It was very slow.\n" in result.stdout
    assert result.exit_code == 0


def test_json_output_carries_the_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pm.md"
    path.write_text("The deploy was pushed by Sarah without review.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)], catch_exceptions=False)
    fixes = json.loads(result.stdout)["findings"][0]["fixes"]
    assert fixes[0]["title"] == "Rewrite as “The deploy went out without review.”"
    assert fixes[0]["applicability"] == "display-only"
    assert fixes[0]["edits"][0]["replacement"] == "went out"
    assert fixes[0]["edits"][0]["range"]["start"]["offset"] == len("The deploy ")
