"""docs/rules/ is generated from the rule files and must be up to date (STYLE §4.9, ruff generate_docs)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _gen_docs()
RULES = gen_docs.load_builtin_rules()


def test_docs_rules_are_up_to_date(tmp_path: Path) -> None:
    generated = gen_docs.generate(tmp_path)
    on_disk = {p.name for p in DOCS.glob("*.md")}
    assert on_disk == set(generated), (
        f"docs/rules/ differs from the rule files (missing: {sorted(set(generated) - on_disk)}, "
        f"extra: {sorted(on_disk - set(generated))}); run: python scripts/gen_docs.py"
    )
    stale = [name for name, text in generated.items() if (DOCS / name).read_text(encoding="utf-8") != text]
    assert not stale, f"stale pages {stale}; run: python scripts/gen_docs.py"


def test_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    gen_docs.generate(tmp_path)
    page = tmp_path / f"{RULES[0].name}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    (tmp_path / "retired-rule.md").write_text("old", encoding="utf-8")
    problems = gen_docs.stale_files(tmp_path)
    assert any(p.startswith(f"{RULES[0].name}.md: stale") for p in problems)
    assert any(p.startswith("retired-rule.md") for p in problems)
    assert gen_docs.main(["--check", "--out", str(tmp_path)]) == 1
    gen_docs.generate(tmp_path)
    assert gen_docs.stale_files(tmp_path) == []
    assert not (tmp_path / "retired-rule.md").exists()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_has_the_fixed_sections(rule) -> None:
    page = gen_docs.render_rule(rule)
    assert next(line for line in page.splitlines() if line.startswith("# ")) == f"# {rule.name} ({rule.code})"
    for heading in ("## What it flags", "## Why it matters", "## Example", "## Instead", "## Reference"):
        assert heading in page, (rule.code, heading)
    assert f"since** {rule.since}" in page
    assert f"blob/main/rules/{rule.category}/{rule.name}.yml" in page
    if rule.fix is not None and rule.fix.applicability.value != "safe":
        assert "## Fix safety" in page
    if rule.doc.limitations:
        assert "## Known limitations" in page


def test_index_groups_every_rule_by_category() -> None:
    index = gen_docs.render_index(RULES)
    headings = re.findall(r"^## (\S+) \(BL(\d)xx\)$", index, re.MULTILINE)
    assert [int(d) for _, d in headings] == sorted(int(d) for _, d in headings)
    for rule in RULES:
        assert f"| {rule.code} | [{rule.name}]({rule.name}.md) |" in index
        section = index.split(f"## {rule.category} (")[1].split("\n## ")[0]
        assert rule.code in section, f"{rule.code} is listed outside its category"
    assert "🧪 preview" in index or all(r.status != "preview" for r in RULES)


def test_readme_links_the_index_and_does_not_copy_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/rules/index.md" in readme
    assert "| code | name | summary |" not in readme
