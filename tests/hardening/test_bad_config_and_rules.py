"""Malformed, hostile or slow configuration and rule files stop the run with ``path:line`` and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint.cli import cli, main
from blamelint.regexsafe import backtracking_problem
from blamelint.registry import load_rules
from blamelint.yamlsafe import MAX_YAML_NODES, YamlError, load_with_lines

BLAME = "John forgot to run the migration.\n"

RULE = """\
code: BL491
status: stable
since: 0.1.0
severity: warning
scope: [prose]
summary: Says the deploy was rushed.
message: "“{match}” judges the deploy"
link: https://example.com/rushed
match:
  kind: phrase
  phrases: [rushed deploy]
  unless:
    - "%s"
doc:
  why: |
    A test rule.
examples:
  bad:
    - "It was a [[rushed deploy]]."
  good:
    - "The deploy took four minutes."
"""


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]):
    """Run ``blamelint check`` through ``main`` (where errors become messages); return (exit code, stderr)."""

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as info:
            main(["check", "--no-cache", *args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return int(info.value.code or 0), captured.err

    return run


def _project(tmp_path: Path, config: str) -> Path:
    (tmp_path / ".blamelint.yaml").write_text(config, encoding="utf-8")
    doc = tmp_path / "pm.md"
    doc.write_text(BLAME, encoding="utf-8")
    return doc


def _bomb(levels: int = 9) -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


@pytest.mark.parametrize(
    ("config", "where", "detail"),
    [
        ("select: [BL1\n", ":2", "invalid YAML"),
        ("preview: true\nseverity: {BL101: loud}\n", ":2", "severity.BL101"),
        ("preview: true\nno-such-key: 1\n", ":2", "unknown key"),
        ("max-file-size: -5\n", ":1", "positive whole number"),
        ("- just\n- a list\n", "", "must be a mapping"),
    ],
)
def test_malformed_config_names_file_and_line(check, tmp_path: Path, config: str, where: str, detail: str) -> None:
    doc = _project(tmp_path, config)
    code, err = check(str(doc))
    assert code == 2
    assert f"{tmp_path / '.blamelint.yaml'}{where}" in err and detail in err, err


def test_malformed_pyproject_names_the_file(check, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.blamelint]\nselect = [BL1\n", encoding="utf-8")
    (tmp_path / "pm.md").write_text(BLAME, encoding="utf-8")
    code, err = check(str(tmp_path / "pm.md"))
    assert code == 2 and str(tmp_path / "pyproject.toml") in err and "invalid TOML" in err and "line 2" in err, err


def test_yaml_bomb_in_config_is_refused_quickly(check, tmp_path: Path) -> None:
    doc = _project(tmp_path, _bomb() + "preview: true\n")
    code, err = check(str(doc))
    assert code == 2 and "alias bomb" in err and ".blamelint.yaml" in err, err


def test_yaml_bomb_in_rule_file_is_refused(check, tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (rules / "bomb.yml").write_text(_bomb() + RULE.replace('    - "%s"\n', "") , encoding="utf-8")
    doc = _project(tmp_path, "rule-folders: [rules]\n")
    code, err = check(str(doc))
    assert code == 2 and "alias bomb" in err and "bomb.yml" in err, err


def test_yaml_limits() -> None:
    with pytest.raises(YamlError, match="alias bomb"):
        load_with_lines(_bomb())
    assert load_with_lines(_bomb(levels=4))[0]["d"][0][0][0][0] == "lol"  # 9**4 nodes is below the limit
    with pytest.raises(YamlError, match="nesting|nested"):
        load_with_lines("a: " + "[" * 50_000 + "]" * 50_000)
    with pytest.raises(YamlError, match="larger than"):
        load_with_lines("a: " + "x" * 1_000_001)
    with pytest.raises(YamlError):
        load_with_lines("!!python/object/apply:os.system ['true']\n")
    assert 9**6 > MAX_YAML_NODES


def test_oversized_config_is_refused(check, tmp_path: Path) -> None:
    doc = _project(tmp_path, "# " + "x" * 300_000 + "\npreview: true\n")
    code, err = check(str(doc))
    assert code == 2 and "larger than" in err, err


def test_malformed_rule_file_names_file_and_line(check, tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (rules / "rushed.yml").write_text(RULE.replace('    - "%s"\n', "").replace("kind: phrase", "kind: phrases"), encoding="utf-8")
    doc = _project(tmp_path, "rule-folders: [rules]\n")
    code, err = check(str(doc))
    assert code == 2 and f"{rules / 'rushed.yml'}:10" in err and "match.kind" in err, err


@pytest.mark.parametrize("regex", ["(a+)+$", "(\\\\w*\\\\s?)*x", "(a|ab)*c", ".*a.*b.*c.*d.*e"])
def test_catastrophic_unless_regex_is_rejected_at_load(check, tmp_path: Path, regex: str) -> None:
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (rules / "rushed.yml").write_text(RULE % regex, encoding="utf-8")
    doc = _project(tmp_path, "rule-folders: [rules]\n")
    code, err = check(str(doc))
    assert code == 2 and f"{rules / 'rushed.yml'}:13" in err and "backtrack catastrophically" in err, err


def test_safe_unless_regex_loads_and_runs(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (rules / "rushed.yml").write_text(RULE % "\\\\bnot\\\\b[^.]{0,40}rushed", encoding="utf-8")
    doc = _project(tmp_path, "rule-folders: [rules]\n")
    doc.write_text("It was a rushed deploy.\n\nIt was not a rushed deploy.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "BL491", "--format", "json", str(doc)])
    assert result.exit_code == 1, result.output
    assert result.stdout.count('"code": "BL491"') == 1


def test_catastrophic_regex_token_constraint_is_rejected(check, tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    text = RULE.replace('  unless:\n    - "%s"\n', "").replace(
        "  kind: phrase\n  phrases: [rushed deploy]\n",
        "  kind: token\n  patterns:\n    - - {LOWER: rushed}\n      - {LOWER: {REGEX: \"^(d+)+$\"}}\n",
    )
    (rules / "rushed.yml").write_text(text, encoding="utf-8")
    doc = _project(tmp_path, "rule-folders: [rules]\n")
    code, err = check(str(doc))
    assert code == 2 and "rushed.yml:12" in err and "REGEX" in err and "backtrack" in err, err


def test_builtin_rules_pass_the_regex_check() -> None:
    for rule in load_rules():
        for pattern in rule.match.unless:
            assert backtracking_problem(pattern.pattern, pattern.flags) is None, (rule.code, pattern.pattern)


@pytest.mark.parametrize(
    ("regex", "safe"),
    [("(?:foo|bar)+", True), ("a+b+c*", True), ("(?:ab{2})+", True), (r"\bx\b[^.]{0,60}\by", True),
     ("(x+x+)+y", False), ("(?:x{1,3})+", False), ("(a|a)*", False)],
)
def test_regex_check_shapes(regex: str, safe: bool) -> None:
    assert (backtracking_problem(regex) is None) is safe


def test_unknown_rule_code_in_select_exits_2(check, tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text(BLAME, encoding="utf-8")
    code, err = check("--select", "BL999", str(doc))
    assert code == 2 and "BL999" in err, err
