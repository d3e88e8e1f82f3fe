"""The public API: ``__all__`` is honest and the entry points work as documented."""

from __future__ import annotations

from pathlib import Path

import blamelint


def test_all_names_exist_and_nothing_public_is_missing() -> None:
    for name in blamelint.__all__:
        assert hasattr(blamelint, name), name
    public = {n for n in dir(blamelint) if not n.startswith("_")}
    modules = {"api", "cli", "config", "document", "engine", "errors", "findings", "matching", "nlp", "people",
               "registry", "rule", "sections", "sources", "suppress", "yamlsafe", "output", "annotations",
               "prefilter", "cache", "parallel", "regexsafe", "fixes", "rewrite", "checks", "explainer", "structure"}
    assert public - modules - set(blamelint.__all__) == set()


def test_lint_text_and_path(tmp_path: Path) -> None:
    findings = blamelint.lint_text("The operator failed to notice the alert.")
    assert [f.code for f in findings] == ["BL101"]
    path = tmp_path / "pm.md"
    path.write_text("The deploy was pushed by Sarah without review.\n", encoding="utf-8")
    result = blamelint.lint_path(path)
    assert [f.code for f in result.findings] == ["BL102"]


def test_list_rules_has_docs() -> None:
    rules = blamelint.list_rules()
    assert all(rule.doc.why and rule.summary for rule in rules)
    assert {"BL101", "BL102", "BL201", "BL301"} <= {r.code for r in rules}


def test_load_config_and_system_names(tmp_path: Path) -> None:
    config_file = tmp_path / ".blamelint.yaml"
    config_file.write_text("system-names: [Priya]\n", encoding="utf-8")
    config = blamelint.load_config(str(config_file))
    assert blamelint.lint_text("Priya forgot to deliver the message.", config=config) == []
    assert [f.code for f in blamelint.lint_text("Priya forgot to deliver the message.")] == ["BL101"]


def test_config_edits_are_seen_without_restarting(tmp_path: Path) -> None:
    from blamelint.config import clear_caches, config_for

    config_file = tmp_path / ".blamelint.yaml"
    config_file.write_text("ignore: [BL101]\n", encoding="utf-8")
    target = tmp_path / "pm.md"
    assert config_for(target).ignore == ("BL101",)
    config_file.write_text("ignore: [BL102, BL201]\n", encoding="utf-8")
    assert config_for(target).ignore == ("BL102", "BL201")
    config_file.unlink()
    clear_caches()
    assert config_for(target).ignore == ()
