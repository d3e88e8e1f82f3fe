"""``--format sarif``: one SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers.

* ``tool.driver.rules`` lists every loaded rule (not only those that fired), sorted by code, so a
  result's ``ruleIndex`` is stable for a given rule set. Descriptors come from the rule YAML: ``id``
  is the code, ``name`` the rule name, ``shortDescription`` the summary, ``fullDescription`` ``doc.why``,
  ``help`` the why text plus limitations, ``helpUri`` the rule's page under ``docs/rules/``.
* Levels: error → ``error``, warning → ``warning``, info → ``note``.
* Locations: ``artifactLocation.uri`` is relative to ``%SRCROOT%`` (the working directory, given in
  ``originalUriBaseIds``) when the file is inside it, otherwise an absolute ``file://`` URI. Regions use
  blamelint's own positions: 1-based lines and 1-based columns counted in **Unicode code points**, so
  the run declares ``columnKind: unicodeCodePoints`` (SARIF's default would be UTF-16 code units).
  ``endColumn`` is exclusive, as in SARIF and in blamelint's half-open ranges.
* ``fixes``: only the finding fixes that carry edits become SARIF fixes (a fix with no edits is
  advice, kept in the message's help instead). Each edit is a ``replacement`` of ``deletedRegion``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..findings import Finding, Range, Severity

if TYPE_CHECKING:
    from ..engine import LintResult
    from ..registry import RuleSet
    from ..rule import Rule
    from . import RenderOptions

__all__ = ["HELP_URI", "INFORMATION_URI", "SCHEMA_URI", "artifact_uri", "render", "to_sarif"]

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/blamelint/blamelint"
HELP_URI = "https://github.com/blamelint/blamelint/blob/main/docs/rules/{name}.md"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _level(severity: Severity | str) -> str:
    return LEVELS[Severity(severity)]


def artifact_uri(path: str, root: str | None = None) -> tuple[str, bool]:
    """Return ``(uri, relative)`` for a reported path: relative to ``root`` (default: cwd) when inside it."""
    if path == "-":
        return "stdin", True
    base = Path(root or os.getcwd()).resolve()
    target = Path(path)
    absolute = (target if target.is_absolute() else base / target).resolve()
    try:
        rel = absolute.relative_to(base)
    except ValueError:
        return absolute.as_uri(), False
    return quote(PurePosixPath(*rel.parts).as_posix(), safe="/"), True


def _region(rng: Range) -> dict[str, int]:
    region = {
        "startLine": rng.start.line,
        "startColumn": rng.start.column,
        "endLine": rng.end.line,
        "endColumn": rng.end.column,
    }
    if (region["endLine"], region["endColumn"]) < (region["startLine"], region["startColumn"]):
        region["endLine"], region["endColumn"] = region["startLine"], region["startColumn"]
    return region


def _location(uri: str, relative: bool) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": uri}
    if relative:
        location["uriBaseId"] = SRCROOT
    return location


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_uri = HELP_URI.format(name=rule.name)
    why = rule.doc.why.strip()
    help_text = why + (f"\n\nLimitations: {rule.doc.limitations.strip()}" if rule.doc.limitations.strip() else "")
    help_markdown = f"**{rule.summary}**\n\n{why}"
    if rule.doc.limitations.strip():
        help_markdown += f"\n\n*Limitations:* {rule.doc.limitations.strip()}"
    help_markdown += f"\n\n[{rule.code} {rule.name}]({help_uri})"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": why or rule.summary},
        "help": {"text": help_text or rule.summary, "markdown": help_markdown},
        "helpUri": help_uri,
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"category": rule.category, "status": rule.status, "tags": [rule.category]},
    }


def _result(finding: Finding, index: dict[str, int], root: str | None) -> dict[str, Any]:
    uri, relative = artifact_uri(finding.path, root)
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result["level"] = _level(finding.severity)
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {"physicalLocation": {"artifactLocation": _location(uri, relative), "region": _region(finding.range)}}
    ]
    fixes = [
        {
            "description": {"text": fix.title},
            "artifactChanges": [
                {
                    "artifactLocation": _location(uri, relative),
                    "replacements": [
                        {"deletedRegion": _region(edit.range), "insertedContent": {"text": edit.replacement}}
                        for edit in fix.edits
                    ],
                }
            ],
        }
        for fix in finding.fixes
        if fix.edits
    ]
    if fixes:
        result["fixes"] = fixes
    result["properties"] = {"rule": finding.rule, "category": finding.category, "section": finding.section}
    return result


def to_sarif(results: Sequence[LintResult], rules: RuleSet, version: str, root: str | None = None) -> dict[str, Any]:
    """Return the SARIF log as a JSON-ready dict (``root`` is the base of relative URIs; default cwd)."""
    descriptors = [_descriptor(rule) for rule in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    driver: dict[str, Any] = {"name": "blamelint", "informationUri": INFORMATION_URI, "rules": descriptors}
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    base = Path(root or os.getcwd()).resolve().as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": base}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, root) for result in results for f in result.findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[LintResult], rules: RuleSet, options: RenderOptions) -> str:
    """Return the SARIF log as indented JSON."""
    return json.dumps(to_sarif(results, rules, options.version), indent=2, ensure_ascii=False) + "\n"
