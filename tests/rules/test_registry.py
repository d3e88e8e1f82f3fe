"""Invariants every rule file keeps (flake8/proselint/ruff registry tests)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blamelint.errors import RuleFileError
from blamelint.registry import builtin_rules_dir, load_rules
from blamelint.rule import CATEGORIES, load_rule_file

RULES = list(load_rules())


def test_codes_are_unique_and_match_their_category() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert int(rule.code[2]) == CATEGORIES[rule.category], rule.code


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples_link_and_docs(rule) -> None:
    assert rule.bad and rule.good
    assert rule.link.startswith("https://")
    assert rule.doc.why.strip()
    assert not re.match(r"^(avoid|no|use|prefer|consider|do-not)-", rule.name)
    if rule.fix is not None and rule.fix.applicability.value != "safe":
        assert rule.doc.fix_safety.strip()


def test_rules_are_discovered_not_listed() -> None:
    files = sorted(p.stem for p in builtin_rules_dir().glob("*/*.yml"))
    assert sorted(r.name for r in RULES) == files


def _write(tmp_path: Path, category: str, name: str, body: str) -> Path:
    folder = tmp_path / category
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """\
code: BL499
status: preview
since: 0.1.0
severity: info
summary: A test rule.
message: "“{match}” is a test"
link: https://example.org/rule
match:
  kind: phrase
  phrases: [frobnicate]
doc:
  why: Because.
examples:
  bad: ["We [[frobnicate]] it."]
  good: ["We fix it."]
"""


def test_valid_rule_loads(tmp_path: Path) -> None:
    rule = load_rule_file(_write(tmp_path, "judgment", "frobnicate", GOOD_RULE))
    assert rule.code == "BL499" and rule.category == "judgment"


@pytest.mark.parametrize(
    ("edit", "message", "line"),
    [
        (("severity: info", "severity: info\nseverty: info"), "unknown key 'severty'", 5),
        (("summary: A test rule.\n", ""), "missing required field 'summary'", None),
        (("code: BL499", "code: BL199"), "does not match category", 1),
        (('message: "“{match}” is a test"', 'message: "“{nope}” is a test"'), "unknown placeholder", 6),
        (('message: "“{match}” is a test"', 'message: "You wrote {match}"'), "not address the writer", 6),
        (("bad: [\"We [[frobnicate]] it.\"]", "bad: [\"We frobnicate it.\"]"), "marks its expected finding", 14),
        (("kind: phrase", "kind: regex"), "match.kind must be one of", 9),
    ],
)
def test_invalid_rule_names_file_and_line(tmp_path: Path, edit, message, line) -> None:
    body = GOOD_RULE.replace(*edit)
    path = _write(tmp_path, "judgment", "frobnicate", body)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    if line is not None:
        assert info.value.line == line, str(info.value)


def test_pattern_that_does_not_compile_names_file(tmp_path: Path) -> None:
    body = GOOD_RULE.replace(
        "  kind: phrase\n  phrases: [frobnicate]",
        "  kind: token\n  patterns:\n    - - {LOWER: frobnicate, NOT_AN_ATTR: 1}",
    )
    _write(tmp_path, "judgment", "frobnicate", body)
    from blamelint import Config, Linter

    linter = Linter(Config(rule_folders=(str(tmp_path),)))
    with pytest.raises(RuleFileError) as info:
        linter.compiled  # noqa: B018 - compiling is the point
    assert "frobnicate.yml:11" in str(info.value)


def test_duplicate_code_is_an_error(tmp_path: Path) -> None:
    body = GOOD_RULE.replace("BL499", "BL101").replace("judgment", "attribution")
    _write(tmp_path, "attribution", "frobnicate", body)
    with pytest.raises(RuleFileError, match="duplicate code BL101"):
        load_rules([tmp_path])


def test_extra_rule_folder_adds_rules(tmp_path: Path) -> None:
    _write(tmp_path, "judgment", "frobnicate", GOOD_RULE)
    from blamelint import Config, Linter

    linter = Linter(Config(rule_folders=(str(tmp_path),), select=("BL499",), preview=True))
    assert [f.code for f in linter.lint_text("We frobnicate it.")] == ["BL499"]


def test_every_category_folder_has_a_readme() -> None:
    folders = {p.parent for p in builtin_rules_dir().glob("*/*.yml")}
    missing = sorted(f.name for f in folders if not (f / "README.md").is_file())
    assert not missing, f"category folders without README.md: {missing}"
