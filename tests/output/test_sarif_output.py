"""``--format sarif``: real CLI output validates against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from blamelint.output import FORMATS, RenderOptions
from blamelint.output.sarif import HELP_URI, to_sarif
from blamelint.registry import load_rules

from output_helpers import HOSTILE_NAME, run_cli

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.fixture(scope="module")
def sarif(cli_output) -> dict:
    return json.loads(cli_output("sarif").stdout)


@pytest.fixture(scope="module")
def findings(cli_output) -> list[dict]:
    return json.loads(cli_output("json").stdout)["findings"]


def test_real_output_is_valid_sarif(sarif: dict, validator: jsonschema.Draft4Validator) -> None:
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1


def test_validator_rejects_a_broken_log(sarif: dict, validator: jsonschema.Draft4Validator) -> None:
    broken = copy.deepcopy(sarif)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    messages = {e.message for e in validator.iter_errors(broken)}
    assert any("'fatal' is not one of" in m for m in messages)
    assert any("'name' is a required property" in m for m in messages)


def test_driver_and_rule_descriptors(sarif: dict) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "blamelint"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    rules = {r.code: r for r in load_rules()}
    assert [d["id"] for d in driver["rules"]] == sorted(rules)
    for descriptor in driver["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.doc.why.strip()
        assert descriptor["helpUri"] == HELP_URI.format(name=rule.name)
        assert descriptor["help"]["text"]
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert descriptor["defaultConfiguration"]["level"] == level


def test_results_match_the_json_findings(sarif: dict, findings: list[dict]) -> None:
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    results = run["results"]
    assert len(results) == len(findings) >= 4
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings):
        assert result["ruleId"] == finding["code"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == finding["code"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        start, end = finding["range"]["start"], finding["range"]["end"]
        assert location["region"] == {
            "startLine": start["line"],
            "startColumn": start["column"],
            "endLine": end["line"],
            "endColumn": end["column"],
        }


def test_uris_are_relative_and_percent_encoded(sarif: dict) -> None:
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "postmortems/blame.md" in uris
    assert "postmortems/we%2Cird%3A%20100%25.md" in uris
    assert not any(HOSTILE_NAME in u for u in uris)


def test_fixes_only_for_findings_with_edits(sarif: dict, findings: list[dict]) -> None:
    for result, finding in zip(sarif["runs"][0]["results"], findings):
        with_edits = [f for f in finding["fixes"] if f["edits"]]
        if not with_edits:
            assert "fixes" not in result
            continue
        assert len(result["fixes"]) == len(with_edits)
        replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
        edit = with_edits[0]["edits"][0]
        assert replacement["insertedContent"]["text"] == edit["replacement"]
        assert replacement["deletedRegion"]["startColumn"] == edit["range"]["start"]["column"]
    assert any("fixes" in r for r in sarif["runs"][0]["results"]), "the corpus should produce a fix with edits"


def test_columns_count_code_points(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    # An astral character (2 UTF-16 units) before the finding: the column counts it once.
    (tmp_path / "pm.md").write_text("# Incident\n\n## Summary\n\n🔥 John forgot to run the migration.\n", encoding="utf-8")
    proc = run_cli("check", "pm.md", "--format", "sarif", cwd=tmp_path)
    log = json.loads(proc.stdout)
    assert not list(validator.iter_errors(log))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 3  # "🔥", " ", then "John" at code point 3


def test_paths_outside_the_root_are_absolute_file_uris(make_result, validator, tmp_path: Path) -> None:
    result = make_result(path="/elsewhere/pm.md", replacement="new, text")
    log = to_sarif([result], load_rules(), "1.2.3", root=str(tmp_path))
    assert not list(validator.iter_errors(log))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///elsewhere/pm.md"}
    assert log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["artifactLocation"] == location


def test_info_is_note_and_empty_run_is_valid(make_result, validator) -> None:
    render = FORMATS["sarif"]
    log = json.loads(render([make_result(severity="info")], load_rules(), RenderOptions(version="0.1.0")))
    assert log["runs"][0]["results"][0]["level"] == "note"
    empty = json.loads(render([], load_rules(), RenderOptions(version="0.1.0")))
    assert empty["runs"][0]["results"] == []
    assert not list(validator.iter_errors(log)) and not list(validator.iter_errors(empty))
