"""``--format json``: one object ``{"version": 1, "findings": [...]}`` (docs/output-schema.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import JSON_SCHEMA_VERSION

if TYPE_CHECKING:
    from ..engine import LintResult
    from ..registry import RuleSet
    from . import RenderOptions


def render(results: Sequence[LintResult], rules: RuleSet, options: RenderOptions) -> str:
    """Return the findings of every result as one JSON document."""
    findings = [f.to_dict() for result in results for f in result.findings]
    return json.dumps({"version": JSON_SCHEMA_VERSION, "findings": findings}, indent=2, ensure_ascii=False) + "\n"
